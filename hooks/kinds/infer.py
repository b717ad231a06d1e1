"""Kind inference: the kind a folder of logs follows, read off the logs themselves.

The specs' idea is "check each log against its template"; a team's own convention has no
spec, so its template is inferred from its folder (issue 13) and every log is then held to
it. Inference is pure: it reads parsed documents (:class:`hooks.model.document.Document`) and
their paths, never the disk, and returns an ordinary kind mapping (what a kind file holds,
:func:`hooks.kinds.loader.kind_from_mapping` loads it) with the evidence for each choice as YAML
comments (``# ## Intent: in 14 of 15 files``), so a person can read and edit it.

What is inferred, with ``share`` (default :data:`DEFAULT_SHARE`) the part of the files a
convention must hold in:

- **file name**: names are cut into dates (``YYYY-MM-DD``, also ``YYYYMMDD``), times after
  a date (``_HH-MM``, ``THHMM``), numbers, words and separators. The most specific shape
  that ``share`` of the names follow wins: every part as written, then varying word runs as
  slugs, then the leading date or number followed by any slug. Named groups ``date``,
  ``time``, ``n`` and ``slug`` are what rules and ``runlog new`` read.
- **title**: the longest prefix (else suffix) of the H1 that ``share`` of the files start
  (end) with, e.g. ``Run Log:\\s*.+``.
- **sections**: headings at the level most logs use for their sections, counted per file;
  titles that differ only in numbers, dates or the text after a colon (``Step 1: Fetch``,
  ``Step 2: Send``) are one repeated section. A section in ``share`` of the files is
  required; one in at least :data:`OPTIONAL_SHARE` of them (and two files) is optional.
  Sections are listed in their usual order (mean rank); an optional section whose place
  varies is left out so the order rule does not flag it.
- **tables**: a section whose first table has the same columns in ``share`` of the files
  holding the section gets ``columns``.
- **fields**: header fields in every form the document model reads (``**Key:** value``,
  ``- Key: value``, YAML front matter, also after leading ``#`` comment lines) and fields
  inside the inferred sections (``section:``), required in ``share`` of the files that can
  hold them. A key most files write twice in one place is a list (``- step: ...``), not a
  field. Two fields no file holds both of, with values of one family, are synonyms.
- **value grammars**: date, date and time (``datetime-minute``, ISO 8601, or a pattern for
  other date-time forms), time, integer, decimal number, yes/no, when ``share`` of the
  values follow it; an enumeration only when few distinct values recur: at most
  :data:`MAX_ENUM`, each seen at least twice and three times on average, covering
  ``share`` of the values (values seen once are left out, so they are flagged); free text
  otherwise.
- **relations**: the field whose date equals the file name's date in ``share`` of the
  files becomes the ``started-field`` option (rule RL112).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from hooks.model.document import Document, Field, plain
from hooks.model.values import check_value

#: Part of the files a convention must hold in to become part of the kind (required
#: sections and fields, the file name, the title, value grammars).
DEFAULT_SHARE = 0.8
#: Part of the files an optional section or field must appear in to be listed.
OPTIONAL_SHARE = 0.2
#: Most distinct recurring values an enumeration may have.
MAX_ENUM = 8
#: Fewest values a grammar or enumeration is inferred from.
MIN_VALUES = 3

_DATE = r"\d{4}-\d{2}-\d{2}"
_SLUG_LOWER = r"[a-z]+(?:[-_.][a-z]+)*"
_SLUG_ANY = r"[^\W\d_]+(?:[-_. ][^\W\d_]+)*"
_REST = r"[^\W_]+(?:[-_. ]+[^\W_]+)*"
_TOKEN = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})|(?P<num>\d+)|(?P<word>[^\W\d_]+)|(?P<sep>[-_. ])|(?P<other>.)", re.S)
_TIME_AFTER_DATE = re.compile(r"(?P<sep>[_T ])(?P<time>\d{2}-\d{2}|\d{2}:\d{2}|\d{4}(?:\d{2})?)(?=$|[-_. ])")
_GENERAL_NUMBER = re.compile(r"\d+")
_TITLE_CUTS = set(" :-–—|/(),：、・")


@dataclass(frozen=True)
class Sample:
    """One log the kind is inferred from.

    Attributes:
        path: its POSIX path (relative to the surveyed folder).
        document: its parse.
    """

    path: str
    document: Document

    @property
    def name(self) -> str:
        """The file's base name."""
        return self.path.rsplit("/", 1)[-1]


def _of(count: int, total: int) -> str:
    return f"in {count} of {total} file{'s' if total != 1 else ''}"


def _enough(count: int, total: int, share: float) -> bool:
    return total > 0 and count >= share * total


