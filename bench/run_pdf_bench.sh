#!/usr/bin/env bash
# Disclosure PDF benchmark (issue 12): render + sign time and size of an attendance attestation for
# 52 weekly visits and of a 20-page document. Targets for the attestation: <= 200 ms, <= 150 KB.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/release/bench}
ROUNDS=${ROUNDS:-20}
"$BIN/pdf_render_bench" "$ROUNDS" | tee /dev/stderr | grep '^RESULT case=attestation_52' | python3 -c '
import sys
d = dict(x.split("=", 1) for x in sys.stdin.read().split()[1:])
ms, kb = float(d["render_ms"]), int(d["bytes"]) / 1000
print(f"attestation (52 visits): {ms:.1f} ms (target <= 200: {\"met\" if ms <= 200 else \"MISSED\"}), "
      f"{kb:.1f} KB (target <= 150: {\"met\" if kb <= 150 else \"MISSED\"})")'
