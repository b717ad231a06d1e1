"""The structured kinds end to end: design-experiment.log, run directories, episodes,
orchestrator logs; passing and failing real-looking files, and the shared corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.runner import Report, check_paths
from tests.conftest import CORPUS, TODAY, run_cli

GOOD_EXPERIMENT_LOG = """\
[2025-10-22 14:23:15] VERIFY_MODEL: Checking Llama-3.2-1B-Instruct
Command: ls /models/Llama-3.2-1B-Instruct
Result: Directory exists with 15 files (config.json, model.safetensors, etc.)
Explanation: Verifying base model exists before creating experiment plan

[2025-10-22 14:24:30] CALCULATE_TIME: Training time estimate
Input: 8000 samples, batch_size=4, speed=4.34 it/s, epochs=2
Calculation: steps_per_epoch = 8000/4 = 2000, time_per_epoch = 2000/4.34 = 461s
  (rounded to 8 minutes)
Result: Estimated 16 minutes total (8 min x 2 epochs)
Explanation: Calculated training time based on actual iteration speed from prior run

[2025-10-22 14:25:30] DECIDE_NAMING: Experiment name chosen
Decision: cap_8L_lora_comparison_2025-10-22
Reasoning: Capitalization task (cap), 8-letter words (8L), comparing LoRA ranks, dated
Explanation: User confirmed this naming follows convention and is descriptive

[2025-10-22 14:26:15] COMPLETE: Experiment design finished
Status: Plan approved by user, files written
Next Steps: User can now run scaffold-experiment to generate configs
Explanation: Planning phase complete, documented in summary and this log
"""

BAD_EXPERIMENT_LOG = """\
Planning notes for the rank sweep
[2025-10-22 14:23:15] VERIFY_MODLE: Checking Llama-3.2-1B-Instruct
Command: ls /models/Llama-3.2-1B-Instruct
Outcome: Directory exists
Explanation: Verifying base model exists

[2025-10-22 14:22:01] CHECK_DISK: Verifying available disk space
Result: 2.1T available
Explanation: Ensuring sufficient space for checkpoints

