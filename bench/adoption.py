"""Adoption figures: ``runlog init --yes`` on every folder of the shared corpus.

For each folder (copied to a temporary folder; the corpus is read-only) it prints the files
``runlog check`` covered before init, the files after, the kinds init inferred, the findings
after init by rule, and whether check and build ran without a traceback. With ``--heyreach``
it also measures how the kind inferred from the heyreach run logs (shipped kinds switched
off) agrees with the shipped ``run-log`` kind on which logs have structural findings
(RL101-RL107), for a few values of ``--share``.

    .venv/bin/python bench/adoption.py [--heyreach] [--no-shipped-kinds] [--coverage 10000] [--corpus ../shared/corpus]

``--coverage N`` times the no-silent-zero count (hooks.engine.coverage.without_kind, the
extra walk ``runlog check`` makes) on N generated logs (bench/generate.py), against
select_targets on the same folder in the same run (best of 3 each).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

RUNLOG = Path(sys.executable).parent / "runlog"
STRUCTURE = {f"RL10{i}" for i in range(1, 8)}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RUNLOG), *args], cwd=cwd, capture_output=True, text=True, check=False)


def _check(cwd: Path) -> tuple[int, list[dict[str, object]], str]:
    result = _run(["check", "--format", "json", "--no-cache", "--jobs", "1", "."], cwd)
    data = json.loads(result.stdout) if result.stdout.strip().startswith("{") else {"summary": {}, "findings": []}
    checked = int(data.get("summary", {}).get("files", 0))
    return checked, list(data["findings"]), result.stderr


def _copy(source: Path, into: Path) -> Path:
    target = into / source.name
    shutil.copytree(source, target, symlinks=True)
    for path in [target, *target.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)
    return target


def sweep(corpus: Path, extra: list[str]) -> None:
    """Print one row per corpus folder (``extra``: more arguments for init)."""
    print("| folder | files | covered before | covered after | inferred kinds | findings after init | traceback |")
    print("|---|---|---|---|---|---|---|")
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith(".")):
        with tempfile.TemporaryDirectory() as temporary:
            work = _copy(folder, Path(temporary))
            files = sum(1 for p in work.rglob("*") if p.is_file())
            before, _, err_before = _check(work)
            init = _run(["init", "--yes", *extra], work)
            after, findings, err_after = _check(work)
            build = _run(["build", ".", "--site-dir", str(Path(temporary) / "site"), "--quiet"], work)
            kinds = [line.split(":")[0].strip() for line in init.stdout.splitlines() if line.startswith("  ") and " files (" in line]
            by_code = Counter(str(f["code"]) for f in findings)
            shown = ", ".join(f"{c} {n}" for c, n in sorted(by_code.items())) or "none"
            crashed = any("Traceback" in text for text in (err_before, init.stderr, err_after, build.stderr))
            print(f"| {folder.name} | {files} | {before} | {after} | {', '.join(kinds) or '-'} | {len(findings)}: {shown} | {'YES' if crashed else 'no'} (build exit {build.returncode}) |")


def heyreach(corpus: Path, shares: list[str]) -> None:
    """Print the structural-finding overlap of inferred and shipped kinds on heyreach run logs."""
    source = corpus / "jansytzeh__heyreach-processor"
    for share in shares:
        with tempfile.TemporaryDirectory() as temporary:
            work = _copy(source, Path(temporary))
            _, shipped, _ = _check(work)
            flagged_shipped = {str(f["path"]) for f in shipped if f["code"] in STRUCTURE and "/run-logs/" in str(f["path"])}
            _run(["init", "--yes", "--no-shipped-kinds", "--share", share], work)
            _, inferred, _ = _check(work)
            flagged_inferred = {str(f["path"]) for f in inferred if f["code"] in STRUCTURE and "/run-logs/" in str(f["path"])}
            both = flagged_shipped & flagged_inferred
            print(
                f"share {share}: shipped run-log flags {len(flagged_shipped)} of 40 logs for structure, the inferred kind "
                f"{len(flagged_inferred)}; both {len(both)}; only the inferred kind {len(flagged_inferred - flagged_shipped)}"
            )


def coverage_cost(logs: int) -> None:
    """Print the time of the markdown-of-no-kind count against select_targets, same folder."""
    import time

    from hooks.config.loader import load_config
    from hooks.engine.coverage import without_kind
    from hooks.engine.discovery import select_targets

    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "logs"
        generator = Path(__file__).with_name("generate.py")
        subprocess.run([sys.executable, str(generator), str(root), "--logs", str(logs)], check=True, capture_output=True)
        config = load_config(None, root)
        select, count = [], []
        targets = []
        for _ in range(3):
            start = time.perf_counter()
            targets = select_targets([str(root)], config, root)
            select.append(time.perf_counter() - start)
        checked = [t.absolute for t in targets]
        for _ in range(3):
            start = time.perf_counter()
            without_kind([str(root)], config, root, checked)
            count.append(time.perf_counter() - start)
        print(f"{logs} logs: select_targets {min(select):.3f} s, markdown-of-no-kind count {min(count):.3f} s (ratio {min(count) / min(select):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
    parser.add_argument("--heyreach", action="store_true", help="also measure the heyreach overlap")
    parser.add_argument("--shares", default="0.8,0.67,0.5")
    parser.add_argument("--no-shipped-kinds", action="store_true", help="run init with the shipped kinds switched off too")
    parser.add_argument("--coverage", type=int, metavar="N", help="time the markdown-of-no-kind count on N generated logs")
    args = parser.parse_args()
    if args.coverage:
        coverage_cost(args.coverage)
        return
    sweep(args.corpus, [])
    if args.no_shipped_kinds:
        print("\nWith --no-shipped-kinds:\n")
        sweep(args.corpus, ["--no-shipped-kinds"])
    if args.heyreach:
        heyreach(args.corpus, args.shares.split(","))


if __name__ == "__main__":
    main()
