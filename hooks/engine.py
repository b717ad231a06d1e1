"""The check engine: find files, classify them by kind, parse each once, run the rules.

:func:`check_paths` is what ``runlog check`` and the ``runlog-check`` hook run. It never
raises for a broken log (that is a finding); it raises :class:`~hooks.errors.UsageError`
only for a path that does not exist.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hooks import suppress
from hooks.cache import CACHE_DIR, Cache, cacheable
from hooks.config import Config
from hooks.document import Document, parse
from hooks.errors import InputError, UsageError
from hooks.finding import Finding, Severity
from hooks.formats import parse_structured, rundir
from hooks.formats.rundir import RunDirectory
from hooks.kinds import Kind, classify, glob_match
from hooks.rules import READ_PROBLEM_RULES, RULES
from hooks.rules.base import Context, Entry, Problem, Project, Rule
from hooks.secrets import find_secrets, secret_message
from hooks.textio import read_log, safe

#: Folders never walked into when a folder is checked.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".runlog_cache", ".tox"})


@dataclass(frozen=True)
class Target:
    """A file selected for checking.

    Attributes:
        absolute: absolute path.
        display: POSIX path shown in findings (relative to the working folder when possible).
        kind: the kind it was classified as.
        root: the repository (or checked folder) holding it.
    """

    absolute: Path
    display: str
    kind: Kind
    root: Path


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


def display_path(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` (with ``..`` when outside), as POSIX, with control
    characters (a newline or an escape sequence in a file name) escaped by :func:`safe`."""
    try:
        shown = Path(os.path.relpath(path, cwd)).as_posix()
    except ValueError:  # another drive on Windows
        shown = path.as_posix()
    return safe(shown, 1 << 20)


_ROOT_CACHE: dict[Path, Path | None] = {}


