"""The check engine: find files, classify them by kind, parse each once, run the rules.

:func:`check_paths` is what ``runlog check`` and the ``runlog-check`` hook run. It never
raises for a broken log (that is a finding); it raises :class:`~hooks.errors.UsageError`
only for a path that does not exist.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hooks.config.loader import Config
from hooks.engine import suppressions as suppress
from hooks.engine.cache import CACHE_DIR, CacheIndex
from hooks.engine.discovery import Target, select_targets
from hooks.errors import InputError, safe
from hooks.finding import Finding, Severity
from hooks.io.text import read_log
from hooks.kinds.kind import Kind
from hooks.kinds.registry_shape import is_registry_kind, shape_of
from hooks.model.document import Document, parse
from hooks.model.error_registry import LogFacts, log_facts
from hooks.rules.base import Context, Problem, Project, ProjectFile, Rule
from hooks.rules.ruleset import READ_PROBLEM_RULES, RULES
from hooks.structured import parse_structured, rundir
from hooks.structured.occurrences import document_occurrences
from hooks.structured.rundir import RunDirectory


@dataclass
class Report:
    """The outcome of a check.

    Attributes:
        findings: sorted findings.
        files_checked: number of files classified and checked.
        documents: parsed documents by display path (for tools that reuse the parse); with
            the cache on, files whose findings came from the cache are not parsed, so absent.
        files: every checked file, display path to absolute path, in display order.
        cache_hits: files whose findings came from ``.runlog_cache/``.
        baselined: findings left out because the baseline holds them (set by the CLI).
    """

    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    documents: dict[str, Document] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    cache_hits: int = 0
    baselined: int = 0

    def count(self, severity: Severity) -> int:
        """Number of findings of ``severity``."""
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def exit_code(self) -> int:
        """0 when there is no finding, 1 otherwise (the markdownlint convention)."""
        return 1 if self.findings else 0


def _finding(rule: Rule, severity: Severity, path: str, problem: Problem) -> Finding:
    return Finding(
        path=problem.path or path,
        line=max(1, problem.line),
        column=max(1, problem.column),
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=safe(problem.message, 300),
    )


def _crash(rule: Rule, path: str, exc: BaseException) -> Finding:
    return Finding(path, 1, 1, rule.code, rule.name, Severity.ERROR, safe(f"rule crashed on this file: {type(exc).__name__}: {exc}", 300))


def check_structured(target: Target, text: str, config: Config, day: dt.date) -> tuple[Finding, ...]:
    """Parse a non-markdown file once (:mod:`hooks.structured`) and run every ``check_records`` rule.

    A run directory is loaded whole from any of its anchor files; of its findings, each
    anchor keeps those about itself, and run-level ones go to the run's first anchor
    (:attr:`~hooks.structured.rundir.RunDirectory.anchor`), so checking every anchor reports
    each finding once.

    Raises:
        ConfigError: the kind's options are invalid.
    """
    model = parse_structured(target.kind, target.absolute, target.display, text, config.max_file_bytes)
    if model is None:
        return ()
    keep = None
    if isinstance(model, RunDirectory):
        run = model

        def keep(problem: Problem) -> bool:
            return (problem.path if problem.path in run.anchors else run.anchor) == target.display

    return tuple(_run_rules(target, config, day, "check_records", model, keep))


#: The rules in force per (configuration, kind, model type): built once per check, not per file.
_IN_FORCE: dict[tuple[int, int, str], tuple[Config, Kind, list[tuple[Rule, Severity, Any, Any]]]] = {}


def _rules_in_force(config: Config, kind: Kind, which: str) -> list[tuple[Rule, Severity, Any, Any]]:
    """``(rule, severity, check, options)`` of every rule in force for ``kind`` with a
    ``which`` check (``"check"`` for markdown documents, ``"check_records"`` for structured
    models), in rule-set order; computed once per configuration and kind."""
    key = (id(config), id(kind), which)
    held = _IN_FORCE.get(key)
    if held is not None and held[0] is config and held[1] is kind:
        return held[2]
    chosen = []
    for rule in RULES:
        severity = config.severity(rule.code)
        check = getattr(rule, which)
        if check is not None and severity is not None and rule.applies_to(kind):
            chosen.append((rule, severity, check, config.rule_options.get(rule.code, {})))
    if len(_IN_FORCE) > 256:
        _IN_FORCE.clear()
    _IN_FORCE[key] = (config, kind, chosen)
    return chosen


def _run_rules(
    target: Target,
    config: Config,
    day: dt.date,
    which: str,
    model: Any,
    keep: Callable[[Problem], bool] | None = None,
) -> list[Finding]:
    """Run every rule in force for ``target``'s kind whose ``which`` check (``check`` or
    ``check_records``) is set, on ``model``.

    A rule that raises becomes one finding on the file (:func:`_crash`), never a crash of the
    run; ``keep`` drops problems another file reports.
    """
    findings: list[Finding] = []
    kind, root, file, display = target.kind, target.root, target.absolute, target.display
    for rule, severity, check, options in _rules_in_force(config, kind, which):
        try:
            for problem in check(model, Context(kind, options, root, file, day)):
                if keep is None or keep(problem):
                    findings.append(_finding(rule, severity, display, problem))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the run
            findings.append(_crash(rule, display, exc))
    return findings


@dataclass(frozen=True)
class FileResult:
    """What checking one file produced.

    Attributes:
        findings: the file's findings from per-file rules (unsorted).
        entry: the file as project rules see it.
        comments: the file's HTML comments, ``(line, text)``.
        stat: ``(size, mtime_ns, inode)`` of the file as it was read.
        digest: SHA-256 of its bytes ("" when it could not be read whole).
    """

    findings: tuple[Finding, ...]
    entry: ProjectFile
    comments: tuple[tuple[int, str], ...] = ()
    stat: tuple[int, int, int] = (0, 0, 0)
    digest: str = ""


def check_one(target: Target, config: Config, day: dt.date, project_only: bool = False) -> FileResult:
    """Read, parse and check one file with every per-file rule in force.

    With ``project_only`` the file is read and parsed for the project rules alone (a file
    added for a cross-file verdict): no per-file rule runs. Never raises for file content:
    unreadable files and crashing rules become findings.
    """
    findings: list[Finding] = []
    try:
        decoded = read_log(target.absolute, config.max_file_bytes)
    except InputError as exc:
        rule = READ_PROBLEM_RULES["binary"]
        findings.append(Finding(target.display, 1, 1, rule.code, rule.name, Severity.ERROR, safe(exc.message)))
        return FileResult(tuple(findings), ProjectFile(None, target.kind, target.absolute))
    if decoded.problem is not None:
        rule = READ_PROBLEM_RULES[decoded.problem]
        severity = config.severity(rule.code)
        if severity is not None:
            findings.append(_finding(rule, severity, target.display, Problem(decoded.line, decoded.detail)))
        return FileResult(tuple(findings), ProjectFile(None, target.kind, target.absolute), (), decoded.stat, decoded.digest)
    if target.kind.file_format != "markdown":
        found = () if project_only else check_structured(target, decoded.text, config, day)
        return FileResult(found, ProjectFile(None, target.kind, target.absolute), (), decoded.stat, decoded.digest)
    document = parse(target.display, decoded.text)
    if not project_only:
        findings.extend(_run_rules(target, config, day, "check", document))
    return FileResult(tuple(findings), project_file(target, document, config), document.comments, decoded.stat, decoded.digest)


def _registry_facts_of(config: Config) -> tuple[frozenset[str], tuple[str, ...]]:
    """The kinds some registry kind in force governs, and the id patterns of those registries."""
    key = id(config.kinds)
    hit = _FACTS_SPEC.get(key)
    if hit is not None and hit[0] is config.kinds:
        return hit[1], hit[2]
    shapes = [shape_of(k) for k in config.kinds if is_registry_kind(k)]
    log_kinds = frozenset(n for s in shapes for n in s.log_kinds)
    patterns = tuple(dict.fromkeys(s.id_regex().pattern for s in shapes))
    _FACTS_SPEC[key] = (config.kinds, log_kinds, patterns)
    return log_kinds, patterns


_FACTS_SPEC: dict[int, tuple[tuple[Kind, ...], frozenset[str], tuple[str, ...]]] = {}


def project_file(target: Target, document: Document, config: Config) -> ProjectFile:
    """The file as project rules see it: the whole document for an error registry (or when
    ``config.run.documents`` asks for documents), else only its :class:`LogFacts` when a
    registry may govern its kind (with the errors it records, :mod:`hooks.structured.occurrences`)."""
    log_kinds, patterns = _registry_facts_of(config)
    facts = log_facts(document, target.absolute.name, patterns) if target.kind.name in log_kinds else None
    if facts is not None:
        facts = replace(facts, occurrences=tuple(document_occurrences(document, target.kind, patterns)))
    keep = config.run.documents or is_registry_kind(target.kind)
    return ProjectFile(document if keep else None, target.kind, target.absolute, facts)


def check_project(entries: list[ProjectFile], targets: list[Target], config: Config, day: dt.date) -> list[Finding]:
    """Run every project rule in force over ``entries``; return their findings."""
    if not targets:
        return []
    findings: list[Finding] = []
    roots = {t.root for t in targets}
    root = next(iter(roots)) if len(roots) == 1 else Path(os.path.commonpath([str(r) for r in roots]))
    project = Project(tuple(entries), root, tuple(config.kinds))
    for rule in RULES:
        severity = config.severity(rule.code)
        if rule.check_project is None or severity is None:
            continue
        context = Context(targets[0].kind, config.rule_options.get(rule.code, {}), root, root, day)
        try:
            for problem in rule.check_project(project, context):
                findings.append(_finding(rule, severity, problem.path or targets[0].display, problem))
        except Exception as exc:  # noqa: BLE001
            findings.append(_crash(rule, targets[0].display, exc))
    return findings


@dataclass(frozen=True)
class _Outcome:
    """What :func:`_check_file` returns to :func:`check_targets` (picklable, for worker processes).

    Attributes:
        findings: per-file findings after inline suppressions and overrides.
        comments: the file's HTML comments (for suppressing project findings on it).
        entry: the file as project rules see it (``document`` is ``None`` on a cache hit).
        digest: SHA-256 of the file's bytes ("" when unknown).
        stat: ``(size, mtime_ns, inode)`` when it was read.
        cached: whether the findings came from the cache.
        facts_data: on a cache hit, the file's facts as stored (turned into a record by
            :meth:`project_entry` only when the project rules run).
    """

    findings: tuple[Finding, ...]
    comments: tuple[tuple[int, str], ...]
    entry: ProjectFile
    digest: str = ""
    stat: tuple[int, int, int] = (0, 0, 0)
    cached: bool = False
    facts_data: Any = None

    def project_entry(self) -> ProjectFile:
        """The file as project rules see it; a cached file's facts are turned into a record here."""
        if self.cached and self.facts_data is not None and self.entry.facts is None:
            return replace(self.entry, facts=LogFacts.from_data(self.facts_data))
        return self.entry


