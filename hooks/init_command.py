"""``runlog init [PATH]``: adopt runlog on a folder whose logs follow their own convention.

Surveys the folder (:mod:`hooks.survey`), infers a kind for each group of logs no kind
covers yet (:mod:`hooks.infer`), prints a summary (groups found, the files each kind covers,
files left out and why) and writes the kinds into ``PATH/.runlog.yaml`` as ordinary kind
YAML with the evidence for each choice as comments. With ``--pyproject`` the kinds go to
``PATH/.runlog/kinds/<name>.yaml`` and ``[tool.runlog]`` in ``PATH/pyproject.toml`` lists
them.

Safety: the file starts with a ``# runlog-init: sha256=...`` line, the digest of what init
wrote. A later run rewrites the file only while that digest still holds (so a second run on
unchanged logs leaves it byte for byte as it was and says so); a file edited by hand, or
one init did not write, is left alone unless ``--force`` is given, and then only the kinds
init inferred (``source: runlog init``) are replaced: other keys, kinds and comments stay.
Nothing is written with ``--dry-run`` (the text is printed instead). Without ``--yes`` and
with a terminal on standard input, init asks before writing. ``--baseline`` also records
today's findings in ``.runlog-baseline.json`` and names it under ``baseline:``, so ``runlog
check`` and the pre-commit hook fail only on new findings.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from hooks.atomic import write_text_atomic
from hooks.config import CONFIG_NAMES, Config, default_config, load_config
from hooks.errors import ConfigError, UsageError
from hooks.infer import DEFAULT_SHARE, infer_kind
from hooks.kinds import kind_from_mapping
from hooks.survey import Group, Survey, survey
from hooks.textio import safe

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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def summary(found: Survey, kinds: list[tuple[Group, CommentedMap]], shipped: bool) -> str:
    """The printed summary: what was surveyed, groups and their kinds, files left out."""
    lines = [f"Surveyed {_plural(found.files, 'file')} under {safe(str(found.root), 300)}."]
    if found.skipped:
        shown = ", ".join(f"{safe(p, 80)} ({r})" for p, r in list(found.skipped.items())[:6])
        more = f" and {len(found.skipped) - 6} more" if len(found.skipped) > 6 else ""
        lines.append(f"Not surveyed: {shown}{more}.")
    if found.covered:
        covered = ", ".join(f"{name} {_plural(len(files), 'file')}" for name, files in sorted(found.covered.items()))
        lines.append(f"Covered by kinds already in force{'' if shipped else ' (shipped kinds off)'}: {covered}.")
    if kinds:
        lines.append(f"Inferred {_plural(len(kinds), 'kind')}:")
        for group, kind in kinds:
            lines.append(f"  {kind['name']}: {_plural(len(group.samples), 'file')} ({group.glob})")
    else:
        lines.append("No group of logs found that needs a kind of its own.")
    if found.left_out:
        lines.append(f"Left out {_plural(len(found.left_out), 'markdown file')}:")
        for path, reason in found.left_out[:_LIST_LIMIT]:
            lines.append(f"  {safe(path, 160)}: {reason}")
        if len(found.left_out) > _LIST_LIMIT:
            lines.append(f"  ... and {len(found.left_out) - _LIST_LIMIT} more")
    if found.other:
        other = ", ".join(f"{n} {ext}" for ext, n in sorted(found.other.items()))
        lines.append(f"Not markdown and of no kind: {other} (init infers markdown kinds only).")
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog init``."""
    parser.add_argument("path", nargs="?", default=".", help="the repository or log folder to adopt (default: .)")
    parser.add_argument("--yes", "-y", action="store_true", help="write without asking (also when standard input is not a terminal)")
    parser.add_argument("--dry-run", action="store_true", help="print the configuration instead of writing it")
    parser.add_argument("--force", action="store_true", help="replace the inferred kinds of a configuration edited by hand")
    parser.add_argument("--baseline", action="store_true", help=f"also record today's findings in {BASELINE_FILE} and name it under 'baseline:'")
    parser.add_argument("--pyproject", action="store_true", help="write [tool.runlog] in pyproject.toml and the kinds to .runlog/kinds/")
    parser.add_argument("--no-shipped-kinds", dest="shipped", action="store_false", default=None, help="switch the shipped kinds off and infer kinds for every group")
    parser.add_argument("--share", type=_share, default=DEFAULT_SHARE, metavar="F", help=f"part of the files a convention must hold in (default: {DEFAULT_SHARE})")


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}")
    return value


