#!/usr/bin/env bash
# The network stays closed except for a sync with the enrolled hub (issue 16, promise 5), through
# passerelle-cli under `strace -f -e trace=network` against a real passerelle-hub on loopback:
#   - `hub join` and `sync now` connect only to the configured hub's address and port (no name
#     lookup, no other host);
#   - with `network off`, `sync now` and `hub join` exit 11 without creating any IP socket;
#   - every other command (status, dossier list, sync status, dump) creates no IP socket at all.
# The app's own trace (tests/ui/no_network_test.sh) covers its flows without a hub.
# Usage: hub_no_network_test.sh PATH/TO/passerelle-cli PATH/TO/passerelle-hub
set -euo pipefail
CLI=$1
HUB=$2
command -v strace >/dev/null 2>&1 || { echo "SKIP: strace is not installed"; exit 77; }
source "$(dirname "${BASH_SOURCE[0]}")/../support/cli_harness.sh"
export PASSERELLE_PASSPHRASE='corr3ct horse'
export ASAN_OPTIONS=detect_leaks=0  # LeakSanitizer ptraces at exit, which strace already does
V=(--vault "$T/ana.vault")
source "$(dirname "${BASH_SOURCE[0]}")/../support/hub_trace.sh"
hub_pid=
trap 'kill $hub_pid 2>/dev/null || true; rm -rf "$T"' EXIT
start_traced_hub "$HUB" "$T"
port=$hub_port
code=$hub_code

expect_exit 0 "init" -- "$CLI" init "${V[@]}" --worker Ana --service CAPREV --low-cost-kdf
expect_exit 0 "team init" -- "$CLI" team init "${V[@]}"
"$CLI" person add "${V[@]}" --name "Karim B." --status sentenced >/dev/null

traced() {  # traced NAME CODE -- command...: runs under strace, trace in $T/NAME.trace
  local name=$1 code=$2; shift 3
  expect_exit "$code" "$name" -- strace -f -qq -e trace=network -o "$T/$name.trace" "$@"
}

traced join 0 -- "$CLI" hub join "${V[@]}" "127.0.0.1:$port" "$code"
traced sync 0 -- "$CLI" sync now "${V[@]}"
for t in join sync; do
  if [ -z "$(ip_calls "$T/$t.trace" | grep connect || true)" ]; then ko "$t: no connect to the hub traced"; else ok; fi
  bad=$(other_destinations "$T/$t.trace")
  if [ -n "$bad" ]; then ko "$t connected elsewhere than the hub: $bad"; else ok; fi
done

expect_exit 0 "network off" -- "$CLI" network off "${V[@]}"
traced sync_off 11 -- "$CLI" sync now "${V[@]}"
grep -q "never use the network" "$T/err" && ok || ko "sync now with the network off: $(cat "$T/err")"
expect_exit 0 "hub leave" -- "$CLI" hub leave "${V[@]}"
code2=$("$HUB" enroll --data "$T/hub" --org CAPREV --worker Ana | tail -1)
traced join_off 11 -- "$CLI" hub join "${V[@]}" "127.0.0.1:$port" "$code2"
traced status 0 -- "$CLI" hub status "${V[@]}"
grep -q "Network: off" "$T/out" && ok || ko "hub status does not show the network off: $(cat "$T/out")"
traced list 0 -- "$CLI" dossier list "${V[@]}"
traced sync_status 0 -- "$CLI" sync status "${V[@]}"
traced dump 0 -- "$CLI" dump --canonical "${V[@]}"
for t in sync_off join_off status list sync_status dump; do
  calls=$(ip_calls "$T/$t.trace")
  if [ -n "$calls" ]; then ko "$t created an IP socket: $calls"; else ok; fi
done
expect_exit 0 "network on" -- "$CLI" network on "${V[@]}"
finish hub_no_network_test
