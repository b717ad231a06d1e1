"""runlog's checking package: parse agent run logs once, check them against their kind.

The public entry points are the ``runlog`` command (:mod:`hooks.cli`) and the pre-commit
hooks declared in ``.pre-commit-hooks.yaml``. ``site_builder`` imports from this package,
never the reverse.
"""

from __future__ import annotations

__version__ = "0.1.0"
