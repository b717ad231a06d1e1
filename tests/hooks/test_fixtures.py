"""One harness for every rule fixture: each file lists its expected findings on line 1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.runner import check_paths
from tests.conftest import REPO, TODAY

FIXTURES = REPO / "tests" / "fixtures"
_EXPECT = re.compile(r"<!--\s*expect:(.*?)-->")


def expectations(path: Path) -> list[tuple[int, str]]:
    """The (line, code) pairs declared on the fixture's first line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = _EXPECT.search(first)
    assert match, f"{path} has no expect comment on line 1"
    pairs = []
    for item in filter(None, (part.strip() for part in match.group(1).split(","))):
        line, code = item.split(":")
        pairs.append((int(line), code.strip()))
    return sorted(pairs)


@pytest.mark.parametrize("fixture", sorted(p for p in FIXTURES.rglob("*.md") if p.name != "README.md"), ids=lambda p: p.name)
def test_fixture_findings_match_expectations(fixture: Path) -> None:
    config = load_config(None, REPO)
    report = check_paths([str(fixture)], config, cwd=REPO, today=TODAY)
    assert report.files_checked == 1
    found = sorted((f.line, f.code) for f in report.findings)
    assert found == expectations(fixture), "\n".join(f"{f.line}:{f.code} {f.message}" for f in report.findings)
