"""Reading every error a folder records, for ``runlog patterns`` and its benchmark.

:func:`find_patterns` selects the files under some paths (:func:`hooks.engine.discovery.select_targets`),
reads and parses each once (run directories once per run, whichever anchor files are
selected), in worker processes when there are many, extracts their error occurrences
(:mod:`hooks.structured.occurrences`) and mines them into patterns
(:func:`hooks.model.error_patterns.mine_patterns`). Registry entries are always read, so
``since`` and ``last`` narrow the logs, never which ids are registered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from hooks.config.loader import Config
from hooks.engine.discovery import Target, select_targets
from hooks.errors import InputError
from hooks.io.text import read_log
from hooks.kinds.registry_shape import is_registry_kind, shape_of
from hooks.model.document import parse
from hooks.model.error_patterns import Occurrence, Pattern, mine_patterns
from hooks.model.error_registry import log_date
from hooks.structured import parse_structured, rundir
from hooks.structured.occurrences import document_occurrences, structured_occurrences

#: Below this many files, worker processes cost more than they save (as in the engine).
PARALLEL_MIN_FILES = 64


@dataclass(frozen=True)
class FileOccurrences:
    """What reading one file gave.

    Attributes:
        path: display path.
        registry: whether the file is an error registry.
        date: the log's date (``YYYY-MM-DD``: file name, started field or latest occurrence),
            or ``None``.
        occurrences: its occurrences.
    """

    path: str
    registry: bool
    date: str | None
    occurrences: tuple[Occurrence, ...]


def id_patterns(config: Config) -> tuple[str, ...]:
    """How the registries in force write their ids (each registry kind's ``id-pattern``).

    Raises:
        ConfigError: a registry kind's options are invalid.
    """
    return tuple(dict.fromkeys(shape_of(k).id_regex().pattern for k in config.kinds if is_registry_kind(k)))


def read_occurrences(target: Target, config: Config) -> FileOccurrences:
    """Read, parse and extract one file's occurrences. An unreadable file has none.

    Raises:
        ConfigError: the kind's options are invalid.
    """
    registry = target.kind.file_format == "markdown" and is_registry_kind(target.kind)
    try:
        decoded = read_log(target.absolute, config.max_file_bytes)
    except InputError:
        return FileOccurrences(target.display, registry, None, ())
    if decoded.problem is not None:
        return FileOccurrences(target.display, registry, None, ())
    date = None
    if target.kind.file_format == "markdown":
        document = parse(target.display, decoded.text)
        found = document_occurrences(document, target.kind, id_patterns(config))
        day = log_date(target.absolute.name, document)
        date = day.isoformat() if day else None
    else:
        model = parse_structured(target.kind, target.absolute, target.display, decoded.text, config.max_file_bytes)
        found = structured_occurrences(model, target.kind) if model is not None else []
    if date is None:
        stamps = [o.timestamp[:10] for o in found if o.timestamp]
        date = max(stamps) if stamps else None
    return FileOccurrences(target.display, registry, date, tuple(found))


def read_all(targets: list[Target], config: Config, jobs: int) -> list[FileOccurrences]:
    """:func:`read_occurrences` for every target, in target order."""
    if jobs > 1 and len(targets) >= PARALLEL_MIN_FILES:
        try:
            with ProcessPoolExecutor(max_workers=min(jobs, len(targets)), initializer=rundir.start_memo) as pool:
                return list(
                    pool.map(read_occurrences, targets, [config] * len(targets), chunksize=max(1, len(targets) // (jobs * 4)))
                )
        except (BrokenProcessPool, OSError, PermissionError):
            pass  # no worker processes here (a sandbox): read in this process
    with rundir.memoized():
        return [read_occurrences(t, config) for t in targets]


def select(files: list[FileOccurrences], since: dt.date | None, last: int | None) -> list[Occurrence]:
    """The occurrences in scope: registries always; of the logs, the ``last`` most recent
    (by date, then path; undated logs count as oldest), and of their occurrences those dated
    on or after ``since`` (undated ones are left out when ``since`` is given)."""
    logs = [f for f in files if not f.registry]
    if last is not None:
        logs = sorted(logs, key=lambda f: (f.date or "", f.path))[-last:] if last > 0 else []
    chosen = [o for f in files if f.registry for o in f.occurrences]
    for file in logs:
        for occurrence in file.occurrences:
            if since is None or (occurrence.timestamp is not None and occurrence.timestamp[:10] >= since.isoformat()):
                chosen.append(occurrence)
    return chosen


def find_patterns(
    paths: Sequence[str], config: Config, cwd: Path, since: dt.date | None = None, last: int | None = None, jobs: int = 1
) -> tuple[list[Pattern], int]:
    """Patterns of the files under ``paths``, sorted by count; and the number of files read.

    Raises:
        UsageError: a path does not exist.
        ConfigError: a kind's options are invalid.
    """
    targets = select_targets(paths, config, cwd)
    files = read_all(targets, config, jobs)
    return mine_patterns(select(files, since, last)), len(files)
