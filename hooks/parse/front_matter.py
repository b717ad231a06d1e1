"""YAML front matter at the top of a markdown log, as header fields.

Agent tools write a log's header as YAML front matter (``---`` ... ``---``), sometimes after a
few comment lines a generator adds (``# generated: 2026-03-04`` above the opening ``---``;
the observation files of issue 13). Markdown itself does not know front matter: CommonMark
reads the opening ``---`` as a thematic break and the closing one as a setext underline,
turning ``key: value`` into a bogus ``##`` heading. :func:`split_front_matter` finds the
block so the document model can read its top-level scalar keys as fields and blank its lines
before the markdown parse (line numbers stay exact).

The block is front matter only when it is recognisably YAML: every top-level line inside is
``key: value`` (a key without spaces, as front matter writes it), an indented continuation,
a list item or a comment, and ruamel.yaml reads it as a mapping. A ``# Title`` followed by a
``---`` rule and ordinary prose is left to markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hooks.errors import ConfigError
from hooks.io.yaml import load_yaml

_FENCE = re.compile(r"^---\s*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)\s*$")
_COMMENT = re.compile(r"^#(?:\s.*)?$")
_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w.-]{0,60}):(?:\s+(?P<value>.*?))?\s*$")
_OTHER_LINE = re.compile(r"^(?:\s+\S.*|-\s.*|#(?!#).*|\s*)$")
#: Longest front matter read, in lines: beyond this a block is not a header.
MAX_LINES = 200


@dataclass(frozen=True)
class FrontMatter:
    """A front matter block.

    Attributes:
        first: 0-based index of the first line to hide from the markdown parse (a leading
            comment line or the opening ``---``).
        last: 0-based index of the closing ``---``.
        fields: top-level keys with scalar (or list) values as (key, value text, 1-based line).
    """

    first: int
    last: int
    fields: tuple[tuple[str, str, int], ...]


def _scalar(value: object) -> str | None:
    """A YAML value as the text a field holds: scalars as written, a list of scalars joined
    with ``, ``; ``None`` for mappings (not a field)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return None


def split_front_matter(lines: list[str]) -> FrontMatter | None:
    """The front matter block at the top of ``lines`` (no line ends), or ``None``.

    Leading comment lines (``#`` then a space, or a bare ``#``) are allowed only directly
    before the opening ``---``. Never raises.
    """
    start = 0
    while start < len(lines) and start < 20 and _COMMENT.match(lines[start]):
        start += 1
    if start >= len(lines) or not _FENCE.match(lines[start]):
        return None
    end = None
    for index in range(start + 1, min(len(lines), start + 1 + MAX_LINES)):
        if _CLOSE.match(lines[index]):
            end = index
            break
        if not (_KEY_LINE.match(lines[index]) or _OTHER_LINE.match(lines[index])):
            return None
    if end is None or end == start + 1:
        return None
    body = lines[start + 1 : end]
    if not any(_KEY_LINE.match(line) for line in body):
        return None
    try:
        node = load_yaml("\n".join(body), "<front matter>")
    except (ConfigError, RecursionError, ValueError):
        return None
    if not isinstance(node, dict):
        return None
    fields = []
    for key, value in node.items():
        text = _scalar(value)
        if text is None or not isinstance(key, str):
            continue
        try:
            line = int(node.lc.key(key)[0]) + start + 2  # type: ignore[attr-defined]
        except (AttributeError, KeyError, TypeError):
            line = start + 2
        written = _KEY_LINE.match(lines[line - 1]) if 0 < line <= len(lines) else None
        raw = (written.group("value") or "") if written else ""
        if raw and not isinstance(value, list) and raw[0] not in "|>&*!":
            text = raw[1:-1] if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "'\"" else raw  # as written
        fields.append((key, " ".join(text.split()), line))
    return FrontMatter(0, end, tuple(fields))
