"""``runlog fix``: recompute the Total Tokens and Estimated Cost cells of run logs in place.

The fix works on the file's own text, line by line, and replaces only the number inside a
wrong cell (``| Total Tokens | **15,000** |`` becomes ``| Total Tokens | **15,001** |``):
padding, markup, currency sign, thousands separators, BOM, line endings (LF, CRLF, CR),
trailing newline and file mode stay as they were. The footnote's rates are corrected only
when asked (``--fix-rates``), from the price table at the log's date; the cost is then
recomputed with the corrected rates, so a second run changes nothing.

Rules of the arithmetic are those of RL301 (Total = Input + Output + cache rows) and RL302
(cost = sum of tokens x rate / 1,000,000, rounded half up to the declared decimals).
Approximate or abbreviated figures are never used or rewritten.

Writes are atomic (:mod:`hooks.io.atomic`); a symlink is never written. The command follows the
pre-commit convention: it prints ``Fixing <path>`` for each file it rewrites and exits 1 when
it changed something, 0 when nothing needed fixing, 2 when a file could not be fixed.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from hooks.commands._common import load
from hooks.engine.discovery import select_targets
from hooks.errors import InputError
from hooks.io.atomic import write_bytes_atomic
from hooks.io.text import DEFAULT_MAX_BYTES, read_log
from hooks.kinds.kind import Kind
from hooks.model.document import parse
from hooks.model.prices import PriceTable, table_option
from hooks.model.token_usage import (
    NUMBER_IN_CELL,
    TokenRow,
    TokenUsage,
    declared_decimals,
    expected_cost,
    format_cost,
    format_count,
    format_rate,
    match_price,
    parse_amount,
    unpriced,
    usage_of,
)

_BOM = b"\xef\xbb\xbf"
_BREAK = re.compile(r"(\r\n|\r|\n)")


@dataclass(frozen=True)
class Edit:
    """One replacement inside one line.

    Attributes:
        line: 1-based line.
        start: 0-based column where the replaced text starts.
        end: 0-based column where it ends (exclusive).
        old: the text replaced.
        new: the replacement.
        what: ``total``, ``cost`` or ``rate:<metric>``.
    """

    line: int
    start: int
    end: int
    old: str
    new: str
    what: str


@dataclass(frozen=True)
class FixResult:
    """The outcome of fixing one file's content.

    Attributes:
        original: the bytes read.
        data: the bytes to write (equal to ``original`` when nothing changed).
        edits: the replacements made, in line order.
    """

    original: bytes
    data: bytes
    edits: tuple[Edit, ...]

    @property
    def changed(self) -> bool:
        """Whether the fix changes the file."""
        return self.data != self.original

    def diff(self, display: str) -> str:
        """A unified diff of the change (``--- a/<path>`` / ``+++ b/<path>``)."""
        before = _keep_ends(self.original.decode("utf-8-sig"))
        after = _keep_ends(self.data.decode("utf-8-sig"))
        lines = difflib.unified_diff(before, after, f"a/{display}", f"b/{display}")
        return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """Split ``text`` into line contents and their line ends (``"\\r\\n"``, ``"\\n"``, ``"\\r"``
    or ``""`` for the last line), numbered as :func:`hooks.model.document.parse` numbers them."""
    pieces = _BREAK.split(text)
    return pieces[0::2], pieces[1::2] + [""]


def _keep_ends(text: str) -> list[str]:
    contents, ends = split_lines(text)
    return [c + e for c, e in zip(contents, ends, strict=True) if c + e]


def cell_span(line: str, index: int) -> tuple[int, int] | None:
    """0-based (start, end) columns of cell ``index`` of a table row's source line, between
    unescaped pipes; ``None`` when the row has fewer cells."""
    pipes = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    stripped = line.strip()
    bounds = list(pipes)
    if not stripped.startswith("|"):
        bounds.insert(0, len(line) - len(line.lstrip()) - 1)
    if not stripped.endswith("|") or (stripped.endswith("\\|")):
        bounds.append(len(line.rstrip()))
    if index + 1 >= len(bounds):
        return None
    return bounds[index] + 1, bounds[index + 1]


def _number_edit(lines: list[str], row: TokenRow, new_value: str, what: str) -> Edit | None:
    """An edit replacing the number in ``row``'s second cell, or ``None`` when the cell is not
    plainly one number (then it is left alone)."""
    line = lines[row.line - 1]
    span = cell_span(line, 1)
    if span is None or line[span[0] : span[1]].strip() != row.cell:
        return None
    matches = list(NUMBER_IN_CELL.finditer(line, span[0], span[1]))
    if len(matches) != 1:
        return None
    match = matches[0]
    if match.group() == new_value:
        return None
    return Edit(row.line, match.start(), match.end(), match.group(), new_value, what)


def _grouped(cell: str, parts: list[TokenRow]) -> bool:
    """Whether a rewritten count should carry thousands separators: as the cell did; when the
    cell's number is too small to tell (under 1,000), as the part rows do."""
    number = NUMBER_IN_CELL.search(cell)
    if number is None:
        return False
    if "," in number.group():
        return True
    if Decimal(number.group()) >= 1000:
        return False
    return any("," in p.cell for p in parts)


