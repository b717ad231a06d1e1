"""Run directories (``runs/<framework>/<run_id>/``) loaded once into an immutable model.

Source: run-directory-layout.md ("Directory Structure")::

    runs/<framework>/<run_id>/
    ├── logs/run.log, logs/step_NNN/{orchestrator,adapter,metrics,validator}.log
    ├── logs_summary.txt
    ├── metadata.json
    └── metrics.json

A run directory is a folder, but the engine checks files. The run-directory kind therefore
matches the run's JSON and summary files (its *anchors*); checking any anchor loads the
whole run through :func:`load_run_directory`, which reads the siblings (rules never open
files). Findings about one file are reported on that file; findings about the run as a
whole (a missing file, a missing step log) are reported on the run's first anchor
(:attr:`RunDirectory.anchor`), so each finding appears once however many anchors are checked.

Where a run keeps each file is a *layout*, chosen from the kind's ``layouts`` option: the
spec's, and the sprint layout of gesad-lab/baes_berk_20251103 (``sprint_NNN/logs/step_NNN``,
``summary/logs_summary.txt``, ``run.log`` in the last sprint). The spec's ``.gitignore``
ignores ``runs/*/*/logs/``, so the logs are checked only when they are present.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hooks.errors import InputError
from hooks.io.text import read_log, split_lines
from hooks.kinds.kind import Kind
from hooks.parse.json_lines import JsonDocument, parse_json
from hooks.structured.options import OptionReader

#: The files a layout may name, by role.
ROLES = ("metadata", "metrics", "summary")

_LAYOUT_KEYS = {"name", "when", *ROLES, "run-log", "step-dirs", "step-logs", "sprint-metadata", "required"}
_METRICS_KEYS = {
    "steps", "step-number", "tokens-in", "tokens-out", "api-calls",
    "aggregate", "aggregate-tokens-in", "aggregate-tokens-out", "aggregate-api-calls",
}
#: A count: at most 40 characters (a longer run of digits is no count, and int() refuses
#: past 4,300 digits), so such a line is left unparsed instead of crashing the parse.
_NUMBER = r"(\d[\d,]{0,39})(?![\d,])"
_SUMMARY_RUN_ID = re.compile(r"^Run ID:\s*(?P<value>\S+)")
_SUMMARY_STEP = re.compile(r"^Step\s+(?P<number>\d{1,9})\s*:\s*(?P<status>[A-Za-z_]+)")
_SUMMARY_TOKENS = re.compile(rf"^\s*-\s*Tokens\s*\(prompt/completion/total\)\s*:\s*{_NUMBER}\s*/\s*{_NUMBER}\s*/\s*{_NUMBER}")
_SUMMARY_API_CALLS = re.compile(rf"^\s*-\s*API Calls\s*:\s*{_NUMBER}")
_SUMMARY_TOTAL_TOKENS = re.compile(rf"^Total Tokens\s*:\s*{_NUMBER}")
_SUMMARY_TOTAL_CALLS = re.compile(rf"^Total API Calls\s*:\s*{_NUMBER}")
_STEP_DIR = re.compile(r"step_(\d+)$")
_SPRINT_DIR = re.compile(r"sprint_(\d+)$")


@dataclass(frozen=True)
class Layout:
    """Where one layout keeps a run's files, as globs relative to the run folder.

    Attributes:
        name: identifier for messages (``spec``, ``sprints``).
        when: globs; the layout applies when one matches something in the run folder
            (empty: always applies; used as the fallback).
        files: role (``metadata``, ``metrics``, ``summary``) to relative path.
        required: the roles that must be present.
        run_log: glob of the run-level log (the last match wins), or ``None``.
        step_dirs: glob of the per-step log folders, or ``None``.
        step_logs: component log names each step folder holds (``adapter`` for ``adapter.log``).
        sprint_metadata: glob of per-sprint metadata files, or ``None``.
    """

    name: str
    when: tuple[str, ...]
    files: Mapping[str, str]
    required: tuple[str, ...]
    run_log: str | None
    step_dirs: str | None
    step_logs: tuple[str, ...]
    sprint_metadata: str | None


@dataclass(frozen=True)
class MetricsKeys:
    """Where metrics.json keeps step and token numbers (each a list of synonyms, first found wins)."""

    steps: str = "steps"
    step_number: tuple[str, ...] = ("step", "step_number")
    tokens_in: tuple[str, ...] = ("tokens_in",)
    tokens_out: tuple[str, ...] = ("tokens_out",)
    api_calls: tuple[str, ...] = ("api_calls",)
    aggregate: str = "aggregate_metrics"
    aggregate_tokens_in: tuple[str, ...] = ("TOK_IN",)
    aggregate_tokens_out: tuple[str, ...] = ("TOK_OUT",)
    aggregate_api_calls: tuple[str, ...] = ("API_CALLS",)


@dataclass(frozen=True)
class RunOptions:
    """The run-directory kind's options, validated.

    Attributes:
        runs_folder: name of the folder holding ``<framework>/<run_id>/`` (``runs``).
        layouts: tried in order; the first whose ``when`` matches (or that has none) applies.
        metrics: where metrics.json keeps its numbers.
    """

    runs_folder: str
    layouts: tuple[Layout, ...]
    metrics: MetricsKeys


def run_options(kind: Kind) -> RunOptions:
    """Read and validate the run-directory options of ``kind``.

    Raises:
        ConfigError: an unknown option, a wrong type or no layout (names the kind file).
    """
    reader = OptionReader(kind)
    layouts = []
    for index, node in enumerate(reader.mappings("layouts")):
        item = reader.sub(node, f"layouts[{index}]")
        item.reject_unknown(_LAYOUT_KEYS)
        files = {role: path for role in ROLES if (path := item.string(role, None))}
        required = item.strings("required", tuple(files))
        for role in required:
            if role not in files:
                raise item.fail("required", f"a list of roles the layout names ({', '.join(files) or 'none'})")
        layouts.append(
            Layout(
                name=item.string("name", None) or f"layout-{index + 1}",
                when=item.strings("when"),
                files=files,
                required=required,
                run_log=item.string("run-log", None),
                step_dirs=item.string("step-dirs", None),
                step_logs=item.strings("step-logs"),
                sprint_metadata=item.string("sprint-metadata", None),
            )
        )
    if not layouts:
        raise reader.fail("layouts", "a non-empty list of layouts")
    metrics = reader.sub(reader.mapping("metrics"), "metrics")
    metrics.reject_unknown(_METRICS_KEYS)
    defaults = MetricsKeys()
    keys = MetricsKeys(
        steps=metrics.string("steps", defaults.steps) or defaults.steps,
        step_number=metrics.strings("step-number", defaults.step_number),
        tokens_in=metrics.strings("tokens-in", defaults.tokens_in),
        tokens_out=metrics.strings("tokens-out", defaults.tokens_out),
        api_calls=metrics.strings("api-calls", defaults.api_calls),
        aggregate=metrics.string("aggregate", defaults.aggregate) or defaults.aggregate,
        aggregate_tokens_in=metrics.strings("aggregate-tokens-in", defaults.aggregate_tokens_in),
        aggregate_tokens_out=metrics.strings("aggregate-tokens-out", defaults.aggregate_tokens_out),
        aggregate_api_calls=metrics.strings("aggregate-api-calls", defaults.aggregate_api_calls),
    )
    return RunOptions(reader.string("runs-folder", "runs") or "runs", tuple(layouts), keys)


@dataclass(frozen=True)
class Count:
    """A number read from a file and where: ``value`` at 1-based ``line`` of ``path`` (display)."""

    value: int
    line: int
    path: str


@dataclass(frozen=True)
class SummaryStep:
    """One ``Step NNN: STATUS`` block of logs_summary.txt.

    Attributes:
        number: the step number.
        status: as written (``SUCCESS``).
        line: 1-based line of the ``Step`` heading.
        prompt, completion, total: the ``Tokens (prompt/completion/total)`` counts, if written.
        api_calls: the ``API Calls`` count, if written.
    """

    number: int
    status: str
    line: int
    prompt: Count | None = None
    completion: Count | None = None
    total: Count | None = None
    api_calls: Count | None = None


@dataclass(frozen=True)
class RunSummary:
    """logs_summary.txt (run-directory-layout.md, "Log Summary Generation").

    Attributes:
        path: display path.
        run_id: the ``Run ID`` line, if any.
        steps: the step blocks, in order.
        total_tokens: the ``Total Tokens`` line, if any.
        total_api_calls: the ``Total API Calls`` line, if any.
    """

    path: str
    run_id: tuple[str, int] | None
    steps: tuple[SummaryStep, ...]
    total_tokens: Count | None
    total_api_calls: Count | None


@dataclass(frozen=True)
class MetricsStep:
    """One entry of metrics.json ``steps`` with its token counts (``None`` when not recorded)."""

    number: int
    line: int
    tokens_in: Count | None
    tokens_out: Count | None
    api_calls: Count | None


@dataclass(frozen=True)
class RunMetrics:
    """metrics.json.

    Attributes:
        document: the parsed JSON.
        steps: the step entries.
        tokens_in, tokens_out, api_calls: run totals: the aggregate block's values, else the
            sum over steps when every step records them, else ``None``.
    """

    document: JsonDocument
    steps: tuple[MetricsStep, ...]
    tokens_in: Count | None
    tokens_out: Count | None
    api_calls: Count | None


@dataclass(frozen=True)
class SprintRecord:
    """A sprint's metadata.json (sprint layout): its number, status and error; the 1-based
    line of its ``error`` value (of the file's start when absent) and its ``start_timestamp``."""

    number: int
    path: str
    status: str
    error: str
    line: int = 1
    started: str = ""


@dataclass(frozen=True)
class StepFolder:
    """A ``step_NNN`` log folder: display path, step number and the component logs present."""

    path: str
    number: int
    logs: frozenset[str]


@dataclass(frozen=True)
class FileError:
    """A sibling file that could not be read or decoded: display path, line, column, message."""

    path: str
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class RunDirectory:
    """One run folder.

    Attributes:
        path: display path of the run folder.
        framework: the ``<framework>`` folder name.
        run_id: the ``<run_id>`` folder name.
        layout: the layout that applied.
        anchor: display path of the file run-level findings are reported on.
        anchors: display paths of every file of the run the kind matches.
        files: role to display path of the present files (missing roles are absent).
        expected: role to display path where the layout expects the file.
        metadata: metadata.json, parsed (``None`` when missing or unreadable).
        metrics: metrics.json (``None`` when missing, unreadable or not JSON).
        summary: logs_summary.txt (``None`` when missing or unreadable).
        run_log: display path of the run-level log, if present.
        step_folders: the per-step log folders, by step number.
        sprints: per-sprint records (sprint layout), by sprint number.
        errors: sibling files that could not be read or decoded.
    """

    path: str
    framework: str
    run_id: str
    layout: Layout
    anchor: str
    anchors: frozenset[str]
    files: Mapping[str, str]
    expected: Mapping[str, str]
    metadata: JsonDocument | None
    metrics: RunMetrics | None
    summary: RunSummary | None
    run_log: str | None
    step_folders: tuple[StepFolder, ...]
    sprints: tuple[SprintRecord, ...]
    errors: tuple[FileError, ...]


def run_root(absolute: Path, runs_folder: str) -> Path | None:
    """The ``runs/<framework>/<run_id>`` folder holding ``absolute``, or ``None``.

    The last ``runs_folder`` component with at least a framework, a run id and a file below
    it wins, so ``/home/runs/project/runs/baes/X/metrics.json`` gives ``.../runs/baes/X``.
    """
    parts = absolute.parts
    for index in range(len(parts) - 4, -1, -1):
        if parts[index] == runs_folder:
            return Path(*parts[: index + 3])
    return None


def _glob(root: Path, pattern: str) -> list[Path]:
    """Regular matches of ``pattern`` under ``root`` (no symlink leaving ``root``), sorted."""
    found = []
    try:
        matches = sorted(root.glob(pattern))
    except (OSError, ValueError):  # unreadable folder, or a pattern glob() refuses
        return []
    for match in matches:
        if match.is_symlink() and root.resolve() not in match.resolve().parents:
            continue
        found.append(match)
    return found


def _choose_layout(root: Path, layouts: tuple[Layout, ...]) -> Layout:
    for layout in layouts:
        if not layout.when or any(_glob(root, pattern) for pattern in layout.when):
            return layout
    return layouts[-1]


def _display(run_display: str, root: Path, path: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return f"{run_display}/{relative}" if run_display else relative


def _count(mapping: Mapping[str, Any], keys: tuple[str, ...], line: int, path: str, lines_of: Any) -> Count | None:
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return Count(value, lines_of(key) or line, path)
    return None


def _metrics(document: JsonDocument, keys: MetricsKeys) -> RunMetrics:
    steps = []
    raw_steps = document.get(keys.steps)
    if isinstance(raw_steps, tuple):
        for index, item in enumerate(raw_steps):
            if not isinstance(item, Mapping):
                continue
            line = document.line_of(keys.steps, index)
            number = next((v for k in keys.step_number if isinstance(v := item.get(k), int) and not isinstance(v, bool)), index + 1)

            def at(key: str, index: int = index) -> int:
                return document.line_of(keys.steps, index, key)

            steps.append(
                MetricsStep(
                    number,
                    line,
                    _count(item, keys.tokens_in, line, document.path, at),
                    _count(item, keys.tokens_out, line, document.path, at),
                    _count(item, keys.api_calls, line, document.path, at),
                )
            )
    aggregate = document.get(keys.aggregate)
    totals: list[Count | None] = [None, None, None]
    if isinstance(aggregate, Mapping):
        line = document.line_of(keys.aggregate)
        for slot, names in enumerate((keys.aggregate_tokens_in, keys.aggregate_tokens_out, keys.aggregate_api_calls)):
            totals[slot] = _count(aggregate, names, line, document.path, lambda key: document.line_of(keys.aggregate, key))
    for slot, attribute in enumerate(("tokens_in", "tokens_out", "api_calls")):
        parts = [getattr(step, attribute) for step in steps]
        if totals[slot] is None and parts and all(p is not None for p in parts):
            totals[slot] = Count(sum(p.value for p in parts), document.line_of(keys.steps), document.path)
    return RunMetrics(document, tuple(steps), totals[0], totals[1], totals[2])


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def parse_summary(path: str, text: str) -> RunSummary:
    """Parse logs_summary.txt in the LogSummarizer format of run-directory-layout.md. Never raises."""
    run_id: tuple[str, int] | None = None
    steps: list[SummaryStep] = []
    total_tokens: Count | None = None
    total_calls: Count | None = None
    current: dict[str, Any] | None = None
    for number, line in enumerate(split_lines(text), 1):
        if run_id is None and (match := _SUMMARY_RUN_ID.match(line)):
            run_id = (match.group("value"), number)
        elif match := _SUMMARY_STEP.match(line):
            if current is not None:
                steps.append(SummaryStep(**current))
            current = {"number": int(match.group("number")), "status": match.group("status"), "line": number}
        elif current is not None and (match := _SUMMARY_TOKENS.match(line)):
            current["prompt"], current["completion"], current["total"] = (Count(_int(g), number, path) for g in match.groups())
        elif current is not None and (match := _SUMMARY_API_CALLS.match(line)):
            current["api_calls"] = Count(_int(match.group(1)), number, path)
        elif match := _SUMMARY_TOTAL_TOKENS.match(line):
            total_tokens = Count(_int(match.group(1)), number, path)
        elif match := _SUMMARY_TOTAL_CALLS.match(line):
            total_calls = Count(_int(match.group(1)), number, path)
        elif line.startswith("=") and current is not None:
            steps.append(SummaryStep(**current))
            current = None
    if current is not None:
        steps.append(SummaryStep(**current))
    return RunSummary(path, run_id, tuple(steps), total_tokens, total_calls)


class _Reader:
    """Reads the run's sibling files once, collecting read problems as :class:`FileError`."""

    def __init__(self, target: Path, target_text: str, max_bytes: int) -> None:
        self.target = target
        self.target_text = target_text
        self.max_bytes = max_bytes
        self.errors: list[FileError] = []

    def text(self, path: Path, display: str) -> str | None:
        if path == self.target:
            return self.target_text
        try:
            decoded = read_log(path, self.max_bytes)
        except InputError as exc:
            self.errors.append(FileError(display, 1, 1, exc.message))
            return None
        if decoded.problem is not None:
            self.errors.append(FileError(display, decoded.line, 1, decoded.detail))
            return None
        return decoded.text

    def json(self, path: Path, display: str) -> JsonDocument | None:
        text = self.text(path, display)
        if text is None:
            return None
        document = parse_json(display, text, "json", ())
        for error in document.errors:
            self.errors.append(FileError(display, error.line, error.column, f"not valid JSON: {error.message}"))
        return document if not document.errors else None


def _suffix_display(display: str, absolute: Path, root: Path) -> str:
    """The run folder's display path, cut from the target's display path."""
    relative = absolute.relative_to(root).as_posix()
    if display.endswith("/" + relative):
        return display[: -len(relative) - 1]
    if display == relative:
        return ""
    return root.as_posix()


#: Run directories loaded during one batch of checks, keyed by (run folder, its display path,
#: ``id(kind)``, size limit), each with its kind (so the id stays valid): a run is checked from
#: each of its anchor files (metadata, metrics, summary...), and loads once. ``None`` outside
#: :func:`memoized` (and in worker processes not started with :func:`start_memo`), so a
#: long-lived process never sees a run as it was on an earlier check.
_MEMO: dict[tuple[Path, str, int, int], tuple[Kind, RunDirectory]] | None = None


@contextmanager
def memoized() -> Iterator[None]:
    """Within the block, :func:`load_run_directory` loads each run folder once (the files are
    assumed not to change during the block: one check run)."""
    global _MEMO
    previous = _MEMO
    _MEMO = {} if previous is None else previous
    try:
        yield
    finally:
        _MEMO = previous


def start_memo() -> None:
    """Turn memoizing on for the rest of this process (initializer of the engine's worker
    processes, which live for one check run)."""
    global _MEMO
    _MEMO = {}


def load_run_directory(absolute: Path, display: str, text: str, kind: Kind, max_bytes: int) -> RunDirectory | None:
    """Load the run folder holding the anchor file ``absolute`` (already read as ``text``).

    Returns ``None`` when ``absolute`` is not inside ``<runs-folder>/<framework>/<run_id>/``.
    Never raises for file content (unreadable or invalid siblings become :attr:`RunDirectory.errors`).

    Raises:
        ConfigError: the kind's options are invalid.
    """
    options = run_options(kind)
    root = run_root(absolute, options.runs_folder)
    if root is None:
        return None
    run_display = _suffix_display(display, absolute, root)
    memo_key = (root, run_display, id(kind), max_bytes)
    if _MEMO is not None:
        hit = _MEMO.get(memo_key)
        # The same run loaded from another anchor is the same model whenever this file is one
        # of its anchors (only ``anchor``/``anchors`` depend on the file it is loaded from).
        if hit is not None and hit[0] is kind and display in hit[1].anchors:
            return hit[1]
    layout = _choose_layout(root, options.layouts)
    reader = _Reader(absolute, text, max_bytes)
    files: dict[str, str] = {}
    expected: dict[str, str] = {}
    paths: dict[str, Path] = {}
    for role, relative in layout.files.items():
        path = root / relative
        expected[role] = f"{run_display}/{relative}" if run_display else relative
        if path.is_file() and not (path.is_symlink() and root.resolve() not in path.resolve().parents):
            files[role] = expected[role]
            paths[role] = path
    metadata = reader.json(paths["metadata"], files["metadata"]) if "metadata" in paths else None
    metrics_document = reader.json(paths["metrics"], files["metrics"]) if "metrics" in paths else None
    metrics = _metrics(metrics_document, options.metrics) if metrics_document is not None else None
    summary = None
    if "summary" in paths:
        summary_text = reader.text(paths["summary"], files["summary"])
        summary = parse_summary(files["summary"], summary_text) if summary_text is not None else None
    sprints = []
    sprint_files = _glob(root, layout.sprint_metadata) if layout.sprint_metadata else []
    for path in sprint_files:
        number = _SPRINT_DIR.search(path.parent.name)
        document = reader.json(path, _display(run_display, root, path)) if number else None
        if number is None or document is None or not isinstance(document.value, Mapping):
            continue
        status, error = document.value.get("status"), document.value.get("error")
        started = document.value.get("start_timestamp")
        sprints.append(SprintRecord(int(number.group(1)), document.path, str(status or ""), str(error or ""),
                                    document.line_of("error"), started if isinstance(started, str) else ""))
    step_folders = []
    for folder in _glob(root, layout.step_dirs) if layout.step_dirs else []:
        number = _STEP_DIR.search(folder.name)
        if folder.is_dir() and number:
            try:
                logs = frozenset(p.stem for p in folder.iterdir() if p.suffix == ".log" and p.is_file())
            except OSError:
                logs = frozenset()
            step_folders.append(StepFolder(_display(run_display, root, folder), int(number.group(1)), logs))
    run_logs = _glob(root, layout.run_log) if layout.run_log else []
    candidates = [paths[role] for role in ROLES if role in paths] + sprint_files
    anchors = [_display(run_display, root, p) for p in candidates if kind.matches(p.as_posix())]
    loaded = RunDirectory(
        path=run_display,
        framework=root.parent.name,
        run_id=root.name,
        layout=layout,
        anchor=anchors[0] if anchors else display,
        anchors=frozenset(anchors) | {display},
        files=files,
        expected=expected,
        metadata=metadata,
        metrics=metrics,
        summary=summary,
        run_log=_display(run_display, root, run_logs[-1]) if run_logs else None,
        step_folders=tuple(sorted(step_folders, key=lambda s: s.number)),
        sprints=tuple(sorted(sprints, key=lambda s: s.number)),
        errors=tuple(reader.errors),
    )
    if _MEMO is not None and display in anchors:  # ``anchors`` then does not depend on ``display``
        _MEMO[memo_key] = (kind, loaded)
    return loaded


__all__ = [
    "Count", "FileError", "Layout", "MetricsKeys", "MetricsStep", "RunDirectory", "RunMetrics", "RunOptions",
    "RunSummary", "SprintRecord", "StepFolder", "SummaryStep", "load_run_directory", "parse_summary",
    "run_options", "run_root",
]
