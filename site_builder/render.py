"""Rendering one log's content to sanitized HTML, by the kind's format.

Markdown logs are rendered with markdown-it-py (CommonMark plus GFM tables, line breaks kept
as agents write header fields one per line; the parser
:mod:`hooks.model.document` uses, with the same repair of markdown-in-markdown fences), never
with Python-Markdown: log text meets no MkDocs extension (no snippets, no attr_list). JSON
files become a table of their scalar fields, tables of their lists of records and the
pretty-printed document; JSON lines become one table; text files a code block. The result
always passes :func:`site_builder.safety.clean_html` with ids prefixed ``log-`` (a log cannot
clobber an element of the theme by id).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import urllib.parse
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from hooks.model.secrets import redact
from hooks.parse.markdown import repair_nested_fences
from site_builder.safety import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, DROPPED_WITH_CONTENT, URL_SCHEMES, slug

#: Prefix of every id inside log content.
ID_PREFIX = "log-"
#: At most this many JSON-lines records or list items are shown as table rows.
MAX_ROWS = 500
#: At most this many columns in a records table.
MAX_COLUMNS = 14
#: Table cells are cut to this many characters.
MAX_CELL = 240

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

#: Maps a link target written in a log (already resolved to a POSIX path relative to the
#: log folder) to the URL of its page relative to the current page, or ``None``.
LinkResolver = Callable[[str], str | None]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "breaks": True}).enable("table")


def clean_log_html(fragment: str) -> str:
    """Sanitize log HTML: the site allowlist, ids prefixed with :data:`ID_PREFIX`, no ``name``."""
    attributes = {k: set(v) - {"name"} for k, v in ALLOWED_ATTRIBUTES.items()}
    return nh3.clean(
        redact(fragment),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer",
        id_prefix=ID_PREFIX,
    )


def _heading_text(tokens: list[Token], index: int) -> str:
    inline = tokens[index + 1] if index + 1 < len(tokens) else None
    return inline.content if inline is not None else ""


def render_markdown(text: str, source_dir: str, resolve: LinkResolver) -> str:
    """Render a markdown log (already redacted) to sanitized HTML.

    Args:
        text: the log text.
        source_dir: POSIX folder of the log relative to the log folder ("" at its top).
        resolve: turns a path relative to the log folder into a page URL (relative to the
            current page) or ``None`` when no page has it.

    Headings are demoted one level (the page has its own H1) and get ids from their text.
    Relative links to other logs are pointed at their pages.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tokens = _parser().parse("\n".join(repair_nested_fences(lines)))
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type in {"heading_open", "heading_close"}:
            level = min(int(token.tag[1]) + 1, 6)
            token.tag = f"h{level}"
            if token.type == "heading_open":
                base = slug(_heading_text(tokens, index).lower(), 60)
                count = seen.get(base, 0)
                seen[base] = count + 1
                token.attrSet("id", base if count == 0 else f"{base}_{count}")
        if token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                    child.attrSet("href", _rewrite(href, source_dir, resolve))
    return "".join(clean_log_html(block) for block in _blocks_html(tokens))


def _blocks_html(tokens: list[Token]) -> list[str]:
    """The HTML of the log in chunks to sanitize apart: each top-level block holding raw HTML
    on its own, the blocks between them together.

    So raw HTML left open in one block (an unclosed ``<math>``, ``<style>`` or ``<textarea>``
    swallows what follows it in an HTML parser) cannot hide the blocks after it, and a log
    without raw HTML is still sanitized in one call. The cost: raw HTML spanning blocks
    (``<details>``, a blank line, markdown, ``</details>``) is closed where its block ends.
    """
    parser = _parser()
    chunks: list[str] = []
    start = 0
    run_start = 0
    has_html = False
    for index, token in enumerate(tokens):
        has_html = has_html or token.type == "html_block" or any(c.type == "html_inline" for c in token.children or ())
        if token.level != 0 or token.nesting > 0:
            continue
        if has_html:
            if run_start < start:
                chunks.append(parser.renderer.render(tokens[run_start:start], parser.options, {}))
            chunks.append(parser.renderer.render(tokens[start : index + 1], parser.options, {}))
            run_start = index + 1
        start = index + 1
        has_html = False
    if run_start < len(tokens):
        chunks.append(parser.renderer.render(tokens[run_start:], parser.options, {}))
    return chunks


