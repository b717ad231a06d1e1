"""The markdown block parse the document model is built from (CommonMark + GFM tables).

Two parsers read the same block structure: :func:`blocks`, a port of markdown-it-py's block
rules that builds no tokens (the one :func:`hooks.model.document.parse` uses), and
:func:`markdown_parser`, markdown-it-py itself (the oracle of the differential test and the
fallback, imported only when first called). :func:`repair_nested_fences` runs before either.

:func:`blocks` reads CommonMark block structure plus GFM tables the way markdown-it-py
(``MarkdownIt("commonmark", {"html": True}).enable("table")``, inline rules off) reads it,
and returns only what :mod:`hooks.model.document` keeps: headings, paragraphs (with whether they
sit in a list), HTML blocks, code blocks (fenced and indented) and tables. It is a port of
markdown-it-py 4.x's block rules (``markdown_it/rules_block/*.py``, MIT licence) on the
same line arrays (``bMarks``, ``eMarks``, ``tShift``, ``sCount``, ``bsCount``), with changes
that make it about 7x faster than markdown-it-py's block parse on 2 KB logs (bench/parse.py)
and none that changes a result:

* a line's first character picks the rules that can start there (markdown-it tries all
  eleven in turn, the table rule first, at every block start and for every paragraph line),
  and one regex (:data:`_MAYBE_BLOCK`) rules out most lines as paragraph terminators;
* runs of lines that can only continue a paragraph are skipped by one regex
  (:data:`_PLAIN_LINES`), and a list item of one line of text takes a short cut (in
  :func:`_list`);
* nothing is built but plain tuples: no ``Token``, no ``logging.debug`` call per rule;
* the line arrays come from ``str.split`` and C-level maps instead of a loop over every
  character.

Inputs the port does not cover exactly raise :class:`Unsupported` before anything is
returned, and :func:`hooks.model.document.parse` then parses with markdown-it-py: link reference
definitions (a block starting with ``[`` whose lines hold ``]:``) and nesting deeper than
16 levels (markdown-it stops parsing at 20). The differential test
(tests/hooks/test_parse_differential.py) checks the two parsers give equal documents.

Block tuples, in source order, line numbers 0-based as markdown-it's ``token.map``:

* ``(HEADING, line, level, title)``: title stripped (ATX or setext);
* ``(PARAGRAPH, line, content, in_list)``: content as markdown-it's inline token holds it
  modulo each line's leading and trailing whitespace (readers strip each line);
* ``(HTML, line, content)``: the HTML block's source, container markers removed;
* ``(CODE, line, end)``: a fenced or indented code block, ``end`` exclusive;
* ``(TABLE, line, header, rows)``: header cells stripped, rows as ``(cells, line)``, every
  row padded or cut to the header's width, as markdown-it does.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

HEADING, PARAGRAPH, HTML, CODE, TABLE = range(5)

#: One block, as the module doc lists them (a tagged tuple: cheap to build and to compare).
Block = tuple[Any, ...]

#: markdown-it-py's ``common.utils.MD_TRIM_CHARS`` (CommonMark whitespace), used by mdTrim.
_MD_TRIM = "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"

#: markdown-it stops block parsing below 20 levels (the commonmark preset's maxNesting);
#: deeper input goes to markdown-it itself.
_MAX_LEVEL = 16

_HEADER_CELL = re.compile(r"^:?-+:?$")

# markdown-it-py common/html_blocks.py and common/html_re.py (CommonMark 0.31.2, "HTML blocks").
_BLOCK_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|"
    "fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|"
    "main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|"
    "title|tr|track|ul"
)
_ATTR_VALUE = "(?:[^\"'=<>`\\x00-\\x20]+|'[^']*'|\"[^\"]*\")"
_ATTRIBUTE = "(?:\\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\\s*=\\s*" + _ATTR_VALUE + ")?)"
_OPEN_CLOSE_TAG = "^(?:<[A-Za-z][A-Za-z0-9\\-]*" + _ATTRIBUTE + "*\\s*\\/?>|<\\/[A-Za-z][A-Za-z0-9\\-]*\\s*>)"
_HTML_SEQUENCES: tuple[tuple[re.Pattern[str], re.Pattern[str], bool], ...] = (
    (re.compile(r"^<(?a:(script|pre|style|textarea))(?=(\s|>|$))", re.I), re.compile(r"<\/(?a:(script|pre|style|textarea))>", re.I), True),
    (re.compile(r"^<!--"), re.compile(r"-->"), True),
    (re.compile(r"^<\?"), re.compile(r"\?>"), True),
    (re.compile(r"^<![A-Za-z]"), re.compile(r">"), True),
    (re.compile(r"^<!\[CDATA\["), re.compile(r"\]\]>"), True),
    (re.compile("^</?(?a:(" + _BLOCK_NAMES + "))(?=(\\s|/?>|$))", re.I), re.compile(r"^$"), True),
    (re.compile(_OPEN_CLOSE_TAG + "\\s*$"), re.compile(r"^$"), False),
)

#: A superset of the lines where fence, blockquote, hr, list, html_block or heading can start
#: (matched at the line's first non-space character): any other line neither interrupts a
#: paragraph nor starts a block but a paragraph (or a table, tested apart).
_MAYBE_BLOCK = re.compile(r"[`~]{3}|>|<|[*_-][ \t]*[*_-][ \t]*[*_-]|[*+-](?:[ \t\n]|\Z)|[0-9]{1,9}[.)](?:[ \t\n]|\Z)|#{1,6}(?:[ \t\n]|\Z)")

#: rules_block/hr.py: one of ``*-_`` three times or more, only spaces and tabs between.
_HR = re.compile(r"([*_-])[ \t]*(?:\1[ \t]*){2,}$")

#: Lines that continue a paragraph whatever the context outside block quotes: up to three
#: spaces, then a character no block rule starts with (``**`` before a letter, as in
#: ``**Status:**``, starts neither a list nor a thematic break) and no ``|`` anywhere (no table
#: header); not ``-`` or ``=`` (a setext underline). Each line ends with ``\n``.
_PLAIN_LINES = re.compile(r"(?:[ ]{0,3}(?:[^\s`~><*_+\-0-9#=|\[]|\*\*[^*\s])[^\n|]*\n)+")

_DIGITS = frozenset("0123456789")
_TABLE_DELIM = frozenset("|-:")
_TABLE_DELIM_LINE = frozenset("|-: \t")


_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")
#: A line :func:`repair_nested_fences` may act on: a fence whose info string is markdown or md
#: (a superset of its own test, which a file without such a fence skips in one pass).
_REPAIR_HINT = re.compile(r"^ {0,3}(?:`{3,}|~{3,})\s*m(?:arkdown|d)", re.I | re.M)


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """markdown-it-py set up as the model reads markdown: CommonMark, HTML, GFM tables, block rules only.

    The model reads each inline token's ``content`` (source text) and ``map``, never its
    children, so the inline pass (about half of markdown-it's time: bench/run.py, cProfile of
    ``runlog check`` on 1,000 logs) is switched off. markdown-it-py is imported here, not at
    the top: the model needs it only for the fallback and the oracle, and its import costs
    about 60 ms of a commit hook's start-up (issue 12).
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").disable(["inline", "text_join"]).disable("inline")


