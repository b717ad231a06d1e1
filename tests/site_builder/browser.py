"""Shared browser-test harness: build a site with an engine, serve it on 127.0.0.1, drive Chromium.

Browser tests take the built site folder as a fixture (:func:`build_site` with an engine
name), so the same test runs on the MkDocs and the Zensical output. Chromium is Debian's
(``/usr/bin/chromium``, Playwright's ``executable_path``; nothing is downloaded), and every
request to a host other than 127.0.0.1 is aborted and recorded in :attr:`Browser.blocked`:
a page that needs the network shows it there.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
#: The site generators ``runlog build --engine`` offers.
ENGINES = ("mkdocs", "zensical")
#: Any URL not served by the local test server.
OTHER_HOSTS = re.compile(r"^(?!http://127\.0\.0\.1[:/]).*")


def engine_available(engine: str) -> bool:
    """Whether ``engine`` can build here (Zensical is an optional install)."""
    return engine == "mkdocs" or importlib.util.find_spec(engine) is not None or shutil.which(engine) is not None


def build_site(folder: Path, site: Path, engine: str) -> Path:
    """``runlog build folder --site-dir site --engine engine``; return the site folder."""
    from site_builder.cli import main

    if not engine_available(engine):
        pytest.skip(f"{engine} is not installed here")
    assert main(["build", str(folder), "--site-dir", str(site), "--engine", engine, "--quiet"]) == 0
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 from a thread; yield its base URL (ending in ``/``)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Browser:
    """One Chromium tab with the network cut off but for 127.0.0.1.

    Attributes:
        page: the Playwright page.
        blocked: URLs of every request that was aborted because it left 127.0.0.1.
    """

    page: Any
    blocked: list[str] = field(default_factory=list)


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """A :class:`Browser`; fails (not skips) when Chromium is missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM} (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        result = Browser(page=None)

        def block(route: Any) -> None:
            result.blocked.append(route.request.url)
            route.abort()

        context.route(OTHER_HOSTS, block)
        result.page = context.new_page()
        result.page.set_default_timeout(20_000)
        try:
            yield result
        finally:
            browser.close()
