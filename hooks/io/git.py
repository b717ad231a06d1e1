"""Git plumbing through the ``git`` command itself.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from hooks.errors import UsageError


def git(repo: Path, *args: str) -> str:
    """Run ``git`` in ``repo`` and return its standard output (decoded, surrogates escaped).

    Raises:
        UsageError: git is missing or the command fails (the message is git's first line).
    """
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=repo, capture_output=True, check=False,
        )
    except OSError as exc:
        raise UsageError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"])[0]
        raise UsageError(f"git {args[0]}: {first}")
    return done.stdout.decode("utf-8", "surrogateescape")
