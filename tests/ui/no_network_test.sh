#!/usr/bin/env bash
# The app never opens an IP socket: a scripted session (unlock, search, a visit note typed and
# autosaved, lock, unlock, directory search, team key, bundle export) runs under
# `strace -f -e trace=network`; the trace must show the display connection (AF_UNIX, proving the
# trace works) and no AF_INET / AF_INET6 socket at all.
# usage: no_network_test.sh APP
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
