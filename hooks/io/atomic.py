"""Atomic file writes: a temporary file in the same folder, fsync, then replace.

A reader (or a crash) never sees a half-written file. Symlinks are refused, so a write
cannot be redirected outside the repository.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from hooks.errors import InputError


def write_bytes_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the file mode of an existing file.

    ``durable=False`` skips the fsync: readers still never see a half-written file, but a
    power cut may leave the old or an empty file (fine for a cache, which is rebuilt).

    Raises:
        InputError: ``path`` is a symlink, or the folder cannot be written.
    """
    if path.is_symlink():
        raise InputError("refusing to write through a symlink", str(path))
    folder = path.parent if str(path.parent) else Path(".")
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text_atomic(path: Path, text: str, durable: bool = True) -> None:
    """:func:`write_bytes_atomic` for UTF-8 text (newlines written as given)."""
    write_bytes_atomic(path, text.encode("utf-8"), durable)
