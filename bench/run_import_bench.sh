#!/usr/bin/env bash
# Case-file import and batch mode (issue 14): imports N case files of the five-year vault's shape
# (bench/gen_import_file.py: 20 visits and 50 notes each) into a new vault with the release CLI,
# then imports the same file again (every case file skipped), then runs a batch of N `person add`
# lines on one unlock. Prints wall time, CPU time (user + system) and peak RSS of each step. The
# vaults use the low-cost KDF, so the unlock is not what is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=${CLI:-build/release/ui/passerelle-cli}
N=${N:-1000}
DIR=${DIR:-build/import-bench}
rm -rf "$DIR"
mkdir -p "$DIR"
python3 bench/gen_import_file.py "$N" "$DIR/case_files.json"
export PASSERELLE_VAULT="$DIR/v.vault" PASSERELLE_PASSPHRASE="bench passphrase"
"$CLI" init --worker Ana --service CAPREV --low-cost-kdf > /dev/null

measure() {  # label, then the command; stdin from $STDIN when set
  local label=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$DIR/time" "$@" < "${STDIN:-/dev/null}" > "$DIR/out"
  read -r wall user sys rss < "$DIR/time"
  printf '%s: %.2f s wall, %.2f s CPU, %d MiB peak; %s\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" \
    $((rss / 1024)) "$(head -c 300 "$DIR/out" | tr '\n' ' ')"
}
printf 'file: %s case files, %s MB\n' "$N" "$(du -m "$DIR/case_files.json" | cut -f1)"
measure "check only" "$CLI" import "$DIR/case_files.json" --check-only
measure "import" "$CLI" import "$DIR/case_files.json"
printf 'vault after import: %s MB\n' "$(du -cm "$DIR"/v.vault* | tail -1 | cut -f1)"
measure "re-import (all skipped)" "$CLI" import "$DIR/case_files.json"
for i in $(seq "$N"); do printf '{"args": ["person", "add", "--name", "Batch %d"]}\n' "$i"; done > "$DIR/batch.jsonl"
STDIN="$DIR/batch.jsonl" measure "batch of $N person add" "$CLI" batch
"$CLI" check
