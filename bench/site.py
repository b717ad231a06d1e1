"""The site benchmark (issue 15): ``python bench/run.py --site-only --logs 1000 10000``.

For each size, in one run, on a generated folder (:mod:`bench.generate`) with one word put into
one log only:

* ``runlog build`` (Material, full) against plain ``mkdocs build`` of the raw logs with Material,
  its search and the nav cut by hand (:func:`bench.run.mkdocs_project`), both as child processes;
  runlog's own peak memory and the peak of its children (the Pagefind indexer; Zensical) apart:
  runlog runs under :data:`WRAPPER`, which prints ``getrusage`` of itself and of its children
  and the Pagefind process's own peak (``wait4`` on it, :data:`site_builder.search.INDEXER_PEAK_KIB`);
* an incremental ``runlog build`` after one log changed, then a fresh ``--full`` build of the
  changed folder: time, share of the full build, and whether both outputs are equal (every file
  byte for byte, the sitemap's dates aside);
* ``runlog build --engine zensical``;
* search as a user meets it, for both engines: the site served by ``python -m http.server`` on
  127.0.0.1, headless Chromium (Debian's, through Playwright) with every other host blocked;
  clocks from navigation start and from the last keystroke until a result linking to the log
  that holds the word is in the page (Zensical: until its result count reads "1 result"), and
  bytes = every response body until the network is idle, summed from the server's access log
  (http.server sends files uncompressed, so a 200 response's body is the file's size).

Prints a table and writes it into docs/benchmarks.md between ``<!-- site-bench -->`` markers
(a section of its own; the rest of the file is bench/run.py's).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.generate import generate
from bench.run import MKDOCS, REPO, machine, measure, mkdocs_project

#: Runs ``runlog`` and prints its own and its children's peak memory (KiB) as the last line.
WRAPPER = (
    "import resource, sys\n"
    "from site_builder.cli import main\n"
    "from site_builder import search\n"
    "try:\n"
    "    code = main(sys.argv[1:])\n"
    "finally:\n"
    "    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "    indexer = search.INDEXER_PEAK_KIB[0] if getattr(search, 'INDEXER_PEAK_KIB', None) else 0\n"
    "    print(f'BENCH-PEAK {me.ru_maxrss} {kids.ru_maxrss} {indexer}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)
WORD = "zephyrquill"
CHROMIUM = "/usr/bin/chromium"
BEGIN, END = "<!-- site-bench -->", "<!-- /site-bench -->"


def runlog(args: list[str], cwd: Path, output: Path) -> dict[str, float]:
    """One ``runlog`` run: wall s, CPU s, runlog's peak MiB, its children's peak MiB, exit code."""
    run = measure([sys.executable, "-c", WRAPPER, *args], cwd, output)
    found = re.findall(r"BENCH-PEAK (\d+) (\d+)(?: (\d+))?", run.out)
    me, kids, indexer = (int(found[-1][0]) / 1024, int(found[-1][1]) / 1024, int(found[-1][2] or 0) / 1024) if found else (0.0, 0.0, 0.0)
    if run.code != 0:
        raise SystemExit(f"runlog {' '.join(args)} failed (exit {run.code}); see {output}")
    return {"wall": run.wall, "cpu": run.cpu, "peak": me, "child_peak": kids, "indexer_peak": indexer}


def plant_word(folder: Path) -> Path:
    """Append :data:`WORD` to the middle run log; return that log (no other file holds the word)."""
    logs = sorted((folder / "training" / "run-logs").glob("*.md"))
    target = logs[len(logs) // 2]
    target.write_text(target.read_text(encoding="utf-8") + f"\nA {WORD} showed up in the reply queue.\n", encoding="utf-8")
    return target


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a site (path to bytes)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    """Paths that differ between two sites (present in one only, or other bytes), sitemaps aside."""
    left, right = tree(a), tree(b)
    return sorted(name for name in set(left) | set(right) if left.get(name) != right.get(name) and not name.startswith("sitemap.xml"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def search_figures(site: Path, engine: str, page_stem: str, out: Path) -> dict[str, float]:
    """Search timings and bytes for ``site`` (see module docstring)."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    log_path = out / f"http-{engine}-{site.name}.log"
    with open(log_path, "wb") as access:
        server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
                                  stdout=access, stderr=subprocess.STDOUT)
    try:
        time.sleep(0.5)
        url = f"http://127.0.0.1:{port}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())
            page = context.new_page()
            page.set_default_timeout(120_000)
            with open(log_path, "r+b") as access:
                access.truncate(0)
            page.goto(url, wait_until="load")
            if engine == "zensical":
                page.keyboard.press("/")
                box = page.locator("input[role=combobox]")
                found = page.get_by_text(re.compile(r"^1 result"))
            else:
                box = page.locator("input.md-search__input")
                box.click()
                found = page.locator(f'a.md-search-result__link[href*="{page_stem}/"]')
            box.press_sequentially(WORD, delay=30)
            typed = page.evaluate("performance.now()")
            found.first.wait_for(state="attached")
            shown = page.evaluate("performance.now()")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            browser.close()
    finally:
        server.terminate()
        server.wait()
    sent = 0
    requests = 0
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = re.search(r'"GET (\S+) HTTP/[\d.]+" 200', line)
        if not match:
            continue
        path = match.group(1).split("?", 1)[0].split("#", 1)[0]
        target = site / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            sent += target.stat().st_size
            requests += 1
    return {"from_navigation": shown / 1000, "from_keystroke": (shown - typed) / 1000, "bytes": float(sent), "requests": float(requests)}


