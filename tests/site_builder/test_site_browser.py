"""The example site in headless Chromium, built by each engine: search reaches a log; a registry
entry leads to its log and back.

Builds ``examples/`` with ``runlog build --engine mkdocs`` (Material, Pagefind search behind
Material's search box) and ``--engine zensical`` (Zensical 0.0.x with its own search), serves
each on 127.0.0.1 from a thread and drives Debian's ``chromium`` with Playwright (its
``executable_path``; nothing is downloaded), every request to another host blocked.
Screenshots go to ``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO
from tests.site_builder.browser import serve

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
#: The only example log holding this word.
UNIQUE_WORD = "lighthouse"
UNIQUE_LOG = "2026-03-04_14-00_draft-replies-2"

pytestmark = pytest.mark.browser



ENGINES = ("mkdocs", "zensical")


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Iterator[str]:
    from site_builder.cli import main

    site = tmp_path_factory.mktemp(f"demo-{engine}") / "site"
    assert main(["build", str(EXAMPLES), "--site-dir", str(site), "--engine", engine, "--quiet"]) == 0
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def page(demo_url: str) -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM} (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())
        tab = context.new_page()
        tab.set_default_timeout(20_000)
        yield tab
        browser.close()


def test_the_unique_word_is_in_one_example_log_only() -> None:
    holders = [p.stem for p in EXAMPLES.rglob("*.md") if UNIQUE_WORD in p.read_text(encoding="utf-8").lower()]
    assert holders == [UNIQUE_LOG]


def _search_zensical(page: object, demo_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(demo_url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    search = page.locator("input[role=combobox]")
    search.press_sequentially(UNIQUE_WORD, delay=50)
    result = page.get_by_text(re.compile("Run Log: Draft Replies")).first
    expect(result).to_be_visible(timeout=20_000)
    expect(page.get_by_text(re.compile(r"^1 result"))).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "search-results-zensical.png"))
    result.click()
    page.wait_for_url(re.compile(UNIQUE_LOG))
    expect(page.locator("article")).to_contain_text(UNIQUE_WORD)


def test_search_finds_the_only_log_with_a_word(page: object, demo_url: str, engine: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    if engine == "zensical":
        _search_zensical(page, demo_url)
        return
    page.goto(demo_url)
    page.wait_for_load_state("networkidle")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(UNIQUE_WORD, delay=50)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=20_000)
    links = page.locator(".md-search-result__link")
    hrefs = {href.split("#", 1)[0].split("?", 1)[0] for href in (links.nth(i).get_attribute("href") or "" for i in range(links.count()))}
    assert len(hrefs) == 1 and UNIQUE_LOG in next(iter(hrefs))
    result = page.locator(".md-search-result__article").first
    expect(result).to_contain_text("Run Log: Draft Replies")
    expect(result.locator("mark")).to_contain_text(UNIQUE_WORD)
    expect(result.locator(".md-tag")).to_have_text(["run-log", "2026-03-04"])
    expect(result).not_to_contain_text("Field Value")
    page.screenshot(path=str(ARTIFACTS / "search-results.png"))
    links.first.click()
    page.wait_for_url(re.compile(UNIQUE_LOG))
    expect(page.locator("article")).to_contain_text(UNIQUE_WORD)
    page.screenshot(path=str(ARTIFACTS / "search-reached-log.png"), full_page=True)


def test_registry_entry_to_its_log_and_back(page: object, demo_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(demo_url + "registry/")
    page.get_by_role("link", name="ERR-002", exact=True).first.click()
    page.wait_for_url(re.compile(r"/registry/training/error-registry/ERR-002/$"))
    entry_url = page.url
    page.screenshot(path=str(ARTIFACTS / "registry-entry.png"), full_page=True)
    page.locator("#run-log + ul a").first.click()
    page.wait_for_url(re.compile(r"/logs/training/run-logs/2026-03-03_10-05_triage-queue-1/$"))
    expect(page.locator("article")).to_contain_text("2026-03-03_10-05_triage-queue-1.md")
    page.screenshot(path=str(ARTIFACTS / "registry-cited-log.png"), full_page=True)
    page.locator("#errors-cited + ul a", has_text="ERR-002").click()
    page.wait_for_url(entry_url)
    expect(page.locator("h1")).to_contain_text("ERR-002")
