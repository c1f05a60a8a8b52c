#!/usr/bin/env bash
# Real-window screenshots under Xvfb (Mesa), checked not blank: every screen in every language at
# 1280x800, and every screen at 1024x768 and 800x1280 (portrait tablet) with UI scales 100, 150
# and 200 % (issue 13, "layouts that fit"; that nothing is cut is checked headless by
# ui_layout_fit_test, which draws the same screens with the same fonts).
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
ls "$out"/*.png | wc -l | grep -qx 60 || { echo "expected 60 screenshots (20 screens x 3 languages)"; ls -l "$out"; exit 1; }
"$png_check" "$out"/*.png
mkdir "$out/sizes"
"$src/ui/tools/screenshots_sizes.sh" "$app" "$out/sizes" fr
ls "$out"/sizes/*.png | wc -l | grep -qx 36 || { echo "expected 36 screenshots at tablet sizes"; ls -l "$out/sizes"; exit 1; }
"$png_check" "$out"/sizes/*.png
# Each PNG is exactly the window size asked for (the window is not clamped to a smaller screen).
python3 - "$out/sizes" <<'PY'
import os, struct, sys
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    w, h = struct.unpack(">II", open(os.path.join(d, f), "rb").read()[16:24])
    want = f.rsplit("-", 2)[1]
    assert f"{w}x{h}" == want, (f, w, h)
print("sizes ok")
PY
