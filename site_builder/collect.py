"""The site model: every log of a folder, checked once, with what its pages show.

:func:`collect` selects and classifies files with :func:`hooks.engine.discovery.select_targets`,
checks them once with :func:`hooks.engine.runner.check_targets` (its report keeps the parsed
documents, so nothing is parsed twice), then derives for each log its title, date, mode,
status, tags, token usage, findings and the error ids it cites, and for each error
registry its entries with the logs they name and the logs citing them. Every string taken
from a log is redacted (:mod:`hooks.model.secrets`) before it is stored here.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from hooks.config.loader import Config
from hooks.engine.discovery import Target, select_targets
from hooks.engine.runner import check_targets
from hooks.engine.secrets import secret_findings
from hooks.engine.stats import usage_stats
from hooks.errors import InputError
from hooks.finding import Finding, Severity
from hooks.io.text import read_log
from hooks.kinds.registry_shape import entries_of, is_registry_kind, shape_of
from hooks.model.document import Document, plain
from hooks.model.error_patterns import Pattern
from hooks.model.error_registry import Reference, cited_ids, resolve_reference
from hooks.model.prices import table_option
from hooks.model.secrets import redact
from site_builder.entries import PublishedEntry, Registry, entry_body
from site_builder.patterns_page import site_patterns
from site_builder.safety import one_line, plain_title, slug, tag_name

_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")

#: Reports progress: called once per file with its display path.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Tokens:
    """A log's token usage as published (from its Token Usage section, :mod:`hooks.model.token_usage`).

    Attributes:
        input: input tokens, or ``None`` when not written.
        output: output tokens, or ``None``.
        total: total tokens (written, else input + output), or ``None``.
        cost: estimated cost in USD as written (else at the footnote's or the price table's
            rates; :func:`hooks.engine.stats.usage_stats`' ``cost``), or ``None``.
        model: the model named in the rates footnote, or ``None``.
        table_cost: USD at the price table's rates for the log's model and date, or ``None``.
    """

    input: Decimal | None = None
    output: Decimal | None = None
    total: Decimal | None = None
    cost: Decimal | None = None
    model: str | None = None
    table_cost: Decimal | None = None


@dataclass
class Log:
    """One published file.

    Attributes:
        source: absolute path on disk.
        relative: POSIX path relative to the log folder, redacted.
        kind: the kind's name; ``format`` its format (markdown, json, jsonl, text).
        page: the generated page's path inside the docs folder (``logs/.../name.md``).
        title: inert plain title.
        date: from the file name, the path or the Started/Date field; ``None`` if none.
        mode, status: plain header values ("" when absent).
        text: the redacted text ("" when the file could not be read).
        document: the parsed document for markdown logs (read-only; its text unredacted).
        findings: the file's findings (messages redacted).
        cites: error ids the log mentions or is named by, in first-seen order, each with the
            page of its registry entry (``None`` when no registry in scope has the id).
        tokens: token usage (from :func:`hooks.engine.stats.usage_stats`), or ``None``.
        usage_mode: the mode :mod:`hooks.commands.stats` groups the log under ("" without usage).
        registry: for a registry file, its entries.
    """

    source: Path
    relative: str
    kind: str
    file_format: str
    page: str
    title: str
    date: dt.date | None
    mode: str
    status: str
    text: str
    document: Document | None
    findings: list[Finding] = field(default_factory=list)
    cites: list[tuple[str, str | None]] = field(default_factory=list)
    tokens: Tokens | None = None
    usage_mode: str = ""
    registry: Registry | None = None

    @property
    def errors(self) -> int:
        """Number of error-level findings."""
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def tags(self) -> list[str]:
        """Tags for material's tags plugin: Kind, Mode, Status and finding severities."""
        found = [tag_name(f"kind {self.kind}")]
        if self.mode:
            found.append(tag_name(f"mode {_short(self.mode, 44)}", 50))
        if self.status:
            found.append(tag_name(f"status {_short(re.split(r' - |[(,;:]', self.status)[0], 30)}", 40))
        for severity in sorted({f.severity.value for f in self.findings}):
            found.append(tag_name(f"findings {severity}"))
        return [t for t in dict.fromkeys(found) if t]


@dataclass
class Site:
    """Everything the pages are generated from.

    Attributes:
        folder: the log folder (absolute).
        logs: every published file, sorted by relative path.
        registries: every registry file's model, in path order.
        files_checked: number of files the check saw.
        stats: token and cost totals, as :func:`hooks.engine.stats.usage_stats` returns them.
    """

    folder: Path
    logs: list[Log]
    registries: list[Registry]
    files_checked: int
    stats: dict[str, Any] = field(default_factory=dict)
    #: Error patterns of the markdown logs (site_builder/patterns_page.py, the Recurring errors page).
    patterns: list[Pattern] = field(default_factory=list)

    def by_page(self) -> dict[str, Log]:
        """Logs by page path."""
        return {log.page: log for log in self.logs}

    @property
    def error_logs(self) -> list[Log]:
        """Logs with error-level findings."""
        return [log for log in self.logs if log.errors]


def _short(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0]


def _inside(path: Path, folder: Path) -> bool:
    resolved = path.resolve()
    return resolved == folder or folder in resolved.parents


def page_path(relative: str, taken: set[str]) -> str:
    """The docs path of a log's page: ``logs/`` plus its path, each segment a safe slug, unique."""
    parts = relative.split("/")
    folders = [slug(p, 60) for p in parts[:-1]]
    name = parts[-1]
    stem = name[:-3] if name.lower().endswith(".md") else name.replace(".", "-")
    candidate = "/".join(["logs", *folders, slug(stem, 80)])
    page = candidate + ".md"
    number = 2
    while page.casefold() in taken or candidate.casefold() + "/index.md" in taken:
        page = f"{candidate}-{number}.md"
        number += 1
    taken.add(page.casefold())
    return page


def _date(log_relative: str, document: Document | None) -> dt.date | None:
    candidates = [log_relative.rsplit("/", 1)[-1], log_relative]
    if document is not None:
        for key in ("Started", "Date", "Start", "Timestamp"):
            found = document.field(key, header_only=False)
            if found is not None:
                candidates.append(found.value)
    for text in candidates:
        for match in _DATE.finditer(text):
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def _value(document: Document | None, key: str) -> str:
    if document is None:
        return ""
    found = document.field(key) or document.field(key, header_only=False)
    return one_line(plain(found.value), 60) if found is not None else ""


def _tokens(row: dict[str, Any]) -> Tokens:
    """A :class:`Tokens` from one log row of :func:`hooks.engine.stats.usage_stats`."""
    cost = row.get("cost")
    model = row.get("model")
    table_cost = row.get("table_cost")
    return Tokens(
        Decimal(row.get("input", 0)), Decimal(row.get("output", 0)), Decimal(row.get("total", 0)),
        Decimal(cost) if cost is not None else None,
        one_line(str(model), 40) if model and model != "unknown" else None,
        Decimal(table_cost) if table_cost is not None else None,
    )


def _redacted(finding: Finding) -> Finding:
    return Finding(finding.path, finding.line, finding.column, finding.code, finding.name, finding.severity, one_line(finding.message, 300))


def collect(folder: Path, config: Config, today: dt.date | None = None, progress: Progress | None = None) -> Site:
    """Build the site model of ``folder``.

    Files are those :func:`hooks.engine.discovery.select_targets` classifies; symlinks resolving
    outside ``folder`` are left out. Broken files are published with their findings.

    Raises:
        UsageError: ``folder`` does not exist.
    """
    root = folder.resolve()
    cwd = root if root.is_dir() else root.parent
    targets = [t for t in select_targets([str(root)], config, cwd) if _inside(t.absolute, root)]
    report = check_targets(targets, replace(config, run=replace(config.run, documents=True)), today)
    stats = usage_stats(report.documents, list(config.kinds), table_option(config.rule_options.get("RL304", {})))
    usage_rows = {str(row["path"]): row for row in stats["logs"]}
    findings_by_path: dict[str, list[Finding]] = {}
    for finding in report.findings:
        findings_by_path.setdefault(finding.path, []).append(_redacted(finding))

    taken: set[str] = set()
    logs: list[Log] = []
    for target in targets:
        if progress is not None:
            progress(target.display)
        log = _log(target, root, report.documents.get(target.display), findings_by_path.get(target.display, []), config, taken)
        row = usage_rows.get(target.display)
        if row is not None:
            log.tokens = _tokens(row)
            log.usage_mode = one_line(str(row.get("mode", "")), 60)
        logs.append(log)
    logs.sort(key=lambda log: log.relative)
    registries = _registries(logs, root, config)
    return Site(root, logs, registries, report.files_checked, stats, site_patterns(logs, config))


def _log(target: Target, root: Path, document: Document | None, findings: list[Finding], config: Config, taken: set[str]) -> Log:
    relative = redact(Path(os.path.relpath(target.absolute, root)).as_posix())
    fmt = target.kind.file_format
    text = ""
    if document is not None:
        text = redact(document.text)
    elif fmt != "markdown":
        # Structured files: the check keeps no text of them, so read it for the page (and
        # scan it for secrets, which RL501 reads only in markdown); read problems are findings.
        try:
            decoded = read_log(target.absolute, config.max_file_bytes)
        except InputError:
            decoded = None
        if decoded is not None and decoded.problem is None:
            findings = findings + secret_findings(target.display, decoded.text)
            text = redact(decoded.text)
    title_source = document.title if document is not None and document.title else relative.rsplit("/", 1)[-1]
    log = Log(
        source=target.absolute,
        relative=relative,
        kind=target.kind.name,
        file_format=fmt,
        page=page_path(relative, taken),
        title=plain_title(plain(title_source)),
        date=_date(relative, document),
        mode=_value(document, "Mode"),
        status=_value(document, "Status"),
        text=text,
        document=document,
        findings=sorted(findings, key=Finding.sort_key),
    )
    return log


def _registries(logs: list[Log], root: Path, config: Config) -> list[Registry]:
    """Registry models; fills each log's ``cites`` and each entry's ``named``/``cited_by``.

    Everything shape-specific (entry heading, id pattern, open statuses, severity field, log
    folders, scope) comes from the kind's :class:`hooks.model.error_registry.RegistryShape`.

    Raises:
        ConfigError: a registry kind has bad options (names the kind file).
    """
    kinds = {k.name: k for k in config.kinds}
    by_page = {log.page: log for log in logs}
    resolved_pages = {log.source.resolve(): log.page for log in logs}
    registries: list[Registry] = []
    for log in logs:
        kind = kinds.get(log.kind)
        if kind is None or not is_registry_kind(kind) or log.document is None:
            continue
        shape = shape_of(kind)
        scope = log.source.parent
        for _ in range(shape.scope_up):
            scope = scope.parent
        registry = Registry(log.page, scope, shape)
        registry_dir = posixpath.dirname(log.relative)
        entry_pages: set[str] = set()
        for entry in entries_of(log.document, kind):
            base = log.page[: -len(".md")].replace("logs/", "registry/", 1)
            page = f"{base}/{slug(entry.id, 40)}.md"
            number = 2
            while page in entry_pages:
                page = f"{base}/{slug(entry.id, 40)}-{number}.md"
                number += 1
            entry_pages.add(page)
            item = PublishedEntry(
                id=one_line(entry.id, 40),
                title=plain_title(plain(entry.title) or entry.id),
                page=page,
                status=one_line(plain(entry.get("Status") or ""), 30),
                severity=one_line(plain(entry.get(shape.severity_field) or ""), 30),
                category=one_line(plain(entry.get("Category") or ""), 40),
                first_seen=one_line(plain(entry.get("First Seen") or entry.get("Logged") or ""), 40),
                is_open=shape.is_open(entry),
                source_dir=registry_dir,
            )
            links: list[tuple[Reference, str]] = []
            for reference in entry.run_logs:
                found, _reason = resolve_reference(reference.target, log.source, root, shape.log_folders)
                page_of = resolved_pages.get(found.resolve()) if found is not None else None
                if page_of is not None:
                    if page_of not in item.named:
                        item.named.append(page_of)
                    named_log = by_page[page_of]
                    links.append((reference, posixpath.relpath(named_log.relative, registry_dir or ".")))
                    if (item.id, item.page) not in named_log.cites:
                        named_log.cites.append((item.id, item.page))
                else:
                    item.unresolved.append(one_line(reference.target, 120))
            item.body = entry_body(log.document, entry, links)
            registry.entries.append(item)
        registries.append(registry)
        log.registry = registry
    # Which logs cite which ids: a log cites the entries of every registry whose scope covers it.
    for log in logs:
        if not log.text or log.registry is not None:
            continue
        for registry in registries:
            if not _inside(log.source, registry.scope.resolve()):
                continue
            id_regex = registry.shape.id_regex()
            if log.document is not None:
                ids = list(cited_ids(log.document, id_regex))
            else:
                ids = list(dict.fromkeys(m.group(0) for m in id_regex.finditer(log.text)))
            known = {e.id: e for e in registry.entries}
            for error_id in ids:
                cited = known.get(error_id)
                link = (error_id, cited.page if cited is not None else None)
                if link not in log.cites and (cited is not None or (error_id, None) not in log.cites):
                    log.cites.append(link)
                if cited is not None and log.page not in cited.cited_by:
                    cited.cited_by.append(log.page)
    return registries


def iter_entries(site: Site) -> Iterable[tuple[Registry, PublishedEntry]]:
    """Every (registry, entry) pair, in registry then source order."""
    for registry in site.registries:
        for entry in registry.entries:
            yield registry, entry
