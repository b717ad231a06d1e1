"""Template compilation: derive a kind from a template written the way the specs write it.

A template is markdown with placeholders (run-log-template.md "Log Structure";
execution-logging-spec.md "Log Format"). Given a whole spec document, the template is its
first fenced block with info string ``markdown`` (or the N-th with ``block``); a file with
no such block is itself the template. What each part becomes:

========================================  =============================================
Template                                  Kind
========================================  =============================================
``# Run Log: [Mode Name]``                ``title: 'Run Log:\\s*.+'``
``**Started:** YYYY-MM-DD HH:MM``         field, ``format: datetime-minute``
``YYYY-MM-DD`` / ``HH:MM``                ``format: date`` / ``format: time``
``2026-01-10T14:30:00Z`` (an example)     ``format: iso8601``
``[1-7]``                                 ``pattern`` of that integer range, example 1
``In Progress / Completed / Failed``      ``enum`` (also ``dev | stage | prod``)
``Yes/No``                                ``format: yes-no``
``N``, ``X,XXX``                          ``format: integer``
``PLAN → DRAFT``                          ``pattern`` of a transition (``→`` or ``->``)
``[If applicable]``, ``[Any ...]``        field with ``required: false``
``[anything else]``                       any value
``## Step 1: [Step Name]``, ``## Step 2:   one section, ``repeat: true``
...``
a table                                   ``columns``; rows whose first cell is literal
                                          (``Input Tokens | X,XXX``) become ``rows``
``[Success | Partial | Failed]`` as a     ``value-enum``
section's whole body
========================================  =============================================

The file name comes from the spec's text outside the template: the first name shaped like
``YYYY-MM-DD_HH-MM_mode-N.md`` (the N-th for the N-th block), with ``YYYY-MM-DD``,
``HH-MM``, ``N``, ``mode`` and other word placeholders (``task-id``) as named groups. Names
in the spec that match it (``2026-01-03_14-30_review-tagged-1.md``) give the
``filename-example`` and, for ``mode``, the known modes. The compiled kind applies to no
path until ``paths`` is given (``--path`` or the kind file naming the template).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from hooks.errors import ConfigError
from hooks.io.text import DEFAULT_MAX_BYTES
from hooks.model.token_usage import ROW_NAMES
from hooks.parse.markdown import repair_nested_fences

_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_FIELD = re.compile(r"^\*\*(?P<key>[^*\n]+?)\s*(?::\*\*|\*\*\s*:)\s*(?P<value>.*)$")
_PLACEHOLDER = re.compile(r"\[[^\]]*\]|\.\.\.|…")
_RANGE = re.compile(r"^\[(?P<low>\d+)-(?P<high>\d+)\]$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_TRANSITION = re.compile(r"^[A-Za-z_][\w-]*\s*(?:→|->)\s*[A-Za-z_][\w-]*$")
_NAME = re.compile(r"YYYY-MM-DD[\w.-]*?\.md")
_OPTIONAL = re.compile(r"\b(if applicable|optional|if any)\b|^\[any\b", re.I)
_INTEGER_PLACEHOLDERS = {"n", "x", "x,xxx", "xxx", "#", "0"}
_MONEY_PLACEHOLDER = re.compile(r"^\$X(?:\.X+)?$", re.I)

#: Patterns for the word placeholders of a file name; others become ``_ID_SLUG``.
_MODE_SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*"
_ID_SLUG = "[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*"
_TRANSITION_PATTERN = r"[A-Za-z_][\w-]*\s*(?:→|->)\s*[A-Za-z_][\w-]*$"


@dataclass(frozen=True)
class TemplateBlock:
    """A template found in a document.

    Attributes:
        lines: the template's lines (fence delimiters excluded).
        start: 1-based line of its first line in the document.
        span: 0-based (first, last) line indexes of the block including its fences, or
            ``None`` when the whole document is the template.
    """

    lines: tuple[str, ...]
    start: int
    span: tuple[int, int] | None


def find_template(text: str, block: int = 1, origin: str = "<template>") -> TemplateBlock:
    """The ``block``-th fenced ``markdown`` block of ``text``, or the whole text when it has none.

    Raises:
        ConfigError: ``block`` is out of range, or the text holds no template at all.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    repaired = repair_nested_fences(lines)
    blocks: list[tuple[int, int]] = []
    index = 0
    while index < len(repaired):
        match = _OPEN.match(repaired[index])
        if not match:
            index += 1
            continue
        fence = match.group("fence")
        closer = next(
            (
                j
                for j in range(index + 1, len(repaired))
                if repaired[j].strip().startswith(fence[0] * len(fence)) and repaired[j].strip().strip(fence[0]) == ""
            ),
            len(repaired),
        )
        if match.group("info").lower() in {"markdown", "md"}:
            blocks.append((index, closer))
        index = closer + 1
    if blocks:
        if not 1 <= block <= len(blocks):
            raise ConfigError(f"there is no markdown block {block} (the file has {len(blocks)})", origin)
        first, last = blocks[block - 1]
        return TemplateBlock(tuple(lines[first + 1 : last]), first + 2, (first, last))
    if block != 1:
        raise ConfigError(f"there is no markdown block {block} (the file has none)", origin)
    if not any(_HEADING.match(line) for line in lines):
        raise ConfigError("no template found: no ```markdown block and no heading", origin)
    return TemplateBlock(tuple(lines), 1, None)