def may_need_repair(text: str) -> bool:
    """Whether :func:`repair_nested_fences` could change ``text``'s lines (False: it cannot).

    True when a line opens a fence whose info string starts with ``md`` or ``markdown``
    (any case), a superset of the fences the repair rewrites. O(len(text)), one regex search."""
    return ("```" in text or "~~~" in text) and _REPAIR_HINT.search(text) is not None


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
    if not may_need_repair("\n".join(lines)):
        return list(lines)
    return _repair_nested_fences(lines)


def _repair_nested_fences(lines: list[str]) -> list[str]:
    """:func:`repair_nested_fences` without the :func:`may_need_repair` short cut."""
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


class Unsupported(Exception):
    """The text holds a construct this port does not reproduce exactly (see the module doc)."""


def _columns(indent: str) -> int:
    """Width in columns of leading spaces and tabs (tab stops every 4: CommonMark 0.31.2, "Tabs")."""
    offset = 0
    for character in indent:
        offset += 4 - offset % 4 if character == "\t" else 1
    return offset


class _State:
    """markdown-it's ``StateBlock`` reduced to what the block rules read."""

    __slots__ = ("src", "bMarks", "eMarks", "tShift", "sCount", "bsCount", "blkIndent", "line", "lineMax",
                 "listIndent", "parentType", "level", "list_depth", "out", "pipes", "quotes", "references", "blanks")

    def __init__(self, src: str, lines: list[str] | None = None) -> None:
        self.src = src
        parts = src.split("\n") if lines is None else lines
        if parts and not parts[-1].strip(" \t"):
            parts = parts[:-1]  # markdown-it drops a last line of spaces and tabs (and the empty one after a final newline)
        # C-level maps over the lines (a comprehension per array costs about twice as much).
        lengths = list(map(len, parts))
        bmarks: list[int] = list(accumulate(map(add, lengths, repeat(1)), initial=0))
        bmarks.pop()
        emarks: list[int] = list(map(add, bmarks, lengths))
        tshift = [len(part) - len(part.lstrip(" \t")) for part in parts]
        # A table's header row holds a "|" (rules_block/table.py); a raw line without one
        # cannot start a table in any container.
        self.pipes = ["|" in part for part in parts] if "|" in src else [False] * len(parts)
        self.pipes.append(False)
        if "\t" in src:
            scount = [_columns(part[:indent]) if "\t" in part[:indent] else indent for part, indent in zip(parts, tshift, strict=True)]
        else:
            scount = tshift.copy()
        length = len(src)
        bmarks.append(length)
        emarks.append(length)
        tshift.append(0)
        scount.append(0)
        self.bMarks, self.eMarks, self.tShift, self.sCount = bmarks, emarks, tshift, scount
        self.bsCount = [0] * len(bmarks)
        self.blkIndent = 0
        self.line = 0
        self.lineMax = len(bmarks) - 1
        self.listIndent = -1
        self.parentType = "root"
        self.level = 0
        self.list_depth = 0
        self.quotes = 0  # block quotes open: their lines' bMarks are moved past the ">"
        self.references: list[int] | None = None  # lines holding "]:" (made by _reference_guard)
        self.blanks: list[int] = []  # lines of spaces and tabs only (made with references)
        self.out: list[Block] = []

    def is_empty(self, line: int) -> bool:
        return self.bMarks[line] + self.tShift[line] >= self.eMarks[line]

    def get_lines(self, begin: int, end: int, indent: int, keep_last_lf: bool) -> str:
        """markdown-it's ``StateBlock.getLines``: lines ``begin`` to ``end`` less ``indent`` columns."""
        if begin >= end:
            return ""
        src, bmarks, emarks, tshift, bscount = self.src, self.bMarks, self.eMarks, self.tShift, self.bsCount
        queue = []
        for line in range(begin, end):
            line_indent = 0
            line_start = first = bmarks[line]
            last = emarks[line] + 1 if line + 1 < end or keep_last_lf else emarks[line]
            while first < last and line_indent < indent:
                character = src[first]
                if character == " ":
                    line_indent += 1
                elif character == "\t":
                    line_indent += 4 - (line_indent + bscount[line]) % 4
                elif first - line_start < tshift[line]:
                    line_indent += 1
                else:
                    break
                first += 1
            if line_indent > indent:
                queue.append(" " * (line_indent - indent) + src[first:last])
            else:
                queue.append(src[first:last])
        return "".join(queue)


