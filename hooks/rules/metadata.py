"""Rule metadata for the catalogue and machine outputs: anchors, help addresses, documentation sections.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from typing import Any

from hooks.rules.base import Rule

#: The public address of the catalogue page; rule anchors are appended (SARIF ``helpUri``).
#: The repository's public address is the README's placeholder until it is fixed.
DOCS_URL = "https://github.com/your-org/runlog/blob/main/docs/rules.md"


_HEADING = re.compile(r"^([A-Z][A-Za-z ]+):\s*$")


RST_LITERAL = re.compile(r"``(.+?)``")


def anchor(rule: Rule) -> str:
    """The page anchor of ``rule``'s section (GitHub's and MkDocs' slug of ``RL101 name``)."""
    return f"{rule.code.lower()}-{rule.name}"


def help_uri(rule: Rule) -> str:
    """The address of ``rule``'s documentation."""
    return f"{DOCS_URL}#{anchor(rule)}"


def sections(rule: Rule) -> list[tuple[str, str]]:
    """``rule``'s docstring after its summary line, as (heading, markdown body) pairs in order.

    Text before the first heading is returned under the heading ``""``.
    """
    lines = rule.doc.strip().splitlines()[1:]
    parts: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        match = _HEADING.match(line)
        if match:
            parts.append((match.group(1), []))
        else:
            parts[-1][1].append(line)
    out = []
    for heading, body in parts:
        text = RST_LITERAL.sub(r"`\1`", textwrap.dedent("\n".join(body)).strip())
        if text or heading:
            out.append((heading, text))
    return out


def rule_record(rule: Rule) -> dict[str, Any]:
    """``rule`` as plain data (the ``runlog rules --format json`` shape)."""
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "kinds": sorted(rule.kinds),
        "scope": "project" if rule.check_project is not None else "file",
        "summary": rule.summary,
        "options": {k: v for k, v in sorted(rule.options.items()) if isinstance(v, (str, int, float, bool, list, dict, type(None)))},
        "help_uri": help_uri(rule),
    }


def rule_table_text(rules: Sequence[Rule]) -> str:
    """``hooks/data/rules.json`` for ``rules``: code, name, default severity, options and
    summary of each (what :mod:`hooks.config.rule_table` reads)."""
    rows = [{"code": r.code, "name": r.name, "severity": r.severity.value, "options": dict(sorted(r.options.items())), "summary": r.summary}
            for r in rules]
    return json.dumps(rows, indent=1, ensure_ascii=False) + "\n"
