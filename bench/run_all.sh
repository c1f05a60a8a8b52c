#!/usr/bin/env bash
# Runs every benchmark script in turn (./dev.sh bench). Each prints its own figures and ratios.
set -uo pipefail
cd "$(dirname "$0")"
for s in run_*.sh; do
  [ "$s" = run_all.sh ] && continue
  echo "== $s"
  ./"$s" || echo "($s failed)"
done
