"""``runlog new KIND``: write a new log from a kind, one that passes its own check.

The log is built from the kind alone: the title from ``title-example`` (its ``[...]``
placeholder filled with the mode or id), every header field with a valid value (the field's
``example``, else the first enumeration value, else a value of its grammar for the start
time), every section in template order with its fields, its table (``columns`` and the
``rows`` the kind lists) or its first allowed value. The file name is the kind's
``filename-example`` with the date, time, mode or id, and N replaced; N is one more than the
highest N of the same date and mode already in the folder. Before writing, the text is
checked with every per-file rule in force; a kind that cannot produce a clean log is a
configuration error. The write is atomic and never replaces a file: if the name is taken
meanwhile, the next N is tried.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hooks.commands._common import load
from hooks.config.loader import Config
from hooks.engine.discovery import SKIP_DIRS, repository_root
from hooks.engine.folders import skipped_folder
from hooks.errors import ConfigError, InputError, UsageError, safe
from hooks.kinds.kind import FieldSpec, Kind, glob_match
from hooks.model.document import parse
from hooks.rules.base import Context
from hooks.rules.ruleset import RULES

#: What ``runlog new`` writes where a field or section takes free text.
TO_FILL = "(to be filled in)"
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
_ATTEMPTS = 50


@dataclass(frozen=True)
class NewLog:
    """A log to write.

    Attributes:
        name: the file's base name.
        text: the log's markdown.
    """

    name: str
    text: str


def field_value(spec: FieldSpec, now: dt.datetime) -> str:
    """A value of ``spec`` valid for a log started at ``now`` (see module doc)."""
    if spec.example is not None:
        return spec.example
    if spec.enum:
        return spec.enum[0]
    return {
        "date": now.strftime("%Y-%m-%d"),
        "time": now.strftime("%H:%M"),
        "datetime-minute": now.strftime("%Y-%m-%d %H:%M"),
        "iso8601": now.astimezone().isoformat(timespec="seconds"),
        "integer": "0",
        "yes-no": "No",
    }.get(spec.grammar, TO_FILL)


def _display(slug: str) -> str:
    return " ".join(w.capitalize() for w in re.split(r"[-_]+", slug) if w) or slug


def _literal(pattern: re.Pattern[str] | None) -> str | None:
    """The text a pattern matches when it is a plain (escaped) literal, else ``None``."""
    if pattern is None:
        return None
    text = pattern.pattern.replace("\\ ", " ")
    return None if re.search(r"(?<!\\)[.^$*+?{}\[\]|()]|\\[a-zA-Z]", text) else re.sub(r"\\(.)", r"\1", text)


def _fill(placeholder: str, now: dt.datetime, slug: str | None, n: int | None) -> str:
    """A title placeholder's value: ``[Date]`` the day, ``[N]`` the number, ``[TASK-ID]`` the
    slug as given, ``[Mode Name]`` the slug as words."""
    inner = placeholder[1:-1].strip()
    if inner.casefold() in {"date", "yyyy-mm-dd"}:
        return now.strftime("%Y-%m-%d")
    if inner in {"N", "n", "#"}:
        return str(n) if n is not None else "1"
    if not slug:
        return TO_FILL
    return slug if inner.isupper() else _display(slug)


def render(kind: Kind, now: dt.datetime, slug: str | None, n: int | None = None) -> str:
    """The markdown of a new log of ``kind`` started at ``now``.

    ``slug`` (the mode or id) and ``n`` (the file's number) fill the title's placeholders.
    """
    title = kind.title_example.lstrip("#").strip() or kind.name.replace("-", " ").title()
    title = _PLACEHOLDER.sub(lambda m: _fill(m.group(), now, slug, n), title)
    lines = [f"# {title}"]
    in_sections: dict[str, list[FieldSpec]] = {}
    for spec in kind.fields:
        if spec.section is None:
            lines.append(f"**{spec.name}:** {field_value(spec, now)}")
        else:
            heading = _literal(spec.section)
            if heading is None:
                raise ConfigError(f"kind {kind.name!r}: field {spec.name!r} lives in a section runlog new cannot name", kind.origin)
            in_sections.setdefault(heading, []).append(spec)
    for heading, specs in in_sections.items():
        lines += ["", f"## {heading}", *(f"- **{s.name}:** {field_value(s, now)}" for s in specs)]
    for section in kind.sections:
        lines += ["", "---", "", f"{'#' * section.level} {section.example or section.title}"]
        body = [f"**{f.name}:** {field_value(f, now)}" for f in section.fields]
        if section.columns:
            body += [""] if body else []
            body += ["| " + " | ".join(section.columns) + " |", "|" + "|".join("---" for _ in section.columns) + "|"]
            body += ["| " + " | ".join(row) + " |" for row in section.rows]
            body += ["", section.footer] if section.footer else []
        if section.value_enum:
            body.append(section.value_enum[0])
        lines += body or [TO_FILL]
    return "\n".join(lines) + "\n"


def file_names(kind: Kind, now: dt.datetime, slug: str | None, folder: Path) -> list[tuple[str, int | None]]:
    """Candidate names for a new log with their N, best first (the next N, then the ones after it).

    Raises:
        ConfigError: the kind has no ``filename`` pattern or no example that matches it.
        UsageError: the name has a mode or id and ``slug`` is ``None``.
    """
    if kind.filename is None or not kind.filename_example:
        raise ConfigError(f"kind {kind.name!r} has no 'filename' and 'filename-example' to name a new log", kind.origin)
    example = kind.filename.fullmatch(kind.filename_example)
    if example is None:
        raise ConfigError(f"kind {kind.name!r}: filename-example {kind.filename_example!r} does not match 'filename'", kind.origin)
    groups = example.groupdict()
    named = [g for g in groups if g not in {"date", "time", "n"}]
    if named and not slug:
        raise UsageError(f"kind {kind.name!r} names files by {named[0]}: give --mode (e.g. {groups[named[0]]})")
    values = _values(groups, {"date": now.strftime("%Y-%m-%d"), "time": now.strftime("%H-%M")}, slug)
    if "n" in groups:
        first = 1 + _highest_n(kind, folder, {k: v for k, v in values.items() if k != "time"})
        return [(_substitute(kind.filename_example, example, values, n), n) for n in range(first, first + _ATTEMPTS)]
    name = _substitute(kind.filename_example, example, values, None)
    stem = name[: -len(".md")] if name.endswith(".md") else name
    numbered: list[tuple[str, int | None]] = [(f"{stem}-{n}.md", None) for n in range(2, _ATTEMPTS + 1)]
    return [(name, None), *numbered]


def _values(groups: dict[str, str | None], fixed: dict[str, str], slug: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for group, value in groups.items():
        if group in fixed:
            out[group] = fixed[group]
        elif group != "n":
            out[group] = slug or value or "log"
    return out


def _substitute(kind_example: str, match: re.Match[str], values: dict[str, str], n: int | None) -> str:
    pieces: list[str] = []
    position = 0
    spans = sorted((match.span(g), g) for g in match.groupdict() if match.span(g) != (-1, -1))
    for (start, end), group in spans:
        if start < position:
            continue
        pieces.append(kind_example[position:start])
        pieces.append(str(n) if group == "n" and n is not None else values.get(group, kind_example[start:end]))
        position = end
    pieces.append(kind_example[position:])
    return "".join(pieces)


def _highest_n(kind: Kind, folder: Path, same: dict[str, str]) -> int:
    """The highest N among names in ``folder`` matching the kind with the same date and mode."""
    highest = 0
    if kind.filename is None or not folder.is_dir():
        return 0
    for entry in folder.iterdir():
        match = kind.filename.fullmatch(entry.name)
        if match and all(match.groupdict().get(k) == v for k, v in same.items()) and (match.group("n") or "").isdigit():
            highest = max(highest, int(match.group("n")))
    return highest


def self_check(kind: Kind, config: Config, name: str, text: str, file: Path, today: dt.date) -> list[str]:
    """Findings of every per-file rule in force on ``text`` named ``name``, as ``CODE line: message``."""
    document = parse(name, text)
    out = []
    for rule in RULES:
        if rule.check is None or config.severity(rule.code) is None or not rule.applies_to(kind):
            continue
        context = Context(kind, config.rule_options.get(rule.code, {}), file.parent, file, today)
        out += [f"{rule.code} line {p.line}: {p.message}" for p in rule.check(document, context)]
    return out


def _create_exclusive(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically unless ``path`` exists; ``False`` when it does."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)  # fails if path exists: never replaces a file
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def write_new_log(kind: Kind, config: Config, folder: Path, now: dt.datetime, slug: str | None) -> Path:
    """Write a new log of ``kind`` in ``folder`` and return its path.

    Raises:
        UsageError: ``slug`` is not a valid mode or id for the kind's file name.
        ConfigError: the kind cannot name or produce a log that passes its own check.
        InputError: the folder cannot be created or written, or no free name was found.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create folder: {exc.strerror or exc}", str(folder)) from None
    for name, number in file_names(kind, now, slug, folder):
        text = render(kind, now, slug, number)
        if kind.filename is not None and not kind.filename.fullmatch(name):
            raise UsageError(f"{name!r} does not follow the {kind.name} naming convention (check --mode)")
        problems = self_check(kind, config, name, text, folder / name, now.date())
        if problems:
            raise ConfigError(f"kind {kind.name!r} cannot produce a log that passes its own check: {problems[0]}", kind.origin or None)
        path = folder / name
        try:
            created = _create_exclusive(path, text)
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
        if created:
            return path
    raise InputError(f"no free file name after {_ATTEMPTS} attempts", str(folder))


def existing_folder(kind: Kind, cwd: Path, root: Path) -> Path | None:
    """The folder under ``cwd`` holding the most files of ``kind`` (paths relative to the
    configuration's folder ``root``, as check classifies them), or ``None`` when there is
    none. Ties go to the shallower folder. Folders check never walks are skipped."""
    counts: dict[Path, int] = {}
    for current, dirs, files in os.walk(cwd, followlinks=False):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and skipped_folder(here / d) is None and not (here / d).is_symlink())
        for name in files:
            absolute = here / name
            try:
                relative = absolute.relative_to(root).as_posix()
            except ValueError:
                relative = absolute.as_posix()
            if kind.matches(relative) or kind.matches(absolute.as_posix()):
                counts[here] = counts.get(here, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda folder: (counts[folder], -len(folder.parts)))


