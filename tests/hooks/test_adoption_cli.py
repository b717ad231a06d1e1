"""No silent zero, the configured baseline, and terminal habits (colour, progress bar)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from hooks.output.terminal import color_enabled, paint, progress_bar
from tests.conftest import run_cli
from tests.hooks.test_init import write_lab_notes

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_check_says_how_many_markdown_files_matched_no_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_lab_notes(tmp_path, count=6)
    (tmp_path / "README.md").write_text("# Team notebook\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["check", "--no-cache"], capsys)
    assert code == 0 and out == "Checked 0 files: no findings.\n"
    assert err == (
        "runlog: 7 markdown files under the given paths matched no kind and were not checked (e.g. lab-notes/2026-05-01_cycle-01.md); "
        "run 'runlog init' to infer kinds for them ('runlog check --explain PATH' shows why, --require-kind makes them errors)\n"
    )
    code, out, err = run_cli(["check", "--no-cache", "--require-kind"], capsys)
    assert code == 1 and err == ""
    assert out.splitlines()[0] == "lab-notes/2026-05-01_cycle-01.md:1:1: RL005 no kind matches this markdown file, so nothing checks it; run 'runlog init' to infer one (file-without-kind)"
    assert out.splitlines()[-1] == "Checked 0 files: 7 errors."
    (tmp_path / ".runlog.yaml").write_text("require-kind: true\nexclude: ['lab-notes/INDEX.md']\n", encoding="utf-8")
    code, out, _ = run_cli(["check", "--no-cache"], capsys)
    assert code == 1 and out.splitlines()[-1] == "Checked 0 files: 6 errors."
    (tmp_path / ".runlog.yaml").unlink()
    assert run_cli(["init", "--yes"], capsys)[0] == 0
    code, _, err = run_cli(["check", "--no-cache", "--require-kind"], capsys)
    assert code == 0 and err == ""


def test_build_says_which_markdown_gets_no_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_lab_notes(tmp_path / "team", count=6)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["build", "team", "--site-dir", str(tmp_path / "site"), "--quiet"], capsys)
    assert code == 0
    assert "runlog: 7 markdown files under the given paths matched no kind and get no page" in err
    monkeypatch.chdir(tmp_path / "team")
    assert run_cli(["init", "--yes"], capsys)[0] == 0
    code, _, err = run_cli(["build", ".", "--site-dir", str(tmp_path / "site"), "--quiet"], capsys)
    assert code == 0 and "matched no kind" not in err
    pages = sorted(p.parent.name for p in (tmp_path / "site" / "logs" / "lab-notes").glob("*/index.html"))
    assert pages == sorted(p.stem for p in (tmp_path / "team" / "lab-notes").glob("*_cycle-*.md"))
    assert len(pages) == 6


def test_the_configured_baseline_is_honoured_and_can_be_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_lab_notes(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["init", "--yes", "--baseline"], capsys)
    assert code == 0 and "Recorded 3 findings in .runlog-baseline.json" in out
    assert "baseline: .runlog-baseline.json" in (tmp_path / ".runlog.yaml").read_text(encoding="utf-8")
    code, out, _ = run_cli(["check", "--no-cache"], capsys)
    assert code == 0 and out == "Checked 30 files: no findings.\n"
    code, out, _ = run_cli(["check", "--no-cache", "--no-baseline"], capsys)
    assert code == 1 and out.splitlines()[-1] == "Checked 30 files: 3 errors."
    broken = next((tmp_path / "lab-notes").glob("*_cycle-02.md"))
    broken.write_text(broken.read_text(encoding="utf-8").replace("## Goal", "## Aim"), encoding="utf-8")
    code, out, _ = run_cli(["check", "--no-cache"], capsys)
    assert code == 1 and out.splitlines() == [f"lab-notes/{broken.name}:1:1: RL105 missing section '## Goal' (missing-section)", "Checked 30 files: 1 error."]
    (tmp_path / ".runlog-baseline.json").unlink()
    code, _, err = run_cli(["check", "--no-cache"], capsys)
    assert code == 2 and err.startswith("runlog: ") and ".runlog-baseline.json" in err and err.count("\n") == 1


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert color_enabled("auto", _Terminal()) and not color_enabled("auto", io.StringIO())
    assert color_enabled("always", io.StringIO()) and not color_enabled("never", _Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not color_enabled("auto", _Terminal()) and color_enabled("always", _Terminal())
    monkeypatch.setenv("NO_COLOR", "")
    assert color_enabled("auto", _Terminal())
    monkeypatch.setenv("TERM", "dumb")
    assert not color_enabled("auto", _Terminal())
    assert ANSI.sub("", paint("RL105", "red", "bold")) == "RL105"


def test_check_colours_with_color_always_and_the_text_stays_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_lab_notes(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run_cli(["init", "--yes"], capsys)[0] == 0
    _, plain_out, _ = run_cli(["check", "--no-cache"], capsys)
    _, coloured, _ = run_cli(["check", "--no-cache", "--color", "always"], capsys)
    assert "\x1b[31mRL105\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain_out
    _, never, _ = run_cli(["check", "--no-cache", "--color", "never"], capsys)
    assert never == plain_out


def test_the_progress_bar_shows_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from hooks.config.loader import load_config
    from hooks.engine.runner import check_paths

    write_lab_notes(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run_cli(["init", "--yes"], capsys)[0] == 0
    config = load_config(None, tmp_path)
    monkeypatch.setattr("hooks.output.terminal.DELAY_SECONDS", 0)
    monkeypatch.setattr("hooks.output.terminal.MIN_INTERVAL", 0)
    terminal = _Terminal()
    with progress_bar("checking", terminal):
        report = check_paths(["lab-notes"], config)
    assert report.files_checked == 30
    assert "checking: 100%" in terminal.getvalue() and "30/30" in terminal.getvalue()
    pipe = io.StringIO()
    with progress_bar("checking", pipe):
        check_paths(["lab-notes"], config)
    assert pipe.getvalue() == ""
