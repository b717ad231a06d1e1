"""Token usage: exact parsing, and rules RL301 to RL308 on passing and failing run logs."""

from __future__ import annotations

import dataclasses
import functools
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from hooks.config.loader import Config, load_config
from hooks.engine.runner import check_paths
from hooks.finding import Finding
from hooks.model.token_usage import expected_cost, parse_amount, parse_footnote, round_cost
from tests.conftest import EXAMPLES, SPECS, TODAY

OPUS_45 = "*Cost calculated at: Input $5/1M, Output $25/1M (Claude Opus 4.5)*"
DEFAULT_ROWS = {"Input Tokens": "48,200", "Output Tokens": "9,650", "Total Tokens": "57,850", "Estimated Cost": "$0.48"}
NAME = "2026-03-02_09-30_draft-replies-1.md"


def run_log(
    rows: dict[str, str] | None = None,
    footnote: str | None = OPUS_45,
    started: str = "2026-03-02 09:30",
    newline: str = "\n",
) -> str:
    """A run log in the shape of run-log-template.md with the given token table and footnote."""
    table = "\n".join(f"| {label} | {value} |" for label, value in (rows or DEFAULT_ROWS).items())
    text = f"""# Run Log: Draft Replies
**Started:** {started}
**Mode:** 2
**Status:** Completed

---

## Step 1: Fetch conversations
**Time:** 09:31
**Action:** Fetch unread conversations
**API Call:** `get_conversations_v2(seen=false, limit=25)`
**Result:** 12 conversations returned
**Notes:** None tagged

---

## Errors Encountered
| Time | Error | Context | Resolution |
|------|-------|---------|------------|
| 09:40 | Timeout on send | Sending reply 4 | Retried once |

---

## Final Status
**Completed:** Yes
**Conversations Processed:** 12
**Messages Sent:** 4

---

## Token Usage
| Metric | Count |
|--------|-------|
{table}
{"" if footnote is None else chr(10) + footnote}
"""
    return text.replace("\n", newline)


def write_log(root: Path, text: str, name: str = NAME) -> Path:
    folder = root / "training" / "run-logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


@functools.lru_cache(maxsize=1)
def _defaults() -> Config:
    return load_config(None, Path(tempfile.mkdtemp(prefix="runlog-defaults-")))


def default_config(root: Path) -> Config:
    """The default configuration (loaded once: loading parses every shipped kind), rooted at ``root``."""
    return dataclasses.replace(_defaults(), root=root)


def findings(root: Path, text: str, code: str, name: str = NAME, config: str | None = None) -> list[Finding]:
    """Findings of rule ``code`` for one log written under ``root``."""
    path = write_log(root, text, name)
    if config is not None:
        (root / ".runlog.yaml").write_text(config, encoding="utf-8")
        loaded = load_config(None, root)
    else:
        loaded = default_config(root)
    report = check_paths([str(path)], loaded, cwd=root, today=TODAY)
    return [f for f in report.findings if f.code == code]


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if needle in line)


# --- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value", "approximate", "abbreviated", "currency", "decimals"),
    [
        ("12,345", "12345", False, False, None, 0),
        ("1,234,567", "1234567", False, False, None, 0),
        ("12345", "12345", False, False, None, 0),
        ("**57,850**", "57850", False, False, None, 0),
        ("~1,200", "1200", True, False, None, 0),
        ("≈ 900", "900", True, False, None, 0),
        ("about 3,000 tokens", "3000", True, False, None, 0),
        ("1.2k", "1200", False, True, None, 1),
        ("$0.42", "0.42", False, False, "USD", 2),
        ("0.4823 USD", "0.4823", False, False, "USD", 4),
        ("US$1,234.50", "1234.50", False, False, "USD", 2),
        ("~$0.50", "0.50", True, False, "USD", 2),
    ],
)
def test_parse_amount_reads_exact_decimals(cell: str, value: str, approximate: bool, abbreviated: bool, currency: str | None, decimals: int) -> None:
    amount = parse_amount(cell)
    assert amount is not None
    assert amount.value == Decimal(value)
    assert isinstance(amount.value, Decimal)
    assert (amount.approximate, amount.abbreviated, amount.currency, amount.decimals) == (approximate, abbreviated, currency, decimals)


