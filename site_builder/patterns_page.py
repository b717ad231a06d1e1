"""The "Recurring errors" page: error patterns across the published logs, counts by week,
links to the logs and registry entries; and the links to it from those pages.

The patterns are those of ``runlog patterns`` (:func:`hooks.model.error_patterns.mine_patterns`
over :func:`hooks.structured.occurrences.document_occurrences`), read from the markdown documents the
check already parsed (:attr:`site_builder.collect.Log.document`): no file is parsed again, so
structured logs (episodes, run directories) are left to the command.

:func:`add_pages` adds the page and, on each registry entry page and each log page with an
occurrence, a "Recurring errors" section linking to its pattern. All log text is escaped with
:func:`site_builder.safety.escape_markdown`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from hooks.config.loader import Config
from hooks.model.error_patterns import Occurrence, Pattern, mine_patterns
from hooks.structured.occurrences import document_occurrences
from site_builder.safety import escape_markdown

if TYPE_CHECKING:  # collect builds the Site with this module's patterns; only the types are needed here
    from site_builder.collect import Log, Site

#: The page, beside the registry pages (reached from them, not from the nav).
PAGE = "registry/recurring.md"
#: A pattern is listed when it has at least this many occurrences.
MIN_COUNT = 2
#: Patterns listed, most occurrences first, so the page stays bounded as a folder grows.
MAX_PATTERNS = 100
#: Occurrences listed per pattern (the rest are counted).
MAX_OCCURRENCES = 25


def site_patterns(logs: Iterable[Log], config: Config) -> list[Pattern]:
    """Every pattern of the published markdown logs (one-offs included), most occurrences first.

    Raises:
        ConfigError: a kind's options are invalid.
    """
    kinds = {k.name: k for k in config.kinds}
    found: list[Occurrence] = []
    for log in logs:
        kind = kinds.get(log.kind)
        if log.document is not None and kind is not None:
            found.extend(document_occurrences(log.document, kind))
    return mine_patterns(found)


def week_of(timestamp: str | None) -> str:
    """The ISO week ``YYYY-Www`` of a timestamp, or ``undated``."""
    try:
        year, week, _ = dt.date.fromisoformat((timestamp or "")[:10]).isocalendar()
    except ValueError:
        return "undated"
    return f"{year}-W{week:02d}"


def _link(source: str, target: str, text: str) -> str:
    return f"[{escape_markdown(text, 120)}]({posixpath.relpath(target, posixpath.dirname(source) or '.')})"


def _anchor(number: int) -> str:
    return f"pattern-{number}"


def _targets(site: Site, patterns: list[Pattern]) -> tuple[dict[str, Log], dict[tuple[str, int], str]]:
    """Log by the document path occurrences name; entry page by (registry path, heading line).

    A registry's entries (:attr:`site_builder.collect.Registry.entries`) and its registry-entry
    occurrences both come from :func:`hooks.registry.parse_registry` in source order, so the
    k-th occurrence by line is the k-th entry.
    """
    logs = {log.document.path: log for log in site.logs if log.document is not None}
    lines: dict[str, list[int]] = {}
    for pattern in patterns:
        for occurrence in pattern.entries:
            lines.setdefault(occurrence.path, []).append(occurrence.line)
    entries: dict[tuple[str, int], str] = {}
    for path, found in lines.items():
        log = logs.get(path)
        if log is not None and log.registry is not None and len(found) == len(log.registry.entries):
            for line, entry in zip(sorted(found), log.registry.entries, strict=True):
                entries[(path, line)] = entry.page
    return logs, entries


def listed(patterns: list[Pattern]) -> list[Pattern]:
    """The patterns the page lists: at least :data:`MIN_COUNT` occurrences, the first
    :data:`MAX_PATTERNS`."""
    return [p for p in patterns if p.count >= MIN_COUNT][:MAX_PATTERNS]


def page(site: Site, everything: list[Pattern]) -> str:
    """The markdown of the Recurring errors page (``everything``: :func:`site_patterns`)."""
    logs, entries = _targets(site, everything)
    patterns = listed(everything)
    out = [
        '---\n{"title": "Recurring errors"}\n---\n\n# Recurring errors\n\n',
        f"{len(patterns)} error pattern(s) seen at least {MIN_COUNT} times in the published logs and registries, "
        "most occurrences first. Variable parts (numbers, ids, paths, quoted values) are `<*>`; "
        "`runlog patterns` lists the same from the command line.\n\n",
    ]
    if not patterns:
        out.append("No error recurs.\n")
    for number, pattern in enumerate(patterns, 1):
        out.append(f"## Pattern {number}\n\n**{escape_markdown(pattern.signature, 200)}**\n\n")
        ids = []
        for error_id in pattern.registry_ids:
            entry_page = next((entries[(o.path, o.line)] for o in pattern.entries if o.registry_id == error_id and (o.path, o.line) in entries), None)
            ids.append(_link(PAGE, entry_page, error_id) if entry_page else escape_markdown(error_id) + " (no registry entry)")
        span = pattern.first_seen or "undated"
        if pattern.last_seen and pattern.last_seen != pattern.first_seen:
            span += f" to {pattern.last_seen}"
        out.append(f"{pattern.count} occurrences in {pattern.logs} logs, {escape_markdown(span)}. "
                   f"Registry: {', '.join(ids) if ids else 'no entry'}.\n\n")
        weeks = Counter(week_of(o.timestamp) for o in pattern.occurrences)
        out.append("| Week | Occurrences |\n|---|---|\n" + "".join(f"| {w} | {n} |\n" for w, n in sorted(weeks.items())) + "\n")
        for occurrence in pattern.occurrences[:MAX_OCCURRENCES]:
            target = entries.get((occurrence.path, occurrence.line)) or (logs[occurrence.path].page if occurrence.path in logs else None)
            where = f"{occurrence.path}:{occurrence.line}"
            shown = _link(PAGE, target, where) if target else escape_markdown(where)
            out.append(f"- {shown} {escape_markdown(occurrence.timestamp or 'undated')}: {escape_markdown(occurrence.message, 160)}\n")
        if pattern.count > MAX_OCCURRENCES:
            out.append(f"- and {pattern.count - MAX_OCCURRENCES} more\n")
        out.append("\n")
    return "".join(out)


def _section(source: str, numbers: list[int]) -> str:
    links = ", ".join(f"[pattern {n}]({posixpath.relpath(PAGE, posixpath.dirname(source))}#{_anchor(n)})" for n in numbers)
    return f"\n## Recurring errors\n\nErrors recorded here recur elsewhere: {links}.\n"


def add_pages(site: Site, pages: dict[str, str]) -> None:
    """Add the Recurring errors page of :attr:`Site.patterns` to ``pages`` (docs-relative
    path to markdown) and link it from the registry index, each registry entry page and each
    log page with an occurrence of a listed pattern (before the log's content)."""
    logs, entries = _targets(site, site.patterns)
    pages[PAGE] = page(site, site.patterns)
    patterns = listed(site.patterns)
    by_page: dict[str, list[int]] = {}
    for number, pattern in enumerate(patterns, 1):
        for occurrence in pattern.occurrences:
            target = entries.get((occurrence.path, occurrence.line)) or (logs[occurrence.path].page if occurrence.path in logs else None)
            if target is not None and number not in by_page.setdefault(target, []):
                by_page[target].append(number)
    for target, numbers in by_page.items():
        if target not in pages:
            continue
        text = pages[target]
        marker = "\n## Content\n\n"
        if marker in text:
            head, tail = text.split(marker, 1)
            pages[target] = head + _section(target, numbers) + marker + tail
        else:
            pages[target] = text + _section(target, numbers)
    index = "registry/index.md"
    if index in pages:
        pages[index] += f"\n[Recurring errors](recurring.md): {len(patterns)} error pattern(s) seen at least {MIN_COUNT} times.\n"
