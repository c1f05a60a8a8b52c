#!/usr/bin/env bash
# The project's one entry point on a fresh Debian 12 machine:
#   ./dev.sh demo    install what is missing, build, create a demo vault and start the field app on it
#   ./dev.sh test    install what is missing, build with sanitizers and -Werror, run every test
#   ./dev.sh test NAME [-- DOCTEST-OPTIONS...]
#                    only the tests whose ctest name matches NAME (a regular expression, as
#                    ctest -R), building only what they need; the options reach each doctest
#                    binary, e.g. ./dev.sh test core_vault_test -- -tc="*wrong*"
# Other verbs (used by the two above and by CI): deps, build, bench, screenshots.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
JOBS=${JOBS:-$(nproc)}
# Let ccache reuse objects across clones of the repository (CI builds a fresh clone each time).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$ROOT} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

# Debian packages the build, the tests and the app need (see docs/dependencies.md for why each).
PACKAGES=(build-essential cmake ninja-build ccache pkg-config clang lld libclang-rt-14-dev
  libssl-dev libsodium-dev libzstd-dev zlib1g-dev nlohmann-json3-dev doctest-dev
  libimgui-dev libglfw3-dev libstb-dev libgl-dev libfreetype-dev fonts-dejavu-core
  xvfb xauth libgl1-mesa-dri strace gdb python3 xdotool
  libcairo2-dev libpango1.0-dev poppler-utils
  libcpp-httplib-dev libpq-dev libpqxx-dev postgresql postgresql-common)

need_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # npm may come from Debian or from a Node.js installed another way; only ask apt when absent.
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    need_root apt-get update -qq
    need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  # The SQLCipher amalgamation, pinned by package-lock.json (no registry address recorded).
  # Installed when missing or not the pinned version; not merely because the lock file is newer
  # (a fresh checkout touches it). A node_modules that is a link (shared by several worktrees) is
  # never reinstalled from here: npm ci would empty the folder it points to.
  if [ ! -f node_modules/@commapp/sqlcipher-amalgamation/src/sqlite3.c ] || ! amalgamation_is_pinned; then
    if [ -L node_modules ]; then
      echo "node_modules links to $(readlink node_modules), whose SQLCipher amalgamation is missing or not the pinned version: run npm ci there." >&2
      exit 69
    fi
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

amalgamation_is_pinned() {
  python3 - <<'PY'
import json, sys
name = "node_modules/@commapp/sqlcipher-amalgamation"
try:
    want = json.load(open("package-lock.json"))["packages"][name]["version"]
    have = json.load(open(name + "/package.json"))["version"]
except (OSError, KeyError, ValueError):
    sys.exit(1)
sys.exit(0 if want == have else 1)
PY
}

configure() {  # configure DIR [cmake args...]
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja "$@"
  fi
}

build_release() {
  configure build/release -DCMAKE_BUILD_TYPE=Release
  cmake --build build/release -j "$JOBS"
}

configure_tests() {
  configure build/asan -DCMAKE_BUILD_TYPE=Debug -DPASSERELLE_SANITIZE=ON -DPASSERELLE_WERROR=ON \
    -DPASSERELLE_BENCH=OFF
}

build_tests() {
  configure_tests
  cmake --build build/asan -j "$JOBS"
}

# libFuzzer targets for every decoder: clang, coverage-instrumented, each run for a bounded time.
build_fuzzers() {
  CC=clang CXX=clang++ configure build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPASSERELLE_FUZZ=ON \
    -DPASSERELLE_SANITIZE=ON -DPASSERELLE_BENCH=OFF
  cmake --build build/fuzz -j "$JOBS" --target fuzzers
}

sanitizer_options() {
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
}

run_tests() {
  sanitizer_options
  with_postgres ctest --test-dir build/asan --output-on-failure -j "$JOBS" --timeout 900
  ctest --test-dir build/fuzz --output-on-failure -j "$JOBS" -L fuzz --timeout 300
}

# The hub's tests (label "postgres") run against a real PostgreSQL server: a throw-away cluster made
# by Debian's pg_virtualenv (postgresql-common) in a temporary directory (-t: also as root, where
# initdb alone refuses to run), on a free loopback port, dropped when the command exits, whatever its
# outcome. The tests find it through PASSERELLE_TEST_PG (a libpq conninfo; the password is in
# PGPASSWORD) and restart it with PASSERELLE_TEST_PG_RESTART; PASSERELLE_REQUIRE_PG makes a
# PostgreSQL case that cannot run fail instead of reporting itself skipped. A server given by the
# caller (PASSERELLE_TEST_PG already set) is used as it is.
with_postgres() {
  if [ -n "${PASSERELLE_TEST_PG:-}" ]; then "$@"; return; fi
  pg_virtualenv -t "$ROOT/dev.sh" _in-postgres "$@"
}