@pytest.mark.parametrize("cell", ["1,2,3", "12,3456", "X,XXX", "$X.XX", "", "n/a", "12 345 678 9", "€0.42"])
def test_parse_amount_rejects_what_is_not_one_number(cell: str) -> None:
    assert parse_amount(cell) is None


def test_footnote_rates_model_spans_and_declared_rounding() -> None:
    text = "*Cost calculated at: Input $5/1M, Output $25/1M, Cache read $0.50/1M, Cache write $6.25 per million, rounded to 4 decimals (Claude Opus 4.5)*"
    note = parse_footnote(text, 7)
    assert note is not None
    assert note.rates == {"input": Decimal("5"), "output": Decimal("25"), "cache_read": Decimal("0.50"), "cache_write": Decimal("6.25")}
    assert note.model == "Claude Opus 4.5"
    assert note.decimals == 4
    start, end = note.spans["cache_write"]
    assert text[start:end] == "6.25"
    assert parse_footnote("Cost was fine.", 1) is None


def test_cost_arithmetic_is_exact() -> None:
    # 48,200 x $5 + 9,650 x $25 per million: 0.48225 exactly, 0.48 rounded half up.
    exact = expected_cost({"input": Decimal(48200), "output": Decimal(9650)}, {"input": Decimal(5), "output": Decimal(25)})
    assert exact == Decimal("0.48225")
    assert round_cost(Decimal("0.2075")) == Decimal("0.21")
    assert round_cost(Decimal("0.48225"), 4) == Decimal("0.4823")


# --- RL301 token-total-mismatch ----------------------------------------------------------------


def test_rl301_passes_a_correct_total(tmp_path: Path) -> None:
    assert findings(tmp_path, run_log(), "RL301") == []


def test_rl301_flags_an_off_by_one_total(tmp_path: Path) -> None:
    text = run_log({**DEFAULT_ROWS, "Total Tokens": "57,851"})
    found = findings(tmp_path, text, "RL301")
    assert [(f.line, f.message) for f in found] == [
        (line_of(text, "Total Tokens"), "Total Tokens is 57,851 but Input Tokens + Output Tokens = 57,850")
    ]


def test_rl301_adds_cache_rows(tmp_path: Path) -> None:
    rows = {"Input Tokens": "10,000", "Output Tokens": "2,000", "Cache Read Tokens": "50,000", "Cache Write Tokens": "4,000", "Total Tokens": "12,000", "Estimated Cost": "$0.15"}
    found = findings(tmp_path, run_log(rows), "RL301")
    assert len(found) == 1 and "= 66,000" in found[0].message
    assert findings(tmp_path, run_log({**rows, "Total Tokens": "66,000"}), "RL301") == []


def test_rl301_leaves_approximate_counts_to_rl303(tmp_path: Path) -> None:
    assert findings(tmp_path, run_log({**DEFAULT_ROWS, "Input Tokens": "~48,000"}), "RL301") == []


# --- RL302 token-cost-mismatch -----------------------------------------------------------------


def test_rl302_passes_the_training_examples(tmp_path: Path) -> None:
    assert findings(tmp_path, run_log(), "RL302") == []


def test_rl302_flags_a_cost_rounded_up(tmp_path: Path) -> None:
    text = run_log({**DEFAULT_ROWS, "Estimated Cost": "$0.49"})
    found = findings(tmp_path, text, "RL302")
    assert len(found) == 1
    assert found[0].line == line_of(text, "Estimated Cost")
    assert "give $0.48" in found[0].message and "0.48225 was rounded up" in found[0].message


