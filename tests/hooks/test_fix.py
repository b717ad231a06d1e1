"""``runlog fix``: minimal, safe, idempotent rewrites of the Total and Estimated Cost cells."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from hooks.commands.fix import cell_span, fix_bytes
from hooks.model.prices import shipped_prices
from tests.conftest import EXAMPLES, run_cli
from tests.hooks.test_tokens import DEFAULT_ROWS, NAME, run_log, write_log

RUN_LOG = {"token-usage-section": "Token Usage"}


def fixed(text: str, fix_rates: bool = False, bom: bool = False, name: str = NAME) -> str:
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    result = fix_bytes(data, name, RUN_LOG, shipped_prices(), fix_rates)
    return result.data.decode("utf-8")


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(before.split("\n"), after.split("\n"), strict=True) if a != b]


def test_only_the_wrong_cells_change_and_padding_is_kept() -> None:
    text = run_log({"Input Tokens": "48,200", "Output Tokens": "9,650", "Total Tokens": "  **57,851**  ", "Estimated Cost": "$0.5   "})
    assert changed_lines(text, fixed(text)) == [
        ("| Total Tokens |   **57,851**   |", "| Total Tokens |   **57,850**   |"),
        ("| Estimated Cost | $0.5    |", "| Estimated Cost | $0.48    |"),
    ]


def test_a_correct_log_is_left_byte_for_byte() -> None:
    data = run_log().encode("utf-8")
    result = fix_bytes(data, NAME, RUN_LOG, shipped_prices())
    assert not result.changed and result.data is data and result.edits == ()


def test_thousands_separators_follow_the_cell_and_its_parts() -> None:
    plain = run_log({"Input Tokens": "48200", "Output Tokens": "9650", "Total Tokens": "57851", "Estimated Cost": "$0.48"})
    assert "| Total Tokens | 57850 |" in fixed(plain)
    small = run_log({"Input Tokens": "1,200", "Output Tokens": "300", "Total Tokens": "15", "Estimated Cost": "$0.01"})
    assert "| Total Tokens | 1,500 |" in fixed(small)


def test_rates_are_corrected_only_when_asked_and_the_cost_follows() -> None:
    spec_footnote = "*Cost calculated at: Input $15/1M, Output $75/1M (Claude Opus 4.5)*"
    text = run_log({**DEFAULT_ROWS, "Estimated Cost": "$1.45"}, spec_footnote)
    assert fixed(text) == text  # the cost agrees with the footnote as written
    corrected = fixed(text, fix_rates=True)
    assert changed_lines(text, corrected) == [
        ("| Estimated Cost | $1.45 |", "| Estimated Cost | $0.48 |"),
        (spec_footnote, "*Cost calculated at: Input $5/1M, Output $25/1M (Claude Opus 4.5)*"),
    ]
    assert fixed(corrected, fix_rates=True) == corrected


def test_approximate_figures_are_never_used_or_rewritten() -> None:
    text = run_log({**DEFAULT_ROWS, "Input Tokens": "~48,000", "Total Tokens": "1", "Estimated Cost": "$9.99"})
    assert fixed(text) == text


def test_crlf_bom_and_missing_trailing_newline_are_kept() -> None:
    text = run_log({**DEFAULT_ROWS, "Total Tokens": "57,851"}, newline="\r\n").rstrip("\r\n")
    data = b"\xef\xbb\xbf" + text.encode("utf-8")
    result = fix_bytes(data, NAME, RUN_LOG, shipped_prices())
    assert result.data.startswith(b"\xef\xbb\xbf")
    assert result.data.count(b"\r\n") == data.count(b"\r\n") and b"\n" not in result.data.replace(b"\r\n", b"")
    assert not result.data.endswith(b"\n")
    assert result.data == data.replace(b"57,851", b"57,850")


def test_cell_span_finds_cells_between_unescaped_pipes() -> None:
    line = "| a \\| b | 12 |"
    start, end = cell_span(line, 1) or (0, 0)
    assert line[start:end] == " 12 "
    assert cell_span("| only |", 3) is None


# --- the command and the hook convention ------------------------------------------------------


def test_fix_command_rewrites_in_place_prints_fixing_and_exits_1_then_0(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_log(tmp_path, run_log({**DEFAULT_ROWS, "Total Tokens": "57,851"}))
    path.chmod(0o640)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["fix", "training"], capsys)
    assert (code, out, err) == (1, "Fixing training/run-logs/2026-03-02_09-30_draft-replies-1.md\n", "")
    assert "| Total Tokens | 57,850 |" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert run_cli(["fix", "training"], capsys) == (0, "", "")
    assert [p.name for p in path.parent.iterdir()] == [NAME]  # no temporary file left behind


def test_diff_prints_the_change_without_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    original = run_log({**DEFAULT_ROWS, "Estimated Cost": "$0.49"})
    path = write_log(tmp_path, original)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["fix", "--diff", str(path.relative_to(tmp_path))], capsys)
    assert code == 1
    assert "-| Estimated Cost | $0.49 |\n+| Estimated Cost | $0.48 |\n" in out
    assert out.startswith("--- a/training/run-logs/")
    assert path.read_text(encoding="utf-8") == original


def test_a_symlink_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    target = write_log(tmp_path, run_log({**DEFAULT_ROWS, "Total Tokens": "57,851"}), "2026-03-02_09-30_draft-replies-9.md")
    before = target.read_bytes()
    link = target.parent / NAME
    link.symlink_to(target.name)
    (tmp_path / ".git").mkdir()  # the link stays inside the repository, so it is selected
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["fix", str(link.relative_to(tmp_path))], capsys)
    assert code == 2 and out == ""
    assert "refusing to fix through a symlink" in err
    assert link.is_symlink() and target.read_bytes() == before


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_an_interrupted_write_leaves_the_original_intact(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    path = write_log(tmp_path, run_log({**DEFAULT_ROWS, "Total Tokens": "57,851"}, newline="\r\n"))
    before = path.read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, crash)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["fix", "training"], capsys)
    assert code == 2 and out == ""
    assert "No space left on device" in err and "unchanged" in err
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [NAME]


def test_not_utf8_is_left_alone_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_log(tmp_path, "")
    data = run_log({**DEFAULT_ROWS, "Total Tokens": "57,851"}).replace("Draft Replies", "Caf\xe9").encode("latin-1")
    path.write_bytes(data)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["fix", "training"], capsys)
    assert code == 2 and "not UTF-8" in err
    assert path.read_bytes() == data


def test_the_training_examples_need_no_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES / "training", copy / "training")
    before = {p: p.read_bytes() for p in copy.rglob("*.md")}
    monkeypatch.chdir(copy)
    assert run_cli(["fix", "--fix-rates", "training"], capsys) == (0, "", "")
    assert {p: p.read_bytes() for p in copy.rglob("*.md")} == before


def test_hook_manifest_offers_runlog_fix() -> None:
    from ruamel.yaml import YAML

    from tests.conftest import REPO

    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    fix_hook = next(h for h in hooks if h["id"] == "runlog-fix")
    assert fix_hook["entry"] == "runlog fix" and fix_hook["language"] == "python"
    assert "run-logs" in fix_hook["files"]
