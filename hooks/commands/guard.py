"""``runlog guard``: refuse to delete or rename a run log that an open error links to.

run-log-template.md, Retention: "NEVER delete run logs linked to OPEN errors". pre-commit
never passes deleted files to a hook, so the ``runlog-guard`` hook (``always_run: true``,
``pass_filenames: false``) reads the change itself:

- at commit time, ``git diff --cached --name-status -M`` (the staged deletions and renames;
  ``git rm``, ``git mv``, a plain delete then ``git add -A``, ``git rm --cached`` all show as
  ``D`` or ``R``);
- at push time, the range pre-commit gives in ``PRE_COMMIT_FROM_REF`` / ``PRE_COMMIT_TO_REF``;
- in CI, ``runlog guard --base REF``: the changes from the merge base of REF and HEAD to HEAD.

For each path deleted or renamed away, every error registry of the old side (the files of a
registry kind in ``HEAD``, the FROM ref or the merge base) is read from git, and every entry
whose status is open (``open-statuses``: OPEN, IN_PROGRESS) and whose Run Log references name
the path, in any spelling (``./``, anchors, URL escapes, letter case; see
:func:`hooks.model.error_registry.names_path`), refuses the change, naming the entry. The change is
allowed when the same commit (or range) also changes that registry: the team is updating the
entry; ``runlog check`` on the staged registry then reports a link left dangling (RL201).

Exit codes: 0 allowed, 1 refused, 2 not a git repository or a bad ref.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from hooks.commands._common import load
from hooks.config.loader import Config
from hooks.errors import UsageError, safe
from hooks.io.git import git
from hooks.kinds.kind import classify
from hooks.kinds.registry_shape import entries_of, is_registry_kind, shape_of
from hooks.model.document import parse
from hooks.model.error_registry import names_path

_ZERO = "0" * 40


@dataclass(frozen=True)
class Change:
    """One line of ``git diff --name-status -M``.

    Attributes:
        status: the status letter (``D``, ``R``, ``M``, ``A``...), score dropped.
        old: the path on the old side (``None`` for an added file), repository-relative POSIX.
        new: the path on the new side (``None`` for a deleted file).
    """

    status: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Refusal:
    """A deletion or rename the guard refuses.

    Attributes:
        path: the log deleted or renamed away.
        renamed_to: its new path for a rename, else ``None``.
        registry: the registry holding the entry.
        entry: the entry id (``ERR-002``).
        status: the entry's status.
        line: 1-based line of the reference in the registry.
    """

    path: str
    renamed_to: str | None
    registry: str
    entry: str
    status: str
    line: int

    def message(self) -> str:
        """One line naming the log, the entry and what to do."""
        verb = f"renamed to {self.renamed_to}" if self.renamed_to else "deleted"
        return safe(
            f"{self.path}: {verb}, but {self.entry} ({self.status}) in {self.registry}:{self.line} links it; "
            "resolve the entry or update its Run Log in the same commit, or keep the log",
            1 << 16,
        )


def parse_name_status(output: str) -> list[Change]:
    """Parse ``git diff --name-status -z`` output into :class:`Change` records."""
    parts = output.split("\0")
    changes = []
    index = 0
    while index < len(parts) and parts[index]:
        status = parts[index][0]
        if status in "RC":
            old, new = parts[index + 1], parts[index + 2]
            changes.append(Change(status, old, new))
            index += 3
        else:
            path = parts[index + 1]
            changes.append(Change(status, None if status == "A" else path, None if status == "D" else path))
            index += 2
    return changes


def _has_commit(repo: Path, ref: str) -> bool:
    done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=repo, capture_output=True, check=False)
    return done.returncode == 0


def changes_and_old_side(repo: Path, base: str | None, env: dict[str, str]) -> tuple[list[Change], str | None]:
    """The changes to judge and the commit holding the old side (``None``: nothing to judge).

    ``base`` wins; then ``PRE_COMMIT_FROM_REF``/``PRE_COMMIT_TO_REF``; else the staged changes
    against ``HEAD``.

    Raises:
        UsageError: a ref does not name a commit.
    """
    if base is not None:
        if not _has_commit(repo, base):
            raise UsageError(f"--base {base!r} does not name a commit")
        old = git(repo, "merge-base", base, "HEAD").strip()
        return parse_name_status(git(repo, "diff", "--name-status", "-M", "-z", old, "HEAD")), old
    from_ref, to_ref = env.get("PRE_COMMIT_FROM_REF"), env.get("PRE_COMMIT_TO_REF")
    if from_ref and to_ref:
        if from_ref == _ZERO or to_ref == _ZERO:
            return [], None
        for ref in (from_ref, to_ref):
            if not _has_commit(repo, ref):
                raise UsageError(f"PRE_COMMIT_FROM_REF/TO_REF {ref!r} does not name a commit")
        return parse_name_status(git(repo, "diff", "--name-status", "-M", "-z", from_ref, to_ref)), from_ref
    if not _has_commit(repo, "HEAD"):
        return [], None
    return parse_name_status(git(repo, "diff", "--cached", "--name-status", "-M", "-z")), "HEAD"


def judge(repo: Path, changes: list[Change], old_side: str, config: Config) -> list[Refusal]:
    """The refusals for ``changes``, reading the old side's registries from git (never the disk).

    Args:
        repo: the repository's top folder.
        changes: from :func:`parse_name_status`.
        old_side: the commit whose registries decide which logs are linked.
        config: supplies the kinds (a registry kind is one with an ``entry-heading`` option).
    """
    removed = [(c.old, c.new if c.status == "R" else None) for c in changes if c.status in "DR" and c.old]
    if not removed:
        return []
    touched = {p for c in changes for p in (c.old, c.new) if p}
    kinds = list(config.kinds)
    listing = git(repo, "ls-tree", "-r", "-z", "--name-only", old_side).split("\0")
    refusals = []
    for registry_path in (p for p in listing if p):
        kind = classify(kinds, registry_path)
        if kind is None or not is_registry_kind(kind) or registry_path in touched:
            continue
        size = subprocess.run(["git", "cat-file", "-s", f"{old_side}:{registry_path}"], cwd=repo, capture_output=True, check=False)
        if size.returncode != 0:
            continue
        if int(size.stdout.strip() or 0) > config.max_file_bytes:  # the limit files on disk have (max-file-bytes)
            print(f"runlog guard: {safe(registry_path)}: {int(size.stdout)} bytes at {old_side[:12]}, over the limit of "
                  f"{config.max_file_bytes} (max-file-bytes); its links were not read", file=sys.stderr)
            continue
        blob = subprocess.run(["git", "cat-file", "blob", f"{old_side}:{registry_path}"], cwd=repo, capture_output=True, check=False)
        if blob.returncode != 0:
            continue
        text = blob.stdout.decode("utf-8", "replace").lstrip("\ufeff")
        doc = parse(registry_path, text)
        shape = shape_of(kind)
        for entry in entries_of(doc, kind):
            if not shape.is_open(entry):
                continue
            for ref in entry.run_logs:
                for path, renamed_to in removed:
                    if names_path(ref.target, registry_path, path, shape.log_folders):
                        refusals.append(Refusal(path, renamed_to, registry_path, entry.id, entry.status, ref.line))
    return sorted(set(refusals), key=lambda r: (r.path, r.registry, r.line, r.entry))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", metavar="REF", help="judge the changes from the merge base of REF and HEAD to HEAD (CI)")


def run(args: argparse.Namespace) -> int:
    """``runlog guard``: exit 1 when a deletion or rename of a log linked to an open error is refused."""

    here = Path.cwd()
    try:
        top = Path(git(here, "rev-parse", "--show-toplevel").strip())
    except UsageError:
        raise UsageError("runlog guard must run inside a git repository", str(here)) from None
    changes, old_side = changes_and_old_side(top, args.base, dict(os.environ))
    if old_side is None:
        return 0
    refusals = judge(top, changes, old_side, load(args))
    for refusal in refusals:
        print(refusal.message())
    if refusals:
        print(f"runlog guard: {len(refusals)} change(s) refused (run-log-template.md: never delete run logs linked to OPEN errors)")
    return 1 if refusals else 0
