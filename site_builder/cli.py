"""The ``runlog`` console script: the checking commands of :mod:`hooks.cli` plus the site ones.

``hooks`` never imports ``site_builder``, so the site commands' rows are added here, to the
same command table, and ``python -m hooks`` offers every command but these. As for every
command, a site command's module is imported only when it runs.
"""

from __future__ import annotations

from collections.abc import Sequence

from hooks.cli import COMMANDS, Command
from hooks.cli import main as hooks_main

#: The site commands, listed after the checking ones.
SITE_COMMANDS: list[Command] = [
    Command("build", "site_builder.commands.build", "build the team log site from a log folder"),
    Command("serve", "site_builder.commands.serve", "preview the team log site with live reload"),
]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``runlog`` command (checking or site); return its exit code."""
    return hooks_main(argv, [*COMMANDS, *SITE_COMMANDS])


if __name__ == "__main__":
    raise SystemExit(main())
