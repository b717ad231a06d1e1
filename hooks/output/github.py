"""The ``github`` format: GitHub Actions workflow commands, one line per finding.

Each finding becomes ``::error file=PATH,line=L,col=C,title=CODE name::message`` (or
``::warning``, or ``::notice`` for info), which the Actions runner shows as an annotation
on the pull request's diff. Escaping follows the runner's rules (actions/toolkit,
``packages/core/src/command.ts``): in the message ``%``, CR and LF become ``%25``, ``%0D``,
``%0A``; in property values also ``:`` and ``,`` become ``%3A`` and ``%2C``.
"""

from __future__ import annotations

from hooks.engine.runner import Report
from hooks.finding import Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property's value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    """One workflow command per finding, in report order."""
    lines = []
    for f in report.findings:
        properties = ",".join(
            f"{key}={escape_property(value)}"
            for key, value in (("file", f.path), ("line", str(f.line)), ("col", str(f.column)), ("title", f"{f.code} {f.name}"))
        )
        lines.append(f"::{_COMMAND[f.severity]} {properties}::{escape_data(f.message)}")
    return "".join(line + "\n" for line in lines)