def _words_to_pattern(text: str, placeholder: str = ".*") -> str:
    r"""A heading or title with placeholders as a full-match regular expression.

    Placeholders become ``placeholder`` (``...`` always ``.*``), numbers ``\d+``, white
    space ``\s+`` between words and ``\s*`` elsewhere, and a colon may have space before it.
    """
    out = ""
    pieces = re.split(r"(\[[^\]]*\]|\.\.\.|…|\d+|\s+)", text.strip())
    for position, piece in enumerate(pieces):
        if not piece:
            continue
        if _PLACEHOLDER.fullmatch(piece):
            out += ".*" if piece in {"...", "…"} else placeholder
        elif piece.isdigit():
            out += r"\d+"
        elif piece.isspace():
            before = pieces[position - 1] if position else ""
            after = next((p for p in pieces[position + 1 :] if p), "")
            word = (before[-1:].isalnum() or before.isdigit()) and (after[:1].isalnum() and not _PLACEHOLDER.fullmatch(after))
            out += r"\s+" if word else r"\s*"
        else:
            out += re.escape(piece).replace(":", r"\s*:")
    return out


def _human_title(text: str) -> str:
    """``Step 1: [Step Name]`` as ``Step N: ...`` for messages."""
    return re.sub(r"\d+", "N", _PLACEHOLDER.sub("...", text.strip()))


def _alternatives(value: str) -> list[str] | None:
    """``A / B / C``, ``A | B | C`` or ``[A | B | C]`` as its values; ``None`` if not an enumeration."""
    inner = value.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1].strip()
    for separator in ("|", "/"):
        parts = [p.strip() for p in inner.split(separator)]
        if len(parts) >= 2 and all(p and len(p.split()) <= 2 and not _PLACEHOLDER.search(p) for p in parts):
            return parts
    return None


def compile_field(key: str, value: str) -> CommentedMap:
    """One template field ``**key:** value`` as a kind field mapping (see the module table)."""
    item = CommentedMap(name=key)
    text = value.strip()
    folded = text.casefold()
    range_match = _RANGE.match(text)
    if folded in {"yyyy-mm-dd hh:mm", "yyyy-mm-dd hh:mm:ss"}:
        item["format"] = "datetime-minute"
    elif folded == "yyyy-mm-dd":
        item["format"] = "date"
    elif folded in {"hh:mm", "hh:mm:ss"}:
        item["format"] = "time"
    elif _ISO.match(text):
        item["format"] = "iso8601"
        item["example"] = text
    elif folded.replace(" ", "") in {"yes/no", "yes|no", "[yes/no]", "[yes|no]"}:
        item["format"] = "yes-no"
    elif folded in _INTEGER_PLACEHOLDERS:
        item["format"] = "integer"
    elif range_match:
        low, high = int(range_match.group("low")), int(range_match.group("high"))
        if high - low <= 9 and high <= 9:
            item["pattern"] = f"[{low}-{high}]$"
        else:
            item["pattern"] = "(?:" + "|".join(str(n) for n in range(low, high + 1)) + ")$"
        item["example"] = str(low)
    elif _TRANSITION.match(text):
        item["pattern"] = _TRANSITION_PATTERN
        item["example"] = text
    elif (options := _alternatives(text)) is not None:
        item["enum"] = CommentedSeq(options)
    elif _OPTIONAL.search(text):
        item["required"] = False
    return item


