"""The exception hierarchy that carries exit codes (modelled on click's).

One boundary per entry point (:func:`hooks.cli.main`) turns a :class:`RunlogError` into a
one-line message on stderr and its :attr:`RunlogError.exit_code`; no traceback escapes.
Findings are not exceptions: they are data and give exit 1 through the report.
"""

from __future__ import annotations

import re


class RunlogError(Exception):
    """Base class: unusable input or configuration. Exit code 2.

    Args:
        message: one line, without the location.
        path: the file at fault, if any (shown first).
        line: 1-based line in that file, if known.
    """

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def format(self) -> str:
        """Return ``path:line: message`` (parts that are unknown are left out)."""

        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return safe(f"{where}{self.message}", 1 << 16)

    def __str__(self) -> str:
        return self.format()


class UsageError(RunlogError):
    """The command line is wrong (unknown path, bad option value)."""


class ConfigError(RunlogError):
    """A configuration or kind file is malformed, has an unknown key or a bad value."""


class InputError(RunlogError):
    """An input file cannot be used at all (unreadable, outside the repository)."""


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def safe(text: str, limit: int = 120) -> str:
    """Return ``text`` fit for one terminal line: control characters (line ends included, tab
    not) escaped as ``\\xNN`` / ``\\uNNNN``, cut at ``limit``.

    Findings echo log content and file names; an agent-written log may hold terminal escape
    sequences, and a file name may hold a newline.
    """
    escaped = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)
    if len(escaped) > limit:
        escaped = escaped[: limit - 1] + "…"
    return escaped
