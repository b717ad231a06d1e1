"""The file is not valid UTF-8.

What it does:
    Reports a file that cannot be checked as a log because the file is not valid UTF-8.

Why it matters:
    Logs are read by the checker, the site and other agents as UTF-8; a Latin-1 or UTF-16 log shows as mojibake or not at all.

Example:
    A log saved by a Windows editor as UTF-16.

How to fix:
    Re-save the file as UTF-8 (a BOM is allowed).
"""

from __future__ import annotations

from hooks.finding import Severity
from hooks.rules.base import Rule

#: The reader's problem label (:attr:`hooks.io.text.Decoded.problem`) this rule reports.
PROBLEM = "encoding"

RULE = Rule(code="RL001", name="not-utf8", severity=Severity.ERROR, doc=__doc__ or "")
