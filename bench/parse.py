"""Per-log parse time of the document model's parsers, measured side by side in one run (issue 12).

One command::

    .venv/bin/python bench/parse.py --logs 1000

It generates ``--logs`` markdown logs (:mod:`bench.generate`, about 2 KB each) and reads the
shared corpus's markdown files when ``../shared/corpus`` is there, then times, interleaved
round by round, in CPU time of the process (each chunk of 25 logs keeps its best time over
``--rounds`` rounds, so a busy machine costs rounds, not figures):

* ``markdown-it-py (today's parse)``: :func:`hooks.model.document.parse_with_markdown_it`, the
  Document built from markdown-it-py's block token stream, as ``parse`` was before issue 12;
* ``port (parse)``: :func:`hooks.model.document.parse`, the Document built from
  :func:`hooks.parse.markdown.blocks`;
* parsers alone, no Document (a lower bound for a Document built on them): markdown-it-py
  block tokens, :func:`hooks.parse.markdown.blocks`, markdown-it-pyrs ``tree`` and pyromark
  ``events_with_range`` (all events read) when those packages are installed, and one regular
  expression pass over the lines (the floor the issue names).

It prints microseconds per log and each candidate's speed-up over today's parse (ratios of
figures taken in the same run). Needs nothing beyond the project; markdown-it-pyrs and
pyromark are measured only when installed (``pip install markdown-it-pyrs pyromark``).
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from hooks.model.document import parse, parse_with_markdown_it  # noqa: E402
from hooks.parse.markdown import blocks, markdown_parser  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"

#: The floor the issue measures: one regular expression over the lines (headings, fields, rows, fences).
_LINE_PASS = re.compile(r"^(?:#{1,6} |\*\*[^*\n]+:\*\*|\||```|~~~|- \*\*)", re.M)


def candidates() -> list[tuple[str, Callable[[str], object]]]:
    """(name, function of a log's text) for every parser measured; the first is the baseline."""
    found: list[tuple[str, Callable[[str], object]]] = [
        ("markdown-it-py + Document (today's parse)", lambda text: parse_with_markdown_it("log.md", text)),
        ("port + Document (parse)", lambda text: parse("log.md", text)),
        ("markdown-it-py block tokens only", lambda text: markdown_parser().parse(text)),
        ("port: parse.markdown.blocks only", blocks),
    ]
    try:
        import markdown_it_pyrs

        pyrs = markdown_it_pyrs.MarkdownIt("commonmark").enable("table")
        found.append(("markdown-it-pyrs tree only", pyrs.tree))
    except ImportError:
        print("(markdown-it-pyrs not installed: not measured)")
    try:
        import pyromark

        options = pyromark.Options.ENABLE_TABLES

        def pyromark_events(text: str) -> int:
            return sum(1 for _ in pyromark.events_with_range(text, options=options))

        found.append(("pyromark events_with_range only", pyromark_events))
    except ImportError:
        print("(pyromark not installed: not measured)")
    found.append(("one regex pass over the lines", _LINE_PASS.findall))
    return found


def measure(texts: Sequence[str], rounds: int, chunk: int = 25) -> list[tuple[str, float]]:
    """Per-log seconds of each candidate: the best time of each chunk of ``chunk`` logs over
    ``rounds`` interleaved rounds, summed (other processes' bursts cost a chunk a round, not
    the figure)."""
    chosen = candidates()
    chunks = [texts[start : start + chunk] for start in range(0, len(texts), chunk)]
    best = {name: [float("inf")] * len(chunks) for name, _ in chosen}
    clock = time.process_time  # CPU time of this process: other processes' load shows less
    for _ in range(rounds):
        for name, function in chosen:
            gc.collect()
            times = best[name]
            for index, part in enumerate(chunks):
                start = clock()
                for text in part:
                    function(text)
                times[index] = min(times[index], clock() - start)
    return [(name, sum(best[name]) / len(texts)) for name, _ in chosen]


def report(title: str, texts: Sequence[str], rounds: int) -> None:
    """Print one table: microseconds per log and speed-up over the first candidate."""
    size = sum(len(text.encode("utf-8")) for text in texts) / len(texts)
    print(f"\n{title}: {len(texts)} logs, {size:,.0f} bytes each on average, best of {rounds} rounds")
    figures = measure(texts, rounds)
    baseline = figures[0][1]
    print(f"{'parser':<44} {'us/log':>9} {'speed-up':>9}")
    for name, seconds in figures:
        print(f"{name:<44} {seconds * 1e6:9.1f} {baseline / seconds:8.1f}x")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--logs", type=int, default=1000, help="generated logs (default: 1000)")
    parser.add_argument("--seed", type=int, default=8, help="generator seed (default: 8)")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds; the best is kept (default: 7)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        made = generate(Path(tmp) / "team", args.logs, seed=args.seed)
        texts = [(made.root / path).read_text(encoding="utf-8") for path in made.logs]
    report("Generated logs (bench/generate.py)", texts, args.rounds)
    if CORPUS.is_dir():
        corpus = [path.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff") for path in sorted(CORPUS.rglob("*.md"))]
        report(f"Shared corpus ({CORPUS})", corpus, args.rounds * 4)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
