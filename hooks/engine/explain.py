"""``runlog check --explain``: which kind applies to a file, and why.

For each file it reports the configuration in force, whether an ``exclude`` glob takes the
file out, and each kind in detection order: the path glob that matched (and against which
form of the path: relative to the configuration's folder, or absolute), the exclude glob
that took it out, or that no glob matched. The first kind that matches is the one
:func:`hooks.engine.discovery.select_targets` uses; a file no kind matches is left alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from hooks.config.loader import Config
from hooks.engine.discovery import SKIP_DIRS
from hooks.errors import UsageError
from hooks.kinds.kind import Kind, classify, glob_match


def _forms(absolute: Path, config: Config) -> list[str]:
    """The path forms the engine classifies: relative to the configuration folder, then absolute."""
    posix = absolute.as_posix()
    try:
        return [absolute.relative_to(config.root).as_posix(), posix]
    except ValueError:
        return [posix]


def _kind_line(kind: Kind, forms: list[str]) -> tuple[bool, str]:
    """Whether ``kind`` matches one of ``forms``, and the line saying why."""
    where = f" ({kind.origin})" if kind.origin else ""
    for form in forms:
        glob = next((p for p in kind.paths if glob_match(p, form)), None)
        if glob is None:
            continue
        excluded = next((p for p in kind.exclude if glob_match(p, form)), None)
        if excluded is not None:
            return False, f"  - {kind.name}{where}: path glob {glob!r} matched {form!r}, but exclude {excluded!r} takes it out"
        return True, f"  - {kind.name}{where}: path glob {glob!r} matched {form!r}"
    globs = ", ".join(repr(p) for p in kind.paths) or "none"
    return False, f"  - {kind.name}{where}: no path glob matched (paths: {globs})"


def explain_file(absolute: Path, display: str, config: Config) -> list[str]:
    """Lines explaining how ``absolute`` (shown as ``display``) is classified."""
    forms = _forms(absolute, config)
    source = str(config.source) if config.source else "defaults (no configuration file)"
    lines = [f"{display}:", f"  configuration: {source}"]
    excluded = next((p for p in config.exclude for f in forms if glob_match(p, f)), None)
    if excluded is not None:
        lines.append(f"  left alone: configuration exclude {excluded!r} matches it")
        return lines
    # The engine's order: every kind against the relative form, then against the absolute one.
    chosen = next((c for c in (classify(list(config.kinds), f) for f in forms) if c is not None), None)
    lines.append("  kinds tried, in detection order:")
    for kind in config.kinds:
        lines.append(_kind_line(kind, forms)[1] + (" <- applies" if kind is chosen else ""))
    if chosen is None:
        lines.append("  result: no kind matched; the file is left alone (not checked)")
    else:
        detail = f", compiled from template {chosen.template}" if chosen.template else ""
        lines.append(f"  result: checked as kind {chosen.name!r} ({chosen.file_format}{detail})")
    return lines


def _files(paths: Iterable[str], cwd: Path) -> Iterator[Path]:
    for raw in paths:
        given = Path(raw) if Path(raw).is_absolute() else cwd / raw
        if not given.exists():
            raise UsageError("no such file or folder", raw)
        if given.is_dir():
            for current, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for name in sorted(files):
                    yield Path(os.path.abspath(Path(current) / name))
        else:
            yield Path(os.path.abspath(given))


def explain(paths: Iterable[str], config: Config, cwd: Path) -> str:
    """The explanation for every file in ``paths`` (files or folders), as text.

    Raises:
        UsageError: a path does not exist.
    """
    out: list[str] = []
    for absolute in _files(paths, cwd):
        try:
            display = Path(os.path.relpath(absolute, cwd)).as_posix()
        except ValueError:
            display = absolute.as_posix()
        out += explain_file(absolute, display, config)
    return "\n".join(out) + "\n" if out else ""
