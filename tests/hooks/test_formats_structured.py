"""The structured parsers (hooks/formats): JSON, JSON lines, entry logs and run directories."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from hooks.errors import ConfigError
from hooks.kinds.kind import Kind
from hooks.kinds.loader import shipped_kinds
from hooks.parse.json_lines import parse_json, value_lines
from hooks.structured.records import record_options
from hooks.structured.rundir import load_run_directory, parse_summary, run_options, run_root
from hooks.structured.textlog import parse_textlog

EPISODE = """{
  "episode_id": "ep-42",
  "steps": [
    {
      "tool": "cargo",
      "action": "build --all",
      "latency_ms": 12500,
      "success": true,
      "observation": "Build successful, 0 warnings"
    },
    {"tool": "claude", "action": "generate batch.rs", "latency_ms": 4500, "tokens": 2800,
     "success": true, "observation": "Generated batch.rs"}
  ]
}
"""


def _kind(name: str) -> Kind:
    return next(k for k in shipped_kinds() if k.name == name)


def test_json_container_records_carry_the_line_of_each_key() -> None:
    doc = parse_json("ep.json", EPISODE)
    assert (doc.shape, doc.container, doc.errors) == ("container", "steps", ())
    assert [r.line for r in doc.records] == [4, 11]
    assert doc.records[0].line_of("latency_ms") == 7
    assert doc.records[1].line_of("tokens") == 11
    assert doc.records[1].line_of("success") == 12
    assert doc.line_of("episode_id") == 2
    assert doc.get("steps", 1, "tokens") == 2800


def test_json_values_are_frozen() -> None:
    doc = parse_json("ep.json", EPISODE)
    assert isinstance(doc.records[0].value, Mapping)
    with pytest.raises(TypeError):
        doc.records[0].value["tool"] = "make"  # type: ignore[index]
    assert isinstance(doc.get("steps"), tuple)


def test_json_array_and_object_without_container() -> None:
    array = parse_json("steps.json", '[{"tool": "git"},\n {"tool": "cargo"}]')
    assert array.shape == "array" and [r.line for r in array.records] == [1, 2]
    other = parse_json("event.json", '{"sensor": "perf", "violation_count": 1}')
    assert other.shape == "object" and other.records == ()


def test_invalid_json_is_an_error_with_its_line_not_an_exception() -> None:
    doc = parse_json("ep.json", '{\n  "steps": [\n    {"tool": "cargo",}\n  ]\n}\n')
    assert doc.shape == "invalid" and doc.records == ()
    assert len(doc.errors) == 1 and doc.errors[0].line == 3


def test_json_lines_keep_good_lines_and_report_bad_ones() -> None:
    text = '{"tool": "git", "latency_ms": 3}\n\n{"tool": "cargo", "latency_ms": \n[1, 2]\n'
    doc = parse_json("steps.jsonl", text, "json")
    assert doc.shape == "lines"
    assert [(r.index, r.line) for r in doc.records] == [(0, 1), (1, 4)]
    assert [e.line for e in doc.errors] == [3]
    assert doc.records[0].line_of("latency_ms") == 1


def test_value_lines_handles_escaped_quotes_and_nesting() -> None:
    text = '{"a": "x\\"}", \n "b": [\n {"c": 1},\n 2\n ]}'
    json.loads(text)
    lines = value_lines(text)
    assert lines[("b",)] == 2 and lines[("b", 0, "c")] == 3 and lines[("b", 1)] == 4


def test_textlog_entries_details_and_loose_lines() -> None:
    text = (
        "Design log for cap_8L\n"
        "[2025-10-22 14:24:30] CALCULATE_TIME: Training time estimate\n"
        "Input: 8000 samples, batch_size=4\n"
        "Calculation: steps = 8000/4 = 2000\n"
        "  time = 2000/4.34 = 461s\n"
        "Result: Estimated 16 minutes\n"
        "some pasted output\n"
        "\n"
        "[2025-10-22 14:25:61] CHECK_DISK: Verifying space\n"
        "[broken header\n"
    )
    log = parse_textlog("design-experiment.log", text)
    assert [e.line for e in log.entries] == [2, 9]
    first = log.entries[0]
    assert first.action == "CALCULATE_TIME" and first.when is not None and first.when.minute == 24
    assert [d.key for d in first.details] == ["Input", "Calculation", "Result"]
    assert first.detail("result") is not None and first.end_line == 7
    assert log.entries[1].when is None  # 61 seconds is not a time
    assert [(x.line, x.reason) for x in log.loose] == [(1, "before-first-entry"), (7, "not-a-detail"), (10, "bad-header")]


SUMMARY = """================================================================================
EXPERIMENT RUN SUMMARY
================================================================================
Run ID: abc123
Framework: baes

