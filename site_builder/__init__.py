"""runlog's publishing package: turn log folders into a searchable mkdocs-material site.

It imports from :mod:`hooks` (the document model, kinds, registry, findings); ``hooks``
never imports from here.
"""

from __future__ import annotations