def blocks(src: str, lines: list[str] | None = None) -> list[Block]:
    """The blocks of ``src`` (newlines already ``\\n``), in source order (see the module doc).

    ``lines``, when given, is ``src.split("\\n")`` (read, never changed): the caller's copy.

    Raises:
        Unsupported: for the few constructs left to markdown-it-py.
    """
    if not src:
        return []
    if "\0" in src:  # markdown-it's normalize: NUL becomes U+FFFD
        src, lines = src.replace("\0", "\ufffd"), None
    state = _State(src, lines)
    _tokenize(state, 0, state.lineMax)
    return state.out


# ----------------------------------------------------------------------------- the block loop


def _tokenize(state: _State, line: int, end: int) -> None:
    """markdown-it's ``ParserBlock.tokenize``, the rules picked by the line's first character.

    markdown-it tries table, code, fence, blockquote, hr, list, reference, html_block,
    heading, lheading and paragraph in turn; a rule can only match where the line starts
    with its own characters, so testing the first character first keeps the order exact."""
    bmarks, emarks, tshift, scount, pipes = state.bMarks, state.eMarks, state.tShift, state.sCount, state.pipes
    src = state.src
    maybe_block = _MAYBE_BLOCK.match
    # Nested rules restore lineMax, blkIndent and level before they return.
    line_max, indent = state.lineMax, state.blkIndent
    if state.level >= _MAX_LEVEL:
        raise Unsupported("nesting deeper than markdown-it's limit")
    while line < end:
        while line < line_max and bmarks[line] + tshift[line] >= emarks[line]:
            line += 1
        state.line = line
        if line >= end:
            break
        count = scount[line]
        if count < indent:
            break
        pos = bmarks[line] + tshift[line]
        first = src[pos]
        if count - indent >= 4:
            _code(state, line, end)
        elif pipes[line] and line + 2 <= end and _table_candidate(state, line) and _table(state, line, end, False):
            pass
        elif first == "#":  # only the heading rule starts with "#"
            if not _heading(state, line, False):
                _paragraph(state, line, end)
        elif not maybe_block(src, pos):
            if first == "[":
                _reference_guard(state, line, end)
            _paragraph(state, line, end)
        elif first in "*-_" and _HR.match(src, pos, emarks[line]):
            state.line = line + 1  # a thematic break: nothing the model reads
        elif first == ">":
            _blockquote(state, line, end)
        elif first in "`~":
            if not _fence(state, line, end, False):
                _paragraph(state, line, end)
        elif first == "<":
            if not _html_block(state, line, end, False):
                _paragraph(state, line, end)
        elif not _list(state, line, end, False):  # "*", "-", "+" or a digit
            _paragraph(state, line, end)
        line = state.line
        if line < end and bmarks[line] + tshift[line] >= emarks[line]:
            line += 1
            state.line = line


