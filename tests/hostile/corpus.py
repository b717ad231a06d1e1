"""The adversarial corpus: hostile logs, names, links and configuration, written into tmp_path.

Every case is generated (nothing large is checked in). A case is a function that writes its
files into a repository folder and returns their repository-relative paths; the files sit
where a kind picks them up (``run-logs/``, ``sessions/``, ``error-registry.md``,
``episodes/``, ``runs/<framework>/<id>/``...), so every entry point meets them.

Outside the repository, :func:`make_outside` writes a folder holding :data:`SECRET`; cases
link to it (symlinks, registry links). No entry point may read it: the tests assert the
secret never appears in any output or in a built site, and that nothing there changes.

Decision (documented in docs/fuzzing.md): a symlink whose target resolves outside the
repository is *skipped* by every entry point (never read, never followed, never written),
as :func:`hooks.engine.discovery.select_targets` already does; a registry link that leaves the
repository is reported as a dangling link by the registry rules but never opened.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

#: A string that exists only outside the repository: seeing it anywhere is a leak.
SECRET = "CANARY-outside-repo-7f3a9c21"

#: Escape sequences an agent might paste from a terminal: colour, title set, clear screen,
#: C1 CSI, bell, carriage return overwrite, line and paragraph separators, NEL.
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;owned\x07 \x1b[2J \x9b6n \rover \u2028sep\u2029par\x85nel"

#: Characters that must never reach a terminal raw (tab and newline are fine).
RAW_CONTROL = tuple(chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]) + ("\u2028", "\u2029")

BIG = "9" * 5000  # past Python's 4300-digit int/str conversion limit


def run_log(title: str = "Draft Replies", *, body: str = "", status: str = "Completed", tokens: tuple[str, str, str] = ("48,200", "9,650", "57,850")) -> str:
    """A valid-looking run log (run-log-template.md), with ``body`` added to step 1."""
    inp, out, total = tokens
    return f"""# Run Log: {title}
**Started:** 2026-03-02 09:30
**Mode:** 2
**Status:** {status}

---

## Step 1: Fetch unanswered tickets
**Time:** 09:31
**Action:** Fetch tickets waiting for a first reply
**Result:** 18 tickets returned
{body}
---

## Errors Encountered
| Time | Error | Context | Resolution |
|------|-------|---------|------------|
| 09:40 | `KeyError` (ERR-001) | Rendering | Renamed the variable |

---

## Final Status
**Completed:** Yes
**Changes Made:** None

---

## Token Usage
| Metric | Count |
|--------|-------|
| Input Tokens | {inp} |
| Output Tokens | {out} |
| Total Tokens | {total} |
| Estimated Cost | $0.48 |

*Cost calculated at: Input $5/1M, Output $25/1M (Claude Opus 4.5)*
"""


def registry(links: list[str], extra: str = "") -> str:
    """An error registry (heyreach shape) with one OPEN entry per Run Log link."""
    entries = []
    for number, link in enumerate(links, 1):
        entries.append(f"""### ERR-{number:03d}: Hostile link {number}
| Field | Value |
|-------|-------|
| **ID** | ERR-{number:03d} |
| **Status** | OPEN |
| **Category** | API_ERROR |
| **Severity** | HIGH |
| **First Seen** | 2026-03-02 09:40 |
| **Resolved** | - |
| **Run Log** | {link} |

**Error Message:**
```
TimeoutError {extra}
```

---
""")
    return f"""# Support Bot Error Registry

> Last Updated: 2026-03-04
> Active Errors: {len(links)} | Resolved: 0

---

## Active Errors (OPEN / IN_PROGRESS)

{"".join(entries)}
## Recently Resolved

