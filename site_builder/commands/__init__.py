"""The site commands (``runlog build``, ``runlog serve``), one module each, imported by :mod:`hooks.cli` by name."""
