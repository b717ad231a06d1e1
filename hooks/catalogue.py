"""The rule catalogue: ``runlog rules`` and the generated page ``docs/rules.md``.

Everything here is generated from the rule registry (:data:`hooks.rules.RULES`) and each
rule's module docstring, whose fixed headings ("What it does:", "Why it matters:",
"Example:", "How to fix:") become the page's sections, so the documentation cannot drift
from the code. A test regenerates the page and fails when the checked-in copy is stale;
refresh it with ``runlog rules --write-docs docs/rules.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hooks.rules import RULES
from hooks.rules.base import Rule

#: Where the generated catalogue lives in this repository.
DOCS_PAGE = "docs/rules.md"

#: The public address of the catalogue page; rule anchors are appended (SARIF ``helpUri``).
#: The repository's public address is the README's placeholder until it is fixed.
DOCS_URL = "https://github.com/your-org/runlog/blob/main/docs/rules.md"

_HEADING = re.compile(r"^([A-Z][A-Za-z ]+):\s*$")
_RST_LITERAL = re.compile(r"``(.+?)``")


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
        text = _RST_LITERAL.sub(r"`\1`", textwrap.dedent("\n".join(body)).strip())
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


def render_page(rules: Sequence[Rule] = RULES) -> str:
    """The markdown of ``docs/rules.md``: an index table, then one section per rule."""
    out = [
        "# Rules",
        "",
        "<!-- Generated from the rules' docstrings by `runlog rules --write-docs docs/rules.md`; do not edit by hand. -->",
        "",
        "Every rule has a code and a name; either selects it in the configuration",
        "(`rules: {RL105: off}`) and in inline suppressions",
        "(`<!-- runlog-disable-next-line missing-section -->`).",
        "",
        "| Code | Name | Default severity | Kinds | Summary |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        kinds = ", ".join(sorted(rule.kinds)) or "all"
        summary = _RST_LITERAL.sub(r"`\1`", rule.summary.replace("|", "\\|"))
        out.append(f"| [{rule.code}](#{anchor(rule)}) | `{rule.name}` | {rule.severity.value} | {kinds} | {summary} |")
    for rule in rules:
        out += ["", f"## {rule.code} {rule.name}", "", _RST_LITERAL.sub(r"`\1`", rule.summary), ""]
        kinds = ", ".join(f"`{k}`" for k in sorted(rule.kinds)) or "all"
        out.append(f"Default severity: **{rule.severity.value}**. Kinds: {kinds}.")
        if rule.options:
            options = ", ".join(f"`{k}` (default `{v!r}`)" for k, v in sorted(rule.options.items()) if k != "prices")
            if options:
                out.append(f"Options: {options}.")
        for heading, body in sections(rule):
            out.append("")
            if heading:
                out += [f"### {heading}", ""]
            out.append(body)
    return "\n".join(out).rstrip() + "\n"


def render_list(rules: Sequence[Rule], fmt: str) -> str:
    """``runlog rules`` output: aligned text columns, or a JSON list of :func:`rule_record`."""
    if fmt == "json":
        return json.dumps([rule_record(r) for r in rules], indent=2, ensure_ascii=False) + "\n"
    width = max((len(r.name) for r in rules), default=0)
    return "".join(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}\n" for r in rules)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog rules``."""
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    parser.add_argument("--write-docs", metavar="FILE", help=f"write the rule catalogue page to FILE (this repository's is {DOCS_PAGE})")


def run(args: argparse.Namespace) -> int:
    """``runlog rules``: list every rule, or write the catalogue page."""
    if args.write_docs:
        from hooks.atomic import write_text_atomic

        write_text_atomic(Path(args.write_docs), render_page())
        print(f"runlog: wrote {len(RULES)} rules to {args.write_docs}", file=sys.stderr)
        return 0
    sys.stdout.write(render_list(RULES, args.format))
    return 0


def add_schema_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog config-schema``."""
    parser.add_argument("--write", metavar="FILE", help="write the schema to FILE (the package's is hooks/data/config.schema.json)")


def run_schema(args: argparse.Namespace) -> int:
    """``runlog config-schema``: print or write the JSON Schema of the configuration."""
    from hooks.config import schema_text

    if args.write:
        from hooks.atomic import write_text_atomic

        write_text_atomic(Path(args.write), schema_text())
        print(f"runlog: wrote the configuration schema to {args.write}", file=sys.stderr)
        return 0
    sys.stdout.write(schema_text())
    return 0
