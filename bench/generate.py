"""Generate a realistic team log folder for the benchmarks: N logs, a registry, run directories.

The layout is a real team's (run-log-template.md; run-directory-layout.md)::

    training/run-logs/YYYY-MM-DD_HH-MM_mode-N.md   run logs (about 85 % of the N logs)
    training/sessions/YYYY-MM-DD-session-N.md      session summaries (the rest)
    training/error-registry.md                     ERR-NNN entries, each linking a run log
    runs/<framework>/<run_id>/                     run directories (one per ten run logs):
        metadata.json, metrics.json, logs_summary.txt, logs/run.log,
        logs/step_NNN/{orchestrator,adapter,metrics,validator}.log

Run logs follow the template of run-log-template.md ("Log Structure"), about 2 KB each,
dated over six months. Registry entries list every run log that cites them (up to four);
about 5 % link a log under a name it never had, as the heyreach registry does. A third of the
run logs drift the ways the real corpus drifts (see the notes of
``../shared/corpus/MANIFEST.tsv`` for the heyreach run logs): names without a time, drifted
titles, no Token Usage table, three-column error tables, non-numeric or free-text modes and
statuses, no ``## Step N:`` sections, a missing Started field, hand-typed totals and costs
that do not add up, the template's outdated $15/$75 Opus rate. Every text here is written
for the benchmark; nothing is copied from the corpus.

The output depends only on ``count`` and ``seed``. Usage::

    python bench/generate.py OUT_DIR --logs 1000 [--seed 8] [--manifest FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

#: Drifts a run log can carry, each named after what it breaks (the corpus notes' wording).
RUN_LOG_DRIFTS = (
    "name-without-time",
    "drifted-title",
    "no-token-table",
    "three-column-errors",
    "non-numeric-mode",
    "free-text-status",
    "no-step-sections",
    "missing-started",
    "total-off-by-one",
    "cost-wrong",
    "template-rate",
)

#: Share of run logs that drift (the real heyreach folder drifts in every file; a team that
#: adopts the template is assumed to drift in about a third).
DRIFT_SHARE = 0.35

#: Rates of the footnote, USD per million tokens: Claude Opus 4.5 at $5/$25 (hooks/data/prices.yaml,
#: from Anthropic's pricing page, read 2026-11-20). The template's footnote still writes the
#: older Opus rate $15/$75 (run-log-template.md, "Token Usage"); the "template-rate" drift copies it.
INPUT_RATE = Decimal(5)
OUTPUT_RATE = Decimal(25)
TEMPLATE_RATES = (Decimal(15), Decimal(75))
MODEL = "Claude Opus 4.5"

FIRST_DAY = dt.date(2026, 1, 5)
SPAN_DAYS = 183

#: (number, Mode Name, file-name slug): the slug is the Mode Name as a slug, as the template's
#: ``# Run Log: [Mode Name]`` and file naming convention imply.
MODES = (
    (1, "Review Tagged", "review-tagged"),
    (2, "Learn From Notes", "learn-from-notes"),
    (3, "Analyze Reactions", "analyze-reactions"),
    (4, "Process Inbox", "process-inbox"),
    (5, "Draft Replies", "draft-replies"),
    (6, "Triage Queue", "triage-queue"),
    (7, "System Review", "system-review"),
)
STEP_NAMES = (
    "Pre-flight health check",
    "Fetch tagged conversations",
    "Load reply playbook",
    "Classify prospect replies",
    "Draft follow-up messages",
    "Send approved messages",
    "Update campaign notes",
    "Summarize reactions",
    "Archive handled threads",
    "Refresh knowledge base",
)
API_CALLS = (
    "`list_conversations(seen=false, limit={n})`",
    "`get_thread(conversation_id=\"c-{k}\")`",
    "`search_leads(tag=\"warm\", limit={n})`",
    "`send_message(conversation_id=\"c-{k}\", dry_run=false)`",
    "`add_note(lead_id=\"l-{k}\")`",
    "`get_campaign_stats(campaign_id=\"cmp-{k}\")`",
)
RESULTS = (
    "{n} conversations returned, {m} with replies waiting",
    "{n} threads read; {m} need a human answer",
    "{m} drafts written from the playbook, {n} skipped as duplicates",
    "{m} messages sent, none bounced",
    "Notes saved on {m} leads",
    "Stats fetched: reply rate {m}% over the last {n} days",
)
NOTES = (
    "Two prospects answered in Portuguese; drafted in the same language.",
    "The playbook has no answer for pricing questions yet.",
    "Skipped threads where a teammate replied in the last hour.",
    "Rate limit headers show plenty of room left.",
    "One lead asked to be removed; tagged do-not-contact.",
    "Reply tone checked against the style notes before sending.",
    "The queue was shorter than usual after the holiday.",
)
#: (message with a {k} detail, context, resolution); each registry entry gets its own detail.
ERRORS = (
    ("TimeoutError: list_conversations took longer than {k} s", "Fetching the unread queue", "Retried with limit=25"),
    ("KeyError: 'first_name' in template intro-{k}", "Rendering the intro template", "Fell back to the account name"),
    ("HTTP 429 Too Many Requests on batch {k}", "Sending the second batch", "Waited 60 s and resumed"),
    ("ValueError: unknown tag 'Hot Lead {k} '", "Filtering by tag", "Trimmed tag names before matching"),
    ("MCP server not responding on port {k}", "Pre-flight health check", "PENDING"),
    ("JSONDecodeError at char {k} in saved response", "Reading a large thread dump", "Parsed the wrapped JSON form"),
)
#: Registry entry titles, by error message.
ERROR_TITLES = {
    ERRORS[0][0]: "Conversation list times out on a full queue",
    ERRORS[1][0]: "Intro template reads a missing first name",
    ERRORS[2][0]: "Send batch hits the rate limit",
    ERRORS[3][0]: "Tag filter misses tags with trailing spaces",
    ERRORS[4][0]: "MCP server down at pre-flight",
    ERRORS[5][0]: "Saved thread dump is wrapped JSON",
}
CATEGORIES = ("API_ERROR", "TEMPLATE_ERROR", "RATE_LIMIT", "DATA_ERROR", "MCP_ERROR", "PARSING_ERROR")
SEVERITIES = ("CRITICAL", "HIGH", "MEDIUM", "LOW")
FRAMEWORKS = ("baes", "chatdev", "ghspec")


@dataclass
class Generated:
    """What :func:`generate` wrote.

    Attributes:
        root: the folder generated.
        run_logs: relative POSIX path of each run log, to the drifts it carries (empty: clean).
        sessions: relative POSIX path of each session summary, to its drifts.
        registry: relative path of the error registry.
        registry_entries: number of ERR entries.
        broken_links: number of registry links that name no existing log.
        run_dirs: number of run directories.
        bytes: total bytes of the markdown logs (run logs and sessions).
    """

    root: Path
    run_logs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sessions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    registry: str = "training/error-registry.md"
    registry_entries: int = 0
    broken_links: int = 0
    run_dirs: int = 0
    bytes: int = 0

    @property
    def logs(self) -> list[str]:
        """Every markdown log (run logs, then sessions), relative POSIX paths."""
        return [*self.run_logs, *self.sessions]

    def manifest(self) -> dict[str, object]:
        """A JSON-ready description of the folder."""
        return {
            "root": str(self.root),
            "run_logs": {k: list(v) for k, v in self.run_logs.items()},
            "sessions": {k: list(v) for k, v in self.sessions.items()},
            "registry": self.registry,
            "registry_entries": self.registry_entries,
            "broken_links": self.broken_links,
            "run_dirs": self.run_dirs,
            "bytes": self.bytes,
        }


def cost(input_tokens: int, output_tokens: int, rates: tuple[Decimal, Decimal] = (INPUT_RATE, OUTPUT_RATE)) -> Decimal:
    """USD cost at ``rates`` (USD per million input, output tokens), rounded half up to cents."""
    raw = (Decimal(input_tokens) * rates[0] + Decimal(output_tokens) * rates[1]) / Decimal(1_000_000)
    return raw.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _pick_drifts(rng: random.Random) -> tuple[str, ...]:
    if rng.random() >= DRIFT_SHARE:
        return ()
    chosen = rng.sample(RUN_LOG_DRIFTS, rng.choice((1, 1, 2, 2, 3, 4)))
    return tuple(sorted(chosen, key=RUN_LOG_DRIFTS.index))


def _clock(start: dt.datetime, minutes: int) -> str:
    return (start + dt.timedelta(minutes=minutes)).strftime("%H:%M")


#: An error met in a run: (ERR id or None, message, context, resolution).
ErrorRow = tuple[str | None, str, str, str]


def _run_log(rng: random.Random, started: dt.datetime, mode: tuple[int, str, str], drifts: tuple[str, ...], errors: list[ErrorRow]) -> str:
    """The text of one run log (run-log-template.md, "Log Structure"), with ``drifts`` applied."""
    number, mode_name, _ = mode
    lines: list[str] = []
    if "drifted-title" in drifts:
        lines.append(rng.choice((f"# Outreach {mode_name} Run Log", f"# Process Run: {started:%Y-%m-%d %H:%M}")))
    else:
        lines.append(f"# Run Log: {mode_name}")
    if "missing-started" not in drifts:
        lines.append(f"**Started:** {started:%Y-%m-%d %H:%M}")
    if "non-numeric-mode" in drifts:
        lines.append(f"**Mode:** {rng.choice(('Live', 'LIVE', 'Pre-flight check', 'Live (messages sent)'))}")
    else:
        lines.append(f"**Mode:** {number}" if rng.random() < 0.6 else f"**Mode:** {number} - {mode_name}")
    failed = bool(errors) and rng.random() < 0.15
    status = "Failed" if failed else "Completed"
    if "free-text-status" in drifts:
        status = rng.choice((f"Completed ({rng.randint(3, 40)} messages sent)", "BLOCKED", "Interrupted - resumed later"))
    lines += [f"**Status:** {status}", "", "---", ""]

    steps = rng.sample(STEP_NAMES, rng.randint(4, 7))
    minute = 1
    for index, name in enumerate(steps, start=1):
        n, m, k = rng.randint(10, 60), rng.randint(1, 12), rng.randint(1000, 9999)
        heading = f"## {name}" if "no-step-sections" in drifts else f"## Step {index}: {name}"
        lines += [heading, f"**Time:** {_clock(started, minute)}", f"**Action:** {name} for the {mode_name.lower()} run"]
        if rng.random() < 0.7:
            lines.append(f"**API Call:** {rng.choice(API_CALLS).format(n=n, k=k)}")
        lines.append(f"**Result:** {rng.choice(RESULTS).format(n=n, m=m)}")
        lines += [f"**Notes:** {rng.choice(NOTES)}", "", "---", ""]
        minute += rng.randint(2, 14)

    three = "three-column-errors" in drifts
    lines.append("## Errors Encountered")
    lines += ["| Time | Error | Resolution |", "|------|-------|------------|"] if three else [
        "| Time | Error | Context | Resolution |",
        "|------|-------|---------|------------|",
    ]
    if not errors:
        lines.append("| - | None | - |" if three else "| - | None | - | - |")
    for err_id, message, context, resolution in errors:
        when = _clock(started, rng.randint(1, minute))
        cited = f"`{message}` ({err_id})" if err_id else f"`{message}`"
        lines.append(f"| {when} | {cited} | {resolution} |" if three else f"| {when} | {cited} | {context} | {resolution} |")
    lines += ["", "---", ""]

    processed = rng.randint(5, 60)
    lines += [
        "## Final Status",
        f"**Completed:** {'No' if failed else 'Yes'}",
        f"**Conversations Processed:** {processed}",
        f"**Messages Sent:** {rng.randint(0, processed)}",
        f"**Changes Made:** {rng.choice(('None', 'Playbook answer for pricing added', 'Tag filter trims spaces'))}",
        f"**Issues to Address:** {rng.choice(('None', 'Pricing answers need review', 'Watch the rate limit'))}",
        "",
        "---",
        "",
    ]
    if "no-token-table" not in drifts:
        tokens_in = rng.randint(20, 400) * 1000 + rng.randint(0, 999)
        tokens_out = rng.randint(2, 60) * 1000 + rng.randint(0, 999)
        total = tokens_in + tokens_out + (1 if "total-off-by-one" in drifts else 0)
        rates = TEMPLATE_RATES if "template-rate" in drifts else (INPUT_RATE, OUTPUT_RATE)
        price = cost(tokens_in, tokens_out, rates)
        if "cost-wrong" in drifts:
            price = (price * Decimal("0.6")).quantize(Decimal("0.01")) + Decimal("0.05")
        lines += [
            "## Token Usage",
            "| Metric | Count |",
            "|--------|-------|",
            f"| Input Tokens | {tokens_in:,} |",
            f"| Output Tokens | {tokens_out:,} |",
            f"| Total Tokens | {total:,} |",
            f"| Estimated Cost | ${price} |",
            "",
            f"*Cost calculated at: Input ${rates[0]}/1M, Output ${rates[1]}/1M ({MODEL})*",
        ]
    return "\n".join(lines) + "\n"


def _session(rng: random.Random, day: dt.date, number: int, modes: list[str]) -> str:
    """A session summary as the heyreach sessions/ folder writes them (the spec gives no template)."""
    return "\n".join(
        [
            f"# Outreach Agent Session - {day:%Y-%m-%d} (Session {number})",
            "",
            "## Session Info",
            f"- **Date:** {day:%Y-%m-%d}",
            f"- **Mode:** {', '.join(modes) or 'Review Tagged'}",
            f"- **Duration:** {rng.randint(20, 180)} minutes",
            "",
            "## Summary",
            f"Worked through {rng.randint(5, 80)} conversations. {rng.choice(NOTES)}",
            "",
            "## Decisions",
            f"- {rng.choice(('Keep drafts short for cold leads', 'Hand pricing questions to a human', 'Pause sends on Fridays'))}",
            f"- {rng.choice(('Tag every unsubscribe request', 'Reuse the onboarding answer', 'Log every retry in the run log'))}",
            "",
            "## Next Steps",
            f"1. {rng.choice(('Review the playbook gaps', 'Check the rate limit trend', 'Close resolved registry entries'))}",
            "",
        ]
    )


@dataclass
class _Entry:
    id: str
    message: str
    title: str
    status: str
    category: str
    severity: str
    seen: str
    resolved: str
    logs: list[str]


def _registry(entries: list[_Entry], last_day: dt.date) -> str:
    """The error registry (run-log-template.md, "Error Logging Standards"), oldest entry first."""
    active = sum(1 for e in entries if e.status in {"OPEN", "IN_PROGRESS"})
    lines = [
        "# Outreach Agent Error Registry",
        "",
        f"> Last Updated: {last_day:%Y-%m-%d}",
        f"> Active Errors: {active} | Resolved: {len(entries) - active}",
        "",
        "Errors met by the outreach agents. Every entry links the run logs where it appeared.",
        "",
        "---",
        "",
        "## Error Log",
        "",
    ]
    for entry in entries:
        lines += [
            f"### {entry.id}: {entry.title}",
            "| Field | Value |",
            "|-------|-------|",
            f"| **ID** | {entry.id} |",
            f"| **Status** | {entry.status} |",
            f"| **Category** | {entry.category} |",
            f"| **Severity** | {entry.severity} |",
            f"| **First Seen** | {entry.seen} |",
            f"| **Resolved** | {entry.resolved} |",
            f"| **Run Log** | {', '.join(f'`{name}`' for name in entry.logs)} |",
            "",
            "**Error Message:**",
            "```",
            entry.message,
            "```",
            "",
            "---",
            "",
        ]
    return "\n".join(lines)


def _run_dir(rng: random.Random, root: Path, started: dt.datetime) -> None:
    """One run directory in the layout of run-directory-layout.md (``runs/<framework>/<run_id>/``)."""
    framework = rng.choice(FRAMEWORKS)
    run_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    folder = root / "runs" / framework / run_id
    steps = []
    for number in range(1, rng.randint(2, 4) + 1):
        steps.append({"step": number, "tokens_in": rng.randint(1_000, 30_000), "tokens_out": rng.randint(200, 6_000), "api_calls": rng.randint(1, 9)})
        step_dir = folder / "logs" / f"step_{number:03d}"
        step_dir.mkdir(parents=True, exist_ok=True)
        for component in ("orchestrator", "adapter", "metrics", "validator"):
            (step_dir / f"{component}.log").write_text(
                f"{started:%Y-%m-%d %H:%M:%S} INFO {component}: step {number} of run {run_id[:8]} finished\n", encoding="utf-8"
            )
    (folder / "logs" / "run.log").write_text(f"{started:%Y-%m-%d %H:%M:%S} INFO run {run_id} started ({framework})\n", encoding="utf-8")
    tokens_in = sum(s["tokens_in"] for s in steps)
    tokens_out = sum(s["tokens_out"] for s in steps)
    calls = sum(s["api_calls"] for s in steps)
    metadata = {"run_id": run_id, "framework": framework, "started": started.isoformat() + "Z", "steps": len(steps)}
    metrics = {
        "run_id": run_id,
        "framework": framework,
        "aggregate_metrics": {"TOK_IN": tokens_in, "TOK_OUT": tokens_out, "API_CALLS": calls},
        "steps": steps,
    }
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    summary = [f"Run Summary: {framework} / {run_id}", "=" * 60, ""]
    for step in steps:
        total = step["tokens_in"] + step["tokens_out"]
        summary += [
            f"Step {step['step']}:",
            f"  Tokens (prompt/completion/total): {step['tokens_in']}/{step['tokens_out']}/{total}",
            f"  API Calls: {step['api_calls']}",
            "",
        ]
    summary += [f"Total Tokens: {tokens_in + tokens_out}", f"Total API Calls: {calls}"]
    (folder / "logs_summary.txt").write_text("\n".join(summary) + "\n", encoding="utf-8")


def generate(root: Path, count: int, seed: int = 8) -> Generated:
    """Write a team log folder of ``count`` markdown logs under ``root`` (created; must be empty).

    Returns:
        what was written, with each log's drifts (:class:`Generated`).

    Raises:
        ValueError: ``count`` < 1 or ``root`` is a non-empty folder.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    if root.exists() and any(root.iterdir()):
        raise ValueError(f"{root} is not empty")
    rng = random.Random(seed)
    result = Generated(root=root)
    logs_dir = root / "training" / "run-logs"
    sessions_dir = root / "training" / "sessions"
    logs_dir.mkdir(parents=True)
    sessions_dir.mkdir(parents=True)

    session_count = max(1, count * 15 // 100) if count >= 5 else 0
    run_log_count = count - session_count
    entry_cap = min(300, max(3, run_log_count // 30))
    registry: list[_Entry] = []
    starts = sorted(
        dt.datetime.combine(FIRST_DAY + dt.timedelta(days=rng.randrange(SPAN_DAYS)), dt.time(7))
        + dt.timedelta(minutes=rng.randrange(13 * 60))  # runs start 07:00-19:59, so steps never pass midnight
        for _ in range(run_log_count)
    )
    taken: set[str] = set()
    modes_by_day: dict[dt.date, list[str]] = {}
    texts: dict[str, tuple[dt.datetime, tuple[int, str, str], tuple[str, ...], list[ErrorRow]]] = {}
    for started in starts:
        mode = rng.choice(MODES)
        drifts = _pick_drifts(rng)
        n = 1
        while True:
            if "name-without-time" in drifts:
                name = f"{started:%Y-%m-%d}_{mode[2]}-{n}.md"
            else:
                name = f"{started:%Y-%m-%d_%H-%M}_{mode[2]}-{n}.md"
            if name not in taken:
                break
            n += 1
        taken.add(name)
        errors: list[ErrorRow] = []
        if rng.random() < 0.3:
            base, context, resolution = rng.choice(ERRORS)
            known = [e for e in registry if e.title == ERROR_TITLES[base] and len(e.logs) < 4 and e.status != "RESOLVED"]
            if known and (len(registry) >= entry_cap or rng.random() < 0.5):
                entry = rng.choice(known)
                entry.logs.append(name)
                errors.append((entry.id, entry.message, context, resolution))
            elif len(registry) < entry_cap:
                status = rng.choice(("OPEN", "IN_PROGRESS")) if resolution == "PENDING" else rng.choice(("OPEN", "RESOLVED", "RESOLVED"))
                entry = _Entry(
                    id=f"ERR-{len(registry) + 1:03d}",
                    message=base.format(k=len(registry) + 30),
                    title=ERROR_TITLES[base],
                    status=status,
                    category=rng.choice(CATEGORIES),
                    severity=rng.choice(SEVERITIES),
                    seen=f"{started:%Y-%m-%d %H:%M}",
                    resolved=f"{started.date() + dt.timedelta(days=rng.randint(0, 9)):%Y-%m-%d}" if status == "RESOLVED" else "-",
                    logs=[name],
                )
                if rng.random() < 0.05:  # the corpus registry links logs under names they never had
                    entry.logs[0] = f"{started:%Y-%m-%d}_{mode[2]}-run.md"
                    drifts = (*drifts, "registry-link-renamed")
                    result.broken_links += 1
                registry.append(entry)
                errors.append((entry.id, entry.message, context, resolution))
            elif resolution != "PENDING":
                errors.append((None, base.format(k=rng.randint(1, 99)), context, resolution))
        texts[name] = (started, mode, drifts, errors)
        modes_by_day.setdefault(started.date(), []).append(mode[1])

    for name, (started, mode, drifts, errors) in texts.items():
        text = _run_log(rng, started, mode, drifts, errors)
        (logs_dir / name).write_text(text, encoding="utf-8")
        result.run_logs[f"training/run-logs/{name}"] = drifts
        result.bytes += len(text.encode("utf-8"))

    days = sorted(modes_by_day) or [FIRST_DAY]
    per_day: dict[dt.date, int] = {}
    for _ in range(session_count):
        day = rng.choice(days)
        per_day[day] = per_day.get(day, 0) + 1
        drifted = rng.random() < 0.15
        name = f"{day:%Y-%m-%d}-session-{per_day[day]}.md" if not drifted else f"{day:%Y-%m-%d}-session{per_day[day]}.md"
        text = _session(rng, day, per_day[day], sorted(set(modes_by_day.get(day, [])))[:2])
        (sessions_dir / name).write_text(text, encoding="utf-8")
        result.sessions[f"training/sessions/{name}"] = ("name-without-number",) if drifted else ()
        result.bytes += len(text.encode("utf-8"))

    (root / result.registry).write_text(_registry(registry, days[-1]), encoding="utf-8")
    result.registry_entries = len(registry)
    for started in starts[::10]:  # one run directory per ten run logs
        _run_dir(rng, root, started)
        result.run_dirs += 1
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """``python bench/generate.py OUT_DIR --logs N``: write the folder; print a one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out_dir", help="folder to create (must not exist or be empty)")
    parser.add_argument("--logs", type=int, default=1000, help="number of markdown logs (default: 1000)")
    parser.add_argument("--seed", type=int, default=8, help="random seed (default: 8)")
    parser.add_argument("--manifest", metavar="FILE", help="also write a JSON manifest of the drifts to FILE")
    args = parser.parse_args(argv)
    try:
        result = generate(Path(args.out_dir), args.logs, args.seed)
    except ValueError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    if args.manifest:
        Path(args.manifest).write_text(json.dumps(result.manifest(), indent=1) + "\n", encoding="utf-8")
    drifted = sum(1 for d in result.run_logs.values() if d)
    print(
        f"{len(result.logs)} logs ({len(result.run_logs)} run logs, {drifted} drifted; {len(result.sessions)} sessions), "
        f"{result.registry_entries} registry entries, {result.run_dirs} run dirs, {result.bytes / len(result.logs):.0f} B/log"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
