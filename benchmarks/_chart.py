"""
The cost curves of ``make bench``: a Markdown table and an SVG chart per curve, drawn from the figures the P3 and
P4 benchmarks wrote (``p3.json``, ``p4.json`` in ``DCP_BENCH_FIGURES``). Plain SVG written here: no plotting
library to install. ``benchmarks/run.py`` calls ``render`` after the benchmarks; ``python benchmarks/_chart.py``
redraws from the last figures.
"""

import json
import math
import pathlib
import sys
from xml.sax.saxutils import escape

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 760, 420, 70, 230, 40, 50


def _svg(title, x_label, y_label, series, x_values, guides=()):
    """A line chart on log-log axes: ``series`` is ``[(name, [(x, y)], dashed)]``, ``guides`` ``[(name, y)]``."""
    ys = [y for _, points, _ in series for _, y in points] + [y for _, y in guides]
    y_low = 10 ** math.floor(math.log10(max(min(ys), 1e-3)))
    y_high = 10 ** math.ceil(math.log10(max(ys)))
    x_low, x_high = min(x_values), max(x_values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x):
        span = math.log10(x_high) - math.log10(x_low) or 1
        return LEFT + (math.log10(x) - math.log10(x_low)) / span * plot_w

    def py(y):
        span = math.log10(y_high) - math.log10(y_low) or 1
        return TOP + plot_h - (math.log10(max(y, y_low)) - math.log10(y_low)) / span * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
           f'<title>{escape(title)}</title>', f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT}" y="22" font-size="14" font-weight="bold">{escape(title)}</text>']
    decade = y_low
    while decade <= y_high * 1.0001:
        y = py(decade)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{decade:g}</text>')
        decade *= 10
    for x in x_values:
        out.append(f'<line x1="{px(x):.1f}" y1="{TOP}" x2="{px(x):.1f}" y2="{TOP + plot_h}" stroke="#eee"/>')
        out.append(f'<text x="{px(x):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{x:,}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 10}" text-anchor="middle">{escape(x_label)}</text>')
    out.append(f'<text transform="translate(16 {TOP + plot_h / 2}) rotate(-90)" text-anchor="middle">'
               f'{escape(y_label)}</text>')
    legend_y = TOP + 4
    for index, (name, y) in enumerate(guides):
        out.append(f'<line x1="{LEFT}" y1="{py(y):.1f}" x2="{LEFT + plot_w}" y2="{py(y):.1f}" stroke="#000" '
                   f'stroke-dasharray="{2 + 4 * index} 4"/>')
        out.append(f'<line x1="{WIDTH - RIGHT + 12}" y1="{legend_y:.1f}" x2="{WIDTH - RIGHT + 36}" '
                   f'y2="{legend_y:.1f}" stroke="#000" stroke-dasharray="{2 + 4 * index} 4"/>')
        out.append(f'<text x="{WIDTH - RIGHT + 42}" y="{legend_y + 4:.1f}">{escape(name)}</text>')
        legend_y += 18
    for index, (name, points, dashed) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        dash = ' stroke-dasharray="6 3"' if dashed else ""
        path = " ".join(f"{'M' if i == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for i, (x, y) in enumerate(points))
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for x, y in points:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"/>')
        out.append(f'<line x1="{WIDTH - RIGHT + 12}" y1="{legend_y:.1f}" x2="{WIDTH - RIGHT + 36}" '
                   f'y2="{legend_y:.1f}" stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{WIDTH - RIGHT + 42}" y="{legend_y + 4:.1f}">{escape(name)}</text>')
        legend_y += 18
    out.append("</svg>")
    return "\n".join(out) + "\n"


def p3_table(figures):
    sizes = sorted(int(size) for size in figures)
    lists = [name for name in figures[str(sizes[0])] if name != "trivial"]
    lines = ["| P3 list (p95, first / deep page) | " + " | ".join(f"{size:,} rows" for size in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    trivial = " | ".join(f"{figures[str(size)]['trivial']['p95']:.1f} ms" for size in sizes)
    lines.append(f"| trivial DRF endpoint (baseline) | {trivial} |")
    for name in lists:
        cells = []
        for size in sizes:
            f = figures[str(size)]
            base = f["trivial"]["p95"]
            first, deep = f[name]["first"]["p95"], f[name]["deep"]["p95"]
            cells.append(f"{first:.1f} / {deep:.1f} ms ({first / base:.1f}x / {deep / base:.1f}x)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def p4_table(figures):
    curve = figures["curve"]
    sizes = sorted(int(size) for size in curve)
    lines = [f"| P4 at {figures['members']:,} members (p95) | " + " | ".join(f"{size:,} signals" for size in sizes)
             + " |", "|---|" + "---|" * len(sizes)]
    for name in ("dashboard (public)", "dashboard (staff)", "COUNT(*) of signals", "SELECT 1"):
        lines.append(f"| {name} | " + " | ".join(f"{curve[str(size)][name]['p95']:.1f} ms" for size in sizes) + " |")
    return "\n".join(lines)


def render(figures_dir, image_dir):
    """Write ``bench-p3.svg`` and ``bench-p4.svg`` in ``image_dir``; return the Markdown tables."""
    figures_dir, image_dir = pathlib.Path(figures_dir), pathlib.Path(image_dir)
    image_dir.mkdir(parents=True, exist_ok=True)
    tables = []
    p3_file, p4_file = figures_dir / "p3.json", figures_dir / "p4.json"
    if p3_file.exists():
        p3 = json.loads(p3_file.read_text())
        sizes = sorted(int(size) for size in p3)
        lists = [name for name in p3[str(sizes[0])] if name != "trivial"]
        series = [(name, [(size, max(p3[str(size)][name]["first"]["p95"], p3[str(size)][name]["deep"]["p95"]))
                          for size in sizes], False) for name in lists]
        series.append(("trivial endpoint", [(size, p3[str(size)]["trivial"]["p95"]) for size in sizes], True))
        series.append(("3x trivial (target)", [(size, 3 * p3[str(size)]["trivial"]["p95"]) for size in sizes], True))
        (image_dir / "bench-p3.svg").write_text(_svg(
            "P3: list endpoints, p95 of the slower of the first and a deep page", "rows in the list",
            "p95 latency (ms)", series, sizes))
        tables.append(p3_table(p3))
    if p4_file.exists():
        p4 = json.loads(p4_file.read_text())
        curve = p4["curve"]
        sizes = sorted(int(size) for size in curve)
        series = [(name, [(size, curve[str(size)][name]["p95"]) for size in sizes], name.startswith("COUNT"))
                  for name in ("dashboard (public)", "dashboard (staff)", "COUNT(*) of signals")]
        (image_dir / "bench-p4.svg").write_text(_svg(
            f"P4: program dashboard at {p4['members']:,} members, p95", "contribution signals",
            "p95 latency (ms)", series, sizes, guides=[("250 ms (target)", 250)]))
        tables.append(p4_table(p4))
    return "\n\n".join(tables)


if __name__ == "__main__":
    here = pathlib.Path(__file__).resolve().parent
    source = sys.argv[1] if len(sys.argv) > 1 else "/tmp/dcp-bench-figures"
    print(render(source, here.parent / "docs" / "img"))
