"""Inline suppressions: runlog-disable-next-line, disable/enable ranges, disable-file."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.runner import check_paths
from hooks.engine.suppressions import parse_directives
from hooks.model.document import parse
from tests.conftest import EXAMPLES, TODAY

DRIFTED = EXAMPLES / "drifted" / "run-logs" / "2026-03-04_process-inbox.md"


def _check(folder: Path) -> list[tuple[int, str]]:
    report = check_paths([str(folder)], load_config(None, folder), cwd=folder, today=TODAY)
    return [(f.line, f.code) for f in report.findings]


@pytest.fixture
def log_folder(tmp_path: Path) -> Path:
    (tmp_path / "run-logs").mkdir()
    (tmp_path / "run-logs" / DRIFTED.name).write_text(DRIFTED.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "run-logs" / DRIFTED.name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_disable_next_line_silences_only_that_line_and_rule(log_folder: Path) -> None:
    before = _check(log_folder)
    assert (3, "RL104") in before and (4, "RL104") in before
    _edit(log_folder, "**Mode:** Live", "<!-- runlog-disable-next-line RL104 -->\n**Mode:** Live")
    after = _check(log_folder)
    # Every finding below the inserted comment moves down one line; only Mode's RL104 goes.
    shifted = [(line + 1 if line >= 3 else line, code) for line, code in before if (line, code) != (3, "RL104")]
    assert sorted(after) == sorted(shifted)


def test_disable_by_name_and_enable_closes_the_range(log_folder: Path) -> None:
    before = _check(log_folder)
    assert (3, "RL104") in before and (4, "RL104") in before  # Mode and Status are both invalid
    _edit(log_folder, "**Mode:** Live", "<!-- runlog-disable invalid-field-value -->\n**Mode:** Live\n<!-- runlog-enable invalid-field-value -->")
    found = _check(log_folder)
    # Mode moves to line 4 (inside the range: silenced), everything below moves down two lines.
    expected = [(line + 2 if line >= 4 else line + 1 if line == 3 else line, code) for line, code in before if (line, code) != (3, "RL104")]
    assert sorted(found) == sorted(expected)
    assert (6, "RL104") in found  # Status, after runlog-enable


def test_range_around_a_table_silences_its_rows(log_folder: Path) -> None:
    before = _check(log_folder)
    heading = next(i for i, line in enumerate((log_folder / "run-logs" / DRIFTED.name).read_text(encoding="utf-8").splitlines(), 1) if line == "## Token Usage")
    assert [line for line, code in before if code == "RL301"] == [27]  # the rule fires without the range
    _edit(log_folder, "## Token Usage", "## Token Usage\n<!-- runlog-disable token-total-mismatch -->")
    found = _check(log_folder)
    expected = [(line + 1 if line > heading else line, code) for line, code in before if code != "RL301"]
    assert sorted(found) == sorted(expected)


def test_disable_file_without_codes_silences_everything(log_folder: Path) -> None:
    _edit(log_folder, "# Inbox Processing Run Log", "# Inbox Processing Run Log\n<!-- runlog-disable-file -->")
    assert _check(log_folder) == []


def test_directive_shown_in_a_code_block_is_not_obeyed(log_folder: Path) -> None:
    _edit(log_folder, "## Final Status", "```markdown\n<!-- runlog-disable-file -->\n```\n\n## Final Status")
    assert any(code == "RL301" for _, code in _check(log_folder))


def test_ranges_partial_enable_keeps_the_other_rule_off() -> None:
    doc = parse(
        "a.md",
        "# T\n\n<!-- runlog-disable RL101, RL104 -->\n\ntext\n\n<!-- runlog-enable RL101 -->\n\nmore\n",
    )
    suppressions = parse_directives(doc.comments)
    assert (3, 7, frozenset({"RL101"})) in suppressions.ranges
    assert (3, None, frozenset({"RL104"})) in suppressions.ranges
