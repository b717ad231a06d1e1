"""The price table: shipped rows, dated lookups, user rows from configuration, load errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.errors import ConfigError
from hooks.model.prices import PRICE_RULES, load_price_file, normalize_model, shipped_prices, table_option

REQUIRED_MODELS = [
    "Claude Opus 4", "Claude Opus 4.1", "Claude Opus 4.5", "Claude Sonnet 4", "Claude Sonnet 4.5",
    "Claude Haiku 3.5", "Claude Haiku 4.5", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3", "o4-mini", "gpt-5",
]


@pytest.mark.parametrize("model", REQUIRED_MODELS)
def test_shipped_table_covers_the_required_models_with_a_dated_source(model: str) -> None:
    row = shipped_prices().lookup(model)
    assert row is not None, model
    assert row.source.startswith("https://")
    assert row.read_on is not None and row.read_on >= row.effective_from
    assert {"input", "output"} <= set(row.rates)
    assert all(isinstance(rate, Decimal) for rate in row.rates.values())


def test_opus_45_costs_a_third_of_opus_41() -> None:
    table = shipped_prices()
    opus_45 = table.lookup("Claude Opus 4.5", dt.date(2026, 1, 3))
    opus_41 = table.lookup("claude-opus-4-1", dt.date(2026, 1, 3))
    assert opus_45 is not None and opus_41 is not None
    assert (opus_45.rates["input"], opus_45.rates["output"]) == (Decimal(5), Decimal(25))
    assert (opus_41.rates["input"], opus_41.rates["output"]) == (Decimal(15), Decimal(75))
    assert opus_45.rates["cache_read"] == Decimal("0.50") and opus_45.rates["cache_write"] == Decimal("6.25")


def test_lookup_follows_the_date_and_names_are_matched_loosely() -> None:
    table = shipped_prices()
    before_cut = table.lookup("o3", dt.date(2025, 5, 1))
    after_cut = table.lookup("OpenAI o3", dt.date(2025, 7, 1))
    assert before_cut is not None and before_cut.rates["input"] == Decimal(10)
    assert after_cut is not None and after_cut.rates["input"] == Decimal(2)
    assert table.lookup("Claude Opus 4.5", dt.date(2025, 6, 1)) is None
    assert table.knows("claude-opus-4-5-20251101") and not table.knows("Claude Opus 45")
    assert normalize_model("claude-sonnet-4-5") == normalize_model("Claude Sonnet 4.5") == "sonnet 4 5"


def test_openai_rows_say_their_figures_are_not_confirmed_from_the_official_page() -> None:
    for row in shipped_prices().rows:
        if row.provider == "openai":
            assert "not confirmed" in row.note.casefold(), row.model
            assert "cache_write" not in row.rates


def test_configured_rows_override_shipped_ones_and_reach_the_rules(tmp_path: Path) -> None:
    (tmp_path / "team-prices.yaml").write_text(
        """prices:
  - model: Claude Opus 4.5
    provider: anthropic
    input: "4.50"
    output: 22.5
    effective_from: 2026-02-01
    source: https://contracts.example/anthropic-2026
    read_on: 2026-02-01
    note: negotiated rate
""",
        encoding="utf-8",
    )
    (tmp_path / ".runlog.yaml").write_text("prices: team-prices.yaml\n", encoding="utf-8")
    config = load_config(None, tmp_path)
    table = table_option(config.rule_options[PRICE_RULES[0]])
    contract = table.lookup("Opus 4.5", dt.date(2026, 3, 1))
    assert contract is not None and contract.rates["output"] == Decimal("22.5") and contract.rates["input"] == Decimal("4.50")
    shipped = table.lookup("Opus 4.5", dt.date(2026, 1, 15))
    assert shipped is not None and shipped.rates["input"] == Decimal(5)
    assert all(table_option(config.rule_options[code]) is table for code in PRICE_RULES)


@pytest.mark.parametrize(
    ("row", "line", "message"),
    [
        ("  - model: X\n    provider: acme\n    input: 1\n    output: 2\n    effective_from: 2026-01-01\n    source: https://a.example\n    colour: red\n", 8, "unknown key 'colour'"),
        ("  - model: X\n    provider: acme\n    input: cheap\n    output: 2\n    effective_from: 2026-01-01\n    source: https://a.example\n", 4, "'input' must be a number"),
        ("  - model: X\n    provider: acme\n    input: 1\n    output: 2\n    source: https://a.example\n", 2, "missing 'effective_from'"),
        ("  - model: X\n    provider: acme\n    input: 1\n    output: -2\n    effective_from: 2026-01-01\n    source: https://a.example\n", 5, "'output' must be a number"),
        ("  - model: X\n    provider: acme\n    input: 1\n    output: 2\n    effective_from: someday\n    source: https://a.example\n", 6, "must be a date"),
    ],
)
def test_bad_price_rows_name_file_and_line(tmp_path: Path, row: str, line: int, message: str) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text("prices:\n" + row, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_price_file(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert message in caught.value.message


def test_a_bad_prices_key_stops_the_run_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import run_cli

    (tmp_path / ".runlog.yaml").write_text("prices:\n  - model: X\n    provider: acme\n", encoding="utf-8")
    code, _, err = run_cli(["check", "--config", str(tmp_path / ".runlog.yaml"), str(tmp_path)], capsys)
    assert code == 2
    assert ".runlog.yaml:2:" in err and "missing 'input'" in err
    assert "Traceback" not in err