def _table_candidate(state: _State, line: int) -> bool:
    """Cheap test for the table rule: the next line starts with ``|``, ``-`` or ``:``."""
    pos = state.bMarks[line + 1] + state.tShift[line + 1]
    return pos < state.eMarks[line + 1] and state.src[pos] in _TABLE_DELIM


def _terminates_blockquote(state: _State, line: int, end: int, first: str) -> bool:
    """markdown-it's ``blockquote`` terminator list: fence, blockquote, hr, list, html_block, heading.

    The caller has found the line non-empty, ``first`` its first character and :data:`_MAYBE_BLOCK`
    matching there (every other line is no terminator)."""
    if first in "`~":
        return _fence(state, line, end, True)
    if first == ">":
        return state.sCount[line] - state.blkIndent < 4
    if first in "*-_" and _HR.match(state.src, state.bMarks[line] + state.tShift[line], state.eMarks[line]) and state.sCount[line] - state.blkIndent < 4:
        return True
    if first in "*-+" or first in _DIGITS:
        return _list(state, line, end, True)
    if first == "<":
        return _html_block(state, line, end, True)
    if first == "#":
        return _heading(state, line, True)
    return False


# ----------------------------------------------------------------------------- leaf blocks


def _code(state: _State, line: int, end: int) -> None:
    """rules_block/code.py: lines indented 4+ columns past the block indent."""
    last = following = line + 1
    scount, indent = state.sCount, state.blkIndent
    while following < end:
        if state.is_empty(following):
            following += 1
            continue
        if scount[following] - indent >= 4:
            following += 1
            last = following
            continue
        break
    state.line = last
    state.out.append((CODE, line, last))


def _fence(state: _State, line: int, end: int, silent: bool) -> bool:
    """rules_block/fence.py (backtick and tilde fences, at least three)."""
    src = state.src
    pos = state.bMarks[line] + state.tShift[line]
    maximum = state.eMarks[line]
    if state.sCount[line] - state.blkIndent >= 4 or pos + 3 > maximum:
        return False
    marker = src[pos]
    mem = pos
    while pos < maximum and src[pos] == marker:
        pos += 1
    length = pos - mem
    if length < 3:
        return False
    if marker == "`" and "`" in src[pos:maximum]:
        return False
    if silent:
        return True
    bmarks, emarks, tshift, scount = state.bMarks, state.eMarks, state.tShift, state.sCount
    have_end = False
    following = line
    while True:
        following += 1
        if following >= end:
            break
        pos = mem = bmarks[following] + tshift[following]
        maximum = emarks[following]
        if pos < maximum and scount[following] < state.blkIndent:
            break
        if pos >= len(src):
            break
        if src[pos] != marker:
            continue
        if scount[following] - state.blkIndent >= 4:
            continue
        while pos < len(src) and src[pos] == marker:
            pos += 1
        if pos - mem < length:
            continue
        while pos < len(src) and src[pos] in " \t":
            pos += 1
        if pos < maximum:
            continue
        have_end = True
        break
    state.line = following + (1 if have_end else 0)
    state.out.append((CODE, line, state.line))
    return True


