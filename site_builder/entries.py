"""Registry entries as the site publishes them: the model of an entry page and its body.

:class:`Registry` and :class:`PublishedEntry` are filled by :func:`site_builder.collect.collect`
from the checker's registry model (:mod:`hooks.model.error_registry`: entries, shapes, references);
:func:`entry_body` cuts an entry's body out of its registry document as written, for its page
(:func:`site_builder.pages.entry_page` renders it like log content).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from hooks.model.document import Document
from hooks.model.error_registry import Reference, RegistryEntry, RegistryShape
from hooks.model.secrets import redact


@dataclass
class PublishedEntry:
    """One error registry entry as the site publishes it (the checker's entry is :class:`hooks.model.error_registry.RegistryEntry`).

    Attributes:
        id: ``ERR-009``; ``title``: inert plain title.
        page: its page in the docs folder.
        status, severity, category, first_seen: plain field values ("" when absent).
        is_open: whether its status is one of the kind's open statuses.
        source_dir: the registry's folder relative to the log folder (POSIX, "" at its top),
            which relative links in ``body`` start from.
        named: pages of the logs its Run Log field names (resolved), in order.
        unresolved: references that name no published log (redacted).
        cited_by: pages of the logs whose text mentions the id.
        body: the entry's body as markdown, redacted, Run Log references made links
            (:func:`entry_body`).
    """

    id: str
    title: str
    page: str
    status: str
    severity: str
    category: str
    first_seen: str
    is_open: bool
    source_dir: str = ""
    named: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    cited_by: list[str] = field(default_factory=list)
    body: str = ""


@dataclass
class Registry:
    """An error registry file: its page, the folder whose logs it covers, its kind's shape
    (:func:`hooks.kinds.registry_shape.shape_of`) and its entries."""

    page: str
    scope: Path
    shape: RegistryShape
    entries: list[PublishedEntry] = field(default_factory=list)


_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_RULE_LINE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_RUN_LOG_KEY = re.compile(r"(?i)\brun[ _-]?logs?\b|\blog\b")


def entry_body(doc: Document, entry: RegistryEntry, links: Iterable[tuple[Reference, str]] = ()) -> str:
    """The markdown of a registry entry's body as written, ready to render on its own page.

    The lines after the entry's heading up to its last line (:attr:`hooks.model.error_registry.RegistryEntry.end_line`),
    so the fields table or ``**Key**: value`` lines, then each ``**Label:**`` block or
    subsection with its fences, lists and paragraphs, in source order. Three changes:
    headings inside the entry move up by the entry's own level (a ``### Summary`` under a
    ``## [ERR-...]`` heading becomes ``#``; the page demotes it again under its H1), a
    closing thematic break (``---`` between entries) and blank lines at either end are left
    out, and each Run Log reference in ``links`` (a reference and the named log's path
    relative to the registry's folder) becomes a markdown link to that path, which the
    renderer points at the log's page. The text is redacted (:func:`hooks.model.secrets.redact`).
    """
    lines = list(doc.lines[entry.line : entry.end_line])
    first = entry.line + 1
    own_level = next((s.level for s in doc.sections if s.line == entry.line), 1)
    for section in doc.sections:
        if entry.line < section.line <= entry.end_line:
            index, hashes = section.line - first, "#" * max(1, section.level - own_level)
            lines[index] = _ATX.sub(r"\g<1>" + hashes, lines[index], count=1)
    by_line: dict[int, list[tuple[str, str]]] = {}
    for reference, target in links:
        anchor = "#" + reference.target.split("#", 1)[1] if "#" in reference.target else ""
        by_line.setdefault(reference.line, []).append((reference.target, urllib.parse.quote(target, safe="/") + anchor))
    for number, pairs in by_line.items():
        index = number - first
        if 0 <= index < len(lines) and not doc.in_fence(number):
            lines[index] = _link_references(lines[index], pairs)
    while lines and (not lines[-1].strip() or (_RULE_LINE.match(lines[-1]) and not doc.in_fence(first + len(lines) - 1))):
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
        first += 1
    return redact("\n".join(lines))


def _link_references(line: str, pairs: list[tuple[str, str]]) -> str:
    """``line`` with each (reference as written, URL) made a link; the part before the Run Log key is kept."""
    key = _RUN_LOG_KEY.search(line)
    head, tail = (line[: key.end()], line[key.end() :]) if key else ("", line)
    for target, url in pairs:
        if f"]({target}" in tail:
            tail = tail.replace(f"]({target}", f"]({url}", 1)
        elif f"`{target}`" in tail:
            tail = re.sub(r"(?<!\[)" + re.escape(f"`{target}`"), f"[`{target}`]({url})".replace("\\", "\\\\"), tail)
        elif target in tail:
            tail = tail.replace(target, f"[{target}]({url})", 1)
    return head + tail
