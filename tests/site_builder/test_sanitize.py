"""The two sanitizer passes on their own: the log-only pass and the page pass.

The log-only pass (:func:`site_builder.render.clean_log_html`, run by every renderer) keeps
the site's allowlist, prefixes every id with ``log-`` and drops ``name``, so no element of a
log can take the id of one of material's own elements (``__config`` holds the theme's JSON
configuration, ``__search`` and ``__drawer`` are its toggles; DOM clobbering through ``name``
reaches ``window.__md_scope``). The page pass (:func:`site_builder.safety.clean_html`, the
plugin's ``on_page_content``) keeps ids as they are: the generated pages' own anchors.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from site_builder.render import ID_PREFIX, clean_log_html, render_json, render_markdown, render_text
from site_builder.safety import clean_html

THEME_IDS = ["__config", "__search", "__drawer", "__md_scope", "__toc", "__source"]


class _Attributes(HTMLParser):
    """Every (tag, attribute, value) in a fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend((tag, name, value or "") for name, value in attrs)


def _attributes(fragment: str) -> list[tuple[str, str, str]]:
    parser = _Attributes()
    parser.feed(fragment)
    parser.close()
    return parser.found


def _no_link(_path: str) -> str | None:
    return None


@pytest.mark.parametrize("theme_id", THEME_IDS)
def test_the_log_pass_gives_no_element_a_theme_id(theme_id: str) -> None:
    fragment = (f'<div id="{theme_id}">{{"base": "https://evil.example"}}</div><a name="{theme_id}" id="{theme_id}">x</a>'
                f'<img name="{theme_id}" src="a.png"><span id="{theme_id}">y</span>')
    found = _attributes(clean_log_html(fragment))
    assert [(tag, value) for tag, name, value in found if name == "id"] == [
        ("div", ID_PREFIX + theme_id), ("a", ID_PREFIX + theme_id), ("span", ID_PREFIX + theme_id),
    ]
    assert not any(name == "name" for _tag, name, _value in found)


def test_the_page_pass_keeps_ids_and_names_as_written() -> None:
    found = _attributes(clean_html('<h2 id="run-log">Run log</h2><a name="top" href="#run-log">up</a>'))
    assert ("h2", "id", "run-log") in found and ("a", "name", "top") in found


@pytest.mark.parametrize("theme_id", THEME_IDS)
def test_a_rendered_log_holds_no_theme_id(theme_id: str) -> None:
    text = (f"# Run Log: clobber\n\n## {theme_id}\n\n<div id=\"{theme_id}\">raw block</div>\n\n"
            f"Inline <a name=\"{theme_id}\" id=\"{theme_id}\">anchor</a> and [a jump](#{theme_id}).\n")
    found = _attributes(render_markdown(text, "", _no_link))
    ids = [value for _tag, name, value in found if name == "id"]
    assert ids and all(value.startswith(ID_PREFIX) for value in ids)
    assert theme_id not in ids and not any(name == "name" for _tag, name, _value in found)
    assert ("a", "href", f"#{ID_PREFIX}{theme_id}") in found


def test_heading_ids_are_prefixed_once() -> None:
    found = _attributes(render_markdown("## Step 1: Fetch\n\n## Step 1: Fetch\n", "", _no_link))
    assert [value for _tag, name, value in found if name == "id"] == ["log-step-1-fetch", "log-step-1-fetch_1"]


@pytest.mark.parametrize("render", [render_json, render_text], ids=["json", "text"])
def test_structured_renderers_use_the_log_pass(render: object) -> None:
    assert callable(render)
    html = render('{"note": "<div id=\\"__config\\">x</div>"}')
    ids = [value for _tag, name, value in _attributes(html) if name == "id"]
    assert "&lt;div id=" in html and "__config" not in ids
    assert all(value.startswith(ID_PREFIX) for value in ids)


def test_an_unclosed_element_hides_nothing_after_it() -> None:
    text = ('BEFORE\n\n<math><mtext><table><mglyph><style><img src=x onerror=alert("mxss")>\n\nAFTER\n\n## Below\n\n'
            "Open <span><b>bold\n\nSTILL HERE\n")
    html = render_markdown(text, "", _no_link)
    assert "<p>BEFORE</p>" in html and "<p>AFTER</p>" in html and '<h3 id="log-below">Below</h3>' in html
    assert "<p>Open <span><b>bold</b></span></p>" in html and "<p>STILL HERE</p>" in html
    assert "onerror" not in html and "<style" not in html