def repository_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` holding ``.git``, or ``None``."""
    folder = path if path.is_dir() else path.parent
    chain = []
    found: Path | None = None
    for candidate in (folder, *folder.parents):
        if candidate in _ROOT_CACHE:
            found = _ROOT_CACHE[candidate]
            break
        chain.append(candidate)
        if (candidate / ".git").exists():
            found = candidate
            break
    for candidate in chain:
        _ROOT_CACHE[candidate] = found
    return found


def _walk(folder: Path) -> Iterator[Path]:
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not (Path(current) / d).is_symlink())
        for name in sorted(files):
            yield Path(current) / name


def select_targets(paths: Iterable[str], config: Config, cwd: Path) -> list[Target]:
    """Expand files and folders into classified targets, sorted by display path.

    Files matching no kind are left alone, as are files matching ``config.exclude`` and
    symlinks that point outside the repository.

    Raises:
        UsageError: a path does not exist.
    """
    seen: dict[Path, Target] = {}
    for raw in paths:
        given = (cwd / raw) if not Path(raw).is_absolute() else Path(raw)
        if not given.exists() and not given.is_symlink():
            raise UsageError("no such file or folder", raw)
        absolute_given = Path(os.path.abspath(given))
        base = repository_root(absolute_given) or (absolute_given if absolute_given.is_dir() else absolute_given.parent)
        candidates = _walk(absolute_given) if absolute_given.is_dir() else iter([absolute_given])
        for candidate in candidates:
            absolute = Path(os.path.abspath(candidate))
            if absolute in seen:
                continue
            root = repository_root(absolute) or base
            if candidate.is_symlink():
                try:
                    resolved = candidate.resolve()
                except (OSError, RuntimeError):  # a symlink loop: skipped, like one leaving the repository
                    continue
                if resolved != root and root not in resolved.parents:
                    continue
            posix = absolute.as_posix()
            try:
                relative_to_config = absolute.relative_to(config.root).as_posix()
            except ValueError:
                relative_to_config = posix
            if any(glob_match(p, relative_to_config) or glob_match(p, posix) for p in config.exclude):
                continue
            kind = classify(list(config.kinds), relative_to_config) or classify(list(config.kinds), posix)
            if kind is None:
                continue
            seen[absolute] = Target(absolute, display_path(absolute, cwd), kind, root)
    return sorted(seen.values(), key=lambda t: t.display)


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
    """Parse a non-markdown file once (:mod:`hooks.formats`) and run every ``check_records`` rule.

    A run directory is loaded whole from any of its anchor files; of its findings, each
    anchor keeps those about itself, and run-level ones go to the run's first anchor
    (:attr:`~hooks.formats.rundir.RunDirectory.anchor`), so checking every anchor reports
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

    return tuple(_run_rules(target, config, day, lambda rule: rule.check_records, model, keep))


def _run_rules(
    target: Target,
    config: Config,
    day: dt.date,
    check_of: Callable[[Rule], Callable[[Any, Context], Iterable[Problem]] | None],
    model: Any,
    keep: Callable[[Problem], bool] | None = None,
) -> list[Finding]:
    """Run every rule in force for ``target``'s kind whose ``check_of(rule)`` is set on ``model``.

    A rule that raises becomes one finding on the file (:func:`_crash`), never a crash of the
    run; ``keep`` drops problems another file reports.
    """
    findings: list[Finding] = []
    for rule in RULES:
        severity = config.severity(rule.code)
        check = check_of(rule)
        if check is None or severity is None or not rule.applies_to(target.kind):
            continue
        context = Context(target.kind, config.rule_options.get(rule.code, {}), target.root, target.absolute, day)
        try:
            for problem in check(model, context):
                if keep is None or keep(problem):
                    findings.append(_finding(rule, severity, target.display, problem))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the run
            findings.append(_crash(rule, target.display, exc))
    return findings


def secret_findings(display: str, text: str, config: Config) -> list[Finding]:
    """RL501 (secret-in-log) findings on ``text``, for files whose format that rule does not
    read (JSON, JSON lines, plain text); ``[]`` when the configuration turns RL501 off.

    The messages are the rule's own (:func:`hooks.secrets.secret_message`), never the value.
    """
    rule = next(r for r in RULES if r.code == "RL501")
    severity = config.severity(rule.code)
    if severity is None:
        return []
    return [_finding(rule, severity, display, Problem(s.line, secret_message(s.label), s.column)) for s in find_secrets(text)]


@dataclass(frozen=True)
class FileResult:
    """What checking one file produced.

    Attributes:
        findings: the file's findings from per-file rules (unsorted).
        entry: the file as project rules see it.
    """

    findings: tuple[Finding, ...]
    entry: Entry


def check_one(target: Target, config: Config, day: dt.date) -> FileResult:
    """Read, parse and check one file with every per-file rule in force.

    Never raises for file content: unreadable files and crashing rules become findings.
    """
    findings: list[Finding] = []
    try:
        decoded = read_log(target.absolute, config.max_file_bytes)
    except InputError as exc:
        rule = READ_PROBLEM_RULES["binary"]
        findings.append(Finding(target.display, 1, 1, rule.code, rule.name, Severity.ERROR, safe(exc.message)))
        return FileResult(tuple(findings), Entry(None, target.kind, target.absolute))
    if decoded.problem is not None:
        rule = READ_PROBLEM_RULES[decoded.problem]
        severity = config.severity(rule.code)
        if severity is not None:
            findings.append(_finding(rule, severity, target.display, Problem(decoded.line, decoded.detail)))
        return FileResult(tuple(findings), Entry(None, target.kind, target.absolute))
    if target.kind.format != "markdown":
        return FileResult(check_structured(target, decoded.text, config, day), Entry(None, target.kind, target.absolute))
    document = parse(target.display, decoded.text)
    findings.extend(_run_rules(target, config, day, lambda rule: rule.check, document))
    return FileResult(tuple(findings), Entry(document, target.kind, target.absolute))


def check_project(entries: list[Entry], targets: list[Target], config: Config, day: dt.date) -> list[Finding]:
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
        digest: SHA-256 of the file's bytes when the cache is on, else ``""``.
        cached: whether the findings came from the cache.
    """

    findings: tuple[Finding, ...]
    comments: tuple[tuple[int, str], ...]
    entry: Entry
    digest: str = ""
    cached: bool = False


def _check_file(target: Target, config: Config, day: dt.date, cache: Cache | None, rules: tuple[Rule, ...]) -> _Outcome:
    """:func:`check_one` with the file's overrides, inline suppressions and the cache applied."""
    file_config = config.for_file(target.absolute)
    key = digest = None
    if cache is not None:
        try:
            if target.absolute.stat().st_size <= config.max_file_bytes:
                data = target.absolute.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                if cacheable(file_config, target.kind, rules):
                    key = cache.key(data, target.kind.name, target.absolute, day.isoformat())
        except OSError:
            key = digest = None
        if key is not None:
            hit = cache.load(key, target.display)
            if hit is not None:
                return _Outcome(tuple(hit[0]), hit[1], Entry(None, target.kind, target.absolute), digest or "", True)
    result = check_one(target, file_config, day)
    document = result.entry.document
    comments = document.comments if document is not None else ()
    findings = suppress.apply(result.findings, comments)
    if cache is not None and key is not None:
        cache.store(key, target.display, findings, comments)
    return _Outcome(tuple(findings), comments, result.entry, digest or "")


def in_shard(target: Target, config: Config, shard: tuple[int, int] | None) -> bool:
    """Whether ``target`` belongs to ``shard`` ((index, count), 1-based): a stable partition by
    the SHA-256 of the path relative to the configuration's folder."""
    if shard is None:
        return True
    index, count = shard
    relative = config.relative(target.absolute)
    return int(hashlib.sha256(relative.encode("utf-8")).hexdigest()[:12], 16) % count == index - 1


def _run_files(targets: list[Target], config: Config, day: dt.date, cache: Cache | None) -> list[_Outcome]:
    """:func:`_check_file` over ``targets``, in worker processes when ``config.run.jobs`` > 1;
    results in the order of ``targets``."""
    rules = tuple(RULES)
    jobs = max(1, config.run.jobs)
    if jobs > 1 and len(targets) >= _PARALLEL_MIN_FILES:
        worker = functools.partial(_check_file, config=config, day=day, cache=cache, rules=rules)
        chunk = max(1, len(targets) // (jobs * 4))
        try:
            with ProcessPoolExecutor(max_workers=min(jobs, len(targets)), initializer=rundir.start_memo) as pool:
                return list(pool.map(worker, targets, chunksize=chunk))
        except (OSError, BrokenProcessPool):  # no processes here (sandbox): check in this one
            pass
    with rundir.memoized():  # each run directory loads once, not once per anchor file
        return [_check_file(t, config, day, cache, rules) for t in targets]


#: Below this many files the project rules are not cached: keying their cache walks the whole
#: repository (:func:`_disk_listing`), which at commit time (a few staged files in a large
#: repository) costs far more than running the rules on those files.
_PROJECT_CACHE_MIN_FILES = 32

#: Below this many files, worker processes cost more than they save.
_PARALLEL_MIN_FILES = 16


def _disk_listing(targets: list[Target], config: Config) -> str:
    """Files of any kind under the targets' roots that are not targets, with size and mtime:
    project rules may look for files on disk, so their findings depend on these too."""
    have = {t.absolute for t in targets}
    lines = []
    for root in sorted({t.root for t in targets}):
        for path in _walk(root):
            if path in have or classify(list(config.kinds), config.relative(path)) is None:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            lines.append(f"{path.as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(lines)


def check_targets(targets: list[Target], config: Config, today: dt.date | None = None) -> Report:
    """Check each target once (:func:`check_one`), then the project rules; return the sorted report.

    ``config.run`` says how: ``jobs`` worker processes (results keep the order of
    ``targets``), the content-hash cache (:mod:`hooks.cache`) and a ``shard``. Overrides and
    inline suppressions (:mod:`hooks.suppress`) apply to every finding.

    With the cache on, a file whose bytes, kind, path, configuration and runlog are unchanged
    is not parsed; project rules are cached as one entry keyed by every file's content (and
    the other files of a kind on disk), and on a miss the files served from the cache are
    parsed again for them. With a shard, per-file findings come only from the shard's files
    and project findings only on them, but project rules still see every file.
    """
    day = today or dt.date.today()
    report = Report()
    cache = Cache(config.root / CACHE_DIR, config, tuple(RULES)) if config.run.cache else None
    mine = [t for t in targets if in_shard(t, config, config.run.shard)]
    outcomes = _run_files(mine, config, day, cache)
    by_target = {t.absolute: o for t, o in zip(mine, outcomes, strict=True)}
    for target, outcome in zip(mine, outcomes, strict=True):
        report.files_checked += 1
        report.files[target.display] = target.absolute
        report.findings.extend(outcome.findings)
        report.cache_hits += outcome.cached
        if outcome.entry.document is not None:
            report.documents[target.display] = outcome.entry.document
    report.findings.extend(_project_findings(targets, by_target, config, day, cache))
    report.findings.sort(key=Finding.sort_key)
    return report


def _project_findings(
    targets: list[Target], by_target: dict[Path, _Outcome], config: Config, day: dt.date, cache: Cache | None
) -> list[Finding]:
    """Project-rule findings on the checked files, with overrides and suppressions applied."""
    project_config = config.anywhere()
    if not targets or not any(r.check_project is not None and project_config.severity(r.code) is not None for r in RULES):
        return []
    key = None
    if cache is not None and len(targets) >= _PROJECT_CACHE_MIN_FILES:
        material = "\n".join(f"{t.display}:{t.kind.name}:{by_target[t.absolute].digest if t.absolute in by_target else ''}" for t in targets)
        if all(t.absolute in by_target and by_target[t.absolute].digest for t in targets):
            key = cache.digest(f"project\x1f{day.isoformat()}\x1f{material}\x1f{_disk_listing(targets, config)}")
            hit = cache.load(key, "")
            if hit is not None:
                return hit[0]
    no_cache = replace(config, run=replace(config.run, cache=False, shard=None))
    outcomes: dict[Path, _Outcome] = {}
    missing = [t for t in targets if t.absolute not in by_target or by_target[t.absolute].cached]
    for target, outcome in zip(missing, _run_files(missing, no_cache, day, None), strict=True):
        outcomes[target.absolute] = outcome
    for absolute, outcome in by_target.items():
        outcomes.setdefault(absolute, outcome)
    entries = [outcomes[t.absolute].entry for t in targets]
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
        cache.store(key, "", kept, ())
    return kept


def check_paths(paths: Iterable[str], config: Config, cwd: Path | None = None, today: dt.date | None = None) -> Report:
    """Select, classify and check ``paths`` (files or folders).

    Raises:
        UsageError: a path does not exist.
    """
    where = cwd or Path.cwd()
    return check_targets(select_targets(paths, config, where), config, today)
