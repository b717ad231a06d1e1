"""Generated pages: the markdown of every page of the site, from the site model.

Each function returns one page's markdown. Log text never appears here unescaped: titles
come from :func:`site_builder.safety.plain_title`, other text from
:func:`site_builder.safety.escape_markdown`, front matter is JSON (a subset of YAML, so
nothing in a value can open a YAML construct), and a log's own content arrives as HTML
already sanitized by :mod:`site_builder.render`, placed in a raw HTML block.

Page sizes stay bounded as a folder grows: the nav lists sections and index pages only;
logs are listed by month in the archive (``archive/YYYY-MM.md``), never all on one page,
and the tags page groups each tag's logs by title with at most :data:`MAX_TAG_TITLES` titles
of :data:`MAX_TAG_LINKS` links each (measured before: a log page is 17,138 bytes with 200
logs and with 800).
"""

from __future__ import annotations

import posixpath
from collections import Counter

from hooks.finding import Severity
from site_builder.collect import Log, Site, iter_entries
from site_builder.costs import chart_files, cost_page
from site_builder.entries import PublishedEntry, Registry
from site_builder.patterns_page import add_pages
from site_builder.render import render_markdown
from site_builder.safety import escape_markdown, front_matter, tag_name
from site_builder.urls import html_link

#: Admonition type per finding severity (material's admonition types).
ADMONITION = {Severity.ERROR: "failure", Severity.WARNING: "warning", Severity.INFO: "info"}
#: Findings listed per severity on a log page (the rest are counted).
MAX_FINDINGS = 100
#: Files listed on the findings page (most errors first), so its size stays bounded.
MAX_FINDING_FILES = 100

HOME = "index.md"
ARCHIVE = "archive/index.md"
REGISTRY = "registry/index.md"
OPEN_ERRORS = "registry/open.md"
FINDINGS = "findings.md"
COSTS = "costs.md"
TAGS = "tags.md"


def link(source: str, target: str) -> str:
    """Relative markdown link path from page ``source`` to page ``target`` (docs-relative paths)."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def month_of(log: Log) -> str:
    """``YYYY-MM`` of a log, or ``undated``."""
    return log.date.strftime("%Y-%m") if log.date else "undated"


def month_page(month: str) -> str:
    """The archive page of ``YYYY-MM`` (or ``undated``)."""
    return f"archive/{month}.md"


def _a(source: str, target: str, text: str) -> str:
    return f"[{escape_markdown(text, 120)}]({link(source, target)})"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def home(site: Site) -> str:
    """The home page: counts by kind and status, open errors, findings, where to go next."""
    out = [front_matter("Home"), f"# {escape_markdown(site.folder.name or 'Logs')} logs\n\n"]
    kinds = Counter(log.kind for log in site.logs)
    statuses = Counter((log.kind, log.status or "no status") for log in site.logs)
    out.append(f"{len(site.logs)} files published from {site.files_checked} checked.\n\n## By kind\n\n")
    out.append(_table(["Kind", "Files", "Statuses"], [
        [escape_markdown(kind), str(count), escape_markdown(", ".join(f"{s}: {n}" for (k, s), n in sorted(statuses.items()) if k == kind), 300)]
        for kind, count in sorted(kinds.items())
    ]))
    entries = [e for _, e in iter_entries(site)]
    open_entries = [e for e in entries if e.is_open]
    out.append("\n## Errors\n\n")
    out.append(f"- {len(entries)} registry entries, {len(open_entries)} open: {_a(HOME, OPEN_ERRORS, 'open errors')}, {_a(HOME, REGISTRY, 'registry')}\n")
    errors = sum(log.errors for log in site.logs)
    out.append(f"- {errors} error-level findings in {len(site.error_logs)} files: {_a(HOME, FINDINGS, 'findings')}\n")
    out.append(f"- Browse by month: {_a(HOME, ARCHIVE, 'archive')}; tokens and cost: {_a(HOME, COSTS, 'cost dashboard')}; {_a(HOME, TAGS, 'tags')}\n")
    return "".join(out)


def archive_index(site: Site) -> str:
    """The archive: years and months with their counts, each month linking its page."""
    out = [front_matter("Archive"), "# Archive\n\n"]
    months = Counter(month_of(log) for log in site.logs)
    years: dict[str, list[str]] = {}
    for month in sorted(months, reverse=True):
        years.setdefault(month[:4] if month != "undated" else "Undated", []).append(month)
    for year, year_months in years.items():
        out.append(f"## {escape_markdown(year)}\n\n")
        for month in year_months:
            out.append(f"- {_a(ARCHIVE, month_page(month), month)}: {months[month]} files\n")
        out.append("\n")
    return "".join(out)


def archive_month(month: str, logs: list[Log]) -> str:
    """One month's page: a table of its logs, newest first."""
    page = month_page(month)
    out = [front_matter(f"Archive {month}"), f"# {escape_markdown(month)}\n\n", _a(page, ARCHIVE, "All months") + "\n\n"]
    rows = []
    for log in sorted(logs, key=lambda lg: (lg.date.isoformat() if lg.date else "", lg.relative), reverse=True):
        rows.append([
            escape_markdown(log.date.isoformat() if log.date else "-"),
            _a(page, log.page, log.title),
            escape_markdown(log.kind),
            escape_markdown(log.mode or "-", 40),
            escape_markdown(log.status or "-", 30),
            str(log.errors),
            escape_markdown(log.relative, 120),
        ])
    out.append(_table(["Date", "Title", "Kind", "Mode", "Status", "Errors", "File"], rows))
    return "".join(out)


