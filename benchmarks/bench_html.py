"""What an HTML report costs: the chart libraries' import and first-chart times, and a report.

    python benchmarks/bench_html.py

Prints, each measured in a fresh interpreter (median of REPEATS runs):
- `import vl_convert` and the first and second Vega-Lite → SVG conversion (the engine starts on
  the first), and, when matplotlib is installed, `import matplotlib` (Agg-free SVG backend) and
  its first and second SVG figure, for the same small stacked bar chart;
- the whole `partnerfit rank greenleaf-coop` as json and as html, and their ratio.
Install sizes are measured separately with `du` over fresh virtual environments (README).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 5

VEGA = """
import time, json
t0 = time.perf_counter()
import vl_convert
t1 = time.perf_counter()
spec = {"data": {"values": [{"c": "a", "k": "x", "v": 10}, {"c": "a", "k": "y", "v": 20},
        {"c": "b", "k": "x", "v": 5}]}, "mark": "bar",
        "encoding": {"y": {"field": "c", "type": "nominal"},
                     "x": {"field": "v", "type": "quantitative", "stack": "zero"},
                     "color": {"field": "k", "type": "nominal"}}}
vl_convert.vegalite_to_svg(spec)
t2 = time.perf_counter()
vl_convert.vegalite_to_svg(spec)
t3 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2]))
"""

MATPLOTLIB = """
import time, json, io
t0 = time.perf_counter()
from matplotlib.figure import Figure
t1 = time.perf_counter()
def draw():
    fig = Figure(figsize=(6, 1.5))
    ax = fig.subplots()
    ax.barh(["a", "b"], [10, 5])
    ax.barh(["a"], [20], left=[10])
    fig.savefig(io.StringIO(), format="svg")
draw()
t2 = time.perf_counter()
draw()
t3 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2]))
"""


def probe(script: str) -> list[float] | None:
    runs = []
    for _ in range(REPEATS):
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            return None
        runs.append(json.loads(done.stdout))
    return [statistics.median(column) for column in zip(*runs, strict=True)]


def whole(args: list[str]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "partnerfit", *args],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    for name, script in (("vl-convert", VEGA), ("matplotlib", MATPLOTLIB)):
        found = probe(script)
        if found is None:
            print(f"{name}: not installed")
            continue
        imported, first, second = found
        print(
            f"{name}: import {imported * 1000:.0f} ms, first chart {first * 1000:.0f} ms, "
            f"next chart {second * 1000:.0f} ms"
        )
    base = ["rank", "greenleaf-coop", "--robustness", "2000", "--seed", "7"]
    as_json = whole([*base, "--format", "json"])
    as_html = whole([*base, "--format", "html"])
    print(
        f"rank greenleaf-coop --robustness 2000: json {as_json:.2f} s, html {as_html:.2f} s "
        f"(×{as_html / as_json:.2f}; median of {REPEATS})"
    )


if __name__ == "__main__":
    main()
