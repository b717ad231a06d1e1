"""`runlog build` on real folders: every log has a page, registry links work, search holds the text."""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.discovery import select_targets
from hooks.model.document import parse, plain
from hooks.model.error_registry import parse_registry
from site_builder.cli import main
from tests.conftest import CORPUS, EXAMPLES, HEYREACH, run_cli
from tests.site_builder.pagefind_index import search_docs

_HREF = re.compile(r'<a href="([^"#]+)"[^>]*>([^<]*)</a>')


def _build(folder: Path, site: Path, *extra: str) -> None:
    code = main(["build", str(folder), "--site-dir", str(site), "--quiet", *extra])
    assert code == 0


@pytest.fixture(scope="module")
def heyreach_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not HEYREACH.is_dir():
        pytest.fail(f"the shared corpus is missing at {HEYREACH}")
    site = tmp_path_factory.mktemp("heyreach") / "site"
    _build(HEYREACH, site)
    return site


def _search_docs(site: Path) -> list[dict[str, str]]:
    """The Pagefind index of ``site`` (the theme's own index holds no document)."""
    assert json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []
    return search_docs(site)


def test_every_run_log_session_and_the_registry_has_a_page(heyreach_site: Path) -> None:
    run_logs = sorted(p.stem for p in (HEYREACH / "run-logs").glob("*.md") if p.name != "README.md")
    sessions = sorted(p.stem for p in (HEYREACH / "sessions").glob("*.md"))
    assert len(run_logs) == 40 and len(sessions) == 4
    published = sorted(p.parent.name for p in (heyreach_site / "logs" / "run-logs").glob("*/index.html"))
    assert published == run_logs
    assert sorted(p.parent.name for p in (heyreach_site / "logs" / "sessions").glob("*/index.html")) == sessions
    assert (heyreach_site / "logs" / "error-registry" / "index.html").is_file()


def test_registry_run_log_links_open_the_logs_they_name(heyreach_site: Path) -> None:
    text = (HEYREACH / "error-registry.md").read_text(encoding="utf-8")
    named = {}
    for entry in parse_registry(parse("error-registry.md", text)):
        for reference in entry.run_logs:
            named.setdefault(entry.id, reference.target)
    resolvable = {k: v for k, v in named.items() if (HEYREACH / "run-logs" / v).is_file()}
    assert len(resolvable) >= 8
    page = heyreach_site / "logs" / "error-registry" / "index.html"
    content = page.read_text(encoding="utf-8")
    links = {label: href for href, label in _HREF.findall(content)}
    for error_id, target in resolvable.items():
        stem = target.removesuffix(".md")
        assert stem in links, f"{error_id}: no link to {target}"
        opened = (page.parent / links[stem] / "index.html").resolve()
        assert opened.is_file(), f"{error_id}: {links[stem]} does not resolve"
        assert opened.parent.name == stem
        assert html.escape(target, quote=False) in opened.read_text(encoding="utf-8") or target in opened.read_text(encoding="utf-8")
        entry_href = links[error_id]
        entry_page = (page.parent / entry_href / "index.html").resolve()
        assert entry_page.is_file()
        back = dict((label, href) for href, label in _HREF.findall(entry_page.read_text(encoding="utf-8")))
        assert any((entry_page.parent / href / "index.html").resolve() == opened for href in back.values())


def test_search_index_holds_every_log_text(heyreach_site: Path) -> None:
    docs = _search_docs(heyreach_site)
    by_page: dict[str, str] = {}
    for doc in docs:
        url = doc["location"].split("#", 1)[0]
        text = doc["title"] + " " + doc["text"]
        by_page[url] = by_page.get(url, "") + " " + html.unescape(re.sub(r"<[^>]+>", "", text))
    for path in sorted((HEYREACH / "run-logs").glob("*.md")):
        if path.name == "README.md":
            continue
        document = parse(path.name, path.read_text(encoding="utf-8"))
        indexed = " ".join(by_page[f"logs/run-logs/{path.stem}/"].split())
        headings = [" ".join(plain(s.title).split()) for s in document.sections if s.level >= 2]
        assert headings and all(h.replace("**", "") in indexed or h in indexed for h in headings[:3]), path.name
        assert path.name in indexed
    assert any("ERR-009" in doc["text"] or "ERR-009" in doc["title"] for doc in docs)


def test_nav_lists_sections_and_index_pages_only(heyreach_site: Path) -> None:
    page = (heyreach_site / "logs" / "run-logs" / "2026-01-03_14-41_process-1" / "index.html").read_text(encoding="utf-8")
    nav = page.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    targets = set(re.findall(r'href="([^"]+)"', nav))
    assert not any("logs/" in t for t in targets), targets
    assert len(targets) <= 12


