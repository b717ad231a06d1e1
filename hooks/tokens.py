"""Token usage tables: exact parsing of counts, costs and the footnote's rates.

The table is the ``## Token Usage`` section of run-log-template.md::

    | Metric | Count |
    |--------|-------|
    | Input Tokens | X,XXX |
    | Output Tokens | X,XXX |
    | Total Tokens | X,XXX |
    | Estimated Cost | $X.XX |

    *Cost calculated at: Input $15/1M, Output $75/1M (Claude Opus 4.5)*

All arithmetic uses :class:`decimal.Decimal`, never float. Counts may carry thousands
separators (``12,345``) and a ``~`` marking an approximation. Rates are USD per million
tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from hooks.document import Document, Section, plain

#: Row names (case-folded) and the metric they carry. Cache rows are optional.
ROW_NAMES = {
    "input tokens": "input",
    "input": "input",
    "output tokens": "output",
    "output": "output",
    "cache read tokens": "cache_read",
    "cache read": "cache_read",
    "cache write tokens": "cache_write",
    "cache write": "cache_write",
    "cache creation tokens": "cache_write",
    "total tokens": "total",
    "total": "total",
    "estimated cost": "cost",
    "cost": "cost",
}
#: The rows run-log-template.md requires.
REQUIRED_ROWS = ("input", "output", "total", "cost")

_NUMBER = re.compile(r"^(?P<approx>~|≈|about\s+)?\s*(?P<currency>\$|USD\s*)?\s*(?P<number>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<suffix>[kKmM])?\s*(?:USD|tokens)?$")
_RATE = re.compile(
    r"(?P<name>input|output|cache[ _-]?read|cache[ _-]?write|cache[ _-]?creation)\s*:?\s*\$\s*(?P<rate>\d+(?:\.\d+)?)\s*(?:/|per)\s*(?:1\s*M|1,000,000|million|MTok|M)",
    re.I,
)
_FOOTNOTE = re.compile(r"cost\s+calculated\s+at", re.I)
_MODEL = re.compile(r"\(([^()]+)\)\s*\*?\s*$")


@dataclass(frozen=True)
class Amount:
    """A parsed number from a table cell.

    Attributes:
        value: the exact value (``Decimal``); for costs, in USD.
        approximate: written with ``~``, ``≈`` or "about".
        raw: the cell as written.
        decimals: digits after the point as written (for a cost's declared rounding).
    """

    value: Decimal
    approximate: bool
    raw: str
    decimals: int


@dataclass(frozen=True)
class TokenRow:
    """One row of the token table: metric name (see :data:`ROW_NAMES`), amount, 1-based line."""

    metric: str
    label: str
    amount: Amount | None
    line: int
    cell: str


@dataclass(frozen=True)
class Footnote:
    """The ``*Cost calculated at: ...*`` line.

    Attributes:
        rates: metric name to USD per million tokens.
        model: the model named in parentheses, or ``None``.
        line: 1-based line.
        text: the line as written.
    """

    rates: dict[str, Decimal]
    model: str | None
    line: int
    text: str


@dataclass(frozen=True)
class TokenUsage:
    """A document's token usage section.

    Attributes:
        section: the section.
        rows: metric name to row (first occurrence).
        table_line: 1-based line of the table header, 0 if there is no table.
        footnote: the rates footnote, if any.
    """

    section: Section
    rows: dict[str, TokenRow]
    table_line: int
    footnote: Footnote | None


def parse_amount(cell: str) -> Amount | None:
    """Parse ``12,345``, ``~1,200``, ``$0.42``, ``1.2k`` into an :class:`Amount`; ``None`` if not a number."""
    text = plain(cell)
    match = _NUMBER.match(text)
    if not match:
        return None
    number = match.group("number").replace(",", "")
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    suffix = (match.group("suffix") or "").lower()
    if suffix == "k":
        value *= 1000
    elif suffix == "m":
        value *= 1_000_000
    decimals = len(number.split(".")[1]) if "." in number else 0
    return Amount(value, bool(match.group("approx")), cell, decimals)


def parse_footnote(text: str, line: int) -> Footnote | None:
    """Parse a rates footnote line; ``None`` when the line is not one."""
    if not _FOOTNOTE.search(text):
        return None
    rates: dict[str, Decimal] = {}
    for match in _RATE.finditer(text):
        name = re.sub(r"[ _-]", "_", match.group("name").lower()).replace("cache_creation", "cache_write")
        rates[name] = Decimal(match.group("rate"))
    model_match = _MODEL.search(text.strip().strip("*_ "))
    model = model_match.group(1).strip() if model_match else None
    return Footnote(rates, model, line, text)


def find_token_usage(doc: Document, title: str = "Token Usage") -> TokenUsage | None:
    """Locate and parse the token usage section of ``doc``; ``None`` when there is none."""
    wanted = title.casefold()
    section = next((s for s in doc.sections if s.level >= 2 and plain(s.title).casefold() == wanted), None)
    if section is None:
        return None
    tables = doc.tables_in(section)
    rows: dict[str, TokenRow] = {}
    table_line = 0
    if tables:
        table = tables[0]
        table_line = table.line
        for row in table.rows:
            if not row.cells:
                continue
            label = plain(row.cells[0])
            metric = ROW_NAMES.get(label.casefold())
            if metric is None or metric in rows:
                continue
            cell = row.cells[1] if len(row.cells) > 1 else ""
            rows[metric] = TokenRow(metric, label, parse_amount(cell), row.line, cell)
    footnote = None
    for number in range(section.line + 1, section.end_line + 1):
        if doc.in_fence(number):
            continue
        footnote = parse_footnote(doc.lines[number - 1], number)
        if footnote:
            break
    return TokenUsage(section, rows, table_line, footnote)


def expected_cost(counts: dict[str, Decimal], rates: dict[str, Decimal]) -> Decimal:
    """Sum of tokens x rate / 1,000,000 over the metrics that have a rate (exact, unrounded)."""
    total = Decimal(0)
    for metric, count in counts.items():
        rate = rates.get(metric)
        if rate is not None:
            total += count * rate / Decimal(1_000_000)
    return total


def round_cost(value: Decimal, decimals: int = 2) -> Decimal:
    """Round half up to ``decimals`` places, as a person writing ``$X.XX`` would."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
