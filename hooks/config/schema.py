"""The JSON Schema of the configuration, generated from the loader's keys and the rule set.

Shipped as ``hooks/data/config.schema.json``; a test fails when that copy is stale.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from hooks.config.loader import CONFIG_KEYS, SEVERITY_NAMES
from hooks.config.rule_table import rule_table
from hooks.io.text import DEFAULT_MAX_BYTES
from hooks.kinds.overrides import schema as kind_overrides_schema

#: Where the generated schema ships inside the package.
SCHEMA_RESOURCE = "data/config.schema.json"


def _type_of(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, str):
        return {"type": "string"}
    if isinstance(value, (list, tuple)):
        return {"type": "array"}
    if isinstance(value, dict):
        return {"type": "object"}
    return {}


def _rules_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for rule in rule_table():
        for alias in (rule.code, rule.name):
            properties[alias] = {"$ref": "#/definitions/severity", "description": f"{rule.code} {rule.name}: {rule.summary}"}
    return {"type": "object", "description": "Severity per rule, by code or name.", "properties": properties, "additionalProperties": False}


#: JSON Schema fragment per top-level key (every key in ``CONFIG_KEYS`` needs one; a test checks).
KEY_SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "rules": _rules_schema,
    "rule-options": lambda: {
        "type": "object",
        "description": "Options per rule, by code or name.",
        "properties": {
            alias: {
                "type": "object",
                "description": f"Options of {rule.code} {rule.name}.",
                "properties": {name: {**_type_of(default), "default": default} for name, default in sorted(rule.options.items())},
                "additionalProperties": False,
            }
            for rule in rule_table()
            if rule.options
            for alias in (rule.code, rule.name)
        },
        "additionalProperties": False,
    },
    "kinds": lambda: {
        "type": "array",
        "description": "Extra kinds: kind files (YAML) relative to this file, or kinds written inline (as runlog init writes them); "
        "a kind overrides a shipped one of the same name.",
        "items": {"anyOf": [{"type": "string"}, {"type": "object", "required": ["name"]}]},
    },
    "shipped-kinds": lambda: {
        "description": "Which shipped kinds are in force: true (all, the default), false (none), or a list of their names.",
        "anyOf": [{"type": "boolean"}, {"type": "array", "items": {"type": "string"}}],
        "default": True,
    },
    "baseline": lambda: {
        "type": "string",
        "minLength": 1,
        "description": "Baseline file (relative to this file) whose findings runlog check and the pre-commit hooks leave out: "
        "adopt runlog on a folder with old findings. Write it with runlog check --write-baseline FILE.",
    },
    "require-kind": lambda: {
        "type": "boolean",
        "default": False,
        "description": "Markdown files under the checked paths that match no kind are findings (RL005 file-without-kind).",
    },
    "exclude": lambda: {"type": "array", "description": "Glob patterns of files left out of every check.", "items": {"type": "string"}},
    "kind-overrides": kind_overrides_schema,
    "max-file-bytes": lambda: {
        "type": "integer",
        "minimum": 1,
        "default": DEFAULT_MAX_BYTES,
        "description": "Size limit per file, in bytes; larger files are a finding (RL004).",
    },
    "prices": lambda: {
        "description": "Price rows added to the shipped table (hooks/data/prices.yaml), or the path of a YAML file of rows.",
        "anyOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "object"}}],
    },
    "retention": lambda: {
        "type": "object",
        "description": "The run-log retention policy of runlog prune (run-log-template.md, Retention).",
        "properties": {
            "keep-days": {"type": "integer", "minimum": 30, "default": 30, "description": "Logs this many days old or younger are kept."},
            "routine-statuses": {"type": "array", "items": {"type": "string"}, "default": ["Completed"]},
            "archive-field": {"type": "string", "default": "Archived", "description": "Header field that, set to yes, keeps a log."},
            "archive-folders": {"type": "array", "items": {"type": "string"}, "default": ["archive"]},
            "kinds": {"type": "array", "items": {"type": "string"}, "default": ["run-log"]},
        },
        "additionalProperties": False,
    },
    "overrides": lambda: {
        "type": "array",
        "description": "Severities for files matching globs; applied in order, a later one wins.",
        "items": {
            "type": "object",
            "properties": {
                "files": {
                    "description": "Glob patterns (one pattern may be given as a string).",
                    "anyOf": [
                        {"type": "string", "minLength": 1},
                        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                    ],
                },
                "rules": {"$ref": "#/definitions/rules"},
            },
            "required": ["files", "rules"],
            "additionalProperties": False,
        },
    },
}


def config_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of the configuration, built from the loader's keys and the
    rule registry. Keys in ``CONFIG_KEYS`` without an entry in :data:`KEY_SCHEMAS` get ``{}``."""
    properties = {key: (KEY_SCHEMAS[key]() if key in KEY_SCHEMAS else {}) for key in sorted(CONFIG_KEYS)}
    if "rules" in properties:
        properties["rules"] = {"$ref": "#/definitions/rules"}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "runlog configuration",
        "description": "[tool.runlog] in pyproject.toml, or .runlog.yaml. Generated by hooks.config.schema.config_schema(); "
        "refresh with: runlog config-schema --write hooks/data/config.schema.json",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "definitions": {"severity": {"enum": sorted(SEVERITY_NAMES)}, "rules": _rules_schema()},
    }


def schema_text() -> str:
    """:func:`config_schema` as the exact text of ``hooks/data/config.schema.json``."""
    return json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n"
