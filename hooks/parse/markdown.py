"""The markdown block parse the document model is built from (markdown-it-py, CommonMark + GFM tables).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    # Block structure only: the model reads each inline token's ``content`` (source text) and
    # ``map``, never its children, so the inline pass (emphasis, links...) is skipped. It was
    # about half of the parse time (bench/run.py; cProfile of ``runlog check`` on 1,000 logs).
    # Block structure only: rules read inline content as source text, so the inline pass
    # (about two thirds of markdown-it's time) is switched off.
    return MarkdownIt("commonmark", {"html": True}).enable("table").disable(["inline", "text_join"]).disable("inline")


def repair_nested_fences(lines: list[str]) -> list[str]:
    """Lengthen the delimiters of markdown-in-markdown fences so inner fences stay inside.

    Spec documents show templates as a fence with info string ``markdown`` that itself holds
    fences (run-log-template.md; the heyreach registry's ERR-XXX template). CommonMark closes
    the outer fence at the first inner bare fence, which turns the rest of the template into
    live content and can swallow the rest of the file. Inside such a fence, a fence line with
    an info string, or a bare one right after a line ending in ``:`` or ``:**``, opens an
    inner block; the next bare line closes it; a bare line at depth 0 closes the outer fence.
    When inner blocks were seen, the outer delimiters are rewritten one character longer.
    Line count and all other lines are unchanged, so line numbers stay exact.
    """
    out = list(lines)
    index = 0
    while index < len(out):
        match = _FENCE.match(out[index])
        if not match or match.group(3).lower() not in {"markdown", "md"}:
            index += 1
            continue
        opener, char = index, match.group(2)[0]
        width = len(match.group(2))
        depth, nested, closer = 0, False, None
        previous = out[index]
        for probe in range(index + 1, len(out)):
            inner = _FENCE.match(out[probe])
            if inner and inner.group(2)[0] == char and len(inner.group(2)) >= 3:
                bare = inner.group(3) == "" and out[probe].strip() == inner.group(2)
                if not bare:
                    depth, nested = depth + 1, True
                elif depth > 0:
                    depth -= 1
                elif previous.rstrip().endswith((":", ":**")):
                    depth, nested = depth + 1, True
                else:
                    closer = probe
                    break
            if out[probe].strip():
                previous = out[probe]
        if closer is None or not nested:
            index = (closer or index) + 1
            continue
        longer = char * (max(width, 3) + 1)
        out[opener] = out[opener].replace(match.group(2), longer, 1)
        indent = lines[closer][: len(lines[closer]) - len(lines[closer].lstrip())]
        out[closer] = indent + longer + lines[closer].lstrip().lstrip(char)
        index = closer + 1
    return out
