"""Parsers for the log formats that are not markdown: each file parsed once into an immutable model.

=================  ==========================================  ==============================
kind ``format``    model                                       parser
=================  ==========================================  ==============================
``json``/``jsonl`` :class:`~hooks.parse.json_lines.JsonDocument`  :func:`~hooks.parse.json_lines.parse_json`
``text``           :class:`~hooks.structured.textlog.TextLog`       :func:`~hooks.structured.textlog.parse_textlog`
``run-directory``  :class:`~hooks.structured.rundir.RunDirectory`   :func:`~hooks.structured.rundir.load_run_directory`
=================  ==========================================  ==============================

Rules with a ``check_records`` callable receive the model (:data:`StructuredModel`). No
parser raises for bad content; only invalid kind options raise
:class:`~hooks.errors.ConfigError`.
"""

from __future__ import annotations

from pathlib import Path

from hooks.kinds.kind import Kind
from hooks.parse.json_lines import JsonDocument, parse_json
from hooks.structured.records import record_options
from hooks.structured.rundir import RunDirectory, load_run_directory
from hooks.structured.textlog import TextLog, entry_options, parse_textlog

#: A parsed structured log, as handed to ``Rule.check_records``.
StructuredModel = JsonDocument | TextLog | RunDirectory

#: Kind formats parsed by this package (``markdown`` is :mod:`hooks.model.document`).
STRUCTURED_FORMATS = ("json", "jsonl", "text", "run-directory")


def parse_structured(kind: Kind, absolute: Path, display: str, text: str, max_bytes: int) -> StructuredModel | None:
    """Parse one file of a structured ``kind``; ``None`` when the file is not of the format's
    shape at all (a run-directory anchor outside ``runs/<framework>/<run_id>/``).

    Args:
        kind: the kind the file was classified as.
        absolute: the file's absolute path (run directories read their siblings from here).
        display: the display path, kept in the model for findings.
        text: the file's decoded text.
        max_bytes: size limit for sibling files read by the run-directory loader.

    Raises:
        ConfigError: the kind's options are invalid (the message names the kind file).
    """
    if kind.file_format == "text":
        entry_options(kind)  # validate before any rule reads them
        return parse_textlog(display, text)
    if kind.file_format in {"json", "jsonl"}:
        options = record_options(kind)
        return parse_json(display, text, kind.file_format, options.containers)
    if kind.file_format == "run-directory":
        return load_run_directory(absolute, display, text, kind, max_bytes)
    return None


__all__ = ["STRUCTURED_FORMATS", "StructuredModel", "parse_structured"]