def _heading(state: _State, line: int, silent: bool) -> bool:
    """rules_block/heading.py: ATX headings (its character loops as string operations)."""
    if state.sCount[line] - state.blkIndent >= 4:
        return False
    text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
    rest = text.lstrip("#")
    level = len(text) - len(rest)
    if level > 6 or (rest and rest[0] not in " \t"):
        return False
    if silent:
        return True
    rest = rest.rstrip(" \t")
    unclosed = rest.rstrip("#")  # a closing run of "#" counts only after a space or tab
    if len(unclosed) < len(rest) and unclosed and unclosed[-1] in " \t":
        rest = unclosed
    state.line = line + 1
    state.out.append((HEADING, line, level, rest.strip()))
    return True


def _paragraph(state: _State, line: int, end: int) -> None:
    """rules_block/lheading.py then rules_block/paragraph.py, in one scan.

    markdown-it tries the setext heading rule first (a paragraph underlined by ``=`` or
    ``-``, scanned up to ``end``) and, when no underline comes, scans the same lines again
    as a paragraph up to ``lineMax``. Where ``end`` is ``lineMax`` (the top level, lists)
    both scans stop at the same line, so one scan serves both; elsewhere (inside a block
    quote) the paragraph scan is repeated as markdown-it does.
    """
    following = line + 1
    bmarks, emarks, tshift, scount = state.bMarks, state.eMarks, state.tShift, state.sCount
    src, indent, pipes, maybe_block = state.src, state.blkIndent, state.pipes, _MAYBE_BLOCK.match
    old_parent = state.parentType
    state.parentType = "paragraph"
    level = 0
    limit = end
    setext = True
    while True:
        following = line + 1
        if not state.quotes and following < limit:
            # Lines that can only continue a paragraph, skipped by one regex (see _PLAIN_LINES).
            run = _PLAIN_LINES.match(src, bmarks[following], bmarks[limit])
            if run:
                following += run.group().count("\n")
        while following < limit:
            pos = bmarks[following] + tshift[following]
            if pos >= emarks[following]:
                break
            count = scount[following]
            if count - indent > 3:
                following += 1
                continue
            first = src[pos]
            if setext and count >= indent and (first == "-" or first == "="):
                rest = src[pos : emarks[following]].lstrip(first)
                if not rest.strip(" \t"):
                    level = 1 if first == "=" else 2
                    break
            if count < 0:
                following += 1
                continue
            # _terminates_paragraph, inlined: this loop runs for every paragraph line.
            if pipes[following] and following + 2 <= limit and _table_candidate(state, following) and _table(state, following, limit, True):
                break
            if maybe_block(src, pos) and _terminates_blockquote(state, following, limit, first):
                break
            following += 1
        if level or not setext or limit == state.lineMax:
            break
        setext, limit = False, state.lineMax  # markdown-it's paragraph rule scans to lineMax, not end
    state.parentType = old_parent
    if level:
        title = state.get_lines(line, following, indent, False).strip()
        state.line = following + 1
        state.out.append((HEADING, line, level, title))
        return
    if following == line + 1 or not state.quotes:
        # Outside block quotes only the first line's start moves (a list item's marker); the
        # other lines keep their indentation here, which readers strip as they strip the rest.
        content = src[bmarks[line] + tshift[line] : emarks[following - 1]].strip(_MD_TRIM)
    else:
        content = "\n".join([src[bmarks[n] + tshift[n] : emarks[n]] for n in range(line, following)]).strip(_MD_TRIM)
    state.line = following
    state.out.append((PARAGRAPH, line, content, state.list_depth > 0))


def _reference_guard(state: _State, line: int, end: int) -> None:
    """Leave link reference definitions to markdown-it (rules_block/reference.py).

    A definition starting at ``line`` needs ``]:`` on one of its lines, and its lines end
    before the next empty line (rules_block/reference.py ``getNextLine``); a line of spaces
    and tabs is empty in any container, so the lines up to the next such line are a superset.
    Both line lists are made once per text, and only when it holds ``]:``: O(log n) a call.

    Raises:
        Unsupported: a line from ``line`` to the next blank line holds ``]:``.
    """
    if state.references is None:
        if "]:" in state.src:
            parts = state.src.split("\n")
            state.references = [number for number, part in enumerate(parts) if "]:" in part]
            state.blanks = [number for number, part in enumerate(parts) if not part.strip(" \t")]
        else:
            state.references = []
    if not state.references:
        return
    index = bisect_left(state.references, line)
    if index == len(state.references):
        return
    blank = bisect_left(state.blanks, line)
    next_blank = state.blanks[blank] if blank < len(state.blanks) else state.lineMax
    if state.references[index] < next_blank:
        raise Unsupported("link reference definition")