def bench_size(logs: int, out: Path, seed: int) -> dict[str, Any]:
    """Every site figure for one folder size."""
    work = out / "site-bench" / f"logs-{logs}"
    shutil.rmtree(work, ignore_errors=True)
    folder = work / "logs"
    print(f"[{logs:,} logs] generating ...", flush=True)
    generate(folder, logs, seed)
    holder = plant_word(folder)
    stem = holder.stem
    figures: dict[str, Any] = {"logs": logs, "load": os.getloadavg()[0]}
    site = work / "site"
    print(f"[{logs:,} logs] runlog build (full) ...", flush=True)
    figures["full"] = runlog(["build", str(folder), "--site-dir", str(site), "--quiet"], work, work / "build-full.txt")
    if MKDOCS.exists():
        print(f"[{logs:,} logs] mkdocs build, nav cut by hand ...", flush=True)
        project = mkdocs_project(folder, work / "mkdocs-cut", True)
        (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + "plugins:\n  - search\n", encoding="utf-8")
        plain = measure([str(MKDOCS), "build", "--quiet"], project, work / "mkdocs-cut.txt")
        figures["mkdocs_cut"] = {"wall": plain.wall, "cpu": plain.cpu, "peak": plain.peak_mib}
        shutil.rmtree(project, ignore_errors=True)
    print(f"[{logs:,} logs] search, Material + Pagefind ...", flush=True)
    figures["search_mkdocs"] = search_figures(site, "mkdocs", stem, work)
    changed = sorted((folder / "training" / "run-logs").glob("*.md"))[3]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line after the run.\n", encoding="utf-8")
    print(f"[{logs:,} logs] runlog build (incremental, one log changed) ...", flush=True)
    figures["incremental"] = runlog(["build", str(folder), "--site-dir", str(site), "--quiet"], work, work / "build-incremental.txt")
    fresh = work / "fresh"
    print(f"[{logs:,} logs] runlog build --full of the changed folder ...", flush=True)
    figures["fresh"] = runlog(["build", str(folder), "--site-dir", str(fresh), "--quiet", "--full"], work, work / "build-fresh.txt")
    figures["incremental_differences"] = differences(site, fresh)
    shutil.rmtree(fresh, ignore_errors=True)
    zsite = work / "zsite"
    print(f"[{logs:,} logs] runlog build --engine zensical ...", flush=True)
    try:
        figures["zensical"] = runlog(["build", str(folder), "--site-dir", str(zsite), "--quiet", "--engine", "zensical"], work, work / "build-zensical.txt")
        print(f"[{logs:,} logs] search, Zensical ...", flush=True)
        figures["search_zensical"] = search_figures(zsite, "zensical", stem, work)
    except SystemExit as exc:
        figures["zensical_note"] = str(exc)
    shutil.rmtree(work, ignore_errors=True)
    return figures


def _s(value: float | None) -> str:
    return "—" if value is None else (f"{value:.2f} s" if value < 10 else f"{value:.1f} s")