def default_folder(kind: Kind, cwd: Path, root: Path | None = None) -> Path:
    """The folder a new log of ``kind`` goes in: the folder under ``cwd`` that already holds
    most of its logs (at a repository's top, ``training/run-logs/`` rather than a new
    ``run-logs/``); else the folder the kind's first path glob names: ``**/run-logs/*.md``
    -> ``cwd/run-logs``, ``lab-notes/*.md`` -> ``root/lab-notes`` (``root``: the
    configuration's folder, default ``cwd``).

    Raises:
        UsageError: no log exists yet and the glob's folder has a wildcard
            (``logs/*/*.md``): ``--dir`` must say which.
    """
    base = root or cwd
    found = existing_folder(kind, cwd, base)
    if found is not None:
        return found
    for pattern in kind.paths:
        parts = pattern.lstrip("/").split("/")[:-1]
        if not parts:
            return base
        leading = parts[0] == "**"
        literal = parts[1:] if leading else parts
        if any(ch in "".join(literal) for ch in "*?["):
            raise UsageError(f"kind {kind.name!r} keeps its logs in {pattern!r}, a folder with a wildcard: give --dir")
        return (cwd if leading else base).joinpath(*literal)
    return cwd


def matches_paths(kind: Kind, path: Path, root: Path) -> bool:
    """Whether ``path`` (relative to ``root`` when inside it) is one the kind applies to."""
    try:
        posix = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        posix = path.resolve().as_posix()
    return kind.matches(posix) or any(glob_match(p, path.resolve().as_posix()) for p in kind.paths)


