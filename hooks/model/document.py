"""The document model: a markdown log parsed once into immutable records.

Rules read a :class:`Document`; they never open files or parse (markdownlint's habit). The
block structure is CommonMark plus GFM tables as markdown-it-py reads it, so code fences and
indented code are respected: a template shown inside a fence is not live content. It comes
from :func:`hooks.parse.markdown.blocks` (a port of markdown-it-py's block rules that builds no tokens);
:func:`parse_with_markdown_it` reads markdown-it-py's own token stream, the oracle the port is
tested against and its fallback. Line numbers are 1-based (the parsers' are 0-based,
end-exclusive, as markdown-it's ``token.map``).

Header fields take the forms seen in real logs: ``**Key:** value`` (the spec's,
run-log-template.md), the bullet form ``- Key: value`` / ``- **Key:** value`` (the heyreach
session summaries) and YAML front matter, also after leading ``#`` comment lines
(:mod:`hooks.parse.front_matter`).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from hooks.parse.front_matter import split_front_matter
from hooks.parse.markdown import (
    CODE,
    HEADING,
    HTML,
    PARAGRAPH,
    TABLE,
    Block,
    Unsupported,
    blocks,
    markdown_parser,
    may_need_repair,
    repair_nested_fences,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

_BOLD_FIELD = re.compile(r"^\*\*(?P<key>[^*\n]{1,60}?)\s*(?::\s*\*\*|\*\*\s*:)\s*(?P<value>.*)$")
_PLAIN_FIELD = re.compile(r"^(?P<key>[A-Za-z][\w ./()&'-]{0,40}?)\s*:\s+(?P<value>\S.*)$")
_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_EMPHASIS = re.compile(r"(\*\*|__|`)")


@dataclass(frozen=True)
class Field:
    """A ``Key: value`` pair.

    Attributes:
        key: the key as written, without emphasis or the colon (``Started``).
        value: the value, stripped; emphasis kept as written.
        line: 1-based source line.
        section: title of the innermost enclosing section, ``None`` before the first heading
            after the title.
        bullet: whether it was written as a list item.
    """

    key: str
    value: str
    line: int
    section: str | None
    bullet: bool = False


@dataclass(frozen=True)
class Row:
    """One body row of a table: the raw cell texts and the row's 1-based source line."""

    cells: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Table:
    """A GFM table.

    Attributes:
        header: the header cell texts, as written.
        rows: the body rows.
        line: 1-based line of the header row.
        section: title of the innermost enclosing section (``None`` before any).
    """

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    line: int
    section: str | None

    def column(self, name: str) -> int | None:
        """Index of the column whose header (emphasis stripped, case-folded) is ``name``."""
        wanted = name.casefold()
        for index, cell in enumerate(self.header):
            if plain(cell).casefold() == wanted:
                return index
        return None


@dataclass(frozen=True)
class Section:
    """A heading and the lines it governs.

    Attributes:
        level: 1 to 6.
        title: the heading text as written (inline markup kept).
        line: 1-based line of the heading.
        end_line: 1-based last line before the next heading of the same or a higher level
            (or the last line of the file).
    """

    level: int
    title: str
    line: int
    end_line: int

    def contains(self, line: int) -> bool:
        """Whether ``line`` lies in this section (heading line excluded)."""
        return self.line < line <= self.end_line


