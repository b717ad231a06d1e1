"""``runlog prune``: apply the run-log retention policy of run-log-template.md.

The spec's Retention section::

    - Keep run logs for 30 days minimum
    - Archive logs from sessions that led to major improvements
    - Delete routine successful runs after 30 days
    - NEVER delete run logs linked to OPEN errors

A run log is **eligible** when all of these hold:

1. it is older than ``keep-days`` (30): its date (file name ``YYYY-MM-DD...``, else its
   ``**Started:**`` field) is more than 30 days before today;
2. it is not archived: no folder on its path is named in ``archive-folders`` (``archive``)
   and its header has no ``**Archived:** yes`` field (the ``archive-field``);
3. it is a routine successful run: its ``**Status:**`` is one of ``routine-statuses``
   (``Completed``), its Errors Encountered table records no real error and it cites no
   error id;
4. no entry of an error registry with an open status (OPEN, IN_PROGRESS) links it, in any
   spelling (see :func:`hooks.model.error_registry.names_path`).

``runlog prune`` lists the eligible logs with the reason (a dry run); ``--apply`` removes them
with ``git rm`` so the deletion is staged and reviewable. The policy is configurable under the
``retention`` configuration key (see :func:`parse_retention`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hooks.commands._common import load
from hooks.config.retention import RetentionPolicy
from hooks.engine.closure import governing_registry
from hooks.engine.discovery import repository_root, select_targets
from hooks.errors import InputError, UsageError
from hooks.io.text import read_log
from hooks.kinds.kind import classify
from hooks.kinds.registry_shape import entries_of, is_registry_kind, shape_of
from hooks.model.document import Document, parse, plain
from hooks.model.error_registry import RegistryShape, cited_ids, error_rows, log_date, names_path

if TYPE_CHECKING:
    from hooks.config.loader import Config
    from hooks.engine.discovery import Target

_YES = {"yes", "true", "y", "1"}


@dataclass(frozen=True)
class Verdict:
    """What retention decides for one log.

    Attributes:
        path: display path.
        absolute: absolute path.
        eligible: whether the log may be removed.
        reason: why (one phrase).
    """

    path: str
    absolute: Path
    eligible: bool
    reason: str


@dataclass(frozen=True)
class _Registry:
    relative: str
    doc: Document
    shape_folders: tuple[str, ...]
    open_refs: tuple[tuple[str, str, str], ...]  # (entry id, status, target)
    id_regex: re.Pattern[str]


def _load_registry(path: Path, root: Path, config: Config) -> _Registry | None:

    relative = path.relative_to(root).as_posix()
    kind = classify(list(config.kinds), relative)
    if kind is None or not is_registry_kind(kind):
        return None
    try:
        decoded = read_log(path, config.max_file_bytes)
    except InputError:
        return None
    if decoded.problem is not None:
        return None
    doc = parse(relative, decoded.text)
    shape = shape_of(kind)
    refs = tuple((e.id, e.status, r.target) for e in entries_of(doc, kind) if shape.is_open(e) for r in e.run_logs)
    return _Registry(relative, doc, shape.log_folders, refs, shape.id_regex())


def judge_log(target: Target, doc: Document | None, registries: Iterable[_Registry], policy: RetentionPolicy, today: dt.date) -> Verdict:
    """The retention verdict for one log (see the module docstring for the four conditions)."""

    def keep(reason: str) -> Verdict:
        return Verdict(target.display, target.absolute, False, reason)

    if doc is None:
        return keep("unreadable")
    day = log_date(target.absolute.name, doc)
    if day is None:
        return keep("no date in its name or Started field")
    age = (today - day).days
    if age <= policy.keep_days:
        return keep(f"{age} days old, within the {policy.keep_days}-day minimum")
    try:
        relative = target.absolute.relative_to(target.root).as_posix()
    except ValueError:
        relative = target.absolute.as_posix()
    folders = {f.casefold() for f in policy.archive_folders}
    if any(part.casefold() in folders for part in Path(relative).parts[:-1]):
        return keep("archived (in an archive folder)")
    marker = doc.field(policy.archive_field)
    if marker is not None and plain(marker.value).casefold() in _YES:
        return keep(f"archived (**{policy.archive_field}:** {plain(marker.value)})")
    for registry in registries:
        for entry_id, status, ref in registry.open_refs:
            if names_path(ref, registry.relative, relative, registry.shape_folders):
                return keep(f"linked to {entry_id} ({status}) in {registry.relative}")
    status_field = doc.field("Status")
    status = plain(status_field.value) if status_field is not None else ""
    if status.casefold() not in {s.casefold() for s in policy.routine_statuses}:
        return keep(f"not a routine successful run (Status: {status or 'none'})")
    if any(row.real for row in error_rows(doc)):
        return keep("records errors")
    patterns = {r.id_regex.pattern: r.id_regex for r in registries} or {"": RegistryShape().id_regex()}
    cited = {i for regex in patterns.values() for i in cited_ids(doc, regex)}
    if cited:
        return keep(f"cites {', '.join(sorted(cited))}")
    return Verdict(target.display, target.absolute, True, f"routine {status} run of {day.isoformat()}, {age} days old")


def plan(paths: Iterable[str], config: Config, cwd: Path, today: dt.date) -> list[Verdict]:
    """Verdicts for every log of the policy's kinds under ``paths``, in display order.

    Registries are those among ``paths`` plus the one governing each log on disk.

    Raises:
        UsageError: a path does not exist.
    """

    policy = config.retention
    targets = select_targets(paths, config, cwd)
    registry_files: dict[Path, Path] = {}
    for target in targets:
        if is_registry_kind(target.kind):
            registry_files[target.absolute] = target.root
        elif target.kind.name in policy.kinds:
            found = governing_registry(target.absolute, target.root, config.kinds)
            if found is not None:
                registry_files[found[0]] = target.root
    registries = [r for r in (_load_registry(p, root, config) for p, root in registry_files.items()) if r is not None]
    verdicts = []
    for target in targets:
        if target.kind.name not in policy.kinds:
            continue
        try:
            decoded = read_log(target.absolute, config.max_file_bytes)
            doc = parse(target.display, decoded.text) if decoded.problem is None else None
        except InputError:
            doc = None
        verdicts.append(judge_log(target, doc, registries, policy, today))
    return verdicts


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], help="log folders or files (default: .)")
    parser.add_argument("--apply", action="store_true", help="remove the eligible logs with git rm (default: only list them)")
    parser.add_argument("--verbose", action="store_true", help="also list the logs kept, with the reason")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    """``runlog prune``: list (or with ``--apply`` remove) the logs retention lets go."""

    config = load(args)
    today = args.today or dt.date.today()
    verdicts = plan(args.paths, config, Path.cwd(), today)
    eligible = [v for v in verdicts if v.eligible]
    for verdict in verdicts:
        if verdict.eligible:
            print(f"{'remove' if args.apply else 'would remove'} {verdict.path}: {verdict.reason}")
        elif args.verbose:
            print(f"keep {verdict.path}: {verdict.reason}")
    if args.apply and eligible:
        _git_rm([v.absolute for v in eligible])
    action = "removed" if args.apply else "eligible for removal"
    print(f"{len(eligible)} of {len(verdicts)} run logs {action}" + ("" if args.apply or not eligible else "; run with --apply to remove them"))
    return 0


def _git_rm(paths: list[Path]) -> None:
    """Remove ``paths`` with ``git rm`` (staged), in chunks, from their repository's top.

    Raises:
        UsageError: a path is not tracked in a git repository, or git fails.
    """

    by_repo: dict[Path, list[str]] = {}
    for path in paths:
        root = repository_root(path)
        if root is None:
            raise UsageError("--apply removes logs with git rm, but this file is not in a git repository", str(path))
        by_repo.setdefault(root, []).append(os.path.relpath(path, root))
    for root, names in by_repo.items():
        for start in range(0, len(names), 200):
            done = subprocess.run(["git", "rm", "--quiet", "--", *names[start : start + 200]], cwd=root, capture_output=True, check=False)
            if done.returncode != 0:
                message = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"])[0]
                raise UsageError(f"git rm: {message}", str(root))