def plan_edits(usage: TokenUsage, lines: list[str], rates: Mapping[str, Decimal] | None, decimals: int) -> list[Edit]:
    """The edits of the Total and Estimated Cost cells for ``usage`` (rates already corrected)."""
    edits: list[Edit] = []
    counts = usage.exact_counts()
    parts = usage.parts()
    total = usage.rows.get("total")
    if total is not None and total.amount is not None and total.amount.exact and counts and parts:
        expected = sum(counts.values(), Decimal(0))
        if total.amount.value != expected:
            edit = _number_edit(lines, total, format_count(expected, _grouped(total.cell, parts)), "total")
            edits.extend([edit] if edit else [])
    cost = usage.rows.get("cost")
    if cost is None or cost.amount is None or not cost.amount.exact or counts is None or not rates or unpriced(counts, rates):
        return edits
    places = max(cost.amount.decimals, decimals)
    expected_text = format_cost(expected_cost(counts, rates), places, grouped="," in cost.cell)
    new_amount = parse_amount(expected_text)
    if new_amount is not None and new_amount.value != cost.amount.value:
        edit = _number_edit(lines, cost, expected_text, "cost")
        edits.extend([edit] if edit else [])
    return edits


def fix_text(
    text: str,
    display: str,
    kind_options: Mapping[str, Any],
    table: PriceTable,
    fix_rates: bool = False,
    options: Mapping[str, Any] | None = None,
) -> tuple[str, list[Edit]]:
    """Fix the token usage of one decoded log (no BOM); return the new text and the edits.

    Args:
        text: the log, line ends as in the file.
        display: the path shown in messages (also a source of the log's date).
        kind_options: the kind's options (``token-usage-section``).
        table: the price table, used only with ``fix_rates``.
        fix_rates: also correct the footnote's rates from ``table``.
        options: RL302's options (``decimals``).
    """
    doc = parse(display, text)
    usage = usage_of(doc, kind_options)
    if usage is None:
        return text, []
    lines, ends = split_lines(text)
    edits: list[Edit] = []
    rates = dict(usage.footnote.rates) if usage.footnote is not None else None
    if fix_rates and usage.footnote is not None and rates:
        row = match_price(doc, usage, table).row
        if row is not None:
            for metric, rate in list(rates.items()):
                if metric in row.rates and row.rates[metric] != rate:
                    start, end = usage.footnote.spans[metric]
                    line = lines[usage.footnote.line - 1]
                    edits.append(Edit(usage.footnote.line, start, end, line[start:end], format_rate(row.rates[metric]), f"rate:{metric}"))
                    rates[metric] = row.rates[metric]
    edits.extend(plan_edits(usage, lines, rates, declared_decimals(usage, options or {})))
    for edit in sorted(edits, key=lambda e: (e.line, -e.start)):
        line = lines[edit.line - 1]
        lines[edit.line - 1] = line[: edit.start] + edit.new + line[edit.end :]
    new_text = "".join(content + end for content, end in zip(lines, ends, strict=True))
    return new_text, sorted(edits, key=lambda e: (e.line, e.start))