@dataclass(frozen=True)
class Document:
    """One parsed markdown log.

    Attributes:
        path: display path (POSIX, relative to where the check started).
        text: the decoded text (no BOM).
        lines: ``text`` split into lines, without line ends.
        title: the first H1's text, or ``None``.
        title_line: its 1-based line (1 when there is none).
        sections: every heading, in source order (the H1 included).
        fields: every ``Key: value`` field in live content, in source order.
        tables: every table in live content, in source order.
        fences: 1-based inclusive line ranges of code blocks (fenced and indented).
        comments: HTML comments in live content as (1-based line, inner text).
    """

    path: str
    text: str
    lines: tuple[str, ...]
    title: str | None
    title_line: int
    sections: tuple[Section, ...]
    fields: tuple[Field, ...]
    tables: tuple[Table, ...]
    fences: tuple[tuple[int, int], ...]
    comments: tuple[tuple[int, str], ...] = field(default=())

    @cached_property
    def _heading_lines(self) -> list[int]:
        return [s.line for s in self.sections]

    @cached_property
    def _field_lines(self) -> list[int]:
        return [f.line for f in self.fields]

    @cached_property
    def _table_lines(self) -> list[int]:
        return [t.line for t in self.tables]

    @cached_property
    def _fence_starts(self) -> list[int]:
        return [start for start, _ in self.fences]

    @cached_property
    def header_fields(self) -> tuple[Field, ...]:
        """Fields before the first H2: the log's header (``**Started:**``, ``**Mode:**``...)."""
        first_h2 = next((s.line for s in self.sections if s.level >= 2), len(self.lines) + 1)
        return self.fields[: bisect_left(self._field_lines, first_h2)]

    def field(self, key: str, header_only: bool = True) -> Field | None:
        """The first field whose key equals ``key`` (case-insensitive), or ``None``."""
        wanted = key.casefold()
        pool = self.header_fields if header_only else self.fields
        return next((f for f in pool if f.key.casefold() == wanted), None)

    def find_sections(self, pattern: re.Pattern[str], level: int | None = None) -> list[Section]:
        """Sections whose plain title matches ``pattern`` (``re.fullmatch``), optionally at ``level``."""
        return [
            s for s in self.sections if (level is None or s.level == level) and pattern.fullmatch(plain(s.title))
        ]

    def section_of(self, line: int) -> Section | None:
        """The innermost section containing ``line`` (heading lines excluded).

        The innermost section holding a line is the nearest heading above it: every heading
        extends at least to the line before the next heading. O(log n).
        """
        index = bisect_left(self._heading_lines, line) - 1
        return self.sections[index] if index >= 0 else None

    def fields_in(self, section: Section) -> tuple[Field, ...]:
        """Fields lying within ``section`` (its subsections included). O(log n)."""
        lines = self._field_lines
        return self.fields[bisect_right(lines, section.line) : bisect_right(lines, section.end_line)]

    def tables_in(self, section: Section) -> tuple[Table, ...]:
        """Tables lying within ``section`` (its subsections included). O(log n)."""
        lines = self._table_lines
        return self.tables[bisect_right(lines, section.line) : bisect_right(lines, section.end_line)]

    def in_fence(self, line: int) -> bool:
        """Whether 1-based ``line`` is inside a code block. O(log n)."""
        index = bisect_right(self._fence_starts, line) - 1
        return index >= 0 and self.fences[index][1] >= line


_CODE_SPAN = re.compile(r"`[^`]*`")


def count_cells(source_line: str) -> int:
    """Number of cells written on a table row's source line (escaped ``\\|`` and code spans kept whole).

    markdown-it pads short rows and drops extra cells, so raggedness is read from the source.
    """
    text = source_line.strip()
    text = _CODE_SPAN.sub("x", text.replace("\\|", "x")) if "`" in text else text.replace("\\|", "x")
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return text.count("|") + 1


@lru_cache(maxsize=16384)
def plain(text: str) -> str:
    """``text`` without bold, italics-by-underscore or backtick markup, stripped (pure, so
    cached: rules ask for the same titles, keys and cells many times per log)."""
    return _EMPHASIS.sub("", text).strip()


def parse(path: str, text: str) -> Document:
    """Parse ``text`` (decoded, no BOM) into a :class:`Document` displayed as ``path``.

    :func:`parse_fast` gives the document (about 5x faster than markdown-it-py's token
    stream: bench/parse.py); the few inputs it leaves alone (link reference definitions,
    nesting past 16 levels), and every input when ``RUNLOG_PARSER=markdown-it`` is set, go
    to :func:`parse_with_markdown_it`. Both give equal documents
    (tests/hooks/test_parse_differential.py).

    Never raises for any input text; the worst case is a document with no structure.
    """
    if _USE_MARKDOWN_IT:
        return parse_with_markdown_it(path, text)
    try:
        return parse_fast(path, text)
    except Unsupported:
        return parse_with_markdown_it(path, text)


