#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS seconds each (default 180), one
# at a time, on the stable toolchain. Logs go to fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-180}
shift || true
targets=${*:-parse check format apply_every_fix lsp_edits}
mkdir -p fuzz/logs
[ -d fuzz/corpus/parse ] || fuzz/seed.sh
for target in $targets; do
  echo "== $target ($seconds s)"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=8192 \
    > "fuzz/logs/$target.log" 2>&1 || echo "$target: stopped with a finding (see fuzz/logs/$target.log)"
  tail -n 3 "fuzz/logs/$target.log"
done
