"""``runlog stats``: token and cost totals by day, mode and model, as data, text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooks.commands.stats import render_text
from hooks.config.loader import load_config
from hooks.engine.stats import collect_stats
from tests.conftest import EXAMPLES, run_cli
from tests.hooks.test_tokens import run_log, write_log


def test_training_examples_by_day_mode_and_model() -> None:
    data = collect_stats([str(EXAMPLES / "training")], load_config(None, EXAMPLES), EXAMPLES)
    # 48,200 + 6,400 + 21,000 input; 9,650 + 820 + 4,100 output; $0.48 + $0.03 + $0.21.
    assert data["totals"] == {
        "key": "all", "logs": 3, "input": 75600, "output": 14570, "cache_read": 0, "cache_write": 0,
        "total": 90170, "cost": "0.72", "unpriced": 0, "table_cost": "0.72", "table_unpriced": 0, "approximate": 0,
    }
    assert [(g["key"], g["logs"], g["cost"]) for g in data["by_day"]] == [("2026-03-02", 1, "0.48"), ("2026-03-03", 1, "0.03"), ("2026-03-04", 1, "0.21")]
    assert [(g["key"], g["total"]) for g in data["by_mode"]] == [("draft-replies", 82950), ("triage-queue", 7220)]
    assert [(g["key"], g["cost"]) for g in data["by_model"]] == [("Claude Opus 4.5", "0.69"), ("Claude Sonnet 4.5", "0.03")]
    assert data["without_usage"] == []
    assert json.loads(json.dumps(data)) == data


def test_costs_come_from_the_footnote_or_the_price_table_when_not_written(tmp_path: Path) -> None:
    rows = {"Input Tokens": "100,000", "Output Tokens": "10,000", "Total Tokens": "110,000"}
    write_log(tmp_path, run_log(rows), "2026-03-02_09-30_draft-replies-1.md")
    no_footnote = run_log(rows, footnote=None).replace("**Mode:** 2", "**Mode:** 2\n**Model:** claude-sonnet-4-5")
    write_log(tmp_path, no_footnote, "2026-03-03_09-30_triage-queue-1.md")
    write_log(tmp_path, run_log({**rows, "Input Tokens": "~100,000"}, footnote=None), "2026-03-04_09-30_triage-queue-2.md")
    data = collect_stats([str(tmp_path)], load_config(None, tmp_path), tmp_path)
    by_path = {entry["path"].rsplit("/", 1)[1]: entry for entry in data["logs"]}
    # 100,000 x $5 + 10,000 x $25 per million = $0.75 (footnote); x $3/$15 = $0.45 (price table).
    assert (by_path["2026-03-02_09-30_draft-replies-1.md"]["cost"], by_path["2026-03-02_09-30_draft-replies-1.md"]["cost_source"]) == ("0.75", "footnote")
    assert (by_path["2026-03-03_09-30_triage-queue-1.md"]["cost"], by_path["2026-03-03_09-30_triage-queue-1.md"]["model"]) == ("0.45", "Claude Sonnet 4.5")
    unpriced = by_path["2026-03-04_09-30_triage-queue-2.md"]
    assert unpriced["cost"] is None and unpriced["approximate"] is True
    assert data["totals"]["unpriced"] == 1 and data["totals"]["cost"] == "1.20"
    assert [g["key"] for g in data["by_model"]] == ["Claude Opus 4.5", "Claude Sonnet 4.5", "unknown"]


def test_text_and_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    code, out, _ = run_cli(["stats", "training"], capsys)
    assert code == 0
    assert out.startswith("Day") and out.splitlines()[0].endswith("Cost as written  At price table")
    assert "draft-replies" in out and "Claude Sonnet 4.5" in out and "90,170" in out
    assert "\n3 run logs with token usage.\nCosts in USD. Cost as written: the Estimated Cost the log writes" in out
    code, out, _ = run_cli(["stats", "--format", "json", "training"], capsys)
    assert code == 0 and json.loads(out)["totals"]["cost"] == "0.72"
    target = tmp_path / "stats.json"
    assert run_cli(["stats", "--format", "json", "--output-file", str(target), "training"], capsys)[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["by_day"][0]["key"] == "2026-03-02"


def test_render_text_aligns_columns() -> None:
    data = collect_stats([str(EXAMPLES / "training")], load_config(None, EXAMPLES), EXAMPLES)
    table = render_text(data).split("\n\n")[0].splitlines()
    assert table[0].startswith("Day") and set(table[1]) <= {"-", " "}
    assert len({len(line) for line in table[:2]}) == 1
    assert table[-1].startswith("all") and table[-1].endswith("0.72            0.72")


def test_drifted_example_shows_the_cost_as_written_beside_the_price_table_cost(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    code, out, _ = run_cli(["stats", "--format", "json", "drifted"], capsys)
    data = json.loads(out)
    # Written $0.50; 30,000 x $5 + 6,001 x $25 per million (Claude Opus 4.5 in the price table) = $0.300025, to cents $0.30.
    assert code == 0 and (data["totals"]["cost"], data["totals"]["table_cost"]) == ("0.50", "0.30")
    assert [(log["cost"], log["cost_source"], log["table_cost"]) for log in data["logs"]] == [("0.50", "written", "0.30")]
    assert data["cost_labels"]["cost"].startswith("as written") and "price table" in data["cost_labels"]["table_cost"]
    code, out, _ = run_cli(["stats", "drifted"], capsys)
    header, _rule, day = out.splitlines()[:3]
    assert header.split()[-6:] == ["Cost", "as", "written", "At", "price", "table"]
    assert day.split()[-2:] == ["0.50", "0.30"]
    fixed = run_cli(["fix", "--fix-rates", "--diff", "drifted"], capsys)[1]
    assert "+| Estimated Cost | $0.30 |" in fixed
