"""The ``json`` format: one JSON document, a stable shape for scripts and dashboards.

Shape (``version`` changes only when a field is removed or changes meaning)::

    {
      "version": 1,
      "tool": {"name": "runlog", "version": "0.1.0"},
      "summary": {"files": 45, "findings": 3, "error": 2, "warning": 1, "info": 0,
                  "baselined": 0, "cached": 40},
      "findings": [
        {"path": "run-logs/a.md", "line": 27, "column": 1, "code": "RL301",
         "name": "token-total-mismatch", "severity": "error",
         "message": "Total Tokens is 36,000 but ...", "fingerprint": "9f2c..."}
      ]
    }

``findings`` are sorted by path, line, column, code; ``fingerprint`` is the baseline
fingerprint (:mod:`hooks.engine.baseline`, paths as shown), stable when lines move.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hooks import __version__
from hooks.engine.baseline import fingerprint_all
from hooks.engine.runner import Report
from hooks.finding import Severity

#: Version of the document's shape.
SHAPE_VERSION = 1


def locator(report: Report) -> Any:
    """A function from a finding's display path to the file on disk (for fingerprints)."""

    def locate(display: str) -> Path:
        return report.files.get(display) or Path(display).resolve()

    return locate


def document(report: Report) -> dict[str, Any]:
    """The report as the documented plain-data shape."""
    summary: dict[str, Any] = {"files": report.files_checked, "findings": len(report.findings)}
    summary.update({s.value: report.count(s) for s in Severity})
    summary.update({"baselined": report.baselined, "cached": report.cache_hits})
    findings = [
        {
            "path": f.finding.path,
            "line": f.finding.line,
            "column": f.finding.column,
            "code": f.finding.code,
            "name": f.finding.name,
            "severity": f.finding.severity.value,
            "message": f.finding.message,
            "fingerprint": f.fingerprint,
        }
        for f in fingerprint_all(report.findings, locator(report))
    ]
    return {"version": SHAPE_VERSION, "tool": {"name": "runlog", "version": __version__}, "summary": summary, "findings": findings}


def render(report: Report) -> str:
    """:func:`document` as indented JSON."""
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
