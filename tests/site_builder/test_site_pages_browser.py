"""Registry entry pages and the cost dashboard in headless Chromium, with only 127.0.0.1 reachable.

Runs on every engine's output (:data:`tests.site_builder.browser.ENGINES`): the examples and
the shared heyreach folder are built with ``runlog build --engine``, served locally, and
opened in Chromium with every request to another host aborted and recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, HEYREACH
from tests.site_builder.browser import ARTIFACTS, ENGINES, Browser, build_site, chromium, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def sites(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ``examples/`` and ``heyreach/``, each a site built with ``engine``."""
    if not HEYREACH.is_dir():
        pytest.fail(f"the shared corpus is missing at {HEYREACH}")
    root = tmp_path_factory.mktemp(f"sites-{engine}")
    build_site(EXAMPLES, root / "examples", engine)
    build_site(HEYREACH, root / "heyreach", engine)
    return root


@pytest.fixture(scope="module")
def base_url(sites: Path) -> Iterator[str]:
    with serve(sites) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Browser]:
    with chromium() as tab:
        yield tab


def test_the_example_entry_shows_its_error_message_and_links_its_log(browser: Browser, base_url: str, engine: str) -> None:
    from playwright.sync_api import expect

    page = browser.page
    page.goto(base_url + "examples/registry/training/error-registry/ERR-001/")
    body = page.locator("article .runlog-entry")
    expect(body.locator("pre code").first).to_have_text(re.compile(r"KeyError: 'customer_name'"))
    expect(body.locator("strong", has_text="Resolution")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / f"entry-{engine}.png"), full_page=True)
    run_log = body.locator("td a").first
    expect(run_log).to_have_text(re.compile(r"\.md$"))
    run_log.click()
    page.wait_for_url(re.compile(r"/examples/logs/training/run-logs/[^/]+/$"))
    expect(page.locator("article")).to_contain_text("ERR-001")
    assert browser.blocked == []


def test_heyreach_entries_keep_their_lists_and_fences(browser: Browser, base_url: str) -> None:
    from playwright.sync_api import expect

    page = browser.page
    page.goto(base_url + "heyreach/registry/error-registry/ERR-003/")
    body = page.locator("article .runlog-entry")
    expect(body.locator("li", has_text="All three HeyReach tools failing")).to_have_text(
        "All three HeyReach tools failing: get_conversations_v2, get_chatroom, send_message")
    expect(body.locator("td", has_text="All three HeyReach tools failing")).to_have_count(0)
    expect(body.locator("pre code").first).to_have_text(re.compile("No such tool available: mcp__heyreach__get_conversations_v2"))
    labels = body.locator("p > strong").all_inner_texts()
    assert [t for t in labels if t.rstrip(":") in {"Error Message", "Context", "Root Cause", "Resolution", "Prevention"}] == [
        "Error Message:", "Context:", "Root Cause:", "Resolution:", "Prevention:"]
    page.goto(base_url + "heyreach/registry/error-registry/ERR-009/")
    expect(page.locator("article .runlog-entry pre code").first).to_contain_text("File content (597.3KB) exceeds maximum allowed size (256KB).")
    assert browser.blocked == []


def test_charts_draw_with_the_network_blocked(browser: Browser, base_url: str, engine: str) -> None:
    from playwright.sync_api import expect

    page = browser.page
    page.goto(base_url + "examples/costs/")
    page.wait_for_load_state("networkidle")
    charts = page.locator("article img[src*='charts/']")
    expect(charts).to_have_count(4)
    for index in range(4):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        drawn = chart.evaluate("img => img.complete && img.naturalWidth > 0 ? [img.naturalWidth, img.clientWidth] : null")
        assert drawn is not None and drawn[0] == 800 and drawn[1] >= 300, chart.get_attribute("src")
    page.screenshot(path=str(ARTIFACTS / f"costs-{engine}.png"), full_page=True)
    days = page.locator("article table").first.locator("tbody tr").count()
    src = charts.first.get_attribute("src") or ""
    page.goto(page.url + src)
    expect(page.locator("rect.rect.reactive")).to_have_count(days)
    assert days == 3
    assert browser.blocked == []
