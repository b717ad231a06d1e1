"""``python -m hooks``: the same commands as ``runlog``, except the site ones."""

from __future__ import annotations

from hooks.cli import main

raise SystemExit(main())
