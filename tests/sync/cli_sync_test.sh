#!/usr/bin/env bash
# End-to-end sync through passerelle-cli (issue 4, "Done means"): two vaults built with the CLI,
# one team key shared through a passphrase-protected file, concurrent offline edits (the same
# note body on both, the same field on both, a plan item deleted on one and edited on the other),
# bundles exchanged in both directions: byte-identical canonical dumps keeping both text edits.
# Also: what import prints, sync status, and refused bundles leaving the vault byte-identical.
# Usage: cli_sync_test.sh PATH/TO/passerelle-cli
set -euo pipefail
CLI=$1
# The shared checks (ok, ko, expect_exit, finish) and the scratch directory $T.
source "$(dirname "${BASH_SOURCE[0]}")/../support/cli_harness.sh"
export PASSERELLE_PASSPHRASE='corr3ct horse' PASSERELLE_TEAM_PASSPHRASE='team words said aloud'
A=(--vault "$T/ana.vault")
B=(--vault "$T/bram.vault")
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
snapshot() { sha256sum "$T"/bram.vault* | sort; }

# Two workers of one organisation, one team (a team is one organisation's: docs/disclosures.md).
expect_exit 0 "init ana" -- "$CLI" init "${A[@]}" --worker Ana --service CAPREV --low-cost-kdf
expect_exit 0 "init bram" -- "$CLI" init "${B[@]}" --worker Bram --service CAPREV --low-cost-kdf
expect_exit 4 "export before any team" -- "$CLI" sync export "${A[@]}" --to Bram --out "$T/x.bundle"
expect_exit 0 "team init" -- "$CLI" team init "${A[@]}"
expect_exit 7 "team init twice" -- "$CLI" team init "${A[@]}"
expect_exit 0 "team export" -- "$CLI" team export "${A[@]}" --out "$T/team.key" --low-cost-kdf
expect_exit 2 "team join, wrong passphrase" -- env PASSERELLE_TEAM_PASSPHRASE=wrong "$CLI" team join "$T/team.key" "${B[@]}"
# A worker of another organisation cannot join: a maison de justice, or another service.
M=(--vault "$T/mj.vault")
expect_exit 0 "init mj" -- "$CLI" init "${M[@]}" --worker Marc --service "Maison de justice de Mons" --org-kind maison_de_justice --low-cost-kdf
expect_exit 9 "a maison de justice joins a service's team" -- "$CLI" team join "$T/team.key" "${M[@]}"
C=(--vault "$T/caw.vault")
expect_exit 0 "init caw" -- "$CLI" init "${C[@]}" --worker Zoe --service CAW --low-cost-kdf
expect_exit 9 "another service joins" -- "$CLI" team join "$T/team.key" "${C[@]}"
expect_exit 0 "team join" -- "$CLI" team join "$T/team.key" "${B[@]}"

# Ana opens the case file and shares it with Bram.
person=$("$CLI" person add "${A[@]}" --name "Karim B." --status sentenced --json | json 'd["id"]')
dossier=$("$CLI" dossier add "${A[@]}" --person "$person" --next-review 2026-12-01 --json | json 'd["id"]')
note=$("$CLI" note add "${A[@]}" --dossier "$dossier" --text "Visite au parloir. Projet de logement." --json | json 'd["id"]')
"$CLI" plan add "${A[@]}" --dossier "$dossier" --domain housing --goal "Trouver un logement" >/dev/null
item=$("$CLI" dossier show "$dossier" "${A[@]}" --json | json 'd["plan"][0]["id"]')
secret=$("$CLI" note add "${A[@]}" --dossier "$dossier" --scope private --text "PRIVATE-WORDS" --json | json 'd["id"]')
expect_exit 0 "first export" -- "$CLI" sync export "${A[@]}" --to Bram --out "$T/a1.bundle"
grep -q "every shareable change" "$T/out" && ok || ko "first export says everything is included: $(cat "$T/out")"
grep -q "private notes stay on this device" "$T/out" && ok || ko "export mentions withheld private notes"
expect_exit 0 "first import" -- "$CLI" sync import "$T/a1.bundle" "${B[@]}"
grep -q "from Ana (CAPREV)" "$T/out" && grep -q "$dossier — Karim B.: .* by Ana (CAPREV)" "$T/out" && ok ||
  ko "import names the dossier and the author: $(cat "$T/out")"
"$CLI" dump --canonical "${B[@]}" | grep -q "PRIVATE-WORDS" && ko "a private note reached Bram" || ok
"$CLI" dump --canonical "${B[@]}" | grep -q "$secret" && ko "a private note's id reached Bram" || ok
expect_exit 0 "bram acknowledges" -- "$CLI" sync export "${B[@]}" --to Ana --out "$T/b1.bundle"
expect_exit 0 "ana imports the acknowledgement" -- "$CLI" sync import "$T/b1.bundle" "${A[@]}"

