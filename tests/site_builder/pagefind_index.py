"""Reading a built site's Pagefind index in tests: each indexed page's URL, title and text.

Pagefind writes one fragment per page (``pagefind/fragment/*.pf_fragment``): gzip holding the
signature ``pagefind_dcd`` and then JSON (``url``, ``content``, ``meta``). The URL runlog
publishes is the ``url`` meta (site_builder/search.py).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def fragments(site: Path) -> list[dict[str, object]]:
    """Every fragment of ``site``'s index, decoded."""
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        found.append(json.loads(data[len(SIGNATURE):]))
    return found


def search_docs(site: Path) -> list[dict[str, str]]:
    """The index as Material's documents were shaped: ``location`` (page URL), ``title``, ``text``."""
    docs = []
    for fragment in fragments(site):
        meta = fragment["meta"]
        assert isinstance(meta, dict)
        docs.append({"location": str(meta.get("url", "")), "title": str(meta.get("title", "")), "text": str(fragment["content"]),
                     "kind": str(meta.get("kind", "")), "date": str(meta.get("date", ""))})
    return docs
