#!/usr/bin/env bash
# Directory search benchmark (issue 5): imports the synthetic 10,000-entry directory into an
# encrypted vault and replays 1,000 typed queries keystroke by keystroke; prints p50/p99 per
# keystroke query (wall and CPU time). The data is generated at build time by gen_directory.py.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/release/bench}
DIR=${DIR:-build/bench-tmp}
mkdir -p "$DIR"
"$BIN/directory_search_bench" "$DIR" "$BIN/directory-10000.json" "$BIN/directory-queries.txt"
