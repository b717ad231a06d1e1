"""The rule table: every rule's code, name, default severity and options, as shipped data.

Configuration names rules (``rules: {RL105: warning, missing-section: off}``,
``rule-options:``) and is validated on load, but loading it must not import the rules
themselves: ``runlog guard`` loads the configuration on every commit and needs no rule. So
the rule set's metadata is generated into ``hooks/data/rules.json``
(``runlog rules --write-table hooks/data/rules.json``, from :data:`hooks.rules.ruleset.RULES`);
a test fails when that copy is stale.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from hooks.finding import Severity

#: The table's file under ``hooks/data/``.
TABLE_NAME = "rules.json"


@dataclass(frozen=True)
class RuleInfo:
    """One rule as configuration sees it.

    Attributes:
        code: stable code (``RL101``).
        name: readable alias (``file-name-convention``).
        severity: default severity.
        options: default option values (plain data).
        summary: the first line of the rule's documentation.
    """

    code: str
    name: str
    severity: Severity
    options: dict[str, Any]
    summary: str


@lru_cache(maxsize=1)
def rule_table() -> tuple[RuleInfo, ...]:
    """Every rule, in code order, read from ``hooks/data/rules.json``.

    Raises:
        RuntimeError: the shipped table is missing or malformed (a broken installation).
    """
    try:
        data = json.loads((resources.files("hooks") / "data" / TABLE_NAME).read_text(encoding="utf-8"))
        return tuple(RuleInfo(r["code"], r["name"], Severity(r["severity"]), dict(r["options"]), r["summary"]) for r in data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RuntimeError(f"hooks/data/{TABLE_NAME} is missing or malformed: {exc}") from None


@lru_cache(maxsize=1)
def _by_key() -> dict[str, RuleInfo]:
    table: dict[str, RuleInfo] = {}
    for info in rule_table():
        table[info.code] = table[info.name] = info
    return table


def rule_info(key: str) -> RuleInfo | None:
    """The rule whose code (``RL101``) or name (``file-name-convention``) is ``key``."""
    return _by_key().get(key)