def _fmt_number(value: object) -> str:
    return f"{value:,}" if value is not None else "-"


def log_page(log: Log, body_html: str) -> str:
    """A log's page: its metadata, the errors it cites, its findings, then its content."""
    page = log.page
    out = [front_matter(log.title, log.tags), f"# {escape_markdown(log.title, 120)}\n\n"]
    rows = [
        ["File", escape_markdown(log.relative, 200)],
        ["Kind", escape_markdown(log.kind)],
        ["Date", escape_markdown(log.date.isoformat() if log.date else "-")],
        ["Archive", _a(page, month_page(month_of(log)), month_of(log))],
    ]
    if log.tags:
        rows.append(["Tags", ", ".join(f"[{escape_markdown(t)}]({link(page, TAGS)}#{tag_anchor(t)})" for t in log.tags)])
    if log.mode:
        rows.append(["Mode", escape_markdown(log.mode)])
    if log.status:
        rows.append(["Status", escape_markdown(log.status)])
    if log.tokens is not None:
        rows.append(["Tokens", escape_markdown(f"{_fmt_number(log.tokens.input)} in, {_fmt_number(log.tokens.output)} out, {_fmt_number(log.tokens.total)} total")])
        if log.tokens.cost is not None:
            rows.append(["Estimated cost", escape_markdown(f"${log.tokens.cost} as written")])
        if log.tokens.table_cost is not None:
            rows.append(["Cost at the price table's rates", escape_markdown(f"${log.tokens.table_cost}")])
        if log.tokens.model:
            rows.append(["Model", escape_markdown(log.tokens.model)])
    out.append(_table(["Field", "Value"], rows))
    if log.cites:
        out.append("\n## Errors cited\n\n")
        for error_id, entry_page in log.cites:
            out.append(f"- {_a(page, entry_page, error_id) if entry_page else escape_markdown(error_id) + ' (no registry entry)'}\n")
    if log.registry is not None:
        out.append("\n## Entries\n\n")
        out.append(entries_table(page, log.registry.entries))
    out.append("\n## Findings\n\n")
    out.append(findings_block(log))
    out.append("\n## Content\n\n")
    out.append('<div class="runlog-log">\n' + body_html + "\n</div>\n")
    return "".join(out)


def findings_block(log: Log) -> str:
    """The findings of a log as admonitions, one per severity present."""
    if not log.findings:
        return '!!! success "No findings"\n    This file follows its kind.\n'
    out = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        found = [f for f in log.findings if f.severity is severity]
        if not found:
            continue
        label = f"{len(found)} {severity.value}{'s' if len(found) != 1 else ''}"
        out.append(f'!!! {ADMONITION[severity]} "{label}"\n')
        for finding in found[:MAX_FINDINGS]:
            out.append(f"    - line {finding.line}: **{escape_markdown(finding.code)}** {escape_markdown(finding.name)}: {escape_markdown(finding.message)}\n")
        if len(found) > MAX_FINDINGS:
            out.append(f"    - and {len(found) - MAX_FINDINGS} more\n")
        out.append("\n")
    return "".join(out)


def entries_table(page: str, entries: list[PublishedEntry]) -> str:
    """A table of registry entries with links to their pages and to the logs they name."""
    rows = []
    for entry in entries:
        named = ", ".join(_a(page, p, posixpath.basename(p)[:-3]) for p in entry.named)
        if entry.unresolved:
            missing = ", ".join(escape_markdown(u, 80) for u in entry.unresolved)
            named = f"{named}{'; ' if named else ''}not found: {missing}"
        rows.append([
            _a(page, entry.page, entry.id),
            escape_markdown(entry.title, 100),
            escape_markdown(entry.status or "-"),
            escape_markdown(entry.severity or "-"),
            named or "-",
            str(len(entry.cited_by)),
        ])
    return _table(["ID", "Title", "Status", "Severity", "Run log", "Cited by"], rows) if rows else "No entries.\n"


