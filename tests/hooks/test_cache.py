"""The content-hash cache, parallel checking and shards (engine.check_targets)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import hooks.engine.runner as engine
from hooks.config.loader import RunOptions, load_config
from hooks.engine.discovery import select_targets
from hooks.engine.runner import check_paths, in_shard
from hooks.model.document import Document
from tests.conftest import HEYREACH, TODAY


@pytest.fixture
def heyreach(tmp_path: Path) -> Path:
    if not HEYREACH.is_dir():
        pytest.fail(f"the shared corpus is missing at {HEYREACH}")
    folder = tmp_path / "training"
    shutil.copytree(HEYREACH, folder)
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Display paths of every markdown parse the engine makes (jobs=1, so in this process)."""
    calls: list[str] = []
    original = engine.parse

    def counting(path: str, text: str) -> Document:
        calls.append(path)
        return original(path, text)

    monkeypatch.setattr(engine, "parse", counting)
    return calls


def _run(folder: Path, **options: object) -> engine.Report:
    config = replace(load_config(None, folder), run=RunOptions(**options))  # type: ignore[arg-type]
    return check_paths([str(folder)], config, cwd=folder, today=TODAY)


def test_second_check_of_an_unchanged_folder_reuses_the_cache(heyreach: Path, parses: list[str]) -> None:
    first = _run(heyreach, jobs=1, cache=True)
    first_parses = len(parses)
    assert first_parses == first.files_checked > 40 and first.cache_hits == 0
    assert (heyreach / ".runlog_cache" / ".gitignore").is_file()

    parses.clear()
    second = _run(heyreach, jobs=1, cache=True)
    assert second.findings == first.findings
    # Only the error registry is parsed again: RL201 resolves its links on disk, so it is never cached.
    assert parses == ["error-registry.md"]
    assert second.cache_hits == first.files_checked - 1


def test_a_changed_file_or_configuration_is_checked_again(heyreach: Path, parses: list[str]) -> None:
    baseline = _run(heyreach, jobs=1, cache=True)
    log = heyreach / "run-logs" / "2026-01-03_14-41_process-1.md"
    log.write_text(log.read_text(encoding="utf-8") + "\n## Extra\n", encoding="utf-8")
    parses.clear()
    changed = _run(heyreach, jobs=1, cache=True)
    assert changed.cache_hits == baseline.files_checked - 2  # the edited log and the registry
    assert "run-logs/2026-01-03_14-41_process-1.md" in parses

    (heyreach / ".runlog.yaml").write_text("rules:\n  missing-section: off\n", encoding="utf-8")
    reconfigured = _run(heyreach, jobs=1, cache=True)
    assert reconfigured.cache_hits == 0
    assert not any(f.code == "RL105" for f in reconfigured.findings)
    assert any(f.code == "RL105" for f in changed.findings)


def test_parallel_and_uncached_runs_agree(heyreach: Path) -> None:
    serial = _run(heyreach, jobs=1, cache=False)
    parallel = _run(heyreach, jobs=2, cache=True)
    assert parallel.findings == serial.findings
    assert list(parallel.files) == list(serial.files)


def test_shards_partition_the_files_and_the_findings(heyreach: Path) -> None:
    whole = _run(heyreach, jobs=1, cache=False)
    parts = [_run(heyreach, jobs=1, cache=False, shard=(index, 3)) for index in (1, 2, 3)]
    files = [set(p.files) for p in parts]
    assert sum(len(f) for f in files) == len(whole.files) and set().union(*files) == set(whole.files)
    assert sorted(f for p in parts for f in p.findings) == sorted(whole.findings)
    config = load_config(None, heyreach)
    targets = select_targets([str(heyreach)], config, heyreach)
    assert [in_shard(t, config, (2, 3)) for t in targets] == [in_shard(t, config, (2, 3)) for t in targets[::-1]][::-1]
