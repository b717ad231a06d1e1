"""The survey ``runlog init`` makes: which files of a repository are logs, and in which groups.

Agent folders are often hidden (``.claude/``, ``.learnings/``, ``.agents/``,
``.memory-traces/``), so hidden folders are surveyed; version control, virtual environments,
dependencies, caches and build or site output are not (:func:`skipped_folder`). Files an
existing kind covers (a shipped one, or one of the configuration's own kind files) are
counted by kind. The other markdown files are grouped by folder; sibling folders that hold
logs of one convention (``logs/alice/``, ``logs/bob/``) become one group with a ``*`` in
its path glob. A group needs :data:`MIN_FILES` files with a date or number in their names
that share headings; its files whose names break the group's convention and that share few
of its usual headings (``INDEX.md``, a rolling ``current.md``) are left out, each with the
reason.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hooks.engine.folders import LOG_LIKE, MARKDOWN, skipped_folder
from hooks.errors import InputError
from hooks.io.text import read_log
from hooks.kinds.infer import DEFAULT_SHARE, Sample, infer_name, name_parts, section_level
from hooks.kinds.kind import Kind, classify, glob_match
from hooks.model.document import Document, parse, plain

#: Fewest files a group needs before a kind is inferred for it.
MIN_FILES = 3
#: Part of a group's usual headings a file off the name convention must share to stay in.
MIN_SIMILARITY = 0.5
@dataclass
class Group:
    """Files that follow one convention.

    Attributes:
        glob: the path glob of the group, relative to the surveyed folder (``logs/*.md``,
            ``work/logs/*/*.md`` for sibling folders).
        samples: the logs the kind is inferred from.
        left_out: files in the group's folders that are not logs of it, with the reason.
    """

    glob: str
    samples: list[Sample]
    left_out: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exclude(self) -> list[str]:
        """Globs (exact paths) taking the left-out files out of the kind."""
        return [path for path, _ in self.left_out if glob_match(self.glob, path)]


@dataclass
class Survey:
    """What :func:`survey` found.

    Attributes:
        root: the surveyed folder.
        files: files looked at (skipped folders not counted).
        skipped: folders not surveyed, relative POSIX path to the reason.
        covered: kind name to the files an existing kind covers.
        groups: the groups a kind is inferred for.
        left_out: markdown files in no group, with the reason.
        other: extension to the number of log-like files that are not markdown and that no
            kind covers.
        excluded: files the configuration's ``exclude`` takes out.
    """

    root: Path
    files: int = 0
    skipped: dict[str, str] = field(default_factory=dict)
    covered: dict[str, list[str]] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)
    other: Counter[str] = field(default_factory=Counter)
    excluded: int = 0


def _walk(root: Path, found: Survey) -> list[Path]:
    """Every file under ``root`` in surveyed folders, sorted; skipped folders recorded."""
    out: list[Path] = []
    real_root = root.resolve()
    for current, dirs, files in os.walk(root, followlinks=False):
        here = Path(current)
        kept = []
        for name in sorted(dirs):
            path = here / name
            if path.is_symlink():
                continue
            reason = skipped_folder(path)
            if reason is None:
                kept.append(name)
            else:
                found.skipped[path.relative_to(root).as_posix()] = reason
        dirs[:] = kept
        for name in sorted(files):
            path = here / name
            if path.is_symlink():
                try:
                    resolved = path.resolve()
                except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
                    continue
                if real_root not in resolved.parents:
                    continue
            out.append(path)
    return out


def _section_keys(doc: Document, level: int) -> set[str]:
    return {plain(s.title).casefold() for s in doc.sections if s.level == level}


def _profile(docs: Sequence[Document], level: int) -> set[str]:
    """Headings (case-folded) at ``level`` that half of ``docs`` or more hold."""
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(_section_keys(doc, level))
    return {k for k, n in counts.items() if n * 2 >= len(docs)}


def _fields_profile(docs: Sequence[Document]) -> set[str]:
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update({f.key.casefold() for f in doc.header_fields})
    return {k for k, n in counts.items() if n * 2 >= len(docs)}


def _numbered(name: str) -> bool:
    stem = name.rsplit(".", 1)[0]
    return any(p.kind in {"date", "date8", "num", "time"} for p in name_parts(stem))


def _merge_siblings(folders: dict[str, list[Sample]], share: float) -> list[tuple[str, list[str]]]:
    """Folder groups: (folder glob, member folders). Folders that differ in one path segment
    and whose logs follow one name convention and share headings are merged (``logs/*``)."""
    candidates: dict[str, list[str]] = defaultdict(list)
    for folder in folders:
        parts = folder.split("/") if folder else []
        for index in range(len(parts)):
            key = "/".join([*parts[:index], "*", *parts[index + 1 :]])
            candidates[key].append(folder)
    taken: set[str] = set()
    groups: list[tuple[str, list[str]]] = []
    ranked = sorted(
        ((key, members) for key, members in candidates.items() if len(members) >= 2),
        key=lambda item: (-sum(len(folders[m]) for m in item[1]), -len(item[1]), item[0]),
    )
    for key, members in ranked:
        free = [m for m in members if m not in taken]
        if len(free) < 2:
            continue
        samples = [s for m in free for s in folders[m]]
        names = [s.name for s in samples]
        convention = infer_name(names, share)
        if convention.regex is None or convention.level > 2:
            continue
        docs = [s.document for s in samples]
        level = section_level(docs)
        profile = _profile(docs, level)
        if not profile:
            continue
        similar = all(
            sum(len(_section_keys(s.document, level) & profile) for s in folders[m]) >= MIN_SIMILARITY * len(profile) * len(folders[m])
            for m in free
        )
        if similar:
            taken.update(free)
            groups.append((key, sorted(free)))
    groups.extend((folder, [folder]) for folder in sorted(folders) if folder not in taken)
    return groups


def _glob(folder: str) -> str:
    return f"{folder}/*.md" if folder else "/*.md"


def _split_group(glob: str, samples: list[Sample], share: float, min_files: int) -> Group | None:
    """The group of ``samples`` (one folder or merged siblings), or ``None`` when they are
    not logs of one convention; left-out files carry their reason."""
    names = [s.name for s in samples]
    convention = infer_name(names, share)
    pattern = re.compile(convention.regex) if convention.regex else None
    following = [s for s in samples if pattern is not None and pattern.fullmatch(s.name)]
    if pattern is None:
        following = [s for s in samples if _numbered(s.name)]
    docs = [s.document for s in following] or [s.document for s in samples]
    level = section_level(docs)
    profile = _profile(docs, level)
    group = Group(glob, [])
    follows = {id(s) for s in following}
    for sample in samples:
        if id(sample) in follows:
            group.samples.append(sample)
            continue
        shared = len(_section_keys(sample.document, level) & profile)
        if profile and shared >= MIN_SIMILARITY * len(profile) and _numbered(sample.name):
            group.samples.append(sample)  # a log with a name off the convention: its check flags it
        elif pattern is None:
            group.left_out.append((sample.path, "its name carries no date or number"))
        else:
            group.left_out.append((sample.path, f"its name is off the folder's convention and it shares {shared} of {len(profile)} usual headings"))
    numbered = sum(1 for s in group.samples if _numbered(s.name))
    if numbered < min_files:
        return None
    if not profile and not _fields_profile([s.document for s in group.samples]):
        return None
    return group


def survey(
    root: Path,
    kinds: Sequence[Kind],
    exclude: Sequence[str] = (),
    max_bytes: int = 1 << 20,
    share: float = DEFAULT_SHARE,
    min_files: int = MIN_FILES,
) -> Survey:
    """Survey ``root``: files covered by ``kinds``, groups of other logs, files left out.

    Args:
        root: the folder (its configuration's folder: paths are relative to it).
        kinds: the kinds already in force (shipped and configured, inferred ones excluded).
        exclude: the configuration's ``exclude`` globs.
        max_bytes: files larger than this are left out unread.
        share: see :data:`hooks.kinds.infer.DEFAULT_SHARE`.
        min_files: fewest files a group needs.
    """
    found = Survey(root)
    folders: dict[str, list[Sample]] = defaultdict(list)
    kind_list = list(kinds)
    for path in _walk(root, found):
        found.files += 1
        relative = path.relative_to(root).as_posix()
        if any(glob_match(p, relative) for p in exclude):
            found.excluded += 1
            continue
        kind = classify(kind_list, relative)
        if kind is not None:
            found.covered.setdefault(kind.name, []).append(relative)
            continue
        suffix = path.suffix.lower()
        if suffix not in MARKDOWN:
            if suffix in LOG_LIKE:
                found.other[suffix] += 1
            continue
        try:
            decoded = read_log(path, max_bytes)
        except InputError as exc:
            found.left_out.append((relative, exc.message))
            continue
        if decoded.problem is not None:
            found.left_out.append((relative, f"not readable as a log ({decoded.problem})"))
            continue
        folder = relative.rsplit("/", 1)[0] if "/" in relative else ""
        folders[folder].append(Sample(relative, parse(relative, decoded.text)))
    for glob_folder, members in _merge_siblings({f: s for f, s in folders.items() if any(_numbered(x.name) for x in s)}, share):
        samples = [s for m in members for s in folders[m]]
        group = _split_group(_glob(glob_folder), samples, share, min_files)
        if group is None:
            where = glob_folder or "."
            if len(samples) < min_files:
                reason = f"only {len(samples)} markdown file{'s' if len(samples) != 1 else ''} in {where}/ (a kind needs {min_files})"
            else:
                reason = f"the files in {where}/ do not share dated or numbered names and headings"
            found.left_out.extend((s.path, reason) for s in samples)
            continue
        found.groups.append(group)
        found.left_out.extend(group.left_out)
    for folder, samples in folders.items():
        if not any(_numbered(x.name) for x in samples):
            where = folder or "."
            found.left_out.extend((s.path, f"no file in {where}/ has a date or number in its name") for s in samples)
    found.left_out.sort()
    return found
