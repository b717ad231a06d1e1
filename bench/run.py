"""Benchmark runlog against what a team would use instead (issue 8), side by side, in one run.

One command::

    /work/.venv/bin/python bench/run.py --logs 1000 10000

For each size it generates a team log folder (:mod:`bench.generate`) as a git repository and
measures, each as a separate child process (wall time; peak memory from ``wait4`` rusage):

* ``runlog check .`` cold (cache removed) and warm (second run) -- warm only when
  ``runlog check --help`` offers a cache (``--no-cache``);
* the commit-time hooks for a commit of 3 changed logs, as pre-commit calls them: ``runlog
  check`` on the 3 staged files, the same plus the error registry (registry closure), and
  ``runlog guard`` when that subcommand exists; plus Python start-up and import of runlog;
* ``runlog build`` (when it exists and works): time, peak memory, output size, bytes per log page;
* the alternatives: markdownlint-cli2 (npm, in ``bench/.tools``), PyMarkdown (PyPI
  ``pymarkdownlnt``), plain ``mkdocs build`` with Material and the default nav, and with the
  nav cut by hand to a few index pages.

It prints the tables and writes them to ``docs/benchmarks.md`` (``bench/out/benchmarks-quick.md``
with ``--quick``), with the machine, the date and the command. Slow parts can be skipped:
``--skip-alternatives``, ``--skip-site``; ``--quick`` is a smoke run on 60 logs. Plain mkdocs
with the default nav grows quadratically (every page renders the whole nav), so it runs only up
to ``--mkdocs-full-max`` logs (default 2,000). Needs::

    npm install --prefix bench/.tools markdownlint-cli2
    /work/.venv/bin/pip install pymarkdownlnt

Targets (issue 8, 2 cores) are checked in the last table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
#: How runlog is started, and extra environment for it (``--runlog-src`` runs a snapshot instead).
RUNLOG: list[str] = [str(BIN / "runlog")]
RUNLOG_ENV: dict[str, str] = {}
MARKDOWNLINT = HERE / ".tools" / "node_modules" / ".bin" / "markdownlint-cli2"
PYMARKDOWN = BIN / "pymarkdown"
MKDOCS = BIN / "mkdocs"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
}


@dataclass
class Measure:
    """One child-process run: wall seconds, peak resident memory in MiB, exit code, output, CPU seconds.

    CPU seconds (user + system of the child and the descendants it waited for) are less
    sensitive than wall time to other work on the machine.
    """

    wall: float
    peak_mib: float
    code: int
    out: str = ""
    cpu: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the tool ran to its end (0 clean, 1 findings; 2+ is a failure)."""
        return self.code in (0, 1)


@dataclass
class Result:
    """Every figure for one folder size; a missing key means "not measured" (see ``notes``)."""

    logs: int
    figures: dict[str, float] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    loads: list[float] = field(default_factory=list)


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured process: this one's, with RUNLOG_ENV and ``extra``, and
    without PYTHONDONTWRITEBYTECODE (a user's installed runlog has its bytecode compiled;
    without it every start recompiles each module, about 80 ms)."""
    env = {**os.environ, **RUNLOG_ENV, **(extra or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_bytecode() -> None:
    """Compile runlog's packages to bytecode once, as an installed runlog has them."""
    source = Path(RUNLOG_ENV.get("PYTHONPATH") or REPO)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(source / "hooks"), str(source / "site_builder")],
                   capture_output=True, check=False, env=child_env())


