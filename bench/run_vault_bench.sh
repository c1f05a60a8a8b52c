#!/usr/bin/env bash
# Vault benchmark (issue 3): encrypted vs plain SQLite, same code, same run, alternating rounds so
# both see the same machine load. Prints the ratio and the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/release/bench}
DIR=${DIR:-build/bench-tmp}
ROUNDS=${ROUNDS:-3}
mkdir -p "$DIR"
enc=(); plain=(); memsec=()
for r in $(seq "$ROUNDS"); do
  enc+=("$("$BIN/note_save_bench" "$DIR" 400 | grep '^RESULT')")
  plain+=("$("$BIN/note_save_bench_plain" "$DIR" 400 | grep '^RESULT')")
  memsec+=("$(PASSERELLE_BENCH_MEMORY_SECURITY=1 "$BIN/note_save_bench" "$DIR" 400 | grep '^RESULT')")
done
python3 - "${enc[@]}" -- "${plain[@]}" -- "${memsec[@]}" <<'PY'
import sys, statistics
args = sys.argv[1:]
a = args.index('--'); b = args.index('--', a + 1)
def parse(lines):
    rows = [dict(kv.split('=') for kv in l.split()[1:]) for l in lines]
    return {k: statistics.median(float(r[k]) for r in rows) for k in rows[0] if k != 'variant'}
e, p, m = parse(args[:a]), parse(args[a+1:b]), parse(args[b+1:])
floor = statistics.median([e['floor_p50'], p['floor_p50']])
floor99 = statistics.median([e['floor_p99'], p['floor_p99']])
print(f"fdatasync floor (4 KiB write + fdatasync): p50 {floor:.3f} ms, p99 {floor99:.3f} ms")
print(f"note save p50: encrypted {e['save_p50']:.3f} ms, plain {p['save_p50']:.3f} ms, ratio {e['save_p50']/p['save_p50']:.2f} (target <= 1.3)")
print(f"note save p99: encrypted {e['save_p99']:.3f} ms, plain {p['save_p99']:.3f} ms, ratio {e['save_p99']/p['save_p99']:.2f}")
print(f"p99 encrypted save / fdatasync floor: {e['save_p99']/floor:.2f}x of floor p50, {e['save_p99']/floor99:.2f}x of floor p99 (target <= 2x)")
print(f"with the wiping SQLite heap (memory security, as the app runs): save p50 {m['save_p50']:.3f} ms, p99 {m['save_p99']:.3f} ms, ratio to plain {m['save_p50']/p['save_p50']:.2f}")
print(f"unlock (Argon2id 3 passes, 256 MiB): {e['unlock_ms']:.0f} ms (target 300-1000 ms)")
PY