"""


RUN_LOGS = "run-logs"
NAME = "2026-03-02_09-30_draft-replies-{n}.md"


def _name(n: int) -> str:
    return f"{RUN_LOGS}/{NAME.format(n=n)}"


def _write(repo: Path, relative: str, data: bytes | str) -> str:
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return relative


def make_outside(tmp_path: Path) -> Path:
    """A folder beside the repository with files holding :data:`SECRET` (a run log, a
    session, a run-logs folder), for symlinks and links to point at."""
    outside = tmp_path / "outside"
    (outside / RUN_LOGS).mkdir(parents=True, exist_ok=True)
    (outside / "secret.md").write_text(run_log(f"Secret {SECRET}", body=SECRET + "\n"), encoding="utf-8")
    (outside / RUN_LOGS / NAME.format(n=9)).write_text(run_log(f"Secret {SECRET}", body=SECRET + "\n"), encoding="utf-8")
    (outside / "passwd").write_text(f"root:x:0:0:{SECRET}:/root:/bin/sh\n", encoding="utf-8")
    return outside


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path to SHA-256 of every file under ``folder`` (symlinks not followed)."""
    out = {}
    for current, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(current) / name
            if path.is_symlink():
                out[str(path.relative_to(folder))] = "link:" + os.readlink(path)
            else:
                out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def make_repo(tmp_path: Path, name: str = "repo", git: bool = True) -> Path:
    """An empty repository folder (a real git repository when ``git``)."""
    repo = tmp_path / name
    repo.mkdir(parents=True, exist_ok=True)
    if git:
        for args in (["init", "-q", "-b", "main"], ["config", "user.name", "Hostile Test"], ["config", "user.email", "hostile@example.com"], ["config", "commit.gpgsign", "false"]):
            subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    else:
        (repo / ".git").mkdir()
    return repo


def commit_all(repo: Path, message: str = "logs") -> None:
    """Stage and commit everything in ``repo``."""
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, capture_output=True)
    subprocess.run(["git", "commit", "-q", "--no-verify", "-m", message], cwd=repo, check=True, capture_output=True)


# --- The cases. Each writes into ``repo`` (``outside`` is the folder of make_outside). ---

Writer = Callable[[Path, Path], list[str]]


def _empty(repo: Path, outside: Path) -> list[str]:
    return [_write(repo, _name(1), b""), _write(repo, "sessions/2026-03-02-session-1.md", b"  \n\n")]


def _binary(repo: Path, outside: Path) -> list[str]:
    return [_write(repo, _name(1), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)]


def _latin1(repo: Path, outside: Path) -> list[str]:
    return [_write(repo, _name(1), run_log("Entwürfe für Kunden café").encode("latin-1"))]


def _utf16(repo: Path, outside: Path) -> list[str]:
    return [_write(repo, _name(1), run_log("UTF-16 log").encode("utf-16")), _write(repo, _name(2), run_log("UTF-16 BE").encode("utf-16-be"))]


def _utf8_bom(repo: Path, outside: Path) -> list[str]:
    return [_write(repo, _name(1), b"\xef\xbb\xbf" + run_log("BOM log").encode())]


def _crlf(repo: Path, outside: Path) -> list[str]:
    return [_write(repo, _name(1), run_log("CRLF log").replace("\n", "\r\n"))]


def _cr_only(repo: Path, outside: Path) -> list[str]:
    return [_write(repo, _name(1), run_log("Old Mac log", tokens=("1", "2", "4")).replace("\n", "\r"))]


def _separators(repo: Path, outside: Path) -> list[str]:
    body = "**Notes:** one\u2028two\x85three\x0cfour\u2029five\n"
    text = run_log("Separators\u2028inside\x0ctitle", body=body, status="Completed\u2028Failed")
    return [_write(repo, _name(1), text)]


def _huge(repo: Path, outside: Path) -> list[str]:
    """A 50 MB log, written sparsely: a real header, then a hole (never read in the tests)."""
    relative = _name(1)
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(run_log("Pasted API response").encode())
        handle.truncate(50 * 1024 * 1024)
    return [relative]


def _wide_table(repo: Path, outside: Path) -> list[str]:
    cols = 10_000
    table = "|" + "|".join(f"c{i}" for i in range(cols)) + "|\n" + "|" + "---|" * cols + "\n" + ("|" + "x|" * cols + "\n") * 3
    return [_write(repo, _name(1), run_log("Wide table", body=table))]


