"""What a chart library costs the cost dashboard: import time, time per chart, SVG bytes.

Measures each library installed in this interpreter drawing the dashboard's largest chart
(60 bars of tokens by day, 800x320 SVG) the way :mod:`site_builder.costs` needs it::

    python bench/chart_library.py            # pygal (a runtime dependency), and matplotlib if installed

Each library runs in a child process so its import time is measured cold. The figures that
chose pygal over matplotlib are in the report of issue 15 and in docs/site.md.
"""

from __future__ import annotations

import subprocess
import sys

CHILD = r'''
import io, sys, time
lib = sys.argv[1]
days = [f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}" for i in range(60)]
values = [1000 + (i * 7919) % 50000 for i in range(60)]
start = time.perf_counter()
if lib == "pygal":
    import pygal
else:
    import matplotlib
    matplotlib.use("svg")
    import matplotlib.pyplot as plt
imported = time.perf_counter()
def draw():
    if lib == "pygal":
        chart = pygal.Bar(js=[], show_legend=False, width=800, height=320, x_label_rotation=40, disable_xml_declaration=True)
        chart.title = "Tokens by day"
        chart.x_labels = days
        chart.add("tokens", values)
        return chart.render(is_unicode=True)
    matplotlib.rcParams["svg.fonttype"] = "none"
    figure, axes = plt.subplots(figsize=(8, 3.2))
    axes.bar(days, values)
    axes.set_title("Tokens by day")
    axes.tick_params(axis="x", rotation=40, labelsize=6)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()
svg = draw()
first = time.perf_counter()
for _ in range(10):
    svg = draw()
done = time.perf_counter()
print(f"{lib:<11} import {1000 * (imported - start):6.0f} ms   first chart {1000 * (first - imported):5.0f} ms   "
      f"then {100 * (done - first):6.1f} ms/chart   {len(svg.encode()):7,} bytes of SVG")
'''


def main() -> int:
    """Print one line per library; 0 always (a missing library is said, not fatal)."""
    for lib in ("pygal", "matplotlib"):
        found = subprocess.run([sys.executable, "-c", f"import {lib}"], capture_output=True, check=False).returncode == 0
        if not found:
            print(f"{lib:<11} not installed here")
            continue
        subprocess.run([sys.executable, "-c", CHILD, lib], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