def parse_fast(path: str, text: str) -> Document:
    """:func:`parse` by :func:`hooks.parse.markdown.blocks` alone, without the fallback.

    Raises:
        hooks.parse.markdown.Unsupported: ``text`` holds a link reference definition or nesting
            past 16 levels (see :mod:`hooks.parse.markdown`).
    """
    normalized = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    source_lines = normalized.split("\n")
    first = source_lines[0]
    # Front matter opens with "---", after "#" comment lines only: a "# Title" line followed by
    # anything but "---" or another "#" line holds none (split_front_matter's own test, sooner).
    maybe_front = first.startswith("---") or (first.startswith("#") and len(source_lines) > 1 and source_lines[1].startswith(("---", "#")))
    front = split_front_matter(source_lines) if maybe_front else None
    if front is not None:  # hidden from markdown (a setext heading otherwise), read as fields
        hidden = repair_nested_fences(source_lines)
        hidden[front.first : front.last + 1] = [""] * (front.last + 1 - front.first)
        source, lines = "\n".join(hidden), hidden
    elif may_need_repair(normalized):
        source, lines = "\n".join(repair_nested_fences(source_lines)), None
    else:
        source, lines = normalized, source_lines
    return _document(path, normalized, source_lines, blocks(source, lines), front.fields if front else ())


#: ``RUNLOG_PARSER=markdown-it`` makes :func:`parse` use markdown-it-py (read once, at import).
_USE_MARKDOWN_IT = os.environ.get("RUNLOG_PARSER", "") == "markdown-it"

#: :data:`_BOLD_FIELD` for every line of a paragraph at once (``re.M``): one match per line,
#: with ``key`` and ``value`` empty where the line is no field. ``[^\S\n]`` where it has ``\s``,
#: so no match spans two lines; the leading ``[^\S\n]*`` and the value's ``.*`` stand for the
#: ``str.strip`` it applies to each line (``\s`` is ``str.isspace``). The key is never empty.
_BOLD_LINES = re.compile(
    r"^(?:[^\S\n]*\*\*(?P<key>[^*\n]{1,60}?)[^\S\n]*(?::[^\S\n]*\*\*|\*\*[^\S\n]*:)[^\S\n]*(?P<value>.*)|.*)$", re.M
)
#: :data:`_BOLD_LINES`, then :data:`_PLAIN_FIELD` where the bold form fails (a list item's
#: ``- Key: value``), for every line of a paragraph in a list.
_LIST_LINES = re.compile(
    r"^(?:[^\S\n]*\*\*(?P<key>[^*\n]{1,60}?)[^\S\n]*(?::[^\S\n]*\*\*|\*\*[^\S\n]*:)[^\S\n]*(?P<value>.*)"
    r"|[^\S\n]*(?P<loose_key>[A-Za-z][\w ./()&'-]{0,40}?)[^\S\n]*:[^\S\n]+(?P<loose_value>\S.*)|.*)$",
    re.M,
)
_new = object.__new__


def _field(key: str, value: str, line: int, section: str | None, bullet: bool) -> Field:
    """``Field(key, value, line, section, bullet)``, built as the frozen dataclass's ``__init__``
    would build it, without its five ``object.__setattr__`` calls (0.23 us against 0.59 us; a
    2 KB log has about 34 fields). Equal to the dataclass's own (the differential test)."""
    made = _new(Field)
    attributes = made.__dict__
    attributes["key"] = key
    attributes["value"] = value
    attributes["line"] = line
    attributes["section"] = section
    attributes["bullet"] = bullet
    return made


