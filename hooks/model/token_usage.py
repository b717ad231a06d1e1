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
separators (``12,345``, grouped by three), a ``~``/``≈``/"about" marking an approximation, or
a ``k``/``M`` abbreviation; costs may carry ``$``, ``US$`` or ``USD``. Rates are USD per
million tokens. The footnote may declare the cost's rounding ("rounded to 4 decimals");
otherwise two decimals are assumed (``$X.XX`` in the template).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from pathlib import PurePosixPath
from typing import Any

from hooks.model.document import Document, Section, plain
from hooks.model.prices import PriceRow, PriceTable

#: Row names (case-folded) and the metric they carry. Cache rows are optional.
ROW_NAMES = {
    "input tokens": "input",
    "input": "input",
    "output tokens": "output",
    "output": "output",
    "cache read tokens": "cache_read",
    "cache read": "cache_read",
    "cache hit tokens": "cache_read",
    "cached input tokens": "cache_read",
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
#: The rows that add up to the total, in table order (run-log-template.md plus cache rows).
PARTS = ("input", "output", "cache_read", "cache_write")
#: Readable names of the metrics, for messages and the footnote.
LABELS = {
    "input": "Input Tokens",
    "output": "Output Tokens",
    "cache_read": "Cache Read Tokens",
    "cache_write": "Cache Write Tokens",
    "total": "Total Tokens",
    "cost": "Estimated Cost",
}
#: How footnotes name each rate.
RATE_LABELS = {"input": "Input", "output": "Output", "cache_read": "Cache read", "cache_write": "Cache write"}
#: Decimals of a cost when nothing else is declared ($X.XX in run-log-template.md).
DEFAULT_DECIMALS = 2

_INTEGER = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_NUMBER = re.compile(
    r"^(?P<approx>~|≈|about\s+|approx\.?\s+|approximately\s+)?\s*"
    r"(?P<currency>\$|US\$|USD\s*)?\s*"
    rf"(?P<number>{_INTEGER}(?:\.\d+)?|\.\d+)\s*"
    r"(?P<suffix>[kKmM])?\s*(?P<unit>USD|tokens)?$",
    re.I,
)
#: The number inside a cell, for in-place edits (first match in the raw cell).
NUMBER_IN_CELL = re.compile(rf"{_INTEGER}(?:\.\d+)?|\.\d+")
_RATE = re.compile(
    r"(?P<name>input|output|cache[ _-]?reads?|cache[ _-]?hits?|cached[ _-]?input|cache[ _-]?writes?|cache[ _-]?creation)"
    r"(?:\s+tokens)?\s*:?\s*(?:US)?\$\s*(?P<rate>\d+(?:\.\d+)?)\s*(?:/|per)\s*(?:1\s*M\b|1,000,000|million|MTok|M\b)",
    re.I,
)
_FOOTNOTE = re.compile(r"cost\s+calculated\s+at", re.I)
_MODEL = re.compile(r"\(([^()]+)\)\s*\*?\s*$")
_ROUNDING = re.compile(r"round(?:ed|ing)?\s+(?:half\s+up\s+)?to\s+(?P<n>\d+)\s+decimal|(?P<cent>nearest\s+cent)", re.I)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Amount:
    """A parsed number from a table cell.

    Attributes:
        value: the exact value (``Decimal``); for costs, in USD; ``k``/``M`` applied.
        approximate: written with ``~``, ``≈``, "about" or "approx.".
        raw: the cell as written.
        decimals: digits after the point as written (for a cost's rounding).
        currency: ``"USD"`` when written with ``$``, ``US$`` or ``USD``, else ``None``.
        abbreviated: written with a ``k`` or ``M`` suffix (``12k``), hence rounded.
    """

    value: Decimal
    approximate: bool
    raw: str
    decimals: int
    currency: str | None = None
    abbreviated: bool = False

    @property
    def exact(self) -> bool:
        """Neither approximate nor abbreviated: usable in exact arithmetic."""
        return not self.approximate and not self.abbreviated


@dataclass(frozen=True)
class TokenRow:
    """One row of the token table.

    Attributes:
        metric: metric name (see :data:`ROW_NAMES`).
        label: the row's first cell, plain.
        amount: the parsed second cell, ``None`` when it is not a number.
        line: 1-based line.
        cell: the second cell as markdown-it gives it (stripped).
    """

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
        spans: metric name to the 0-based (start, end) columns of its rate's number in ``text``.
        decimals: the cost's declared rounding ("rounded to 4 decimals", "nearest cent"),
            ``None`` when not declared.
    """

    rates: dict[str, Decimal]
    model: str | None
    line: int
    text: str
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    decimals: int | None = None


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

    def amount(self, metric: str) -> Amount | None:
        """The parsed amount of ``metric``'s row, ``None`` when absent or not a number."""
        row = self.rows.get(metric)
        return row.amount if row else None

    def parts(self) -> list[TokenRow]:
        """The rows that add up to the total (:data:`PARTS`) present in the table."""
        return [self.rows[m] for m in PARTS if m in self.rows]

    def exact_counts(self) -> dict[str, Decimal] | None:
        """Metric to count for every part row, or ``None`` when a part row is missing its
        number, approximate or abbreviated (exact arithmetic is then impossible)."""
        counts: dict[str, Decimal] = {}
        for row in self.parts():
            if row.amount is None or not row.amount.exact:
                return None
            counts[row.metric] = row.amount.value
        return counts


#: Longest number (separators left out) read as an amount: with the ``k``/``m`` suffix and a
#: rate, a longer one leaves Decimal's 28-digit context, so sums and rounding would be
#: inexact or raise. No token count or cost has 21 digits.
MAX_NUMBER_CHARS = 20


def parse_amount(cell: str) -> Amount | None:
    """Parse ``12,345``, ``~1,200``, ``$0.42``, ``0.42 USD``, ``1.2k`` into an :class:`Amount`.

    Returns ``None`` when the cell is not one number (``1,2,3`` and ``12,3456`` are not:
    separators must group by three), or a number longer than :data:`MAX_NUMBER_CHARS`.
    """
    text = plain(cell)
    match = _NUMBER.match(text)
    if not match:
        return None
    number = match.group("number").replace(",", "")
    if len(number) > MAX_NUMBER_CHARS:
        return None
    try:
        value = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimal numbers
        return None
    suffix = (match.group("suffix") or "").lower()
    if suffix == "k":
        value *= 1000
    elif suffix == "m":
        value *= 1_000_000
    decimals = len(number.split(".")[1]) if "." in number else 0
    unit = (match.group("unit") or "").upper()
    currency = "USD" if match.group("currency") or unit == "USD" else None
    return Amount(value, bool(match.group("approx")), cell, decimals, currency, bool(suffix))


def _rate_name(raw: str) -> str:
    name = re.sub(r"[ _-]", "_", raw.lower())
    if name.startswith(("cache_read", "cache_hit", "cached")):
        return "cache_read"
    if name.startswith(("cache_write", "cache_creation")):
        return "cache_write"
    return name


def parse_footnote(text: str, line: int) -> Footnote | None:
    """Parse a rates footnote line; ``None`` when the line is not one."""
    if not _FOOTNOTE.search(text):
        return None
    rates: dict[str, Decimal] = {}
    spans: dict[str, tuple[int, int]] = {}
    for match in _RATE.finditer(text):
        name = _rate_name(match.group("name"))
        if name in rates or len(match.group("rate")) > MAX_NUMBER_CHARS:
            continue
        rates[name] = Decimal(match.group("rate"))
        spans[name] = match.span("rate")
    model_match = _MODEL.search(text.strip().strip("*_ "))
    model = model_match.group(1).strip() if model_match else None
    rounding = _ROUNDING.search(text)
    decimals = None
    if rounding:
        decimals = DEFAULT_DECIMALS if rounding.group("cent") else int(rounding.group("n"))
    return Footnote(rates, model, line, text, spans, decimals)


#: :func:`find_token_usage` results of the last few documents, keyed by (``id(doc)``, title).
#: Each entry holds its document, so the id cannot be reused while the entry lives; the token
#: rules (eight per log) then read the table once. Cleared when full.
_USAGE_CACHE: dict[tuple[int, str], tuple[Document, TokenUsage | None]] = {}
_USAGE_CACHE_SIZE = 8


def find_token_usage(doc: Document, title: str = "Token Usage") -> TokenUsage | None:
    """Locate and parse the token usage section of ``doc``; ``None`` when there is none.

    Memoized per document (by identity): documents are immutable, and callers must treat the
    returned :class:`TokenUsage` (its ``rows``, ``rates`` and ``spans`` dicts) as read-only.
    """
    key = (id(doc), title)
    hit = _USAGE_CACHE.get(key)
    if hit is not None and hit[0] is doc:
        return hit[1]
    usage = _read_token_usage(doc, title)
    if len(_USAGE_CACHE) >= _USAGE_CACHE_SIZE:
        _USAGE_CACHE.clear()
    _USAGE_CACHE[key] = (doc, usage)
    return usage


def _read_token_usage(doc: Document, title: str) -> TokenUsage | None:
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


def usage_of(doc: Document, kind_options: Mapping[str, Any]) -> TokenUsage | None:
    """:func:`find_token_usage` with the section title from the kind's ``token-usage-section``."""
    return find_token_usage(doc, str(kind_options.get("token-usage-section", "Token Usage")))


def expected_cost(counts: Mapping[str, Decimal], rates: Mapping[str, Decimal]) -> Decimal:
    """Sum of tokens x rate / 1,000,000 over the metrics that have a rate (exact, unrounded)."""
    total = Decimal(0)
    for metric, count in counts.items():
        rate = rates.get(metric)
        if rate is not None:
            total += count * rate / Decimal(1_000_000)
    return total


def round_cost(value: Decimal, decimals: int = DEFAULT_DECIMALS) -> Decimal:
    """Round half up to ``decimals`` places, as a person writing ``$X.XX`` would.

    The precision follows the value, so a huge one rounds instead of raising InvalidOperation.
    """
    with localcontext() as context:
        context.prec = max(context.prec, value.adjusted() + decimals + 2)
        return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def declared_decimals(usage: TokenUsage, options: Mapping[str, Any]) -> int:
    """The cost's declared rounding: the footnote's ("rounded to N decimals"), else the rule
    option ``decimals``, else :data:`DEFAULT_DECIMALS`."""
    if usage.footnote is not None and usage.footnote.decimals is not None:
        return usage.footnote.decimals
    value = options.get("decimals", DEFAULT_DECIMALS)
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10 else DEFAULT_DECIMALS


def unpriced(counts: Mapping[str, Decimal], rates: Mapping[str, Decimal]) -> list[str]:
    """Metrics with a non-zero count and no rate."""
    return [m for m, count in counts.items() if m not in rates and count != 0]


def log_date(doc: Document) -> dt.date | None:
    """The day of the log: the ``Started`` header field (run-log-template.md), else a
    ``YYYY-MM-DD`` at the start of the file name; ``None`` when neither is a real date."""
    candidates = []
    started = doc.field("Started")
    if started is not None:
        candidates.append(plain(started.value))
    candidates.append(PurePosixPath(doc.path).name)
    for text in candidates:
        match = _DATE.match(text.strip())
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def model_of(doc: Document, usage: TokenUsage | None) -> str | None:
    """The model a log was priced for: the footnote's parenthesis, else a ``Model`` header field."""
    if usage is not None and usage.footnote is not None and usage.footnote.model:
        return usage.footnote.model
    model_field = doc.field("Model")
    return plain(model_field.value) if model_field is not None and plain(model_field.value) else None


def format_count(value: Decimal, grouped: bool) -> str:
    """A whole token count, with thousands separators when ``grouped``."""
    return f"{value:,f}" if grouped else f"{value:f}"


def format_cost(value: Decimal, decimals: int, grouped: bool = False) -> str:
    """A cost rounded half up to ``decimals`` places (exact ``Decimal`` formatting)."""
    rounded = round_cost(value, decimals)
    return f"{rounded:,.{decimals}f}" if grouped else f"{rounded:.{decimals}f}"


def format_rate(value: Decimal) -> str:
    """A rate as a person writes it: whole numbers bare (``5``), others with at least two
    decimals (``0.50``, ``18.75``, ``0.075``)."""
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):f}"
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:.{places}f}"


def describe_rates(rates: Mapping[str, Decimal]) -> str:
    """``Input $5/1M, Output $25/1M`` for messages, in :data:`PARTS` order."""
    return ", ".join(f"{RATE_LABELS[m]} ${format_rate(rates[m])}/1M" for m in PARTS if m in rates)


@dataclass(frozen=True)
class PriceMatch:
    """The price table's view of a log.

    Attributes:
        model: the model the log names (footnote, else ``Model`` field), or ``None``.
        day: the log's day (:func:`log_date`), or ``None``.
        row: the price row in force for ``model`` on ``day`` (the latest when the day is
            unknown), or ``None`` when the model is unnamed, unknown or not yet priced then.
        known: whether the table names ``model`` at all.
    """

    model: str | None
    day: dt.date | None
    row: PriceRow | None
    known: bool


def match_price(doc: Document, usage: TokenUsage | None, table: PriceTable) -> PriceMatch:
    """Look the log's model up in ``table`` at the log's day."""
    model = model_of(doc, usage)
    day = log_date(doc)
    if model is None:
        return PriceMatch(None, day, None, False)
    return PriceMatch(model, day, table.lookup(model, day), table.knows(model))
