#!/usr/bin/env bash
# End-to-end test of the directory commands of passerelle-cli (issue 5): the README's "done means"
# (import the bundled directory, then `directory search "sante mentale"` and
# `directory search huisvesting --json` find the right seed entries), refused files leave the vault
# unchanged, annotations and referrals.
# Usage: cli_directory_test.sh PATH/TO/passerelle-cli SOURCE_DIR
set -euo pipefail
CLI=$1
SRC=$2
# The shared checks (ok, ko, expect_exit, finish) and the scratch directory $T.
source "$(dirname "${BASH_SOURCE[0]}")/../support/cli_harness.sh"
export PASSERELLE_VAULT=$T/v.vault PASSERELLE_PASSPHRASE=xxxxxxxxxx PASSERELLE_ASSETS=$SRC/assets
snapshot() { "$CLI" directory export; "$CLI" directory annotations; }
json_ids() { python3 -c 'import json,sys; print(" ".join(h["id"] for h in json.load(sys.stdin)))'; }

# Issue 13 defect 7: `init` installs the shipped R.A.J. directory, so a new vault searches at once
# (before, `directory search` refused with a hint until someone ran `directory import`).
expect_exit 0 "init" -- "$CLI" init --worker "Ana Peeters" --service CAW --low-cost-kdf
grep -q "service directory" "$T/out" && ok || ko "init says the directory is installed: $(cat "$T/out")"
expect_exit 0 "search right after init" -- "$CLI" directory search logement
[ -s "$T/out" ] && ok || ko "a new vault lists the shipped entries"

expect_exit 0 "dry run of the bundled file" -- "$CLI" directory import "$SRC/assets/directory/services.json" --dry-run
grep -q "already installed" "$T/out" && ok || ko "dry-run summary: $(cat "$T/out")"
expect_exit 0 "same file again" -- "$CLI" directory import "$SRC/assets/directory/services.json"
grep -q "already installed" "$T/out" && ok || ko "re-import: $(cat "$T/out")"

# The issue's "done means".
"$CLI" directory search "sante mentale" > "$T/out"
head -1 "$T/out" | grep -q "^type-centre-sante-mentale " && ok || ko "sante mentale: $(cat "$T/out")"
grep -q "^rezone " "$T/out" && ok || ko "sante mentale finds Rézone: $(cat "$T/out")"
ids=$("$CLI" directory search huisvesting --json | json_ids)
for id in housing-first-belgium brusshelp type-ais type-maison-accueil rizome; do
  case " $ids " in *" $id "*) ok ;; *) ko "huisvesting misses $id: $ids" ;; esac
done
"$CLI" directory search huisvesting --json | python3 -c '
import json, sys
hits = json.load(sys.stdin)
assert hits and all("id" in h and h["matched"] for h in hits), hits
assert all("housing" in h["themes"] for h in hits if h["rank_class"] < 2), hits
assert any(m["field"] == "theme" and m["value"] == "housing" for m in hits[0]["matched"]), hits[0]' && ok || ko "huisvesting --json shape"
ids=$("$CLI" directory search --theme addiction --region wallonia --json | json_ids)
[ "$ids" = "macadam" ] && ok || ko "theme+region filter: $ids"
ids=$("$CLI" directory search --inside-prison --lang nl --json | json_ids)
[ "$ids" = "caw-limburg-team-extremisme" ] && ok || ko "inside-prison + lang: $ids"
expect_exit 3 "unknown theme filter" -- "$CLI" directory search x --theme astrology

# Refused files: every error listed with its entry, exit 3, nothing changed.
before=$(snapshot)
expect_exit 3 "bad e-mail/phone/URL file" -- "$CLI" directory import "$SRC/tests/data/directory/bad_email_phone_url.json" --dry-run
[ "$(grep -c "bad_email_phone_url.json: entries\[" "$T/out")" -eq 5 ] && ok || ko "five errors listed: $(cat "$T/out")"
grep -q "entries\[1\] (id=test-bad-phone-and-website) phone: bad_phone" "$T/out" && ok || ko "issue line format: $(cat "$T/out")"
for f in bad_unknown_theme bad_duplicate_id bad_missing_name; do
  expect_exit 3 "$f" -- "$CLI" directory import "$SRC/tests/data/directory/$f.json"
done
expect_exit 4 "missing file" -- "$CLI" directory import "$T/nope.json"
[ "$(snapshot)" = "$before" ] && ok || ko "a refused import changed the directory"

# Export re-imports as the same version; show, annotate, refer.
expect_exit 0 "export" -- "$CLI" directory export --out "$T/export.json"
cmp -s "$T/export.json" "$SRC/assets/directory/services.json" && ok || ko "export differs from the published file"
expect_exit 0 "show" -- "$CLI" directory show raj-reseau
grep -q "02/346.31.51" "$T/out" && ok || ko "show raj-reseau: $(cat "$T/out")"
expect_exit 4 "show unknown" -- "$CLI" directory show nope
expect_exit 0 "annotate" -- "$CLI" directory annotate rezone --text "Liste d'attente de 3 mois en mai."
"$CLI" directory show rezone --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["annotations"][0]["text"].startswith("Liste")' && ok || ko "annotation shown"
person=$("$CLI" person add --name "Test (fictif)" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
dossier=$("$CLI" dossier add --person "$person" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
"$CLI" plan add --dossier "$dossier" --domain housing --goal "Logement" >/dev/null
item=$("$CLI" dossier show "$dossier" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["plan"][0]["id"])')
expect_exit 4 "refer to an unknown service" -- "$CLI" directory refer --plan-item "$item" --service-id nope
expect_exit 0 "refer" -- "$CLI" directory refer --plan-item "$item" --service-id housing-first-belgium --status contacted
"$CLI" dossier show "$dossier" --json | python3 -c 'import json,sys; r=json.load(sys.stdin)["referrals"]; assert len(r)==1 and r[0]["service_id"]=="housing-first-belgium" and r[0]["status"]=="contacted"' && ok || ko "referral recorded"

# A newer directory (version 2, one description changed): the dry run says what would change and
# writes nothing, the import replaces it, and the worker's annotation is kept.
python3 - "$SRC/assets/directory/services.json" "$T/v2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["version"] += 1
next(e for e in d["entries"] if e["id"] == "rezone")["description_fr"] += " (mis à jour)"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
expect_exit 0 "dry run of version 2" -- "$CLI" directory import "$T/v2.json" --dry-run
grep -q "nothing was imported (--dry-run)" "$T/out" && ok || ko "dry-run summary: $(cat "$T/out")"
cmp -s <("$CLI" directory export) "$SRC/assets/directory/services.json" && ok || ko "the dry run changed the directory"
expect_exit 0 "import version 2" -- "$CLI" directory import "$T/v2.json"
grep -q "Imported directory version 2" "$T/out" && ok || ko "import summary: $(cat "$T/out")"
"$CLI" directory show rezone --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["annotations"][0]["text"].startswith("Liste")' && ok || ko "annotation kept across versions"

finish cli_directory_test
