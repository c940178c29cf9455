#!/usr/bin/env bash
# Whole-process timing and peak memory of `memorandum build` on the shipped
# memorandum, release build. Uses hyperfine when installed (apt-get install
# hyperfine), else a plain loop; peak RSS from GNU time when installed.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=target/release/memorandum
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" build --out "$out" 2>/dev/null
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs 30 -N "$bin build --out $out" "$bin check"
else
  runs=30
  start=$(date +%s%N)
  for _ in $(seq $runs); do "$bin" build --out "$out" 2>/dev/null; done
  end=$(date +%s%N)
  echo "build: $(( (end - start) / runs / 1000 )) µs per run (mean of $runs)"
fi
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "peak RSS: %M KiB" "$bin" build --out "$out" 2>&1 | grep 'peak RSS'
fi
