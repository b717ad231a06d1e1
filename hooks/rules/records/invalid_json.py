"""A JSON or JSON-lines log does not decode.

What it does:
    Reports where a JSON document, a line of a JSON-lines file, or a JSON file of a run
    directory (metadata.json, metrics.json, a sprint's metadata.json) fails to decode, with
    the decoder's message, line and column; also a sibling file of a run directory that
    cannot be read (binary, not UTF-8). The rest of a JSON-lines file is still checked.

Why it matters:
    Episode records are "stored as JSON" (episode-log-steps.md) and metrics.json is the
    run's token record (run-directory-layout.md). A file that does not decode is lost to
    every tool that reads it, usually because a run was killed mid-write.

Example:
    ``{"tool": "cargo", "action": "build --all", "latency_ms": 12500,`` (cut off).

How to fix:
    Repair the JSON (close the brackets, remove the trailing comma), or regenerate the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.parse.json_lines import JsonDocument
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.rundir import RunDirectory


def check(model: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per decode error."""
    if isinstance(model, JsonDocument):
        for error in model.errors:
            what = f"line {error.line} is not valid JSON" if model.file_format == "jsonl" else "not valid JSON"
            yield Problem(error.line, f"{what}: {error.message}", error.column)
    elif isinstance(model, RunDirectory):
        for file_error in model.errors:
            yield Problem(file_error.line, file_error.message, file_error.column, file_error.path)


RULE = Rule(
    code="RL420",
    name="invalid-json",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"episode", "orchestrator-log", "run-directory"}),
)