def _existing(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = root / name
        if candidate.is_file() and (name != "pyproject.toml" or "[tool.runlog" in candidate.read_text(encoding="utf-8", errors="replace")):
            return candidate
    return None


def _confirm(question: str) -> bool:
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().casefold() in {"y", "yes"}


def _base_config(root: Path, source: Path | None, shipped: bool | None) -> Config:
    """The configuration in force before init, its inferred kinds left out."""
    config = load_config(source, root) if source is not None else default_config(root)
    kinds = tuple(k for k in config.kinds if k.source != SOURCE and not (shipped is False and k.origin.startswith("hooks/data/kinds/")))
    return replace(config, kinds=kinds)


def run(args: argparse.Namespace) -> int:
    """``runlog init``: 0 written or unchanged, 1 refused (a hand-edited configuration, or
    the question answered no), 2 unusable input.

    Raises:
        UsageError: the path is not a folder.
        ConfigError: the existing configuration is invalid.
    """
    root = Path(args.path).resolve()
    if not root.is_dir():
        raise UsageError("not a folder", args.path)
    if args.pyproject:
        from hooks.init_pyproject import run_pyproject  # noqa: PLC0415

        return int(run_pyproject(args, root))
    source = _existing(root)
    if source is not None and source.name == "pyproject.toml":
        raise UsageError("the configuration here is [tool.runlog] in pyproject.toml: run runlog init --pyproject", str(source))
    old_text = source.read_text(encoding="utf-8") if source is not None else None
    owned = old_text is None or written_by_init(old_text)
    existing = None
    if old_text is not None:
        from hooks.kinds import load_yaml  # noqa: PLC0415

        existing = load_yaml(old_text, str(source))
    shipped = args.shipped if args.shipped is not None else None
    if shipped is None and isinstance(existing, dict) and existing.get("shipped-kinds") is False:
        shipped = False
    config = _base_config(root, source, shipped)
    found = survey(root, config.kinds, config.exclude, config.max_file_bytes, args.share)
    taken = {k.name for k in config.kinds}
    kinds = inferred_kinds(found, taken, args.share, indent=4)
    baseline = BASELINE_FILE if args.baseline else (str(existing.get("baseline")) if isinstance(existing, dict) and existing.get("baseline") else None)
    body = config_text(None if owned else existing, [k for _, k in kinds], False if shipped is False else None, baseline)
    text = stamped(body)
    target = source or root / ".runlog.yaml"
    sys.stdout.write(summary(found, kinds, shipped is not False))
    if body == "{}\n" and old_text is None:
        print("runlog: no configuration written: nothing here needs a kind of its own")
        return 0
    if args.dry_run:
        sys.stdout.write(f"\n# {target.name} (not written: --dry-run)\n{text}")
        return 0
    if not owned and not args.force:
        print(
            f"runlog: {safe(str(target), 300)} was edited by hand (or not written by runlog init): not changing it. "
            "--dry-run shows what init would write; --force replaces only its inferred kinds",
            file=sys.stderr,
        )
        return 1
    if text == old_text and not args.baseline:
        print(f"runlog: {target.name} is up to date (nothing changed since init wrote it)")
        return 0
    if not args.yes and sys.stdin.isatty() and not _confirm(f"Write {target.name}?"):
        print("runlog: nothing written", file=sys.stderr)
        return 1
    _validate(text, target)
    if text != old_text:
        write_text_atomic(target, text)
        print(f"Wrote {target.name} with {_plural(len(kinds), 'inferred kind')}. Check with: runlog check {safe(args.path, 300)}")
    if args.baseline:
        count = write_baseline(root, target)
        print(f"Recorded {_plural(count, 'finding')} in {BASELINE_FILE}; runlog check now fails only on new ones.")
    return 0


def _validate(text: str, target: Path) -> None:
    """Load ``text`` as the configuration at ``target`` would be loaded, before writing it.

    Raises:
        ConfigError: it does not load (nothing is written).
    """
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix=".runlog-init-", dir=target.parent) as folder:
        probe = Path(folder) / target.name
        probe.write_text(text, encoding="utf-8")
        try:
            load_config(probe, target.parent)
        except ConfigError as exc:
            raise ConfigError(f"the configuration init would write does not load: {exc.message}", str(target), exc.line) from None


def write_baseline(root: Path, config_file: Path) -> int:
    """Check ``root`` with the configuration at ``config_file`` and record every finding in
    the baseline it names; return how many."""
    from hooks import baseline  # noqa: PLC0415
    from hooks.closure import check_with_closure  # noqa: PLC0415
    from hooks.coverage import findings, without_kind  # noqa: PLC0415

    config = load_config(config_file, root)
    report = check_with_closure([str(root)], config, root)
    if config.require_kind:
        report.findings += findings(without_kind([str(root)], config, root), config)

    def locate(display: str) -> Path:
        return report.files.get(display) or (root / display).resolve()

    return baseline.write_baseline(config.baseline or root / BASELINE_FILE, report.findings, locate)


#: The ``runlog init`` subcommand for :data:`hooks.cli.COMMANDS`.
COMMAND = ("init", "adopt runlog on a folder: infer kinds for its logs and write .runlog.yaml", add_arguments, run)
