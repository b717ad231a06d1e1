"""Output formats for findings, registered in one explicit list.

A format is a function ``(report) -> str`` returning the whole output. Machine formats
write only their document to the output; the human summary goes to stderr.
"""

from __future__ import annotations

from collections.abc import Callable

from hooks.engine.runner import Report
from hooks.output import github, json_report, junit, sarif, text

#: Format name to (renderer, whether its output is for machines).
OUTPUT_FORMATS: dict[str, tuple[Callable[[Report], str], bool]] = {
    "text": (text.render, False),
    "json": (json_report.render, True),
    "sarif": (sarif.render, True),
    "github": (github.render, True),
    "junit": (junit.render, True),
}