def _many_headings(repo: Path, outside: Path) -> list[str]:
    body = "".join("### h\n" for _ in range(100_000))  # 600 kB: under the 1 MiB default
    return [_write(repo, _name(1), run_log("Many headings") + body)]


def _nesting(repo: Path, outside: Path) -> list[str]:
    lists = "".join("  " * i + "- item\n" for i in range(300)) + "- " * 5000 + "deep\n"
    quotes = ">" * 10_000 + " deep quote\n" + "".join("> " * i + "q\n" for i in range(300))
    mixed = "> - " * 3000 + "x\n" + "1. " * 3000 + "y\n"
    return [_write(repo, _name(1), run_log("Nested", body=lists + "\n" + quotes + "\n" + mixed))]


def _brackets(repo: Path, outside: Path) -> list[str]:
    return [
        _write(repo, _name(1), run_log("Brackets", body="[" * 20_000 + "\n" + "![" * 5000 + "\n" + "*_" * 10_000 + "\n" + "<" * 20_000 + "\n")),
        _write(repo, "sessions/2026-03-02-session-1.md", "# " + "[" * 20_000 + "\n\n## Summary\n" + "](" * 10_000 + "\n"),
    ]


def _fences(repo: Path, outside: Path) -> list[str]:
    nested = "````markdown\n```python\n~~~\n## Step 2: fake\n**Time:** 99:99\n```\n````\n" + "```\n" * 2001
    unterminated = "```python\n## Step 2: not a heading\n**Status:** Nope\n"
    return [_write(repo, _name(1), run_log("Nested fences", body=nested)), _write(repo, _name(2), run_log("Unterminated") + unterminated + "x\n" * 1000)]


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def front_matter_texts() -> dict[str, str]:
    """YAML documents that attack a YAML loader: alias bomb, Python tags, huge numbers, depth."""
    return {
        "alias-bomb": _alias_bomb(),
        "python-tag": "run: !!python/object/apply:os.system ['touch PWNED-BY-YAML']\nobj: !!python/object:os.PathLike {}\nname: !!python/name:os.system\n",
        "big-number": f"number: {BIG}\nfloat: {BIG}.5\nhex: 0x{'f' * 5000}\n",
        "deep": "x: " + "[" * 5000 + "]" * 5000 + "\n",
    }


def _front_matter(repo: Path, outside: Path) -> list[str]:
    written = []
    for n, (_label, yaml_text) in enumerate(front_matter_texts().items(), 1):
        written.append(_write(repo, _name(n), f"---\n{yaml_text}---\n" + run_log(f"Front matter {n}")))
    return written


def _big_numbers(repo: Path, outside: Path) -> list[str]:
    return [
        _write(repo, _name(1), run_log("Huge token counts", tokens=(BIG, BIG, BIG)) + f"\n**Conversations Processed:** {BIG}\n"),
        _write(repo, _name(2), run_log("Huge cost", body=f"**Notes:** cost ${BIG}.00\n").replace("$0.48", f"${BIG}.48").replace("$5/1M", f"${BIG}/1M")),
    ]


def _names(repo: Path, outside: Path) -> list[str]:
    text = run_log("Odd name")
    names = [
        f"{RUN_LOGS}/2026-03-02_09-30_draft replies-1.md",
        f"{RUN_LOGS}/2026-03-02_09-30_entwürfe-ü-1.md",
        f"{RUN_LOGS}/2026-03-02_09-30_line\nbreak-1.md",
        f"{RUN_LOGS}/2026-03-02_09-30_\x1b[31mred\x1b[0m-1.md",
        f"{RUN_LOGS}/-rf --help.md",
        "sessions/2026-03-02-séance\u2028 1.md",
    ]
    links = [f"`{n.split('/', 1)[1]}`" for n in names[2:4]]
    return [_write(repo, n, text) for n in names] + [_write(repo, "error-registry.md", registry(links))]


