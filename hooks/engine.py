"""The check engine: find files, classify them by kind, parse each once, run the rules.

:func:`check_paths` is what ``runlog check`` and the ``runlog-check`` hook run. It never
raises for a broken log (that is a finding); it raises :class:`~hooks.errors.UsageError`
only for a path that does not exist.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hooks.config import Config
from hooks.document import Document, parse
from hooks.errors import InputError, UsageError
from hooks.finding import Finding, Severity
from hooks.kinds import Kind, classify, glob_match
from hooks.rules import READ_PROBLEM_RULES, RULES
from hooks.rules.base import Context, Entry, Problem, Project, Rule
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
        documents: parsed documents by display path (for tools that reuse the parse).
    """

    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    documents: dict[str, Document] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        """Number of findings of ``severity``."""
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def exit_code(self) -> int:
        """0 when there is no finding, 1 otherwise (the markdownlint convention)."""
        return 1 if self.findings else 0


def display_path(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` (with ``..`` when outside), as POSIX."""
    try:
        return Path(os.path.relpath(path, cwd)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


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
                resolved = candidate.resolve()
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
        return FileResult((), Entry(None, target.kind, target.absolute))
    document = parse(target.display, decoded.text)
    for rule in RULES:
        severity = config.severity(rule.code)
        if rule.check is None or severity is None or not rule.applies_to(target.kind):
            continue
        context = Context(target.kind, config.rule_options.get(rule.code, {}), target.root, target.absolute, day)
        try:
            for problem in rule.check(document, context):
                findings.append(_finding(rule, severity, target.display, problem))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the run
            findings.append(_crash(rule, target.display, exc))
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


def check_targets(targets: list[Target], config: Config, today: dt.date | None = None) -> Report:
    """Check each target once (:func:`check_one`), then the project rules; return the sorted report."""
    day = today or dt.date.today()
    report = Report()
    entries: list[Entry] = []
    for target in targets:
        result = check_one(target, config, day)
        report.files_checked += 1
        report.findings.extend(result.findings)
        entries.append(result.entry)
        if result.entry.document is not None:
            report.documents[target.display] = result.entry.document
    report.findings.extend(check_project(entries, targets, config, day))
    report.findings.sort(key=Finding.sort_key)
    return report


def check_paths(paths: Iterable[str], config: Config, cwd: Path | None = None, today: dt.date | None = None) -> Report:
    """Select, classify and check ``paths`` (files or folders).

    Raises:
        UsageError: a path does not exist.
    """
    where = cwd or Path.cwd()
    return check_targets(select_targets(paths, config, where), config, today)
