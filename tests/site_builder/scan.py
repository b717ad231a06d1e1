"""A scanner for live markup in a built site: what a hostile log must never get through.

Every HTML file is parsed (html.parser, as a browser tokenizes tags) and every string of
``search/search_index.json`` is parsed as HTML too (material's search shows result text as
HTML). Material's own theme scripts are recognised by their ``src`` under ``assets/`` or,
for inline ones, by holding no payload marker.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcdoc", "content"}
_BAD_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base"}
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript|data:text/html|data:image/svg|data:application)", re.I)
_STRIP = re.compile(r"[\x00-\x20\x7f]+")


class _Live(HTMLParser):
    """Collects live markup problems in one HTML text."""

    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.problems: list[str] = []
        self._script: str | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"{self.where}: <{tag} {name}=...> event handler")
            if name in _URL_ATTRIBUTES and _BAD_SCHEME.match(_STRIP.sub("", value)):
                self.problems.append(f"{self.where}: <{tag} {name}={value[:40]!r}> dangerous URL")
            if name == "style" and re.search(r"javascript|expression\(|url\(", value, re.I):
                self.problems.append(f"{self.where}: <{tag} style={value[:40]!r}>")
        if tag in _BAD_TAGS:
            self.problems.append(f"{self.where}: <{tag}> element")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append(f"{self.where}: <meta http-equiv=refresh>")
        if tag == "script":
            src = values.get("src", "")
            if src and "assets/javascripts/" not in src:
                self.problems.append(f"{self.where}: <script src={src[:60]!r}>")
            self._script = tag
            self._script_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            text = "".join(self._script_text)
            if re.search(r"alert\(|xss|evil\.example|document\.cookie", text, re.I):
                self.problems.append(f"{self.where}: inline <script> holding a payload: {text[:60]!r}")
            self._script = None


def live_markup(html: str, where: str) -> list[str]:
    """Problems found in one HTML text (empty when nothing is live)."""
    parser = _Live(where)
    parser.feed(html)
    parser.close()
    return parser.problems


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def scan_site(site: Path, secrets: list[str]) -> list[str]:
    """Every live-markup problem and every secret (or 16-character prefix of one) under ``site``."""
    problems: list[str] = []
    files = [p for p in site.rglob("*") if p.is_file()]
    assert files, f"nothing under {site}"
    for path in files:
        where = str(path.relative_to(site))
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        for secret in secrets:
            if secret[:16] in text:
                problems.append(f"{where}: holds secret {secret[:10]}...")
        if path.suffix == ".html":
            problems.extend(live_markup(text, where))
        elif path.suffix == ".json":
            for index, string in enumerate(_strings(json.loads(text))):
                problems.extend(live_markup(string, f"{where}[{index}]"))
                if _BAD_SCHEME.match(_STRIP.sub("", string)):
                    problems.append(f"{where}[{index}]: dangerous URL {string[:40]!r}")
        elif path.suffix in {".xml", ".txt"} and re.search(r"<script|javascript:|onerror=", text, re.I):
            problems.append(f"{where}: payload text in {path.suffix}")
    return problems
