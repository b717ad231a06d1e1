"""Template compilation: the kind compiled from run-log-template.md against the shipped one."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest

from hooks.config.loader import Config, load_config
from hooks.engine.runner import check_paths
from hooks.errors import ConfigError
from hooks.io.yaml import load_yaml
from hooks.kinds.kind import Kind
from hooks.kinds.loader import kind_from_mapping, load_kind_file
from hooks.kinds.template import compile_template, compile_template_file, dump_kind
from hooks.model.document import parse, plain
from tests.conftest import HEYREACH, SPECS, TODAY, run_cli

RUN_LOG_SPEC = SPECS / "run-log-template.md"
EXECUTION_SPEC = SPECS / "execution-logging-spec.md"
SPEC_MODES = ["review-tagged", "learn-from-jan", "system-improvement"]

#: The shipped run-log kind's reality-driven relaxations (hooks/data/kinds/run-log.yaml),
#: written as the documented mechanism: a kind file naming the template, keys merged over it.
RELAXATIONS = r"""
fields:
  - {name: Mode, pattern: '[1-7](?:\b.*)?$'}
sections:
  - title: "Step N: ..."
    fields: [{name: Action, required: false}, {name: Result, required: false}]
  - title: Final Status
    fields:
      - {name: Conversations Processed, required: false}
      - {name: Messages Sent, required: false}
      - {name: Changes Made, required: false}
      - {name: Issues to Address, required: false}
options:
  modes: [review-tagged, learn-from-jan, system-improvement, process, system-review, learn-jan, analyze-reactions, troubleshoot]