def entry_page(registry: Registry, entry: PublishedEntry, logs: dict[str, Log], engine: str = "mkdocs") -> str:
    """A registry entry's page: its body as written, the run logs it names and the logs citing it.

    The body (:attr:`site_builder.entries.PublishedEntry.body`: the fields table or field
    lines, then each ``**Label:**`` block with its fences, lists and paragraphs) is rendered
    like a log's content (:func:`site_builder.render.render_markdown`: markdown-it, then the
    log-only sanitizer), its Run Log references linking the logs' pages (hrefs written for
    ``engine``: :func:`site_builder.urls.html_link`).
    """
    page = entry.page
    tags = [t for t in (f"status {entry.status}", f"severity {entry.severity}") if t.split(" ", 1)[1]]
    by_relative = {log.relative: log.page for log in logs.values()}

    def resolve(path: str) -> str | None:
        target = by_relative.get(path)
        return html_link(page, target, engine) if target is not None else None

    out = [front_matter(f"{entry.id}: {entry.title}", [tag_name(t) for t in tags]),
           f"# {escape_markdown(entry.id)}: {escape_markdown(entry.title, 120)}\n\n"]
    out.append(f"In {_a(page, registry.page, logs[registry.page].title)} · {_a(page, REGISTRY, 'all entries')}\n\n")
    body = render_markdown(entry.body, entry.source_dir, resolve) if entry.body else "<p><em>This entry has no body.</em></p>"
    out.append('<div class="runlog-log runlog-entry">\n' + body + "\n</div>\n")
    out.append("\n## Run log\n\n")
    for target in entry.named:
        out.append(f"- {_a(page, target, logs[target].title)} ({escape_markdown(logs[target].relative, 120)})\n")
    for missing in entry.unresolved:
        out.append(f"- {escape_markdown(missing)} (not found)\n")
    if not entry.named and not entry.unresolved:
        out.append("None named.\n")
    out.append("\n## Cited by\n\n")
    for target in entry.cited_by:
        out.append(f"- {_a(page, target, logs[target].title)} ({escape_markdown(logs[target].relative, 120)})\n")
    if not entry.cited_by:
        out.append("No log mentions this id.\n")
    return "".join(out)


def registry_index(site: Site) -> str:
    """Every registry and its entries."""
    logs = site.by_page()
    out = [front_matter("Error registry"), "# Error registry\n\n", _a(REGISTRY, OPEN_ERRORS, "Open errors only") + "\n\n"]
    if not site.registries:
        out.append("No error registry in this folder.\n")
    for registry in site.registries:
        out.append(f"## {_a(REGISTRY, registry.page, logs[registry.page].relative)}\n\n")
        out.append(entries_table(REGISTRY, registry.entries))
        out.append("\n")
    return "".join(out)


def open_errors(site: Site) -> str:
    """Entries whose status is open, across registries."""
    logs = site.by_page()
    out = [front_matter("Open errors"), "# Open errors\n\n"]
    rows = []
    for registry, entry in iter_entries(site):
        if entry.is_open:
            rows.append([
                _a(OPEN_ERRORS, entry.page, entry.id), escape_markdown(entry.title, 100), escape_markdown(entry.status),
                escape_markdown(entry.severity or "-"), escape_markdown(entry.first_seen or "-"),
                _a(OPEN_ERRORS, registry.page, logs[registry.page].relative),
            ])
    out.append(_table(["ID", "Title", "Status", "Severity", "First seen", "Registry"], rows) if rows else "No open errors.\n")
    return "".join(out)


def findings_index(site: Site) -> str:
    """Counts per rule, and the :data:`MAX_FINDING_FILES` files with the most errors."""
    out = [front_matter("Findings"), "# Findings\n\n"]
    codes = Counter(f.code + " " + f.name for log in site.logs for f in log.findings)
    if codes:
        out.append("## By rule\n\n")
        out.append(_table(["Rule", "Findings"], [[escape_markdown(c), str(n)] for c, n in sorted(codes.items())]))
        out.append("\n## By file\n\n")
    rows = []
    with_findings = sorted((lg for lg in site.logs if lg.findings), key=lambda lg: (-lg.errors, -len(lg.findings), lg.relative))
    for log in with_findings[:MAX_FINDING_FILES]:
        counts = Counter(f.severity for f in log.findings)
        rows.append([_a(FINDINGS, log.page, log.relative), str(counts[Severity.ERROR]), str(counts[Severity.WARNING]), str(counts[Severity.INFO])])
    out.append(_table(["File", "Errors", "Warnings", "Info"], rows) if rows else "No findings.\n")
    if len(with_findings) > MAX_FINDING_FILES:
        out.append(f"\n{len(with_findings) - MAX_FINDING_FILES} more files have findings; each log page shows its own, and "
                   f"the {_a(FINDINGS, TAGS, 'tags')} `findings error` and `findings warning` list them all.\n")
    return "".join(out)


