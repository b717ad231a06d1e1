"""Commit-time closure: the documents a cross-file verdict about some files depends on.

pre-commit passes only the staged files to ``runlog check``. The registry rules (RL208,
RL210 to RL212) relate a run log to the error registry governing it, so checking a staged
log alone would miss them, and checking a staged registry alone would miss the logs that
cite it. :func:`closure` adds exactly the documents needed, found on disk without parsing
the folder:

- for a log: the registry governing it (the nearest registry file above it whose scope
  covers it, see :func:`hooks.model.error_registry.governs`);
- for a registry: the logs its entries link, and the logs in its scope whose text cites one
  of its ids (a plain text search, no markdown parse).

:func:`check_with_closure` checks the requested files plus their closure and keeps every
finding of the requested files, and the cross-file (project rule) findings of the added
ones; per-file findings of an added file are left out, since that file is not part of the
commit. ``runlog check`` does this by default; ``--no-closure`` checks the given files only.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Container, Iterable
from pathlib import Path

from hooks.config.loader import Config
from hooks.engine.cache import CacheIndex
from hooks.engine.discovery import Target, classified_files, repository_root, select_targets
from hooks.engine.runner import CACHE_MIN_FILES, Report, check_targets, gc_paused, open_cache
from hooks.errors import InputError
from hooks.io.text import read_log
from hooks.kinds.kind import Kind
from hooks.kinds.registry_shape import entries_of, is_registry_kind, shape_of
from hooks.model.document import parse
from hooks.model.error_registry import citation_probe, governs, resolve_reference
from hooks.rules.ruleset import RULES


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def registry_names(kind: Kind) -> list[str]:
    """Literal relative paths a registry kind's ``paths`` globs end with (``error-registry.md``,
    ``.learnings/ERRORS.md``), used to look for a registry in one folder without walking."""
    names = []
    for pattern in kind.paths:
        tail = pattern.split("**/")[-1].lstrip("/")
        if tail and not any(ch in tail for ch in "*?["):
            names.append(tail)
    return names


def governing_registry(log: Path, root: Path, kinds: Iterable[Kind]) -> tuple[Path, Kind] | None:
    """The registry file governing the log at ``log`` (absolute), found on disk.

    Walks from the log's folder up to ``root`` (inclusive) and returns the first registry
    whose kind lists the log's folder in its scope; ``None`` when there is none.
    """
    registry_kinds = [k for k in kinds if is_registry_kind(k)]
    log_rel = _relative(log, root)
    if log_rel is None:
        return None
    folder = log.parent
    while True:
        for kind in registry_kinds:
            for name in registry_names(kind):
                candidate = folder / name
                relative = _relative(candidate, root)
                if relative is not None and candidate.is_file() and governs(relative, log_rel, shape_of(kind)):
                    return candidate, kind
        if folder == root or root not in folder.parents:
            return None
        folder = folder.parent


def _scope(registry: Path, root: Path, scope_up: int) -> Path:
    folder = registry.parent
    for _ in range(scope_up):
        if folder == root:
            break
        folder = folder.parent
    return folder


def citing_logs(registry: Path, kind: Kind, root: Path, config: Config, skip: Container[Path] = frozenset(),
                cache: CacheIndex | None = None) -> list[Path]:
    """Logs in ``registry``'s scope that cite one of its ids.

    The scope's folders are listed (no file is opened for that); a log whose entry in the
    check cache still holds is judged by its cached :class:`~hooks.model.error_registry.LogFacts`,
    any other is read and searched as text (no markdown parse). Only files of the kinds in
    the registry's ``log-kinds`` count; unreadable files are skipped (the engine reports them
    when they are checked), and so are the absolute paths in ``skip`` (files the caller
    already has), which are neither classified nor read.
    """
    shape = shape_of(kind)
    regex = shape.id_regex()
    probe = citation_probe(regex)
    found = []
    kinds = tuple(config.kinds)
    scope = _scope(registry, root, shape.scope_up)
    real_scope, shown_scope = os.path.realpath(scope), str(scope)
    skipped = {str(p) for p in skip} if isinstance(skip, (set, frozenset, dict)) else None
    by_name = {k.name: k for k in kinds}
    for text, link, kind_name in classified_files(str(scope), config, cache):
        if kind_name not in shape.log_kinds:
            continue
        path = Path(text)
        real = os.path.realpath(text) if link else real_scope + text[len(shown_scope):]
        if skipped is not None and real in skipped or skipped is None and Path(real) in skip:
            continue
        log_kind = by_name[kind_name]
        facts = cache.facts(real, log_kind) if cache is not None else None
        if facts is not None:
            if facts.cited_ids(regex):
                found.append(path)
            continue
        try:
            decoded = read_log(path, config.max_file_bytes)
        except InputError:
            continue
        if decoded.problem is None and probe.search(decoded.text) and regex.search(decoded.text):
            found.append(path)
    return found


def _bound(target: Target, cwd: Path) -> Path:
    """How far up the closure may look: the repository, else the working folder when it holds
    the file (a folder outside git checked by path), else the file's own root."""
    if repository_root(target.absolute) is not None:
        return target.root
    here = Path(os.path.abspath(cwd))
    return here if here in target.absolute.parents else target.root


