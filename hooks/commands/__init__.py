"""One module per ``runlog`` command, each with ``add_arguments(parser)`` and ``run(args) -> int``.

Only :mod:`hooks.cli` imports them, by name, when that command runs."""
