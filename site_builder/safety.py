"""Making untrusted log text safe to publish: HTML sanitizing, escaping, titles, tags, slugs.

Agent-written logs are untrusted input. Everything taken from a log passes through one of
these functions before it reaches a generated page:

- :func:`clean_html` sanitizes rendered HTML with nh3 (ammonia) against an allowlist that
  keeps what mkdocs-material's markup needs (admonitions, permalinks, highlighted code,
  tables, images such as the dashboard's SVG charts) and drops scripts, event handlers, iframes, ``meta`` and any URL
  whose scheme is not http, https or mailto.
- :func:`escape_markdown` turns log text into inert inline markdown (HTML escaped, every
  character Python-Markdown treats as markup backslash-escaped, newlines folded).
- :func:`plain_title` makes a title that stays inert where the theme prints it unescaped
  (MkDocs' Jinja environment does not autoescape, and material's ``striptags`` unescapes
  entities in ``<title>``).
- :func:`tag_name`, :func:`slug` and :func:`chart_label` reduce text to a safe alphabet.

Secrets are redacted first (:func:`hooks.model.secrets.redact`) wherever text is published.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

import nh3

from hooks.model.secrets import redact

#: Tags kept in published HTML (material's content markup plus ordinary prose and tables).
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
#: Attributes kept, by tag (``*``: every tag). No ``style``, no ``on*``, no ``data-*``.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "details": {"open"},
    "abbr": {"title"},
}
#: Tags removed together with their content.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "textarea", "select", "title", "frame", "frameset", "applet"})
#: URL schemes allowed in ``href`` and ``src`` (relative URLs are kept too).
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
#: Every character HTML or Python-Markdown (and its extensions) reads as markup, as an entity.
_MD_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+-.!|~^=:$%@"})
_TITLE_MAP = str.maketrans({"<": "‹", ">": "›", '"': "”", "'": "’", "`": "ʻ", "\\": "∖", "{": "(", "}": ")"})
#: An ``&`` that would start a character reference (``&lt;``, ``&#60;``); a lone ``&`` is kept.
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;?)")
_SLUG_BAD = re.compile(r"[^A-Za-z0-9._-]+")


def clean_html(fragment: str) -> str:
    """Sanitize an HTML fragment for publishing (see module docstring); secrets redacted.

    Returns well-formed HTML with only :data:`ALLOWED_TAGS` and :data:`ALLOWED_ATTRIBUTES`;
    comments removed; links given ``rel="noopener noreferrer"``.
    """
    cleaned = nh3.clean(
        redact(fragment),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer",
    )
    return cleaned


def one_line(text: str, limit: int = 300) -> str:
    """``text`` redacted, with control characters removed, white space folded and cut to ``limit``."""
    text = _CONTROL.sub("", redact(text, loose=True))
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def escape_markdown(text: str, limit: int = 300) -> str:
    """Log text as inert inline markdown for a generated page.

    The result holds no raw HTML (``<``, ``>``, ``&`` and quotes become entities) and no
    markdown syntax (every character Python-Markdown or its extensions read as markup is
    backslash-escaped or an entity), on one line, cut to ``limit`` characters first.
    """
    return one_line(text, limit).translate(_MD_ESCAPES)


def escape_html(text: str, limit: int = 300) -> str:
    """Log text as HTML text content (one line, redacted, entities escaped)."""
    return html.escape(one_line(text, limit), quote=True)


def plain_title(text: str, limit: int = 120) -> str:
    """A page title that is inert even where a template prints it raw.

    Markup characters become look-alike letters (``<`` to ``‹``, quotes to curly quotes, an
    ``&`` starting a character reference to ``＆``), so neither HTML, markdown, YAML nor an
    attribute can be opened, even after a template's ``striptags`` decodes entities.
    """
    title = _ENTITY_START.sub("＆", one_line(text, limit).translate(_TITLE_MAP))
    return title or "Untitled"


def tag_name(text: str, limit: int = 40) -> str:
    """A tag for material's tags plugin: letters, digits, space, ``._-`` only; ``""`` if nothing is left."""
    cleaned = re.sub(r"[^A-Za-z0-9 ._-]+", " ", one_line(text, limit))
    return " ".join(cleaned.split())[:limit].strip(" .-_")


def chart_label(text: str, limit: int = 30) -> str:
    """A chart's title or label (:mod:`site_builder.costs`): letters, digits, space and ``._-/``
    only, redacted, at most ``limit`` characters; ``"unknown"`` when nothing is left."""
    cleaned = re.sub(r"[^A-Za-z0-9 ._/-]+", " ", one_line(text, limit))
    return " ".join(cleaned.split())[:limit] or "unknown"


def slug(text: str, limit: int = 80) -> str:
    """A file-name segment: ``[A-Za-z0-9._-]``, no leading dot, never empty, at most ``limit`` long."""
    cleaned = _SLUG_BAD.sub("-", redact(text)).strip("-.") or "page"
    return cleaned[:limit].rstrip("-.") or "page"


def front_matter(title: str, tags: Iterable[str] = (), hide: Iterable[str] = ()) -> str:
    """A YAML front matter block written as JSON (inert for any value)."""
    data: dict[str, object] = {"title": plain_title(title)}
    tag_list = [t for t in tags if t]
    if tag_list:
        data["tags"] = tag_list
    hide_list = list(hide)
    if hide_list:
        data["hide"] = hide_list
    return "---\n" + json.dumps(data, ensure_ascii=True) + "\n---\n\n"
