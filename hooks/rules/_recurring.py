"""What the recurring-error rules share: the patterns of one check, mined once.

RL213 and RL214 both need every error occurrence of the check grouped into patterns
(:func:`hooks.error_patterns.mine_patterns`). :func:`project_patterns` extracts them from
the markdown documents the engine parsed (:mod:`hooks.occurrences`) and mines them once per
:class:`~hooks.rules.base.Project`. Structured files (episodes, run directories) reach
project rules without a model, so they take no part here; ``runlog patterns`` reads them
too, which changes nothing for registries and the run logs they govern unless an episode
repeats a run log's message.
"""

from __future__ import annotations

import weakref

from hooks.error_patterns import Occurrence, Pattern, mine_patterns
from hooks.occurrences import document_occurrences
from hooks.rules.base import Project

#: Patterns by ``id(project)``, for as long as the project lives.
_MINED: dict[int, tuple[weakref.ref[Project], list[Pattern]]] = {}


def project_occurrences(project: Project) -> list[Occurrence]:
    """Every occurrence in the project's parsed markdown documents, in path order.

    Raises:
        ConfigError: a kind's options are invalid.
    """
    found: list[Occurrence] = []
    for entry in project.entries:
        if entry.document is not None:
            found.extend(document_occurrences(entry.document, entry.kind))
    return found


def project_patterns(project: Project) -> list[Pattern]:
    """:func:`project_occurrences` mined into patterns, memoized per project."""
    key = id(project)
    hit = _MINED.get(key)
    if hit is not None and hit[0]() is project:
        return hit[1]
    patterns = mine_patterns(project_occurrences(project))
    _MINED[key] = (weakref.ref(project, lambda _ref: _MINED.pop(key, None)), patterns)
    return patterns
