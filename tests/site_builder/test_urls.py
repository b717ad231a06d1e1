"""Links inside raw HTML, per engine: MkDocs leaves them alone, Zensical rewrites them as file paths."""

from __future__ import annotations

import pytest

from site_builder.urls import html_link, page_url, relative_url


def test_page_urls_are_directory_urls() -> None:
    assert page_url("logs/a/b.md") == "logs/a/b/"
    assert page_url("archive/index.md") == "archive/"
    assert page_url("index.md") == ""


@pytest.mark.parametrize(
    ("source", "target", "mkdocs", "zensical"),
    [
        ("registry/error-registry/ERR-003.md", "logs/run-logs/a.md", "../../../logs/run-logs/a/", "../../logs/run-logs/a.md"),
        ("logs/run-logs/a.md", "logs/run-logs/b.md", "../b/", "b.md"),
        ("index.md", "logs/x.md", "logs/x/", "logs/x.md"),
        ("logs/x.md", "archive/index.md", "../../archive/", "../archive/index.md"),
    ],
)
def test_html_link_per_engine(source: str, target: str, mkdocs: str, zensical: str) -> None:
    assert html_link(source, target) == relative_url(source, target) == mkdocs
    assert html_link(source, target, "zensical") == zensical


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine 'hugo'"):
        html_link("a.md", "b.md", "hugo")
