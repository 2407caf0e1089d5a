"""
Run every ``benchmarks/bench_*.py`` (each in its own process, so each configures Django as it needs) and print
their figures and ratios, then a one-line summary per benchmark.

Each benchmark prints its own figures; lines starting with ``RESULT`` are repeated in the summary. Environment
variables are passed through, e.g. ``DCP_BENCH_P2_LINES=100000 make bench`` for a quick run, and
``python benchmarks/run.py p1`` runs only the benchmarks whose file name contains ``p1``.

The P3 and P4 benchmarks write their figures (``DCP_BENCH_FIGURES``, a fresh temporary directory per run);
afterwards the cost curves are printed as Markdown tables and drawn in ``docs/img/bench-p3.svg`` and
``docs/img/bench-p4.svg`` (``_chart.py``). The exit code is 0 only when every benchmark met its targets; the
summary names each benchmark's own exit code.
"""

import os
import pathlib
import subprocess
import sys
import tempfile
import time

import _chart

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def main(argv):
    selected = argv[1:]
    benches = sorted(p for p in HERE.glob("bench_*.py") if not selected or any(s in p.stem for s in selected))
    if not benches:
        print("No benchmark matched.")
        return 1
    summary, failed = [], []
    figures = tempfile.mkdtemp(prefix="dcp-bench-")
    environment = {**os.environ, "DCP_BENCH_FIGURES": figures}
    started_all = time.monotonic()
    for bench in benches:
        print(f"=== {bench.stem} ===", flush=True)
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, str(bench)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=environment,
        )
        results = []
        for line in process.stdout:
            print(line, end="", flush=True)
            if line.startswith("RESULT"):
                results.append(line.strip())
        code = process.wait()
        elapsed = time.monotonic() - started
        if code:
            failed.append(bench.stem)
        summary.append((bench.stem, code, elapsed, results))
        print(flush=True)
    tables = _chart.render(figures, ROOT / "docs" / "img")
    if tables:
        print("=== cost curves (Markdown; charts in docs/img/bench-p3.svg, docs/img/bench-p4.svg) ===")
        print(tables)
        print()
    print(f"=== summary ({time.monotonic() - started_all:.0f}s) ===")
    for name, code, elapsed, results in summary:
        print(f"{name}: {'ok' if code == 0 else f'FAILED (exit {code})'} in {elapsed:.1f}s")
        for result in results:
            print(f"  {result}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