def _table_cell(cell: str) -> str:
    """A template table cell as the text ``runlog new`` writes (``X,XXX`` -> ``0``)."""
    text = cell.strip()
    if text.casefold() in _INTEGER_PLACEHOLDERS:
        return "0"
    if _MONEY_PLACEHOLDER.match(text):
        return "$0.00"
    return text


def _cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [c.strip() for c in text.split("|")]


def compile_filename(name: str) -> str:
    """A spec's file-name convention (``YYYY-MM-DD_HH-MM_mode-N.md``) as a full-match pattern."""
    out = ""
    for piece in re.split(r"(YYYY-MM-DD|HH-MM|[A-Za-z]+(?:-[a-z]+)*|[-_.])", name):
        if not piece:
            continue
        if piece == "YYYY-MM-DD":
            out += r"(?P<date>\d{4}-\d{2}-\d{2})"
        elif piece == "HH-MM":
            out += r"(?P<time>\d{2}-\d{2})"
        elif piece == "N":
            out += r"(?P<n>\d+)"
        elif piece == "md":
            out += "md"
        elif piece == "mode":
            out += f"(?P<mode>{_MODE_SLUG})"
        elif piece[:1].isalpha():
            group = re.sub(r"\W", "_", piece.lower())
            out += f"(?P<{group}>{_ID_SLUG})"
        else:
            out += piece.replace(".", r"\.")
    return out


def _section(title: str, level: int) -> CommentedMap:
    item = CommentedMap(title=_human_title(title))
    pattern = _words_to_pattern(title)
    if pattern != re.escape(title.strip()).replace(r"\ ", r"\s+") or _PLACEHOLDER.search(title) or re.search(r"\d", title):
        item["pattern"] = pattern
    if level != 2:
        item["level"] = level
    example = _PLACEHOLDER.sub(lambda m: "..." if m.group() in {"...", "…"} else m.group()[1:-1] or "...", title.strip())
    if example != item["title"]:
        item["example"] = example
    return item


def compile_template(text: str, name: str | None = None, block: int = 1, origin: str = "<template>") -> CommentedMap:
    """Compile the template in ``text`` into a kind mapping (ruamel containers, dumpable).

    Args:
        text: a spec document or a bare template.
        name: the kind's name; default from the title (``Run Log: ...`` -> ``run-log``).
        block: which ``markdown`` block of a spec document (1-based).
        origin: the file, for messages and the ``source`` key.

    Raises:
        ConfigError: no template, or a template without an H1 title.
    """
    found = find_template(text, block, origin)
    title: str | None = None
    fields = CommentedSeq()
    sections: list[CommentedMap] = []
    section_fields: dict[int, CommentedSeq] = {}
    bodies: dict[int, list[str]] = {}
    table_header: list[str] | None = None
    in_fence: str | None = None
    previous = ""
    for line in found.lines:
        stripped = line.strip()
        fence = _OPEN.match(line)
        if in_fence is not None:
            if stripped.startswith(in_fence) and stripped.strip(in_fence[0]) == "":
                in_fence = None
            continue
        if fence:
            in_fence = fence.group("fence")
            continue
        heading = _HEADING.match(stripped)
        if heading:
            level = len(heading.group("hashes"))
            text_ = heading.group("text")
            table_header = None
            if level == 1 and title is None:
                title = text_
            elif level >= 2:
                candidate = _section(text_, level)
                last = sections[-1] if sections else None
                if last is not None and last.get("pattern") and last.get("pattern") == candidate.get("pattern") and level == last.get("level", 2):
                    last["repeat"] = True  # ## Step 2: ... repeats ## Step 1: [Step Name]
                    sections.append(CommentedMap(_repeat_marker=True))
                else:
                    sections.append(candidate)
            previous = stripped
            continue
        current = len(sections) - 1
        if stripped.startswith("|"):
            cells = _cells(stripped)
            if table_header is None:
                table_header = cells
            elif all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                if current >= 0 and "columns" not in sections[current]:
                    sections[current]["columns"] = CommentedSeq(table_header)
            elif current >= 0 and "columns" in sections[current]:
                first = cells[0] if cells else ""
                if first and not _PLACEHOLDER.search(first) and not re.search(r"[A-Z]{2}:[A-Z]{2}", first):
                    rows = sections[current].setdefault("rows", CommentedSeq())
                    rows.append(CommentedSeq(_table_cell(c) for c in cells))
                    if first.casefold() in ROW_NAMES:
                        sections[current]["_token_usage"] = True
            previous = stripped
            continue
        table_header = None
        field_match = _FIELD.match(stripped)
        if field_match:
            compiled = compile_field(field_match.group("key").strip(), field_match.group("value"))
            if current < 0:
                fields.append(compiled)
            else:
                section_fields.setdefault(current, CommentedSeq()).append(compiled)
        elif current >= 0 and "columns" in sections[current] and re.fullmatch(r"\*[^*].*\*", stripped):
            sections[current]["footer"] = stripped  # the footnote under a table
        elif stripped and stripped != "---" and current >= 0:
            bodies.setdefault(current, []).append(stripped)
        previous = stripped or previous
    if title is None:
        raise ConfigError("the template has no '# Title' line", origin, found.start)

    kind = CommentedMap()
    kind["name"] = name or _slug(title.split(":")[0]) or "compiled"
    kind["description"] = f"Compiled from the template in {Path(origin).name}."
    kind["source"] = Path(origin).name
    kind["format"] = "markdown"
    kind["paths"] = CommentedSeq()
    options = CommentedMap()
    names = _spec_file_names(text, found)
    if names:
        pattern = compile_filename(names[min(block, len(names)) - 1])
        kind["filename"] = pattern
        examples = [n for n in _example_names(text) if re.fullmatch(pattern, n)]
        if examples:
            kind["filename-example"] = examples[0]
            modes = [m.group("mode") for n in examples if (m := re.fullmatch(pattern, n)) and "mode" in m.groupdict()]
            if modes:
                options["modes"] = CommentedSeq(dict.fromkeys(modes))
    kind["title"] = _words_to_pattern(title, ".+")
    kind["title-example"] = f"# {title}"
    if fields:
        kind["fields"] = fields
    out_sections = CommentedSeq()
    for index, section in enumerate(sections):
        if section.get("_repeat_marker"):
            continue
        if index in section_fields:
            section["fields"] = section_fields[index]
        body = bodies.get(index, [])
        if len(body) == 1 and "fields" not in section and "columns" not in section:
            values = _alternatives(body[0])
            if values and body[0].startswith("["):
                section["value-enum"] = CommentedSeq(values)
        if section.pop("_token_usage", False):
            options["token-usage-section"] = section["title"]
        out_sections.append(section)
    if out_sections:
        kind["sections"] = out_sections
    if options:
        kind["options"] = options
    return kind


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _PLACEHOLDER.sub("", text).lower()).strip("-")