#: On the tags page: at most this many distinct titles per tag, and links per title.
MAX_TAG_TITLES = 40
MAX_TAG_LINKS = 12


def tag_anchor(tag: str) -> str:
    """The anchor of ``tag``'s section on the tags page (``kind run-log`` to ``tag-kind-run-log``)."""
    return "tag-" + "-".join(tag.lower().replace(".", "-").replace("_", "-").split())


def tags_page(site: Site) -> str:
    """The tags page: one section per tag, its logs grouped by title (logs of one title
    are one row, with links to the newest :data:`MAX_TAG_LINKS` by date, named by file).

    A folder where twenty logs share the title "HeyReach Process Run Log" shows one row with
    twenty dated links, not twenty identical lines; at most :data:`MAX_TAG_TITLES` titles per
    tag are listed (most logs first), so the page stays bounded as the folder grows, and the
    archive lists every log.
    """
    out = [front_matter("Tags"), "# Tags\n\n",
           "Tags come from each log's Kind, Mode, Status and the severities of its findings. "
           f"Logs that share a title are one row; every log is in the {_a(TAGS, ARCHIVE, 'archive')}.\n\n"]
    by_tag: dict[str, list[Log]] = {}
    for log in site.logs:
        for tag in log.tags:
            by_tag.setdefault(tag, []).append(log)
    if not by_tag:
        out.append("No tags.\n")
    for tag in sorted(by_tag):
        logs = by_tag[tag]
        titles: dict[str, list[Log]] = {}
        for log in logs:
            titles.setdefault(log.title, []).append(log)
        groups = sorted(titles.items(), key=lambda item: (-len(item[1]), item[0]))
        out.append(f'<a id="{tag_anchor(tag)}"></a>\n\n## {escape_markdown(tag)}\n\n')
        out.append(f"{len(logs)} file{'s' if len(logs) != 1 else ''}, {len(titles)} title{'s' if len(titles) != 1 else ''}.\n\n")
        rows = []
        for title, members in groups[:MAX_TAG_TITLES]:
            newest = sorted(members, key=lambda lg: (lg.date.isoformat() if lg.date else "", lg.relative), reverse=True)
            links = ", ".join(_a(TAGS, lg.page, posixpath.basename(lg.relative)) for lg in newest[:MAX_TAG_LINKS])
            if len(newest) > MAX_TAG_LINKS:
                links += f" and {len(newest) - MAX_TAG_LINKS} more"
            rows.append([escape_markdown(title, 120), str(len(members)), links])
        out.append(_table(["Title", "Files", "Newest"], rows))
        if len(groups) > MAX_TAG_TITLES:
            out.append(f"\n{len(groups) - MAX_TAG_TITLES} more titles; the {_a(TAGS, ARCHIVE, 'archive')} lists every log.\n")
        out.append("\n")
    return "".join(out)


def all_pages(site: Site, bodies: dict[str, str], engine: str = "mkdocs") -> dict[str, str]:
    """Every generated file: docs-relative path to its text. ``bodies`` maps log page to its HTML.

    The pages are markdown (``*.md``); the cost dashboard's charts are SVG files beside them
    (``charts/*.svg``, :func:`site_builder.costs.chart_files`), which MkDocs copies as they are.
    Links inside raw HTML are written for ``engine`` (:func:`site_builder.urls.html_link`).
    """
    charts = chart_files(site.stats)
    pages = {
        HOME: home(site),
        ARCHIVE: archive_index(site),
        REGISTRY: registry_index(site),
        OPEN_ERRORS: open_errors(site),
        FINDINGS: findings_index(site),
        COSTS: cost_page(site.stats, charts),
        TAGS: tags_page(site),
    }
    pages.update(charts)
    months: dict[str, list[Log]] = {}
    for log in site.logs:
        months.setdefault(month_of(log), []).append(log)
    for month, logs in months.items():
        pages[month_page(month)] = archive_month(month, logs)
    logs_by_page = site.by_page()
    for registry, entry in iter_entries(site):
        pages[entry.page] = entry_page(registry, entry, logs_by_page, engine)
    for log in site.logs:
        pages[log.page] = log_page(log, bodies[log.page])
    add_pages(site, pages)
    return pages
