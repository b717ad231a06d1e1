"""``runlog check --explain``: which kind applied to a file, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import HEYREACH, run_cli


def test_explains_the_matching_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["check", "--explain", str(HEYREACH / "run-logs" / "2026-01-04_process-5.md")], capsys)
    assert code == 0, err
    assert "  - run-log (hooks/data/kinds/run-log.yaml): path glob '**/run-logs/*.md' matched" in out
    assert "<- applies" in out and "result: checked as kind 'run-log' (markdown)" in out
    assert "  - session-summary (hooks/data/kinds/session-summary.yaml): no path glob matched (paths: '**/sessions/*.md')" in out


def test_explains_an_excluded_readme_is_left_alone(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["check", "--explain", str(HEYREACH / "run-logs" / "README.md")], capsys)
    assert code == 0
    assert "but exclude '**/README.md' takes it out" in out
    assert "result: no kind matched; the file is left alone (not checked)" in out


def test_configuration_exclude_and_template_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "deploy-template.md"
    spec.write_text("# Deploy Log: [Service]\n**When:** YYYY-MM-DD\n\n## Steps\n", encoding="utf-8")
    (tmp_path / "deploy.yaml").write_text("template: deploy-template.md\npaths: ['**/deploys/*.md']\n", encoding="utf-8")
    (tmp_path / ".runlog.yaml").write_text("kinds: [deploy.yaml]\nexclude: ['**/archive/**']\n", encoding="utf-8")
    (tmp_path / "deploys").mkdir()
    (tmp_path / "deploys" / "a.md").write_text("# Deploy Log: api\n", encoding="utf-8")
    (tmp_path / "archive" / "run-logs").mkdir(parents=True)
    (tmp_path / "archive" / "run-logs" / "old.md").write_text("# Run Log: old\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["check", "--explain", "deploys/a.md", "archive"], capsys)
    assert code == 0
    assert f"result: checked as kind 'deploy-log' (markdown, compiled from template {spec})" in out
    assert "archive/run-logs/old.md:\n" in out and "left alone: configuration exclude '**/archive/**' matches it" in out


def test_missing_path_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["check", "--explain", "no/such/file.md"], capsys)
    assert code == 2 and out == "" and "no such file or folder" in err
