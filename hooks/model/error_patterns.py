"""Recurring errors: error occurrences grouped into patterns by log-template mining.

An :class:`Occurrence` is one recorded error (a row of a run log's Errors Encountered
table, a registry entry's Error Message, a failed episode step...; :mod:`hooks.occurrences`
finds them). :func:`mine_patterns` groups occurrences whose messages differ only in their
variable parts into one :class:`Pattern`, whose *signature* is the message with those parts
as ``<*>`` slots: ``No such tool available: <*>``.

The grouping is Drain (P. He, J. Zhu, Z. Zheng, M. R. Lyu, "Drain: An Online Log Parsing
Approach with Fixed Depth Tree", ICWS 2017), through the ``drain3`` module of the
``drain3-improved`` distribution (the maintained fork of IBM's Drain3, which has had no
release since 2022). Before mining, :func:`mask` turns the variable parts Drain's paper
masks with regular expressions into slots: URLs, UUIDs, hex ids, paths and file names,
quoted values, dates, times, durations and sizes, and any token holding a digit. Drain then
merges messages of the same length whose leading tokens agree and whose other tokens mostly
agree (similarity :data:`SIMILARITY`), which turns a tool name in a fixed position into a
slot too.

Three rules keep the result honest:

* **Deterministic**: Drain is an online algorithm, so its clusters depend on the order it
  sees messages. Distinct masked messages are fed in sorted order, so the same occurrences
  give the same patterns whatever the order of the files they came from.
* **One-offs stay one-off**: a cluster whose signature has more slots than constant words
  is not a pattern (two unrelated ``ValueError: ...`` lines must not merge); its members
  are grouped by their exact text instead.
* **Cited ids win**: run-log-template.md says a log meeting a known error "references the
  existing ERR-XXX". An occurrence that cites an id with a registry entry joins the pattern
  of that entry's message, whatever its own wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

#: The slot written for a variable part (Drain's ``param_str``).
SLOT = "<*>"
#: Drain's similarity threshold: the share of a message's tokens that must equal a cluster
#: template's for the message to join it. The paper's tuned values are 0.4 to 0.7 per data
#: set; 0.5 keeps "No such tool available: <*>" together and short unrelated messages apart
#: (tests/hooks/test_error_patterns.py).
SIMILARITY = 0.5
#: Drain's tree depth (the paper's default 4: length, then the first two tokens).
DEPTH = 4
#: Longest message text kept on an occurrence, in characters.
MAX_MESSAGE = 300
#: Tokens of a message the miner reads (long prose is cut: its head names the error).
MAX_TOKENS = 40

_MASKS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        r"\b[a-z][a-z0-9+.-]*://[^\s)>\]]+",  # URLs
        r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",  # UUIDs
        r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b",  # dates, datetimes
        r"\b\d{1,2}:\d{2}(?::\d{2})?\b",  # times
        r"\b0x[0-9a-f]+\b",  # hex numbers
        r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b",  # hex ids, commit hashes
        r"(?:~|\.{1,2})?(?:/[\w.@%+~-]+){2,}/?|\b[\w.@%+~-]+(?:/[\w.@%+~-]+)+",  # paths
        r"\b[\w-]+\.(?:md|py|json|jsonl|txt|log|ya?ml|toml|js|ts|rs|go|sh|csv|html?)\b",  # file names
        r"\b\d+(?:[.,]\d+)?\s?(?:ms|s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?|[kmgt]i?b|b|%)(?![\w])",  # durations, sizes
    )
)
#: Quoted values (double, or single not taken for apostrophes): masked when of at most
#: :data:`MAX_QUOTED_WORDS` words; a longer quotation is a message, kept.
_QUOTED = re.compile(r'"([^"\n]*)"|(?<![\w\'])\'([^\'\n]*)\'(?![\w\'])')
MAX_QUOTED_WORDS = 3
_CODE_SPAN = re.compile(r"`([^`\n]*)`")
_EMPHASIS = re.compile(r"\*\*|~~")
#: A leading error category in upper snake case (``MCP_ERROR: ...``, ``OVERFLOW_ERROR - ...``):
#: the registry keeps it in its Category field (run-log-template.md), it is not the message.
_CATEGORY = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\s*(?::|-|–|—)\s+")
_PUNCTUATION = "()[]{}<>,;:.!?'\"`"
_DEFAULT_IDS = re.compile(r"(?<![\w-])ERR-\d{3,}(?:-\d{3,})?(?![\w-])")


@dataclass(frozen=True)
class Occurrence:
    """One recorded error.

    Attributes:
        path: display path of the file it is recorded in (POSIX).
        line: 1-based line of the row, entry heading, list item or record.
        timestamp: when it happened, ISO 8601 as far as the log says (``2026-01-03``,
            ``2026-01-03T14:41``, ``2025-10-30T10:44:36Z``), or ``None``.
        message: the error text as written, one line, at most :data:`MAX_MESSAGE` characters.
        error_ids: registry ids cited with it (``ERR-003``), in order of appearance.
        source: what recorded it: ``errors-table``, ``error-entry``, ``registry-entry``,
            ``section`` (an Issues or Root Cause paragraph or item), ``episode-step``,
            ``sprint``, ``summary-step``.
        kind: the name of the file's kind.
        registry_id: for a registry entry, its own id (``None`` otherwise).
    """

    path: str
    line: int
    timestamp: str | None
    message: str
    error_ids: tuple[str, ...] = ()
    source: str = ""
    kind: str = ""
    registry_id: str | None = None

    def sort_key(self) -> tuple[str, str, int, str]:
        """Chronological order (undated last), then path, line and message."""
        return (self.timestamp or "\uffff", self.path, self.line, self.message)


@dataclass(frozen=True)
class Pattern:
    """Occurrences of one error template.

    Attributes:
        signature: the template, variable parts as ``<*>``; when every occurrence has the
            same text (a one-off, or one message repeated), that text.
        occurrences: its occurrences, chronological (:meth:`Occurrence.sort_key`).
        registry_ids: ids linked to it (its registry entries' own ids and the ids its
            occurrences cite), sorted.
        registered: the ids of ``registry_ids`` that have a registry entry among the
            occurrences mined.
    """

    signature: str
    occurrences: tuple[Occurrence, ...]
    registry_ids: tuple[str, ...] = ()
    registered: frozenset[str] = field(default_factory=frozenset)

    @property
    def count(self) -> int:
        """Number of occurrences (registry entries included)."""
        return len(self.occurrences)

    @property
    def log_paths(self) -> tuple[str, ...]:
        """Paths of the logs it occurs in (registries are not logs), sorted."""
        return tuple(sorted({o.path for o in self.occurrences if o.registry_id is None}))

    @property
    def logs(self) -> int:
        """Number of distinct logs (registries not counted)."""
        return len(self.log_paths)

    @property
    def first_seen(self) -> str | None:
        """The earliest timestamp of its occurrences, or ``None`` when none is dated."""
        dated = [o.timestamp for o in self.occurrences if o.timestamp]
        return min(dated) if dated else None

    @property
    def last_seen(self) -> str | None:
        """The latest timestamp of its occurrences, or ``None``."""
        dated = [o.timestamp for o in self.occurrences if o.timestamp]
        return max(dated) if dated else None

    @property
    def entries(self) -> tuple[Occurrence, ...]:
        """Its registry-entry occurrences, in order."""
        return tuple(o for o in self.occurrences if o.registry_id is not None)

    @property
    def latest(self) -> Occurrence:
        """The latest log occurrence (a registry entry only when there is no log one)."""
        pool = [o for o in self.occurrences if o.registry_id is None] or list(self.occurrences)
        return max(pool, key=lambda o: (o.timestamp or "", o.path, o.line))

    def sort_key(self) -> tuple[int, str]:
        """Most occurrences first, then by signature."""
        return (-self.count, self.signature)


def clean(text: str, cited: Sequence[str] = ()) -> str:
    """A message as mined: first line, markup dropped, registry ids removed (``ERR-NNN``,
    ``ERR-YYYYMMDD-NNN`` and the ``cited`` ids, whatever a registry's ``id-pattern``), spaces
    collapsed.

    A code span holding several words is the message itself (its backticks go); a code span
    of one token is a value (an identifier, a path) and becomes a quoted value, masked later.
    A leading upper-snake-case category (``MCP_ERROR:``) goes, and a message quoted whole
    loses its quotes.
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    first = _CODE_SPAN.sub(lambda m: m.group(1) if " " in m.group(1).strip() else f'"{m.group(1)}"', first)
    first = _EMPHASIS.sub("", first)
    # ids of the default forms are removed by the default pattern anyway: compile only for others
    ids, bracketed = _id_expressions(tuple(i for i in cited if _DEFAULT_IDS.fullmatch(i) is None))
    first = ids.sub("", bracketed.sub("", first))
    first = _CATEGORY.sub("", " ".join(first.split()).strip(" -–—:|"))
    if len(first) >= 2 and first[0] == first[-1] and first[0] in "\"'" and first.count(first[0]) == 2:
        first = first[1:-1].strip()
    return first


@lru_cache(maxsize=4096)
def _id_expressions(cited: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The ids to remove from a message (the default forms and ``cited``), and the same ids
    in brackets (``(ERR-001)``, ``(ERR-001, ERR-004)``), removed with their brackets."""
    ids = "|".join([_DEFAULT_IDS.pattern, *(rf"(?<![\w-]){re.escape(i)}(?![\w-])" for i in cited)])
    return re.compile(ids), re.compile(rf"\(\s*(?:{ids})(?:[\s,;]+(?:{ids}))*\s*\)")


@lru_cache(maxsize=65536)
def mask(text: str) -> str:
    """``text`` (already :func:`clean`) with its variable parts as ``<*>`` slots.

    Masked, in this order: URLs, quoted values of up to three words, UUIDs, dates and times, hex numbers and ids,
    paths, file names, durations and sizes; then any token holding a digit (numbers, ``c-1042``,
    ``v2``). Neighbouring slots collapse into one, so a value of two words and one of three
    give the same template. Pure, so cached.
    """
    text = _QUOTED.sub(_quoted, _MASKS[0].sub(SLOT, text))
    for pattern in _MASKS[1:]:
        text = pattern.sub(SLOT, text)
    tokens: list[str] = []
    for token in text.split()[:MAX_TOKENS]:
        core = token.strip(_PUNCTUATION)
        if SLOT not in token and core and any(ch.isdigit() for ch in core):
            start = token.find(core)
            token = token[:start] + SLOT + token[start + len(core) :]
        if tokens and _is_slot(token) and _is_slot(tokens[-1]):
            continue
        tokens.append(token)
    return " ".join(tokens)


def _quoted(match: re.Match[str]) -> str:
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    return SLOT if len(inner.split()) <= MAX_QUOTED_WORDS else match.group(0)


def _is_slot(token: str) -> bool:
    return token.strip(_PUNCTUATION.replace("<", "").replace(">", "")) == SLOT


def slots_and_words(signature: str) -> tuple[int, int]:
    """``(slots, constant words)`` of a signature: tokens holding ``<*>``, and tokens with a
    letter and no slot. Punctuation-only tokens count as neither."""
    slots = words = 0
    for token in signature.split():
        if SLOT in token:
            slots += 1
        elif any(ch.isalpha() for ch in token):
            words += 1
    return slots, words


def is_template(signature: str) -> bool:
    """Whether a signature is a pattern: at least one constant word, and no more slots than
    constant words (the one-off rule)."""
    slots, words = slots_and_words(signature)
    return words > 0 and slots <= words


def _drain_groups(masked: Sequence[str]) -> dict[str, str]:
    """Masked message to the signature of its group, Drain fed in sorted order."""
    # Imported here, not at the top: ``drain3`` loads its persistence and masking modules
    # (jsonpickle) on import, about 45 ms measured with ``python -X importtime``, which every
    # commit-time ``runlog check`` would pay through the rules that import this module.
    from drain3.drain import Drain

    drain = Drain(depth=DEPTH, sim_th=SIMILARITY, max_children=100, param_str=SLOT)
    cluster_of: dict[str, int] = {}
    for text in sorted(set(masked)):
        cluster, _ = drain.add_log_message(text)
        cluster_of[text] = cluster.cluster_id
    templates = {c.cluster_id: " ".join(c.log_template_tokens) for c in drain.clusters}
    return {text: templates[cid] for text, cid in cluster_of.items()}


def mine_patterns(occurrences: Iterable[Occurrence]) -> list[Pattern]:
    """Group ``occurrences`` into patterns, sorted by :meth:`Pattern.sort_key`.

    Args:
        occurrences: any order; the result does not depend on it. The ids each cites are
            removed from its message before mining.

    Returns:
        every pattern, one-offs included (a pattern of one occurrence).
    """
    items = sorted(set(occurrences), key=lambda o: (o.path, o.line, o.message, o.source, o.registry_id or ""))
    registered = {o.registry_id for o in items if o.registry_id}
    cleaned = {o: clean(o.message, o.error_ids) or o.message.strip() or "(no message)" for o in items}
    # An occurrence citing a registered id joins that entry's pattern: mine only the others.
    citing = {o: next((i for i in o.error_ids if i in registered), None) for o in items if o.registry_id is None}
    mined = [o for o in items if o.registry_id is not None or citing.get(o) is None]
    masked = {o: mask(cleaned[o]) for o in mined}
    signature_of = _drain_groups(list(masked.values()))
    clusters: dict[str, list[Occurrence]] = {}
    for occurrence in mined:
        signature = " ".join(signature_of[masked[occurrence]].split())
        if not is_template(signature):
            signature = cleaned[occurrence]  # one-off: only its exact text groups
        clusters.setdefault(signature, []).append(occurrence)
    groups: dict[str, list[Occurrence]] = {}
    for signature, members in clusters.items():
        texts = {cleaned[o] for o in members}
        # a template shows slots only where messages were seen to differ in something
        groups.setdefault(signature if len(texts) > 1 else texts.pop(), []).extend(members)
    entry_signature: dict[str, str] = {}
    for signature, members in groups.items():
        for member in members:
            if member.registry_id is not None:
                entry_signature.setdefault(member.registry_id, signature)
    for occurrence, cited in citing.items():
        if cited is not None:
            groups[entry_signature[cited]].append(occurrence)
    patterns = []
    for signature, members in groups.items():
        ids = {o.registry_id for o in members if o.registry_id} | {i for o in members for i in o.error_ids}
        patterns.append(
            Pattern(
                signature=signature,
                occurrences=tuple(sorted(members, key=Occurrence.sort_key)),
                registry_ids=tuple(sorted(ids, key=_id_key)),
                registered=frozenset(i for i in ids if i in registered),
            )
        )
    return sorted(patterns, key=Pattern.sort_key)


def _id_key(error_id: str) -> tuple[tuple[int, ...], str]:
    return tuple(int(n) for n in re.findall(r"\d+", error_id)), error_id


__all__ = ["SLOT", "Occurrence", "Pattern", "clean", "is_template", "mask", "mine_patterns", "slots_and_words"]