def test_rl302_flags_a_truncated_cost(tmp_path: Path) -> None:
    rows = {"Input Tokens": "21,000", "Output Tokens": "4,100", "Total Tokens": "25,100", "Estimated Cost": "$0.20"}
    found = findings(tmp_path, run_log(rows), "RL302")
    assert len(found) == 1 and "give $0.21" in found[0].message and "truncated" in found[0].message


def test_rl302_prices_cache_rows_at_their_own_rates(tmp_path: Path) -> None:
    footnote = "*Cost calculated at: Input $3/1M, Output $15/1M, Cache read $0.30/1M, Cache write $3.75/1M (Claude Sonnet 4.5)*"
    # 10,000 x 3 + 2,000 x 15 + 50,000 x 0.30 + 4,000 x 3.75 = 90,000 -> $0.09
    rows = {"Input Tokens": "10,000", "Output Tokens": "2,000", "Cache Read Tokens": "50,000", "Cache Write Tokens": "4,000", "Total Tokens": "66,000", "Estimated Cost": "$0.09"}
    assert findings(tmp_path, run_log(rows, footnote), "RL302") == []
    # Priced as if the cache reads were plain input: 0.24.
    found = findings(tmp_path, run_log({**rows, "Estimated Cost": "$0.24"}, footnote), "RL302")
    assert len(found) == 1 and "give $0.09" in found[0].message


# --- RL303 token-count-approximate -------------------------------------------------------------


def test_rl303_passes_exact_counts(tmp_path: Path) -> None:
    assert findings(tmp_path, run_log(), "RL303") == []


def test_rl303_flags_approximate_and_abbreviated_counts(tmp_path: Path) -> None:
    text = run_log({**DEFAULT_ROWS, "Input Tokens": "~48,000", "Output Tokens": "9.6k"})
    found = findings(tmp_path, text, "RL303")
    assert [(f.line, f.severity.value) for f in found] == [(line_of(text, "Input Tokens"), "warning"), (line_of(text, "Output Tokens"), "warning")]
    assert "approximation" in found[0].message and "abbreviated" in found[1].message


def test_rl303_accepts_approximations_when_configured(tmp_path: Path) -> None:
    config = "rule-options:\n  RL303: {allow-approximate: true}\n"
    text = run_log({**DEFAULT_ROWS, "Input Tokens": "~48,000", "Output Tokens": "9.6k"})
    found = findings(tmp_path, text, "RL303", config=config)
    assert [f.line for f in found] == [line_of(text, "Output Tokens")]


# --- RL304 token-rate-mismatch -----------------------------------------------------------------


def spec_template_log() -> str:
    """The run log template of run-log-template.md, placeholders filled in, footnote as written."""
    spec = (SPECS / "run-log-template.md").read_text(encoding="utf-8")
    template = spec.split("```markdown\n", 1)[1].split("\n```\n## What to Log", 1)[0]
    assert "Input $15/1M, Output $75/1M (Claude Opus 4.5)" in template
    filled = template.replace("YYYY-MM-DD HH:MM", "2026-01-03 14:30").replace("[Mode Name]", "Review Tagged")
    counts = iter(["100,000", "20,000", "120,000"])
    filled = re.sub(r"X,XXX", lambda _: next(counts), filled)
    return filled.replace("$X.XX", "$3.00")


def test_rl304_flags_the_spec_footnote_pricing_opus_45_at_the_opus_4_rate(tmp_path: Path) -> None:
    text = spec_template_log()
    found = findings(tmp_path, text, "RL304", name="2026-01-03_14-30_review-tagged-1.md")
    assert len(found) == 1
    finding = found[0]
    assert finding.line == line_of(text, "Cost calculated at")
    assert finding.severity.value == "error"
    assert "Input $15/1M, Output $75/1M" in finding.message
    assert "costs Input $5/1M, Output $25/1M on 2026-01-03" in finding.message
    assert "platform.claude.com" in finding.message
    # The spec's own arithmetic is consistent with its (wrong) footnote: RL302 stays quiet.
    assert findings(tmp_path, text, "RL302", name="2026-01-03_14-30_review-tagged-1.md") == []


