"""Discovery: each file is one target, however it is reached."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import HEYREACH, run_cli


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    shutil.copytree(HEYREACH, tmp_path / "real" / "training")
    (tmp_path / "via").symlink_to(tmp_path / "real" / "training", target_is_directory=True)
    return tmp_path


def test_a_folder_reached_through_a_symlink_counts_each_file_once(linked: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(linked)
    _, direct, _ = run_cli(["check", "--no-cache", "real/training"], capsys)
    _, via, _ = run_cli(["check", "--no-cache", "via"], capsys)
    _, both, _ = run_cli(["check", "--no-cache", "via", "real/training"], capsys)
    assert direct.splitlines()[-1] == "Checked 45 files: 293 errors, 7 warnings."
    assert via.splitlines()[-1] == direct.splitlines()[-1] == both.splitlines()[-1]
    # the same findings, shown under the path as given
    assert via.replace("via/", "real/training/") == direct
    assert both == via