def _html_block(state: _State, line: int, end: int, silent: bool) -> bool:
    """rules_block/html_block.py: the seven kinds of CommonMark HTML blocks."""
    if state.sCount[line] - state.blkIndent >= 4:
        return False
    src = state.src
    pos = state.bMarks[line] + state.tShift[line]
    text = src[pos : state.eMarks[line]]
    sequence = next((s for s in _HTML_SEQUENCES if s[0].search(text)), None)
    if sequence is None:
        return False
    if silent:
        return sequence[2]
    following = line + 1
    closer = sequence[1]
    ends_on_blank = bool(closer.search(""))
    if not closer.search(text):
        while following < end:
            if state.sCount[following] < state.blkIndent and (ends_on_blank or not state.is_empty(following)):
                break
            text = src[state.bMarks[following] + state.tShift[following] : state.eMarks[following]]
            if closer.search(text):
                if text:
                    following += 1
                break
            following += 1
    state.line = following
    state.out.append((HTML, line, state.get_lines(line, following, state.blkIndent, True)))
    return True


def _split_cells(text: str) -> list[str]:
    """rules_block/table.py ``escapedSplit``: split on ``|`` not preceded by ``\\`` (which is dropped)."""
    if "\\" not in text:
        return text.split("|")
    result: list[str] = []
    current = ""
    last = 0
    escaped = False
    for pos, character in enumerate(text):
        if character == "|":
            if not escaped:
                result.append(current + text[last:pos])
                current = ""
                last = pos + 1
            else:
                current += text[last : pos - 1]
                last = pos
        escaped = character == "\\"
    result.append(current + text[last:])
    return result


def _table(state: _State, line: int, end: int, silent: bool) -> bool:
    """rules_block/table.py: a GFM table (header row, delimiter row, body rows)."""
    bmarks, emarks, tshift, scount = state.bMarks, state.eMarks, state.tShift, state.sCount
    src, indent = state.src, state.blkIndent
    following = line + 1
    if scount[following] < indent or scount[following] - indent >= 4:
        return False
    pos = bmarks[following] + tshift[following]
    delimiter = src[pos : emarks[following]]
    if len(delimiter) < 2:
        return False
    first, second = delimiter[0], delimiter[1]
    if second not in _TABLE_DELIM_LINE or (first == "-" and second in " \t"):
        return False
    if not _TABLE_DELIM_LINE.issuperset(delimiter):
        return False
    columns = delimiter.split("|")
    aligns = 0
    for index, column in enumerate(columns):
        cell = column.strip(_MD_TRIM)
        if not cell:
            if index == 0 or index == len(columns) - 1:
                continue
            return False
        if not _HEADER_CELL.search(cell):
            return False
        aligns += 1
    header_text = src[bmarks[line] + tshift[line] : emarks[line]].strip(_MD_TRIM)
    if "|" not in header_text or scount[line] - indent >= 4:
        return False
    cells = _split_cells(header_text)
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    width = len(cells)
    if width == 0 or width != aligns:
        return False
    if silent:
        return True
    old_parent = state.parentType
    state.parentType = "table"
    header = tuple(map(str.strip, cells))
    rows: list[tuple[tuple[str, ...], int]] = []
    autocompleted = 0
    following = line + 2
    while following < end:
        if scount[following] < indent:
            break
        pos = bmarks[following] + tshift[following]
        if pos < emarks[following] and src[pos] != "|" and _MAYBE_BLOCK.match(src, pos) and _terminates_blockquote(state, following, end, src[pos]):
            break  # (no terminator starts with "|")
        text = src[pos : emarks[following]].strip(_MD_TRIM)
        if not text or scount[following] - indent >= 4:
            break
        cells = text.split("|") if "\\" not in text else _split_cells(text)
        if cells and cells[0] == "":
            cells.pop(0)
        if cells and cells[-1] == "":
            cells.pop()
        autocompleted += width - len(cells)
        if autocompleted > 0x10000:  # markdown-it's MAX_AUTOCOMPLETED_CELLS
            break
        if len(cells) != width:
            cells = cells[:width] if len(cells) > width else cells + [""] * (width - len(cells))
        rows.append((tuple(map(str.strip, cells)), following))
        following += 1
    state.parentType = old_parent
    state.line = following
    state.out.append((TABLE, line, header, rows))
    return True


