"""The run summary's token or API-call counts disagree with metrics.json.

What it does:
    Compares logs_summary.txt with metrics.json in the same run folder
    (run-directory-layout.md). Per step, when both files record them: the summary's
    ``Tokens (prompt/completion/total)`` against the step's ``tokens_in`` / ``tokens_out``,
    and ``API Calls`` against ``api_calls``. For the run: ``Total Tokens`` against
    metrics.json's input plus output tokens (the ``aggregate_metrics`` block's ``TOK_IN`` +
    ``TOK_OUT``, or the sum over steps) and ``Total API Calls`` against ``API_CALLS``. The
    keys are kind options, so other metrics schemas can be described.

Why it matters:
    The summary is what reviewers read in git; metrics.json is the token record after
    reconciliation. A summary written before the token counts were reconciled reports every
    step as "0 tokens, Template-based generation (no LLM calls)" while the run spent tens of
    thousands of tokens, and cost tables built from summaries are wrong.

Example:
    ``Total Tokens: 0`` in summary/logs_summary.txt while metrics.json has
    ``"TOK_IN": 35167, "TOK_OUT": 8987``.

How to fix:
    Regenerate the summary after token reconciliation, or correct the counts by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.rundir import Count, RunDirectory


def _total(*counts: Count | None) -> int | None:
    if any(c is None for c in counts):
        return None
    return sum(c.value for c in counts if c is not None)


def check(run: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per disagreeing per-step count and per disagreeing run total."""
    if not isinstance(run, RunDirectory) or run.summary is None or run.metrics is None:
        return
    summary, metrics = run.summary, run.metrics
    by_number = {step.number: step for step in metrics.steps}
    for step in summary.steps:
        recorded = by_number.get(step.number)
        if recorded is None:
            continue
        pairs = (("prompt tokens", step.prompt, recorded.tokens_in), ("completion tokens", step.completion, recorded.tokens_out),
                 ("API calls", step.api_calls, recorded.api_calls))
        for label, written, counted in pairs:
            if written is not None and counted is not None and written.value != counted.value:
                yield Problem(written.line, f"step {step.number} {label} is {written.value:,} in the summary but {counted.value:,} in metrics.json (line {counted.line})", path=summary.path)
    tokens = _total(metrics.tokens_in, metrics.tokens_out)
    if summary.total_tokens is not None and tokens is not None and summary.total_tokens.value != tokens:
        assert metrics.tokens_in is not None and metrics.tokens_out is not None
        yield Problem(
            summary.total_tokens.line,
            f"Total Tokens is {summary.total_tokens.value:,} but metrics.json counts {metrics.tokens_in.value:,} in + "
            f"{metrics.tokens_out.value:,} out = {tokens:,}",
            path=summary.path,
        )
    calls = metrics.api_calls
    if summary.total_api_calls is not None and calls is not None and summary.total_api_calls.value != calls.value:
        yield Problem(summary.total_api_calls.line, f"Total API Calls is {summary.total_api_calls.value:,} but metrics.json counts {calls.value:,}", path=summary.path)


RULE = Rule(
    code="RL411",
    name="summary-token-mismatch",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"run-directory"}),
)
