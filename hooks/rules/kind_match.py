"""How a document meets its kind's template, worked out once per document for every rule.

Several rules ask the same questions of a log: which of its sections does each of the kind's
section specs name, and which field answers a field spec. Asked rule by rule, that is one
regular-expression match per (section spec, section) pair in each rule; here it is done once
per document and kind and shared (memoized by identity for as long as the engine checks the
document: rules run one document at a time).

Two title spellings are matched, as the rules always did: the plain title
(:func:`~hooks.model.document.plain`, markup removed) and the title with ``*`` and backticks
stripped from its ends (the field rules RL103/RL104).
"""

from __future__ import annotations

from dataclasses import dataclass

from hooks.kinds.kind import FieldSpec, Kind
from hooks.model.document import Document, Field, Section, plain


@dataclass(frozen=True)
class KindMatch:
    """The sections of a document each of its kind's section specs names.

    Attributes:
        by_plain: per section spec (in ``kind.sections`` order), the document's sections of
            level 2 or deeper whose plain title the spec's pattern fully matches.
        by_stripped: the same, matching the title stripped of ``*`` and backticks.
        first_spec: per document section (by its line), the index of the first section spec
            naming it by its plain title, for sections of level 2 or deeper that one names.
    """

    by_plain: tuple[tuple[Section, ...], ...]
    by_stripped: tuple[tuple[Section, ...], ...]
    first_spec: dict[int, int]


_MEMO: dict[tuple[int, int], tuple[Document, Kind, KindMatch]] = {}
_MEMO_SIZE = 64


def kind_match(doc: Document, kind: Kind) -> KindMatch:
    """The :class:`KindMatch` of ``doc`` against ``kind`` (computed once per pair)."""
    key = (id(doc), id(kind))
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is doc and hit[1] is kind:
        return hit[2]
    deep = [s for s in doc.sections if s.level >= 2]
    plain_titles = [plain(s.title) for s in deep]
    stripped_titles = [s.title.strip("*` ") for s in deep]
    by_plain, by_stripped = [], []
    first_spec: dict[int, int] = {}
    same = all(a == b for a, b in zip(plain_titles, stripped_titles, strict=True))  # no markup in any title: one match serves both
    for index, spec in enumerate(kind.sections):
        fullmatch = spec.pattern.fullmatch
        matched = tuple(s for s, title in zip(deep, plain_titles, strict=True) if fullmatch(title))
        by_plain.append(matched)
        by_stripped.append(matched if same else tuple(s for s, title in zip(deep, stripped_titles, strict=True) if fullmatch(title)))
        for section in matched:
            first_spec.setdefault(section.line, index)
    match = KindMatch(tuple(by_plain), tuple(by_stripped), first_spec)
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    _MEMO[key] = (doc, kind, match)
    return match


def find_field(spec: FieldSpec, pool: tuple[Field, ...] | list[Field]) -> Field | None:
    """The first field in ``pool`` named by ``spec`` (its name or a synonym, any case)."""
    keys = spec.keys()
    return next((f for f in pool if f.key.casefold() in keys), None)
