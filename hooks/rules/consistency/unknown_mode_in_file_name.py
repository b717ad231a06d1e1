"""The mode in the file name is not a known mode.

What it does:
    When the file name follows the kind's convention and has a mode
    (``YYYY-MM-DD_HH-MM_mode-N.md``, run-log-template.md "File Naming Convention"), checks
    the mode against the kind option ``modes``. The shipped run-log kind knows the spec's
    examples (``review-tagged``, ``learn-from-jan``, ``system-improvement``) and the modes
    the real heyreach folder uses (``process``, ``system-review``, ``learn-jan``,
    ``analyze-reactions``, ``troubleshoot``). The template's title is ``# Run Log: [Mode
    Name]``, so a mode that is the log's own Mode Name as a slug (``draft-replies`` in a log
    titled ``Run Log: Draft Replies``) is known too. A kind without ``modes`` is not
    checked. The message suggests the closest known mode.

Why it matters:
    The mode is how logs of one kind of run are grouped and counted; ``review-taged-1`` or
    ``processing-1`` silently starts a new group that no report looks at.

Example:
    ``run-logs/2026-01-07_12-46_reveiw-tagged-1.md``.

How to fix:
    Rename the file with the known mode, or add your team's mode to the kind's ``modes``
    (``kind-overrides: {run-log: {options: {modes: [...]}}}``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.document import Document, plain
from hooks.rules.base import Context, Problem, Rule


def title_mode(doc: Document, title_example: str) -> str | None:
    """The Mode Name of the title as a slug, when the kind's title example has a ``[Mode ...]``
    placeholder (``# Run Log: [Mode Name]``) and the title follows it; else ``None``."""
    example = title_example.lstrip("#").strip()
    parts = re.split(r"\[mode[^\]]*\]", example, maxsplit=1, flags=re.I)
    if len(parts) != 2 or doc.title is None:
        return None
    head, tail = (re.sub(r"\\ ", r"\\s*", re.escape(p.strip())) for p in parts)
    match = re.fullmatch(rf"{head}\s*(?P<mode>.+?)\s*{tail}", plain(doc.title), re.I)
    if match is None:
        return None
    return re.sub(r"[^a-z0-9]+", "-", match.group("mode").lower()).strip("-") or None


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem when the name's mode is not in the kind's ``modes``."""
    modes = ctx.kind.options.get("modes")
    if ctx.kind.filename is None or not isinstance(modes, list) or not modes:
        return
    name = doc.path.rsplit("/", 1)[-1]
    match = ctx.kind.filename.fullmatch(name)
    mode = match.groupdict().get("mode") if match else None
    if not mode:
        return
    known = [str(m) for m in modes]
    if mode.casefold() in {m.casefold() for m in known} or mode.casefold() == title_mode(doc, ctx.kind.title_example):
        return
    close = difflib.get_close_matches(mode, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
    yield Problem(1, f"mode {mode!r} in the file name is not a known mode{hint}")


RULE = Rule(code="RL113", name="unknown-mode-in-file-name", severity=Severity.WARNING, doc=__doc__ or "", check=check)
