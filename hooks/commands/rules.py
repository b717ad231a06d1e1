"""The rule catalogue: ``runlog rules`` and the generated page ``docs/rules.md``.

Everything here is generated from the rule registry (:data:`hooks.rules.ruleset.RULES`) and each
rule's module docstring, whose fixed headings ("What it does:", "Why it matters:",
"Example:", "How to fix:") become the page's sections, so the documentation cannot drift
from the code. A test regenerates the page and fails when the checked-in copy is stale;
refresh it with ``runlog rules --write-docs docs/rules.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from hooks.io.atomic import write_text_atomic
from hooks.rules.base import Rule
from hooks.rules.metadata import RST_LITERAL, anchor, rule_record, rule_table_text, sections
from hooks.rules.ruleset import RULES

#: Where the generated catalogue lives in this repository.
DOCS_PAGE = "docs/rules.md"


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
        summary = RST_LITERAL.sub(r"`\1`", rule.summary.replace("|", "\\|"))
        out.append(f"| [{rule.code}](#{anchor(rule)}) | `{rule.name}` | {rule.severity.value} | {kinds} | {summary} |")
    for rule in rules:
        out += ["", f"## {rule.code} {rule.name}", "", RST_LITERAL.sub(r"`\1`", rule.summary), ""]
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
    parser.add_argument("--write-table", metavar="FILE", help="write the rule table configuration reads (this repository's is hooks/data/rules.json)")


def run(args: argparse.Namespace) -> int:
    """``runlog rules``: list every rule, or write the catalogue page."""
    if args.write_table:
        write_text_atomic(Path(args.write_table), rule_table_text(RULES))
        print(f"runlog: wrote {len(RULES)} rules to {args.write_table}", file=sys.stderr)
        return 0
    if args.write_docs:

        write_text_atomic(Path(args.write_docs), render_page())
        print(f"runlog: wrote {len(RULES)} rules to {args.write_docs}", file=sys.stderr)
        return 0
    sys.stdout.write(render_list(RULES, args.format))
    return 0