[2025-10-22 14:26] COMPLETE: Experiment design finished
Status: done
Next Steps: scaffold
Explanation: finished
"""


def _check(tmp_path: Path, *paths: str) -> Report:
    config = load_config(None, tmp_path)
    return check_paths(list(paths) or ["."], config, tmp_path, TODAY)


def _codes(report: Report) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.code) for f in report.findings]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# design-experiment.log -----------------------------------------------------------------


@pytest.mark.parametrize("where", ["cap_8L/design-experiment.log", "cap_8L/logs/design-experiment.log"])
def test_design_experiment_log_from_the_spec_passes(tmp_path: Path, where: str) -> None:
    _write(tmp_path / where, GOOD_EXPERIMENT_LOG)
    report = _check(tmp_path)
    assert report.files_checked == 1 and report.findings == []


def test_design_experiment_log_problems_are_found(tmp_path: Path) -> None:
    _write(tmp_path / "cap_8L" / "design-experiment.log", BAD_EXPERIMENT_LOG)
    found = {(f.line, f.code): f.message for f in _check(tmp_path).findings}
    assert sorted(found) == [(1, "RL405"), (2, "RL402"), (4, "RL405"), (7, "RL403"), (7, "RL404"), (11, "RL401")]
    assert "did you mean VERIFY_MODEL" in found[(2, "RL402")]
    assert found[(7, "RL404")] == "CHECK_DISK entry has no 'Command:' line"
    assert "earlier than the entry on line 2" in found[(7, "RL403")]
    assert "'2025-10-22 14:26' is not a real 'YYYY-MM-DD HH:MM:SS'" in found[(11, "RL401")]
    assert "'Outcome:'" in found[(4, "RL405")]


def test_team_kind_renames_action_types(tmp_path: Path) -> None:
    _write(tmp_path / "exp" / "design-experiment.log", "[2025-10-22 14:23:15] PROBE_GPU: nvidia-smi\nCommand: nvidia-smi\nExplanation: x\n")
    assert [f.code for f in _check(tmp_path).findings] == ["RL402"]
    _write(
        tmp_path / "kinds" / "design.yaml",
        "name: design-experiment\nformat: text\npaths: ['**/design-experiment.log']\n"
        "options:\n  action-types: [PROBE_GPU]\n  detail-keys: [Command, Explanation]\n"
        "  required-details: {'*': [Command, Explanation]}\n",
    )
    _write(tmp_path / ".runlog.yaml", "kinds: [kinds/design.yaml]\n")
    assert _check(tmp_path).findings == []


def test_bad_kind_option_stops_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "exp" / "design-experiment.log", GOOD_EXPERIMENT_LOG)
    _write(tmp_path / "kinds" / "design.yaml", "name: design-experiment\nformat: text\npaths: ['**/design-experiment.log']\noptions:\n  action-types: VERIFY\n  required-details: {'*': 3}\n")
    _write(tmp_path / ".runlog.yaml", "kinds: [kinds/design.yaml]\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["check", "."], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "kinds/design.yaml" in err and "required-details.*" in err


# run directories -----------------------------------------------------------------------


def _metrics(run_id: str, steps: list[tuple[int, int, int]], aggregate: tuple[int, int, int] | None = None) -> str:
    data: dict[str, object] = {
        "run_id": run_id,
        "steps": [
            {"step_number": n, "duration_seconds": 30.5, "success": True, "tokens_in": i, "tokens_out": o, "api_calls": 3}
            for n, i, o in steps
        ],
    }
    if aggregate is not None:
        data["aggregate_metrics"] = {"TOK_IN": aggregate[0], "TOK_OUT": aggregate[1], "API_CALLS": aggregate[2]}
    return json.dumps(data, indent=2)


def _summary(run_id: str, steps: list[tuple[int, int, int, int]], total_calls: int, total_tokens: int) -> str:
    blocks = "".join(
        f"Step {n:03d}: SUCCESS (duration: 30s, retries: 0)\n  - API Calls: {calls}\n"
        f"  - Tokens (prompt/completion/total): {i} / {o} / {i + o}\n  - LLM Requests: {calls}\n\n"
        for n, i, o, calls in steps
    )
    rule = "=" * 80
    return (
        f"{rule}\nEXPERIMENT RUN SUMMARY\n{rule}\nRun ID: {run_id}\nFramework: baes\nModel: gpt-4o-mini\n\n"
        f"{rule}\nSTEP EXECUTION SUMMARY\n{rule}\n{blocks}{rule}\nFINAL METRICS\n{rule}\n"
        f"Total API Calls: {total_calls}\nTotal Tokens: {total_tokens}\n{rule}\n"
    )


def _spec_run(base: Path, run_id: str = "7f3c2a10") -> Path:
    run = base / "runs" / "baes" / run_id
    _write(run / "metadata.json", json.dumps({"run_id": run_id, "framework": "baes", "archive_path": "run.tar.gz"}, indent=2))
    _write(run / "metrics.json", _metrics(run_id, [(1, 1234, 567), (2, 0, 0)], (1234, 567, 6)))
    _write(run / "logs_summary.txt", _summary(run_id, [(1, 1234, 567, 3), (2, 0, 0, 3)], 6, 1801))
    return run


def test_spec_run_directory_passes(tmp_path: Path) -> None:
    _spec_run(tmp_path)
    report = _check(tmp_path)
    assert report.files_checked == 3 and report.findings == []


def test_summary_tokens_are_checked_against_metrics_per_step_and_in_total(tmp_path: Path) -> None:
    run = _spec_run(tmp_path)
    _write(run / "logs_summary.txt", _summary("7f3c2a10", [(1, 1200, 567, 3), (2, 0, 0, 3)], 6, 1767))
    findings = _check(tmp_path).findings
    assert [(f.path, f.line, f.code) for f in findings] == [
        ("runs/baes/7f3c2a10/logs_summary.txt", 13, "RL411"),
        ("runs/baes/7f3c2a10/logs_summary.txt", 25, "RL411"),
    ]
    assert "step 1 prompt tokens is 1,200 in the summary but 1,234 in metrics.json" in findings[0].message
    assert "Total Tokens is 1,767 but metrics.json counts 1,234 in + 567 out = 1,801" in findings[1].message


def test_run_level_findings_are_reported_once_on_the_first_anchor(tmp_path: Path) -> None:
    run = _spec_run(tmp_path)
    (run / "logs_summary.txt").unlink()
    _write(run / "metrics.json", _metrics("0000dead", [(1, 1234, 567)]))
    findings = _check(tmp_path).findings
    assert [(f.path, f.line, f.code) for f in findings] == [
        ("runs/baes/7f3c2a10/metadata.json", 1, "RL410"),
        ("runs/baes/7f3c2a10/metrics.json", 2, "RL412"),
    ]
    assert findings[0].message == "run folder has no logs_summary.txt"


def test_step_logs_are_checked_when_present(tmp_path: Path) -> None:
    run = _spec_run(tmp_path)
    for name in ("orchestrator", "adapter", "metrics", "validator"):
        _write(run / "logs" / "step_001" / f"{name}.log", '{"level": "INFO"}\n')
    _write(run / "logs" / "step_002" / "adapter.log", '{"level": "INFO"}\n')
    _write(run / "logs" / "run.log", '{"level": "INFO"}\n')
    findings = _check(tmp_path).findings
    assert [(f.path, f.code, f.message) for f in findings] == [
        ("runs/baes/7f3c2a10/metadata.json", "RL413", "logs/step_002 has no orchestrator.log, metrics.log, validator.log"),
    ]


def _sprint_run(base: Path, run_id: str, sprints: int, failed_last: bool) -> Path:
    run = base / "runs" / "ghspec" / run_id
    for number in range(1, sprints + 1):
        sprint = run / f"sprint_{number:03d}"
        status = "failed" if failed_last and number == sprints else "completed"
        meta: dict[str, object] = {"sprint_number": number, "step_id": number, "framework": "ghspec", "run_id": run_id, "status": status}
        if status == "failed":
            meta["error"] = "OpenAI API call failed: Max retries exceeded"
        _write(sprint / "metadata.json", json.dumps(meta, indent=2))
        for name in ("orchestrator", "adapter", "validator"):
            _write(sprint / "logs" / f"step_{number:03d}" / f"{name}.log", '{"timestamp": "2025-10-30T10:44:36Z", "level": "INFO"}\n')
    _write(run / f"sprint_{sprints:03d}" / "logs" / "run.log", '{"level": "INFO"}\n')
    return run


def test_sprint_layout_with_zero_token_summary_is_flagged(tmp_path: Path) -> None:
    run = _sprint_run(tmp_path, "5e1d", 2, failed_last=False)
    _write(run / "metadata.json", json.dumps({"run_id": "5e1d", "framework": "ghspec"}))
    metrics = json.loads(_metrics("5e1d", []))
    metrics["steps"] = [{"step": 1, "success": True}, {"step": 2, "success": True}]
    metrics["aggregate_metrics"] = {"TOK_IN": 35167, "TOK_OUT": 8987, "API_CALLS": 18}
    _write(run / "metrics.json", json.dumps(metrics, indent=2))
    _write(run / "summary" / "logs_summary.txt", _summary("5e1d", [(1, 0, 0, 0), (2, 0, 0, 0)], 0, 0))
    findings = _check(tmp_path).findings
    assert [(f.path, f.code) for f in findings] == [("runs/ghspec/5e1d/summary/logs_summary.txt", "RL411")] * 2
    assert findings[1].message == "Total Tokens is 0 but metrics.json counts 35,167 in + 8,987 out = 44,154"


def test_incomplete_sprint_run_is_reported_not_a_crash(tmp_path: Path) -> None:
    _sprint_run(tmp_path, "00f2", 3, failed_last=True)
    report = _check(tmp_path)
    assert report.files_checked == 1
    anchor = "runs/ghspec/00f2/sprint_001/metadata.json"
    assert [(f.path, f.code) for f in report.findings] == [(anchor, "RL410")] * 3
    messages = sorted(f.message for f in report.findings)
    assert messages[-1].startswith("run folder has no summary/logs_summary.txt; the run is incomplete (sprint 3 failed: OpenAI API call failed")


def test_step_logs_are_not_checked_as_files(tmp_path: Path) -> None:
    run = _sprint_run(tmp_path, "5e1d", 1, failed_last=False)
    _write(run / "sprint_001" / "logs" / "step_001" / "adapter.log", "not json at all\n")
    report = _check(tmp_path, "runs/ghspec/5e1d/sprint_001/logs")
    assert report.files_checked == 0 and report.findings == []


# episodes and orchestrator logs --------------------------------------------------------

GOOD_STEPS = [
    {"tool": "cargo", "action": "build --all", "latency_ms": 12500, "tokens": None, "success": True, "observation": "Build successful, 0 warnings"},
    {"tool": "claude", "action": "generate async batch implementation", "latency_ms": 4500, "tokens": 2800, "success": True,
     "observation": "Generated batch.rs with async Tokio patterns"},
]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("ep-1.json", json.dumps(GOOD_STEPS, indent=2)),
        ("ep-2.json", json.dumps({"episode_id": "ep-2", "steps": GOOD_STEPS, "outcome": "success"}, indent=2)),
        ("ep-3.jsonl", "\n".join(json.dumps(s) for s in GOOD_STEPS) + "\n"),
        ("ep-4.json", json.dumps({"steps": [{"tool": "git", "action": "commit", "latency_ms": 80, "tokens_used": 0, "success": False,
                                            "result": "nothing to commit", "timestamp": "2026-04-16T10:00:05+00:00"}]})),
    ],
)
def test_episode_shapes_and_variants_pass(tmp_path: Path, name: str, text: str) -> None:
    _write(tmp_path / ".memory-traces" / name, text)
    report = _check(tmp_path)
    assert report.files_checked == 1 and report.findings == []


def test_episode_step_problems_are_found_on_their_lines(tmp_path: Path) -> None:
    steps = [
        {"tool": "cargo", "action": "test", "latency_ms": -40, "success": "true", "observation": "2 failed", "timestamp": "2026-04-16T10:02:00Z"},
        {"tool": "clippy", "action": "check --all", "latncy_ms": 1500, "success": True, "timestamp": "2026-04-16T10:01:00Z"},
        {"tool": "claude", "action": "fix", "latency_ms": 9000, "tokens": 5000000000, "success": True, "observation": "ok"},
    ]
    _write(tmp_path / "episodes" / "ep-9.json", json.dumps({"steps": steps}, indent=2))
    found = {(f.line, f.code): f.message for f in _check(tmp_path).findings}
    assert sorted(found) == [(6, "RL422"), (7, "RL422"), (11, "RL421"), (14, "RL425"), (16, "RL424"), (22, "RL422")]
    assert found[(6, "RL422")] == "step 1: latency_ms is -40, expected a non-negative whole number"
    assert found[(7, "RL422")] == "step 1: success is 'true', expected true or false"
    assert "'latency_ms', 'observation'" in found[(11, "RL421")]
    assert "did you mean 'latency_ms'" in found[(14, "RL425")]


def test_broken_and_empty_episodes(tmp_path: Path) -> None:
    _write(tmp_path / ".memory-traces" / "cut.json", '{"steps": [\n  {"tool": "cargo", "action": "build",\n')
    _write(tmp_path / ".memory-traces" / "none.json", '{"episode_id": "ep-7", "outcome": "success"}\n')
    _write(tmp_path / ".memory-traces" / "lines.jsonl", json.dumps(GOOD_STEPS[0]) + "\n{oops\n")
    assert _codes(_check(tmp_path)) == [
        (".memory-traces/cut.json", 3, "RL420"),
        (".memory-traces/lines.jsonl", 2, "RL420"),
        (".memory-traces/none.json", 1, "RL423"),
    ]


def test_orchestrator_log_checks_lines_counters_and_time(tmp_path: Path) -> None:
    records = [
        {"agent": "orchestrator", "phase": "setup", "round": 0, "attempt": 0, "gate": "YES", "timestamp": "2026-03-08T20:23:29Z"},
        {"agent": "planner", "phase": "plan", "round": 1, "attempt": 0, "gate": "PROPOSED", "timestamp": "2026-03-08T20:30:00Z"},
        {"agent": "qa", "phase": "verify", "round": "1", "attempt": 0, "gate": "NO", "timestamp": "2026-03-08T20:29:00Z"},
    ]
    _write(tmp_path / "tasks" / "run" / "orchestrator-log.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    assert [(f.line, f.code) for f in _check(tmp_path).findings] == [(3, "RL422"), (3, "RL424")]


# the shared corpus ---------------------------------------------------------------------


def test_corpus_structured_folders_are_checked_with_expected_findings(corpus: Path, capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    code, out, err = run_cli(["check", "--no-cache", "gesad-lab__baes_berk_20251103", "nosredna123__genai-devbench",
                              "d-o-hub__rust-self-learning-memory", "soulomoon__mlf2"], capsys)
    # mlf2's task_plan.md and progress.md files are of no kind: said on stderr, not checked
    assert code == 1 and err.startswith("runlog: 4 markdown files under the given paths matched no kind") and err.count("\n") == 1
    assert "Traceback" not in out
    lines = out.splitlines()
    gesad = "gesad-lab__baes_berk_20251103/runs/"
    # Every one of the 17 summaries reports 0 tokens while metrics.json counts them.
    zero = [line for line in lines if "RL411 Total Tokens is 0 but metrics.json counts" in line]
    assert len(zero) == 17
    assert f"{gesad}baes/01335fc4-0951-423b-b2e1-90f637d0f53f/summary/logs_summary.txt:62:1: RL411 Total Tokens is 0 but metrics.json counts 35,167 in + 8,987 out = 44,154" in out
    # The incomplete ghspec run: no summary, no metrics, the failing sprint named.
    incomplete = [line for line in lines if "00f2e0c9" in line]
    assert len(incomplete) == 3 and all(":1:1: RL410 " in line for line in incomplete)
    assert any("summary/logs_summary.txt; the run is incomplete (sprint 4 failed: OpenAI API call failed" in line for line in incomplete)
    # genai-devbench's older runs never committed a logs_summary.txt.
    assert sum("nosredna123__genai-devbench" in line and "has no logs_summary.txt" in line for line in lines) == 3
    # Episodes, their .agents/events neighbours, the orchestrator logs and the step logs give nothing.
    for quiet in ("d-o-hub__", "soulomoon__mlf2/tasks/archive/2026-03-09", ".log:", "validation.json"):
        assert not any(quiet in line for line in lines), quiet


def test_agent_events_beside_episodes_are_not_episodes(tmp_path: Path) -> None:
    event = {"timestamp": "2026-08-06T12:00:00Z", "sensor": "perf-claims-overstated", "violation_count": 1, "skill_created": True}
    _write(tmp_path / ".agents" / "events" / "2026" / "08" / "06" / "perf-1754476800.json", json.dumps(event))
    report = _check(tmp_path)
    assert report.files_checked == 0 and report.findings == []
