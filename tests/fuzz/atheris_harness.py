"""Coverage-guided fuzzing of the check engine and fix with atheris (libFuzzer), for long local runs.

Each input is split into a kind selector (first byte) and the file's bytes. The bytes are
written where that kind is picked up in a scratch repository, then checked with
:func:`hooks.engine.runner.check_paths`; run logs are also fixed twice with
:func:`hooks.commands.fix.fix_bytes`. A crash is any exception escaping, a crashed rule, unsorted
findings, a finding off the file's lines, a raw control character in a message, or a second
fix that still changes something.

Run (atheris is not in the CI install; ``pip install -e ".[fuzz]"``)::

    python tests/fuzz/atheris_harness.py -max_total_time=3600 -rss_limit_mb=4096 -max_len=65536 /tmp/runlog-corpus

The corpus folder is created and grown by libFuzzer; seed it with real logs to start from
realistic input (``cp ../shared/corpus/*/training/run-logs/*.md /tmp/runlog-corpus/`` then
prefix nothing: any bytes are a valid input). See docs/fuzzing.md.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from hooks.commands.fix import fix_bytes
    from hooks.config.loader import load_config
    from hooks.engine.runner import check_paths
    from hooks.errors import InputError
    from hooks.model.prices import shipped_prices

#: Where each kind's file goes (the kind selector is the input's first byte modulo the count).
PATHS = (
    "run-logs/2026-03-02_09-30_draft-replies-1.md",
    "sessions/2026-03-02-session-1.md",
    "error-registry.md",
    "claude-executions/2026-01-10-task-42.md",
    "claude-executions/exceptions/2026-01-10-exc-1.md",
    "exp/design-experiment.log",
    "episodes/e1.json",
    "episodes/e1.jsonl",
    "tasks/run/orchestrator-log.jsonl",
    "runs/chatdev/02e05362-a8be-478b-b702-2c1d6cec5456/metrics.json",
    "runs/chatdev/02e05362-a8be-478b-b702-2c1d6cec5456/summary/logs_summary.txt",
)
TODAY = dt.date(2026, 11, 20)
_CONTROL = {chr(c) for c in [*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]}

REPO = Path(tempfile.mkdtemp(prefix="runlog-atheris-")) / "repo"
(REPO / ".git").mkdir(parents=True)
CONFIG = load_config(None, REPO)
TABLE = shipped_prices()


def _lines(data: bytes) -> int:
    text = data.decode("utf-8", "replace")
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def test_one_input(data: bytes) -> None:
    """One libFuzzer input: check it as a log of the selected kind, and fix it if a run log."""
    if not data:
        return
    relative, body = PATHS[data[0] % len(PATHS)], data[1:]
    for child in REPO.iterdir():
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    path = REPO / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    report = check_paths(["."], CONFIG, cwd=REPO, today=TODAY)
    if report.findings != sorted(report.findings, key=lambda f: f.sort_key()):
        raise AssertionError("findings not sorted")
    for finding in report.findings:
        if "rule crashed" in finding.message:
            raise AssertionError(finding.message)
        if _CONTROL & set(finding.message + finding.path):
            raise AssertionError(f"raw control character in {finding!r}")
        if finding.path == relative and not 1 <= finding.line <= max(1, _lines(body)):
            raise AssertionError(f"line {finding.line} outside the file: {finding!r}")
    if relative.startswith("run-logs/"):
        options = {"token-usage-section": "Token Usage"}
        try:
            first = fix_bytes(body, relative, options, TABLE)
        except InputError:
            return
        second = fix_bytes(first.data, relative, options, TABLE)
        if second.edits:
            raise AssertionError(f"fix is not idempotent: {second.edits!r}")


def main() -> None:
    """Start libFuzzer with the command line's options (see the module docstring)."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
