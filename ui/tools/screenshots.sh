#!/usr/bin/env bash
# Renders every screen of a fresh demo vault in every given language to OUTDIR/SCREEN-LANG.png,
# in one Xvfb server (Mesa software OpenGL). Used by the screenshot test and for docs/screenshots.
# usage: screenshots.sh APP OUTDIR [LANG...]   (default languages: fr nl en)
set -euo pipefail
app=$1
out=$2
shift 2
langs=("$@")
[ ${#langs[@]} -gt 0 ] || langs=(fr nl en)
mkdir -p "$out"
# Leak checking stays on for our code in the headless tests; here the GL/X client libraries (not
# instrumented, no frame pointers) leave small allocations LeakSanitizer cannot attribute.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" bash -c '
  set -e
  app=$1; out=$2; shift 2
  for lang in "$@"; do
    for screen in unlock cases dossier visit directory sync disclosures attestation referral_sheet exit_report co_report consents release team plan assessment family assessment_form relative_form service_picker; do
      "$app" --demo --lang "$lang" --size 1280x800 --screen "$screen" --screenshot "$out/$screen-$lang.png"
    done
  done' screenshots "$app" "$out" "${langs[@]}"
