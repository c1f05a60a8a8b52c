#!/usr/bin/env bash
# Issue 10, defect 8: nothing secret in a memory dump, and no memory dump at all by default.
#  1. Without the test-only switch, the field app and the CLI run with RLIMIT_CORE 0 (soft and
#     hard) and are not dumpable (prctl(PR_GET_DUMPABLE) asked inside the live process by gdb).
#  2. With PASSERELLE_TEST_ALLOW_CORE_DUMP=1 (test only), a scripted session of the real app under
#     Xvfb types a random passphrase into the unlock field keystroke by keystroke, unlocks, opens a
#     case file; `gcore` dumps it (an ASan build: the same memory read from /proc/PID/mem, see
#     memory_search.py): the passphrase is in it in no encoding (UTF-8, UTF-16LE, UTF-32LE: Dear
#     ImGui keeps wide copies of edited text). Then it locks and is dumped again: no text of the
#     notes the test added to the vault (random, so not in the binary) is left.
# usage: core_dump_test.sh APP CLI
set -euo pipefail
app=$1 cli=$2
here=$(cd "$(dirname "$0")" && pwd)
for tool in gdb gcore xvfb-run python3; do
  if ! command -v $tool >/dev/null 2>&1; then echo "SKIP: $tool is not installed"; exit 77; fi
