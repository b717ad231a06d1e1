"""Terminal habits: colour on a terminal only, and a progress bar on long checks.

Colour follows the conventions users expect: ``--color auto`` (the default) colours only
when the stream is a terminal, ``TERM`` is not ``dumb`` and ``NO_COLOR`` is unset or empty
(https://no-color.org, read 2026-12-01: "when present and not an empty string, prevents the
addition of ANSI color"); ``--color always`` and ``never`` decide regardless. Colour never
changes the text, only wraps it in ANSI SGR codes, so a coloured line minus its escape
sequences is the plain line.

The progress bar is tqdm's, on standard error, shown only when standard error is a terminal
and only after the check has run for :data:`DELAY_SECONDS` (short checks, pre-commit hooks
and CI logs never see it). The engine reports each checked file through
:func:`hooks.engine.runner.on_file`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from hooks.engine.runner import Report, on_file
from hooks.finding import Severity
from hooks.output.text import summary

#: Seconds a check runs before its progress bar appears.
DELAY_SECONDS = 1.0
#: Least seconds between two redraws of the bar (tqdm's default).
MIN_INTERVAL = 0.1

_RESET = "\033[0m"
_STYLE = {"bold": "\033[1m", "dim": "\033[2m", "red": "\033[31m", "yellow": "\033[33m", "cyan": "\033[36m", "green": "\033[32m"}
_SEVERITY = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def color_enabled(choice: str, stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream`` for ``--color choice`` (auto, always, never)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def paint(text: str, *styles: str) -> str:
    """``text`` wrapped in the ANSI codes of ``styles`` (bold, dim, red, yellow, cyan, green)."""
    return "".join(_STYLE[s] for s in styles) + text + _RESET


def render_text(report: Report) -> str:
    """The text format (:func:`hooks.output.text.render`) in colour: the location bold, the
    code in its severity's colour, the rule name dim, the summary red, yellow or green."""
    lines = [
        f"{paint(f'{f.path}:{f.line}:{f.column}:', 'bold')} {paint(f.code, _SEVERITY.get(f.severity, 'cyan'))} {f.message} {paint(f'({f.name})', 'dim')}"
        for f in report.findings
    ]
    colour = "red" if report.count(Severity.ERROR) else "yellow" if report.findings else "green"
    lines.append(paint(summary(report), colour))
    return "\n".join(lines) + "\n"


@contextmanager
def progress_bar(what: str, stream: TextIO | None = None) -> Iterator[None]:
    """Show a tqdm bar for files checked inside the block, when ``stream`` (standard error)
    is a terminal; otherwise do nothing."""
    out = stream or sys.stderr
    if not getattr(out, "isatty", lambda: False)():
        yield
        return
    from tqdm import tqdm  # noqa: PLC0415 - only terminals pay for it

    bar = tqdm(desc=what, unit="file", file=out, delay=DELAY_SECONDS, mininterval=MIN_INTERVAL, leave=False, dynamic_ncols=True)

    def tick(total: int) -> None:
        if bar.total != total:
            bar.total = total
            bar.refresh()
        bar.update(1)

    try:
        with on_file(tick):
            yield
    finally:
        bar.close()
