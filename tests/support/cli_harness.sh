# Shared harness of the CLI end-to-end tests (tests/cli/*.sh, tests/sync/cli_sync_test.sh).
# Sourced, not run, after `set -euo pipefail`:
#   source "$(dirname "${BASH_SOURCE[0]}")/../support/cli_harness.sh"
# Defines:
#   T                      a fresh scratch directory, removed when the script exits
#   ok / ko MESSAGE        count a passed / failed check (ko prints MESSAGE on stderr, and goes on)
#   expect_exit CODE DESCRIPTION -- COMMAND...
#                          runs COMMAND with stdout in $T/out and stderr in $T/err; passes when it
#                          exits with CODE
#   finish NAME            prints "NAME: P passed, F failed"; fails (last command) if any check failed
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass+1)); }
ko() { echo "FAIL: $*" >&2; fail=$((fail+1)); }
expect_exit() {  # expect_exit CODE description -- command...
  local want=$1 what=$2; shift 3
  set +e; "$@" >"$T/out" 2>"$T/err"; local got=$?; set -e
  if [ "$got" -eq "$want" ]; then ok; else ko "$what: exit $got, wanted $want ($(cat "$T/err"))"; fi
}
finish() {
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