def parse_now(text: str | None) -> dt.datetime:
    """``--now`` (``YYYY-MM-DD HH:MM`` or ISO 8601) as a datetime; the clock when ``None``.

    Raises:
        UsageError: the text is not a date and time.
    """
    if text is None:
        return dt.datetime.now().replace(second=0, microsecond=0)
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--now {text!r} is not a date and time (YYYY-MM-DD HH:MM)") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog new``."""
    parser.add_argument("kind", help="the kind of log to write (run-log, session-summary, execution-log, ...)")
    parser.add_argument("--dir", metavar="DIR", help="folder to write in (default: the folder the kind's paths name, e.g. run-logs/)")
    parser.add_argument("--mode", metavar="SLUG", help="the mode (or task / exception id) in the file name, e.g. review-tagged")
    parser.add_argument("--now", metavar="'YYYY-MM-DD HH:MM'", help="start time to write (default: the clock)")


def _refuse_symlink_escape(folder: Path, cwd: Path) -> None:
    """Refuse a folder inside the repository (by its path) that a symlink leads out of it.

    Raises:
        InputError: the folder resolves outside the repository holding ``cwd``.
    """

    top = repository_root(cwd) or cwd
    lexical = Path(os.path.abspath(folder))
    if lexical != top and top not in lexical.parents:
        return  # a folder named outside on purpose (--dir /elsewhere)
    resolved, real_top = folder.resolve(), top.resolve()
    if resolved != real_top and real_top not in resolved.parents:
        raise InputError("refusing to write through a symlink that leads out of the repository", os.path.relpath(folder, cwd))