def measure(cmd: Sequence[str], cwd: Path, output: Path | None = None, env: dict[str, str] | None = None) -> Measure:
    """Run ``cmd`` in ``cwd`` once; stdout+stderr go to ``output`` (kept) and are returned.

    Peak memory is the ``ru_maxrss`` of ``wait4`` on the child, which covers the child and
    the descendants it waited for (Linux reports KiB).
    """
    out_path = output or Path(tempfile.mkstemp(prefix="bench-", suffix=".txt")[1])
    with open(out_path, "wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(list(cmd), cwd=cwd, stdout=sink, stderr=subprocess.STDOUT, env=child_env(env))
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = out_path.read_text(encoding="utf-8", errors="replace")
    if output is None:
        out_path.unlink()
    return Measure(wall, usage.ru_maxrss / 1024, process.returncode, text, usage.ru_utime + usage.ru_stime)


def best_of(repeats: int, cmd: Sequence[str], cwd: Path, output: Path | None = None, before: object = None) -> Measure:
    """The median run of ``repeats`` (``before()`` is called before each, e.g. to drop a cache)."""
    runs = []
    for _ in range(repeats):
        if callable(before):
            before()
        runs.append(measure(cmd, cwd, output))
    runs.sort(key=lambda m: m.wall)
    middle = runs[len(runs) // 2]
    middle.wall = statistics.median(m.wall for m in runs)
    return middle


def help_text(*args: str) -> str:
    """``runlog <args> --help`` output, or "" when the command does not exist."""
    done = subprocess.run([*RUNLOG, *args, "--help"], capture_output=True, text=True, check=False, env=child_env())
    return done.stdout if done.returncode == 0 else ""


@dataclass
class Features:
    """What the runlog under test offers, detected from its ``--help`` texts."""

    commands: set[str]
    cache: bool
    jobs: bool
    guard: bool
    build: bool

    @classmethod
    def detect(cls) -> Features:
        """Read ``runlog --help`` and ``runlog check --help``."""
        top = help_text()
        commands = set(re.findall(r"^    (\w[\w-]*)\s", top, re.M))
        check = help_text("check")
        return cls(commands, "--no-cache" in check, "--jobs" in check, "guard" in commands, "build" in commands)


def git(cwd: Path, *args: str) -> None:
    """Run ``git`` in ``cwd`` quietly; raise on failure."""
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def prepare(folder: Path, logs: int, seed: int) -> list[str]:
    """Generate ``logs`` logs in ``folder`` (recreated) as a committed git repository.

    Returns:
        three clean run logs (relative paths) that the commit measurement changes.
    """
    if folder.exists():
        shutil.rmtree(folder)
    made = generate(folder, logs, seed)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", f"{logs} generated logs")
    clean = [p for p, d in made.run_logs.items() if not d]
    return clean[len(clean) // 2 : len(clean) // 2 + 3]


def cache_dirs(folder: Path) -> list[Path]:
    """Where a cache may live for a check run from ``folder`` (hooks/engine/cache.py's default and ``.runlog_cache``)."""
    return [folder / ".runlog_cache", folder / ".cache" / "runlog"]


def drop_cache(folder: Path) -> None:
    """Remove every cache of a previous check of ``folder``."""
    for path in cache_dirs(folder):
        shutil.rmtree(path, ignore_errors=True)


def files_checked(text: str) -> int | None:
    """The file count of runlog's summary line ``Checked N files: ...``."""
    match = re.search(r"Checked ([\d,]+) files?", text)
    return int(match.group(1).replace(",", "")) if match else None


def bench_check(result: Result, folder: Path, features: Features, repeats: int, out: Path) -> None:
    """Cold and (when cached) warm ``runlog check .`` of the whole folder."""
    cold = best_of(repeats, [*RUNLOG, "check", "."], folder, out / f"check-{result.logs}.txt", before=lambda: drop_cache(folder))
    if not cold.ok:
        result.notes["check"] = f"runlog check exited {cold.code}: {cold.out.strip().splitlines()[-1:]}"
        return
    result.figures["check_cold"] = cold.wall
    result.figures["check_cold_cpu"] = cold.cpu
    result.figures["check_peak"] = cold.peak_mib
    result.figures["check_files"] = float(files_checked(cold.out) or 0)
    # In the folder itself, so the check's root (and its cache, dropped before each run) is the same.
    noreg_config = folder / ".bench-no-registry.yaml"
    noreg_config.write_text('# bench: the same check without the error registry\nexclude: ["**/error-registry.md"]\n', encoding="utf-8")
    noreg = best_of(repeats, [*RUNLOG, "check", "--config", str(noreg_config), "."], folder, before=lambda: drop_cache(folder))
    noreg_config.unlink()
    result.figures["check_cold_noreg"] = noreg.wall
    result.figures["check_cold_noreg_cpu"] = noreg.cpu
    registry = folder / "training" / "error-registry.md"
    result.figures["registry_entries"] = float(len(re.findall(r"^### ERR-\d+", registry.read_text(encoding="utf-8"), re.M))) if registry.is_file() else 0.0
    if features.jobs:
        serial = best_of(repeats, [*RUNLOG, "check", "--jobs", "1", "."], folder, before=lambda: drop_cache(folder))
        result.figures["check_cold_serial"] = serial.wall
    if features.cache:
        measure([*RUNLOG, "check", "."], folder)  # fill the cache once
        warm = best_of(repeats, [*RUNLOG, "check", "."], folder)
        result.figures["check_warm"] = warm.wall
        result.figures["check_warm_cpu"] = warm.cpu
    else:
        result.notes["check_warm"] = "no cache in this runlog (`runlog check --help` has no --no-cache)"


def guard_command(staged: list[str]) -> list[str]:
    """``runlog guard`` as pre-commit would call it, read from .pre-commit-hooks.yaml when it is there."""
    manifest = REPO / ".pre-commit-hooks.yaml"
    text = manifest.read_text(encoding="utf-8") if manifest.is_file() else ""
    block = re.search(r"-\s+id:\s*runlog-guard\b(.*?)(?=^-\s+id:|\Z)", text, re.S | re.M)
    args: list[str] = []
    pass_files = True
    if block:
        entry = re.search(r"^\s+entry:\s*(.+)$", block.group(1), re.M)
        if entry:
            args = entry.group(1).split()[2:]  # after "runlog guard"
        extra = re.search(r"^\s+args:\s*\[(.*)\]", block.group(1), re.M)
        if extra:
            args += [a.strip().strip("'\"") for a in extra.group(1).split(",") if a.strip()]
        pass_files = not re.search(r"pass_filenames:\s*false", block.group(1))
    return [*RUNLOG, "guard", *args, *(staged if pass_files else [])]


def bench_commit(result: Result, folder: Path, changed: list[str], features: Features, repeats: int, out: Path) -> None:
    """The commit-time hooks for 3 staged logs in the N-log repository."""
    for path in changed:
        file = folder / path
        file.write_text(file.read_text(encoding="utf-8").replace("**Notes:** ", "**Notes:** Checked twice. ", 1), encoding="utf-8")
    git(folder, "add", *changed)
    repeats = max(repeats, 5)  # commit-time figures: medians of 5 separate processes at every size
    measure([*RUNLOG, "check", "."], folder)  # the cache a developer's earlier checks left
    three = best_of(repeats, [*RUNLOG, "check", *changed], folder, out / f"commit-check-{result.logs}.txt")
    result.figures["commit_check"] = three.wall
    result.figures["commit_check_cpu"] = three.cpu
    if not three.ok:
        result.notes["commit_check"] = f"exit {three.code}"
    closure = best_of(repeats, [*RUNLOG, "check", *changed, "training/error-registry.md"], folder)
    result.figures["commit_closure"] = closure.wall
    result.figures["commit_closure_cpu"] = closure.cpu
    if features.guard:
        guard = best_of(repeats, guard_command(changed), folder, out / f"commit-guard-{result.logs}.txt")
        if guard.ok:
            result.figures["commit_guard"] = guard.wall
            result.figures["commit_guard_cpu"] = guard.cpu
        else:
            result.notes["commit_guard"] = f"runlog guard exited {guard.code}"
    else:
        result.notes["commit_guard"] = "no `runlog guard` yet"
    hooks_total = result.figures["commit_closure"] + result.figures.get("commit_guard", 0.0)
    result.figures["commit_total"] = hooks_total
    result.figures["commit_total_cpu"] = closure.cpu + result.figures.get("commit_guard_cpu", 0.0)
    git(folder, "commit", "-q", "-m", "three logs changed")


def bench_startup(repeats: int) -> dict[str, float]:
    """Python start-up alone, and start-up plus ``import`` of the runlog CLI, in seconds."""
    where = Path(tempfile.gettempdir())
    bare = best_of(repeats, [sys.executable, "-c", "pass"], where)
    loaded = best_of(repeats, [sys.executable, "-c", "import site_builder.cli, hooks.engine.runner, hooks.rules.ruleset"], where)
    version = best_of(repeats, [*RUNLOG, "--version"], where)
    return {"python": bare.wall, "import": loaded.wall, "runlog_version": version.wall}


def import_profile(top: int = 6) -> tuple[list[tuple[str, float]], float]:
    """What dominates importing runlog (``python -X importtime``), in milliseconds.

    Returns:
        the ``top`` outside packages (stdlib or third party) by cumulative import time, and
        the self time of runlog's own modules (``hooks``, ``site_builder``) summed.
    """
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import site_builder.cli, hooks.engine.runner, hooks.rules.ruleset"],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
        check=False,
        env=child_env(),
    )
    outside: dict[str, float] = {}
    own = 0.0
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)", line)
        if not match:
            continue
        name, self_us, cumulative_us = match.group(3), int(match.group(1)), int(match.group(2))
        root = name.split(".")[0]
        if root in {"hooks", "site_builder"}:
            own += self_us / 1000
        elif not root.startswith("_") and root not in {"site", "encodings"}:
            outside[root] = max(outside.get(root, 0.0), cumulative_us / 1000)
    return sorted(outside.items(), key=lambda r: -r[1])[:top], own


def tree_bytes(folder: Path) -> tuple[int, int]:
    """Total bytes and file count under ``folder``."""
    total = count = 0
    for current, _, files in os.walk(folder):
        for name in files:
            total += os.path.getsize(os.path.join(current, name))
            count += 1
    return total, count


def log_page_bytes(site: Path, logs: int) -> float:
    """Mean size of the HTML pages of the logs (paths under run-logs/ or sessions/), in bytes."""
    sizes = [
        os.path.getsize(os.path.join(current, name))
        for current, _, files in os.walk(site)
        for name in files
        if name.endswith(".html") and ("run-logs" in current or "sessions" in current)
    ]
    return sum(sizes) / len(sizes) if sizes else 0.0


def bench_site(result: Result, folder: Path, features: Features, out: Path) -> None:
    """``runlog build`` of the folder: time, peak memory, output size, bytes per log page."""
    if not features.build:
        result.notes["site"] = "no `runlog build`"
        return
    site = out / f"site-{result.logs}"
    shutil.rmtree(site, ignore_errors=True)
    built = measure([*RUNLOG, "build", ".", "--site-dir", str(site)], folder, out / f"build-{result.logs}.txt")
    if not built.ok or not site.is_dir():
        last = built.out.strip().splitlines()[-1:] if built.out.strip() else ["no output"]
        result.notes["site"] = f"`runlog build` failed (exit {built.code}): {last[0][:120]}"
        return
    total, _ = tree_bytes(site)
    result.figures.update(site_time=built.wall, site_cpu=built.cpu, site_peak=built.peak_mib, site_bytes=total, site_page=log_page_bytes(site, result.logs))
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(site.parent / ".runlog_site" / site.name, ignore_errors=True)  # runlog build's staging folder


def bench_linters(result: Result, folder: Path, repeats: int, out: Path, pymarkdown_max: int) -> None:
    """markdownlint-cli2 and PyMarkdown over every markdown file of the folder."""
    if MARKDOWNLINT.exists():
        lint = best_of(repeats, [str(MARKDOWNLINT), "**/*.md"], folder, out / f"markdownlint-{result.logs}.txt")
        files = re.search(r"Linting: (\d+) file", lint.out)
        result.figures.update(mdl_time=lint.wall, mdl_cpu=lint.cpu, mdl_peak=lint.peak_mib, mdl_files=float(files.group(1)) if files else 0.0)
    else:
        result.notes["mdl"] = f"markdownlint-cli2 not installed ({MARKDOWNLINT})"
    if result.logs > pymarkdown_max:
        result.notes["pymd"] = f"skipped above {pymarkdown_max:,} logs (slow; see the smaller size, it grows linearly)"
    elif PYMARKDOWN.exists():
        scan = measure([str(PYMARKDOWN), "scan", "-r", "training", "runs"], folder, out / f"pymarkdown-{result.logs}.txt")
        result.figures.update(pymd_time=scan.wall, pymd_cpu=scan.cpu, pymd_peak=scan.peak_mib)
    else:
        result.notes["pymd"] = f"PyMarkdown not installed ({PYMARKDOWN})"


MKDOCS_INDEX = """# Outreach agent logs

Run logs, session summaries and the error registry of the outreach agents.
"""


def mkdocs_project(folder: Path, where: Path, cut_nav: bool) -> Path:
    """A plain mkdocs-material project whose docs are the raw log markdown of ``folder``.

    The docs folder holds a home page and links (symlinks) to ``training/`` and ``runs/``;
    ``cut_nav`` limits the nav to the home page, the registry and the run-logs folder's first
    page, as a team would cut it by hand; otherwise mkdocs builds its default nav of every page.
    """
    shutil.rmtree(where, ignore_errors=True)
    docs = where / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(MKDOCS_INDEX, encoding="utf-8")
    for name in ("training", "runs"):
        (docs / name).symlink_to(folder / name, target_is_directory=True)
    lines = ["site_name: Outreach agent logs", "theme:", "  name: material", f"site_dir: {where / 'site'}"]
    if cut_nav:
        first = sorted((folder / "training" / "run-logs").iterdir())[0].name
        lines += [
            "nav:",
            "  - Home: index.md",
            "  - Error registry: training/error-registry.md",
            f"  - Latest run log: training/run-logs/{first}",
        ]
    (where / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


def bench_mkdocs(result: Result, folder: Path, out: Path, full_max: int) -> None:
    """Plain ``mkdocs build`` (Material) with the default nav and with the nav cut by hand."""
    if not MKDOCS.exists():
        result.notes["mkdocs"] = "mkdocs not installed"
        return
    for key, cut in (("mkdocs_cut", True), ("mkdocs_full", False)):
        if not cut and result.logs > full_max:
            result.notes[key] = f"skipped above {full_max:,} logs (quadratic: every page renders the whole nav)"
            continue
        project = mkdocs_project(folder, out / f"{key}-{result.logs}", cut)
        built = measure([str(MKDOCS), "build", "--quiet"], project, out / f"{key}-{result.logs}.txt")
        if built.code != 0:
            result.notes[key] = f"mkdocs build exited {built.code}"
            continue
        total, _ = tree_bytes(project / "site")
        result.figures.update({f"{key}_time": built.wall, f"{key}_cpu": built.cpu, f"{key}_peak": built.peak_mib, f"{key}_bytes": total})
        result.figures[f"{key}_page"] = log_page_bytes(project / "site", result.logs)
        shutil.rmtree(project, ignore_errors=True)


# ---------------------------------------------------------------- report


def machine() -> str:
    """nproc, memory, CPU model, OS and Python, from /proc and the platform module."""
    cpu = "unknown CPU"
    mem = "unknown memory"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
        kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {mem}, {cpu}; {platform.platform()}; Python {platform.python_version()}"


def versions() -> str:
    """Versions of runlog (git commit) and of the alternatives."""

    def first_line(cmd: list[str]) -> str:
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return "?"
        return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "?"

    commit = first_line(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "hooks", "site_builder"], capture_output=True, text=True).stdout
    if RUNLOG_ENV.get("PYTHONPATH"):
        parts = [f"runlog from {RUNLOG_ENV['PYTHONPATH']} (snapshot; working tree at {commit})"]
    else:
        parts = [f"runlog {commit}{' + uncommitted changes' if dirty.strip() else ''}"]
    if MARKDOWNLINT.exists():
        parts.append(first_line([str(MARKDOWNLINT), "--help"]))
    if PYMARKDOWN.exists():
        parts.append("PyMarkdown " + first_line([str(PYMARKDOWN), "version"]))
    if MKDOCS.exists():
        parts.append(first_line([str(MKDOCS), "--version"]).split(" from ")[0])
    return "; ".join(parts)


def fmt_s(value: float | None) -> str:
    """Seconds, 2 decimals below 10 s."""
    if value is None:
        return "—"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def fmt_ms_per(value: float | None, count: int) -> str:
    """Milliseconds per log."""
    return "—" if value is None else f"{value / count * 1000:.2f} ms"


def fmt_mib(value: float | None) -> str:
    """MiB."""
    return "—" if value is None else f"{value:,.0f} MiB"


def fmt_bytes(value: float | None) -> str:
    """KB (1,000 bytes) or MB."""
    if value is None:
        return "—"
    return f"{value / 1e6:,.1f} MB" if value >= 1e6 else f"{value / 1e3:,.1f} KB"


ROWS: list[tuple[str, str, str]] = [
    # (label, figure key, unit kind)
    ("runlog check, cold (whole folder)", "check_cold", "s"),
    ("runlog check, cold, error registry left out", "check_cold_noreg", "s"),
    ("runlog check, cold, --jobs 1", "check_cold_serial", "s"),
    ("runlog check, warm (cache)", "check_warm", "s"),
    ("runlog check, peak memory", "check_peak", "mib"),
    ("commit: runlog check of 3 staged logs", "commit_check", "s"),
    ("commit: 3 staged logs + the error registry (closure)", "commit_closure", "s"),
    ("commit: runlog guard", "commit_guard", "s"),
    ("commit: hooks in total (closure + guard)", "commit_total", "s"),
    ("runlog build, time", "site_time", "s"),
    ("runlog build, peak memory", "site_peak", "mib"),
    ("runlog build, output", "site_bytes", "bytes"),
    ("runlog build, bytes per log page", "site_page", "bytes"),
    ("markdownlint-cli2", "mdl_time", "s"),
    ("markdownlint-cli2, peak memory", "mdl_peak", "mib"),
    ("PyMarkdown", "pymd_time", "s"),
    ("PyMarkdown, peak memory", "pymd_peak", "mib"),
    ("mkdocs build, nav cut by hand, time", "mkdocs_cut_time", "s"),
    ("mkdocs build, nav cut by hand, peak memory", "mkdocs_cut_peak", "mib"),
    ("mkdocs build, nav cut by hand, output", "mkdocs_cut_bytes", "bytes"),
    ("mkdocs build, default nav, time", "mkdocs_full_time", "s"),
    ("mkdocs build, default nav, peak memory", "mkdocs_full_peak", "mib"),
    ("mkdocs build, default nav, output", "mkdocs_full_bytes", "bytes"),
    ("mkdocs build, default nav, bytes per log page", "mkdocs_full_page", "bytes"),
]

NOTE_KEYS = {
    "check_warm": "check_warm",
    "commit_guard": "commit_guard",
    "site_time": "site",
    "mdl_time": "mdl",
    "pymd_time": "pymd",
    "mkdocs_cut_time": "mkdocs_cut",
    "mkdocs_full_time": "mkdocs_full",
}


def cpu_key(key: str) -> str:
    """The key of the CPU seconds recorded beside wall-time figure ``key``."""
    return key[: -len("_time")] + "_cpu" if key.endswith("_time") else key + "_cpu"


def cell(result: Result, key: str, unit: str) -> str:
    """One figure formatted, or why it is missing."""
    value = result.figures.get(key)
    if value is None:
        note = result.notes.get(NOTE_KEYS.get(key, key)) or result.notes.get(key.split("_")[0])
        return f"— ({note})" if note and key in NOTE_KEYS else "—"
    if unit == "s":
        cpu = result.figures.get(cpu_key(key))
        return fmt_s(value) + (f" (CPU {fmt_s(cpu)})" if cpu is not None else "")
    if unit == "mib":
        return fmt_mib(value)
    return fmt_bytes(value)


def figures_table(results: list[Result]) -> list[str]:
    """The side-by-side table: one column per size, plus per-log growth between the first and last."""
    head = ["Measure", *[f"{r.logs:,} logs" for r in results]]
    growth = len(results) > 1
    if growth:
        head.append(f"per-log growth {results[0].logs:,} → {results[-1].logs:,}")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, key, unit in ROWS:
        if all(key not in r.figures for r in results) and all(NOTE_KEYS.get(key, key) not in r.notes for r in results):
            continue
        row = [label, *[cell(r, key, unit) for r in results]]
        if growth:
            first, last = results[0].figures.get(key), results[-1].figures.get(key)
            if first and last and unit in {"s", "bytes"} and not key.startswith("commit") and not key.endswith("_page"):
                row.append(f"{(last / results[-1].logs) / (first / results[0].logs):.2f}x")
            elif first and last and unit == "mib":
                row.append(f"{last / first:.2f}x total")
            else:
                row.append("")
        lines.append("| " + " | ".join(row) + " |")
    return lines


def ratio(a: float | None, b: float | None) -> str:
    """``b / a`` as "N.Nx", or "—"."""
    return f"{b / a:.1f}x" if a and b else "—"


def ratios_table(results: list[Result]) -> list[str]:
    """runlog against the alternatives measured in the same run."""
    lines = ["| Comparison | " + " | ".join(f"{r.logs:,} logs" for r in results) + " |", "|---|" + "---|" * len(results)]

    def per_file(r: Result, time_key: str, files_key: str | None) -> float | None:
        t = r.figures.get(time_key)
        n = r.figures.get(files_key) if files_key else None
        return t / n if t and n else None

    rows: list[tuple[str, Callable[[Result], str]]] = [
        (
            "markdownlint-cli2 per file / runlog check cold per file (speed-up)",
            lambda r: ratio(per_file(r, "check_cold", "check_files"), per_file(r, "mdl_time", "mdl_files")),
        ),
        (
            "the same, CPU time",
            lambda r: ratio(per_file(r, "check_cold_cpu", "check_files"), per_file(r, "mdl_cpu", "mdl_files")),
        ),
        ("PyMarkdown / runlog check cold (speed-up)", lambda r: ratio(r.figures.get("check_cold"), r.figures.get("pymd_time"))),
        ("runlog build / mkdocs nav cut by hand (time)", lambda r: ratio(r.figures.get("mkdocs_cut_time"), r.figures.get("site_time"))),
        ("the same, CPU time", lambda r: ratio(r.figures.get("mkdocs_cut_cpu"), r.figures.get("site_cpu"))),
        ("mkdocs default nav / runlog build (speed-up)", lambda r: ratio(r.figures.get("site_time"), r.figures.get("mkdocs_full_time"))),
        ("mkdocs default nav / runlog build (output size)", lambda r: ratio(r.figures.get("site_bytes"), r.figures.get("mkdocs_full_bytes"))),
    ]
    for label, compute in rows:
        lines.append("| " + label + " | " + " | ".join(compute(r) for r in results) + " |")
    return lines


def targets_table(results: list[Result]) -> list[str]:
    """The check engine's targets (issue "Check engine ...": 10,000 logs in 4 s, commit hooks near the
    interpreter's floor), against the largest size measured (markdownlint at every size)."""
    big = results[-1]
    f = big.figures
    scale = f"at {big.logs:,} logs"

    def verdict(value: float | None, ok: bool) -> str:
        return "not measured" if value is None else ("met" if ok else "**not met**")

    def mdl_speedup(r: Result) -> float | None:
        g = r.figures
        if g.get("check_cold") and g.get("check_files") and g.get("mdl_time") and g.get("mdl_files"):
            return (g["mdl_time"] / g["mdl_files"]) / (g["check_cold"] / g["check_files"])
        return None

    overhead = f["check_cold"] / f["check_cold_noreg"] - 1 if f.get("check_cold") and f.get("check_cold_noreg") else None
    rows = [
        ("Cold check <= 4 s", fmt_s(f.get("check_cold")), verdict(f.get("check_cold"), (f.get("check_cold") or 99) <= 4)),
        (
            f"The error registry ({f.get('registry_entries', 0):.0f} entries the logs cite) adds <= 20 %",
            f"{overhead * 100:+.0f} %" if overhead is not None else "—",
            verdict(overhead, (overhead if overhead is not None else 9) <= 0.20),
        ),
    ]
    for r in results:
        speed = mdl_speedup(r)
        rows.append((f">= 10x faster per file than markdownlint-cli2 ({r.logs:,} logs)", ratio(1, speed) if speed else "—", verdict(speed, (speed or 0) >= 10)))
    rows += [
        ("Warm check <= 0.5 s", fmt_s(f.get("check_warm")), verdict(f.get("check_warm"), (f.get("check_warm") or 99) <= 0.5)),
        ("Peak memory <= 200 MB", fmt_mib(f.get("check_peak")), verdict(f.get("check_peak"), (f.get("check_peak") or 1e9) <= 200 * 1e6 / 2**20)),
        ("`runlog check` of 3 staged logs <= 0.15 s", fmt_s(f.get("commit_check")), verdict(f.get("commit_check"), (f.get("commit_check") or 99) <= 0.15)),
        ("`runlog guard` <= 0.1 s", fmt_s(f.get("commit_guard")), verdict(f.get("commit_guard"), (f.get("commit_guard") or 99) <= 0.1)),
        ("3 staged logs + the registry <= 0.5 s", fmt_s(f.get("commit_closure")), verdict(f.get("commit_closure"), (f.get("commit_closure") or 99) <= 0.5)),
    ]
    lines = [f"| Target | Figure {scale} | Verdict |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return lines


def report(
    results: list[Result],
    startup: dict[str, float],
    imports: tuple[list[tuple[str, float]], float],
    command: str,
    quick: bool,
    date: str,
    version_line: str,
) -> str:
    """The whole markdown page."""
    notes_file = HERE / "NOTES.md"
    lines = [
        "# Benchmarks",
        "",
        "<!-- Generated by bench/run.py; do not edit by hand (edit bench/NOTES.md for the notes). -->",
        "",
        "runlog against what a team would use instead: markdownlint-cli2 and PyMarkdown for linting,",
        "plain `mkdocs build` with Material for the site. Generated folders follow the run-log",
        "template, a third of the run logs drifted the ways real folders drift (bench/generate.py).",
        "",
        f"- **Command:** `{command}`",
        f"- **Date:** {date}",
        f"- **Machine:** {machine()}",
        f"- **Versions:** {version_line}",
        "- **1-minute load average before each step:** "
        + "; ".join(f"{r.logs:,} logs: " + ", ".join(f"{x:.1f}" for x in r.loads) for r in results)
        + " (other work on the machine inflates times; compare ratios measured in the same run)",
        "",
        "## Figures",
        "",
        *figures_table(results),
        "",
        "Times are wall-clock seconds of a separate process (median of the repeats at every size; the",
        "commit hooks of 5), CPU = user + system; peak memory is the child's maximum resident set. Per-log growth is",
        "(time per log at the largest size) / (time per log at the smallest): 1.00x is linear.",
        "",
        "## Ratios (same run)",
        "",
        *ratios_table(results),
        "",
        "## Targets",
        "",
        *targets_table(results),
        "",
        "## Start-up (paid by every commit-time hook)",
        "",
        f"- `python -c pass`: {startup['python'] * 1000:.0f} ms; `python -c 'import site_builder.cli, hooks.engine.runner, hooks.rules.ruleset'`:"
        f" {startup['import'] * 1000:.0f} ms; `runlog --version`: {startup['runlog_version'] * 1000:.0f} ms.",
        "- Largest imported packages (`python -X importtime`, cumulative): "
        + ", ".join(f"`{name}` {ms:.0f} ms" for name, ms in imports[0])
        + f"; runlog's own modules (self time): {imports[1]:.0f} ms.",
        "",
    ]
    if any(r.notes for r in results):
        lines += ["## Not measured", ""]
        for r in results:
            for key, note in sorted(r.notes.items()):
                lines.append(f"- {r.logs:,} logs, {key}: {note}")
        lines.append("")
    if notes_file.is_file() and not quick:
        lines += [notes_file.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


def bench_size(logs: int, args: argparse.Namespace, features: Features, repeats: int, out: Path) -> Result:
    """Every measurement for one folder size, in order, with progress on stdout."""
    result = Result(logs)
    folder = out / "work" / f"logs-{logs}"
    print(f"[{logs:,} logs] generating ...", flush=True)
    changed = prepare(folder, logs, args.seed)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("runlog check", lambda: bench_check(result, folder, features, repeats, out)),
        ("commit hooks", lambda: bench_commit(result, folder, changed, features, repeats, out)),
    ]
    if not args.skip_site:
        steps.append(("runlog build", lambda: bench_site(result, folder, features, out)))
    if not args.skip_alternatives:
        steps.append(("markdownlint-cli2 / PyMarkdown", lambda: bench_linters(result, folder, repeats, out, args.pymarkdown_max)))
        if not args.skip_site:
            steps.append(("mkdocs build", lambda: bench_mkdocs(result, folder, out, args.mkdocs_full_max)))
    for name, step in steps:
        print(f"[{logs:,} logs] {name} ...", flush=True)
        started = time.perf_counter()
        load = os.getloadavg()[0]
        step()
        print(f"[{logs:,} logs] {name} done in {time.perf_counter() - started:.1f} s (load average before: {load:.1f})", flush=True)
        result.loads.append(load)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """``python bench/run.py --logs 1000 10000``: run every benchmark; print and write the report."""
    parser = argparse.ArgumentParser(description="Benchmark runlog against markdownlint-cli2, PyMarkdown and mkdocs.")
    parser.add_argument("--logs", type=int, nargs="+", default=[1000, 10000], help="folder sizes (default: 1000 10000)")
    parser.add_argument("--seed", type=int, default=8, help="generator seed (default: 8)")
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each measure; the median counts (default: 3)"
    )
    parser.add_argument("--skip-alternatives", action="store_true", help="skip markdownlint-cli2, PyMarkdown and mkdocs")
    parser.add_argument("--skip-site", action="store_true", help="skip runlog build and mkdocs")
    parser.add_argument("--mkdocs-full-max", type=int, default=2000, help="largest size for mkdocs with the default nav (default: 2000)")
    parser.add_argument("--pymarkdown-max", type=int, default=2000, help="largest size PyMarkdown runs at (default: 2000)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 60 logs, one repeat, report to bench/out/")
    parser.add_argument("--out", default=str(HERE / "out"), help="work folder (default: bench/out)")
    parser.add_argument("--doc", help="where to write the report (default: docs/benchmarks.md; bench/out/benchmarks-quick.md with --quick)")
    parser.add_argument("--from-results", metavar="FILE", help="only render the report from a results.json of an earlier run")
    parser.add_argument("--site-only", action="store_true", help="only the site benchmark of issue 15 (bench/site.py): build, incremental, both engines, search in Chromium")
    parser.add_argument("--runlog-src", metavar="DIR", help="benchmark the runlog source in DIR (e.g. a `git worktree` of a commit) instead of the installed one")
    args = parser.parse_args(argv)
    if args.site_only:
        from bench import site

        if args.runlog_src:
            os.environ["PYTHONPATH"] = str(Path(args.runlog_src).resolve())

        doc = Path(args.doc) if args.doc else (None if args.quick else REPO / "docs" / "benchmarks.md")
        command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
        saved = Path(args.from_results) if args.from_results else None
        return site.main([60] if args.quick else args.logs, Path(args.out).resolve(), args.seed, doc, command, saved)
    if args.runlog_src:
        RUNLOG[:] = [sys.executable, "-m", "site_builder.cli"]
        RUNLOG_ENV["PYTHONPATH"] = str(Path(args.runlog_src).resolve())
    sizes = [60] if args.quick else sorted(set(args.logs))
    repeats = 1 if args.quick else max(1, args.repeats)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    doc = Path(args.doc) if args.doc else (out / "benchmarks-quick.md" if args.quick else REPO / "docs" / "benchmarks.md")
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])

    if not args.from_results:
        compile_bytecode()
    features = Features.detect() if not args.from_results else Features(set(), False, False, False, False)
    print(f"runlog offers: {', '.join(sorted(features.commands))}; check cache={features.cache} jobs={features.jobs}", flush=True)
    if args.from_results:
        saved = json.loads(Path(args.from_results).read_text(encoding="utf-8"))
        results = [Result(r["logs"], r["figures"], r["notes"], r["loads"]) for r in saved["results"]]
        imports = ([(name, ms) for name, ms in saved["imports"][0]], saved["imports"][1])
        text = report(results, saved["startup"], imports, saved["command"], args.quick, saved["date"], saved["versions"])
    else:
        # Above 2,000 logs every run takes long; one run each (the report says so).
        results = [bench_size(logs, args, features, repeats, out) for logs in sizes]
        startup, imports = bench_startup(max(3, repeats)), import_profile()
        date, version_line = dt.datetime.now().strftime("%Y-%m-%d %H:%M"), versions()
        saved = {
            "command": command,
            "date": date,
            "versions": version_line,
            "startup": startup,
            "imports": imports,
            "results": [{"logs": r.logs, "figures": r.figures, "notes": r.notes, "loads": r.loads} for r in results],
        }
        (out / "results.json").write_text(json.dumps(saved, indent=1) + "\n", encoding="utf-8")
        text = report(results, startup, imports, command, args.quick, date, version_line)
    doc.parent.mkdir(parents=True, exist_ok=True)
    from bench.site import BEGIN, END

    previous = doc.read_text(encoding="utf-8") if doc.exists() else ""
    if BEGIN in previous and END in previous:  # keep the site section (bench/site.py writes it)
        section = BEGIN + previous.split(BEGIN, 1)[1].split(END, 1)[0] + END
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    doc.write_text(text, encoding="utf-8")
    print(text)
    print(f"written: {doc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
