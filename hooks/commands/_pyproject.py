"""``runlog init --pyproject``: the inferred kinds as kind files, listed in ``[tool.runlog]``.

TOML has no place for the evidence comments of a nested kind, so each inferred kind is
written to ``.runlog/kinds/<name>.yaml`` (the same YAML, comments and ownership digest as
``.runlog.yaml``) and ``[tool.runlog]`` in ``pyproject.toml`` lists them under ``kinds``.
The table's keys are edited as lines of text, leaving the rest of the file as it was:
``kinds`` (init's files replace those it wrote before, other entries stay), and
``shipped-kinds`` and ``baseline`` when asked for. A ``[tool.runlog]`` init did not write is
changed only with ``--force``; a kind file edited by hand likewise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from hooks.commands._adopt import (
    BASELINE_FILE,
    SOURCE,
    base_config,
    confirm,
    dump,
    inferred_kinds,
    plural,
    stamped,
    summary,
    where_to_check,
    write_baseline,
    written_by_init,
)
from hooks.config.loader import _read_toml, load_config
from hooks.engine.survey import survey
from hooks.errors import ConfigError, InputError, safe
from hooks.io.atomic import write_text_atomic

#: Where ``--pyproject`` puts the inferred kind files, relative to the folder.
KINDS_FOLDER = ".runlog/kinds"
_MARK = "# kinds inferred by runlog init live in .runlog/kinds/"
_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*runlog\s*\]\s*(?:#.*)?$")
_OTHER_TABLE = re.compile(r"^\s*\[")


def _table_span(lines: list[str]) -> tuple[int, int] | None:
    """(header index, end index exclusive) of ``[tool.runlog]``'s own keys, or ``None``."""
    start = next((i for i, line in enumerate(lines) if _HEADER.match(line)), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if _OTHER_TABLE.match(lines[i])), len(lines))
    return start, end


def _set_key(lines: list[str], span: tuple[int, int], key: str, value: str) -> list[str]:
    """``lines`` with ``key = value`` set in the table at ``span`` (an array may span lines)."""
    start, end = span
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for index in range(start + 1, end):
        if pattern.match(lines[index]):
            last = index
            depth = lines[index].split("#", 1)[0].count("[") - lines[index].split("#", 1)[0].count("]")
            while depth > 0 and last + 1 < end:
                last += 1
                depth += lines[last].count("[") - lines[last].count("]")
            return [*lines[:index], f"{key} = {value}", *lines[last + 1 :]]
    insert = start + 1
    return [*lines[:insert], f"{key} = {value}", *lines[insert:]]


def pyproject_text(text: str, kind_files: list[str], keep: list[str], shipped: bool | None, baseline: str | None) -> str:
    """``text`` (a pyproject.toml, possibly empty) with ``[tool.runlog]`` listing ``keep`` and
    ``kind_files`` under ``kinds`` and ``shipped-kinds`` / ``baseline`` set when given."""
    lines = text.splitlines()
    span = _table_span(lines)
    if span is None:
        lines = [*lines, *([""] if lines and lines[-1].strip() else []), "[tool.runlog]", _MARK]
        span = _table_span(lines)
        assert span is not None
    values = [*keep, *kind_files]
    lines = _set_key(lines, span, "kinds", json.dumps(values))
    if shipped is not None:
        lines = _set_key(lines, _table_span(lines) or span, "shipped-kinds", "true" if shipped else "false")
    if baseline is not None:
        lines = _set_key(lines, _table_span(lines) or span, "baseline", json.dumps(baseline))
    return "\n".join(lines) + "\n"


def run_pyproject(args: argparse.Namespace, root: Path) -> int:
    """``runlog init --pyproject`` (see module doc): 0 written or unchanged, 1 refused.

    Raises:
        ConfigError: the existing pyproject.toml or a kind file is invalid.
    """
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else ""
    has_table = _table_span(text.splitlines()) is not None
    existing = _read_toml(pyproject) if has_table else {}
    owned = not has_table or _MARK in text
    shipped = False if args.shipped is False or existing.get("shipped-kinds") is False else None
    config = base_config(root, pyproject if has_table else None, shipped)
    found = survey(root, config.kinds, config.exclude, config.max_file_bytes, args.share)
    kinds = inferred_kinds(found, {k.name for k in config.kinds}, args.share, indent=0)
    listed = existing.get("kinds", []) if isinstance(existing.get("kinds"), list) else []
    keep = [k for k in listed if isinstance(k, str) and not k.startswith(KINDS_FOLDER + "/")]
    files = {f"{KINDS_FOLDER}/{kind['name']}.yaml": stamped(dump(kind)) for _, kind in kinds}
    baseline = BASELINE_FILE if args.baseline else None
    new_text = pyproject_text(text, sorted(files), keep, False if shipped is False else None, baseline)
    sys.stdout.write(summary(found, kinds, shipped is not False))
    if args.dry_run:
        sys.stdout.write(f"\n# pyproject.toml (not written: --dry-run)\n{new_text}")
        for name, body in files.items():
            sys.stdout.write(f"\n# {name} (not written: --dry-run)\n{body}")
        return 0
    edited = [name for name in files if (root / name).is_file() and not written_by_init((root / name).read_text(encoding="utf-8"))]
    if (not owned or edited) and not args.force:
        what = safe(str(pyproject), 300) if not owned else ", ".join(edited)
        print(f"runlog: {what} was edited by hand (or not written by runlog init): not changing it. --dry-run shows what init would write; --force writes it", file=sys.stderr)
        return 1
    unchanged = new_text == text and all((root / n).is_file() and (root / n).read_text(encoding="utf-8") == b for n, b in files.items())
    if unchanged and not args.baseline:
        print("runlog: pyproject.toml and the kind files are up to date (nothing changed since init wrote them)")
        return 0
    if not args.yes and sys.stdin.isatty() and not confirm("Write pyproject.toml and the kind files?"):
        print("runlog: nothing written", file=sys.stderr)
        return 1
    for name, body in files.items():
        try:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create folder: {exc.strerror or exc}", str((root / name).parent)) from None
        write_text_atomic(root / name, body)
    write_text_atomic(pyproject, new_text)
    try:
        load_config(pyproject, root)
    except ConfigError as exc:  # pragma: no cover - a bug in what init writes
        write_text_atomic(pyproject, text)
        raise ConfigError(f"the configuration init wrote does not load, restored: {exc.message}", str(pyproject), exc.line) from None
    print(f"Wrote [tool.runlog] in pyproject.toml and {plural(len(files), 'kind file')} under {KINDS_FOLDER}/ (source: {SOURCE}). "
          + where_to_check(root, "pyproject.toml"))
    if args.baseline:
        count = write_baseline(root, pyproject)
        print(f"Recorded {plural(count, 'finding')} in {BASELINE_FILE}; runlog check now fails only on new ones.")
    return 0
