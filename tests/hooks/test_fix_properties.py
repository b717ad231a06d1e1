"""Property tests of ``runlog fix`` over generated run logs: idempotent, touches only the token
table's Total and Estimated Cost cells (and the footnote with ``--fix-rates``), keeps BOM and
line endings, and leaves the arithmetic right."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks.commands.fix import fix_bytes, split_lines
from hooks.model.document import parse
from hooks.model.prices import shipped_prices
from hooks.model.token_usage import expected_cost, find_token_usage, round_cost

RUN_LOG = {"token-usage-section": "Token Usage"}
BOM = b"\xef\xbb\xbf"
MODELS = ["Claude Opus 4.5", "Claude Sonnet 4.5", "Claude Opus 4.1", "gpt-4.1", "Acme Large 2"]
PROSE = st.text(alphabet=st.sampled_from("abcdefghij XYZ|*-:$~,.0123456789"), max_size=40).filter(
    lambda s: not s.lstrip().startswith(("#", "|", "-", "*", ">", "`", "~", "=", "+")) and s.strip() != ""
)


def count_text(value: int, grouped: bool) -> str:
    return f"{value:,}" if grouped else str(value)


@st.composite
def logs(draw: st.DrawFn) -> tuple[bytes, bool]:
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    grouped = draw(st.booleans())
    pad = draw(st.sampled_from(["", " ", "   "]))
    counts = {"Input Tokens": draw(st.integers(0, 3_000_000)), "Output Tokens": draw(st.integers(0, 400_000))}
    if draw(st.booleans()):
        counts["Cache Read Tokens"] = draw(st.integers(0, 2_000_000))
        counts["Cache Write Tokens"] = draw(st.integers(0, 200_000))
    total = sum(counts.values()) + draw(st.sampled_from([0, 0, 1, -1, 1000]))
    rates = {"Input": draw(st.sampled_from(["3", "5", "15", "0.40", "2.50"])), "Output": draw(st.sampled_from(["15", "25", "75", "1.60"]))}
    if "Cache Read Tokens" in counts and draw(st.booleans()):
        rates["Cache read"] = draw(st.sampled_from(["0.30", "0.50", "1.50"]))
        rates["Cache write"] = draw(st.sampled_from(["3.75", "6.25", "18.75"]))
    decimals = draw(st.sampled_from([1, 2, 2, 3, 4]))
    cost = draw(st.decimals(min_value=0, max_value=500, places=decimals, allow_nan=False, allow_infinity=False))
    model = draw(st.sampled_from(MODELS))
    rows = [(label, count_text(value, grouped)) for label, value in counts.items()]
    if draw(st.booleans()) and rows:
        rows[0] = (rows[0][0], "~" + rows[0][1])
    rows += [("Total Tokens", count_text(max(total, 0), grouped)), ("Estimated Cost", f"$**{cost}**" if draw(st.booleans()) else f"${cost}")]
    table = [f"|{pad}{label}{pad}|{pad}{value}{pad}|" for label, value in rows]
    footnote = "*Cost calculated at: " + ", ".join(f"{name} ${rate}/1M" for name, rate in rates.items()) + f" ({model})*"
    before = draw(st.lists(PROSE, max_size=4))
    after = draw(st.lists(PROSE, max_size=3))
    lines = [
        "# Run Log: Generated",
        f"**Started:** 2026-0{draw(st.integers(1, 9))}-1{draw(st.integers(0, 9))} 10:00",
        "**Mode:** 1",
        "",
        *before,
        "",
        "## Token Usage",
        "| Metric | Count |",
        "|--------|-------|",
        *table,
        "",
        footnote,
        "",
        *after,
    ]
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    bom = draw(st.booleans())
    return (BOM if bom else b"") + text.encode("utf-8"), draw(st.booleans())


def token_lines(data: bytes) -> set[int]:
    """1-based lines of the Total and Estimated Cost rows and of the footnote."""
    doc = parse("2026-01-01_10-00_generated-1.md", data.decode("utf-8-sig"))
    usage = find_token_usage(doc)
    assert usage is not None
    found = {usage.rows[m].line for m in ("total", "cost") if m in usage.rows}
    return found | ({usage.footnote.line} if usage.footnote else set())


def pieces(data: bytes) -> tuple[list[str], list[str]]:
    return split_lines(data.decode("utf-8-sig"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs())
def test_fix_is_idempotent_minimal_and_keeps_bom_and_line_ends(case: tuple[bytes, bool]) -> None:
    data, fix_rates = case
    table = shipped_prices()
    first = fix_bytes(data, "2026-01-01_10-00_generated-1.md", RUN_LOG, table, fix_rates)
    second = fix_bytes(first.data, "2026-01-01_10-00_generated-1.md", RUN_LOG, table, fix_rates)
    assert second.data == first.data and not second.changed

    assert first.data.startswith(BOM) == data.startswith(BOM)
    before_lines, before_ends = pieces(data)
    after_lines, after_ends = pieces(first.data)
    assert after_ends == before_ends
    allowed = token_lines(data)
    if not fix_rates:
        allowed -= {max(allowed)}  # the footnote is the last of them
    for number, (old, new) in enumerate(zip(before_lines, after_lines, strict=True), 1):
        if old != new:
            assert number in allowed, (number, old, new)
            assert old.split("|")[:2] == new.split("|")[:2] or number == max(token_lines(data))


@settings(max_examples=100, deadline=None)
@given(logs())
def test_after_a_fix_the_arithmetic_holds(case: tuple[bytes, bool]) -> None:
    data, fix_rates = case
    result = fix_bytes(data, "2026-01-01_10-00_generated-1.md", RUN_LOG, shipped_prices(), fix_rates)
    usage = find_token_usage(parse("2026-01-01_10-00_generated-1.md", result.data.decode("utf-8-sig")))
    assert usage is not None and usage.footnote is not None
    counts = usage.exact_counts()
    total, cost = usage.amount("total"), usage.amount("cost")
    assert total is not None and cost is not None
    if counts is None:
        return
    assert total.value == sum(counts.values(), Decimal(0))
    if all(m in usage.footnote.rates for m, v in counts.items() if v):
        assert cost.value == round_cost(expected_cost(counts, usage.footnote.rates), max(cost.decimals, 2))
