"""No silent zero: markdown files under the checked paths that no kind covers.

A lint that checks nothing and passes is worse than none (issue 13: six of seven real log
folders gave ``Checked 0 files: no findings.``). ``runlog check`` and ``runlog build`` count
the markdown files that match no kind's paths and say so on standard error, pointing at
``runlog init``; with ``--require-kind`` (or ``require-kind: true``) each is a finding of rule
RL005 ``file-without-kind``. Not counted: files the configuration's ``exclude`` takes out,
files a kind's own ``exclude`` takes out (the kind knows them: a run-logs ``README.md``), a
project's own documents by name (:data:`DOCUMENTS`: README, CHANGELOG, LICENSE...), and
folders the check never walks (:data:`hooks.engine.discovery.SKIP_DIRS`) or the survey skips
(:func:`hooks.engine.folders.skipped_name`: virtual environments, caches, build and site output, by name).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from hooks.config.loader import Config
from hooks.engine.discovery import SKIP_DIRS, display_path
from hooks.engine.folders import MARKDOWN, skipped_name
from hooks.errors import UsageError
from hooks.finding import Finding
from hooks.kinds.kind import glob_match
from hooks.rules.file.file_without_kind import RULE

#: Stems (case-insensitive) of a project's own documents, never logs.
DOCUMENTS = frozenset({"readme", "changelog", "changes", "license", "contributing", "code_of_conduct", "security", "authors", "notice"})


def _document(path: Path) -> bool:
    return path.stem.casefold() in DOCUMENTS


def _markdown_files(given: str) -> Iterator[str]:
    """Absolute paths (strings: a walk of 10,000 logs makes no Path it does not need) of the
    markdown files at or under ``given``."""
    if not os.path.isdir(given):
        if given.lower().endswith(MARKDOWN):
            yield given
        return
    for current, dirs, files in os.walk(given, followlinks=False):
        dirs[:] = [
            d for d in dirs
            if d not in SKIP_DIRS and skipped_name(d) is None and not os.path.islink(os.path.join(current, d))
        ]
        for name in files:
            if name.lower().endswith(MARKDOWN):
                yield os.path.join(current, name)


def without_kind(paths: Iterable[str], config: Config, cwd: Path, checked: Iterable[Path] = ()) -> list[tuple[str, Path]]:
    """Markdown files under ``paths`` that no kind covers, as (display path, absolute), sorted.

    ``checked`` are files the check classified (``Report.files``): they have a kind, so their
    paths are not matched again.

    Raises:
        UsageError: a path does not exist.
    """
    known = {os.path.abspath(p) for p in checked}
    found: dict[Path, str] = {}
    for raw in paths:
        given = os.path.abspath(cwd / raw)
        if not os.path.exists(given):
            raise UsageError("no such file or folder", raw)
        for name in _markdown_files(given):
            if name in known or os.path.islink(name):
                continue
            absolute = Path(name)
            if _document(absolute):
                continue
            relative, posix = config.relative(absolute), absolute.as_posix()
            if any(glob_match(p, relative) or glob_match(p, posix) for p in config.exclude):
                continue
            if any(glob_match(p, form) for kind in config.kinds for p in kind.paths for form in (relative, posix)):
                continue
            found[absolute] = display_path(absolute, cwd)
    return sorted(((display, absolute) for absolute, display in found.items()), key=lambda item: item[0])


def findings(files: list[tuple[str, Path]], config: Config) -> list[Finding]:
    """RL005 findings for ``files`` (none when the rule is off)."""
    out = []
    for display, absolute in files:
        severity = config.severity_at(RULE.code, absolute)
        if severity is not None:
            out.append(Finding(display, 1, 1, RULE.code, RULE.name, severity, "no kind matches this markdown file, so nothing checks it; run 'runlog init' to infer one"))
    return out


def note(files: list[tuple[str, Path]]) -> str:
    """The standard-error line for ``files`` (``""`` when there are none)."""
    if not files:
        return ""
    count = len(files)
    example = files[0][0]
    return (
        f"runlog: {count} markdown file{'s' if count != 1 else ''} under the given paths matched no kind and "
        f"{'were' if count != 1 else 'was'} not checked (e.g. {example}); run 'runlog init' to infer kinds for them "
        "('runlog check --explain PATH' shows why, --require-kind makes them errors)"
    )
