"""Commit-time closure: checking some files of a folder gives the cross-file verdict of a full run."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.closure import closure, governing_registry
from hooks.engine.discovery import select_targets
from tests.conftest import run_cli
from tests.hooks.test_registry_rules import team  # noqa: F401 - the shared repository fixture


def _cross(out: str) -> set[tuple[str, str]]:
    found = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) > 1 and parts[1] in {"RL208", "RL210", "RL211", "RL212"}:
            found.add((parts[0].rsplit("/", 1)[-1].rstrip(":"), parts[1]))  # ("name.md:line:column", code)
    return found


def test_one_staged_log_gets_the_full_run_verdict(team: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.chdir(team)
    _, full, _ = run_cli(["check", "training"], capsys)
    log = "training/run-logs/2026-03-03_10-00_triage-2.md"
    code, one, _ = run_cli(["check", log], capsys)
    assert code == 1
    expected = {item for item in _cross(full) if item[0].split(":")[0] in {"2026-03-03_10-00_triage-2.md", "error-registry.md"}}
    assert _cross(one) == expected and ("2026-03-03_10-00_triage-2.md:7:1", "RL210") in expected
    # per-file findings of the registry brought in for context are not this commit's
    assert not any(line.startswith("training/error-registry.md") and " RL208 " not in line for line in one.splitlines() if ":" in line)
    _, alone, _ = run_cli(["check", "--no-closure", log], capsys)
    assert _cross(alone) == set()


def test_a_staged_registry_brings_in_the_logs_citing_it(team: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    registry = team / "training" / "error-registry.md"
    registry.write_text(registry.read_text(encoding="utf-8").split("### ERR-002")[0], encoding="utf-8")  # ERR-002 dropped
    monkeypatch.chdir(team)
    code, out, _ = run_cli(["check", "training/error-registry.md"], capsys)
    assert code == 1
    unknown = {name.split(":")[0] for name, rule in _cross(out) if rule == "RL210"}
    assert unknown == {"2026-03-02_10-00_triage-1.md", "2026-03-03_10-00_triage-2.md", "2026-03-04_10-00_triage-3.md"}


def test_closure_adds_only_what_is_linked(team: Path) -> None:  # noqa: F811
    config = load_config(None, team)
    log = team / "training" / "run-logs" / "2026-03-01_09-00_draft-1.md"
    assert governing_registry(log, team, config.kinds) == (team / "training" / "error-registry.md", next(k for k in config.kinds if k.name == "error-registry"))
    targets = select_targets([str(log)], config, team)
    assert [t.display for t in closure(targets, config, team)] == ["training/error-registry.md"]
    registry_targets = select_targets(["training/error-registry.md"], config, team)
    added = sorted(t.display.rsplit("/", 1)[-1] for t in closure(registry_targets, config, team))
    assert added == ["2026-03-01_09-00_draft-1.md", "2026-03-02_10-00_triage-1.md", "2026-03-03_10-00_triage-2.md", "2026-03-04_10-00_triage-3.md"]
    everything = select_targets(["training"], config, team)
    assert closure(everything, config, team) == []
