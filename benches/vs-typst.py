#!/usr/bin/env python3
"""Whole-process benchmark of `memorandum` against Typst on the same text.

Builds the release binary and the synthetic generator, generates the
publication at each size (with its Typst sources), then runs every workload
RUNS times, ours and Typst's alternated, and writes BENCHMARKS.md: the machine,
the medians, the ratios and the peak memory (each run's maximum resident set, from wait4).

Typst is the `typst` package from PyPI (pass its Python with --typst-python).
Each Typst run is a fresh Python process that creates a compiler with the
project's own fonts (system fonts ignored) and times only `compile()`: its
process start, import and font scan are left out, which flatters Typst. A fresh
process each time, because Typst memoizes across compilations in one process.

    python3 benches/vs-typst.py --typst-python /path/to/venv/bin/python
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target/release/memorandum"
SYNTH = ROOT / "target/release/examples/synthetic"
FONTS = ROOT / "src/render/pdf/fonts"

TYPST_RUN = """
import sys, time, typst
c = typst.Compiler(sys.argv[1], font_paths=[sys.argv[2]], ignore_system_fonts=True)
t = time.perf_counter()
c.compile(output=sys.argv[3])
print((time.perf_counter() - t) * 1000)
"""


def ours(root, out, args):
    """Wall time (ms), (user+sys)/wall and peak RSS (MiB) of one `memorandum
    build` into a fresh folder, from the kernel's account of that process."""
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    proc = subprocess.Popen([BIN, "build", "--root", root, "--out", out, *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"memorandum build failed ({proc.returncode}) on {root}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall * 1000, cpu / max(wall, 1e-6), usage.ru_maxrss / 1024


def typst(py, source, out):
    run = subprocess.run([py, "-c", TYPST_RUN, source, FONTS, out], check=True,
                         capture_output=True, text=True)
    return float(run.stdout.strip())


def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next((l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")), "?")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--typst-python", default=shutil.which("python3"))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--sizes", default="1,10,30,100,300")
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "--bin", "memorandum",
                    "--example", "synthetic"], cwd=ROOT, check=True)
    typst_version = subprocess.run(
        [a.typst_python, "-c", "import typst; print(typst.__version__)"],
        capture_output=True, text=True).stdout.strip() or "not installed"
    work = Path(tempfile.mkdtemp(prefix="memorandum-bench-"))
    sizes = [int(n) for n in a.sizes.split(",")]
    for n in sizes:
        subprocess.run([SYNTH, str(n), work / f"n{n}"], check=True)
    rows = []  # (workload, ours ms, typst ms or None, pages, peak MiB, cpu ratio)

    def measure(label, n, args, typst_lang=None, root=None):
        root, out = root or work / f"n{n}", work / f"out{n}"
        ours(root, out, args)  # warm the page cache
        t_ours, t_typst, cpus, rss = [], [], [], []
        # Short runs are noisier: at least 21 of them.
        runs = max(a.runs, 21) if n <= 10 else a.runs
        for _ in range(runs):
            wall, cpu, mib = ours(root, out, args)
            t_ours.append(wall)
            cpus.append(cpu)
            rss.append(mib)
            if typst_lang and typst_version != "not installed":
                t_typst.append(typst(a.typst_python, root / "typst" / f"{typst_lang}.typ",
                                     work / f"typst{n}.pdf"))
        mib, cpu = (statistics.median(rss), max(rss)), statistics.median(cpus)
        pdf = out / "fr/smart-city-memorandum.pdf"
        rows.append((label, statistics.median(t_ours),
                     statistics.median(t_typst) if t_typst else None,
                     pages(pdf) if pdf.exists() else "", mib, cpu,
                     pages(work / f"typst{n}.pdf") if t_typst else ""))
        print(rows[-1], file=sys.stderr)

    measure("shipped memorandum, every edition", 1, [], root=ROOT)
    for n in sizes:
        measure(f"every edition, ×{n}", n, [])
        measure(f"French PDF alone, ×{n}", n, ["--format", "pdf", "--lang", "fr"], "fr")

    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    mem = subprocess.run(["sh", "-c", "grep MemTotal /proc/meminfo | awk '{print $2}'"],
                         capture_output=True, text=True).stdout.strip()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Benchmarks",
        "",
        "Written by `benches/vs-typst.py` (do not edit by hand). Whole process, release",
        "build, medians of {} runs per row ({} up to ×10), ours and Typst's alternated in the"
        .format(a.runs, max(a.runs, 21)),
        "same run; a fresh output folder for each of our runs.",
        "",
        f"- machine: {cpu}, {os.cpu_count()} cores, {int(mem) // 1024} MiB, {platform.system()} {platform.release()}",
        f"- {rustc}; Typst {typst_version} (PyPI), in-process `compile()` only, fonts from `src/render/pdf/fonts`",
        "- the text: `examples/synthetic.rs` with ×N copies of the memorandum's body (×1 is the",
        "  memorandum's own text), French and Dutch, and the same text as Typst sources",
        "",
        "| workload | ours (ms) | Typst (ms) | Typst ÷ ours | our pages | Typst pages | peak RSS, median (max), MiB | (user+sys)/wall, median |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, t, ty, pg, mib, c, typg in rows:
        ratio = f"{ty / t:.2f}×" if ty else "–"
        tys = f"{ty:.1f}" if ty else "–"
        lines.append(f"| {label} | {t:.1f} | {tys} | {ratio} | {pg} | {typg or '–'} | {mib[0]:.0f} ({mib[1]:.0f}) | {c:.2f} |")
    by = {r[0]: r for r in rows}
    if "every edition, ×30" in by and "every edition, ×300" in by:
        small, big = by["every edition, ×30"], by["every edition, ×300"]
        lines += ["", "Growth from ×30 to ×300 (10× the content): time ×{:.1f}, peak memory ×{:.1f}."
                  .format(big[1] / small[1], big[4][0] / small[4][0])]
    Path(a.out).write_text("\n".join(lines) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
