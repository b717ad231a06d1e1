"""The Pagefind search of a runlog site (site_builder/search.py and its worker).

Unit tests of the stub documents and the worker's installation, a real Pagefind index built
from real logs (its fragments read back: URL, title, kind, date, text), and a browser test
with hostile logs: markup written in a log (title or text) found by a search stays text in
the result list, in real headless Chromium with every other host blocked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from hooks.errors import UsageError
from site_builder.cli import main
from site_builder.search import SearchPage, install_worker, stub_html, worker_source, write_index
from tests.site_builder.browser import serve
from tests.site_builder.pagefind_index import search_docs

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE_WORD = "quetzalfrond"

_RUN_LOG = """# Run Log: {title}

**Started:** 2026-03-05 10:00
**Mode:** 2 (draft replies)
**Status:** Completed

## Step 1: Draft replies

**Result:** {text}
"""


def test_a_stub_holds_the_page_as_text_and_its_metas() -> None:
    stub = stub_html(SearchPage("logs/a/b/", 'T <img src=x onerror="alert(1)">', "run-log", "2026-03-05", "<p>body</p>", "ERR-001 <b>x</b>"))
    assert '<h1 data-pagefind-meta="title">T &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</h1>' in stub
    assert '<span data-pagefind-meta="url:logs/a/b/"></span>' in stub
    assert '<span data-pagefind-meta="kind:run-log"></span><span data-pagefind-meta="date:2026-03-05"></span>' in stub
    assert "<p>ERR-001 &lt;b&gt;x&lt;/b&gt;</p>" in stub
    # a comma would end a Pagefind meta value early
    assert 'data-pagefind-meta="kind:a b"' in stub_html(SearchPage("x/", "t", "a,b", "", ""))


def test_the_index_holds_url_title_kind_date_and_text(tmp_path: Path) -> None:
    pages = [
        SearchPage("logs/one/", "Run Log: One", "run-log", "2026-03-05", "<p>The lighthouse reply.</p>", "ERR-007"),
        SearchPage("registry/r/ERR-007/", "ERR-007: Timeout", "error-registry entry", "", "", "ERR-007 Status: OPEN"),
    ]
    assert write_index(pages, tmp_path) == 2
    docs = sorted(search_docs(tmp_path), key=lambda d: d["location"])
    assert [(d["location"], d["title"], d["kind"], d["date"]) for d in docs] == [
        ("logs/one/", "Run Log: One", "run-log", "2026-03-05"),
        ("registry/r/ERR-007/", "ERR-007: Timeout", "error-registry entry", ""),
    ]
    assert "The lighthouse reply. ERR-007" in docs[0]["text"]
    assert "Status: OPEN" in docs[1]["text"]
    assert not (tmp_path / "pagefind" / "pagefind-ui.js").exists()


def test_installing_the_worker_replaces_the_themes_and_needs_one(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no theme search worker"):
        install_worker(tmp_path)
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.1234abcd.min.js").write_text("lunr", encoding="utf-8")
    (workers / "search.1234abcd.min.js.map").write_text("{}", encoding="utf-8")
    assert install_worker(tmp_path) == [workers / "search.1234abcd.min.js"]
    assert (workers / "search.1234abcd.min.js").read_text(encoding="utf-8") == worker_source()
    assert not (workers / "search.1234abcd.min.js.map").exists()



@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile-search")
    logs = root / "team" / "run-logs"
    logs.mkdir(parents=True)
    (logs / "2026-03-05_10-00_process-1.md").write_text(
        _RUN_LOG.format(title='<img src=x onerror="window.__pwned=1">', text=f"{HOSTILE_WORD} <script>window.__pwned=2</script> `<b>bold</b>`"),
        encoding="utf-8",
    )
    (logs / "2026-03-05_11-00_process-2.md").write_text(
        _RUN_LOG.format(title="Quiet run", text=f"&lt;img src=x onerror=window.__pwned=3&gt; {HOSTILE_WORD}s <img src=x onerror=\"window.__pwned=4\">"),
        encoding="utf-8",
    )
    site = root / "site"
    assert main(["build", str(root / "team"), "--site-dir", str(site), "--quiet"]) == 0
    with serve(site) as url:
        yield url


@pytest.mark.browser
def test_markup_from_logs_stays_text_in_search_results(hostile_url: str) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM} (.ci/run installs it)")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(hostile_url)
        page.wait_for_load_state("networkidle")
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially(HOSTILE_WORD, delay=30)
        results = page.locator(".md-search-result__article")
        expect(results).to_have_count(2)
        page.wait_for_timeout(300)
        listing = page.locator(".md-search-result")
        assert listing.locator("img, script, b, svg, iframe").count() == 0
        expect(listing).to_contain_text("Run Log: ‹img src=x onerror=”window.")
        expect(listing).to_contain_text("<b>bold</b>")
        expect(listing).to_contain_text("<img src=x onerror=window.__pwned=3>")
        expect(listing.locator("mark").first).to_contain_text(HOSTILE_WORD)
        assert page.evaluate("window.__pwned") is None
        browser.close()