def _document(
    path: str, normalized: str, source_lines: list[str], found: list[Block], front: tuple[tuple[str, str, int], ...] = ()
) -> Document:
    """Build the :class:`Document` from :func:`hooks.parse.markdown.blocks` (fields, comments, sections).

    One pass in source order: a field or table belongs to the section of the last heading
    before it (``None`` under the H1 or before any heading). ``front``: the front matter's
    fields as (key, value, 1-based line), which come first, under no section."""
    total = len(source_lines)
    sections_made: list[Section] = []
    open_sections: list[Section] = []  # sections whose end is not known yet, outermost first
    fences: list[tuple[int, int]] = []
    fields: list[Field] = [_field(key, value, line, None, False) for key, value, line in front]
    tables: list[Table] = []
    comments: list[tuple[int, str]] = []
    section: str | None = None
    bold_field, plain_field, bold_lines, list_lines, new = _BOLD_FIELD.match, _PLAIN_FIELD.match, _BOLD_LINES.findall, _LIST_LINES.findall, _new
    for block in found:
        kind = block[0]
        if kind == PARAGRAPH:
            _, start, content, in_list = block
            if in_list and "\n" not in content and "<!--" not in content:
                # Most list paragraphs are one item's one line: the two patterns, as written.
                text = content.strip()
                found_field = bold_field(text) if text.startswith("**") else plain_field(text)
                if found_field:
                    key, value = found_field.group("key", "value")
                    made = new(Field)
                    attributes = made.__dict__
                    attributes["key"] = key.strip()
                    attributes["value"] = value.strip()
                    attributes["line"] = start + 1
                    attributes["section"] = section
                    attributes["bullet"] = True
                    fields.append(made)
            elif in_list and "<!--" not in content:
                # As below, with the bullet form too: (bold key, value, plain key, value) per line.
                for offset, (key, value, loose_key, loose_value) in enumerate(list_lines(content), start + 1):
                    if key or loose_key:
                        made = new(Field)
                        attributes = made.__dict__
                        attributes["key"] = (key or loose_key).strip()
                        attributes["value"] = (value if key else loose_value).strip()
                        attributes["line"] = offset
                        attributes["section"] = section
                        attributes["bullet"] = True
                        fields.append(made)
            elif in_list or "<!--" in content:
                line = start
                for text in content.split("\n"):
                    line += 1
                    text = text.strip()
                    if "<!--" in text:
                        for match in _HTML_COMMENT.finditer(text):
                            comments.append((line, match.group(1).strip()))
                    bold = bold_field(text) if text.startswith("**") else None
                    if bold:
                        fields.append(_field(bold.group("key").strip(), bold.group("value").strip(), line, section, in_list))
                    elif in_list:
                        loose = plain_field(text)
                        if loose:
                            fields.append(_field(loose.group("key").strip(), loose.group("value").strip(), line, section, True))
            elif "**" in content:
                # One findall: a (key, value) pair per line, ("", "") for a line that is no field.
                for offset, (key, value) in enumerate(bold_lines(content), start + 1):
                    if key:
                        made = new(Field)  # _field, inlined: this is the loop that builds most fields
                        attributes = made.__dict__
                        attributes["key"] = key.strip()
                        attributes["value"] = value.strip()
                        attributes["line"] = offset
                        attributes["section"] = section
                        attributes["bullet"] = False
                        fields.append(made)
        elif kind == HEADING:
            _, line, level, title = block
            line += 1
            while open_sections and open_sections[-1].level >= level:
                # A section ends before the next heading of its level or higher; made here,
                # so its end is set before anyone sees it (the last ones end at the last line).
                open_sections.pop().__dict__["end_line"] = line - 1
            made_section = new(Section)  # built as _field builds a field
            attributes = made_section.__dict__
            attributes["level"] = level
            attributes["title"] = title
            attributes["line"] = line
            attributes["end_line"] = total
            sections_made.append(made_section)
            open_sections.append(made_section)
            section = None if level == 1 else title
        elif kind == CODE:
            fences.append((block[1] + 1, block[2]))
        elif kind == TABLE:
            _, line, header, rows = block
            made_rows = []
            for cells, number in rows:  # built as _field builds a field
                row = new(Row)
                attributes = row.__dict__
                attributes["cells"] = cells
                attributes["line"] = number + 1
                made_rows.append(row)
            tables.append(Table(header, tuple(made_rows), line + 1, section))
        elif kind == HTML:
            _, line, content = block
            for match in _HTML_COMMENT.finditer(content):
                offset = content.count("\n", 0, match.start())
                comments.append((line + 1 + offset, match.group(1).strip()))

    sections = tuple(sections_made)
    title_section = next((s for s in sections if s.level == 1), None)
    document = _new(Document)  # as _field builds a field: Document's frozen __init__ costs 2.5 us
    document.__dict__.update(
        path=path,
        text=normalized,
        lines=tuple(source_lines),
        title=title_section.title if title_section else None,
        title_line=title_section.line if title_section else 1,
        sections=sections,
        fields=tuple(fields),
        tables=tuple(tables),
        fences=tuple(fences),
        comments=tuple(comments),
    )
    return document


def _inline_lines(token: Token) -> Iterator[tuple[int, str]]:
    start = token.map[0] if token.map else 0
    for offset, text in enumerate(token.content.split("\n")):
        yield start + offset + 1, text.strip()