done
work=$(mktemp -d)
app_pid= app_proc=
cleanup() {  # the app itself first: killing xvfb-run alone would leave it waiting on its script
  if [ -n "$app_proc" ]; then kill "$app_proc" 2>/dev/null || true; fi
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
# LeakSanitizer ptraces the process at exit, which gdb may still hold: leaks are checked elsewhere.
# ASan's shadow memory is marked "do not dump" (use_madv_dontdump): the snapshots leave it out.
export ASAN_OPTIONS=detect_leaks=0:use_madv_dontdump=1:abort_on_error=1

# ---- a vault with a random passphrase and notes only this run knows -------------------------------
rand() { python3 -c 'import secrets; print(secrets.token_hex(6))'; }
pass="Gcore-été-$(rand)-phrase"   # non-ASCII too: the wide copies are UTF-16 / UTF-32
vault=$work/v.vault
"$cli" demo --vault "$vault" >/dev/null
PASSERELLE_PASSPHRASE=demo-passerelle PASSERELLE_NEW_PASSPHRASE=$pass "$cli" passwd --vault "$vault" --low-cost-kdf >/dev/null
notes=()
for id in $(PASSERELLE_PASSPHRASE=$pass "$cli" dossier list --json --vault "$vault" |
            python3 -c 'import json,sys; print(" ".join(d["id"] for d in json.load(sys.stdin)))'); do
  # "Note-secrète" is searched for: it is in no binary, only in these notes.
  text="Note-secrète $(rand) : entretien confidentiel $(rand)"
  PASSERELLE_PASSPHRASE=$pass "$cli" note add --vault "$vault" --dossier "$id" --text "$text" --scope private >/dev/null
  notes+=("$text")
done
[ ${#notes[@]} -ge 1 ] || fail "the demo vault has no case file to add a note to"

# Waits for FILE (written by the app's script) or fails after $2 seconds.
await() { for _ in $(seq 1 $(($2 * 10))); do [ -e "$1" ] && return 0; sleep 0.1; done; fail "timed out waiting for $1"; }
# The pid of the passerelle process started under xvfb-run (its parent chain is xvfb-run's shell).
find_app() { pgrep -n -f -- "^$app --vault $vault --script $1\$" | head -1; }

# ---- 1. hardened by default -----------------------------------------------------------------------
dumpable_of() {  # asks the live process itself: prctl(PR_GET_DUMPABLE = 3)
  gdb -nx -q --readnever -iex "set debuginfod enabled off" -p "$1" -batch -ex 'print (int) prctl(3, 0, 0, 0, 0)' 2>/dev/null | sed -n 's/^\$1 = //p'
}
check_hardened() {  # PID WHAT (the process must be running its own binary already)
  # HardenProcess is the first thing main() does: give a slow (sanitized, loaded) start 10 s.
  for _ in $(seq 1 100); do grep -qE '^Max core file size +0 +0 ' "/proc/$1/limits" && break; sleep 0.1; done
  grep -qE '^Max core file size +0 +0 ' "/proc/$1/limits" || fail "$2: RLIMIT_CORE is not 0/0: $(grep 'core file' /proc/$1/limits)"
  local d; d=$(dumpable_of "$1")
  [ "$d" = 0 ] || fail "$2: PR_GET_DUMPABLE is '$d', expected 0"
  echo "ok: $2 has RLIMIT_CORE 0/0 and is not dumpable"
}
cat > "$work/idle.txt" <<SCRIPT
mark $work/idle-started
wait-file $work/idle-go
quit
SCRIPT
env -u PASSERELLE_TEST_ALLOW_CORE_DUMP xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  "$app" --vault "$vault" --script "$work/idle.txt" &
app_pid=$!
await "$work/idle-started" 60
app_proc=$(find_app "$work/idle.txt")
check_hardened "$app_proc" "the field app"
touch "$work/idle-go"; wait "$app_pid" || fail "the idle app exited with an error"; app_pid= app_proc=

# The CLI blocks opening a FIFO as its passphrase file: long enough to look at it.
mkfifo "$work/pass.fifo"
env -u PASSERELLE_TEST_ALLOW_CORE_DUMP -u PASSERELLE_PASSPHRASE \
  "$cli" dossier list --vault "$vault" --passphrase-file "$work/pass.fifo" >/dev/null &
cli_pid=$!
for _ in $(seq 1 100); do [ "$(readlink "/proc/$cli_pid/exe" 2>/dev/null)" = "$(readlink -f "$cli")" ] && break; sleep 0.1; done
check_hardened "$cli_pid" "the CLI"
printf '%s\n' "$pass" > "$work/pass.fifo"
wait "$cli_pid" || fail "the CLI did not open the vault with the passphrase from the FIFO"

# ---- 2. with the test-only switch: dumps of the unlocked, then locked, app ------------------------
# The passphrase reaches the app the way a keyboard would deliver it (one character per frame into
# the focused field), from a file the app reads straight into guarded memory.
printf '%s\n' "$pass" > "$work/passphrase"
cat > "$work/session.txt" <<SCRIPT
wait 500
type-passphrase-from-file $work/passphrase
wait 1000
open-first
wait 800
mark $work/unlocked
wait-file $work/dumped-unlocked
lock
wait 800
mark $work/locked
wait-file $work/dumped-locked
quit
SCRIPT
# An AddressSanitizer build reserves terabytes of address space, which makes a `gcore` file grow
# without bound: there, the same memory a core dump holds is read from /proc/PID/mem instead.
asan=0
if ldd "$app" 2>/dev/null | grep -q libasan; then asan=1; fi
snapshot() {  # PHASE PID: prints the texts found, one per line
  if [ $asan = 1 ]; then
    python3 "$here/memory_search.py" --pid "$2" "$pass" "Note-secrète"
  else
    # Bounded: a dump larger than 4 GiB is killed (SIGXFSZ) rather than filling the disk.
    (ulimit -f $((4 * 1024 * 1024)); gcore -o "$work/$1.core" "$2" >/dev/null 2>&1) || fail "gcore of the $1 app failed"
    python3 "$here/memory_search.py" --core "$work/$1.core.$2" "$pass" "Note-secrète"
    rm -f "$work/$1.core.$2"
  fi
}
PASSERELLE_TEST_ALLOW_CORE_DUMP=1 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  "$app" --vault "$vault" --script "$work/session.txt" &
app_pid=$!
await "$work/unlocked" 60
rm -f "$work/passphrase"
pid=$(find_app "$work/session.txt")
[ -n "$pid" ] || fail "cannot find the app's process"
app_proc=$pid
snapshot unlocked "$pid" > "$work/found-unlocked"
touch "$work/dumped-unlocked"
await "$work/locked" 60
snapshot locked "$pid" > "$work/found-locked"
touch "$work/dumped-locked"
wait "$app_pid" || fail "the scripted session failed (see above)"; app_pid= app_proc=

bad=0
if grep -F -- "$pass" "$work/found-unlocked" "$work/found-locked"; then
  echo "FAIL: the passphrase is in the memory of the app (file: encodings above)"; bad=1
fi
# While unlocked the open case file's notes are in memory: a search that finds nothing proves nothing.
grep -q -F -- "Note-secrète" "$work/found-unlocked" ||
  { echo "FAIL: no note text in the unlocked app's memory: did the session open a case file?"; bad=1; }
if grep -F -- "Note-secrète" "$work/found-locked"; then
  echo "FAIL: note text is still in the memory of the locked app (above)"; bad=1
fi
[ $bad = 0 ] || exit 1
method=$([ $asan = 1 ] && echo "/proc/PID/mem snapshots (ASan build)" || echo "gcore dumps")
echo "ok: no passphrase in the unlocked or locked app, no note text after lock (${#notes[@]} notes; $method)"