def _refuse_unknown_mode(kind: Kind, mode: str | None) -> None:
    """Refuse a ``--mode`` the kind does not know, when its file names carry a mode and it
    lists its ``modes`` (rule RL113 would flag the new log).

    Raises:
        UsageError: the mode is not one of the kind's ``modes``.
    """
    modes = kind.options.get("modes")
    if mode is None or kind.filename is None or "mode" not in kind.filename.groupindex or not isinstance(modes, list) or not modes:
        return
    known = [str(m) for m in modes]
    if mode.casefold() not in {m.casefold() for m in known}:
        import difflib  # noqa: PLC0415

        close = difflib.get_close_matches(mode, known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise UsageError(f"kind {kind.name!r} does not know the mode {mode!r}: {hint}known: {', '.join(known)} (add it to the kind's 'modes')")


def run(args: argparse.Namespace) -> int:
    """``runlog new``: write a new log of a kind and print its path.

    Raises:
        UsageError: unknown kind, bad ``--now`` or ``--mode``.
    """

    config = load(args)
    kind = next((k for k in config.kinds if k.name == args.kind), None)
    if kind is None:
        known = ", ".join(k.name for k in config.kinds if k.file_format == "markdown")
        raise UsageError(f"unknown kind {args.kind!r} (markdown kinds: {known})")
    if kind.file_format != "markdown":
        raise UsageError(f"kind {kind.name!r} is not a markdown log; runlog new writes markdown logs only")
    cwd = Path.cwd()
    folder = (cwd / args.dir) if args.dir else default_folder(kind, cwd, config.root)
    _refuse_symlink_escape(folder, cwd)
    _refuse_unknown_mode(kind, args.mode)
    path = write_new_log(kind, config, folder, parse_now(args.now), args.mode)
    shown = safe(os.path.relpath(path, cwd), 1 << 16)
    print(shown)
    if not matches_paths(kind, path, config.root):
        print(f"runlog: note: {shown} is outside the paths of kind {kind.name!r} ({', '.join(kind.paths)}), so check will not see it", file=sys.stderr)
    return 0


