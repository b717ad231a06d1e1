"""The finding record: what a rule reports about one place in one file."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    """How much a finding matters. ``off`` exists only in configuration: such rules do not run."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for error, 1 for warning, 2 for info: lower sorts first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place.

    Attributes:
        path: the file, as a POSIX path relative to the folder the check started from
            (or as given on the command line).
        line: 1-based line; 1 for whole-file problems.
        column: 1-based column; 1 when the rule cannot be more precise.
        code: the rule code, e.g. ``RL101``.
        name: the rule's readable name, e.g. ``missing-section``.
        severity: the effective severity after configuration.
        message: one line, without the location, code or name.
    """

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Stable output order: path, line, column, code, message."""
        return (self.path, self.line, self.column, self.code, self.message)
