#!/usr/bin/env python3
"""How long `memorandum watch` takes to rebuild after a one-line FTL edit.

Starts `memorandum watch` on a copy of a project, waits for its first build, then
edits one message of a translation file (one line: a word added, then taken away
again), alternately in each language given, and reads the time of each rebuild
from the summary line watch prints ("built N files ... in X ms (...)"). Prints the
median, minimum and maximum per language.

    cargo build --release
    python3 benches/watch.py --root . --edits 20
    cargo run --release --example synthetic -- 100 /tmp/long
    python3 benches/watch.py --root /tmp/long --edits 10

The project is copied to a temporary folder first: nothing under --root changes.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import queue

BUILT = re.compile(r"^built \d+ files? into .* in (\d+) ms \((\d+) written")


def message_line(path):
    """The number of the first line of `path` that gives a message a one-line
    value (`id = text`), and that line."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^[a-z][a-z0-9-]* = \S.*\S$", line) and "{" not in line:
            return i, lines
    sys.exit(f"{path}: no one-line message to edit")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default="target/release/memorandum")
    ap.add_argument("--root", default=".")
    ap.add_argument("--edits", type=int, default=20, help="edits per language")
    ap.add_argument("--langs", default="nl,fr")
    ap.add_argument("--file", default="memorandum.ftl", help="the FTL file edited in each language")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="watch-bench-")
    root = os.path.join(work, "project")
    shutil.copytree(args.root, root, ignore=shutil.ignore_patterns("output", "target", ".git", "typst"))
    out = os.path.join(work, "output")
    proc = subprocess.Popen(
        [os.path.abspath(args.binary), "watch", "--root", root, "--out", out],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in proc.stderr], daemon=True).start()

    def next_build(timeout=120):
        while True:
            line = lines.get(timeout=timeout).rstrip("\n")
            m = BUILT.match(line)
            if m:
                return int(m.group(1)), int(m.group(2))
            if line.startswith("error"):
                sys.exit(f"watch reported: {line}")

    try:
        first, _ = next_build()
        # The "watching ..." line comes after the first build.
        while not lines.get(timeout=30).startswith("watching"):
            pass
        results = {}
        for lang in args.langs.split(","):
            path = os.path.join(root, "locales", lang, args.file)
            n, text = message_line(path)
            original = text[n]
            times = []
            for k in range(args.edits):
                text[n] = original + (" extra" if k % 2 == 0 else "")
                with open(path, "w", encoding="utf-8") as f:
                    f.write("\n".join(text))
                ms, written = next_build()
                times.append((ms, written))
            results[lang] = (original.split(" = ")[0], times)
        print(f"first build: {first} ms")
        for lang, (msg, times) in results.items():
            ms = [t for t, _ in times]
            print(
                f"{lang} ({msg}): median {statistics.median(ms):.0f} ms, "
                f"min {min(ms)}, max {max(ms)}, files written per rebuild {times[0][1]} "
                f"({len(ms)} edits)"
            )
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
