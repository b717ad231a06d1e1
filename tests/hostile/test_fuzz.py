"""Fuzzing: generated and mutated logs of every kind fed to the engine, fix and the CLI.

Invariants: no exception escapes; findings are sorted, on lines of the file they name, with
control characters escaped and no crashed rule; fix is idempotent and keeps the line count.

Budget (``HYPOTHESIS_PROFILE``): ``ci`` (default) runs a few dozen examples per test, a few
seconds in all; ``long`` runs batches of examples with fresh seeds until
``RUNLOG_FUZZ_SECONDS`` (default 600) are spent, shared among the tests of this module.
See docs/fuzzing.md.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from hooks.commands.fix import fix_bytes
from hooks.config.loader import Config, load_config
from hooks.engine.runner import check_paths
from hooks.errors import InputError
from hooks.model.prices import shipped_prices
from tests.conftest import TODAY
from tests.hostile.corpus import RAW_CONTROL
from tests.hostile.harness import assert_well_behaved, run_in
from tests.hostile.strategies import KINDS, any_log, mutated, run_log

pytestmark = pytest.mark.fuzz

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
#: No shrinking: a slow failing example can take Hypothesis minutes to shrink, past any
#: budget; the failing example is printed as found, with its reproduce blob.
_COMMON = {"deadline": None, "suppress_health_check": list(HealthCheck), "print_blob": True, "phases": [Phase.explicit, Phase.reuse, Phase.generate]}
settings.register_profile("runlog-ci", max_examples=100, derandomize=True, database=None, **_COMMON)
settings.register_profile("runlog-long", max_examples=300, **_COMMON)
FUZZ = settings.get_profile("runlog-long" if PROFILE == "long" else "runlog-ci")

#: Seconds of the long run, and the number of budgeted tests sharing them.
TOTAL_SECONDS = float(os.environ.get("RUNLOG_FUZZ_SECONDS", "600"))
_BUDGETED = 4


def budgeted(run: Callable[[], None], share: float = 1.0) -> None:
    """Run a ``@given`` test once (``ci``), or batch after batch until its share of
    :data:`TOTAL_SECONDS` is spent (``long``); a failing batch fails at once."""
    if PROFILE != "long":
        run()
        return
    end = time.monotonic() + TOTAL_SECONDS * share / _BUDGETED
    batches = 0
    while time.monotonic() < end:
        run()
        batches += 1
    print(f"{batches} batches of {FUZZ.max_examples} examples")


@pytest.fixture(scope="module")
def workspace() -> tuple[Path, Config]:
    folder = Path(tempfile.mkdtemp(prefix="runlog-fuzz-"))
    (folder / "repo" / ".git").mkdir(parents=True)
    return folder / "repo", load_config(None, folder / "repo")


def _reset(repo: Path) -> None:
    for child in repo.iterdir():
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()


def _line_count(path: Path) -> int:
    text = path.read_bytes().decode("utf-8", "replace")
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _check_and_verify(repo: Path, config: Config, files: list[tuple[str, bytes]]) -> None:
    _reset(repo)
    for relative, data in files:
        path = repo / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    report = check_paths(["."], config, cwd=repo, today=TODAY)
    assert report.findings == sorted(report.findings, key=lambda f: f.sort_key())
    for finding in report.findings:
        assert "rule crashed" not in finding.message, finding
        assert not any(c in RAW_CONTROL for c in finding.message + finding.path), finding
        assert finding.column >= 1
        path = repo / finding.path
        if path.is_file():
            assert 1 <= finding.line <= max(1, _line_count(path)), finding


def test_check_on_any_mutated_log(workspace: tuple[Path, Config]) -> None:
    repo, config = workspace

    @FUZZ
    @given(any_log())
    def run(case: tuple[str, str, bytes]) -> None:
        _label, relative, data = case
        _check_and_verify(repo, config, [(relative, data)])

    budgeted(run)


def test_check_on_several_kinds_together(workspace: tuple[Path, Config]) -> None:
    """Project rules (registry links, run directories) see several mutated files at once."""
    repo, config = workspace
    together = st.lists(st.sampled_from(sorted(KINDS)), min_size=2, max_size=5, unique=True).flatmap(
        lambda labels: st.tuples(*[mutated(KINDS[label][1]).map(lambda data, label=label: (KINDS[label][0], data)) for label in labels])
    )

    @FUZZ
    @given(together)
    def run(files: tuple[tuple[str, bytes], ...]) -> None:
        _check_and_verify(repo, config, list(files))

    budgeted(run)


def test_fix_is_idempotent_on_mutated_run_logs() -> None:
    table = shipped_prices()
    options = {"token-usage-section": "Token Usage"}

    @FUZZ
    @given(mutated(run_log()), st.booleans())
    def run(data: bytes, fix_rates: bool) -> None:
        try:
            first = fix_bytes(data, "fuzz.md", options, table, fix_rates)
        except InputError:
            return  # not UTF-8: never rewritten
        second = fix_bytes(first.data, "fuzz.md", options, table, fix_rates)
        assert second.edits == (), second.edits
        assert second.data == first.data
        assert first.data.count(b"\n") == data.count(b"\n") and first.data.count(b"\r") == data.count(b"\r")

    budgeted(run)


def test_the_cli_on_mutated_logs(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    commands = [["check", "--no-cache", "-j", "1", "."], ["fix", "."], ["stats", "."], ["prune", "--today", TODAY.isoformat(), "."]]

    @settings(FUZZ, max_examples=max(5, FUZZ.max_examples // 8))
    @given(st.lists(any_log(), min_size=1, max_size=4, unique_by=lambda c: c[1]))
    def run(cases: list[tuple[str, str, bytes]]) -> None:
        _reset(repo)
        for _label, relative, data in cases:
            (repo / relative).parent.mkdir(parents=True, exist_ok=True)
            (repo / relative).write_bytes(data)
        for argv in commands:
            code, out, err = run_in(repo, argv, capsys, monkeypatch)
            assert_well_behaved(code, out, err, len(cases))
        fixed = {relative: (repo / relative).read_bytes() for _label, relative, _data in cases}
        code, out, err = run_in(repo, ["fix", "."], capsys, monkeypatch)
        assert code in (0, 2) and "Fixing" not in out  # a second fix changes nothing
        assert fixed == {relative: (repo / relative).read_bytes() for relative in fixed}

    budgeted(run)
