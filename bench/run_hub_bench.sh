#!/usr/bin/env bash
# Office hub benchmark (issue 16; bench/hub_bench.cpp, results in bench/RESULTS.md). Release build
# with -DPASSERELLE_BENCH=ON (BUILD=build/release). Runs, in this order and in one shell session:
#   1. the workload against passerelle-hub on SQLite,
#   2. the same against PostgreSQL (a throw-away cluster from Debian's pg_virtualenv),
#   3. the Node hubs of ../shared/bench/peers/hub (yjs and hocuspocus, one run) when their
#      node_modules are installed there (said plainly when not),
#   4. bootstrap of a new device from a hub holding the five-year vault (scale_bench gen PERCENT,
#      cached under build/scale-bench/PERCENT as run_scale_bench.sh does), SQLite,
# then prints the table and the ratios. DEVICES/RECORDS/UPDATES/NOTES override the workload,
# BOOT_PERCENT (default 100; 0 skips) the bootstrap vault, PEERS=0 skips the Node hubs, PG=0
# PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
BIN="$BUILD/bench/hub_bench"
HUB=${HUB:-$BUILD/hub/passerelle-hub}  # HUB=: another build's hub against these devices (a before/after)
PEERS_DIR=${PEERS_DIR:-../shared/bench/peers/hub}
DEVICES=${DEVICES:-50}; RECORDS=${RECORDS:-1000}; UPDATES=${UPDATES:-300}; NOTES=${NOTES:-5}
BOOT_PERCENT=${BOOT_PERCENT:-100}
WORK=${WORK:-build/hub-bench}
args=(--hub "$HUB" --devices "$DEVICES" --records "$RECORDS" --updates "$UPDATES" --notes "$NOTES"
      --note-chars 800 --inserts 4)
for b in "$BIN" "$HUB"; do
  [ -x "$b" ] || { echo "missing $b: cmake --build $BUILD --target hub_bench passerelle-hub scale_bench" >&2; exit 1; }
done

lines=()
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "== SQLite" >&2
lines+=("$("$BIN" workload "${args[@]}" --work "$WORK/sqlite" | grep '^RESULT')")
echo "== PostgreSQL (pg_virtualenv)" >&2
if [ "${PG:-1}" = 0 ]; then
  echo "PostgreSQL skipped (PG=0)" >&2
elif command -v pg_virtualenv >/dev/null; then
  lines+=("$(pg_virtualenv -t bash -c '"$0" workload "${@:1}" --postgres "host=$PGHOST port=$PGPORT user=$PGUSER dbname=$PGDATABASE"' \
             "$BIN" "${args[@]}" --work "$WORK/postgres" | grep '^RESULT')")
else
  echo "pg_virtualenv is not installed (postgresql-common): PostgreSQL not measured" >&2
fi

peers_out=""
if [ "${PEERS:-1}" = 1 ]; then
  if [ -d "$PEERS_DIR/node_modules" ]; then
    echo "== Node hubs (yjs, hocuspocus) in $PEERS_DIR" >&2
    peers_out=$(cd "$PEERS_DIR" && node hub_peers.mjs yjs hocuspocus --runs 1 --devices "$DEVICES" \
                  --records "$RECORDS" --updates "$UPDATES" --notes "$NOTES" 2>/dev/null || true)
    echo "$peers_out" >&2
  else
    echo "NODE HUBS NOT RUN: $PEERS_DIR/node_modules is absent (npm install there first); no ratios printed." >&2
  fi
fi

if [ "$BOOT_PERCENT" != 0 ]; then
  d="build/scale-bench/$BOOT_PERCENT"
  if [ ! -f "$d/a.vault" ]; then
    echo "== generating the $BOOT_PERCENT % five-year vault (scale_bench gen)" >&2
    "$BUILD/bench/scale_bench" gen "$d" "$BOOT_PERCENT" >&2
  fi
  echo "== bootstrap from a hub holding the $BOOT_PERCENT % vault" >&2
  lines+=("$("$BIN" bootstrap "$d/a.vault" --hub "$HUB" --work "$WORK/bootstrap" | grep '^RESULT') percent=$BOOT_PERCENT")
fi

python3 - "$peers_out" "${lines[@]}" <<'PY'
import sys, re
peers_text, lines = sys.argv[1], sys.argv[2:]
rows = [dict(x.split('=', 1) for x in l.split()[2:]) | {'kind': l.split()[1]} for l in lines]
work = [r for r in rows if r['kind'] == 'workload']
print("| backend | done | p50 s | p99 s | max s | ack p50 s | hub CPU s | hub peak RSS MB | devices' CPU s | bytes/session (p50, HTTP bodies) | syncs/device | requests/device | disk MB | converged | durable after kill | load1 |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for r in work:
    disk = f"{int(r['disk_bytes'])/1e6:.2f}" if r['backend'] == 'sqlite' else 'n/a'
    print(f"| {r['backend']} | {r['done']} | {float(r['p50_ms'])/1e3:.2f} | {float(r['p99_ms'])/1e3:.2f} | {float(r['max_ms'])/1e3:.2f} | "
          f"{float(r['ack_p50_ms'])/1e3:.2f} | {r['hub_cpu_s']} | {r['hub_peak_rss_mb']} | {r['devices_cpu_s']} | {float(r['bytes_per_session_p50'])/1e3:.1f} KB | "
          f"{r['syncs_per_device']} | {r.get('requests_per_device', '—')} | {disk} | {r['converged']} | {r['durable_after_kill']} | {r['load1']} |")
by = {r['backend']: r for r in work}
if 'sqlite' in by:
    print(f"\ntarget p99 <= 2 s with SQLite: {float(by['sqlite']['p99_ms'])/1e3:.2f} s")
if 'sqlite' in by and 'postgres' in by:
    print(f"PostgreSQL p99 / SQLite p99: {float(by['postgres']['p99_ms'])/float(by['sqlite']['p99_ms']):.2f}x (target <= 1.5x)")
for r in rows:
    if r['kind'] == 'bootstrap':
        print(f"\nbootstrap from a hub holding the {r.get('percent')} % five-year vault ({r['backend']}): {float(r['ms'])/1e3:.1f} s, "
              f"{r['received']} changes, {int(r['down_bytes'])/1e6:.1f} MB down, device peak RSS {r['device_peak_rss_mb']} MB, "
              f"hub CPU {r['hub_cpu_s']} s, hub peak RSS {r['hub_peak_rss_mb']} MB, same state: {r['same_state']} "
              f"(filling the hub: {float(r['fill_ms'])/1e3:.1f} s, {int(r['fill_up_bytes'])/1e6:.1f} MB up)")
# Node hubs: hub_peers.mjs prints one line per peer and run with key=value fields.
if peers_text.strip():
    sq = by.get('sqlite')
    for line in peers_text.splitlines():
        kv = dict(m.groups() for m in re.finditer(r'(\w+)=(\S+)', line))
        if 'p99_ms' not in kv or not sq: continue
        name = line.split()[0]
        print(f"{name}: p99 {float(kv['p99_ms'])/1e3:.2f} s -> Passerelle SQLite is {float(kv['p99_ms'])/float(sq['p99_ms']):.1f}x faster at p99; "
              f"hub CPU {kv.get('server_cpu_s','?')} s vs {sq['hub_cpu_s']} s")
PY
