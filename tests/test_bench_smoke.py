"""Smoke test of the benchmark generator (bench/generate.py): its logs are realistic.

A small folder is generated and checked in-process: every run log and session summary is
classified as its kind, every clean log passes, every drifted log has findings, and the
registry links resolve except the ones the generator broke on purpose. No timings here;
speed is measured by bench/run.py.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from bench.generate import RUN_LOG_DRIFTS, generate
from hooks.config.loader import load_config
from hooks.engine.discovery import select_targets
from hooks.engine.runner import check_paths
from tests.conftest import TODAY


def test_generated_logs_classify_and_only_drifted_ones_have_findings(tmp_path: Path) -> None:
    root = tmp_path / "team"
    made = generate(root, 30, seed=3)
    config = load_config(None, root)

    kinds = {t.display: t.kind.name for t in select_targets(["."], config, root)}
    assert all(kinds.get(path) == "run-log" for path in made.run_logs)
    assert all(kinds.get(path) == "session-summary" for path in made.sessions)
    assert kinds.get(made.registry) == "error-registry"

    report = check_paths(["."], config, cwd=root, today=TODAY)
    codes: dict[str, set[str]] = defaultdict(set)
    for finding in report.findings:
        codes[finding.path].add(finding.code)
    logs = {**made.run_logs, **made.sessions}
    clean = [path for path, drifts in logs.items() if not drifts]
    drifted = [path for path, drifts in logs.items() if drifts]
    assert len(clean) >= 10 and len(drifted) >= 5
    assert {path: sorted(codes[path]) for path in clean if codes[path]} == {}
    assert [path for path in drifted if not codes[path]] == []


def test_generator_is_deterministic_and_about_two_kilobytes_per_log(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 25, seed=11)
    second = generate(tmp_path / "b", 25, seed=11)
    assert first.run_logs == second.run_logs and first.sessions == second.sessions
    for path in first.logs:
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes()
    run_log_sizes = [(tmp_path / "a" / p).stat().st_size for p in first.run_logs]
    assert 1500 <= sum(run_log_sizes) / len(run_log_sizes) <= 3000
    days = {Path(p).name[:10] for p in first.run_logs}
    months = {d[:7] for d in days}
    assert len(months) >= 3
    assert all(d in RUN_LOG_DRIFTS or d == "registry-link-renamed" for ds in first.run_logs.values() for d in ds)
    assert first.run_dirs >= 2 and (tmp_path / "a" / "runs").is_dir()
