"""The rule registry: every rule, in one explicit list (never discovered by scanning)."""

from __future__ import annotations

from hooks.rules.base import Rule
from hooks.rules.consistency import abandoned_in_progress_log as abandoned_log
from hooks.rules.consistency import file_name_date_mismatch as file_name_date
from hooks.rules.consistency import section_value_not_allowed as section_value
from hooks.rules.consistency import status_contradicts_final_status as status_final_mismatch
from hooks.rules.consistency import step_time_backwards as step_time_order
from hooks.rules.consistency import unknown_mode_in_file_name as file_name_mode
from hooks.rules.experiment import entry_timestamp_out_of_order as experiment_timestamp_order
from hooks.rules.experiment import invalid_entry_header as experiment_entry_header
from hooks.rules.experiment import missing_entry_detail as experiment_entry_detail
from hooks.rules.experiment import unknown_action_type as experiment_action_type
from hooks.rules.experiment import unknown_detail_line as experiment_stray_line
from hooks.rules.file import binary_file as file_binary
from hooks.rules.file import empty_file as file_empty
from hooks.rules.file import file_too_large, file_without_kind
from hooks.rules.file import not_utf8 as file_not_utf8
from hooks.rules.records import invalid_json as json_invalid
from hooks.rules.records import invalid_record_value as record_invalid_value
from hooks.rules.records import missing_record_field as record_missing_field
from hooks.rules.records import missing_records as record_none
from hooks.rules.records import record_timestamp_out_of_order as record_timestamp_order
from hooks.rules.records import unknown_record_field as record_unknown_field
from hooks.rules.registry import error_row_status_mismatch as registry_row_status
from hooks.rules.registry import log_cites_unknown_error as registry_unknown_id
from hooks.rules.registry import log_missing_from_entry as registry_unlisted_log
from hooks.rules.registry import (
    registry_counter_mismatch,
    registry_duplicate_error,
    registry_duplicate_id,
    registry_entries_same_pattern,
    registry_invalid_severity,
    registry_invalid_status,
    registry_stale_header,
    unregistered_recurring_error,
)
from hooks.rules.registry import registry_id_out_of_sequence as registry_id_sequence
from hooks.rules.registry import registry_link_missing_log as registry_link
from hooks.rules.rundir import missing_run_file as run_missing_file
from hooks.rules.rundir import missing_step_log as run_step_logs
from hooks.rules.rundir import run_id_mismatch
from hooks.rules.rundir import summary_token_mismatch as run_summary_tokens
from hooks.rules.secrets import secret_in_log
from hooks.rules.structure import file_name_convention as file_name
from hooks.rules.structure import invalid_field_value, missing_field, missing_section, section_order, table_columns
from hooks.rules.structure import title_mismatch as title
from hooks.rules.tokens import token_cost_mismatch as token_cost
from hooks.rules.tokens import token_cost_rounding as token_rounding
from hooks.rules.tokens import token_count_approximate as token_approximate
from hooks.rules.tokens import token_footnote_missing as token_footnote
from hooks.rules.tokens import token_model_unknown as token_model
from hooks.rules.tokens import token_rate_mismatch as token_rate
from hooks.rules.tokens import token_rate_missing
from hooks.rules.tokens import token_total_mismatch as token_total

#: Every rule runlog knows, in code order.
RULES: tuple[Rule, ...] = (
    file_not_utf8.RULE,
    file_binary.RULE,
    file_empty.RULE,
    file_too_large.RULE,
    file_without_kind.RULE,
    file_name.RULE,
    title.RULE,
    missing_field.RULE,
    invalid_field_value.RULE,
    missing_section.RULE,
    section_order.RULE,
    table_columns.RULE,
    step_time_order.RULE,
    status_final_mismatch.RULE,
    file_name_date.RULE,
    file_name_mode.RULE,
    abandoned_log.RULE,
    section_value.RULE,
    registry_link.RULE,
    registry_duplicate_id.RULE,
    registry_duplicate_error.RULE,
    registry_id_sequence.RULE,
    registry_counter_mismatch.RULE,
    registry_invalid_status.RULE,
    registry_invalid_severity.RULE,
    registry_stale_header.RULE,
    registry_unknown_id.RULE,
    registry_unlisted_log.RULE,
    registry_row_status.RULE,
    unregistered_recurring_error.RULE,
    registry_entries_same_pattern.RULE,
    token_total.RULE,
    token_cost.RULE,
    token_approximate.RULE,
    token_rate.RULE,
    token_model.RULE,
    token_rate_missing.RULE,
    token_footnote.RULE,
    token_rounding.RULE,
    experiment_entry_header.RULE,
    experiment_action_type.RULE,
    experiment_timestamp_order.RULE,
    experiment_entry_detail.RULE,
    experiment_stray_line.RULE,
    run_missing_file.RULE,
    run_summary_tokens.RULE,
    run_id_mismatch.RULE,
    run_step_logs.RULE,
    json_invalid.RULE,
    record_missing_field.RULE,
    record_invalid_value.RULE,
    record_none.RULE,
    record_timestamp_order.RULE,
    record_unknown_field.RULE,
    secret_in_log.RULE,
)

#: Rules reporting a file the reader could not decode, by :attr:`hooks.io.text.Decoded.problem`.
READ_PROBLEM_RULES: dict[str, Rule] = {
    file_not_utf8.PROBLEM: file_not_utf8.RULE,
    file_binary.PROBLEM: file_binary.RULE,
    file_empty.PROBLEM: file_empty.RULE,
    file_too_large.PROBLEM: file_too_large.RULE,
}


def by_code_or_name(key: str) -> Rule | None:
    """The rule whose code (``RL101``) or name (``file-name-convention``) is ``key``."""
    return next((r for r in RULES if key in (r.code, r.name)), None)
