"""The whole corpus at once: the site build, the guard over real git, and real processes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.hostile import corpus
from tests.hostile.harness import assert_well_behaved, run_in, run_subprocess

#: Left out of the one-repository build in CI: each takes 5 to 20 s to render (linear, see
#: docs/fuzzing.md for the figures); the check tests cover them.
HEAVY = frozenset({"headings-100000", "table-10000-columns", "brackets-20000"})


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, list[str]]]:
    tmp = tmp_path_factory.mktemp("hostile")
    outside = corpus.make_outside(tmp)
    repo = corpus.make_repo(tmp, git=True)
    written = corpus.write_all(repo, outside, skip=HEAVY)
    corpus.commit_all(repo)
    return repo, outside, written


def test_the_site_builds_from_the_corpus_without_leaking(hostile_repo: tuple[Path, Path, dict[str, list[str]]], tmp_path: Path) -> None:
    repo, outside, written = hostile_repo
    before = corpus.snapshot(outside)
    site = tmp_path / "site"
    code, out, err = run_subprocess(repo, ["build", ".", "--site-dir", str(site), "--quiet"])
    assert_well_behaved(code, out, err, sum(map(len, written.values())), allowed=(0,))
    assert corpus.snapshot(outside) == before
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".json", ".xml", ".md", ".txt"}:
            data = path.read_bytes()
            assert corpus.SECRET.encode() not in data, path
    findings = (site / "findings" / "index.html").read_text(encoding="utf-8")
    assert "RL004" in findings and "RL002" in findings  # the 50 MB and the binary log are listed


def test_guard_over_hostile_registries_and_names(hostile_repo: tuple[Path, Path, dict[str, list[str]]], tmp_path: Path) -> None:
    repo, outside, written = hostile_repo
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, capture_output=True)
    for args in (["config", "user.name", "t"], ["config", "user.email", "t@example.com"], ["config", "commit.gpgsign", "false"]):
        subprocess.run(["git", *args], cwd=clone, check=True)
    # Delete every tracked run log (hostile names included) and rename one.
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=clone, capture_output=True, check=True).stdout.decode().split("\0")
    logs = [p for p in tracked if "/run-logs/" in p]
    assert logs
    subprocess.run(["git", "rm", "-q", "--", *logs[1:]], cwd=clone, check=True)
    subprocess.run(["git", "mv", logs[0], logs[0] + ".renamed"], cwd=clone, check=True)
    code, out, err = run_subprocess(clone, ["guard"])
    assert_well_behaved(code, out, err, 1, allowed=(0, 1))
    assert code == 1, out  # the escapes registry links a log that is now deleted
    refused = [line for line in out.splitlines() if "links it" in line]
    assert any("terminal-escapes/run-logs/2026-03-02_09-30_draft-replies-1.md" in line for line in refused), out
    assert any("\\x1b[31mred" in line for line in refused), out  # the name with an escape, shown escaped


def test_a_huge_registry_in_git_is_not_parsed(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    repo = corpus.make_repo(tmp_path, git=True)
    corpus.write_case("utf-8-bom", repo, tmp_path)
    with open(repo / "error-registry.md", "wb") as handle:
        handle.write(corpus.registry(["`run-logs/2026-03-02_09-30_draft-replies-1.md`"]).encode())
        handle.write(b"\n" + b"[" * (3 * 1024 * 1024))
    corpus.commit_all(repo)
    subprocess.run(["git", "rm", "-q", "-r", "run-logs"], cwd=repo, check=True)
    code, out, err = run_in(repo, ["guard"], capsys, monkeypatch)
    assert_well_behaved(code, out, err, 1)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--no-cache", "."],
        ["check", "--no-cache", "--format", "json", "."],
        ["fix", "."],
        ["stats", "."],
        ["prune", "--today", TODAY.isoformat(), "."],
    ],
    ids=lambda argv: "-".join(a for a in argv if not a.startswith("-") and a != "."),
)
def test_real_processes_on_the_whole_corpus(argv: list[str], hostile_repo: tuple[Path, Path, dict[str, list[str]]]) -> None:
    repo, outside, written = hostile_repo
    before = corpus.snapshot(outside)
    code, out, err = run_subprocess(repo, argv)
    assert_well_behaved(code, out, err, sum(map(len, written.values())))
    assert corpus.snapshot(outside) == before
