"""The site model: every log of a folder, checked once, with what its pages show.

:func:`collect` selects and classifies files with :func:`hooks.engine.select_targets`,
checks them once with :func:`hooks.engine.check_targets` (its report keeps the parsed
documents, so nothing is parsed twice), then derives for each log its title, date, mode,
status, tags, token usage, findings and the error ids it cites, and for each error
registry its entries with the logs they name and the logs citing them. Every string taken
from a log is redacted (:mod:`hooks.secrets`) before it is stored here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from hooks.config import Config
from hooks.document import Document, parse, plain
from hooks.engine import Target, check_targets, select_targets
from hooks.errors import InputError
from hooks.finding import Finding, Severity
from hooks.registry import parse_registry, resolve_reference
from hooks.secrets import find_secrets, redact
from hooks.stats import usage_stats
from hooks.textio import read_log
from site_builder.safety import one_line, plain_title, slug, tag_name

_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DEFAULT_ID = r"ERR-\d{3,}"
_DEFAULT_HEADING = r"(?P<id>ERR-\d{3,}):\s*(?P<title>.+)"

#: Reports progress: called once per file with its display path.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Tokens:
    """A log's token usage as published (from its Token Usage section, :mod:`hooks.tokens`).

    Attributes:
        input: input tokens, or ``None`` when not written.
        output: output tokens, or ``None``.
        total: total tokens (written, else input + output), or ``None``.
        cost: estimated cost in USD as written, or ``None``.
        model: the model named in the rates footnote, or ``None``.
    """

    input: Decimal | None = None
    output: Decimal | None = None
    total: Decimal | None = None
    cost: Decimal | None = None
    model: str | None = None


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
        tokens: token usage (from :func:`hooks.stats.usage_stats`), or ``None``.
        usage_mode: the mode :mod:`hooks.stats` groups the log under ("" without usage).
        registry: for a registry file, its entries.
    """

    source: Path
    relative: str
    kind: str
    format: str
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
class RegistryEntry:
    """One error registry entry as published.

    Attributes:
        id: ``ERR-009``; ``title``: inert plain title.
        page: its page in the docs folder.
        status, severity, category, first_seen: plain field values ("" when absent).
        is_open: whether its status is one of the kind's open statuses.
        named: pages of the logs its Run Log field names (resolved), in order.
        unresolved: references that name no published log (redacted).
        cited_by: pages of the logs whose text mentions the id.
        fields: every field as (name, value), redacted.
    """

    id: str
    title: str
    page: str
    status: str
    severity: str
    category: str
    first_seen: str
    is_open: bool
    named: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    cited_by: list[str] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Registry:
    """An error registry file: its entries and the folder whose logs it covers."""

    page: str
    scope: Path
    entries: list[RegistryEntry] = field(default_factory=list)


@dataclass
class Site:
    """Everything the pages are generated from.

    Attributes:
        folder: the log folder (absolute).
        logs: every published file, sorted by relative path.
        registries: every registry file's model, in path order.
        files_checked: number of files the check saw.
        stats: token and cost totals, as :func:`hooks.stats.usage_stats` returns them.
    """

    folder: Path
    logs: list[Log]
    registries: list[Registry]
    files_checked: int
    stats: dict[str, Any] = field(default_factory=dict)

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
    """A :class:`Tokens` from one log row of :func:`hooks.stats.usage_stats`."""
    cost = row.get("cost")
    model = row.get("model")
    return Tokens(
        Decimal(row.get("input", 0)), Decimal(row.get("output", 0)), Decimal(row.get("total", 0)),
        Decimal(cost) if cost is not None else None,
        one_line(str(model), 40) if model and model != "unknown" else None,
    )


def _secret_findings(display: str, text: str) -> list[Finding]:
    """RL501 findings for files the rules did not see (JSON, JSON lines, text kinds)."""
    from hooks.rules.secret_in_log import _NAMES, RULE

    return [
        Finding(display, s.line, s.column, RULE.code, RULE.name, Severity.ERROR,
                f"line holds {_NAMES.get(s.label, s.label)}; revoke it and replace it with a placeholder")
        for s in find_secrets(text)
    ]


def _redacted(finding: Finding) -> Finding:
    return Finding(finding.path, finding.line, finding.column, finding.code, finding.name, finding.severity, one_line(finding.message, 300))


def collect(folder: Path, config: Config, today: dt.date | None = None, progress: Progress | None = None) -> Site:
    """Build the site model of ``folder``.

    Files are those :func:`hooks.engine.select_targets` classifies; symlinks resolving
    outside ``folder`` are left out. Broken files are published with their findings.

    Raises:
        UsageError: ``folder`` does not exist.
    """
    root = folder.resolve()
    cwd = root if root.is_dir() else root.parent
    targets = [t for t in select_targets([str(root)], config, cwd) if _inside(t.absolute, root)]
    report = check_targets(targets, config, today)
    _parse_cache_hits(targets, report.documents, config)
    stats = usage_stats(report.documents, list(config.kinds))
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
    registries = _registries(logs, targets, root, config)
    return Site(root, logs, registries, report.files_checked, stats)


