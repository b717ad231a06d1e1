"""``runlog init [PATH]``: adopt runlog on a folder whose logs follow their own convention.

Surveys the folder (:mod:`hooks.engine.survey`), infers a kind for each group of logs no kind
covers yet (:mod:`hooks.kinds.infer`), prints a summary (groups found, the files each kind covers,
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
import sys
from pathlib import Path

from hooks.commands._adopt import (
    BASELINE_FILE,
    DEFAULT_SHARE,
    base_config,
    config_text,
    confirm,
    inferred_kinds,
    plural,
    share_value,
    stamped,
    summary,
    where_to_check,
    write_baseline,
    written_by_init,
)
from hooks.commands._pyproject import run_pyproject
from hooks.config.loader import CONFIG_NAMES, load_config, yaml_config
from hooks.engine.survey import survey
from hooks.errors import ConfigError, UsageError, safe
from hooks.io.atomic import write_text_atomic
from hooks.io.yaml import load_yaml


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog init``."""
    parser.add_argument("path", nargs="?", default=".", help="the repository or log folder to adopt (default: .)")
    parser.add_argument("--yes", "-y", action="store_true", help="write without asking (also when standard input is not a terminal)")
    parser.add_argument("--dry-run", action="store_true", help="print the configuration instead of writing it")
    parser.add_argument("--force", action="store_true", help="replace the inferred kinds of a configuration edited by hand")
    parser.add_argument("--baseline", action="store_true", help=f"also record today's findings in {BASELINE_FILE} and name it under 'baseline:'")
    parser.add_argument("--pyproject", action="store_true", help="write [tool.runlog] in pyproject.toml and the kinds to .runlog/kinds/")
    parser.add_argument("--no-shipped-kinds", dest="shipped", action="store_false", default=None, help="switch the shipped kinds off and infer kinds for every group")
    parser.add_argument("--share", type=share_value, default=DEFAULT_SHARE, metavar="F", help=f"part of the files a convention must hold in (default: {DEFAULT_SHARE})")


def _existing(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = root / name
        if candidate.is_file() and (name != "pyproject.toml" or "[tool.runlog" in candidate.read_text(encoding="utf-8", errors="replace")):
            return candidate
    return None


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
        return int(run_pyproject(args, root))
    source = _existing(root)
    if source is not None:
        load_config(source, root)  # a broken configuration is reported first, with its line
    if source is not None and source.name == "pyproject.toml":
        raise UsageError("the configuration here is [tool.runlog] in pyproject.toml: run runlog init --pyproject", str(source))
    old_text = source.read_text(encoding="utf-8") if source is not None else None
    owned = old_text is None or written_by_init(old_text)
    existing = None
    if old_text is not None:
        existing = load_yaml(old_text, str(source))
    shipped = args.shipped if args.shipped is not None else None
    if shipped is None and isinstance(existing, dict) and existing.get("shipped-kinds") is False:
        shipped = False
    config = base_config(root, source, shipped)
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
    if not args.yes and sys.stdin.isatty() and not confirm(f"Write {target.name}?"):
        print("runlog: nothing written", file=sys.stderr)
        return 1
    _validate(text, target)
    if text != old_text:
        write_text_atomic(target, text)
        print(f"Wrote {target.name} with {plural(len(kinds), 'inferred kind')}. {where_to_check(root, target.name)}")
    if args.baseline:
        count = write_baseline(root, target)
        print(f"Recorded {plural(count, 'finding')} in {BASELINE_FILE}; runlog check now fails only on new ones.")
    return 0


def _validate(text: str, target: Path) -> None:
    """Load ``text`` as the configuration at ``target`` would be loaded, before writing it.

    Raises:
        ConfigError: it does not load (nothing is written).
    """
    try:
        yaml_config(text, target)
    except ConfigError as exc:
        raise ConfigError(f"the configuration init would write does not load: {exc.message}", str(target), exc.line) from None
