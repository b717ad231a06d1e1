"""The document model: a markdown log parsed once into immutable records.

Rules read a :class:`Document`; they never open files or parse (markdownlint's habit). The
parse uses markdown-it-py (CommonMark plus GFM tables), so code fences and indented code are
respected: a template shown inside a fence is not live content. Line numbers are 1-based and
come from ``token.map`` (0-based, end-exclusive).

Header fields take the forms seen in real logs: ``**Key:** value`` (the spec's,
run-log-template.md), the bullet form ``- Key: value`` / ``- **Key:** value`` (the heyreach
session summaries) and YAML front matter, also after leading ``#`` comment lines
(:mod:`hooks.parse.front_matter`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from markdown_it.token import Token

from hooks.parse.front_matter import split_front_matter
from hooks.parse.markdown import markdown_parser, repair_nested_fences

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


def count_cells(source_line: str) -> int:
    """Number of cells written on a table row's source line (escaped ``\\|`` and code spans kept whole).

    markdown-it pads short rows and drops extra cells, so raggedness is read from the source.
    """
    text = source_line.strip()
    text = re.sub(r"`[^`]*`", "x", text.replace("\\|", "x"))
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


def _inline_lines(token: Token) -> Iterator[tuple[int, str]]:
    start = token.map[0] if token.map else 0
    for offset, text in enumerate(token.content.split("\n")):
        yield start + offset + 1, text.strip()


def parse(path: str, text: str) -> Document:
    """Parse ``text`` (decoded, no BOM) into a :class:`Document` displayed as ``path``.

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
