#!/usr/bin/env bash
# Five-year vault benchmark (issue 14): builds the 10 % and 100 % vaults with scale_bench gen
# (cached under build/scale-bench/PERCENT unless REGEN=1), then runs each measured step in its own
# process, ROUNDS times (median), and prints the issue's table side by side with the growth ratio.
# The unlock is never timed (vaults use the low-cost KDF; the CLI's 0.5 s Argon2id comes on top).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/release/bench/scale_bench}
DIR=${DIR:-build/scale-bench}
ROUNDS=${ROUNDS:-3}
SCALES=${SCALES:-"10 100"}

lines=()
for pct in $SCALES; do
  d="$DIR/$pct"
  if [ "${REGEN:-0}" = 1 ] || [ ! -f "$d/note_text_bytes" ]; then
    echo "generating the $pct % vault..." >&2
    lines+=("$("$BIN" gen "$d" "$pct" | grep '^RESULT') percent=$pct")
  fi
  # full-export writes the bundle the bootstrap imports; the others only read (small-export notes
  # the export time of a known peer).
  for step in size small-export status screen full-export bootstrap check dump; do
    n=$ROUNDS
    [ "$step" = size ] && n=1
    for r in $(seq "$n"); do
      lines+=("$("$BIN" "$step" "$d" | grep '^RESULT') percent=$pct")
    done
  done
done

# Not per scale: a note save at 200, 2,000 and 20,000 characters, and autosave against one save.
for r in $(seq "$ROUNDS"); do
  while read -r l; do lines+=("$l percent=0"); done < <("$BIN" typing "$DIR/typing" | grep '^RESULT')
done
lines+=("$("$BIN" autosave "$DIR/typing" | grep '^RESULT') percent=0")

python3 - "$SCALES" "${lines[@]}" <<'PY'
import sys, statistics
scales = sys.argv[1].split()
res = {}
for line in sys.argv[2:]:
    kind, *kv = line.split()
    d = dict(x.split('=', 1) for x in kv)
    res.setdefault((d['percent'], d['step']), []).append(d)
def med(p, step, key):
    rows = res.get((p, step), [])
    return statistics.median(float(r[key]) for r in rows) if rows else float('nan')
def maxv(p, step, key):
    rows = res.get((p, step), [])
    return max(float(r[key]) for r in rows) if rows else float('nan')
lo, hi = scales[0], scales[-1]
for p in scales:
    g = res.get((p, 'gen'))
    if g:
        g = g[0]
        print(f"generated {p} %: {g['case_files']} case files, {g['ops']} ops, {int(g['note_text_bytes'])/1e6:.1f} MB of note text in {g['gen_s']} s (+ first sync {g['first_sync_s']} s)")
def both(p, step, fmt_ms):  # wall (CPU): on a machine shared with builds, CPU time is the steadier figure
    return f"{fmt_ms(med(p, step, 'ms'))} ({fmt_ms(med(p, step, 'cpu_ms'))} CPU)"
ms = lambda v: f"{v:.1f} ms"
sec = lambda v: f"{v/1e3:.2f} s"
rows = [
  ('vault size / note plaintext', lambda p: f"{med(p,'size','vault_mb'):.0f} MB ({med(p,'size','ratio'):.1f}x)", lambda p: med(p,'size','vault_mb'), '<= 2.5x'),
  ('small sync export', lambda p: f"{both(p,'small-export',ms)}, {med(p,'small-export','ops'):.0f} ops, {med(p,'small-export','bytes')/1e3:.1f} KB", lambda p: med(p,'small-export','cpu_ms'), '<= 50 ms, growth <= 1.5x'),
  ('sync status', lambda p: both(p,'status',ms), lambda p: med(p,'status','cpu_ms'), '<= 50 ms, growth <= 1.5x'),
  ('sync screen, opened', lambda p: both(p,'screen',ms), lambda p: med(p,'screen','cpu_ms'), '<= 50 ms, growth <= 1.5x'),
  ('full sync export', lambda p: f"{both(p,'full-export',sec)}, {med(p,'full-export','bytes')/1e6:.1f} MB", lambda p: med(p,'full-export','cpu_ms'), ''),
  ('new device: import of everything', lambda p: f"{both(p,'bootstrap',sec)}, {maxv(p,'bootstrap','peak_mib'):.0f} MiB peak", lambda p: med(p,'bootstrap','cpu_ms'), '<= 5 s, <= 256 MiB'),
  ('check', lambda p: f"{both(p,'check',sec)}, {maxv(p,'check','peak_mib'):.0f} MiB", lambda p: med(p,'check','cpu_ms'), '<= 3 s, <= 128 MiB'),
  ('dump --canonical', lambda p: f"{both(p,'dump',sec)}, {maxv(p,'dump','peak_mib'):.0f} MiB", lambda p: med(p,'dump','cpu_ms'), '<= 3 s, <= 128 MiB'),
]
print(f"\n| median of runs, unlock excluded: wall (CPU) | {lo} % | {hi} % | growth (CPU) | target (at 100 %) |")
print("| --- | ---: | ---: | ---: | --- |")
for name, fmt, val, target in rows:
    a, b = val(lo), val(hi)
    print(f"| {name} | {fmt(lo)} | {fmt(hi)} | {b/a:.1f}x | {target} |")
typing = {}
for r in res.get(('0', 'typing'), []):
    typing.setdefault(r['chars'], []).append(r)
if typing:
    cells = []
    for chars, rows in sorted(typing.items(), key=lambda kv: int(kv[0])):
        cells.append(f"{int(chars):,} chars: {statistics.median(float(r['ms']) for r in rows):.2f} ms ({statistics.median(float(r['cpu_ms']) for r in rows):.2f} ms CPU)")
    lo_c, hi_c = min(typing, key=int), max(typing, key=int)
    ratio = lambda k: statistics.median(float(r[k]) for r in typing[hi_c]) / statistics.median(float(r[k]) for r in typing[lo_c])
    print(f"\nnote save, mean of 60 saves, median of runs: " + "; ".join(cells) + f"; {hi_c} / {lo_c}: {ratio('ms'):.2f}x wall, {ratio('cpu_ms'):.2f}x CPU (target <= 1.5x)")
for r in res.get(('0', 'autosave'), []):
    print(f"autosave every 4 characters vs one save ({r['notes']} notes): storage {r['autosaved_kb']} KB vs {r['once_kb']} KB ({r['size_ratio']}x), "
          f"bundle {r['autosaved_bundle_kb']} KB vs {r['once_bundle_kb']} KB ({r['bundle_ratio']}x), ops {r['autosaved_ops']} vs {r['once_ops']} (target <= 1.5x)")
for p in scales:
    bs = res.get((p, 'bootstrap'), [])
    if bs:
        print(f"bootstrap at {p} %: shared-only dumps identical in every run: {all(r['same_dump'] == '1' for r in bs)}")
    ck = res.get((p, 'check'), [])
    if ck:
        print(f"check at {p} %: problems found: {ck[0]['problems']}")
PY