def parse_with_markdown_it(path: str, text: str) -> Document:
    """:func:`parse` as it was before issue 12: markdown-it-py's block token stream,
    walked. The oracle of tests/hooks/test_parse_differential.py and the fallback of :func:`parse`.

    Never raises for any input text; the worst case is a document with no structure.
    """
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    source_lines = normalized.split("\n")
    repaired = repair_nested_fences(source_lines)
    front = split_front_matter(source_lines) if source_lines[0].startswith(("---", "#")) else None
    if front is not None:  # hidden from markdown (a setext heading otherwise), read as fields
        repaired[front.first : front.last + 1] = [""] * (front.last + 1 - front.first)
    tokens = markdown_parser().parse("\n".join(repaired))
    total = len(source_lines)

    headings: list[tuple[int, str, int]] = []
    fences: list[tuple[int, int]] = []
    raw_fields: list[tuple[str, str, int, bool]] = [(k, v, ln, False) for k, v, ln in front.fields] if front else []
    raw_tables: list[tuple[tuple[str, ...], tuple[Row, ...], int]] = []
    comments: list[tuple[int, str]] = []
    list_depth = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in {"bullet_list_open", "ordered_list_open"}:
            list_depth += 1
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            list_depth -= 1
        elif kind == "heading_open" and token.map:
            inline = tokens[index + 1]
            headings.append((int(token.tag[1]), inline.content.strip(), token.map[0] + 1))
        elif kind in {"fence", "code_block"} and token.map:
            fences.append((token.map[0] + 1, token.map[1]))
        elif kind in {"html_block"} and token.map:
            for match in _HTML_COMMENT.finditer(token.content):
                offset = token.content.count("\n", 0, match.start())
                comments.append((token.map[0] + 1 + offset, match.group(1).strip()))
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            for line, content in _inline_lines(token):
                for match in _HTML_COMMENT.finditer(content):
                    comments.append((line, match.group(1).strip()))
                bold = _BOLD_FIELD.match(content)
                if bold:
                    raw_fields.append((bold.group("key").strip(), bold.group("value").strip(), line, list_depth > 0))
                elif list_depth > 0:
                    loose = _PLAIN_FIELD.match(content)
                    if loose:
                        raw_fields.append((loose.group("key").strip(), loose.group("value").strip(), line, True))
        elif kind == "table_open" and token.map:
            index, table = _read_table(tokens, index)
            raw_tables.append(table)
            continue
        index += 1

    ends = [total] * len(headings)
    open_sections: list[int] = []  # indices of headings whose section is still open
    for position, (level, _, line) in enumerate(headings):
        while open_sections and headings[open_sections[-1]][0] >= level:
            ends[open_sections.pop()] = line - 1
        open_sections.append(position)
    sections = [Section(level, title, line, ends[i]) for i, (level, title, line) in enumerate(headings)]

    heading_lines = [section.line for section in sections]

    def enclosing(line: int) -> str | None:
        index = bisect_left(heading_lines, line) - 1
        if index < 0 or sections[index].level == 1:
            return None
        return sections[index].title

    title_section = next((s for s in sections if s.level == 1), None)
    return Document(
        path=path,
        text=normalized,
        lines=tuple(source_lines),
        title=title_section.title if title_section else None,
        title_line=title_section.line if title_section else 1,
        sections=tuple(sections),
        fields=tuple(Field(k, v, ln, enclosing(ln), b) for k, v, ln, b in raw_fields),
        tables=tuple(Table(h, r, ln, enclosing(ln)) for h, r, ln in raw_tables),
        fences=tuple(fences),
        comments=tuple(comments),
    )


def _read_table(tokens: list[Token], index: int) -> tuple[int, tuple[tuple[str, ...], tuple[Row, ...], int]]:
    """Consume tokens from ``table_open`` to ``table_close``; return the next index and the table."""
    start_line = (tokens[index].map or [0])[0] + 1
    header: tuple[str, ...] = ()
    rows: list[Row] = []
    cells: list[str] = []
    row_line = start_line
    in_head = False
    index += 1
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            cells = []
            row_line = (token.map or [row_line - 1])[0] + 1
        elif token.type == "inline":
            cells.append(token.content.strip())
        elif token.type == "tr_close":
            if in_head:
                header = tuple(cells)
            else:
                rows.append(Row(tuple(cells), row_line))
        index += 1
    return index + 1, (header, tuple(rows), start_line)
