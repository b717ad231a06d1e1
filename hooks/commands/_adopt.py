"""Shared by ``runlog init`` (:mod:`hooks.commands.init`, ``.runlog.yaml``) and its
``--pyproject`` form (:mod:`hooks.commands._pyproject`): the inferred kinds, the ownership
digest, the printed summary and the baseline.

A file init writes starts with a ``# runlog-init: sha256=...`` line, the digest of what init
wrote: a later run rewrites the file only while that digest still holds; a file edited by
hand, or one init did not write, is left alone unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from hooks.config.loader import Config, default_config, load_config
from hooks.engine import baseline
from hooks.engine.closure import check_with_closure
from hooks.engine.coverage import findings, without_kind
from hooks.engine.discovery import repository_root
from hooks.engine.survey import Group, Survey
from hooks.errors import ConfigError, safe
from hooks.kinds.infer import DEFAULT_SHARE, infer_kind

__all__ = ["DEFAULT_SHARE"]
from hooks.kinds.loader import kind_from_mapping

#: The ``source`` of every kind init writes: how a later run tells its kinds from a person's.
SOURCE = "runlog init"
#: The baseline file ``--baseline`` writes, relative to the folder.
BASELINE_FILE = ".runlog-baseline.json"
_DIGEST = re.compile(r"^# runlog-init: sha256=(?P<digest>[0-9a-f]{64})\n", re.M)
_HEADER = (
    "# runlog configuration written by `runlog init`. Each inferred kind says why it looks the\n"
    "# way it does; edit anything. A later `runlog init` rewrites this file only while it is as\n"
    "# init wrote it (--force replaces just the inferred kinds of an edited file).\n"
)
_LIST_LIMIT = 12


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def stamped(body: str) -> str:
    """``body`` with the init header and its digest line on top."""
    return f"{_HEADER}# runlog-init: sha256={_digest(body)}\n{body}"


def written_by_init(text: str) -> bool:
    """Whether ``text`` is a file init wrote and nobody changed since (its digest holds)."""
    match = _DIGEST.search(text)
    return match is not None and match.group("digest") == _digest(text[match.end() :])


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def dump(node: Any) -> str:
    """A ruamel.yaml tree as text (comments kept)."""
    stream = io.StringIO()
    _yaml().dump(node, stream)
    return stream.getvalue()


def kind_name(glob: str, taken: set[str]) -> str:
    """A kind name from a group's glob (``work/logs/*/*.md`` -> ``logs``), unique in ``taken``."""
    parts = [p for p in glob.split("/")[:-1] if p and "*" not in p]
    base = re.sub(r"[^a-z0-9]+", "-", (parts[-1] if parts else "logs").lower().lstrip(".")).strip("-") or "logs"
    name = base
    if name in taken and len(parts) > 1:
        name = re.sub(r"[^a-z0-9]+", "-", f"{parts[-2].lstrip('.')}-{base}".lower()).strip("-")
    number = 2
    while name in taken:
        name = f"{base}-{number}"
        number += 1
    taken.add(name)
    return name


def inferred_kinds(found: Survey, taken: set[str], share: float, indent: int) -> list[tuple[Group, CommentedMap]]:
    """One kind per group of ``found``, each validated as a kind file would be.

    Raises:
        ConfigError: an inferred kind does not load (a bug: the message names the kind).
    """
    out = []
    for group in found.groups:
        name = kind_name(group.glob, taken)
        kind = infer_kind(group.samples, name, [group.glob], group.exclude, share, indent)
        try:
            kind_from_mapping(kind, f"<inferred kind {name}>")
        except ConfigError as exc:
            raise ConfigError(f"the kind inferred for {group.glob} does not load: {exc.message}") from None
        out.append((group, kind))
    return out