def _parse_cache_hits(targets: list[Target], documents: dict[str, Document], config: Config) -> None:
    """Parse the markdown files whose findings came from the check cache (``--cache``; the check
    does not parse them), so the site model has every document a check without cache gives."""
    for target in targets:
        if target.kind.format != "markdown" or target.display in documents:
            continue
        try:
            decoded = read_log(target.absolute, config.max_file_bytes)
        except InputError:
            continue
        if decoded.problem is None:
            documents[target.display] = parse(target.display, decoded.text)


def _log(target: Target, root: Path, document: Document | None, findings: list[Finding], config: Config, taken: set[str]) -> Log:
    relative = redact(Path(os.path.relpath(target.absolute, root)).as_posix())
    fmt = target.kind.format
    text = ""
    if document is not None:
        text = redact(document.text)
    elif not findings:
        try:
            decoded = read_log(target.absolute, config.max_file_bytes)
        except InputError:
            decoded = None
        if decoded is not None and decoded.problem is None:
            findings = findings + _secret_findings(target.display, decoded.text)
            text = redact(decoded.text)
    title_source = document.title if document is not None and document.title else relative.rsplit("/", 1)[-1]
    log = Log(
        source=target.absolute,
        relative=relative,
        kind=target.kind.name,
        format=fmt,
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


def _registries(logs: list[Log], targets: list[Target], root: Path, config: Config) -> list[Registry]:
    """Registry models; fills each log's ``cites`` and each entry's ``named``/``cited_by``."""
    kinds = {k.name: k for k in config.kinds}
    by_page = {log.page: log for log in logs}
    resolved_pages = {log.source.resolve(): log.page for log in logs}
    registries: list[Registry] = []
    patterns: dict[str, re.Pattern[str]] = {}
    for log in logs:
        kind = kinds.get(log.kind)
        if kind is None or "entry-heading" not in kind.options or log.document is None:
            continue
        options = kind.options
        up = options.get("scope-up", 0)
        scope = log.source.parent
        for _ in range(up if isinstance(up, int) and 0 <= up <= 5 else 0):
            scope = scope.parent
        registry = Registry(log.page, scope)
        folders = tuple(str(f) for f in options.get("log-folders", ["run-logs", "sessions"]))
        open_statuses = {str(s).casefold() for s in options.get("open-statuses", ["OPEN", "IN_PROGRESS"])}
        severity_field = str(options.get("severity-field", "Severity"))
        id_pattern = str(options.get("id-pattern", _DEFAULT_ID))
        patterns.setdefault(log.page, re.compile(rf"(?<![\w-])(?:{id_pattern})(?![\w-])"))
        entry_pages: set[str] = set()
        for entry in parse_registry(log.document, str(options.get("entry-heading", _DEFAULT_HEADING))):
            base = log.page[: -len(".md")].replace("logs/", "registry/", 1)
            page = f"{base}/{slug(entry.id, 40)}.md"
            number = 2
            while page in entry_pages:
                page = f"{base}/{slug(entry.id, 40)}-{number}.md"
                number += 1
            entry_pages.add(page)
            item = RegistryEntry(
                id=one_line(entry.id, 40),
                title=plain_title(plain(entry.title) or entry.id),
                page=page,
                status=one_line(plain(entry.get("Status") or ""), 30),
                severity=one_line(plain(entry.get(severity_field) or ""), 30),
                category=one_line(plain(entry.get("Category") or ""), 40),
                first_seen=one_line(plain(entry.get("First Seen") or entry.get("Logged") or ""), 40),
                is_open=plain(entry.get("Status") or "").casefold() in open_statuses,
                fields=[(one_line(k, 40), one_line(v, 300)) for k, (v, _) in entry.fields.items()],
            )
            for reference in entry.run_logs:
                found, _reason = resolve_reference(reference.target, log.source, root, folders)
                page_of = resolved_pages.get(found.resolve()) if found is not None else None
                if page_of is not None:
                    if page_of not in item.named:
                        item.named.append(page_of)
                    named_log = by_page[page_of]
                    if (item.id, item.page) not in named_log.cites:
                        named_log.cites.append((item.id, item.page))
                else:
                    item.unresolved.append(one_line(reference.target, 120))
            registry.entries.append(item)
        registries.append(registry)
        log.registry = registry
    # Which logs cite which ids (only logs inside a registry's scope cite its entries).
    for log in logs:
        if not log.text or log.registry is not None:
            continue
        for registry in registries:
            if not _inside(log.source, registry.scope.resolve()):
                continue
            pattern = patterns[registry.page]
            ids = list(dict.fromkeys(m.group(0) for m in pattern.finditer(log.text)))
            known = {e.id: e for e in registry.entries}
            for error_id in ids:
                cited = known.get(error_id)
                link = (error_id, cited.page if cited is not None else None)
                if link not in log.cites and (cited is not None or (error_id, None) not in log.cites):
                    log.cites.append(link)
                if cited is not None and log.page not in cited.cited_by:
                    cited.cited_by.append(log.page)
    return registries


def iter_entries(site: Site) -> Iterable[tuple[Registry, RegistryEntry]]:
    """Every (registry, entry) pair, in registry then source order."""
    for registry in site.registries:
        for entry in registry.entries:
            yield registry, entry
