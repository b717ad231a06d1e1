"""Benchmark ``runlog patterns`` beside ``runlog check`` on the same generated folder, in one run.

One command::

    python bench/patterns.py --logs 10000 [--seed 8] [--jobs N] [--repeats 1]

It generates a team log folder (:mod:`bench.generate`: run logs with Errors Encountered
rows, session summaries, an error registry, run directories), then times, each as a separate
child process (wall time, CPU time, peak memory from ``wait4``):

* ``runlog check . --no-cache`` (every rule, the recurring-error rules RL213/RL214 included),
  and the same with RL213 and RL214 off, so their cost is visible;
* ``runlog patterns . --format json`` (read, parse and extract every file, then mine);
* the mining alone, in this process: :func:`hooks.model.error_patterns.mine_patterns` over the
  occurrences the command found, so the share of Drain in the command's time is visible.

It prints a table with the ratio patterns / check measured in the same run, and the number
of occurrences and patterns found. Nothing is written to the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.generate import generate  # noqa: E402
from bench.run import Measure, measure  # noqa: E402

RUNLOG = str(Path(sys.executable).parent / "runlog")


def _median(runs: list[Measure]) -> Measure:
    return sorted(runs, key=lambda m: m.wall)[len(runs) // 2]


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, measure, print the figures; exit 1 when a command failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--logs", type=int, default=10000, help="markdown logs to generate (default: 10000)")
    parser.add_argument("--seed", type=int, default=8, help="generator seed (default: 8)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes for both commands (default: CPU count)")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each command; the median is shown (default: 1)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-patterns-") as tmp:
        folder = Path(tmp) / "team"
        made = generate(folder, args.logs, args.seed)
        files = sum(1 for p in folder.rglob("*") if p.is_file())
        jobs = ["--jobs", str(args.jobs)]
        check = _median([measure([RUNLOG, "check", ".", "--no-cache", *jobs], folder) for _ in range(args.repeats)])
        (folder / "rules-off.yaml").write_text("rules: {RL213: off, RL214: off}\n", encoding="utf-8")
        without = _median([measure([RUNLOG, "check", ".", "--no-cache", "--config", "rules-off.yaml", *jobs], folder) for _ in range(args.repeats)])
        out = Path(tmp) / "patterns.json"
        patterns = _median([measure([RUNLOG, "patterns", ".", "--format", "json", "--min-count", "1", "--output-file", str(out), *jobs], folder)
                            for _ in range(args.repeats)])
        if not (check.ok and without.ok and patterns.ok):
            print(f"a command failed: check exit {check.code}, patterns exit {patterns.code}\n{check.out[-2000:]}\n{patterns.out[-2000:]}", file=sys.stderr)
            return 1
        data = json.loads(out.read_text(encoding="utf-8"))["patterns"]

        from hooks.config.loader import load_config
        from hooks.engine.discovery import select_targets
        from hooks.engine.patterns import read_all, select
        from hooks.model.error_patterns import mine_patterns

        config = load_config(None, folder)
        occurrences = select(read_all(select_targets(["."], config, folder), config, args.jobs), None, None)
        mine_patterns([])  # imports drain3 outside the timing
        start = time.perf_counter()
        mined = mine_patterns(occurrences)
        mining = time.perf_counter() - start
        recurring = sum(1 for p in data if p["count"] >= 2)

    print(f"# runlog patterns beside runlog check: {len(made.logs):,} logs ({files:,} files), seed {args.seed}, --jobs {args.jobs}, "
          f"median of {args.repeats}, 1-minute load {os.getloadavg()[0]:.1f}")
    print()
    print("| Measure | Wall | CPU | Peak memory |")
    print("|---|---|---|---|")
    print(f"| runlog check . --no-cache | {check.wall:.2f} s | {check.cpu:.2f} s | {check.peak_mib:.0f} MiB |")
    print(f"| runlog check, RL213 and RL214 off | {without.wall:.2f} s | {without.cpu:.2f} s | {without.peak_mib:.0f} MiB |")
    print(f"| runlog patterns . --format json | {patterns.wall:.2f} s | {patterns.cpu:.2f} s | {patterns.peak_mib:.0f} MiB |")
    print(f"| mining alone (mine_patterns, in process, drain3 imported) | {mining:.3f} s | | |")
    print()
    print(f"- check with / without the recurring-error rules, wall: {check.wall / without.wall:.2f}x")
    print(f"- patterns / check, wall: {patterns.wall / check.wall:.2f}x; CPU: {patterns.cpu / max(check.cpu, 1e-9):.2f}x")
    print(f"- {len(occurrences):,} error occurrences, {len(data):,} patterns ({recurring:,} seen at least twice); "
          f"(the in-process mining found {len(mined):,})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