def _spec_file_names(text: str, found: TemplateBlock) -> list[str]:
    """File-name conventions (``YYYY-MM-DD...md``) written in ``text`` outside the template."""
    lines = text.replace("\r\n", "\n").split("\n")
    if found.span is not None:
        first, last = found.span
        lines = lines[:first] + lines[last + 1 :]
    return [m.group() for line in lines for m in _NAME.finditer(line)]


def _example_names(text: str) -> list[str]:
    """Concrete example file names in ``text`` (``2026-01-03_14-30_review-tagged-1.md``)."""
    return re.findall(r"\d{4}-\d{2}-\d{2}[\w.-]*?\.md", text)


def compile_template_file(path: Path, name: str | None = None, block: int = 1) -> CommentedMap:
    """:func:`compile_template` for a file.

    Raises:
        ConfigError: the file cannot be read, is larger than the default size limit for
            logs (1 MiB, hooks.io.text.DEFAULT_MAX_BYTES), or holds no usable template.
    """

    try:
        size = path.stat().st_size
        if size > DEFAULT_MAX_BYTES:
            raise ConfigError(f"template is {size} bytes, over the limit of {DEFAULT_MAX_BYTES}", str(path))
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read template: {getattr(exc, 'strerror', None) or exc}", str(path)) from None
    return compile_template(text, name, block, str(path))


_FLOW_KEYS = {"paths", "exclude", "enum", "value-enum", "columns", "synonyms", "modes"}


def _flow_lists(node: Any, key: str = "") -> None:
    """Short lists (enumerations, columns, table rows) in flow style: ``[a, b, c]``."""
    if isinstance(node, CommentedMap):
        for child_key, value in node.items():
            _flow_lists(value, str(child_key))
    elif isinstance(node, CommentedSeq):
        if key in _FLOW_KEYS or key == "row":
            node.fa.set_flow_style()
        for value in node:
            _flow_lists(value, "row" if key == "rows" else "")


def dump_kind(kind: Any) -> str:
    """A kind mapping as YAML text (ruamel.yaml; short lists in flow style)."""
    _flow_lists(kind)

    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(kind, stream)
    return stream.getvalue()