def config_text(existing: Any, kinds: Sequence[CommentedMap], shipped: bool | None, baseline: str | None) -> str:
    """The configuration text: ``existing`` (a parsed mapping, or ``None``) with its inferred
    kinds replaced by ``kinds``, ``shipped-kinds`` and ``baseline`` set when given."""
    node = existing if isinstance(existing, CommentedMap) else CommentedMap()
    if shipped is not None:
        node["shipped-kinds"] = shipped
    listed = node.get("kinds")
    keep = [k for k in listed if not (isinstance(k, dict) and k.get("source") == SOURCE)] if isinstance(listed, list) else []
    seq = CommentedSeq([*keep, *kinds])
    for index, kind in enumerate(kinds, start=len(keep)):
        seq.yaml_set_comment_before_after_key(index, before=f"Kind {kind['name']!r}, inferred by runlog init", indent=2)
    if seq:
        node["kinds"] = seq
    elif "kinds" in node:
        del node["kinds"]
    if baseline is not None:
        node["baseline"] = baseline
    text = dump(node) if node else "{}\n"
    text = _DIGEST.sub("", text)
    return text.replace(_HEADER, "")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def where_to_check(root: Path, written: str) -> str:
    """How to run the check with the configuration just ``written`` in ``root``: runlog finds
    its configuration upward from the working folder, and pre-commit runs at the repository's
    top, so a configuration in a subfolder needs ``cd`` (and is not seen by the hook)."""
    here = Path.cwd().resolve()
    top = repository_root(root)
    command = "runlog check" if root == here else f"cd {safe(str(root), 300)} && runlog check"
    if top is not None and top.resolve() != root:
        return (
            f"Check with: {command}. Note: {written} is in a subfolder of the repository {safe(str(top), 300)}; "
            "the pre-commit hook runs at the repository's top and will not see it (run runlog init there instead)."
        )
    return f"Check with: {command}"


def summary(found: Survey, kinds: list[tuple[Group, CommentedMap]], shipped: bool) -> str:
    """The printed summary: what was surveyed, groups and their kinds, files left out."""
    lines = [f"Surveyed {plural(found.files, 'file')} under {safe(str(found.root), 300)}."]
    if found.skipped:
        shown = ", ".join(f"{safe(p, 80)} ({r})" for p, r in list(found.skipped.items())[:6])
        more = f" and {len(found.skipped) - 6} more" if len(found.skipped) > 6 else ""
        lines.append(f"Not surveyed: {shown}{more}.")
    if found.covered:
        covered = ", ".join(f"{name} {plural(len(files), 'file')}" for name, files in sorted(found.covered.items()))
        lines.append(f"Covered by kinds already in force{'' if shipped else ' (shipped kinds off)'}: {covered}.")
    if kinds:
        lines.append(f"Inferred {plural(len(kinds), 'kind')}:")
        for group, kind in kinds:
            lines.append(f"  {kind['name']}: {plural(len(group.samples), 'file')} ({group.glob})")
    else:
        lines.append("No group of logs found that needs a kind of its own.")
    if found.left_out:
        lines.append(f"Left out {plural(len(found.left_out), 'markdown file')}:")
        for path, reason in found.left_out[:_LIST_LIMIT]:
            lines.append(f"  {safe(path, 160)}: {reason}")
        if len(found.left_out) > _LIST_LIMIT:
            lines.append(f"  ... and {len(found.left_out) - _LIST_LIMIT} more")
    if found.other:
        other = ", ".join(f"{n} {ext}" for ext, n in sorted(found.other.items()))
        lines.append(f"Not markdown and matched by no kind's paths: {other} (init infers markdown kinds only; a run directory's step logs are read with the run).")
    return "\n".join(lines) + "\n"


def share_value(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}")
    return value


def confirm(question: str) -> bool:
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().casefold() in {"y", "yes"}


def base_config(root: Path, source: Path | None, shipped: bool | None) -> Config:
    """The configuration in force before init, its inferred kinds left out."""
    config = load_config(source, root) if source is not None else default_config(root)
    kinds = tuple(k for k in config.kinds if k.source != SOURCE and not (shipped is False and k.origin.startswith("hooks/data/kinds/")))
    return replace(config, kinds=kinds)


def write_baseline(root: Path, config_file: Path) -> int:
    """Check ``root`` with the configuration at ``config_file`` and record every finding in
    the baseline it names; return how many."""
    config = load_config(config_file, root)
    report = check_with_closure([str(root)], config, root)
    if config.require_kind:
        report.findings += findings(without_kind([str(root)], config, root), config)

    def locate(display: str) -> Path:
        return report.files.get(display) or (root / display).resolve()

    return baseline.write_baseline(config.baseline or root / BASELINE_FILE, report.findings, locate)
