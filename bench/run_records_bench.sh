#!/usr/bin/env bash
# Record-merge benchmark (issue 4): our records_merge_bench (3 replicas x 100,000 field updates
# over 10,000 dossiers, full exchange through encrypted sync bundles into encrypted vaults) and the
# peer libraries' record_merge_peers.mjs (Yjs, Automerge, Loro, in memory) on the same workload, in
# one session, so the ratios compare like with like on a shared, noisy machine.
# shared/ is read-only: the peers are installed into a scratch copy under build/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/release/bench}
DIR=${DIR:-build/bench-tmp}
PEERS_SRC=${PEERS_SRC:-../shared/bench/peers}
PEERS_DIR=${PEERS_DIR:-build/text-peers}  # shared with run_text_bench.sh: same package.json
ROUNDS=${ROUNDS:-3}
NREC=${NREC:-10000}
NUPD=${NUPD:-100000}

mkdir -p "$DIR" "$PEERS_DIR"
cp "$PEERS_SRC"/package.json "$PEERS_SRC"/*.mjs "$PEERS_DIR"/
if [ ! -d "$PEERS_DIR/node_modules" ]; then
  (cd "$PEERS_DIR" && npm install --no-audit --no-fund --silent)
fi

lines=()
for r in $(seq "$ROUNDS"); do
  lines+=("$("$BIN/records_merge_bench" "$DIR" "$NREC" "$NUPD" | grep '^RESULT')")
done
while read -r peer rest; do
  lines+=("PEER peer=$peer $rest")
done < <(node --max-old-space-size=8000 "$PEERS_DIR/record_merge_peers.mjs" "$NREC" "$NUPD" | grep -E '^(yjs|automerge|loro) ')

python3 - "${lines[@]}" <<'PY'
import sys, statistics
ours, peers = [], {}
for line in sys.argv[1:]:
    kind, *kv = line.split()
    d = dict(x.split('=', 1) for x in kv)
    if kind == 'RESULT':
        ours.append(d)
    else:
        peers[d.pop('peer')] = d
med = lambda k: statistics.median(float(o[k]) for o in ours)
merge, size, local = med('merge_ms'), med('bundle_bytes'), med('local_ms')
print(f"Record merge, median of {len(ours)} runs (merge = one replica importing the other two's changes)")
print(f"  {'':10} {'merge ms':>10} {'delta bytes':>12} {'local ms':>10}")
print(f"  {'passerelle':10} {merge:10.0f} {size:12.0f} {local:10.0f}   (worst merge {max(float(o['merge_max_ms']) for o in ours):.0f} ms,"
      f" export {med('export_ms'):.0f} ms/bundle, converged={all(o['converged'] == '1' for o in ours)})")
for name, p in peers.items():
    m, b, l = float(p['merge_ms/replica']), float(p['delta_bytes/replica']), float(p['local_ms/replica'])
    print(f"  {name:10} {m:10.0f} {b:12.0f} {l:10.0f}   ratios peer/ours: merge {m/merge:5.2f}x  bytes {b/size:5.2f}x"
          f"  local {l/local:5.2f}x  converged={p['converged']}")
print(f"  target: each full merge <= 1000 ms: {'met' if merge <= 1000 else 'MISSED'} ({merge:.0f} ms)")
PY
