#!/usr/bin/env bash
# Issue 13 defect 1 with real input: the app in a real window under Xvfb, driven by X events
# (xdotool: pointer moves, button presses, key presses, as a mouse, keyboard or touch screen
# sends them). In the visit note editor the test taps into the note, types a word, then taps ONCE
# on Lock, on Done, or on a top tab, and requires the app to act on that one tap. The app tells
# where it drew those widgets and what it shows through PASSERELLE_TEST_TRACE (test-only).
# Also: on the unlock screen, a wrong passphrase then Enter, then the right one then Enter, each
# Enter pressed once (defect 3).
# usage: real_input_test.sh APP SOURCE_DIR        Skips (77) without xvfb-run or xdotool.
set -euo pipefail
app=$1
src=$2
for tool in xvfb-run xdotool; do
  if ! command -v "$tool" >/dev/null 2>&1; then echo "SKIP: $tool is not installed"; exit 77; fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# The inner script runs inside the X server: starts the app, waits for its first frame, runs the
# scenario, and prints what the trace says.
cat > "$work/inner.sh" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
app=$1 vault=$2 trace=$3 scenario=$4
rm -f "$trace"
PASSERELLE_TEST_TRACE=$trace "$app" --demo --vault "$vault" --screen "$([ "$scenario" = unlock ] && echo unlock || echo visit)" \
  --size 1280x800 --lang fr &
pid=$!
# The latest position of a widget in the trace.
at() { grep -o " $1=[0-9]*,[0-9]*" "$trace" | tail -1 | cut -d= -f2 | tr , ' '; }
wait_for() {  # wait_for PATTERN SECONDS
  for _ in $(seq $(( $2 * 10 ))); do
    if [ -f "$trace" ] && tail -1 "$trace" | grep -q -- "$1"; then return 0; fi
    sleep 0.1
  done
  return 1
}
tap() { local xy; xy=$(at "$1"); [ -n "$xy" ] || { echo "no $1 in the trace"; return 1; }
        # shellcheck disable=SC2086
        xdotool mousemove --window "$win" $xy click 1; }
first=$([ "$scenario" = unlock ] && echo "screen=unlock" || echo "screen=visit")
wait_for "$first" 90 || { echo "the app did not show $first"; kill $pid; exit 1; }
win=$(xdotool search --sync --onlyvisible --pid $pid | head -1)
sleep 0.5
result=0
case $scenario in
  unlock)
    tap unlock.passphrase; sleep 0.3
    xdotool type --delay 20 "pas la bonne phrase"; xdotool key Return
    sleep 2  # Argon2id
    # The field kept the focus and was emptied: typing goes straight into it.
    xdotool type --delay 20 "$(cat "$5")"; xdotool key Return
    wait_for "unlocked=1" 20 || { echo "one Enter after the right passphrase did not unlock"; result=1; }
    ;;
  *)
    tap visit.editor; sleep 0.3
    xdotool type --delay 40 " bonjour"; sleep 0.3
    case $scenario in
      lock) target=shell.lock expect="unlocked=0" ;;
      done) target=visit.finish expect="screen=dossier" ;;
      tab) target=nav.directory expect="screen=directory" ;;
    esac
    tap "$target"
    wait_for "$expect" 5 || { echo "one tap on $target did not act: $(tail -1 "$trace")"; result=1; }
    ;;
esac
kill $pid; wait $pid 2>/dev/null || true
exit $result
EOF
chmod +x "$work/inner.sh"
# The demo vault's passphrase (the unlock screen of a demo vault shows it too).
sed -n 's/.*kDemoPassphrase = "\(.*\)";.*/\1/p' "$src/ui/demo/demo_vault.h" | tr -d '\n' > "$work/pass"

for scenario in lock done tab unlock; do
  if [ "$scenario" = unlock ] && [ ! -s "$work/pass" ]; then echo "unlock: no demo passphrase given"; failures=1; continue; fi
  if ASAN_OPTIONS=detect_leaks=0 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
      "$work/inner.sh" "$app" "$work/demo.vault" "$work/trace" "$scenario" "$work/pass"; then
    echo "$scenario: one tap/keypress acted"
  else
    echo "$scenario: FAILED"
    failures=1
  fi
done
exit $failures
