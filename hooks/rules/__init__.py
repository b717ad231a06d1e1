"""The rule registry: every rule, in one explicit list (never discovered by scanning)."""

from __future__ import annotations

from hooks.rules import (
    file_binary,
    file_empty,
    file_name,
    file_not_utf8,
    file_too_large,
    invalid_field_value,
    missing_field,
    missing_section,
    registry_link,
    secret_in_log,
    section_order,
    table_columns,
    title,
    token_approximate,
    token_cost,
    token_footnote,
    token_model,
    token_rate,
    token_rate_missing,
    token_rounding,
    token_total,
)
from hooks.rules.base import Rule

#: Every rule runlog knows, in code order.
RULES: tuple[Rule, ...] = (
    file_not_utf8.RULE,
    file_binary.RULE,
    file_empty.RULE,
    file_too_large.RULE,
    file_name.RULE,
    title.RULE,
    missing_field.RULE,
    invalid_field_value.RULE,
    missing_section.RULE,
    section_order.RULE,
    table_columns.RULE,
    registry_link.RULE,
    token_total.RULE,
    token_cost.RULE,
    token_approximate.RULE,
    token_rate.RULE,
    token_model.RULE,
    token_rate_missing.RULE,
    token_footnote.RULE,
    token_rounding.RULE,
    secret_in_log.RULE,
)

#: Rules reporting a file the reader could not decode, by :attr:`hooks.textio.Decoded.problem`.
READ_PROBLEM_RULES: dict[str, Rule] = {
    file_not_utf8.PROBLEM: file_not_utf8.RULE,
    file_binary.PROBLEM: file_binary.RULE,
    file_empty.PROBLEM: file_empty.RULE,
    file_too_large.PROBLEM: file_too_large.RULE,
}


def by_code_or_name(key: str) -> Rule | None:
    """The rule whose code (``RL101``) or name (``file-name-convention``) is ``key``."""
    return next((r for r in RULES if key in (r.code, r.name)), None)