def _check_file(target: Target, config: Config, day: dt.date, project_only: bool = False) -> _Outcome:
    """:func:`check_one` with the file's overrides and inline suppressions applied."""
    result = check_one(target, config.for_file(target.absolute), day, project_only)
    findings = suppress.apply(result.findings, result.comments)
    return _Outcome(tuple(findings), result.comments, result.entry, result.digest, result.stat)


def in_shard(target: Target, config: Config, shard: tuple[int, int] | None) -> bool:
    """Whether ``target`` belongs to ``shard`` ((index, count), 1-based): a stable partition by
    the SHA-256 of the path relative to the configuration's folder."""
    if shard is None:
        return True
    index, count = shard
    relative = config.relative(target.absolute)
    return int(hashlib.sha256(relative.encode("utf-8")).hexdigest()[:12], 16) % count == index - 1


#: Called with the number of files being checked after each one (a progress bar), or ``None``.
_ON_FILE: ContextVar[Callable[[int], None] | None] = ContextVar("runlog_on_file", default=None)


@contextmanager
def on_file(tick: Callable[[int], None]) -> Iterator[None]:
    """Call ``tick(total)`` after each file the checks in this block finish (hooks.output.terminal)."""
    token = _ON_FILE.set(tick)
    try:
        yield
    finally:
        _ON_FILE.reset(token)