def _rewrite(href: str, source_dir: str, resolve: LinkResolver) -> str:
    """A log's link target as published: fragments prefixed, links to logs pointed at their pages."""
    if href.startswith("#"):
        return "#" + ID_PREFIX + href[1:]
    if not href or _SCHEME.match(href) or href.startswith(("/", "//")):
        return href
    path = urllib.parse.unquote(href.split("#", 1)[0].split("?", 1)[0])
    joined = posixpath.normpath(posixpath.join(source_dir, path)) if path else ""
    if joined and not joined.startswith(".."):
        target = resolve(joined)
        if target is not None:
            return target
    return href


def _cell(value: Any) -> str:
    if isinstance(value, str):
        text = value
    elif value is None:
        text = ""
    elif isinstance(value, (bool, int, float)):
        text = json.dumps(value)
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    text = redact(text, loose=True)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return html.escape(text)


def records_table(records: list[dict[str, Any]], total: int | None = None) -> str:
    """An HTML table of records (rows of dicts): columns in first-seen order, cells escaped."""
    columns: list[str] = []
    for record in records[:MAX_ROWS]:
        for key in record:
            if key not in columns and len(columns) < MAX_COLUMNS:
                columns.append(key)
    head = "".join(f"<th>{_cell(c)}</th>" for c in columns)
    rows = []
    for record in records[:MAX_ROWS]:
        rows.append("<tr>" + "".join(f"<td>{_cell(record.get(c))}</td>" for c in columns) + "</tr>")
    count = total if total is not None else len(records)
    note = f"<p><em>{count} records; the first {MAX_ROWS} are shown.</em></p>" if count > MAX_ROWS else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"


def _code(text: str, language: str) -> str:
    return f'<pre><code class="language-{language}">{html.escape(text)}</code></pre>'


