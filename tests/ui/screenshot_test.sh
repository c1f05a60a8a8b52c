#!/usr/bin/env bash
# Real-window screenshots of every screen in every language under Xvfb (Mesa), checked not blank.
# usage: screenshot_test.sh APP PNG_CHECK SOURCE_DIR
set -euo pipefail
app=$1 png_check=$2 src=$3
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "SKIP: xvfb-run is not installed (Debian package xvfb); no screenshot can be taken."
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$src/ui/tools/screenshots.sh" "$app" "$out" fr nl en
ls "$out"/*.png | wc -l | grep -qx 36 || { echo "expected 36 screenshots (12 screens x 3 languages)"; ls -l "$out"; exit 1; }
"$png_check" "$out"/*.png