def _mib(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} MiB"


def _kb(value: float | None) -> str:
    return "—" if value is None else (f"{value / 1e6:.2f} MB" if value >= 1e6 else f"{value / 1e3:.0f} KB")


def verdicts(results: list[dict[str, Any]]) -> list[str]:
    """Table rows: each target of issue 15 at the size it names (the largest measured for 10,000)."""
    def at(logs: int) -> dict[str, Any] | None:
        return next((r for r in results if r["logs"] == logs), None)

    rows = []
    big, small = at(10000), at(1000)
    if big is not None:
        search = big.get("search_mkdocs") or {}
        if search:
            rows.append(f"| Search at 10,000 logs: first result <= 1 s after the last keystroke | {search['from_keystroke']:.2f} s | {'met' if search['from_keystroke'] <= 1 else '**not met**'} |")
            rows.append(f"| Search at 10,000 logs: <= 3 s from navigation | {search['from_navigation']:.2f} s | {'met' if search['from_navigation'] <= 3 else '**not met**'} |")
            rows.append(f"| Search at 10,000 logs: <= 2 MB transferred | {_kb(search['bytes'])} | {'met' if search['bytes'] <= 2e6 else '**not met**'} |")
        full, plain = big.get("full") or {}, big.get("mkdocs_cut") or {}
        if full and plain:
            ratio = full["wall"] / plain["wall"]
            rows.append(f"| 10,000 logs built in at most the time of plain mkdocs (nav cut) | {ratio:.2f}x (CPU {full['cpu'] / plain['cpu']:.2f}x) | {'met' if ratio <= 1 else '**not met**'} |")
        if full:
            rows.append(f"| runlog's peak memory <= 1 GB at 10,000 logs | {_mib(full['peak'])} | {'met' if full['peak'] <= 1024 else '**not met**'} |")
    if small is not None and small.get("incremental") and small.get("full"):
        share = small["incremental"]["wall"] / small["full"]["wall"]
        cpu = small["incremental"]["cpu"] / small["full"]["cpu"]
        rows.append(f"| Incremental rebuild <= 15% of a full build at 1,000 logs | {share:.0%} (CPU {cpu:.0%}) | {'met' if share <= 0.15 else '**not met**'} |")
    equal = [r for r in results if "incremental_differences" in r]
    if equal:
        same = all(r["incremental_differences"] == [] for r in equal)
        sizes_text = ", ".join(f"{r['logs']:,}" for r in equal)
        rows.append(f"| Incremental output equals a fresh build | {'equal' if same else 'differs'} at {sizes_text} logs | {'met' if same else '**not met**'} |")
    return rows


