"""Token usage and cost totals of run logs by day, mode and model (``runlog stats`` and the site's cost dashboard).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from hooks.engine.discovery import select_targets
from hooks.io.text import read_log
from hooks.kinds.kind import Kind, classify
from hooks.model.document import Document, parse, plain
from hooks.model.prices import PriceTable, shipped_prices, table_option
from hooks.model.token_usage import (
    PARTS,
    TokenUsage,
    declared_decimals,
    expected_cost,
    log_date,
    model_of,
    round_cost,
    unpriced,
    usage_of,
)

UNKNOWN = "unknown"
#: What each cost figure is, as ``runlog stats`` and the cost dashboard label them. Beside the
#: cost as written, the cost at the price table's rates: the counts priced at the price
#: table's row for the log's model and date, rounded as the log declares (what ``runlog fix
#: --fix-rates`` would write), so a log whose written cost or footnote rates drifted from the
#: published prices shows both figures.
COST_LABELS = {
    "cost": "as written: the Estimated Cost the log writes, else its tokens at the footnote's rates, else at the price table's",
    "table_cost": "at the price table's rates for the log's model and date, as `runlog fix --fix-rates` would write it",
}


_GROUPS = (("by_day", "day"), ("by_mode", "mode"), ("by_model", "model"))


@dataclass(frozen=True)
class LogUsage:
    """The token usage of one run log, as counted by :func:`usage_stats`.

    Attributes:
        path: display path.
        day: ``YYYY-MM-DD`` or ``"unknown"``.
        mode: the mode slug or ``"unknown"``.
        model: the model name or ``"unknown"``.
        counts: metric (``input``, ``output``, ``cache_read``, ``cache_write``, ``total``) to tokens.
        cost: USD, ``None`` when the log cannot be priced.
        cost_source: ``"written"``, ``"footnote"``, ``"price-table"`` or ``None``.
        approximate: some figure was approximate or abbreviated.
        table_cost: USD at the price table's rates for the log's model and date, rounded to
            the log's declared decimals; ``None`` when the table has no row for it.
    """

    path: str
    day: str
    mode: str
    model: str
    counts: dict[str, Decimal]
    cost: Decimal | None
    cost_source: str | None
    approximate: bool
    table_cost: Decimal | None = None


def _mode(path: str, doc: Document, kind: Kind | None) -> str:
    name = PurePosixPath(path).name
    if kind is not None and kind.filename is not None:
        match = kind.filename.fullmatch(name)
        if match and "mode" in match.groupdict() and match.group("mode"):
            return match.group("mode")
    mode_field = doc.field("Mode")
    return plain(mode_field.value) if mode_field is not None and plain(mode_field.value) else UNKNOWN


def _table_cost(doc: Document, usage: TokenUsage, counts: dict[str, Decimal], table: PriceTable) -> Decimal | None:
    """The counts priced at ``table``'s row for the log's model and date, rounded as the log declares."""
    model = model_of(doc, usage)
    row = table.lookup(model, log_date(doc)) if model else None
    if row is None or unpriced(counts, row.rates):
        return None
    written = usage.amount("cost")
    places = max(written.decimals if written is not None else 0, declared_decimals(usage, {}))
    return round_cost(expected_cost(counts, row.rates), places)


def _cost(doc: Document, usage: TokenUsage, counts: dict[str, Decimal], table: PriceTable) -> tuple[Decimal | None, str | None]:
    written = usage.amount("cost")
    if written is not None:
        return written.value, "written"
    if usage.footnote is not None and usage.footnote.rates and not unpriced(counts, usage.footnote.rates):
        return expected_cost(counts, usage.footnote.rates), "footnote"
    model = model_of(doc, usage)
    row = table.lookup(model, log_date(doc)) if model else None
    if row is not None and not unpriced(counts, row.rates):
        return expected_cost(counts, row.rates), "price-table"
    return None, None


def log_usage(path: str, doc: Document, kind: Kind | None, table: PriceTable) -> LogUsage | None:
    """The :class:`LogUsage` of one parsed log; ``None`` when it has no token usage table."""
    usage = usage_of(doc, kind.options if kind is not None else {})
    if usage is None or not usage.table_line:
        return None
    counts: dict[str, Decimal] = {}
    approximate = False
    for metric in PARTS:
        amount = usage.amount(metric)
        if amount is not None:
            counts[metric] = amount.value
            approximate = approximate or not amount.exact
    total = usage.amount("total")
    if len(counts) < 2 and total is not None:
        counts["total"] = total.value
        approximate = approximate or not total.exact
    else:
        counts["total"] = sum(counts.values(), Decimal(0))
    parts = {m: v for m, v in counts.items() if m != "total"}
    cost, source = _cost(doc, usage, parts, table)
    written_cost = usage.amount("cost")
    approximate = approximate or (written_cost is not None and not written_cost.exact)
    day = log_date(doc)
    model = model_of(doc, usage)
    row = table.lookup(model) if model else None
    return LogUsage(
        path=path,
        day=day.isoformat() if day else UNKNOWN,
        mode=_mode(path, doc, kind),
        model=row.model if row is not None else (model or UNKNOWN),
        counts=counts,
        cost=cost,
        cost_source=source,
        approximate=approximate,
        table_cost=_table_cost(doc, usage, parts, table),
    )


def _money(value: Decimal) -> str:
    """USD as an exact string with 2 to 6 decimals (as many as the value needs)."""
    exponent = value.normalize().as_tuple().exponent
    places = max(2, min(6, -exponent)) if isinstance(exponent, int) else 2
    return f"{round_cost(value, places):f}"


def _group(key: str, logs: Sequence[LogUsage]) -> dict[str, Any]:
    group: dict[str, Any] = {"key": key, "logs": len(logs)}
    for metric in (*PARTS, "total"):
        group[metric] = int(sum((log.counts.get(metric, Decimal(0)) for log in logs), Decimal(0)))
    group["cost"] = _money(sum((log.cost for log in logs if log.cost is not None), Decimal(0)))
    group["unpriced"] = sum(1 for log in logs if log.cost is None)
    group["table_cost"] = _money(sum((log.table_cost for log in logs if log.table_cost is not None), Decimal(0)))
    group["table_unpriced"] = sum(1 for log in logs if log.table_cost is None)
    group["approximate"] = sum(1 for log in logs if log.approximate)
    return group


def usage_stats(
    documents: Mapping[str, Document] | Iterable[tuple[str, Document]],
    kinds: Sequence[Kind] = (),
    table: PriceTable | None = None,
) -> dict[str, Any]:
    """Token and cost totals of run logs, as plain JSON-ready data.

    Args:
        documents: parsed logs by display path (e.g. :attr:`hooks.engine.runner.Report.documents`),
            or (path, document) pairs. Documents of kinds without a token usage section
            are skipped when ``kinds`` is given.
        kinds: the kinds in force, to classify paths and read the mode from file names.
        table: the price table for logs without a cost (default: the shipped one).

    Returns:
        ``{"version": 1, "cost_labels": {"cost": str, "table_cost": str}, "totals": G, "by_day": [G...], "by_mode": [G...], "by_model": [G...],
        "logs": [L...], "without_usage": [path...]}`` where each group ``G`` is ``{"key": str,
        "logs": int, "input": int, "output": int, "cache_read": int, "cache_write": int,
        "total": int, "cost": str, "unpriced": int, "table_cost": str, "table_unpriced": int,
        "approximate": int}`` (``cost`` is USD as written, an exact decimal string such as
        ``"0.72"``; ``table_cost`` the same logs at the price table's rates, ``table_unpriced``
        the logs without that figure; ``unpriced`` counts logs without a cost,
        ``approximate`` logs with approximate figures), groups are sorted by key (days
        ascending, ``"unknown"`` last), and each log ``L`` is ``{"path", "day", "mode",
        "model", "input", "output", "cache_read", "cache_write", "total", "cost" (str or
        None), "cost_source" ("written", "footnote", "price-table" or None), "table_cost" (str
        or None), "approximate"
        (bool)}``. Token counts are whole tokens.
    """
    pairs = documents.items() if isinstance(documents, Mapping) else documents
    prices = table or shipped_prices()
    logs: list[LogUsage] = []
    without: list[str] = []
    for path, doc in sorted(pairs, key=lambda pair: pair[0]):
        kind = classify(list(kinds), path) if kinds else None
        if kinds and (kind is None or kind.file_format != "markdown" or not (kind.name == "run-log" or "token-usage-section" in kind.options)):
            continue
        entry = log_usage(path, doc, kind, prices)
        if entry is None:
            without.append(path)
        else:
            logs.append(entry)
    data: dict[str, Any] = {"version": 1, "cost_labels": dict(COST_LABELS), "totals": _group("all", logs)}
    for name, attribute in _GROUPS:
        keys = sorted({getattr(log, attribute) for log in logs}, key=lambda k: (k == UNKNOWN, k))
        data[name] = [_group(key, [log for log in logs if getattr(log, attribute) == key]) for key in keys]
    data["logs"] = [
        {
            "path": log.path,
            "day": log.day,
            "mode": log.mode,
            "model": log.model,
            **{metric: int(log.counts.get(metric, Decimal(0))) for metric in (*PARTS, "total")},
            "cost": _money(log.cost) if log.cost is not None else None,
            "cost_source": log.cost_source,
            "table_cost": _money(log.table_cost) if log.table_cost is not None else None,
            "approximate": log.approximate,
        }
        for log in logs
    ]
    data["without_usage"] = without
    return data


def collect_stats(paths: Iterable[str], config: Any, cwd: Path) -> dict[str, Any]:
    """:func:`usage_stats` of the run logs under ``paths`` (files or folders), classified with
    ``config``'s kinds. Unreadable files are skipped (``runlog check`` reports them).

    Raises:
        UsageError: a path does not exist.
    """

    documents: dict[str, Document] = {}
    for target in select_targets(paths, config, cwd):
        if target.kind.file_format != "markdown":
            continue
        try:
            decoded = read_log(target.absolute, config.max_file_bytes)
        except Exception:  # noqa: BLE001 - an unreadable file is check's business, not stats'
            continue
        if decoded.problem is None:
            documents[target.display] = parse(target.display, decoded.text)
    return usage_stats(documents, config.kinds, table_option(config.rule_options.get("RL304", {})))
