#!/usr/bin/env bash
# The project's one entry point on a fresh Debian 12 machine:
#   ./dev.sh demo    install what is missing, build, create a demo vault and start the field app on it
#   ./dev.sh test    install what is missing, build with sanitizers and -Werror, run every test
# Other verbs (used by the two above and by CI): deps, build, bench, fuzz, screenshots.
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
  xvfb xauth libgl1-mesa-dri strace gdb python3)

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
  if [ ! -f node_modules/@commapp/sqlcipher-amalgamation/src/sqlite3.c ] ||
     [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
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

build_tests() {
  configure build/asan -DCMAKE_BUILD_TYPE=Debug -DPASSERELLE_SANITIZE=ON -DPASSERELLE_WERROR=ON \
    -DPASSERELLE_BENCH=OFF
  cmake --build build/asan -j "$JOBS"
}

# libFuzzer targets for every decoder: clang, coverage-instrumented, each run for a bounded time.
build_fuzzers() {
  CC=clang CXX=clang++ configure build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPASSERELLE_FUZZ=ON \
    -DPASSERELLE_SANITIZE=ON -DPASSERELLE_BENCH=OFF
  cmake --build build/fuzz -j "$JOBS" --target fuzzers
}

run_tests() {
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  ctest --test-dir build/asan --output-on-failure -j "$JOBS" --timeout 900
  ctest --test-dir build/fuzz --output-on-failure -j "$JOBS" -L fuzz --timeout 300
}

case "${1:-}" in
  deps) deps ;;
  build) deps; build_release ;;
  demo)
    deps; build_release
    mkdir -p build/demo
    ./build/release/ui/passerelle-cli demo --vault build/demo/demo.vault
    if [ -x build/release/ui/passerelle ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
      exec ./build/release/ui/passerelle --demo --vault build/demo/demo.vault "${@:2}"
    fi
    echo "No display found: showing the demo vault through the CLI instead."
    PASSERELLE_PASSPHRASE=demo-passerelle ./build/release/ui/passerelle-cli dossier list --vault build/demo/demo.vault
    ;;
  test)
    deps; build_tests; build_fuzzers; run_tests ;;
  bench)
    deps; build_release; bench/run_all.sh ;;
  screenshots)  # docs/screenshots/*.png: every screen of the demo vault, French and Dutch (Xvfb)
    deps; build_release; ui/tools/screenshots.sh build/release/ui/passerelle docs/screenshots fr nl ;;
  *)
    echo "usage: ./dev.sh demo | test   (also: deps, build, bench)" >&2; exit 64 ;;
esac