================================================================================
STEP EXECUTION SUMMARY
================================================================================
Step 001: SUCCESS (duration: 2m 34s, retries: 0)
  - API Calls: 12
  - Tokens (prompt/completion/total): 1,234 / 567 / 1801
  - LLM Requests: 8

Step 003: SUCCESS (duration: 1m 45s, retries: 0)
  - API Calls: 0
  - Tokens (prompt/completion/total): 0 / 0 / 0

================================================================================
FINAL METRICS
================================================================================
Total API Calls: 12
Total Tokens: 1801
"""


def test_summary_parse_reads_steps_and_totals_with_lines() -> None:
    summary = parse_summary("logs_summary.txt", SUMMARY)
    assert summary.run_id == ("abc123", 4)
    assert [(s.number, s.status, s.line) for s in summary.steps] == [(1, "SUCCESS", 10), (3, "SUCCESS", 15)]
    step = summary.steps[0]
    assert step.prompt is not None and (step.prompt.value, step.prompt.line) == (1234, 12)
    assert step.api_calls is not None and step.api_calls.value == 12
    assert summary.total_tokens is not None and (summary.total_tokens.value, summary.total_tokens.line) == (1801, 23)


def test_run_root_takes_the_last_runs_folder(tmp_path: Path) -> None:
    path = tmp_path / "runs" / "project" / "runs" / "baes" / "r1" / "sprint_001" / "metadata.json"
    assert run_root(path, "runs") == tmp_path / "runs" / "project" / "runs" / "baes" / "r1"
    assert run_root(tmp_path / "runs" / "baes" / "metrics.json", "runs") is None


def test_run_directory_loads_siblings_and_reports_bad_json(tmp_path: Path) -> None:
    run = tmp_path / "runs" / "baes" / "r1"
    (run / "logs" / "step_001").mkdir(parents=True)
    (run / "logs" / "step_001" / "adapter.log").write_text("x\n")
    (run / "metadata.json").write_text('{"run_id": "r1", "framework": "baes"}')
    (run / "metrics.json").write_text('{"run_id": "r1",\n "steps": [}\n')
    (run / "logs_summary.txt").write_text(SUMMARY)
    kind = _kind("run-directory")
    text = (run / "metadata.json").read_text()
    model = load_run_directory(run / "metadata.json", "runs/baes/r1/metadata.json", text, kind, 10_000)
    assert model is not None
    assert (model.path, model.framework, model.run_id, model.layout.name) == ("runs/baes/r1", "baes", "r1", "spec")
    assert model.anchor == "runs/baes/r1/metadata.json"
    assert model.metrics is None and model.summary is not None and model.metadata is not None
    assert [(e.path, e.line) for e in model.errors] == [("runs/baes/r1/metrics.json", 2)]
    assert [(s.number, sorted(s.logs)) for s in model.step_folders] == [(1, ["adapter"])]


def test_run_options_reject_unknown_layout_keys() -> None:
    kind = Kind(name="run-directory", file_format="run-directory", origin="team/run.yaml",
                options={"layouts": [{"name": "x", "summary": "s.txt", "sumary": "typo"}]})
    with pytest.raises(ConfigError) as caught:
        run_options(kind)
    assert "sumary" in str(caught.value) and "team/run.yaml" in str(caught.value)


def test_record_options_reject_unknown_type() -> None:
    kind = Kind(name="episode", file_format="json", origin="team/episode.yaml", options={"record-fields": {"tool": {"type": "text"}}})
    with pytest.raises(ConfigError, match="record-fields.tool.type"):
        record_options(kind)


def test_deeply_nested_json_is_an_error_not_a_crash() -> None:
    text = "[" * 100_000 + "]" * 100_000
    doc = parse_json("deep.json", text)
    assert doc.shape == "invalid" and doc.errors and doc.errors[0].message == "nested too deeply"