in_postgres() {  # inside pg_virtualenv: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGVERSION are set
  export PASSERELLE_TEST_PG="host=$PGHOST port=$PGPORT user=$PGUSER dbname=$PGDATABASE"
  export PASSERELLE_TEST_PG_RESTART="pg_ctlcluster $PGVERSION regress restart"
  export PASSERELLE_REQUIRE_PG=1
  "$@"
}

# ./dev.sh test NAME [-- OPTIONS...]: the sanitizer tree's tests whose name matches NAME. A test
# that is its own target (every doctest binary, with the helpers it declares) is built alone; a
# script test (the CLI, the app) builds the whole tree. OPTIONS go to every doctest binary through
# PASSERELLE_TEST_ARGS (tests/doctest_main.cpp), one per line.
run_named_tests() {
  local name=$1; shift
  if [ "${1:-}" = "--" ]; then shift; fi
  configure_tests
  local tests=() targets=() t
  mapfile -t tests < <(ctest --test-dir build/asan -N -R "$name" | sed -n 's/^ *Test *#[0-9]*: *//p')
  if [ ${#tests[@]} -eq 0 ]; then
    echo "No test name matches '$name'; list them with: ctest --test-dir build/asan -N" >&2
    exit 66
  fi
  for t in "${tests[@]}"; do
    if ninja -C build/asan -t query "$t" >/dev/null 2>&1; then targets+=("$t"); else targets=(); break; fi
  done
  if [ ${#targets[@]} -gt 0 ]; then
    cmake --build build/asan -j "$JOBS" --target "${targets[@]}"
  else
    cmake --build build/asan -j "$JOBS"
  fi
  sanitizer_options
  local IFS=$'\n'
  local pg=()
  if [ -n "$(ctest --test-dir build/asan -N -L postgres -R "$name" | sed -n '/^ *Test *#/p')" ]; then pg=(with_postgres); fi
  PASSERELLE_TEST_ARGS="$*" "${pg[@]}" ctest --test-dir build/asan --output-on-failure -j "$JOBS" --timeout 900 -R "$name"
}

case "${1:-}" in
  deps) deps ;;
  build) deps; build_release ;;
  demo)
    deps; build_release
    # The demo never replaces a vault, so start again from dev.sh's own demo vault, and only that.
    mkdir -p build/demo
    rm -f build/demo/demo.vault build/demo/demo.vault.key build/demo/demo.vault-wal build/demo/demo.vault-shm
    ./build/release/ui/passerelle-cli demo --vault build/demo/demo.vault
    if [ -x build/release/ui/passerelle ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
      exec ./build/release/ui/passerelle --demo --vault build/demo/demo.vault "${@:2}"
    fi
    echo "No display found: showing the demo vault through the CLI instead."
    PASSERELLE_PASSPHRASE=demo-passerelle ./build/release/ui/passerelle-cli dossier list --vault build/demo/demo.vault
    ;;
  test)
    deps
    if [ $# -gt 1 ]; then run_named_tests "${@:2}"; else build_tests; build_fuzzers; run_tests; fi ;;
  _in-postgres) shift; in_postgres "$@" ;;  # used by with_postgres
  bench)
    deps; build_release; bench/run_all.sh ;;
  package)  # build/package/*.deb: passerelle (app + CLI) and passerelle-hub (cmake/packaging.cmake)
    deps
    configure build/package -DCMAKE_BUILD_TYPE=Release -DPASSERELLE_BENCH=OFF -DPASSERELLE_PACKAGE=ON
    cmake --build build/package -j "$JOBS" --target passerelle passerelle-cli passerelle-hub
    (cd build/package && cpack -G DEB)
    ls -1 build/package/*.deb ;;
  screenshots)  # docs/screenshots/*.png: every screen of the demo vault, French and Dutch (Xvfb)
    deps; build_release; ui/tools/screenshots.sh build/release/ui/passerelle docs/screenshots fr nl
    # and the README's tablet sizes (docs/ui.md, "Layouts that fit")
    sizes=$(mktemp -d); ui/tools/screenshots_sizes.sh build/release/ui/passerelle "$sizes" fr
    for f in cases-1024x768-100 visit-1024x768-150 directory-800x1280-100 dossier-800x1280-200; do
      cp "$sizes/$f.png" docs/screenshots/; done
    rm -rf "$sizes" ;;
  *)
    echo "usage: ./dev.sh demo | test [NAME [-- DOCTEST-OPTIONS...]] | deps | build | bench | screenshots | package" >&2
    exit 64 ;;
esac
