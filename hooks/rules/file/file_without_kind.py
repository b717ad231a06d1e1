"""A markdown file under the checked paths matches no kind, so nothing checks it.

What it does:
    With ``--require-kind`` (or ``require-kind: true`` in the configuration), reports each
    markdown file under the checked paths that no kind's paths match, once, on its first
    line. Files a kind's ``exclude`` takes out, files the configuration's ``exclude`` takes
    out and folders never walked (``.git``, virtual environments, ``node_modules``) do not
    count. Without the option, ``runlog check`` and ``runlog build`` only say how many such
    files there are on standard error.

Why it matters:
    A lint that checks nothing and passes is worse than no lint: a team whose logs follow
    their own convention gets ``Checked 0 files: no findings.`` and exit 0 (issue 13 found
    this on six of seven real log folders).

Example:
    ``agent_logs/2026-03-04_agent07.md`` in a repository whose configuration has no kind
    for ``agent_logs/``.

How to fix:
    Run ``runlog init`` to infer a kind for the folder's convention, add a kind for it by
    hand, or add the file to ``exclude`` when it is not a log.
"""

from __future__ import annotations

from hooks.finding import Severity
from hooks.rules.base import Rule

RULE = Rule(code="RL005", name="file-without-kind", severity=Severity.ERROR, doc=__doc__ or "")