def _synthetic(folder: Path, count: int) -> None:
    run_logs = folder / "run-logs"
    run_logs.mkdir(parents=True)
    for number in range(count):
        day = 1 + number % 28
        (run_logs / f"2026-{1 + number // 28:02d}-{day:02d}_10-00_process-{number}.md").write_text(
            f"# Run Log: Process {number}\n**Started:** 2026-01-01 10:00\n**Mode:** 4\n**Status:** Completed\n\n"
            "## Step 1: Fetch\n**Time:** 10:01\n**Action:** fetch\n**Result:** 3 items\n",
            encoding="utf-8",
        )


def test_page_size_does_not_grow_with_the_number_of_logs(tmp_path: Path) -> None:
    sizes = {}
    for count in (4, 40):
        folder = tmp_path / f"logs{count:02d}"
        _synthetic(folder, count)
        site = tmp_path / f"site{count:02d}"
        _build(folder, site)
        page = site / "logs" / "run-logs" / "2026-01-01_10-00_process-0" / "index.html"
        sizes[count] = (len(page.read_bytes()), len((site / "index.html").read_bytes()), len((site / "archive" / "index.html").read_bytes()))
        assert len(list((site / "logs" / "run-logs").glob("*/index.html"))) == count
    assert sizes[4][0] == sizes[40][0]
    assert abs(sizes[4][1] - sizes[40][1]) < 100
    assert sizes[40][2] - sizes[4][2] < 500


def test_examples_build_and_a_rebuild_replaces_the_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    code, _out, err = run_cli(["build", str(EXAMPLES), "--site-dir", str(site)], capsys)
    assert code == 0, err
    assert "site written" in err
    for name in ("costs", "findings", "tags", "archive"):
        assert (site / name / "index.html").is_file()
    costs = (site / "costs" / "index.html").read_text(encoding="utf-8")
    assert "mermaid" not in costs and costs.count('<img alt="') == 4
    assert sorted(p.name for p in (site / "charts").iterdir()) == ["cost-by-day.svg", "cost-by-mode.svg", "tokens-by-day.svg", "tokens-by-model.svg"]
    stale = site / "stale.txt"
    stale.write_text("old", encoding="utf-8")
    code, _out, err = run_cli(["build", str(EXAMPLES), "--site-dir", str(site), "--quiet"], capsys)
    assert code == 0, err
    assert not stale.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == []


def test_strict_refusal_keeps_the_previous_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    _build(EXAMPLES / "training", site)
    before = (site / "index.html").read_bytes()
    code, _out, err = run_cli(["build", str(EXAMPLES / "drifted"), "--site-dir", str(site), "--strict", "--quiet"], capsys)
    assert code == 1
    assert "not publishing" in err and "2026-03-04_process-inbox.md" in err
    assert (site / "index.html").read_bytes() == before


def test_a_folder_runlog_did_not_write_is_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "mine"
    site.mkdir()
    (site / "notes.txt").write_text("keep me", encoding="utf-8")
    code, _out, err = run_cli(["build", str(EXAMPLES), "--site-dir", str(site), "--quiet"], capsys)
    assert code == 2
    assert err.count("\n") == 1 and "did not write" in err
    assert (site / "notes.txt").read_text(encoding="utf-8") == "keep me"
    code, _out, err = run_cli(["build", str(tmp_path / "missing"), "--site-dir", str(tmp_path / "s")], capsys)
    assert code == 2 and "log folder not found" in err


def test_zensical_engine_missing_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util
    import shutil

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "zensical" else real_find_spec(name, *a))
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    code, _out, err = run_cli(["build", str(EXAMPLES), "--site-dir", str(tmp_path / "site"), "--engine", "zensical"], capsys)
    assert code == 2
    assert err.strip().count("\n") == 0 and "pip install zensical" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_zensical_builds_the_same_pages(tmp_path: Path) -> None:
    _build(EXAMPLES, tmp_path / "material")
    _build(EXAMPLES, tmp_path / "zensical", "--engine", "zensical")
    pages = {p.parent.relative_to(tmp_path / "material").as_posix() for p in (tmp_path / "material").rglob("index.html")}
    assert pages == {p.parent.relative_to(tmp_path / "zensical").as_posix() for p in (tmp_path / "zensical").rglob("index.html")}
    assert len(pages) == 20
    page = (tmp_path / "zensical" / "logs" / "training" / "run-logs" / "2026-03-04_14-00_draft-replies-2" / "index.html").read_text(encoding="utf-8")
    assert "lighthouse" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["material", "zensical"]


def test_the_whole_corpus_builds_and_every_known_file_has_a_page(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(corpus, site)
    targets = select_targets([str(corpus)], load_config(None, corpus), corpus)
    assert len(targets) >= 90
    indexed = " ".join(doc["text"] for doc in _search_docs(site))
    pages = list((site / "logs").rglob("index.html"))
    assert len(pages) == len(targets)
    for target in targets:
        relative = target.absolute.relative_to(corpus.resolve()).as_posix()
        assert html.escape(relative, quote=False) in indexed or relative in indexed, relative
    sample = next(p for p in pages if "heyreach" in str(p))
    assert posixpath.basename(str(sample.parent))


def test_corpus_path_is_the_shared_corpus() -> None:
    assert CORPUS.name == "corpus"
