"""Hypothesis strategies for logs of every kind, generated whole and then mutated.

Each strategy draws a ``(relative path, bytes)`` pair: a real-looking log of one kind (run
log, session summary, error registry, execution and exception logs, design-experiment.log,
episodes JSON and JSONL, orchestrator JSONL, a run directory's metrics.json and
logs_summary.txt) passed through :func:`mutated`, which deletes, duplicates and swaps lines,
splices in hostile snippets (escape sequences, brackets, fences, pipes, huge numbers, line
separators) and flips bytes.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from tests.hostile.corpus import BIG, ESCAPES

#: Text an agent or a terminal might leave in a log.
SNIPPETS = [
    ESCAPES, "[" * 300, "](" * 100, "```", "````markdown", "~~~", "|", "| a | b |", "|---|---|", "---", "#", "## ", "> " * 50, "- " * 50,
    "**Status:**", "**Time:** 25:61", "ERR-", "ERR-001", "\t", "\r", "\r\n", "\u2028", "\x85", "\x0c", "\ufeff", "\x00", BIG[:30], BIG,
    "1,000,000", "$0.00", "~1.2k", "<!-- runlog-disable RL101 -->", "<!--", "-->", "<script>", "%2e%2e/", "../../etc/passwd", "/etc/passwd",
    "{", "}", "[", "]", '"', "\\", "null", "NaN", "1e999", "-0", "é", "\U0001f600", "\u202e", "\u200b",
]

WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
PLAIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFG0123456789-_:./", max_size=30)
NUMBER = st.one_of(st.integers(0, 10**7).map(str), st.integers(0, 10**7).map(lambda n: f"{n:,}"), st.sampled_from(["", "-1", "~12k", BIG[:25], "0.5", "N/A"]))
TIME = st.one_of(st.from_regex(r"\A[0-2][0-9]:[0-5][0-9]\Z"), st.sampled_from(["25:99", "", "9:5", "12:00:00"]))
DATE = st.one_of(st.dates().map(lambda d: d.isoformat()), st.sampled_from(["2026-02-30", "2026-13-01", "", "yesterday"]))
TEXT = st.one_of(PLAIN, WORDS, st.sampled_from(SNIPPETS))


@st.composite
def run_log(draw: st.DrawFn) -> str:
    steps = []
    for n in range(1, draw(st.integers(0, 4)) + 1):
        steps.append(f"## Step {draw(st.sampled_from([n, n, n + 1, 0]))}: {draw(TEXT)}\n**Time:** {draw(TIME)}\n**Action:** {draw(TEXT)}\n**Result:** {draw(TEXT)}\n")
    rows = "".join(f"| {draw(TIME)} | {draw(TEXT)} | {draw(TEXT)} | {draw(TEXT)} |\n" for _ in range(draw(st.integers(0, 3))))
    parts = {m: draw(NUMBER) for m in ("Input Tokens", "Output Tokens", "Total Tokens")}
    rate = draw(st.sampled_from(["5", "3", "0.40", BIG[:25], ""]))
    return (
        f"# Run Log: {draw(TEXT)}\n**Started:** {draw(DATE)} {draw(TIME)}\n**Mode:** {draw(st.sampled_from(['1', '2 - Draft', '9', '']))}\n"
        f"**Status:** {draw(st.sampled_from(['Completed', 'In Progress', 'Failed', 'Done', '']))}\n\n---\n\n" + "\n---\n\n".join(steps)
        + f"\n## Errors Encountered\n| Time | Error | Context | Resolution |\n|------|-------|---------|------------|\n{rows}\n"
        f"## Final Status\n**Completed:** {draw(st.sampled_from(['Yes', 'No', 'Maybe']))}\n**Conversations Processed:** {draw(NUMBER)}\n\n"
        "## Token Usage\n| Metric | Count |\n|--------|-------|\n" + "".join(f"| {k} | {v} |\n" for k, v in parts.items())
        + f"| Estimated Cost | ${draw(NUMBER)} |\n\n*Cost calculated at: Input ${rate}/1M, Output $25/1M ({draw(st.sampled_from(['Claude Opus 4.5', 'gpt-4.1', 'Nope']))})*\n"
    )


@st.composite
def session_summary(draw: st.DrawFn) -> str:
    return (
        f"# Support Bot Session - {draw(DATE)} (Session {draw(NUMBER)})\n\n## Session Info\n- **Date:** {draw(DATE)}\n- **Mode:** {draw(TEXT)}\n"
        f"- **Duration:** {draw(NUMBER)} minutes\n\n## Summary\n{draw(TEXT)}\n\n## Changes Made\n- {draw(TEXT)}\n\n## Next Steps\n1. {draw(TEXT)}\n"
    )


@st.composite
def registry(draw: st.DrawFn) -> str:
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        number = draw(st.sampled_from(["001", "002", "002", "010", "XXX", BIG[:10]]))
        entries.append(
            f"### ERR-{number}: {draw(TEXT)}\n| Field | Value |\n|-------|-------|\n| **ID** | ERR-{number} |\n"
            f"| **Status** | {draw(st.sampled_from(['OPEN', 'RESOLVED', 'IN_PROGRESS', 'open', 'WONTFIX']))} |\n"
            f"| **Severity** | {draw(st.sampled_from(['HIGH', 'LOW', 'CRITICAL', '']))} |\n| **First Seen** | {draw(DATE)} {draw(TIME)} |\n"
            f"| **Run Log** | {draw(st.sampled_from(['`2026-03-02_09-30_draft-replies-1.md`', '../../etc/passwd', '%2e%2e/x.md', '/etc/passwd', '']))} |\n\n"
            f"**Error Message:**\n```\n{draw(TEXT)}\n```\n\n---\n"
        )
    active, resolved = draw(NUMBER), draw(NUMBER)
    return f"# Error Registry\n\n> Last Updated: {draw(DATE)}\n> Active Errors: {active} | Resolved: {resolved}\n\n## Active Errors (OPEN / IN_PROGRESS)\n\n" + "".join(entries) + "\n## Recently Resolved\n"


@st.composite
def execution_log(draw: st.DrawFn) -> str:
    return (
        f"# Execution Log: {draw(TEXT)}\n**Timestamp:** {draw(st.sampled_from(['2026-01-10T14:30:00Z', '2026-99-99T00:00:00Z', BIG[:40], '']))}\n"
        f"**ENV:** {draw(st.sampled_from(['dev', 'prod', 'moon']))}\n**RISK:** {draw(st.sampled_from(['low', 'high', '']))}\n"
        f"**STATE Transition:** {draw(st.sampled_from(['PLAN → DRAFT', 'A -> B', '->', '']))}\n\n## Task\n{draw(TEXT)}\n\n## Tools Used\n- {draw(TEXT)}\n\n"
        f"## Outcome\n{draw(st.sampled_from(['Success', 'Partial', 'Failed', 'Meh']))}\n\n## Issues\n{draw(TEXT)}\n\n## Contract Gaps\n{draw(TEXT)}\n"
    )


@st.composite
def exception_log(draw: st.DrawFn) -> str:
    return (
        f"# Exception: {draw(TEXT)}\n**Timestamp:** {draw(st.sampled_from(['2026-01-10T14:30:00Z', 'never']))}\n**Severity:** {draw(st.sampled_from(['warning', 'error', 'critical', 'x']))}\n"
        f"**ENV:** dev\n\n## What Happened\n{draw(TEXT)}\n\n## Root Cause\n{draw(TEXT)}\n\n## Proposed Fix\n{draw(TEXT)}\n"
    )


@st.composite
def design_experiment(draw: st.DrawFn) -> str:
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        action = draw(st.sampled_from(["VERIFY_MODEL", "CALCULATE_TIME", "COMPLETE", "DECIDE_NAMING", "BOGUS", ""]))
        details = "".join(f"{key}: {draw(TEXT)}\n" for key in draw(st.lists(st.sampled_from(["Command", "Result", "Explanation", "Input", "Calculation", "Status", "Other"]), max_size=4)))
        entries.append(f"[{draw(DATE)} {draw(TIME)}:{draw(st.sampled_from(['00', '59', '99']))}] {action}: {draw(TEXT)}\n{details}")
    return "\n".join(entries)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=20,
)


@st.composite
def step_record(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = {
        "tool": draw(st.one_of(st.just("bash"), JSON_VALUES)),
        "action": draw(st.one_of(st.just("ls"), JSON_VALUES)),
        "latency_ms": draw(st.one_of(st.integers(-5, 10**25), JSON_VALUES)),
        "success": draw(st.one_of(st.booleans(), JSON_VALUES)),
        "observation": draw(st.one_of(st.just("ok"), JSON_VALUES)),
    }
    if draw(st.booleans()):
        record["timestamp"] = draw(st.one_of(st.just("2026-03-02T10:00:00Z"), JSON_VALUES))
    if draw(st.booleans()):
        record[draw(st.text(max_size=8))] = draw(JSON_VALUES)
    return record


@st.composite
def episode(draw: st.DrawFn) -> str:
    doc = {"episode_id": draw(st.text(max_size=10)), "steps": draw(st.lists(step_record(), max_size=4))}
    if draw(st.booleans()):
        doc["steps"] = draw(JSON_VALUES)
    return json.dumps(doc, ensure_ascii=draw(st.booleans()))


@st.composite
def jsonl(draw: st.DrawFn) -> str:
    records = draw(st.lists(st.one_of(step_record(), JSON_VALUES), max_size=5))
    return "\n".join(json.dumps(r) for r in records) + draw(st.sampled_from(["", "\n", "\n\n", "\n{"]))


@st.composite
def orchestrator(draw: st.DrawFn) -> str:
    records = [
        {"agent": draw(TEXT), "phase": draw(TEXT), "round": draw(st.integers(-1, 5)), "gate": draw(st.sampled_from(["YES", "NO", "maybe"])), "timestamp": draw(st.sampled_from(["2026-03-02T10:00:00Z", "later"]))}
        for _ in range(draw(st.integers(0, 4)))
    ]
    return "\n".join(json.dumps(r) for r in records) + "\n"


@st.composite
def metrics(draw: st.DrawFn) -> str:
    steps = [{"step": draw(st.integers(-1, 10)), "tokens_in": draw(st.integers(0, 10**12)), "tokens_out": draw(st.integers(0, 10**6)), "api_calls": draw(st.integers(0, 9))} for _ in range(draw(st.integers(0, 3)))]
    doc: dict[str, Any] = {"run_id": draw(st.text(max_size=8)), "steps": steps}
    if draw(st.booleans()):
        doc["aggregate_metrics"] = {"TOK_IN": draw(st.integers(0, 10**12)), "TOK_OUT": draw(JSON_VALUES), "API_CALLS": draw(st.integers(0, 99))}
    return json.dumps(doc)


@st.composite
def logs_summary(draw: st.DrawFn) -> str:
    steps = "".join(
        f"Step {n:03d}: {draw(st.sampled_from(['SUCCESS', 'FAILED', 'x']))} (duration: 4m 27s, retries: 0)\n  - API Calls: {draw(NUMBER)}\n"
        f"  - Tokens (prompt/completion/total): {draw(NUMBER)} / {draw(NUMBER)} / {draw(NUMBER)}\n\n"
        for n in range(1, draw(st.integers(0, 3)) + 1)
    )
    bar = "=" * 80
    return f"{bar}\nEXPERIMENT RUN SUMMARY\n{bar}\nRun ID: {draw(TEXT)}\n\n{bar}\nSTEP EXECUTION SUMMARY\n{bar}\n{steps}Total Tokens: {draw(NUMBER)}\nTotal API Calls: {draw(NUMBER)}\n"


RUN = "runs/chatdev/02e05362-a8be-478b-b702-2c1d6cec5456"

#: Kind label -> (path in the repository, strategy of its text).
KINDS: dict[str, tuple[str, st.SearchStrategy[str]]] = {
    "run-log": ("run-logs/2026-03-02_09-30_draft-replies-1.md", run_log()),
    "session-summary": ("sessions/2026-03-02-session-1.md", session_summary()),
    "error-registry": ("error-registry.md", registry()),
    "execution-log": ("claude-executions/2026-01-10-task-42.md", execution_log()),
    "exception-log": ("claude-executions/exceptions/2026-01-10-exc-1.md", exception_log()),
    "design-experiment": ("exp/design-experiment.log", design_experiment()),
    "episode-json": ("episodes/e1.json", episode()),
    "episode-jsonl": ("episodes/e1.jsonl", jsonl()),
    "orchestrator-log": ("tasks/run/orchestrator-log.jsonl", orchestrator()),
    "run-metrics": (f"{RUN}/metrics.json", metrics()),
    "run-summary": (f"{RUN}/summary/logs_summary.txt", logs_summary()),
}


@st.composite
def mutated(draw: st.DrawFn, text: st.SearchStrategy[str]) -> bytes:
    """``text`` with up to six random edits: line deletion, duplication, swap, a hostile
    snippet spliced in at a random place, a byte flip, a changed line ending or encoding."""
    lines = draw(text).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            lines = [""]
        where = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "splice", "splice", "truncate"]))
        if edit == "delete":
            del lines[where]
        elif edit == "duplicate":
            lines.insert(where, lines[where])
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[where], lines[other] = lines[other], lines[where]
        elif edit == "splice":
            column = draw(st.integers(0, len(lines[where])))
            lines[where] = lines[where][:column] + draw(st.one_of(st.sampled_from(SNIPPETS), WORDS)) + lines[where][column:]
        else:
            lines = lines[: where + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    data = newline.join(lines).encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"])), "replace")
    if data and draw(st.integers(0, 9)) == 0:
        index = draw(st.integers(0, len(data) - 1))
        data = data[:index] + bytes([draw(st.integers(0, 255))]) + data[index + 1 :]
    return data


def any_log() -> st.SearchStrategy[tuple[str, str, bytes]]:
    """(kind label, repository-relative path, mutated bytes) for any kind."""
    return st.sampled_from(sorted(KINDS)).flatmap(lambda label: mutated(KINDS[label][1]).map(lambda data: (label, KINDS[label][0], data)))


# --- Markdown structure (issue 12): the block constructs the document model reads, nested in
# lists and quotes, for the differential test of hooks.parse.markdown against markdown-it-py. ---

#: Short texts for fields, cells and headings: plain, markdown punctuation, and the hostile few.
MD_TEXT = st.one_of(
    PLAIN,
    st.sampled_from(["x", "a b", "`code | pipe`", "a \\| b", "\\\\|", "**bold**", "_u_", "<!-- c -->", "# not", "- no", "1. no", "[x]", "](", "\\", "é ü", "\u00a0", "\u2028", "\x0b", "\x85", "<span>", "~~~", "```"]),
    WORDS,
)
_INDENT = st.sampled_from(["", "", "", " ", "  ", "   ", "    ", "\t", " \t"])
_CLOSE_HASHES = st.sampled_from(["", "", " #", " ##", "#", " # ", "\t#"])


@st.composite
def _md_heading(draw: st.DrawFn) -> list[str]:
    hashes = "#" * draw(st.integers(1, 7))
    return [draw(_INDENT) + hashes + draw(st.sampled_from([" ", " ", "  ", "\t", ""])) + draw(MD_TEXT) + draw(_CLOSE_HASHES)]


@st.composite
def _md_field(draw: st.DrawFn) -> str:
    key = draw(st.sampled_from(["Status", "Started", "Mode", "Time", "API Call", "Key", " Spaced ", "x" * 61]))
    form = draw(st.sampled_from(["**{k}:** {v}", "**{k}**: {v}", "**{k}** : {v}", "{k}: {v}", "- **{k}:** {v}", "**{k}:**{v}", "**{k}:**", "{v} **{k}:** {v}"]))
    return draw(_INDENT) + form.format(k=key, v=draw(MD_TEXT)) + draw(st.sampled_from(["", "", "  ", " \t", "\\"]))


@st.composite
def _md_paragraph(draw: st.DrawFn) -> list[str]:
    return draw(st.lists(st.one_of(_md_field(), MD_TEXT.map(lambda t: t or "text"), st.just("text <!-- inline comment --> more")), min_size=1, max_size=5))


@st.composite
def _md_setext(draw: st.DrawFn) -> list[str]:
    return draw(_md_paragraph()) + [draw(_INDENT) + draw(st.sampled_from(["===", "---", "=", "-", "--- -", "== =", "---  "]))]


@st.composite
def _md_fence(draw: st.DrawFn) -> list[str]:
    char = draw(st.sampled_from(["`", "~"]))
    width = draw(st.integers(3, 5))
    info = draw(st.sampled_from(["", "markdown", "md", "MD", "python", "a`b", " markdown", "text x"]))
    opener = draw(_INDENT) + char * width + info
    body = draw(st.lists(st.one_of(MD_TEXT, _md_field(), st.sampled_from(["```", "```python", "~~~", "````", "**Error:**", "## In fence", "| a | b |"])), max_size=5))
    closer = draw(st.sampled_from([[char * width], [char * (width + 1)], [" " + char * width + "  "], [], [char * (width - 1)], ["    " + char * width]]))
    return [opener, *body, *closer]


@st.composite
def _md_code(draw: st.DrawFn) -> list[str]:
    lines = draw(st.lists(MD_TEXT, min_size=1, max_size=3))
    return [draw(st.sampled_from(["    ", "     ", "\t", "  \t"])) + line for line in lines]


@st.composite
def _md_table(draw: st.DrawFn) -> list[str]:
    width = draw(st.integers(1, 4))
    edge = draw(st.sampled_from([("|", "|"), ("", ""), ("|", ""), ("", "|"), (" | ", " |")]))

    def row(cells: list[str]) -> str:
        return edge[0] + " | ".join(cells) + edge[1]

    delimiter_cell = st.sampled_from(["---", ":--", "--:", ":-:", "-", "- -", "", "x", "---:"])
    header = row([draw(MD_TEXT) for _ in range(width)])
    delimiter = row([draw(delimiter_cell) for _ in range(draw(st.sampled_from([width, width, width + 1, max(1, width - 1)])))])
    rows = [row([draw(MD_TEXT) for _ in range(draw(st.integers(0, width + 2)))]) for _ in range(draw(st.integers(0, 4)))]
    return [draw(_INDENT) + header, draw(_INDENT) + delimiter, *rows, *draw(st.sampled_from([[], [], ["no pipe row"], ["# heading ends it"], ["> quote"]]))]


@st.composite
def _md_html(draw: st.DrawFn) -> list[str]:
    return draw(
        st.sampled_from(
            [
                ["<!-- runlog-disable RL101 -->"],
                ["<!-- one", "two -->", "after"],
                ["<!--", "**Status:** hidden", "-->"],
                ["<div>", "**Status:** in div", "</div>"],
                ["<script>", "x", "</script>"],
                ["<?php x ?>"],
                ["<![CDATA[ x ]]>"],
                ["<!DOCTYPE html>"],
                ["<span>", "**Status:** after span"],
                ["<!-- a --> <!-- b -->"],
                ["<table><tr><td>x</td></tr></table>"],
            ]
        )
    )


@st.composite
def _md_leaf(draw: st.DrawFn) -> list[str]:
    return draw(
        st.one_of(
            _md_heading(),
            _md_paragraph(),
            _md_paragraph(),
            _md_setext(),
            _md_fence(),
            _md_code(),
            _md_table(),
            _md_html(),
            st.sampled_from([["---"], ["***"], ["_ _ _"], ["- - -"], ["* * *"], ["--"], [""], ["   "], ["\t"], ["[ref]: /url"], ["[a]", "[b]: <c>"]]),
        )
    )


def _md_block(depth: int) -> st.SearchStrategy[list[str]]:
    """Lines of one block: a leaf, or a list item or block quote holding blocks (``depth`` levels at most)."""
    if depth == 0:
        return _md_leaf()
    return st.one_of(_md_leaf(), _md_leaf(), _md_container(depth))


@st.composite
def _md_container(draw: st.DrawFn, depth: int) -> list[str]:
    marker = draw(st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "10. ", "> ", ">", "> > ", "-   ", "-\t", "-     "]))
    inner = [line for block in draw(st.lists(_md_block(depth - 1), min_size=1, max_size=3)) for line in block + draw(st.sampled_from([[], [""]]))]
    continuation = draw(st.sampled_from(["  ", "   ", "", "> ", "    ", "\t"]))  # "" makes lazy lines
    items = draw(st.integers(1, 3))
    lines: list[str] = []
    for _ in range(items):
        lines += [marker + inner[0], *(continuation + line if line else line for line in inner[1:])]
    return lines


#: Tops of logs: none, YAML front matter (after comment lines too), and look-alikes that are not.
_FRONT_MATTER: list[list[str]] = [
    [], [], [],
    ["---", "status: done", "started: 2026-01-05 10:00", "tags: [a, b]", "---"],
    ["# generated: 2026-03-04", "---", "mode: 2", "notes: |", "  two", "  lines", "---"],
    ["---", "not: [closed", "---"],
    ["---", "Just prose, no key", "---"],
    ["# Title", "---", "key: value"],
    ["---", "---"],
]


@st.composite
def markdown_document(draw: st.DrawFn) -> str:
    """A markdown log built from random blocks (headings ATX and setext, paragraphs of fields,
    nested and unclosed fences, indented code, tables with escaped pipes and ragged rows, lists,
    quotes, HTML blocks and comments), joined by ``\\n``, ``\\r\\n`` or ``\\r``."""
    blocks = draw(st.lists(_md_block(3), min_size=1, max_size=8))
    lines = [line for block in blocks for line in block + draw(st.sampled_from([[], [""], ["", ""]]))]
    lines = draw(st.sampled_from(_FRONT_MATTER)) + lines
    newline = draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]))
    return newline.join(lines) + draw(st.sampled_from(["", "\n", newline, "\n\n", "  "]))
