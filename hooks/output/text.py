"""The text format: one ``path:line:col: CODE message (name)`` line per finding, then a summary."""

from __future__ import annotations

from hooks.engine.runner import Report
from hooks.finding import Severity


def summary(report: Report) -> str:
    """One line: files checked and findings by severity, e.g.
    ``Checked 40 files: 212 errors, 3 warnings.``"""
    files = f"{report.files_checked} file{'s' if report.files_checked != 1 else ''}"
    if not report.findings:
        return f"Checked {files}: no findings."
    parts = []
    for severity in Severity:
        count = report.count(severity)
        if count:
            parts.append(f"{count} {severity.value}{'s' if count != 1 else ''}")
    return f"Checked {files}: {', '.join(parts)}."


def render(report: Report) -> str:
    """All findings in order, then :func:`summary`."""
    lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message} ({f.name})" for f in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