def test_rl304_passes_opus_41_at_15_75_and_opus_45_at_5_25(tmp_path: Path) -> None:
    opus_41 = "*Cost calculated at: Input $15/1M, Output $75/1M (Claude Opus 4.1)*"
    assert findings(tmp_path, run_log({**DEFAULT_ROWS, "Estimated Cost": "$1.45"}, opus_41), "RL304") == []
    assert findings(tmp_path, run_log(), "RL304") == []


def test_rl304_uses_the_price_in_force_on_the_log_date(tmp_path: Path) -> None:
    launch = "*Cost calculated at: Input $10/1M, Output $40/1M (o3)*"
    rows = {"Input Tokens": "10,000", "Output Tokens": "1,000", "Total Tokens": "11,000", "Estimated Cost": "$0.14"}
    assert findings(tmp_path, run_log(rows, launch, started="2025-05-01 10:00"), "RL304", name="2025-05-01_10-00_triage-1.md") == []
    found = findings(tmp_path, run_log(rows, launch, started="2025-07-01 10:00"), "RL304", name="2025-07-01_10-00_triage-1.md")
    assert len(found) == 1 and "costs Input $2/1M, Output $8/1M on 2025-07-01" in found[0].message


def test_rl304_checks_cache_rates(tmp_path: Path) -> None:
    footnote = "*Cost calculated at: Input $3/1M, Output $15/1M, Cache read $3/1M (Claude Sonnet 4.5)*"
    rows = {"Input Tokens": "1,000", "Output Tokens": "1,000", "Cache Read Tokens": "10,000", "Total Tokens": "12,000", "Estimated Cost": "$0.05"}
    found = findings(tmp_path, run_log(rows, footnote), "RL304")
    assert len(found) == 1 and "Cache read $3/1M" in found[0].message and "Cache read $0.30/1M" in found[0].message


# --- RL305 token-model-unknown -----------------------------------------------------------------


def test_rl305_passes_a_known_model(tmp_path: Path) -> None:
    assert findings(tmp_path, run_log(), "RL305") == []


@pytest.mark.parametrize(
    ("footnote", "expected"),
    [
        ("*Cost calculated at: Input $2/1M, Output $9/1M (Acme Large 2)*", "'Acme Large 2' is not in the price table"),
        ("*Cost calculated at: Input $5/1M, Output $25/1M*", "names no model"),
    ],
)
def test_rl305_warns_about_an_unknown_or_unnamed_model(tmp_path: Path, footnote: str, expected: str) -> None:
    found = findings(tmp_path, run_log(footnote=footnote), "RL305")
    assert len(found) == 1 and found[0].severity.value == "warning" and expected in found[0].message


def test_rl305_warns_when_the_log_predates_the_model(tmp_path: Path) -> None:
    found = findings(tmp_path, run_log(started="2025-06-01 09:30"), "RL305", name="2025-06-01_09-30_draft-replies-1.md")
    assert len(found) == 1 and "first price row starts 2025-11-24" in found[0].message


def test_rl305_and_rl304_use_rows_added_in_configuration(tmp_path: Path) -> None:
    config = """prices:
  - model: Acme Large 2
    provider: acme
    input: 2
    output: 8
    effective_from: 2026-01-01
    source: https://acme.example/pricing
    read_on: 2026-02-01
"""
    wrong = "*Cost calculated at: Input $2/1M, Output $9/1M (Acme Large 2)*"
    assert findings(tmp_path, run_log(footnote=wrong), "RL305", config=config) == []
    found = findings(tmp_path, run_log(footnote=wrong), "RL304", config=config)
    assert len(found) == 1 and "Output $8/1M" in found[0].message and "acme.example" in found[0].message


