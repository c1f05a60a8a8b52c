#!/usr/bin/env bash
# Battery: with nothing happening the app must sleep. Starts the app on a demo vault under Xvfb,
# once on the case list and once in the visit note editor, lets it settle,
# then measures its CPU time (all threads, from /proc/PID/stat) over a quiet window.
# usage: idle_cpu_test.sh APP [SECONDS]    Fails above 1% of one core.
set -euo pipefail
app=$1
window=${2:-10}
if ! command -v xvfb-run >/dev/null 2>&1; then echo "SKIP: xvfb-run is not installed"; exit 77; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
hz=$(getconf CLK_TCK)
measure() {  # measure SCREEN
  local screen=$1
  rm -f "$work/pid"
  ASAN_OPTIONS=detect_leaks=0 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" bash -c \
    '"$1" --demo --screen "$2" & echo $! > "$3"; wait' idle "$app" "$screen" "$work/pid" &
  local runner=$!
  for _ in $(seq 100); do [ -s "$work/pid" ] && break; sleep 0.1; done
  local pid; pid=$(cat "$work/pid")
  # Startup (demo vault, directory import, font atlas, first frames) is not idle: wait until the
  # CPU time stops moving for two seconds (at most 90 s, for a loaded CI machine).
  local last=-1 now steady=0
  for _ in $(seq 90); do
    now=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    if [ "$now" = "$last" ]; then steady=$((steady + 1)); else steady=0; fi
    [ "$steady" -ge 2 ] && break
    last=$now
    sleep 1
  done
  local t0 t1
  t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  sleep "$window"
  t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill "$pid"; wait "$runner" 2>/dev/null || true
  awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$window" -v n="$screen" \
    'BEGIN { p = (b - a) / hz / s * 100; printf "idle CPU on %s: %.2f%% of one core (%d ticks in %d s)\n", n, p, b - a, s; exit !(p < 1.0) }'
}
measure cases
measure visit