def report(results: list[dict[str, Any]], command: str, notes: list[str] | None = None) -> str:
    """The markdown section with every figure (``notes``: lines added under the tables)."""
    sizes = [f"{r['logs']:,} logs" for r in results]
    rows: list[tuple[str, list[str]]] = []

    def get(r: dict[str, Any], *keys: str) -> Any:
        value: Any = r
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value

    def ratio(a: float | None, b: float | None) -> str:
        return "—" if not a or not b else f"{a / b:.2f}x"

    rows.append(("runlog build, full (Material, Pagefind)", [f"{_s(get(r, 'full', 'wall'))} (CPU {_s(get(r, 'full', 'cpu'))})" for r in results]))
    rows.append(("plain mkdocs build, Material + search, nav cut by hand", [f"{_s(get(r, 'mkdocs_cut', 'wall'))} (CPU {_s(get(r, 'mkdocs_cut', 'cpu'))})" for r in results]))
    rows.append(("runlog build / plain mkdocs (time)", [ratio(get(r, "full", "wall"), get(r, "mkdocs_cut", "wall")) for r in results]))
    rows.append(("the same, CPU time", [ratio(get(r, "full", "cpu"), get(r, "mkdocs_cut", "cpu")) for r in results]))
    rows.append(("runlog build, peak memory of runlog's process", [_mib(get(r, "full", "peak")) for r in results]))
    rows.append(("the same, the Pagefind indexer's process", [_mib(get(r, "full", "indexer_peak")) for r in results]))
    rows.append(("the same, largest child (worker processes forked from runlog count its pages; Pagefind)", [_mib(get(r, "full", "child_peak")) for r in results]))
    rows.append(("plain mkdocs build, peak memory", [_mib(get(r, "mkdocs_cut", "peak")) for r in results]))
    rows.append(("incremental rebuild, one log changed", [f"{_s(get(r, 'incremental', 'wall'))} (CPU {_s(get(r, 'incremental', 'cpu'))})" for r in results]))
    rows.append(("incremental / full build (time)", [ratio(get(r, "incremental", "wall"), get(r, "full", "wall")) for r in results]))
    rows.append(("the same, CPU time", [ratio(get(r, "incremental", "cpu"), get(r, "full", "cpu")) for r in results]))
    rows.append(("fresh --full build of the changed folder", [f"{_s(get(r, 'fresh', 'wall'))} (CPU {_s(get(r, 'fresh', 'cpu'))})" for r in results]))
    rows.append(("incremental output equals a fresh --full build (sitemap dates aside)",
                 ["yes" if get(r, "incremental_differences") == [] else f"no: {', '.join(get(r, 'incremental_differences')[:5])}" for r in results]))
    rows.append(("runlog build --engine zensical", [f"{_s(get(r, 'zensical', 'wall'))} (CPU {_s(get(r, 'zensical', 'cpu'))})" for r in results]))
    for engine, label in (("mkdocs", "Material + Pagefind"), ("zensical", "Zensical's own search")):
        rows.append((f"search, {label}: first result from navigation start", [_s(get(r, f"search_{engine}", "from_navigation")) for r in results]))
        rows.append((f"search, {label}: first result from the last keystroke", [_s(get(r, f"search_{engine}", "from_keystroke")) for r in results]))
        rows.append((f"search, {label}: bytes until network idle", [_kb(get(r, f"search_{engine}", "bytes")) for r in results]))
    loads = ", ".join(f"{r['logs']:,} logs: {r['load']:.1f}" if "load" in r else f"{r['logs']:,} logs: not recorded" for r in results)
    lines = [
        BEGIN,
        "## Site build and search (issue 15)",
        "",
        f"- **Command:** `{command}`",
        f"- **Date:** {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- **Machine:** {machine()}",
        f"- **1-minute load average before each size:** {loads} (the machine is shared; compare CPU times and ratios of the same run)",
        "- Times: wall-clock seconds of a child process; CPU = user + system of it and the children it waited for "
        "(Pagefind, Zensical). Peak memory: runlog's process from its own `getrusage`, its children's maximum apart.",
        "- Search: site served by `python -m http.server` on 127.0.0.1, Debian's headless Chromium with every other host "
        "blocked; the word is in one generated log only; a Material result counts when a link to that log's page is in "
        "the page, a Zensical one when its count reads \"1 result\"; bytes are every 200 response's body (from the "
        "server's access log) from navigation until the network is idle.",
        "",
        "| Measure | " + " | ".join(sizes) + " |",
        "|---|" + "---|" * len(sizes),
        *[f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows],
        "",
        "| Target (issue 15) | Figure | Verdict |",
        "|---|---|---|",
        *verdicts(results),
        *([""] + [f"- {note}" for note in notes] if notes else []),
        END,
    ]
    return "\n".join(lines) + "\n"


def write_doc(section: str, doc: Path) -> None:
    """Put ``section`` into ``doc`` between the markers (appended when absent)."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text, encoding="utf-8")


def main(sizes: list[int], out: Path, seed: int, doc: Path | None, command: str, from_results: Path | None = None) -> int:
    """Run the site benchmark for each size (or read ``from_results``, a site-results.json of an
    earlier run); print the section and write it into ``doc``."""
    os.environ.setdefault("PYTHONPATH", str(REPO))  # --runlog-src sets it to a snapshot
    if from_results is not None:
        saved = json.loads(from_results.read_text(encoding="utf-8"))
        results, command, notes = saved["results"], saved["command"], list(saved.get("notes", []))
    else:
        results, notes = [bench_size(logs, out, seed) for logs in sorted(set(sizes))], []
        (out / "site-results.json").write_text(json.dumps({"command": command, "results": results}, indent=1) + "\n", encoding="utf-8")
    section = report(results, command, notes)
    print(section)
    if doc is not None:
        write_doc(section, doc)
        print(f"written: {doc}")
    return 0
