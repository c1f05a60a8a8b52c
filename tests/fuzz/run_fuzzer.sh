#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time on a scratch copy of its committed corpus (so the
# repository's corpus only grows by deliberate commits). Usage: run_fuzzer.sh BINARY CORPUS_DIR SECONDS
set -euo pipefail
bin=$1 corpus=$2 seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus"/. "$work"/ 2>/dev/null || true
cd "$work"
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$work" 2>&1 | tail -n 15