# --- file names -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """One element of a name's shape: ``kind`` is date, date8, time, num, slug or lit."""

    kind: str
    text: str
    detail: str = ""


def _valid_compact_date(text: str) -> bool:
    return len(text) == 8 and text[:2] in {"19", "20"} and "01" <= text[4:6] <= "12" and "01" <= text[6:8] <= "31"


def name_parts(stem: str) -> list[_Part]:
    """The shape of a file name without extension: dates, times after a date, numbers,
    word runs (``review-tagged``, separators inside kept) and literal separators."""
    parts: list[_Part] = []
    position = 0
    while position < len(stem):
        if parts and parts[-1].kind in {"date", "date8"}:
            timed = _TIME_AFTER_DATE.match(stem, position)
            if timed:
                parts.append(_Part("lit", timed.group("sep")))
                clock = timed.group("time")
                parts.append(_Part("time", clock, "-" if "-" in clock else ":" if ":" in clock else str(len(clock))))
                position = timed.end()
                continue
        match = _TOKEN.match(stem, position)
        assert match is not None  # the last alternative matches any character
        kind = match.lastgroup or "other"
        text = match.group()
        if kind == "num" and _valid_compact_date(text):
            kind = "date8"
        if kind == "word":
            if parts and parts[-1].kind == "slug":
                parts[-1] = _Part("slug", parts[-1].text + text)
            elif len(parts) >= 2 and parts[-2].kind == "slug" and parts[-1].kind == "lit" and parts[-1].text in "-_. ":
                joined = parts[-2].text + parts[-1].text + text
                parts[-2:] = [_Part("slug", joined)]
            else:
                parts.append(_Part("slug", text))
        elif kind in {"sep", "other"}:
            parts.append(_Part("lit", text))
        else:
            parts.append(_Part(kind, text))
        position = match.end()
    return parts


def _shape(parts: list[_Part]) -> tuple[tuple[str, str], ...]:
    """The key names are grouped by: typed parts by type, literals as written."""
    return tuple((p.kind, p.text if p.kind == "lit" else p.detail if p.kind == "time" else "") for p in parts)


def _time_regex(detail: str) -> str:
    return {"-": r"\d{2}-\d{2}", ":": r"\d{2}:\d{2}", "4": r"\d{4}", "6": r"\d{6}"}.get(detail, r"\d+")


def _regex_for(shape_parts: list[list[_Part]], named: bool = True) -> str:
    """A full-match regex for names of one shape; ``shape_parts`` holds each name's parts."""
    out: list[str] = []
    used: set[str] = set()
    first = shape_parts[0]
    for index, part in enumerate(first):
        values = {p[index].text for p in shape_parts}
        if part.kind == "lit":
            out.append(escape(part.text))
        elif part.kind == "date":
            out.append(f"(?P<date>{_DATE})" if named and "date" not in used else _DATE)
            used.add("date")
        elif part.kind == "date8":
            out.append(r"\d{8}")
        elif part.kind == "time":
            regex = _time_regex(part.detail)
            usable = part.detail in {"-", ":"} and "time" not in used and named
            out.append(f"(?P<time>{regex})" if usable else regex)
            used.add("time")
        elif part.kind == "num":
            if len(values) == 1:
                out.append(escape(part.text))
            else:
                out.append(r"(?P<n>\d+)" if named and "n" not in used else r"\d+")
                used.add("n")
        elif len(values) == 1:
            out.append(escape(part.text))
        else:
            slug = _SLUG_LOWER if all(v == v.lower() for v in values) else _SLUG_ANY
            out.append(f"(?P<slug>{slug})" if named and "slug" not in used else slug)
            used.add("slug")
    return "".join(out)


@dataclass
class NameConvention:
    """The inferred file-name convention.

    Attributes:
        regex: full-match pattern of the base name (extension included), or ``None``.
        example: a real name that follows it.
        matching: names that follow it; ``total`` all names.
        level: 1 every part as written, 2 varying words as slugs, 3 a leading date or
            number and any slug, 0 no convention.
    """

    regex: str | None
    example: str
    matching: int
    total: int
    level: int