# ----------------------------------------------------------------------------- containers


def _blockquote(state: _State, line: int, end: int) -> None:
    """rules_block/blockquote.py (GitHub alerts off, as in the commonmark preset)."""
    src = state.src
    bmarks, emarks, tshift, scount, bscount = state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount
    old_line_max = state.lineMax
    old_bmarks: list[int] = []
    old_bscount: list[int] = []
    old_scount: list[int] = []
    old_tshift: list[int] = []
    last_line_empty = False
    following = line
    old_parent = state.parentType
    state.parentType = "blockquote"
    while following < end:
        is_outdented = scount[following] < state.blkIndent
        pos = bmarks[following] + tshift[following]
        maximum = emarks[following]
        if following > line and pos >= maximum:
            break
        if following == line or (src[pos] == ">" and not is_outdented):
            pos += 1
            initial = offset = scount[following] + 1
            next_char = src[pos] if pos < len(src) else ""
            adjust_tab = False
            if next_char == " ":
                pos += 1
                initial += 1
                offset += 1
                space_after = True
            elif next_char == "\t":
                space_after = True
                if (bscount[following] + offset) % 4 == 3:
                    pos += 1
                    initial += 1
                    offset += 1
                else:
                    adjust_tab = True
            else:
                space_after = False
            old_bmarks.append(bmarks[following])
            bmarks[following] = pos
            while pos < maximum:
                character = src[pos]
                if character == " ":
                    offset += 1
                elif character == "\t":
                    offset += 4 - (offset + bscount[following] + (1 if adjust_tab else 0)) % 4
                else:
                    break
                pos += 1
            last_line_empty = pos >= maximum
            old_bscount.append(bscount[following])
            bscount[following] = scount[following] + 1 + (1 if space_after else 0)
            old_scount.append(scount[following])
            scount[following] = offset - initial
            old_tshift.append(tshift[following])
            tshift[following] = pos - bmarks[following]
            following += 1
            continue
        if last_line_empty:
            break
        if _MAYBE_BLOCK.match(src, pos) and _terminates_blockquote(state, following, end, src[pos]):
            state.lineMax = following
            if state.blkIndent != 0:
                old_bmarks.append(bmarks[following])
                old_bscount.append(bscount[following])
                old_tshift.append(tshift[following])
                old_scount.append(scount[following])
                scount[following] -= state.blkIndent
            break
        old_bmarks.append(bmarks[following])
        old_bscount.append(bscount[following])
        old_tshift.append(tshift[following])
        old_scount.append(scount[following])
        scount[following] = -1
        following += 1
    old_indent = state.blkIndent
    state.blkIndent = 0
    state.level += 1
    state.quotes += 1
    _tokenize(state, line, following)
    state.quotes -= 1
    state.level -= 1
    state.lineMax = old_line_max
    state.parentType = old_parent
    for index, item in enumerate(old_tshift):
        bmarks[index + line] = old_bmarks[index]
        tshift[index + line] = item
        scount[index + line] = old_scount[index]
        bscount[index + line] = old_bscount[index]
    state.blkIndent = old_indent


def _bullet_marker(state: _State, line: int) -> int:
    """rules_block/list.py ``skipBulletListMarker``: position after ``*``, ``-`` or ``+``, or -1."""
    src = state.src
    pos = state.bMarks[line] + state.tShift[line]
    maximum = state.eMarks[line]
    if pos >= maximum or src[pos] not in "*-+":
        return -1
    pos += 1
    if pos < maximum and src[pos] not in " \t":
        return -1
    return pos


def _ordered_marker(state: _State, line: int) -> int:
    """rules_block/list.py ``skipOrderedListMarker``: position after ``1.`` / ``1)``, or -1."""
    src = state.src
    start = pos = state.bMarks[line] + state.tShift[line]
    maximum = state.eMarks[line]
    if pos + 1 >= maximum or src[pos] not in _DIGITS:
        return -1
    pos += 1
    while True:
        if pos >= maximum:
            return -1
        character = src[pos]
        pos += 1
        if character in _DIGITS:
            if pos - start >= 10:
                return -1
            continue
        if character in ").":
            break
        return -1
    if pos < maximum and src[pos] not in " \t":
        return -1
    return pos


