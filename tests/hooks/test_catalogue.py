"""The rule catalogue (runlog rules, docs/rules.md) and the hook list in README."""

from __future__ import annotations

import json

import pytest
from ruamel.yaml import YAML

from hooks.commands.rules import render_page
from hooks.config.rule_table import rule_table
from hooks.rules.metadata import anchor, rule_table_text, sections
from hooks.rules.ruleset import RULES
from tests.conftest import REPO, run_cli


def test_docs_rules_md_is_current() -> None:
    page = REPO / "docs" / "rules.md"
    assert page.is_file() and page.read_text(encoding="utf-8") == render_page(), (
        "docs/rules.md is stale: run `runlog rules --write-docs docs/rules.md` and commit it"
    )


def test_the_rule_table_configuration_reads_is_current() -> None:
    shipped = (REPO / "hooks" / "data" / "rules.json").read_text(encoding="utf-8")
    assert shipped == rule_table_text(RULES), "hooks/data/rules.json is stale: run `runlog rules --write-table hooks/data/rules.json`"
    assert [(i.code, i.name, i.severity, i.options) for i in rule_table()] == [(r.code, r.name, r.severity, dict(r.options)) for r in RULES]


def test_every_rule_documents_the_fixed_headings() -> None:
    for rule in RULES:
        headings = [h for h, _ in sections(rule) if h]
        assert headings[:4] == ["What it does", "Why it matters", "Example", "How to fix"], rule.code
        assert f"## {rule.code} {rule.name}" in render_page()
        assert anchor(rule) == f"{rule.code.lower()}-{rule.name}"


def test_every_hook_id_is_documented_in_readme() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [h["id"] for h in hooks if f"`{h['id']}`" not in readme]
    assert not missing, f"hook ids missing from README.md: {missing}"


def test_runlog_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["rules"], capsys)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [r.code for r in RULES]
    code, out, _ = run_cli(["rules", "--format", "json"], capsys)
    records = json.loads(out)
    assert [(r["code"], r["name"], r["severity"]) for r in records] == [(r.code, r.name, r.severity.value) for r in RULES]
    assert all(r["summary"] for r in records)