# Refused bundles: replay, truncation, tampering; the vault stays byte-identical.
before=$(snapshot)
expect_exit 7 "replayed bundle" -- "$CLI" sync import "$T/a1.bundle" "${B[@]}"
grep -q "already imported" "$T/err" && ok || ko "replay message: $(cat "$T/err")"
head -c 150 "$T/a1.bundle" > "$T/cut.bundle"
expect_exit 6 "truncated bundle" -- "$CLI" sync import "$T/cut.bundle" "${B[@]}"
grep -q "incomplete" "$T/err" && ok || ko "truncation message: $(cat "$T/err")"
python3 - "$T/a1.bundle" "$T/bad.bundle" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read()); b[len(b) // 2] ^= 0x01
open(sys.argv[2], 'wb').write(b)
PY
expect_exit 6 "tampered bundle" -- "$CLI" sync import "$T/bad.bundle" "${B[@]}"
grep -q "damaged or has been altered" "$T/err" && ok || ko "tamper message: $(cat "$T/err")"
[ "$(snapshot)" = "$before" ] && ok || ko "a refused bundle changed Bram's vault"

# Offline, concurrently: the same note, the same field, an item deleted by one and edited by the other.
expect_exit 0 "ana edits the note" -- "$CLI" note edit "$note" "${A[@]}" --text "Visite au parloir (Ana: calme). Projet de logement."
expect_exit 0 "bram edits the note" -- "$CLI" note edit "$note" "${B[@]}" --text "Visite au parloir. Projet de logement. Bram: CPAS le 3."
expect_exit 0 "ana sets the review" -- "$CLI" dossier set "$dossier" "${A[@]}" --next-review 2027-01-10
expect_exit 0 "bram sets the review" -- "$CLI" dossier set "$dossier" "${B[@]}" --next-review 2027-02-01
expect_exit 0 "ana deletes the item" -- "$CLI" delete "$item" "${A[@]}"
expect_exit 0 "bram edits the item" -- "$CLI" plan set "$item" "${B[@]}" --status in_progress
expect_exit 0 "status json" -- "$CLI" sync status "${A[@]}" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=d["peers"][0]; assert p["worker"]=="Bram" and p["pending"]>0 and p["withheld"]>0' "$T/out" && ok ||
  ko "sync status shows pending and withheld changes: $(cat "$T/out")"

# Both directions.
expect_exit 0 "ana -> bram export" -- "$CLI" sync export "${A[@]}" --to Bram --out "$T/a2.bundle"
expect_exit 0 "bram -> ana export" -- "$CLI" sync export "${B[@]}" --to ana --out "$T/b2.bundle"
expect_exit 0 "bram imports" -- "$CLI" sync import "$T/a2.bundle" "${B[@]}"
expect_exit 0 "ana imports" -- "$CLI" sync import "$T/b2.bundle" "${A[@]}"
grep -q "by Bram (CAPREV)" "$T/out" && ok || ko "ana's import names Bram: $(cat "$T/out")"

"$CLI" dump --canonical --shared-only "${A[@]}" > "$T/ana.dump"
"$CLI" dump --canonical --shared-only "${B[@]}" > "$T/bram.dump"
cmp -s "$T/ana.dump" "$T/bram.dump" && ok || { ko "shared dumps differ"; diff "$T/ana.dump" "$T/bram.dump" >&2 || true; }
grep -q "Ana: calme" "$T/ana.dump" && grep -q "Bram: CPAS le 3" "$T/ana.dump" && ok || ko "both text edits kept"
grep -q "Visite au parloir (Ana: calme). Projet de logement. Bram: CPAS le 3." "$T/bram.dump" && ok ||
  ko "merged note text: $(grep -o '"body": "[^"]*"' "$T/bram.dump")"
# Bram never held the private note, so apart from it the full dumps agree too.
"$CLI" dump --canonical "${B[@]}" > "$T/bram.full"
cmp -s "$T/bram.full" "$T/bram.dump" && ok || ko "Bram's full dump has something beyond the shared one"
expect_exit 0 "restore the item" -- "$CLI" restore "$item" "${B[@]}"
"$CLI" dossier show "$dossier" "${B[@]}" --json | json 'd["plan"][0]["status"]' | grep -qx in_progress && ok ||
  ko "the edit made to the deleted item is recoverable"
expect_exit 0 "check ana" -- "$CLI" check "${A[@]}"
expect_exit 0 "check bram" -- "$CLI" check "${B[@]}"

finish cli_sync_test
