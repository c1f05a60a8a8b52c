#!/usr/bin/env bash
# Renders every screen of a fresh demo vault at the tablet and laptop sizes and UI scales of
# issue 13 (docs/ui.md, "Layouts that fit") to OUTDIR/SCREEN-WxH-SCALE.png, in one Xvfb server.
# usage: screenshots_sizes.sh APP OUTDIR [LANG]   (default language: fr)
set -euo pipefail
app=$1
out=$2
lang=${3:-fr}
mkdir -p "$out"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"  # as screenshots.sh: GL/X libraries
xvfb-run -a -s "-screen 0 1280x1280x24 -nolisten tcp" bash -c '
  set -e
  app=$1; out=$2; lang=$3
  for spec in 1024x768:100 1024x768:150 1024x768:200 800x1280:100 800x1280:150 800x1280:200; do
    size=${spec%%:*} scale=${spec##*:}
    for screen in unlock cases dossier visit directory sync; do
      "$app" --demo --lang "$lang" --size "$size" --scale "$scale" --screen "$screen" \
        --screenshot "$out/$screen-$size-$scale.png"
    done
  done' screenshots "$app" "$out" "$lang"
