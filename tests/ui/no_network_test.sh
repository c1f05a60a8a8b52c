#!/usr/bin/env bash
# The app never opens an IP socket: a scripted session (unlock, search, a visit note typed and
# autosaved, lock, unlock, directory search, team key, bundle export) runs under
# `strace -f -e trace=network`; the trace must show the display connection (AF_UNIX, proving the
# trace works) and no AF_INET / AF_INET6 socket at all.
# Then a sync with the office hub tapped in the app: its only IP connections go to the enrolled hub.
# usage: no_network_test.sh APP [CLI HUB]
set -euo pipefail
app=$1
for tool in strace xvfb-run; do
  if ! command -v $tool >/dev/null 2>&1; then echo "SKIP: $tool is not installed"; exit 77; fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/session.txt" <<SCRIPT
unlock demo-passerelle
wait 500
search karim
open-first
start-visit
type Entretien au parloir : se sent prêt pour la sortie, « ça ira ».
outcome present
wait 1200
focus-lost
finish
lock
wait 300
unlock demo-passerelle
wait 500
screen directory
directory-search logement bruxelles
select-first-service
screen sync
create-team
recipient Collègue
export $work/test.bundle
wait 300
quit
SCRIPT
# LeakSanitizer ptraces the process at exit, which strace already does: leaks are checked elsewhere.
ASAN_OPTIONS=detect_leaks=0 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  strace -f -qq -e trace=network -o "$work/trace" \
  "$app" --demo --vault "$work/demo.vault" --script "$work/session.txt"
test -s "$work/test.bundle" || { echo "FAIL: the scripted session did not export its bundle"; exit 1; }
echo "socket families seen:"; grep -o 'socket(AF_[A-Z0-9]*' "$work/trace" | sort | uniq -c || true
grep -q 'AF_UNIX' "$work/trace" || { echo "FAIL: no AF_UNIX socket traced: did strace see the app?"; exit 1; }
if grep -E 'AF_INET6?[^A-Z0-9_]' "$work/trace"; then
  echo "FAIL: the app used an IP socket (lines above)"
  exit 1
fi
echo "ok: no AF_INET/AF_INET6 socket in $(wc -l < "$work/trace") traced network calls"

# The one flow that uses the network (issue 16, promise 5): a sync with the office hub, tapped in
# the app. A real passerelle-hub on a loopback port; the vault made, given a team and enrolled with
# the CLI; then the app (not --demo: the real hub client over TLS) unlocks and taps "Sync with the
# office" under strace. Its only IP connections must go to the enrolled hub's address and port
# (no name lookup, no other host), and the sync must have happened.
cli=${2:-}
hub=${3:-}
if [ -z "$cli" ] || [ -z "$hub" ]; then echo "SKIP the hub flow: no passerelle-cli / passerelle-hub given"; exit 0; fi
export PASSERELLE_PASSPHRASE='corr3ct horse battery'
source "$(dirname "${BASH_SOURCE[0]}")/../support/hub_trace.sh"
hub_pid=
trap 'kill $hub_pid 2>/dev/null || true; rm -rf "$work"' EXIT
start_traced_hub "$hub" "$work"
port=$hub_port
code=$hub_code
V=(--vault "$work/ana.vault")
"$cli" init "${V[@]}" --worker Ana --service CAPREV --low-cost-kdf >/dev/null
"$cli" team init "${V[@]}" >/dev/null
"$cli" person add "${V[@]}" --name "Karim B." --status sentenced >/dev/null
"$cli" hub join "${V[@]}" "127.0.0.1:$port" "$code" >/dev/null
cat > "$work/hub_session.txt" <<SCRIPT
unlock $PASSERELLE_PASSPHRASE
wait 500
screen sync
hub-sync
wait 300
quit
SCRIPT
ASAN_OPTIONS=detect_leaks=0 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  strace -f -qq -e trace=network -o "$work/hub_trace" \
  env -u PASSERELLE_PASSPHRASE "$app" --vault "$work/ana.vault" --script "$work/hub_session.txt"
connects=$(ip_calls "$work/hub_trace" | grep 'connect(' || true)
[ -n "$connects" ] || { echo "FAIL: the app's hub sync traced no IP connection"; exit 1; }
elsewhere=$(other_destinations "$work/hub_trace")
if [ -n "$elsewhere" ]; then
  echo "FAIL: the app's hub sync reached elsewhere than the enrolled hub:"; echo "$elsewhere"; exit 1
fi
"$cli" hub status "${V[@]}" | grep -q '^Last sync: never' && { echo "FAIL: the app's sync did not complete"; exit 1; }
echo "ok: the app's sync with the office connected only to the enrolled hub (127.0.0.1:$port): $(wc -l <<<"$connects") connect call(s)"