def fix_bytes(
    data: bytes,
    display: str,
    kind_options: Mapping[str, Any],
    table: PriceTable,
    fix_rates: bool = False,
    options: Mapping[str, Any] | None = None,
) -> FixResult:
    """:func:`fix_text` on a file's bytes: UTF-8 with or without BOM, kept as found.

    Raises:
        InputError: the bytes are not UTF-8 text (such files are never rewritten).
    """
    bom = data.startswith(_BOM)
    body = data[len(_BOM) :] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text; left unchanged", display) from None
    new_text, edits = fix_text(text, display, kind_options, table, fix_rates, options)
    if not edits:
        return FixResult(data, data, ())
    return FixResult(data, (_BOM if bom else b"") + new_text.encode("utf-8"), tuple(edits))


def fixable(kind: Kind) -> bool:
    """Whether files of ``kind`` carry a token usage table (markdown with ``token-usage-section``)."""
    return kind.file_format == "markdown" and (kind.name == "run-log" or "token-usage-section" in kind.options)


def fix_file(path: Path, display: str, kind: Kind, table: PriceTable, fix_rates: bool, options: Mapping[str, Any], max_bytes: int = DEFAULT_MAX_BYTES) -> FixResult | None:
    """Compute the fix of one file (nothing is written); ``None`` when the file is unusable
    (binary, empty, too large: ``runlog check`` reports those).

    Raises:
        InputError: the file cannot be read, or is not UTF-8.
    """
    decoded = read_log(path, max_bytes)
    if decoded.problem == "encoding":
        raise InputError("not UTF-8 text; left unchanged", display)
    if decoded.problem is not None:
        return None
    data = path.read_bytes()
    return fix_bytes(data, display, kind.options, table, fix_rates, options)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog fix``."""
    parser.add_argument("paths", nargs="*", default=["."], help="run logs or folders (default: .)")
    parser.add_argument("--fix-rates", action="store_true", help="also correct the footnote's rates from the price table")
    parser.add_argument("--diff", action="store_true", help="print the changes as a unified diff instead of writing them")


def run(args: argparse.Namespace) -> int:
    """``runlog fix``: fix files in place; 1 when something was (or, with ``--diff``, would
    be) changed, 0 when nothing needed fixing, 2 when a file could not be fixed."""

    config = load(args)
    table = table_option(config.rule_options.get("RL304", {}))
    options = config.rule_options.get("RL302", {})
    status = 0
    for target in select_targets(args.paths, config, Path.cwd()):
        if not fixable(target.kind):
            continue
        try:
            result = fix_file(target.absolute, target.display, target.kind, table, args.fix_rates, options, config.max_file_bytes)
        except InputError as exc:
            print(f"runlog: {target.display}: {exc.message}", file=sys.stderr)
            status = 2
            continue
        if result is None or not result.changed:
            continue
        if args.diff:
            sys.stdout.write(result.diff(target.display))
            status = max(status, 1)
            continue
        if target.symlink or target.absolute.is_symlink():
            print(f"runlog: {target.display}: refusing to fix through a symlink", file=sys.stderr)
            status = 2
            continue
        try:
            write_bytes_atomic(target.absolute, result.data)
        except InputError as exc:
            print(f"runlog: {target.display}: {exc.message}", file=sys.stderr)
            status = 2
            continue
        except OSError as exc:
            print(f"runlog: {target.display}: cannot write: {exc.strerror or exc}; the file is unchanged", file=sys.stderr)
            status = 2
            continue
        print(f"Fixing {target.display}")
        status = max(status, 1)
    return status