def infer_name(names: Sequence[str], share: float = DEFAULT_SHARE) -> NameConvention:
    """The most specific name convention ``share`` of ``names`` (base names) follow."""
    total = len(names)
    if not names:
        return NameConvention(None, "", 0, 0, 0)
    split = [(n.rsplit(".", 1) + [""])[:2] if "." in n else [n, ""] for n in names]
    extensions = Counter(ext for _, ext in split)
    extension, _ = extensions.most_common(1)[0]
    suffix = escape("." + extension) if extension else ""
    parsed = [name_parts(stem) for stem, _ in split]
    candidates: list[tuple[int, str]] = []
    by_shape: dict[tuple[tuple[str, str], ...], list[list[_Part]]] = defaultdict(list)
    for parts in parsed:
        by_shape[_shape(parts)].append(parts)
    best_shape = max(by_shape.values(), key=len)
    if any(p.kind in {"date", "date8", "num", "time"} for p in best_shape[0]):
        candidates.append((2, _regex_for(best_shape) + suffix))
    # Level 3: the leading typed part (date, then its time) and the literal after it, then any slug.
    prefixes: dict[tuple[tuple[str, str], ...], list[list[_Part]]] = defaultdict(list)
    for parts in parsed:
        cut = next((i for i, p in enumerate(parts) if p.kind in {"date", "date8", "num"}), None)
        if cut is None:
            continue
        end = cut + 1
        while end < len(parts) and (parts[end].kind == "time" or (parts[end].kind == "lit" and end + 1 < len(parts) and parts[end + 1].kind == "time")):
            end += 1
        if end < len(parts) and parts[end].kind == "lit":
            end += 1
        prefixes[_shape(parts[:end])].append(parts[:end] + ([_Part("rest", "")] if end < len(parts) else []))
    if prefixes:
        group = max(prefixes.values(), key=len)
        head = group[0]
        has_rest = head[-1].kind == "rest"
        regex = _regex_for([g[:-1] if has_rest else g for g in group if (g[-1].kind == "rest") == has_rest])
        candidates.append((3, regex + (f"(?P<slug>{_REST})" if has_rest and "(?P<slug>" not in regex else _REST if has_rest else "") + suffix))
    for level, regex in candidates:
        compiled = re.compile(regex)
        matching = [n for n in names if compiled.fullmatch(n)]
        if _enough(len(matching), total, share):
            return NameConvention(regex, sorted(matching)[0], len(matching), total, level)
    return NameConvention(None, "", 0, total, 0)


# --- titles -------------------------------------------------------------------------------


def _cuts(text: str) -> list[int]:
    """Positions a title may be cut at: after a separator, or after any non-ASCII character."""
    return [i for i in range(1, len(text) + 1) if text[i - 1] in _TITLE_CUTS or ord(text[i - 1]) > 127 or i == len(text)]


_META = re.compile(r"([.^$*+?{}\[\]\\|()])")


def escape(literal: str) -> str:
    """``literal`` as a regular expression, escaping only what is special (``re.escape``
    also escapes ``-``, spaces and ``#``, which reads badly in a kind file)."""
    return _META.sub(r"\\\1", literal)


def _loose(literal: str) -> str:
    """:func:`escape`, runs of spaces written as one space."""
    return re.sub(r" {2,}", " ", escape(literal))


@dataclass
class TitleConvention:
    """The inferred H1 convention: ``regex`` (full match, case-insensitive) or ``None``,
    ``example`` the title example (``# Run Log: [...]``), ``matching`` of ``total`` files."""

    regex: str | None
    example: str
    matching: int
    total: int


def infer_title(titles: Sequence[str | None], share: float = DEFAULT_SHARE) -> TitleConvention:
    """The title convention of files whose H1s are ``titles`` (``None``: no H1)."""
    total = len(titles)
    present = [plain(t)[:200] for t in titles if t]
    if not _enough(len(present), total, share):
        return TitleConvention(None, "", len(present), total)
    folded = [t.casefold() for t in present]
    best: tuple[int, str, str] | None = None  # (length, regex, example)
    exact = Counter(folded).most_common(1)[0]
    if _enough(exact[1], total, share):
        original = next(t for t in present if t.casefold() == exact[0])
        return TitleConvention(_loose(original), f"# {original}", exact[1], total)
    general = Counter(_general_title(t) for t in present)
    form, count = general.most_common(1)[0]
    if "{" in form and _enough(count, total, share) and len({t for t in folded if _general_title(t) == form}) > 1:
        example = next(t for t in present if _general_title(t) == form)
        regex = _general_regex(_general_title(example, fold=False), r"\s*.+").replace(" \\s*.+", "\\s*.+")
        human = _general_title(example, fold=False).replace("{date}", "[Date]").replace("{n}", "[N]").replace(":{text}", ": [...]").replace("{text}", "[...]")
        return TitleConvention(regex, f"# {human}", count, total)
    for text in present:
        for cut in _cuts(text):
            prefix = text[:cut]
            if len(prefix.strip(" :-–—|/(),：、・")) < 2:
                continue
            count = sum(1 for t in folded if t.startswith(prefix.casefold()) and len(t) > len(prefix))
            if _enough(count, total, share) and (best is None or len(prefix) > best[0]):
                stem = prefix.rstrip()
                gap = r"\s*" if stem != prefix or not stem[-1:].isalnum() else ""
                best = (len(prefix), _loose(stem) + gap + ".+", f"# {stem}{' ' if gap else ''}[...]")
            suffix = text[len(text) - cut :] if cut < len(text) else ""
            if len(suffix.strip(" :-–—|/(),：、・")) >= 2:
                count = sum(1 for t in folded if t.endswith(suffix.casefold()) and len(t) > len(suffix))
                if _enough(count, total, share) and (best is None or len(suffix) > best[0]):
                    stem = suffix.lstrip()
                    best = (len(suffix), r".+?\s*" + _loose(stem), f"# [...] {stem}")
    if best is None:  # a phrase most titles hold somewhere ("HeyReach Run Log", "Run Log: X")
        for text in present:
            words = re.findall(r"\w+", text)
            for size in range(min(4, len(words)), 1, -1):
                for start in range(len(words) - size + 1):
                    phrase = " ".join(words[start : start + size])
                    regex = r"\b" + r"\W+".join(escape(w) for w in words[start : start + size]) + r"\b"
                    compiled = re.compile(regex, re.I)
                    count = sum(1 for t in present if compiled.search(t))
                    if _enough(count, total, share) and (best is None or len(phrase) > best[0]):
                        best = (len(phrase), f".*?{regex}.*", f"# [...] {phrase} [...]")
    if best is not None:
        compiled = re.compile(best[1], re.I)
        return TitleConvention(best[1], best[2], sum(1 for t in present if compiled.fullmatch(t)), total)
    return TitleConvention(".+", "# [Title]", len(present), total)


