"""The file is larger than the configured size limit (max-file-bytes, 1 MiB by default).

What it does:
    Reports a file that cannot be checked as a log because the file is larger than the configured size limit (max-file-bytes, 1 MiB by default).

Why it matters:
    Huge logs are usually pasted API responses; parsing them slows every commit, and the spec says to reference api-logs/ instead (run-log-template.md, Log Selectively).

Example:
    A run log with a 60 MB JSON response pasted in.

How to fix:
    Move the large payload to a separate file and link it, or raise max-file-bytes.
"""

from __future__ import annotations

from hooks.finding import Severity
from hooks.rules.base import Rule

#: The reader's problem label (:attr:`hooks.io.text.Decoded.problem`) this rule reports.
PROBLEM = "too-large"

RULE = Rule(code="RL004", name="file-too-large", severity=Severity.ERROR, doc=__doc__ or "")