def _symlinks(repo: Path, outside: Path) -> list[str]:
    (repo / RUN_LOGS).mkdir(parents=True, exist_ok=True)
    (repo / "sessions").mkdir(parents=True, exist_ok=True)
    (repo / RUN_LOGS / NAME.format(n=1)).symlink_to(outside / "secret.md")
    (repo / "sessions" / "2026-03-02-session-1.md").symlink_to(outside / "secret.md")
    (repo / "team").mkdir()
    (repo / "team" / RUN_LOGS).symlink_to(outside / RUN_LOGS, target_is_directory=True)
    (repo / RUN_LOGS / NAME.format(n=3)).symlink_to("/nonexistent/dangling.md")
    (repo / RUN_LOGS / NAME.format(n=4)).symlink_to(NAME.format(n=4))  # a loop
    written = [_write(repo, _name(2), run_log("Plain neighbour"))]
    return [_name(1), "sessions/2026-03-02-session-1.md", f"team/{RUN_LOGS}/{NAME.format(n=9)}", _name(3), _name(4), *written]


def traversal_links(outside: Path, repo: Path) -> list[str]:
    """Registry Run Log links that leave the repository, in every spelling."""
    relative_secret = os.path.relpath(outside / "secret.md", repo)
    return [
        "`../../etc/passwd`",
        "[log](../../../../../../etc/passwd)",
        "`%2e%2e/%2e%2e/%2e%2e/etc/passwd`",
        "[log](%2e%2e%2f%2e%2e%2fetc%2fpasswd)",
        "`/etc/passwd`",
        f"`{outside / 'secret.md'}`",
        f"[secret]({relative_secret})",
        f"`{relative_secret}`",
        "[x](file:///etc/passwd)",
        "`run-logs/../../../etc/shadow`",
        f"`{'../' * 200}etc/passwd`",
        "`C:\\Windows\\win.ini`",
        f"`{os.path.relpath(outside / RUN_LOGS / NAME.format(n=9), repo)}`",
    ]


def _registry_links(repo: Path, outside: Path) -> list[str]:
    written = [_write(repo, "error-registry.md", registry(traversal_links(outside, repo))), _write(repo, _name(1), run_log("Linked log"))]
    return written


def _escapes(repo: Path, outside: Path) -> list[str]:
    body = f"**Notes:** {ESCAPES}\n**Time:** \x1b[31m25:99\n"
    text = run_log(f"Escapes {ESCAPES}", body=body, status=f"Done {ESCAPES}").replace("| 09:40 |", f"| 09:40 {ESCAPES} |")
    session = f"# Session {ESCAPES}\n\n- **Date:** 2026-03-02{ESCAPES}\n\n## Summary\n{ESCAPES}\n"
    reg = registry([f"`2026-03-02_09-30_{ESCAPES}-1.md`", f"`{NAME.format(n=1)}`"], ESCAPES).replace("| **Status** | OPEN |", f"| **Status** | OPEN{ESCAPES} |", 1)
    return [_write(repo, _name(1), text), _write(repo, "sessions/2026-03-02-session-1.md", session), _write(repo, "error-registry.md", reg)]