def render_json(text: str) -> str:
    """Render a JSON document: scalar fields as a table, lists of records as tables, then the source.

    Text that is not valid JSON is shown as code with a note.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return clean_log_html("<p><em>Not valid JSON; shown as written.</em></p>" + _code(text, "text"))
    parts: list[str] = []
    if isinstance(data, dict):
        scalars = {k: v for k, v in data.items() if not isinstance(v, (dict, list))}
        if scalars:
            parts.append("<h2 id=\"fields\">Fields</h2>")
            parts.append(records_table([{"Field": k, "Value": v} for k, v in scalars.items()]))
        for key, value in data.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                parts.append(f"<h2 id=\"{slug(str(key).lower(), 40)}\">{_cell(key)}</h2>")
                parts.append(records_table(value))
            elif isinstance(value, dict) and value and all(not isinstance(v, (dict, list)) for v in value.values()):
                parts.append(f"<h2 id=\"{slug(str(key).lower(), 40)}\">{_cell(key)}</h2>")
                parts.append(records_table([{"Field": k, "Value": v} for k, v in value.items()]))
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        parts.append(records_table(data))
    pretty = json.dumps(data, indent=2, ensure_ascii=False)
    parts.append("<h2 id=\"source\">Source</h2>")
    parts.append(_code(redact(pretty), "json"))
    return clean_log_html("".join(parts))


def render_jsonl(text: str) -> str:
    """Render JSON lines as one table (one row per record); bad lines are listed, not fatal."""
    records: list[dict[str, Any]] = []
    bad: list[int] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            bad.append(number)
            continue
        records.append(value if isinstance(value, dict) else {"value": value})
    parts = [records_table(records)]
    if bad:
        shown = ", ".join(str(n) for n in bad[:20])
        parts.append(f"<p><em>Lines that are not JSON: {shown}{'…' if len(bad) > 20 else ''}</em></p>")
    return clean_log_html("".join(parts))


def render_text(text: str) -> str:
    """Render a plain-text log as a code block."""
    return clean_log_html(_code(text, "text"))


def render(fmt: str, text: str, source_dir: str, resolve: LinkResolver) -> str:
    """Render ``text`` (redacted) of a kind whose format is ``fmt`` (markdown, json, jsonl, text)."""
    if fmt == "markdown":
        return render_markdown(text, source_dir, resolve)
    if fmt == "json":
        return render_json(text)
    if fmt == "jsonl":
        return render_jsonl(text)
    return render_text(text)


#: Anchor files of a run directory, in the order the run's page is chosen from
#: (run-directory-layout.md; hooks/data/kinds/run-directory.yaml).
RUN_ANCHORS = ("metadata.json", "metrics.json", "logs_summary.txt", "summary/logs_summary.txt", "sprint_001/metadata.json")
#: At most this many step logs are shown per run, each at most this many bytes.
MAX_STEP_LOGS = 60
MAX_STEP_LOG_BYTES = 2 * 1024 * 1024


def render_file(fmt: str, name: str, text: str, source_dir: str, resolve: LinkResolver) -> str:
    """Render one published file: by the kind's format, and for run directories by the file's suffix."""
    if fmt == "run-directory" or fmt not in {"markdown", "json", "jsonl", "text"}:
        if name.endswith(".json"):
            return render_json(text)
        if name.endswith(".jsonl"):
            return render_jsonl(text)
        if name.endswith(".md"):
            return render_markdown(text, source_dir, resolve)
        return render_text(text)
    return render(fmt, text, source_dir, resolve)


def step_log_files(run_root: Path, folder: Path) -> list[Path]:
    """The step logs :func:`render_step_logs` shows: ``*.log`` and ``*.jsonl`` under ``run_root``,
    in path order, symlinks and files outside ``folder`` or over :data:`MAX_STEP_LOG_BYTES` skipped."""
    root = folder.resolve()
    found: list[Path] = []
    for path in sorted(run_root.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.suffix not in {".log", ".jsonl"}:
            continue
        resolved = path.resolve()
        if root not in resolved.parents or path.stat().st_size > MAX_STEP_LOG_BYTES:
            continue
        found.append(path)
    return found


def render_step_logs(run_root: Path, folder: Path, found: list[Path] | None = None) -> str:
    """The run's step logs (``*.log``, ``*.jsonl`` under ``run_root``) made readable, as sanitized HTML.

    JSON-lines logs become tables (one row per record), other logs code blocks. Symlinks and
    files outside ``folder`` are skipped; at most :data:`MAX_STEP_LOGS` files of at most
    :data:`MAX_STEP_LOG_BYTES` each. ``found``: :func:`step_log_files` when already listed.
    """
    if found is None:
        found = step_log_files(run_root, folder)
    if not found:
        return ""
    parts = ["<h2 id=\"step-logs\">Step logs</h2>"]
    for path in found[:MAX_STEP_LOGS]:
        relative = path.relative_to(run_root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        parts.append(f"<h3 id=\"{slug(relative.lower(), 80)}\">{html.escape(redact(relative))}</h3>")
        first = next((line for line in text.splitlines() if line.strip()), "")
        try:
            is_records = isinstance(json.loads(first), dict)
        except (ValueError, RecursionError):
            is_records = False
        parts.append(render_jsonl(redact(text)) if is_records else render_text(redact(text)))
    if len(found) > MAX_STEP_LOGS:
        parts.append(f"<p><em>{len(found) - MAX_STEP_LOGS} more step logs are not shown.</em></p>")
    return clean_log_html("".join(parts))
