"""Reading log files as text: encoding, BOM and binary detection, size limits, safe echo.

Logs are written by agents and pasted from terminals, so a file may be empty, binary, not
UTF-8 or huge. :func:`read_log` never raises for such content: it returns a
:class:`Decoded` whose ``problem`` says what is wrong, and the engine turns that into a
finding (rules RL001 to RL004) instead of parsing.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from hooks.errors import InputError

#: Default size limit per file, in bytes (configurable as ``max-file-bytes``): markdown-it
#: parses about 1 MB per second on one core, so 1 MiB keeps a file within the 2 s budget.
DEFAULT_MAX_BYTES = 1024 * 1024

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Decoded:
    """The outcome of reading one file.

    Attributes:
        text: the decoded text without BOM ("" when there is a problem).
        bom: whether the file started with a UTF-8 BOM.
        problem: ``None`` when usable, else one of ``"binary"``, ``"encoding"``,
            ``"empty"``, ``"too-large"``.
        detail: a human sentence about the problem.
        line: 1-based line of the problem (first undecodable byte), 1 otherwise.
        size: the file size in bytes.
        digest: SHA-256 of the file's bytes, hexadecimal ("" when it was too large to read).
        stat: ``(size, mtime_ns, inode)`` of the file when it was read (the cache's key).
    """

    text: str
    bom: bool
    problem: str | None
    detail: str
    line: int
    size: int
    digest: str = ""
    stat: tuple[int, int, int] = (0, 0, 0)


def read_log(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Read ``path`` and decode it as UTF-8 (BOM allowed).

    Raises:
        InputError: the file cannot be opened at all (missing, a folder, no permission).
    """
    try:
        info = os.stat(path)
        size = info.st_size
        stat = (size, info.st_mtime_ns, info.st_ino)
        if size > max_bytes:
            return Decoded("", False, "too-large", f"file is {size} bytes, over the limit of {max_bytes}", 1, size, "", stat)
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(path)) from None
    digest = hashlib.sha256(data).hexdigest()
    bom = data.startswith(_BOM)
    if bom:
        data = data[len(_BOM) :]
    if b"\x00" in data[:8192]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return Decoded("", bom, "encoding", "file is UTF-16, not UTF-8", 1, size, digest, stat)
        return Decoded("", bom, "binary", "file is binary (contains NUL bytes)", 1, size, digest, stat)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Decoded("", bom, "encoding", f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line, size, digest, stat)
    if not text.strip():
        return Decoded("", bom, "empty", "file is empty", 1, size, digest, stat)
    return Decoded(text, bom, None, "", 1, size, digest, stat)


_LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """``text`` split at line ends as editors and markdown-it count them (LF, CRLF, CR).

    Unlike :meth:`str.splitlines`, form feed, NEL, U+2028 and the other Unicode separators
    stay inside their line, so line numbers agree with the editor's. Like it, a final line end
    gives no empty last line.
    """
    lines = _LINE_END.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


