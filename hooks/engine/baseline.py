"""Baselines: adopt runlog on a folder with old findings, so only new findings fail.

``runlog check --write-baseline FILE`` records a fingerprint of every finding; ``runlog
check --baseline FILE`` leaves out the findings the baseline holds and fails only on the
rest. A fingerprint is the SHA-256 of the file's path (relative to the baseline file's
folder), the rule code, the normalized message and the stripped text of the flagged line,
but not the line number: a finding keeps its fingerprint when lines above it are added or
removed. Equal fingerprints are matched by count, so a second copy of a known problem in
the same file is new.

The file is JSON, sorted, one record per finding, so its diff is reviewable::

    {"version": 1, "tool": "runlog",
     "findings": [{"fingerprint": "9f2c...", "path": "run-logs/a.md", "code": "RL105",
                   "message": "missing section '## Token Usage'"}]}
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hooks.errors import ConfigError, InputError
from hooks.finding import Finding
from hooks.io.atomic import write_text_atomic
from hooks.io.text import read_log

FORMAT_VERSION = 1
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def normalize_message(message: str) -> str:
    """``message`` case-folded, with runs of digits as ``0`` and whitespace collapsed.

    Numbers in messages are often positions ("see line 12") that move with the text; the
    flagged line's own content still tells findings with different numbers apart.
    """
    return _SPACE.sub(" ", _DIGITS.sub("0", message.casefold())).strip()


def fingerprint(path: str, code: str, message: str, line_text: str) -> str:
    """The hex SHA-256 fingerprint of one finding (see the module docstring)."""
    material = "\x1f".join((path, code, normalize_message(message), line_text.strip()))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class LineReader:
    """Text of lines of files, read once per file (decoded as the engine decodes them).

    Args:
        locate: turns a finding's display path into the file on disk.
    """

    def __init__(self, locate: Callable[[str], Path]) -> None:
        self._locate = locate
        self._lines: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str:
        """1-based line ``number`` of ``path``; ``""`` when missing or unreadable."""
        if path not in self._lines:
            try:
                decoded = read_log(self._locate(path))
                self._lines[path] = decoded.text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if decoded.problem is None else []
            except InputError:
                self._lines[path] = []
        lines = self._lines[path]
        return lines[number - 1] if 0 < number <= len(lines) else ""


@dataclass(frozen=True)
class Fingerprinted:
    """A finding with its fingerprint and the path used in it."""

    finding: Finding
    path: str
    fingerprint: str


def fingerprint_all(findings: Sequence[Finding], locate: Callable[[str], Path], relative_to: Path | None = None) -> list[Fingerprinted]:
    """Fingerprint ``findings`` (same order).

    Args:
        findings: the findings, with display paths.
        locate: display path to the file on disk (absolute).
        relative_to: the folder paths in fingerprints are relative to; ``None`` keeps
            the display path.
    """
    reader = LineReader(locate)
    out = []
    for finding in findings:
        path = finding.path
        if relative_to is not None:
            try:
                path = Path(os.path.relpath(locate(finding.path), relative_to)).as_posix()
            except ValueError:
                path = locate(finding.path).as_posix()
        text = reader.line(finding.path, finding.line)
        out.append(Fingerprinted(finding, path, fingerprint(path, finding.code, finding.message, text)))
    return out


def write_baseline(file: Path, findings: Sequence[Finding], locate: Callable[[str], Path]) -> int:
    """Write the baseline of ``findings`` to ``file`` atomically; return how many it holds."""
    records = [
        {"fingerprint": f.fingerprint, "path": f.path, "code": f.finding.code, "message": f.finding.message}
        for f in fingerprint_all(findings, locate, file.resolve().parent)
    ]
    records.sort(key=lambda r: (r["path"], r["code"], r["message"], r["fingerprint"]))
    document = {"version": FORMAT_VERSION, "tool": "runlog", "findings": records}
    write_text_atomic(file, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return len(records)


def read_baseline(file: Path) -> Counter[str]:
    """The fingerprints in the baseline ``file``, with their counts.

    Raises:
        ConfigError: the file is missing, not JSON, or not a runlog baseline.
    """
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read baseline: {exc.strerror or exc}", str(file)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(f"baseline is not valid JSON: {getattr(exc, 'msg', exc)}", str(file), line) from None
    if not isinstance(data, dict) or data.get("tool") != "runlog" or not isinstance(data.get("findings"), list):
        raise ConfigError("not a runlog baseline (expected {'tool': 'runlog', 'findings': [...]})", str(file))
    if data.get("version") != FORMAT_VERSION:
        raise ConfigError(f"baseline format version {data.get('version')!r} is not supported (expected {FORMAT_VERSION})", str(file))
    counts: Counter[str] = Counter()
    for index, record in enumerate(data["findings"]):
        if not isinstance(record, dict) or not isinstance(record.get("fingerprint"), str):
            raise ConfigError(f"finding {index} has no fingerprint", str(file))
        counts[record["fingerprint"]] += 1
    return counts


def filter_new(findings: Sequence[Finding], baseline: Counter[str], file: Path, locate: Callable[[str], Path]) -> tuple[list[Finding], int]:
    """Split ``findings`` into the new ones and the number the baseline ``file`` already holds.

    Returns:
        (new findings in their order, count of findings left out as known).
    """
    remaining = Counter(baseline)
    new: list[Finding] = []
    known = 0
    for item in fingerprint_all(findings, locate, file.resolve().parent):
        if remaining[item.fingerprint] > 0:
            remaining[item.fingerprint] -= 1
            known += 1
        else:
            new.append(item.finding)
    return new, known