def _structured(repo: Path, outside: Path) -> list[str]:
    """Hostile structured logs: episodes, orchestrator JSONL, design-experiment.log, run folders."""
    deep = "[" * 100_000 + "]" * 100_000
    episode_big = '{"episode_id": "e1", "steps": [{"tool": "bash", "action": "ls", "latency_ms": ' + BIG + ', "success": true, "observation": "ok"}]}'
    episode_esc = '{"steps": [{"tool": "\\u001b[31mbash", "action": "' + ESCAPES.encode("unicode_escape").decode().replace('"', "") + '", "latency_ms": -1, "success": "yes", "observation": ""}]}'
    jsonl = '{"agent": "a", "timestamp": "2026-03-02T10:00:00Z"}\n{not json\n' + deep[:20000] + "\n" + '{"n": ' + BIG + "}\n"
    design = (
        f"[2025-10-22 14:23:15] VERIFY_MODEL: {ESCAPES}\nCommand: ls {ESCAPES}\nResult: {BIG}\nExplanation: x\n"
        "[9999-99-99 99:99:99] NOT_A_TYPE: bad\n" + "[" * 20_000 + "\n"
    )
    run = "runs/chatdev/02e05362-a8be-478b-b702-2c1d6cec5456"
    summary = (
        "=" * 80 + "\nEXPERIMENT RUN SUMMARY\n" + "=" * 80 + f"\nRun ID: {ESCAPES}\n"
        f"Step 001: SUCCESS (duration: 4m 27s, retries: 0)\n  - API Calls: {BIG}\n  - Tokens (prompt/completion/total): {BIG} / {BIG} / {BIG}\n"
        f"Total Tokens: {BIG}\nTotal API Calls: {BIG}\n"
    )
    metrics = '{"run_id": "x", "steps": [{"step": ' + BIG + ', "tokens_in": 1e999, "tokens_out": NaN}], "aggregate_metrics": {"TOK_IN": ' + deep[:5000] + "}}"
    return [
        _write(repo, "episodes/deep.json", deep),
        _write(repo, "episodes/big.json", episode_big),
        _write(repo, "episodes/escapes.json", episode_esc),
        _write(repo, "episodes/bom.jsonl", b"\xef\xbb\xbf" + b'{"steps": []}\r\n\r\n'),
        _write(repo, "tasks/run/orchestrator-log.jsonl", jsonl),
        _write(repo, "exp/design-experiment.log", design),
        _write(repo, f"{run}/metrics.json", metrics),
        _write(repo, f"{run}/summary/logs_summary.txt", summary),
        _write(repo, "runs/baes/11111111-2222-3333-4444-555555555555/metrics.json", b"\xff\xfe\x00\x01binary"),
    ]


def _markdown_kinds(repo: Path, outside: Path) -> list[str]:
    """Execution and exception logs with hostile fields."""
    execution = f"# Execution Log: {ESCAPES}\n**Timestamp:** {BIG}\n**ENV:** prod{ESCAPES}\n**RISK:** {'[' * 5000}\n**STATE Transition:** A -> \x1b[2J\n\n## Task\n{ESCAPES}\n"
    exception = f"# Exception: {ESCAPES}\n**Timestamp:** 2026-99-99T99:99:99Z\n**Severity:** {ESCAPES}\n\n## What Happened\n" + "[" * 20_000 + "\n"
    return [
        _write(repo, f"claude-executions/2026-01-10-task-{n}.md", t) for n, t in ((1, execution),)
    ] + [_write(repo, "claude-executions/exceptions/2026-01-10-exc-1.md", exception)]


#: Every case by name.
CASES: dict[str, Writer] = {
    "empty": _empty,
    "binary": _binary,
    "latin-1": _latin1,
    "utf-16-bom": _utf16,
    "utf-8-bom": _utf8_bom,
    "crlf": _crlf,
    "cr-only": _cr_only,
    "separators-in-lines": _separators,
    "huge-50mb": _huge,
    "table-10000-columns": _wide_table,
    "headings-100000": _many_headings,
    "deep-nesting": _nesting,
    "brackets-20000": _brackets,
    "fences": _fences,
    "front-matter": _front_matter,
    "numbers-5000-digits": _big_numbers,
    "file-names": _names,
    "symlinks-outside": _symlinks,
    "registry-traversal": _registry_links,
    "terminal-escapes": _escapes,
    "structured-kinds": _structured,
    "execution-exception-logs": _markdown_kinds,
}

#: Cases whose files are unusable as logs: checking them must give a finding (exit 1).
BROKEN = {"empty", "binary", "latin-1", "utf-16-bom", "huge-50mb"}


def write_case(name: str, repo: Path, outside: Path) -> list[str]:
    """Write case ``name`` into ``repo``; return the repository-relative paths written."""
    return CASES[name](repo, outside)


def write_all(repo: Path, outside: Path, skip: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Write every case into one repository, each under its own folder (``cases/<name>/``)."""
    written = {}
    for name, writer in CASES.items():
        if name in skip:
            continue
        folder = repo / "cases" / name
        folder.mkdir(parents=True, exist_ok=True)
        written[name] = [f"cases/{name}/{p}" for p in writer(folder, outside)]
    return written