def _check_chunk(targets: list[Target], config: Config, day: dt.date, project_only: frozenset[Path]) -> list[_Outcome]:
    """:func:`_check_file` over a chunk of targets in one worker (one pickled config per chunk).

    The cyclic garbage collector is paused for the chunk: parsing allocates hundreds of
    thousands of small objects, all freed by reference counting (documents hold no cycles),
    and the collections those allocations trigger cost 10-17 % of a check (10,000 generated
    logs, --jobs 1: 6.45 s -> 5.36-5.91 s CPU). Whatever a chunk leaves is collected after it.
    """
    with gc_paused(), rundir.memoized():
        return [_check_file(t, config, day, t.absolute in project_only) for t in targets]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (see :func:`_check_chunk`); nests."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _run_files(targets: list[Target], config: Config, day: dt.date, project_only: frozenset[Path] = frozenset()) -> list[_Outcome]:
    """:func:`_check_file` over ``targets``, in worker processes when ``config.run.jobs`` > 1;
    results in the order of ``targets``. A worker gets a chunk of targets (grouped by folder,
    so a run directory's files meet in one worker) and hands back findings and facts only."""
    tick = _ON_FILE.get()
    jobs = max(1, config.run.jobs)
    if jobs > 1 and len(targets) >= _PARALLEL_MIN_FILES:
        size = max(16, -(-len(targets) // (jobs * 16)))  # small chunks: no worker idles at the end
        chunks = [targets[i : i + size] for i in range(0, len(targets), size)]
        worker = functools.partial(_check_chunk, config=config, day=day, project_only=project_only)
        try:
            with ProcessPoolExecutor(max_workers=min(jobs, len(chunks))) as pool:
                outcomes: list[_Outcome] = []
                for done in pool.map(worker, chunks):
                    outcomes.extend(done)
                    if tick is not None:
                        for _ in done:
                            tick(len(targets))
                return outcomes
        except (OSError, BrokenProcessPool):  # no processes here (sandbox): check in this one
            pass
    if tick is None:
        return _check_chunk(targets, config, day, project_only)
    serial: list[_Outcome] = []
    with rundir.memoized():
        for target in targets:
            serial.append(_check_file(target, config, day, target.absolute in project_only))
            tick(len(targets))
    return serial


#: Below this many files, worker processes cost more than they save.
_PARALLEL_MIN_FILES = 64


def open_cache(config: Config, today: dt.date | None = None, read_only: bool = False) -> CacheIndex:
    """The check cache of ``config`` (in its root folder) for a check on ``today``."""
    return CacheIndex(config.root / CACHE_DIR, config, tuple(RULES), (today or dt.date.today()).isoformat(), read_only)


#: Below this many files a check neither reads nor writes the cache by itself: loading and
#: rewriting the index of a large repository costs more than checking a few files.
CACHE_MIN_FILES = 32


def check_targets(targets: list[Target], config: Config, today: dt.date | None = None,
                  project_only: frozenset[Path] = frozenset(), cache: CacheIndex | None = None) -> Report:
    """Check each target once (:func:`check_one`), then the project rules; return the sorted report.

    ``config.run`` says how: ``jobs`` worker processes (results keep the order of
    ``targets``), the cache (:mod:`hooks.engine.cache`) and a ``shard``. Overrides and
    inline suppressions (:mod:`hooks.engine.suppressions`) apply to every finding. Targets
    whose real path is in ``project_only`` are read for the project rules alone: no per-file
    rule runs on them (files added for a cross-file verdict at commit time). ``cache`` is an
    index the caller opened already (else one is opened when ``config.run.cache``).

    With the cache on, a file whose stat (or bytes), kind, configuration and runlog are
    unchanged is not read again: its findings, comments and facts come from the index; the
    project-rule findings are reused when every file's content and kind are unchanged. With
    a shard, per-file findings come only from the shard's files and project findings only on
    them, but project rules still see every file.
    """
    day = today or dt.date.today()
    report = Report()
    if cache is None and config.run.cache and len(targets) >= CACHE_MIN_FILES:
        cache = open_cache(config, day)
    mine = [t for t in targets if in_shard(t, config, config.run.shard)]
    by_target: dict[Path, _Outcome] = {}
    misses: list[Target] = []
    for target in mine:
        hit = cache.lookup(target.absolute, target.display, target.kind) if cache is not None and not config.run.documents else None
        if hit is None:
            misses.append(target)
        else:
            entry = ProjectFile(None, target.kind, target.absolute)  # facts are read only if project rules run
            by_target[target.absolute] = _Outcome(hit.findings, hit.comments, entry, hit.digest, hit.stat, True, hit.facts)
    for target, outcome in zip(misses, _run_files(misses, config, day, project_only), strict=True):
        by_target[target.absolute] = outcome
        if cache is not None and target.absolute not in project_only:
            cache.record(target.absolute, target.display, target.kind, outcome.stat, outcome.digest, outcome.findings,
                         outcome.comments, outcome.entry.facts)
    for target in mine:
        outcome = by_target[target.absolute]
        report.files_checked += 1
        report.files[target.display] = target.absolute
        report.findings.extend(outcome.findings)
        report.cache_hits += outcome.cached
        if outcome.entry.document is not None:
            report.documents[target.display] = outcome.entry.document
    report.findings.extend(_project_findings(targets, by_target, config, day, cache, project_only))
    report.findings.sort(key=Finding.sort_key)
    if cache is not None:
        cache.save()
    return report


def _project_findings(
    targets: list[Target], by_target: dict[Path, _Outcome], config: Config, day: dt.date, cache: CacheIndex | None,
    project_only: frozenset[Path],
) -> list[Finding]:
    """Project-rule findings on the checked files, with overrides and suppressions applied."""
    project_config = config.anywhere()
    if not targets or not any(r.check_project is not None and project_config.severity(r.code) is not None for r in RULES):
        return []
    key = None
    if cache is not None and all(t.absolute in by_target and by_target[t.absolute].digest for t in targets):
        key = cache.project_key("\n".join(f"{t.display}\x1f{t.kind.name}\x1f{by_target[t.absolute].digest}" for t in targets))
        hit = cache.project_findings(key)
        if hit is not None:
            return hit
    outcomes: dict[Path, _Outcome] = dict(by_target)
    missing = [t for t in targets if t.absolute not in outcomes]  # other shards' files
    no_cache = replace(config, run=replace(config.run, cache=False, shard=None))
    for target, outcome in zip(missing, _run_files(missing, no_cache, day, frozenset(t.absolute for t in missing)), strict=True):
        outcomes[target.absolute] = outcome
    entries = [outcomes[t.absolute].project_entry() for t in targets]
    shown = {t.display: t for t in targets if t.absolute in by_target}
    comments = {t.display: outcomes[t.absolute].comments for t in targets}
    findings = []
    for finding in check_project(entries, targets, project_config, day):
        shown_target = shown.get(finding.path)
        if shown_target is None and config.run.shard is not None:
            continue  # another shard reports it
        severity = config.severity_at(finding.code, shown_target.absolute) if shown_target else config.severity(finding.code)
        if severity is None:
            continue
        findings.append(replace(finding, severity=severity))
    kept = [f for f in findings if suppress.apply([f], comments.get(f.path, ()))]
    if cache is not None and key is not None:
        cache.store_project(key, kept)
    return kept


def check_paths(paths: Iterable[str], config: Config, cwd: Path | None = None, today: dt.date | None = None) -> Report:
    """Select, classify and check ``paths`` (files or folders).

    Raises:
        UsageError: a path does not exist.
    """
    where = cwd or Path.cwd()
    with gc_paused():
        return check_targets(select_targets(paths, config, where), config, today)
