"""What the recurring-error rules share: the patterns of one check, mined once.

RL213 and RL214 both need the check's error occurrences grouped into patterns
(:func:`hooks.model.error_patterns.mine_patterns`): every registry entry (registries reach
project rules with their document) and the errors each log a registry governs records (its
:attr:`~hooks.model.error_registry.LogFacts.occurrences`, extracted by the engine's workers).
:func:`project_patterns` mines them once per :class:`~hooks.rules.base.Project`.
``runlog patterns`` reads every kind (episodes, run directories, execution logs too), so on a
folder where those repeat a run log's message its patterns can hold more than the rules'.
"""

from __future__ import annotations

from hooks.kinds.registry_shape import is_registry_kind
from hooks.model.error_patterns import Occurrence, Pattern, mine_patterns
from hooks.rules.base import Project
from hooks.structured.occurrences import registry_occurrences


def project_occurrences(project: Project) -> list[Occurrence]:
    """Registry entries and governed logs' occurrences, in the project's path order.

    Raises:
        ConfigError: a registry kind's options are invalid.
    """
    found: list[Occurrence] = []
    for entry in project.entries:
        if entry.document is not None and is_registry_kind(entry.kind):
            found.extend(registry_occurrences(entry.document, entry.kind))
        elif entry.facts is not None:
            found.extend(entry.facts.occurrences)
    return found


def project_patterns(project: Project) -> list[Pattern]:
    """:func:`project_occurrences` mined into patterns, once per project (shared by the rules)."""
    shared: list[Pattern] | None = project.shared.get("patterns")
    if shared is None:
        shared = project.shared["patterns"] = mine_patterns(project_occurrences(project))
    return shared
