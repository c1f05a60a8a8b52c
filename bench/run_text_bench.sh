#!/usr/bin/env bash
# Text CRDT benchmark (issue 4): our trace replay (text_trace_bench) and the peer libraries
# (Yjs, Automerge, Loro, from shared/bench/peers) on the same traces, in one session, so the
# ratios compare like with like on a shared, noisy machine. Prints a table and the targets.
# shared/ is read-only: the peers are installed into a scratch copy under build/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/release/bench}
# The full editing traces (not in the repository): PASSERELLE_BENCH_TRACES, as text_trace_bench reads it.
TRACES=${PASSERELLE_BENCH_TRACES:-${TRACES:-../shared/bench/traces}}
if [ ! -d "$TRACES" ]; then
  echo "The editing traces directory $TRACES does not exist: set PASSERELLE_BENCH_TRACES to the folder that holds automerge-paper.json.gz and sveltecomponent.json.gz." >&2
  exit 2
fi
export PASSERELLE_BENCH_TRACES=$TRACES
PEERS_SRC=${PEERS_SRC:-../shared/bench/peers}
PEERS_DIR=${PEERS_DIR:-build/text-peers}
ROUNDS=${ROUNDS:-5}
TRACE_NAMES=${TRACE_NAMES:-automerge-paper sveltecomponent}

mkdir -p "$PEERS_DIR"
cp "$PEERS_SRC"/package.json "$PEERS_SRC"/*.mjs "$PEERS_DIR"/
if [ ! -d "$PEERS_DIR/node_modules" ]; then
  (cd "$PEERS_DIR" && npm install --no-audit --no-fund --silent)
fi

lines=()
for t in $TRACE_NAMES; do
  lines+=("$("$BIN/text_trace_bench" "$ROUNDS" "$t" | grep '^RESULT')")
  while read -r peer rest; do
    lines+=("PEER trace=$t peer=$peer $rest")
  done < <(node --expose-gc "$PEERS_DIR/text_trace_peers.mjs" "$TRACES/$t.json.gz" | grep -E '^(yjs|automerge|loro) ')
done

python3 - "${lines[@]}" <<'PY'
import sys
ours, peers = {}, {}
for line in sys.argv[1:]:
    kind, *kv = line.split()
    d = dict(x.split('=', 1) for x in kv)
    if kind == 'RESULT':
        ours[d['trace']] = d
    else:
        peers.setdefault(d['trace'], {})[d['peer']] = d
for trace, o in ours.items():
    print(f"\n{trace}")
    print(f"  {'':10} {'local ms':>10} {'bytes':>10} {'load ms':>10} {'RSS MB':>8}")
    print(f"  {'passerelle':10} {float(o['local_ms']):10.1f} {int(o['bytes']):10d} {float(o['load_ms']):10.2f} "
          f"{float(o['peak_rss_mb']):8.0f}  (document alone {o['doc_mb']} MB; remote merge {float(o['remote_ms']):.1f} ms)")
    for name, p in peers.get(trace, {}).items():
        print(f"  {name:10} {float(p['local_ms']):10.1f} {int(p['bytes']):10d} {float(p['remote_ms']):10.2f} {float(p['rss_mb']):8.0f}"
              f"   ratios peer/ours: local {float(p['local_ms'])/float(o['local_ms']):6.1f}x"
              f"  bytes {int(p['bytes'])/int(o['bytes']):5.2f}x  load {float(p['remote_ms'])/float(o['load_ms']):6.1f}x")
    if trace == 'automerge-paper':
        ok = lambda b: 'met' if b else 'MISSED'
        print(f"  targets: local <= 50 ms {ok(float(o['local_ms']) <= 50)}, history <= 130 KB "
              f"{ok(int(o['bytes']) <= 130000)}, fresh load <= 10 ms {ok(float(o['load_ms']) <= 10)}")
PY
