"""A file named like a log holds binary data.

What it does:
    Reports a file that cannot be checked as a log because a file named like a log holds binary data.

Why it matters:
    A binary file in a log folder is usually an accident (an archive or image renamed .md) and cannot be checked or published.

Example:
    A PNG screenshot saved as run-logs/2026-01-03_14-30_process-1.md.

How to fix:
    Move the file out of the log folder or give it its real extension.
"""

from __future__ import annotations

from hooks.finding import Severity
from hooks.rules.base import Rule

#: The reader's problem label (:attr:`hooks.io.text.Decoded.problem`) this rule reports.
PROBLEM = "binary"

RULE = Rule(code="RL002", name="binary-file", severity=Severity.ERROR, doc=__doc__ or "")