def closure(targets: list[Target], config: Config, cwd: Path, folders: Iterable[Path] = (), cache: CacheIndex | None = None) -> list[Target]:
    """Targets to add to ``targets`` so cross-file rules see every linked document.

    ``folders`` are the (real) folders checked whole: a registry whose scope lies inside one
    needs nothing added (every log it governs is checked already), and a log's governing
    registry is looked up once per folder. Returns only documents not already in
    ``targets``, sorted by display path. Never raises for a broken file: a registry that
    cannot be read adds nothing.
    """
    have = {t.absolute for t in targets}
    whole = [Path(os.path.realpath(f)) for f in folders]
    extra: dict[Path, None] = {}
    log_kinds = {n for k in config.kinds if is_registry_kind(k) for n in shape_of(k).log_kinds}
    governing: dict[Path, Path | None] = {}
    for target in targets:
        root = _bound(target, cwd)
        if is_registry_kind(target.kind):
            scope = _scope(target.absolute, root, shape_of(target.kind).scope_up)
            if any(scope == f or f in scope.parents for f in whole):
                continue
            extra.update(dict.fromkeys(citing_logs(target.absolute, target.kind, root, config, have, cache)))
            extra.update(dict.fromkeys(_linked_logs(target.absolute, target.kind, root, config)))
        elif target.kind.name in log_kinds:
            folder = target.absolute.parent
            if folder not in governing:
                found = governing_registry(target.absolute, root, config.kinds)
                governing[folder] = found[0] if found is not None else None
            registry = governing[folder]
            if registry is not None and registry not in have:
                extra[registry] = None
    wanted = [p for p in extra if Path(os.path.realpath(p)) not in have]
    if not wanted:
        return []
    return select_targets([str(p) for p in wanted], config, cwd)


def _linked_logs(registry: Path, kind: Kind, root: Path, config: Config) -> list[Path]:
    """Existing logs the registry's entries link.

    The registry is parsed here and once more by the engine: one file, not the folder.
    """

    try:
        decoded = read_log(registry, config.max_file_bytes)
    except InputError:
        return []
    if decoded.problem is not None:
        return []
    doc = parse(registry.name, decoded.text)
    shape = shape_of(kind)
    found = []
    for entry in entries_of(doc, kind):
        for ref in entry.run_logs:
            path, _ = resolve_reference(ref.target, registry, root, shape.log_folders)
            if path is not None:
                found.append(path)
    return found


def check_with_closure(paths: Iterable[str], config: Config, cwd: Path, today: dt.date | None = None) -> Report:
    """:func:`_closure_check` with the cyclic garbage collector paused (see :func:`hooks.engine.runner.gc_paused`)."""
    with gc_paused():
        return _closure_check(paths, config, cwd, today)


def _closure_check(paths: Iterable[str], config: Config, cwd: Path, today: dt.date | None = None) -> Report:
    """Check ``paths`` plus their closure; keep the findings that concern ``paths``.

    Kept: every finding on a requested file, and project-rule findings on an added file.

    Raises:
        UsageError: a path does not exist.
    """
    paths = list(paths)
    folders = [cwd / p for p in paths if (cwd / p).is_dir()]
    cache = open_cache(config, today) if config.run.cache and folders else None
    requested = select_targets(paths, config, cwd, cache)
    few = len(requested) < CACHE_MIN_FILES
    if cache is None and config.run.cache and (not few or any(is_registry_kind(t.kind) for t in requested)):
        # a commit of a few files: the cache only serves a staged registry's citing logs, read-only
        cache = open_cache(config, today, read_only=few)
    extra = closure(requested, config, cwd, folders, cache)
    report = check_targets(sorted(requested + extra, key=lambda t: t.display), config, today, frozenset(t.absolute for t in extra), cache)
    if extra:
        keep = {t.display for t in requested}
        project_codes = {r.code for r in RULES if r.check_project is not None}
        report.findings = [f for f in report.findings if f.path in keep or f.code in project_codes]
    return report
