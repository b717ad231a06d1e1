"""Incremental `runlog build`: after one log changes, the rebuild equals a fresh full build.

A copy of examples/ (the project's own example logs) is built, one run log is edited (its
result line and the error id it cites), and the site is built again over the first one; a
fresh ``--full`` build of the edited folder into another folder is the reference. Every file
must be byte-identical (the sitemap's dates aside), pages of logs that did not change must be
the previous build's files (same inode: linked, not rendered again), and the edited log's
page, the archive month listing it and the registry entry it now cites must be new.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from site_builder.cli import main
from tests.conftest import EXAMPLES

EDITED = "training/run-logs/2026-03-04_14-00_draft-replies-2.md"
UNTOUCHED = "logs/training/run-logs/2026-03-02_09-30_draft-replies-1/index.html"
EDITED_PAGE = "logs/training/run-logs/2026-03-04_14-00_draft-replies-2/index.html"
#: Files whose content holds the build date.
DATED = {"sitemap.xml", "sitemap.xml.gz"}


def _build(folder: Path, site: Path, *extra: str) -> None:
    assert main(["build", str(folder), "--site-dir", str(site), "--quiet", *extra]) == 0


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "logs"
    shutil.copytree(EXAMPLES, copy)
    return copy


def test_a_rebuild_after_one_change_equals_a_fresh_build(folder: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(folder, site)
    inodes = {name: (site / name).stat().st_ino for name in (UNTOUCHED, EDITED_PAGE)}
    log = folder / EDITED
    text = log.read_text(encoding="utf-8")
    assert "lighthouse" in text
    log.write_text(text.replace("lighthouse", "harbourmaster") + "\nThe harbourmaster reply hit ERR-002 once.\n", encoding="utf-8")
    _build(folder, site)
    fresh = tmp_path / "fresh"
    _build(folder, fresh, "--full")

    rebuilt, reference = _files(site), _files(fresh)
    assert sorted(rebuilt) == sorted(reference)
    different = [name for name in reference if rebuilt[name] != reference[name] and name not in DATED]
    assert different == []
    assert (site / UNTOUCHED).stat().st_ino == inodes[UNTOUCHED]
    assert (site / EDITED_PAGE).stat().st_ino != inodes[EDITED_PAGE]
    page = (site / EDITED_PAGE).read_text(encoding="utf-8")
    assert "harbourmaster" in page and "lighthouse" not in page
    entry = (site / "registry" / "training" / "error-registry" / "ERR-002" / "index.html").read_text(encoding="utf-8")
    assert "2026-03-04_14-00_draft-replies-2" in entry


def test_bodies_of_unchanged_logs_come_from_the_cache(folder: Path, tmp_path: Path) -> None:
    from hooks.config import load_config
    from site_builder.body_cache import BodyCache, cache_path
    from site_builder.stage import stage_site

    site = tmp_path / "site"
    config = load_config(None, folder)
    first = BodyCache(cache_path(site))
    reference = stage_site(folder, config, cache=first)
    first.close()
    assert (first.hits, first.misses) == (0, 8)
    log = folder / EDITED
    log.write_text(log.read_text(encoding="utf-8").replace("lighthouse", "harbourmaster"), encoding="utf-8")
    second = BodyCache(cache_path(site))
    again = stage_site(folder, config, cache=second)
    second.close()
    assert (second.hits, second.misses) == (7, 1)
    edited = "logs/training/run-logs/2026-03-04_14-00_draft-replies-2.md"
    assert "harbourmaster" in again.bodies[edited]
    assert {p: b for p, b in again.bodies.items() if p != edited} == {p: b for p, b in reference.bodies.items() if p != edited}


def test_the_site_folder_follows_the_umask_and_nothing_is_left_beside_it(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    old = os.umask(0o022)
    try:
        _build(folder, out / "site")
    finally:
        os.umask(old)
    site = out / "site"
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert stat.S_IMODE((site / "index.html").stat().st_mode) == 0o644
    assert stat.S_IMODE((site / "pagefind").stat().st_mode) == 0o755
    assert sorted(p.name for p in out.iterdir()) == ["site"]
