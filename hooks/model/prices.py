"""The price table: dated model prices in USD per million tokens, shipped as data.

The shipped table is ``hooks/data/prices.yaml`` (each row names its source page and the date
it was read). Users add or override rows with the ``prices`` configuration key, either a list
of rows or the path of a YAML file holding ``prices: [...]`` (or a bare list). Files are read
with ruamel.yaml and validated on load: a bad row raises :class:`hooks.errors.ConfigError`
naming the file and line.

Rates are kept as :class:`decimal.Decimal`. A rate typed as a YAML number is read through its
shortest decimal representation, which equals what was typed (``0.275`` stays ``0.275``);
quote it to be explicit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from hooks.errors import ConfigError
from hooks.io.shipped import load_shipped
from hooks.io.yaml import load_yaml
from hooks.io.yaml import yaml_line as _line

#: The metrics a row prices, as the token table names them (see :data:`hooks.model.token_usage.ROW_NAMES`).
METRICS = ("input", "output", "cache_read", "cache_write")
_ROW_KEYS = {"model", "aliases", "provider", "input", "output", "cache_read", "cache_write", "effective_from", "source", "read_on", "note"}
_REQUIRED = ("model", "provider", "input", "output", "effective_from", "source")
_PREFIXES = ("claude ", "anthropic ", "openai ")
SHIPPED_ORIGIN = "hooks/data/prices.yaml"
#: Rules that read the price table; configuration hands them the table as option ``prices``.
PRICE_RULES = ("RL304", "RL305", "RL306")


@lru_cache(maxsize=4096)
def normalize_model(name: str) -> str:
    """The matching key of a model name: case-folded, punctuation runs to one space, a leading
    ``Claude``/``Anthropic``/``OpenAI`` dropped. ``"claude-opus-4-5"`` and ``"Claude Opus 4.5"``
    both give ``"opus 4 5"``."""
    key = re.sub(r"[^0-9a-z]+", " ", name.casefold()).strip()
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return key


@dataclass(frozen=True)
class PriceRow:
    """One dated price of one model.

    Attributes:
        model: display name (``Claude Opus 4.5``).
        aliases: other names of the model.
        provider: ``anthropic``, ``openai``...
        rates: metric (``input``, ``output``, ``cache_read``, ``cache_write``) to USD per
            million tokens; a metric the provider does not price separately is absent.
        effective_from: first day the rates apply.
        source: the page the figures come from (URL).
        read_on: the day the source was read, if given.
        note: caveats, e.g. a figure that could not be confirmed.
        origin: ``file:line`` the row came from.
    """

    model: str
    aliases: tuple[str, ...]
    provider: str
    rates: dict[str, Decimal]
    effective_from: dt.date
    source: str
    read_on: dt.date | None
    note: str
    origin: str

    def names(self) -> set[str]:
        """Every matching key of this row (:func:`normalize_model` of name and aliases)."""
        return {normalize_model(n) for n in (self.model, *self.aliases)}


@dataclass(frozen=True)
class PriceTable:
    """Price rows, shipped ones first, then the user's (a later row wins a tie).

    Attributes:
        rows: every row in load order.
    """

    rows: tuple[PriceRow, ...]

    @cached_property
    def _history(self) -> dict[str, tuple[PriceRow, ...]]:
        # Matching key to the rows naming it, oldest first (load order breaks ties): built
        # once per table, so a lookup is one dict access instead of normalising every alias.
        found: dict[str, list[tuple[dt.date, int, PriceRow]]] = {}
        for index, row in enumerate(self.rows):
            for key in row.names():
                found.setdefault(key, []).append((row.effective_from, index, row))
        ordered = {key: sorted(items, key=lambda item: (item[0], item[1])) for key, items in found.items()}
        return {key: tuple(row for _, _, row in items) for key, items in ordered.items()}

    def knows(self, name: str) -> bool:
        """Whether any row names model ``name``, whatever its date."""
        return normalize_model(name) in self._history

    def history(self, name: str) -> list[PriceRow]:
        """Rows of model ``name``, oldest first."""
        return list(self._history.get(normalize_model(name), ()))

    def lookup(self, name: str, on: dt.date | None = None) -> PriceRow | None:
        """The row in force for model ``name`` on day ``on`` (the latest one when ``on`` is
        ``None``); ``None`` for an unknown model or a day before its first row."""
        rows = [row for row in self.history(name) if on is None or row.effective_from <= on]
        return rows[-1] if rows else None

    def extended(self, rows: tuple[PriceRow, ...]) -> PriceTable:
        """This table with ``rows`` added after its own (so they win ties)."""
        return PriceTable(self.rows + rows)




def _rate(value: Any, origin: str, line: int | None, key: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ConfigError(f"{key!r} must be a number of USD per million tokens", origin, line)
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation:
        raise ConfigError(f"{key!r} must be a number of USD per million tokens, not {value!r}", origin, line) from None
    if not rate.is_finite() or rate < 0:
        raise ConfigError(f"{key!r} must be a number of USD per million tokens, not {value!r}", origin, line)
    return rate


def _date(value: Any, origin: str, line: int | None, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"{key!r} must be a date (YYYY-MM-DD)", origin, line)


def row_from_mapping(node: Any, origin: str, line: int | None = None) -> PriceRow:
    """Validate one row (a YAML mapping, or a plain dict from TOML) into a :class:`PriceRow`.

    Raises:
        ConfigError: unknown key, missing key, or a value of the wrong type; names the line.
    """
    if not isinstance(node, dict):
        raise ConfigError("a price row must be a mapping", origin, line)
    where = _line(node) or line
    for key in node:
        if key not in _ROW_KEYS:
            raise ConfigError(f"unknown key {key!r} in price row (allowed: {', '.join(sorted(_ROW_KEYS))})", origin, _line(node, key) or where)
    for key in _REQUIRED:
        if node.get(key) is None:
            raise ConfigError(f"price row is missing {key!r}", origin, where)

    def text(key: str, default: str = "") -> str:
        value = node.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str) or (key in _REQUIRED and not value.strip()):
            raise ConfigError(f"{key!r} must be a non-empty string", origin, _line(node, key) or where)
        return value.strip()

    aliases = node.get("aliases", []) or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ConfigError("'aliases' must be a list of model names", origin, _line(node, "aliases") or where)
    rates: dict[str, Decimal] = {}
    for metric in METRICS:
        if node.get(metric) is not None:
            rates[metric] = _rate(node[metric], origin, _line(node, metric) or where, metric)
    read_on = node.get("read_on")
    source = text("source")
    if not re.match(r"^(https?://|file:|\S+\.(md|yaml|yml|txt)$)", source):
        raise ConfigError("'source' must be the URL of the page the prices were read from", origin, _line(node, "source") or where)
    return PriceRow(
        model=text("model"),
        aliases=tuple(a.strip() for a in aliases),
        provider=text("provider"),
        rates=rates,
        effective_from=_date(node["effective_from"], origin, _line(node, "effective_from") or where, "effective_from"),
        source=source,
        read_on=_date(read_on, origin, _line(node, "read_on") or where, "read_on") if read_on is not None else None,
        note=text("note"),
        origin=f"{origin}:{where}" if where else origin,
    )


def rows_from_data(data: Any, origin: str, line: int | None = None) -> tuple[PriceRow, ...]:
    """Rows from parsed data: a list of rows, or a mapping ``{prices: [rows]}``.

    Raises:
        ConfigError: the data is not such a list, or a row is invalid.
    """
    if isinstance(data, dict) and set(data) == {"prices"}:
        line = _line(data, "prices") or line
        data = data["prices"]
    if not isinstance(data, list):
        raise ConfigError("prices must be a list of price rows", origin, line)
    return tuple(row_from_mapping(item, origin, _line(data, index) or line) for index, item in enumerate(data))


def load_price_file(path: Path) -> tuple[PriceRow, ...]:
    """Read and validate a price file.

    Raises:
        ConfigError: unreadable, malformed or invalid file (naming file and line).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read price file: {exc}", str(path)) from None
    return rows_from_data(load_yaml(text, str(path)), str(path), 1)


@lru_cache(maxsize=1)
def shipped_prices() -> PriceTable:
    """The price table shipped in ``hooks/data/prices.yaml`` (sources: see that file)."""

    return PriceTable(rows_from_data(load_shipped("prices.yaml"), SHIPPED_ORIGIN, 1))


def configured_prices(value: Any, root: Path, origin: str, line: int | None) -> PriceTable:
    """The shipped table extended with the ``prices`` configuration value.

    Args:
        value: ``None`` (shipped table only), a list of rows, or a path (relative to ``root``)
            of a YAML price file.
        root: the folder holding the configuration file.
        origin, line: where the value was written, for errors.

    Raises:
        ConfigError: the value or a row is invalid, or the file cannot be read.
    """
    table = shipped_prices()
    if value is None:
        return table
    if isinstance(value, str):
        path = Path(value) if Path(value).is_absolute() else root / value
        return table.extended(load_price_file(path))
    return table.extended(rows_from_data(value, origin, line))


def table_option(options: Any) -> PriceTable:
    """The price table a rule should use: ``options["prices"]`` when configuration put one
    there, else the shipped table."""
    value = options.get("prices") if hasattr(options, "get") else None
    return value if isinstance(value, PriceTable) else shipped_prices()
