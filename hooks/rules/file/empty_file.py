"""The log is empty or holds only white space.

What it does:
    Reports a file that cannot be checked as a log because the log is empty or holds only white space.

Why it matters:
    An empty log is usually a run that crashed before writing; it records nothing and hides that the run happened.

Example:
    A zero-byte run-logs/2026-01-03_14-30_process-1.md.

How to fix:
    Write the log, or delete the file if the run never happened.
"""

from __future__ import annotations

from hooks.finding import Severity
from hooks.rules.base import Rule

#: The reader's problem label (:attr:`hooks.io.text.Decoded.problem`) this rule reports.
PROBLEM = "empty"

RULE = Rule(code="RL003", name="empty-file", severity=Severity.ERROR, doc=__doc__ or "")