def _list(state: _State, line: int, end: int, silent: bool) -> bool:
    """rules_block/list.py (task lists off, as in the commonmark preset)."""
    src = state.src
    bmarks, emarks, tshift, scount, bscount = state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount
    if scount[line] - state.blkIndent >= 4:
        return False
    if state.listIndent >= 0 and scount[line] - state.listIndent >= 4 and scount[line] < state.blkIndent:
        return False
    terminating_paragraph = silent and state.parentType == "paragraph" and scount[line] >= state.blkIndent
    after = _ordered_marker(state, line) if src[bmarks[line] + tshift[line]] in _DIGITS else -1
    if after >= 0:
        ordered = True
        start = bmarks[line] + tshift[line]
        if terminating_paragraph and int(src[start : after - 1]) != 1:
            return False
    else:
        after = _bullet_marker(state, line)
        if after < 0:
            return False
        ordered = False
    if terminating_paragraph:
        pos = after
        while pos < emarks[line] and src[pos] in " \t":
            pos += 1
        if pos >= emarks[line]:
            return False
    marker = src[after - 1]
    if silent:
        return True
    following = line
    quotes, pipes, maybe_block = state.quotes, state.pipes, _MAYBE_BLOCK.match  # quotes: nested rules restore it
    old_parent = state.parentType
    state.parentType = "list"
    state.list_depth += 1
    state.level += 1
    while following < end:
        pos = after
        maximum = emarks[following]
        initial = offset = scount[following] + after - (bmarks[line] + tshift[line])
        while pos < maximum:
            character = src[pos]
            if character == "\t":
                offset += 4 - (offset + bscount[following]) % 4
            elif character == " ":
                offset += 1
            else:
                break
            pos += 1
        content_start = pos
        indent_after = 1 if content_start >= maximum else offset - initial
        if indent_after > 4:
            indent_after = 1
        indent = initial + indent_after
        old_tshift, old_scount, old_list_indent = tshift[line], scount[line], state.listIndent
        state.listIndent = state.blkIndent
        state.blkIndent = indent
        tshift[line] = content_start - bmarks[line]
        scount[line] = offset
        state.level += 1
        after_item = line + 1
        if content_start >= maximum:
            if state.is_empty(after_item):
                state.line = min(state.line + 2, end)
            else:
                _tokenize(state, line, end)
        elif (
            # An item of one line of paragraph text followed by the next item's marker line:
            # what _tokenize would do inside the item, in short. Outside block quotes, when the
            # text starts no block (no code, no "|" for a table, _MAYBE_BLOCK and "[" ruled
            # out) and the next line is a list marker left of the item's content and no further
            # than 3 columns right of the list (so it interrupts the paragraph, the list rule in
            # its silent mode, and closes the item), the item holds one paragraph of that line.
            not quotes
            and offset - indent < 4
            and after_item < end
            and not pipes[line]
            and state.level < _MAX_LEVEL
            and not maybe_block(src, content_start)
            and src[content_start] != "["
            and scount[after_item] < indent
            and scount[after_item] - state.listIndent < 4
            and bmarks[after_item] + tshift[after_item] < emarks[after_item]
            and (_bullet_marker(state, after_item) >= 0 or _ordered_marker(state, after_item) >= 0)
        ):
            state.out.append((PARAGRAPH, line, src[content_start:maximum].strip(_MD_TRIM), True))
            state.line = after_item
        else:
            _tokenize(state, line, end)
        state.level -= 1
        state.blkIndent = state.listIndent
        state.listIndent = old_list_indent
        tshift[line] = old_tshift
        scount[line] = old_scount
        following = line = state.line
        if following >= end:
            break
        if scount[following] < state.blkIndent:
            break
        if scount[line] - state.blkIndent >= 4:
            break
        # _terminates_list, then the next marker, inlined (they run for every item).
        pos = bmarks[following] + tshift[following]
        maximum = emarks[following]
        if pos >= maximum:
            break  # an empty line: no terminator, and no marker
        first = src[pos]
        if first == "`" or first == "~":
            if _fence(state, following, end, True):
                break
        elif first == ">":
            break  # a block quote (not code: checked above)
        elif (first == "-" or first == "*" or first == "_") and _HR.match(src, pos, maximum):
            break
        if ordered:
            after = _ordered_marker(state, following)
            if after < 0:
                break
        else:
            if first != marker:
                break  # not a bullet, or another bullet character
            after = pos + 1
            if after < maximum and src[after] != " " and src[after] != "\t":
                break
        if marker != src[after - 1]:
            break
    state.level -= 1
    state.list_depth -= 1
    state.line = following
    state.parentType = old_parent
    return True