# --- RL306 token-rate-missing ------------------------------------------------------------------


def test_rl306_flags_cache_rows_without_their_own_rates(tmp_path: Path) -> None:
    footnote = "*Cost calculated at: Input $3/1M, Output $15/1M (Claude Sonnet 4.5)*"
    rows = {"Input Tokens": "1,000", "Output Tokens": "1,000", "Cache Read Tokens": "120,000", "Total Tokens": "122,000", "Estimated Cost": "$0.05"}
    text = run_log(rows, footnote)
    found = findings(tmp_path, text, "RL306")
    assert len(found) == 1
    assert found[0].line == line_of(text, "Cost calculated at")
    assert "no rate for Cache Read Tokens" in found[0].message and "Cache read $0.30/1M" in found[0].message
    # RL302 cannot check such a cost and stays quiet rather than guessing.
    assert findings(tmp_path, text, "RL302") == []


def test_rl306_passes_zero_cache_rows_and_priced_ones(tmp_path: Path) -> None:
    rows = {**DEFAULT_ROWS, "Cache Read Tokens": "0"}
    assert findings(tmp_path, run_log(rows), "RL306") == []


# --- RL307 token-footnote-missing --------------------------------------------------------------


def test_rl307_flags_a_cost_without_footnote(tmp_path: Path) -> None:
    text = run_log(footnote=None)
    found = findings(tmp_path, text, "RL307")
    assert [(f.line, f.severity.value) for f in found] == [(line_of(text, "Estimated Cost"), "warning")]


def test_rl307_passes_a_zero_cost_without_footnote(tmp_path: Path) -> None:
    rows = {"Input Tokens": "0", "Output Tokens": "0", "Total Tokens": "0", "Estimated Cost": "$0.00"}
    assert findings(tmp_path, run_log(rows, footnote=None), "RL307") == []


def test_rl307_flags_a_footnote_without_rates_and_passes_a_full_one(tmp_path: Path) -> None:
    assert len(findings(tmp_path, run_log(footnote="*Cost calculated at: list prices (Claude Opus 4.5)*"), "RL307")) == 1
    assert findings(tmp_path, run_log(), "RL307") == []


# --- RL308 token-cost-rounding -----------------------------------------------------------------


def test_rl308_flags_a_cost_with_other_decimals_than_declared(tmp_path: Path) -> None:
    text = run_log({**DEFAULT_ROWS, "Estimated Cost": "$0.4823"})
    found = findings(tmp_path, text, "RL308")
    assert len(found) == 1 and "4 decimals but the declared rounding is 2 decimals" in found[0].message


def test_rl308_follows_the_footnote_declaration(tmp_path: Path) -> None:
    footnote = "*Cost calculated at: Input $5/1M, Output $25/1M, rounded to 4 decimals (Claude Opus 4.5)*"
    text = run_log({**DEFAULT_ROWS, "Estimated Cost": "$0.4823"}, footnote)
    assert findings(tmp_path, text, "RL308") == []
    assert findings(tmp_path, text, "RL302") == []
    assert len(findings(tmp_path, run_log({**DEFAULT_ROWS, "Estimated Cost": "$0.4822"}, footnote), "RL302")) == 1
    assert len(findings(tmp_path, run_log(footnote=footnote), "RL308")) == 1


# --- the shipped examples ----------------------------------------------------------------------


def test_training_examples_have_no_token_findings() -> None:
    report = check_paths([str(EXAMPLES / "training")], load_config(None, EXAMPLES), cwd=EXAMPLES, today=TODAY)
    assert report.files_checked >= 3
    assert [f for f in report.findings if f.code.startswith("RL3")] == []


def test_crlf_logs_are_checked_like_lf_logs(tmp_path: Path) -> None:
    text = run_log({**DEFAULT_ROWS, "Total Tokens": "57,851"}, newline="\r\n")
    assert len(findings(tmp_path, text, "RL301")) == 1