# --- value grammars -----------------------------------------------------------------------

_NUMBER = r"-?\d+(?:[.,]\d+)?$"
_DATE_TIME_PREFIX = r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}"
_DATE_PREFIX = _DATE


def _check_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


#: Grammars tried in order, most specific first: (key, value, test, what the evidence says).
_GRAMMARS: tuple[tuple[str, str, str], ...] = (
    ("format", "yes-no", "Yes or No"),
    ("format", "date", "a date (YYYY-MM-DD)"),
    ("format", "datetime-minute", "a date and time (YYYY-MM-DD HH:MM)"),
    ("format", "iso8601", "an ISO 8601 timestamp"),
    ("format", "time", "a time (HH:MM)"),
    ("format", "integer", "a whole number"),
    ("pattern", _NUMBER, "a number"),
    ("pattern", _DATE_TIME_PREFIX, "a date and time"),
    ("pattern", _DATE_PREFIX, "a date"),
)


def _follows(key: str, grammar: str, value: str) -> bool:
    if key == "format":
        if grammar == "yes-no":
            return value.casefold() in {"yes", "no"}
        return check_value(grammar, value) is None
    return _check_pattern(grammar).match(value) is not None


@dataclass
class Grammar:
    """An inferred value grammar.

    Attributes:
        key: ``format``, ``pattern``, ``enum`` or ``""`` (free text).
        value: the format name, the pattern, or the enumeration's values.
        evidence: the comment that says why (``a date in 14 of 15 values``).
        example: a real value that follows it (for ``runlog new``).
    """

    key: str
    value: str | list[str]
    evidence: str
    example: str = ""


def infer_grammar(values: Sequence[str], share: float = DEFAULT_SHARE) -> Grammar:
    """The grammar ``share`` of ``values`` (field values as written) follow (see module doc)."""
    cleaned = [plain(v).strip("*` ").strip() for v in values]
    cleaned = [v for v in cleaned if v]
    total = len(cleaned)
    if total < MIN_VALUES:
        return Grammar("", "", f"free text ({total} value{'s' if total != 1 else ''} seen)")
    for key, grammar, what in _GRAMMARS:
        passing = [v for v in cleaned if _follows(key, grammar, v)]
        if _enough(len(passing), total, share):
            return Grammar(key, grammar, f"{what} in {len(passing)} of {total} values", passing[0])
    counts = Counter(v.casefold() for v in cleaned)
    recurring = [(v, c) for v, c in counts.most_common() if c >= 2]
    covered = sum(c for _, c in recurring)
    if (
        recurring
        and len(recurring) <= MAX_ENUM
        and len(recurring) * 3 <= total
        and all(len(v) <= 40 for v, _ in recurring)
        and _enough(covered, total, share)
        and (len(recurring) > 1 or total >= 5)
    ):
        spelled: dict[str, Counter[str]] = defaultdict(Counter)
        for v in cleaned:
            spelled[v.casefold()][v] += 1
        names = [spelled[v].most_common(1)[0][0] for v, _ in recurring]
        seen = ", ".join(f"{spelled[v].most_common(1)[0][0]} {c}" for v, c in recurring)
        once = total - covered
        rest = f"; {once} value{'s' if once != 1 else ''} seen once left out" if once else ""
        return Grammar("enum", names, f"few values recur: {seen} of {total}{rest}", names[0])
    return Grammar("", "", f"free text ({len(counts)} distinct values in {total})")


