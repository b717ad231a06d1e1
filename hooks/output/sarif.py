"""The ``sarif`` format: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run whose ``tool.driver`` lists every rule of the registry (``id`` the code, ``name``,
``shortDescription`` the summary, ``fullDescription`` and ``help`` from the docstring,
``helpUri`` the catalogue page, ``defaultConfiguration.level``), and one result per finding
with ``ruleId``/``ruleIndex``, ``level`` (``error``, ``warning``, ``note`` for info), the
message, a ``physicalLocation`` (``artifactLocation.uri`` relative to ``%SRCROOT%``, the
working folder, and ``region.startLine``/``startColumn``) and ``partialFingerprints``
(``runlog/v1``: the baseline fingerprint, stable when lines move).

Source: OASIS SARIF 2.1.0 (docs.oasis-open.org/sarif/sarif/v2.1.0); GitHub's "SARIF support
for code scanning" page for the fields it reads. The output is checked against the official
schema in ``tests/data/sarif-schema-2.1.0.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hooks import __version__
from hooks.engine.baseline import fingerprint_all
from hooks.engine.runner import Report
from hooks.finding import Severity
from hooks.output.json_report import locator
from hooks.rules.base import Rule
from hooks.rules.metadata import help_uri, sections
from hooks.rules.ruleset import RULES

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _descriptor(rule: Rule) -> dict[str, Any]:
    parts = sections(rule)
    full = next((body for heading, body in parts if heading == "What it does"), rule.summary)
    markdown = "\n\n".join(f"**{h}**\n\n{b}" if h else b for h, b in parts)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "help": {"text": f"{rule.summary}\n\n{full}", "markdown": f"{rule.summary}\n\n{markdown}"},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": sorted(rule.kinds) or ["all"]},
    }


def uri(path: str) -> str:
    """A display path as a relative URI reference (percent-encoded, ``/`` kept)."""
    return quote(path, safe="/")


def document(report: Report) -> dict[str, Any]:
    """The SARIF log as plain data."""
    index = {rule.code: number for number, rule in enumerate(RULES)}
    results = []
    for item in fingerprint_all(report.findings, locator(report)):
        f = item.finding
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(f.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
            "partialFingerprints": {"runlog/v1": item.fingerprint},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    root = Path.cwd().resolve().as_uri() + "/"
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "runlog", "version": __version__, "semanticVersion": __version__, "rules": [_descriptor(r) for r in RULES]}},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report) -> str:
    """:func:`document` as indented JSON."""
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
