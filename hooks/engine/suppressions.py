"""Inline suppressions: HTML comments in a log that silence findings.

Four directives, modelled on markdownlint's ``<!-- markdownlint-disable -->`` comments::

    <!-- runlog-disable-next-line RL101 -->      the line after the comment
    <!-- runlog-disable RL101 token-total-mismatch -->   from here ...
    <!-- runlog-enable RL101 -->                 ... to here (or to the end of the file)
    <!-- runlog-disable-file -->                 the whole file

Rules are named by code (``RL101``) or name (``missing-section``), separated by spaces or
commas; no rule means every rule. The comments come from
:attr:`hooks.model.document.Document.comments`, so a directive inside a code block is shown, not
obeyed. The engine applies suppressions after the rules ran (:func:`apply`); a suppressed
finding is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hooks.config.rule_table import rule_info
from hooks.finding import Finding

_DIRECTIVE = re.compile(r"^runlog-(disable-next-line|disable-file|disable|enable)(?:\s+(.*))?$", re.S)

#: Marker for "every rule" in a directive's rule set.
ALL = "*"


@dataclass(frozen=True)
class Suppressions:
    """The suppressions of one file.

    Attributes:
        file: rule codes silenced in the whole file (``"*"`` for all).
        lines: 1-based line to the rule codes silenced on it.
        ranges: (first line, last line or ``None`` for the end of file, rule codes).
    """

    file: frozenset[str] = frozenset()
    lines: tuple[tuple[int, frozenset[str]], ...] = ()
    ranges: tuple[tuple[int, int | None, frozenset[str]], ...] = ()

    def covers(self, finding: Finding) -> bool:
        """Whether ``finding`` is silenced."""

        def hit(codes: frozenset[str]) -> bool:
            return ALL in codes or finding.code in codes

        if hit(self.file):
            return True
        if any(line == finding.line and hit(codes) for line, codes in self.lines):
            return True
        return any(start <= finding.line and (end is None or finding.line <= end) and hit(codes) for start, end, codes in self.ranges)


def _codes(text: str | None) -> frozenset[str]:
    """Rule codes named in a directive's argument; unknown names are kept as written."""
    words = [w for w in re.split(r"[\s,]+", (text or "").strip()) if w]
    if not words:
        return frozenset({ALL})
    codes = set()
    for word in words:
        rule = rule_info(word)
        codes.add(rule.code if rule else word)
    return frozenset(codes)


def parse_directives(comments: Sequence[tuple[int, str]]) -> Suppressions:
    """Read the directives among ``comments`` ((1-based line, inner text) pairs, in order).

    A ``runlog-enable`` closes the open ranges of the rules it names (every open range when
    it names none); a range never closed runs to the end of the file. Comments that are not
    directives are ignored.
    """
    file_codes: set[str] = set()
    lines: list[tuple[int, frozenset[str]]] = []
    ranges: list[tuple[int, int | None, frozenset[str]]] = []
    open_ranges: list[tuple[int, set[str]]] = []
    for line, text in comments:
        match = _DIRECTIVE.match(text.strip())
        if not match:
            continue
        verb, codes = match.group(1), _codes(match.group(2))
        if verb == "disable-file":
            file_codes |= codes
        elif verb == "disable-next-line":
            lines.append((line + 1, codes))
        elif verb == "disable":
            open_ranges.append((line, set(codes)))
        else:  # enable
            still_open: list[tuple[int, set[str]]] = []
            for start, open_codes in open_ranges:
                closing = open_codes if ALL in codes else open_codes & codes
                if closing:
                    ranges.append((start, line, frozenset(closing)))
                remaining = open_codes - closing
                if remaining:
                    still_open.append((start, remaining))
            open_ranges = still_open
    ranges.extend((start, None, frozenset(codes)) for start, codes in open_ranges)
    return Suppressions(frozenset(file_codes), tuple(lines), tuple(ranges))


def apply(findings: Iterable[Finding], comments: Sequence[tuple[int, str]]) -> list[Finding]:
    """``findings`` without those the directives in ``comments`` silence (order kept)."""
    listed = list(findings)
    if not comments or not listed:
        return listed
    suppressions = parse_directives(comments)
    return [f for f in listed if not suppressions.covers(f)]