# --- sections -----------------------------------------------------------------------------


def _general_title(title: str, fold: bool = True) -> str:
    """A section title with its variable parts as placeholders: dates, numbers, and the text
    after a colon or dash (``Step 2: Send`` -> ``step {n}: {text}``); ``fold`` case-folds."""
    text = re.sub(_DATE, "{date}", title.casefold() if fold else title)
    text = _GENERAL_NUMBER.sub("{n}", text)
    for mark in (":", "：", " - ", " — ", " – "):
        if mark in text:
            head = text.split(mark, 1)[0]
            return f"{head}{mark}{{text}}"
    return text


def _general_regex(general: str, text: str = ".*") -> str:
    pieces = re.split(r"(\{date\}|\{n\}|\{text\})", general)
    out = []
    for piece in pieces:
        if piece == "{date}":
            out.append(_DATE)
        elif piece == "{n}":
            out.append(r"\d+")
        elif piece == "{text}":
            out.append(text)
        elif piece:
            out.append(_loose(piece))
    return "".join(out)


def _general_human(example: str) -> str:
    """How the kind names a repeated section: ``Step 1: Fetch`` -> ``Step N: ...``."""
    general = _general_title(example, fold=False).replace("{date}", "YYYY-MM-DD").replace("{n}", "N")
    return general.replace(":{text}", ": ...").replace("：{text}", "：...").replace("{text}", "...")


@dataclass
class SectionInfo:
    """An inferred section.

    Attributes:
        key: the literal (case-folded) title or the general form (``step {n}: {text}``).
        title: how the kind names it (``Intent``, ``Step N: ...``).
        pattern: full-match regex for a general form, ``None`` for a literal title.
        example: a real heading (for ``runlog new``).
        files: files holding it; ``repeat`` whether one file holds it twice.
        rank: mean relative position among the kind's sections.
        columns: table columns (``[]`` none); ``table_files`` files whose table has them.
    """

    key: str
    title: str
    pattern: str | None
    example: str
    files: int
    repeat: bool = False
    rank: float = 0.0
    required: bool = False
    columns: list[str] = field(default_factory=list)
    table_files: int = 0


def section_level(docs: Sequence[Document]) -> int:
    """The heading level logs use for their sections: the smallest level 2 to 6 that half
    the files use (2 when none)."""
    for level in range(2, 7):
        if _enough(sum(1 for d in docs if any(s.level == level for s in d.sections)), len(docs), 0.5):
            return level
    return 2


def _section_keys(doc: Document, level: int, general: set[str]) -> list[str]:
    keys = []
    for section in doc.sections:
        if section.level != level:
            continue
        title = plain(section.title)
        generalized = _general_title(title)
        keys.append(generalized if generalized in general else title.casefold())
    return keys


def infer_sections(docs: Sequence[Document], share: float = DEFAULT_SHARE) -> tuple[list[SectionInfo], list[str], int]:
    """The sections of ``docs``: (sections in their usual order, evidence of sections left
    out, the heading level)."""
    total = len(docs)
    level = section_level(docs)
    literal_files: Counter[str] = Counter()
    general_files: Counter[str] = Counter()
    general_titles: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        titles = [plain(s.title) for s in doc.sections if s.level == level]
        literal_files.update({t.casefold() for t in titles})
        general_files.update({_general_title(t) for t in titles})
        for title in titles:
            general_titles[_general_title(title)].add(title.casefold())
            spelled[title.casefold()][title] += 1
            spelled[_general_title(title)][title] += 1
    least = max(2.0, OPTIONAL_SHARE * total)
    general = {
        g for g, n in general_files.items()
        if "{" in g and len(general_titles[g]) > 1 and n >= least and not _enough(max(literal_files[t] for t in general_titles[g]), total, share)
    }
    counts: Counter[str] = Counter()
    repeats: set[str] = set()
    positions: dict[str, list[float]] = defaultdict(list)
    for doc in docs:
        keys = _section_keys(doc, level, general)
        counts.update(set(keys))
        repeats.update(k for k, n in Counter(keys).items() if n > 1)
    kept = {k for k, n in counts.items() if n >= least}
    for doc in docs:
        order = list(dict.fromkeys(k for k in _section_keys(doc, level, general) if k in kept))
        for index, key in enumerate(order):
            positions[key].append(index / max(1, len(order) - 1))
    sections: list[SectionInfo] = []
    for key in kept:
        example = spelled[key].most_common(1)[0][0]
        is_general = key in general
        sections.append(SectionInfo(
            key=key,
            title=_general_human(example) if is_general else example,
            pattern=_general_regex(key) if is_general else None,
            example=example,
            files=counts[key],
            repeat=key in repeats,
            rank=statistics.fmean(positions[key]) if positions[key] else 1.0,
            required=_enough(counts[key], total, share),
        ))
    sections.sort(key=lambda s: (s.rank, -s.files, s.key))
    left_out: list[str] = []
    ordered = [s.key for s in sections]
    steady: list[SectionInfo] = []
    for info in sections:
        if info.required:
            steady.append(info)
            continue
        agree = holding = 0
        for doc in docs:
            order = [k for k in dict.fromkeys(_section_keys(doc, level, general)) if k in kept]
            if info.key not in order:
                continue
            holding += 1
            mine = order.index(info.key)
            expected = ordered.index(info.key)
            if all((order.index(other.key) < mine) == (ordered.index(other.key) < expected) for other in sections if other.required and other.key in order):
                agree += 1
        if _enough(agree, holding, share):
            steady.append(info)
        else:
            left_out.append(f"## {info.example}: {_of(info.files, total)}, left out: its place among the required sections varies ({agree} of {holding} agree)")
    for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if key not in kept and n >= 2:
            left_out.append(f"## {spelled[key].most_common(1)[0][0]}: only {_of(n, total)}")
    return steady, left_out[:12], level


