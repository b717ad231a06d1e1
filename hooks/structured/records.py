"""Record shapes for JSON and JSON-lines kinds (episode steps, orchestrator records), as data.

A kind's ``record-fields`` option names each field a record has, its type and synonyms::

    record-fields:
      latency_ms: {type: non-negative-integer}
      tokens:     {type: non-negative-integer, required: false, nullable: true, synonyms: [tokens_used]}

Source of the episode shape: episode-log-steps.md (``ExecutionStep``: ``tool: String``,
``action: String``, ``latency_ms: u64``, ``tokens: Option<u32>``, ``success: bool``,
``observation: String``; "Steps are stored as JSON array in episode record").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hooks.kinds.kind import Kind
from hooks.model.values import check_value
from hooks.parse.json_lines import JsonRecord
from hooks.structured.options import OptionReader

#: Value types a record field may declare, with what a finding says was expected.
TYPES: dict[str, str] = {
    "any": "any value",
    "string": "a string",
    "non-empty-string": "a non-empty string",
    "integer": "a whole number",
    "non-negative-integer": "a non-negative whole number",
    "number": "a number",
    "boolean": "true or false",
    "iso8601": "an ISO 8601 timestamp string",
    "list": "a list",
    "object": "an object",
}

#: Largest values of the Rust integer types the spec names (``u32`` for tokens, ``u64`` for latency).
U32_MAX = 2**32 - 1
U64_MAX = 2**64 - 1

_FIELD_KEYS = {"type", "required", "nullable", "synonyms", "enum", "maximum"}
_OPTION_KEYS = {"containers", "record-name", "record-fields", "extra-fields", "allow-unknown-fields", "order-field"}


@dataclass(frozen=True)
class RecordField:
    """One field a record may carry.

    Attributes:
        name: the name as the spec writes it (``latency_ms``).
        type: one of :data:`TYPES`.
        required: whether its absence is a finding.
        nullable: whether JSON ``null`` counts as absent (``Option<T>`` serialised by serde).
        synonyms: other names that count as this field (``tokens_used``).
        enum: allowed values (strings compared exactly), empty for any.
        maximum: largest allowed number, or ``None``.
    """

    name: str
    type: str = "any"
    required: bool = True
    nullable: bool = False
    synonyms: tuple[str, ...] = ()
    enum: tuple[str, ...] = ()
    maximum: int | None = None

    def find(self, record: JsonRecord) -> tuple[str, Any] | None:
        """The (key, value) under which ``record`` holds this field (name first, then synonyms)."""
        fields = record.fields
        for key in (self.name, *self.synonyms):
            if key in fields:
                return key, fields[key]
        return None

    def problem(self, value: Any) -> str | None:
        """``None`` when ``value`` fits, else what was expected."""
        if value is None and self.nullable:
            return None
        expected = TYPES[self.type]
        is_int = isinstance(value, int) and not isinstance(value, bool)
        fits = {
            "any": True,
            "string": isinstance(value, str),
            "non-empty-string": isinstance(value, str) and bool(value.strip()),
            "integer": is_int,
            "non-negative-integer": is_int and value >= 0,
            "number": (is_int or isinstance(value, float)),
            "boolean": isinstance(value, bool),
            "iso8601": isinstance(value, str) and check_value("iso8601", value) is None,
            "list": isinstance(value, tuple),
            "object": isinstance(value, Mapping),
        }[self.type]
        if not fits:
            return expected
        if self.maximum is not None and (is_int or isinstance(value, float)) and value > self.maximum:
            return f"{expected} at most {self.maximum:,}"
        if self.enum and str(value) not in self.enum:
            return f"one of {', '.join(self.enum)}"
        return None


@dataclass(frozen=True)
class RecordOptions:
    """A record kind's options, validated.

    Attributes:
        containers: keys that may hold the records array in a top-level object (``steps``).
        record_name: what a record is called in messages (``step``).
        fields: the declared fields.
        extra_fields: further field names accepted without a check (``timestamp``).
        allow_unknown: whether undeclared fields are accepted silently.
        order_field: a field whose ISO 8601 values must never go backwards, or ``None``.
    """

    containers: tuple[str, ...]
    record_name: str
    fields: tuple[RecordField, ...]
    extra_fields: tuple[str, ...]
    allow_unknown: bool
    order_field: str | None

    def known(self) -> set[str]:
        """Every field name accepted (declared names, their synonyms, extra fields)."""
        names = set(self.extra_fields)
        for spec in self.fields:
            names.add(spec.name)
            names.update(spec.synonyms)
        return names


def record_options(kind: Kind) -> RecordOptions:
    """Read and validate the record options of ``kind``.

    Raises:
        ConfigError: unknown option or field key, unknown type, wrong value type.
    """
    reader = OptionReader(kind)
    reader.reject_unknown(_OPTION_KEYS)
    fields = []
    for name, node in reader.mapping("record-fields").items():
        item = reader.sub(node if isinstance(node, Mapping) else {"type": node}, f"record-fields.{name}")
        item.reject_unknown(_FIELD_KEYS)
        kind_of = item.string("type", "any") or "any"
        if kind_of not in TYPES:
            raise item.fail("type", f"one of {', '.join(TYPES)}")
        maximum = item.data.get("maximum")
        if maximum is not None and (isinstance(maximum, bool) or not isinstance(maximum, int)):
            raise item.fail("maximum", "a whole number")
        fields.append(
            RecordField(
                name=str(name),
                type=kind_of,
                required=item.boolean("required", True),
                nullable=item.boolean("nullable", False),
                synonyms=item.strings("synonyms"),
                enum=item.strings("enum"),
                maximum=maximum,
            )
        )
    return RecordOptions(
        containers=reader.strings("containers", ("steps",)),
        record_name=reader.string("record-name", "record") or "record",
        fields=tuple(fields),
        extra_fields=reader.strings("extra-fields"),
        allow_unknown=reader.boolean("allow-unknown-fields", False),
        order_field=reader.string("order-field", None),
    )