"""


def _kind_file(tmp_path: Path, name: str, extra: str = "") -> Path:
    path = tmp_path / name
    path.write_text(
        f"name: run-log\ntemplate: {RUN_LOG_SPEC}\npaths: ['**/run-logs/*.md']\n"
        f"exclude: ['**/README.md', '**/readme.md']\n{extra}",
        encoding="utf-8",
    )
    return path


def _findings(config: Config, kind: Kind | None, cwd: Path) -> dict[str, Counter[tuple[int, str]]]:
    if kind is not None:
        config = dataclasses.replace(config, kinds=tuple(kind if k.name == "run-log" else k for k in config.kinds))
    report = check_paths([str(HEYREACH / "run-logs")], config, cwd, TODAY)
    out: dict[str, Counter[tuple[int, str]]] = {}
    for finding in report.findings:
        out.setdefault(finding.path.rsplit("/", 1)[-1], Counter())[(finding.line, finding.code)] += 1
    return out


def test_compiled_run_log_kind_has_the_template_structure() -> None:
    kind = kind_from_mapping(compile_template_file(RUN_LOG_SPEC), str(RUN_LOG_SPEC))
    assert kind.name == "run-log"
    assert [f.name for f in kind.fields] == ["Started", "Mode", "Status"]
    started, mode, status = kind.fields
    assert started.grammar == "datetime-minute"
    assert mode.pattern is not None and mode.pattern.match("7") and not mode.pattern.match("8")
    assert status.enum == ("In Progress", "Completed", "Failed")
    assert [s.title for s in kind.sections] == ["Step N: ...", "Errors Encountered", "Final Status", "Token Usage"]
    step = kind.sections[0]
    assert step.repeat and step.pattern.fullmatch("Step 12: Fetch conversations")
    assert {f.name: f.required for f in step.fields} == {"Time": True, "Action": True, "API Call": False, "Result": True, "Notes": False}
    assert kind.sections[1].columns == ("Time", "Error", "Context", "Resolution")
    final = {f.name: f.grammar for f in kind.sections[2].fields}
    assert final["Completed"] == "yes-no" and final["Messages Sent"] == "integer"
    assert kind.sections[3].rows[-1] == ("Estimated Cost", "$0.00")
    assert kind.filename is not None and kind.filename.fullmatch("2026-01-03_14-30_review-tagged-1.md")
    assert not kind.filename.fullmatch("2026-01-03_review-tagged-1.md")
    assert kind.options["modes"] == SPEC_MODES


def test_execution_spec_blocks_compile_to_both_formats() -> None:
    normal = kind_from_mapping(compile_template_file(EXECUTION_SPEC), "x")
    exception = kind_from_mapping(compile_template_file(EXECUTION_SPEC, name="exception-log", block=2), "x")
    assert {f.name: f.enum for f in normal.fields}["ENV"] == ("dev", "stage", "prod")
    transition = next(f for f in normal.fields if f.name == "STATE Transition")
    assert transition.pattern is not None
    assert transition.pattern.match("PLAN -> DRAFT") and transition.pattern.match("PLAN → DRAFT")
    assert not transition.pattern.match("PLAN to DRAFT")
    assert next(s for s in normal.sections if s.title == "Outcome").value_enum == ("Success", "Partial", "Failed")
    assert normal.filename is not None and normal.filename.fullmatch("2026-01-10-TASK-42.md")
    assert exception.name == "exception-log"
    assert {f.name: f.enum for f in exception.fields}["Severity"] == ("warning", "error", "critical")
    assert [s.title for s in exception.sections][-1] == "Workaround Used"


def test_relaxed_compiled_kind_finds_exactly_what_the_shipped_kind_finds(tmp_path: Path) -> None:
    config = load_config(None, tmp_path)
    shipped = _findings(config, None, tmp_path)
    relaxed = load_kind_file(_kind_file(tmp_path, "relaxed.yaml", RELAXATIONS))
    assert relaxed.template == str(RUN_LOG_SPEC)
    assert _findings(config, relaxed, tmp_path) == shipped
    assert sum(sum(c.values()) for c in shipped.values()) > 100  # the heyreach logs are far from the template


def _expected_extra(path: Path) -> Counter[tuple[int, str]]:
    """What the bare compiled kind adds over the shipped one: the relaxations, file by file."""
    doc = parse(path.name, path.read_text(encoding="utf-8"))
    extra: Counter[tuple[int, str]] = Counter()
    named = re.fullmatch(r"\d{4}-\d{2}-\d{2}_\d{2}-\d{2}_(?P<mode>[a-z0-9]+(?:-[a-z0-9]+)*)-\d+\.md", path.name)
    title = re.sub(r"[^a-z0-9]+", "-", plain(doc.title or "").split(":", 1)[-1].lower()).strip("-")
    if named and named.group("mode") not in SPEC_MODES and named.group("mode") != title:
        extra[(1, "RL113")] += 1
    mode = doc.field("Mode")
    if mode is not None and not re.match(r"[1-7]$", plain(mode.value)) and re.match(r"[1-7](?:\b.*)?$", plain(mode.value)):
        extra[(mode.line, "RL104")] += 1  # "1 - Review Tagged Conversations": relaxed pattern only
    for section in doc.sections:
        if section.level >= 2 and plain(section.title).casefold() == "final status":
            keys = {f.key.casefold() for f in doc.fields_in(section)}
            for name in ("conversations processed", "messages sent", "changes made", "issues to address"):
                extra[(section.line, "RL103")] += name not in keys
            break
    step = next((s for s in doc.sections if s.level >= 2 and re.fullmatch(r"Step \d+\s*:.*", plain(s.title))), None)
    if step is not None:
        keys = {f.key.casefold() for f in doc.fields_in(step)}
        for name in ("action", "result"):
            extra[(step.line, "RL103")] += name not in keys
    return +extra


def test_bare_compiled_kind_differs_only_by_the_documented_relaxations(tmp_path: Path) -> None:
    config = load_config(None, tmp_path)
    shipped = _findings(config, None, tmp_path)
    bare = _findings(config, load_kind_file(_kind_file(tmp_path, "bare.yaml")), tmp_path)
    names = sorted(set(shipped) | set(bare))
    differences = {n: bare.get(n, Counter()) - shipped.get(n, Counter()) for n in names}
    assert all(not (shipped.get(n, Counter()) - bare.get(n, Counter())) for n in names)  # finds everything shipped finds
    expected = {n: _expected_extra(HEYREACH / "run-logs" / n) for n in names}
    assert {n: +d for n, d in differences.items() if d} == {n: e for n, e in expected.items() if e}
    assert sum(e[(1, "RL113")] for e in expected.values()) == 9  # process x7, system-review, learn-jan


def test_cli_from_template_prints_yaml_that_loads(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["kind", "from-template", str(RUN_LOG_SPEC), "--path", "**/run-logs/*.md"], capsys)
    assert code == 0, err
    kind = kind_from_mapping(load_yaml(out, "<stdout>"), "<stdout>")
    assert kind.paths == ("**/run-logs/*.md",) and kind.title is not None
    assert kind.title.fullmatch("Run Log: Review Tagged Conversations")
    assert "enum: [In Progress, Completed, Failed]" in out


def test_cli_from_template_without_template_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some prose, no heading\n", encoding="utf-8")
    code, out, err = run_cli(["kind", "from-template", str(path)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(path) in err and "no template found" in err


def test_bare_template_file_and_block_out_of_range(tmp_path: Path) -> None:
    bare = "# Deploy Log: [Service]\n**When:** YYYY-MM-DD\n**Result:** ok / failed\n\n## Steps\n"
    kind = kind_from_mapping(compile_template(bare, origin="deploy.md"), "deploy.md")
    assert kind.name == "deploy-log" and kind.fields[1].enum == ("ok", "failed")
    with pytest.raises(ConfigError, match="no markdown block 3"):
        compile_template(EXECUTION_SPEC.read_text(encoding="utf-8"), block=3, origin="spec.md")


def test_kind_file_with_missing_template_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "kind.yaml"
    path.write_text("name: run-log\npaths: ['**/x/*.md']\ntemplate: nowhere.md\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_kind_file(path)
    assert caught.value.line == 3 and "nowhere.md" in caught.value.message


def test_dump_round_trips() -> None:
    compiled = compile_template_file(EXECUTION_SPEC)
    again = load_yaml(dump_kind(compiled), "<dump>")
    assert kind_from_mapping(again, "a") == dataclasses.replace(kind_from_mapping(compiled, "a"))