def _matching_sections(doc: Document, info: SectionInfo, level: int) -> list[int]:
    """Indexes into ``doc.sections`` of the sections ``info`` names."""
    pattern = re.compile(info.pattern or escape(info.example), re.I)
    return [i for i, s in enumerate(doc.sections) if s.level == level and pattern.fullmatch(plain(s.title))]


def infer_tables(docs: Sequence[Document], sections: list[SectionInfo], level: int, share: float = DEFAULT_SHARE) -> None:
    """Set ``columns`` on each section whose first table has the same header in ``share``
    of the files holding the section (in place)."""
    for info in sections:
        headers: Counter[tuple[str, ...]] = Counter()
        spelled: dict[tuple[str, ...], tuple[str, ...]] = {}
        for doc in docs:
            found = _matching_sections(doc, info, level)
            if not found:
                continue
            tables = doc.tables_in(doc.sections[found[0]])
            if not tables:
                continue
            header = tuple(plain(c) for c in tables[0].header)
            folded = tuple(c.casefold() for c in header)
            headers[folded] += 1
            spelled.setdefault(folded, header)
        if not headers:
            continue
        best, count = headers.most_common(1)[0]
        if _enough(count, info.files, share) and all(best):
            info.columns = list(spelled[best])
            info.table_files = count


# --- fields -------------------------------------------------------------------------------


@dataclass
class FieldInfo:
    """An inferred field: ``name`` as most files spell it, ``section`` the section it lives
    in (``None`` for the header), ``files`` holding it of ``possible`` that could, its values
    (the first per file) and whether it is required."""

    name: str
    section: SectionInfo | None
    files: int
    possible: int
    values: list[str]
    required: bool = False
    holders: set[int] = field(default_factory=set)
    synonyms: list[str] = field(default_factory=list)


def infer_fields(docs: Sequence[Document], sections: list[SectionInfo], level: int, share: float = DEFAULT_SHARE) -> list[FieldInfo]:
    """Header fields and fields inside ``sections``, in the order files usually write them."""
    total = len(docs)
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    holders: dict[tuple[str, str], set[int]] = defaultdict(set)
    spelled: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    first_line: dict[tuple[str, str], list[int]] = defaultdict(list)
    section_files: Counter[str] = Counter()
    repeated: Counter[tuple[str, str]] = Counter()  # files where the key occurs twice in one place
    for number, doc in enumerate(docs):
        seen: set[tuple[str, str]] = set()
        twice: set[tuple[str, str]] = set()

        def tally(where: str, pool: Sequence[Field], number: int = number,
                  seen: set[tuple[str, str]] = seen, twice: set[tuple[str, str]] = twice) -> None:
            """Count the fields of ``pool`` (the header, ``where`` ""; or one section's) once per file."""
            for index, f in enumerate(pool):
                key = (where, f.key.casefold())
                if key not in seen:
                    seen.add(key)
                    holders[key].add(number)
                    found[key].append(f.value)
                    first_line[key].append(index)
                elif key not in twice:
                    repeated[key] += 1
                    twice.add(key)
                spelled[key][f.key] += 1

        tally("", doc.header_fields)
        for info in sections:
            matches = _matching_sections(doc, info, level)
            if matches:
                section_files[info.key] += 1
                tally(info.key, doc.fields_in(doc.sections[matches[0]]))
    by_key = {s.key: s for s in sections}
    fields: list[FieldInfo] = []
    for (where, folded), values in found.items():
        possible = total if not where else section_files[where]
        if len(values) < max(2.0, OPTIONAL_SHARE * possible) or repeated[(where, folded)] * 2 >= len(values):
            continue  # too rare, or a list (``- step: ...`` written many times), not a field
        name = spelled[(where, folded)].most_common(1)[0][0]
        fields.append(FieldInfo(name, by_key.get(where), len(values), possible, values, _enough(len(values), possible, share), holders[(where, folded)]))
    fields = merge_synonyms(fields, share)
    order = {s.key: i for i, s in enumerate(sections)}
    fields.sort(key=lambda f: (-1 if f.section is None else order[f.section.key], statistics.fmean(first_line[(f.section.key if f.section else "", f.name.casefold())]), f.name))
    return fields


def _family(values: Sequence[str], share: float) -> str:
    """What kind of value a field holds, coarsely: ``date`` (starts with a date), ``number``
    or ``text``: fields standing for each other hold the same family."""
    cleaned = [plain(v).strip("*` ") for v in values if plain(v).strip("*` ")]
    if cleaned and _enough(sum(1 for v in cleaned if re.match(_DATE, v)), len(cleaned), share):
        return "date"
    if cleaned and _enough(sum(1 for v in cleaned if re.fullmatch(r"[\d,.]+", v)), len(cleaned), share):
        return "number"
    return "text"


def merge_synonyms(fields: list[FieldInfo], share: float = DEFAULT_SHARE) -> list[FieldInfo]:
    """Fields that stand for each other, merged: two fields of one place (header or one
    section) that no file holds both of, whose values are of one family (dates, numbers,
    text), and that together are in ``share`` of the files while neither alone is (heyreach
    writes ``Started`` in 17 logs and ``Date`` in 15 others). The more frequent keeps its name
    and lists the other under ``synonyms``."""
    out = sorted(fields, key=lambda f: -f.files)
    merged = True
    while merged:
        merged = False
        for first in out:
            if first.required:
                continue
            for second in out:
                if second is first or second.required or second.section is not first.section or first.holders & second.holders:
                    continue
                together = len(first.holders | second.holders)
                if not _enough(together, first.possible, share) or _family(first.values, share) != _family(second.values, share):
                    continue
                first.synonyms += [second.name, *second.synonyms]
                first.values += second.values
                first.holders |= second.holders
                first.files = together
                first.required = True
                out.remove(second)
                merged = True
                break
            if merged:
                break
    return out


# --- relations ----------------------------------------------------------------------------

_MOMENT = re.compile(r"^[~≈]?\s*(\d{4}-\d{2}-\d{2})(?:[ T]+(\d{1,2}):(\d{2}))?")


def _field_value(doc: Document, info: FieldInfo, level: int) -> str | None:
    wanted = {info.name.casefold(), *(s.casefold() for s in info.synonyms)}
    if info.section is None:
        pool = doc.header_fields
    else:
        matches = _matching_sections(doc, info.section, level)
        if not matches:
            return None
        pool = doc.fields_in(doc.sections[matches[0]])
    return next((f.value for f in pool if f.key.casefold() in wanted), None)


def infer_started_field(samples: Sequence[Sample], name_regex: str | None, fields: list[FieldInfo], level: int, share: float = DEFAULT_SHARE) -> tuple[FieldInfo, int, int] | None:
    """The field whose date (and time, when the name has one) equals the file name's in
    ``share`` of the files holding both, as (field, agreeing, holding); ``None`` when none."""
    if name_regex is None or "(?P<date>" not in name_regex:
        return None
    compiled = re.compile(name_regex)
    for info in fields:
        agree = holding = 0
        for sample in samples:
            match = compiled.fullmatch(sample.name)
            value = _field_value(sample.document, info, level)
            moment = _MOMENT.match(plain(value)) if value else None
            if match is None or moment is None:
                continue
            holding += 1
            named_time = match.groupdict().get("time")
            same_day = moment.group(1) == match.group("date")
            same_time = not named_time or moment.group(2) is None or f"{int(moment.group(2)):02d}-{moment.group(3)}" == named_time.replace(":", "-")
            agree += same_day and same_time
        if holding >= MIN_VALUES and _enough(holding, len(samples), share) and _enough(agree, holding, share):
            return info, agree, holding
    return None


# --- the kind -----------------------------------------------------------------------------


def _flow(items: Sequence[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _comment(node: CommentedMap, key: str, text: str) -> None:
    node.yaml_add_eol_comment(text, key)


def infer_kind(
    samples: Sequence[Sample],
    name: str,
    paths: Sequence[str],
    exclude: Sequence[str] = (),
    share: float = DEFAULT_SHARE,
    indent: int = 0,
    description: str = "",
) -> CommentedMap:
    """The kind ``samples`` follow, as a kind mapping with evidence comments.

    Args:
        samples: the logs (at least one).
        name: the kind's name.
        paths: the path globs it applies to; ``exclude`` globs it leaves out.
        share: the part of the files a convention must hold in (0 < share <= 1).
        indent: the column the mapping's keys are written at (comments are placed there).
        description: the kind's description (default: how it was inferred).

    Raises:
        ValueError: no samples, or ``share`` outside (0, 1].
    """
    if not samples:
        raise ValueError("no files to infer a kind from")
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], got {share}")
    docs = [s.document for s in samples]
    total = len(samples)
    kind = CommentedMap()
    kind["name"] = name
    kind["description"] = description or f"Inferred by runlog init from {total} log{'s' if total != 1 else ''}; edit freely."
    kind["source"] = "runlog init"
    kind["format"] = "markdown"
    kind["paths"] = _flow(list(paths))
    _comment(kind, "paths", f"{total} files")
    base = ["**/README.md", "**/readme.md"]
    kind["exclude"] = _flow([*base, *[e for e in exclude if e not in base]])
    if exclude:
        _comment(kind, "exclude", "index and other non-log files of the folder, see the summary")

    convention = infer_name([s.name for s in samples], share)
    if convention.regex is not None:
        kind["filename"] = convention.regex
        kind["filename-example"] = convention.example
        _comment(kind, "filename", f"{convention.matching} of {convention.total} file names")
    else:
        kind.yaml_set_comment_before_after_key("format", after=f"no file-name convention: no shape is shared by {share:.0%} of the names", indent=indent)

    title = infer_title([d.title for d in docs], share)
    if title.regex is not None:
        kind["title"] = title.regex
        kind["title-example"] = title.example
        _comment(kind, "title", f"{title.matching} of {title.total} titles")

    sections, left_out, level = infer_sections(docs, share)
    infer_tables(docs, sections, level, share)
    fields = infer_fields(docs, sections, level, share)

    field_seq = CommentedSeq()
    grammars: dict[int, Grammar] = {}
    for info in fields:
        item = CommentedMap()
        item["name"] = info.name
        if info.section is not None:
            item["section"] = info.section.pattern or _loose(info.section.example)
        if info.synonyms:
            item["synonyms"] = _flow(info.synonyms)
        if not info.required:
            item["required"] = False
        grammar = infer_grammar(info.values, share)
        grammars[id(info)] = grammar
        if grammar.key == "enum":
            item["enum"] = _flow(list(grammar.value))
        elif grammar.key:
            item[grammar.key] = grammar.value
        if grammar.key in {"pattern", "enum"} or (grammar.key == "format" and grammar.value == "yes-no"):
            item["example"] = grammar.example
        field_seq.append(item)
        where = "header" if info.section is None else f"## {info.section.example}"
        if info.synonyms:
            where += f", or {' / '.join(info.synonyms)}: never both in one file"
        field_seq.yaml_set_comment_before_after_key(
            len(field_seq) - 1, before=f"{info.name} ({where}): {_of(info.files, info.possible)}; {grammar.evidence}", indent=indent + 2
        )
    if field_seq:
        kind["fields"] = field_seq

    section_seq = CommentedSeq()
    for section in sections:
        item = CommentedMap()
        item["title"] = section.title
        if section.pattern is not None:
            item["pattern"] = section.pattern
            item["example"] = section.example
        if level != 2:
            item["level"] = level
        if not section.required:
            item["required"] = False
        if section.repeat:
            item["repeat"] = True
        if section.columns:
            item["columns"] = _flow(section.columns)
            _comment(item, "columns", f"this table in {section.table_files} of {section.files} files with the section")
        section_seq.append(item)
        section_seq.yaml_set_comment_before_after_key(len(section_seq) - 1, before=f"{'#' * level} {section.title}: {_of(section.files, total)}", indent=indent + 2)
    if section_seq:
        kind["sections"] = section_seq
        if left_out:
            kind.yaml_set_comment_before_after_key("sections", before="Sections left out:\n" + "\n".join(left_out), indent=indent)

    started = infer_started_field(samples, convention.regex, fields, level, share)
    if started is not None:
        info, agree, holding = started
        kind["options"] = CommentedMap([("started-field", info.name)])
        _comment(kind["options"], "started-field", f"the file name's date equals {info.name} in {agree} of {holding} files")
    return kind
