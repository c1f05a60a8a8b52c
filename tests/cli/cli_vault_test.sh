#!/usr/bin/env bash
# End-to-end test of passerelle-cli over a real vault: the scripted path administrators and the
# other tests rely on. Usage: cli_vault_test.sh PATH/TO/passerelle-cli
set -euo pipefail
CLI=$1
# The shared checks (ok, ko, expect_exit, finish) and the scratch directory $T.
source "$(dirname "${BASH_SOURCE[0]}")/../support/cli_harness.sh"
export PASSERELLE_VAULT=$T/v.vault PASSERELLE_PASSPHRASE='corr3ct horse'
snapshot() { sha256sum "$T"/v.vault* | sort; }

expect_exit 0 "init" -- "$CLI" init --worker "Ana Peeters" --service CAW --low-cost-kdf
expect_exit 7 "init twice is refused" -- "$CLI" init --worker X --low-cost-kdf
person=$("$CLI" person add --name "Jan (fictief) V." --status sentenced --language nl --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
dossier=$("$CLI" dossier add --person "$person" --next-review 2026-12-01 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
expect_exit 0 "visit add" -- "$CLI" visit add --dossier "$dossier" --place "Gevangenis van Brugge" --kind tripartite --outcome present --practice mentoring,change_talk
expect_exit 0 "note add" -- "$CLI" note add --dossier "$dossier" --text "Zoekt woning in Gent; OCMW-afspraak gepland." --domains housing
expect_exit 0 "plan add" -- "$CLI" plan add --dossier "$dossier" --domain housing --goal "Woning vinden" --due 2027-01-15
item=$("$CLI" dossier show "$dossier" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["plan"][0]["id"])')
expect_exit 0 "plan set" -- "$CLI" plan set "$item" --status in_progress
expect_exit 0 "consent add" -- "$CLI" consent add --dossier "$dossier" --partner "Justitiehuis Brugge" --scope attendance
consent=$("$CLI" dossier show "$dossier" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["consents"][0]["id"])')
expect_exit 0 "consent withdraw" -- "$CLI" consent withdraw "$consent" --date 2026-11-20

# Listings print JSON objects with an "id".
"$CLI" dossier list --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d and all("id" in x for x in d)' && ok || ko "dossier list --json"
"$CLI" note list --dossier "$dossier" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[0]["body"].startswith("Zoekt") and d[0]["scope"]=="service"' && ok || ko "note list --json"
"$CLI" person list --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[0]["id"].startswith("per-")' && ok || ko "person list --json"
"$CLI" dossier show "$dossier" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["plan"][0]["status"]=="in_progress" and d["consents"][0]["withdrawn_on"]=="2026-11-20"' && ok || ko "dossier show"

# The canonical dump is deterministic.
"$CLI" dump --canonical > "$T/d1"; "$CLI" dump --canonical > "$T/d2"
cmp -s "$T/d1" "$T/d2" && ok || ko "dump --canonical differs between two runs"
# It writes UTF-8 text as is (no \u escapes), and is still valid JSON.
expect_exit 0 "person with accents" -- "$CLI" person add --name "Zoë Çelik-Müller"
"$CLI" dump --canonical > "$T/d3"
grep -q "Zoë Çelik-Müller" "$T/d3" && ok || ko "dump --canonical escapes non-ASCII text"
grep -q '\\u00' "$T/d3" && ko "dump --canonical holds \\u escapes" || ok
python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); assert any(p["name"]=="Zoë Çelik-Müller" for p in d["person"])' "$T/d3" && ok || ko "dump --canonical is not valid JSON"
# Global options before the command words; dates in the Belgian order; help without a passphrase.
"$CLI" --vault "$PASSERELLE_VAULT" --json person list | python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 2' && ok || ko "--vault and --json before the command"
expect_exit 0 "a date as 01/12/2026" -- "$CLI" dossier set "$dossier" --next-review 01/12/2026
"$CLI" dossier show "$dossier" --json | python3 -c 'import json,sys; assert json.load(sys.stdin)["next_review"] == "2026-12-01"' && ok || ko "01/12/2026 stored as 2026-12-01"
expect_exit 3 "a date that does not exist" -- "$CLI" dossier set "$dossier" --next-review 2026-02-30
grep -qx "The next review 2026-02-30 does not exist." "$T/err" && ok || ko "impossible date message: $(cat "$T/err")"
# Text tables are aligned by characters, not bytes, whatever the accents.
p2=$("$CLI" person add --name "Ève Müller-Çelik" --establishment "Prison de Haren" --status sentenced --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
expect_exit 0 "dossier for an accented name" -- "$CLI" dossier add --person "$p2"
"$CLI" dossier list | python3 -c '
import sys
lines = sys.stdin.read().splitlines()
assert len(lines) == 2 and len({l.index("review") for l in lines}) == 1, lines' && ok || ko "dossier list columns not aligned with accents"
"$CLI" person list | python3 -c '
import sys
lines = [l for l in sys.stdin.read().splitlines() if "sentenced" in l]
assert len(lines) == 2 and len({l.index("sentenced") for l in lines}) == 1, lines' && ok || ko "person list columns not aligned with accents"
expect_exit 0 "plan add --help without passphrase" -- env -u PASSERELLE_PASSPHRASE -u PASSERELLE_VAULT "$CLI" plan add --help

# Bad input: distinct exit code, one sentence, nothing written.
before=$(snapshot)
expect_exit 3 "unknown life domain" -- "$CLI" plan add --dossier "$dossier" --domain astrology --goal x
grep -q "not a known life_domain" "$T/err" && ok || ko "unknown domain message: $(cat "$T/err")"
expect_exit 3 "malformed date" -- "$CLI" visit add --dossier "$dossier" --date 2026-13-01
expect_exit 4 "missing dossier" -- "$CLI" note add --dossier dos-0000000000000000000 --text x
expect_exit 64 "unknown field (an unknown option)" -- "$CLI" plan set "$item" --colour blue
expect_exit 64 "unknown command" -- "$CLI" frobnicate
[ "$(snapshot)" = "$before" ] && ok || ko "bad input changed the vault files"

# Wrong passphrase: exit 2, "wrong passphrase", files byte-identical.
before=$(snapshot)
PASSERELLE_PASSPHRASE=wrong expect_exit 2 "wrong passphrase" -- "$CLI" dossier list
grep -qi "wrong passphrase" "$T/err" && ok || ko "wrong passphrase message: $(cat "$T/err")"
[ "$(snapshot)" = "$before" ] && ok || ko "wrong passphrase changed the vault files"

# Passphrase change, and a passphrase file.
PASSERELLE_NEW_PASSPHRASE='n3w staple' expect_exit 0 "passwd" -- "$CLI" passwd --low-cost-kdf
expect_exit 2 "old passphrase no longer opens" -- "$CLI" dossier list
printf 'n3w staple\n' > "$T/pass"
env -u PASSERELLE_PASSPHRASE "$CLI" dossier list --passphrase-file "$T/pass" >/dev/null && ok || ko "--passphrase-file"
export PASSERELLE_PASSPHRASE='n3w staple'
expect_exit 0 "check" -- "$CLI" check
# Issue 10: an edit with nothing in it never erases a note; emptying it is an explicit act.
note=$("$CLI" note list --dossier "$dossier" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
before=$(snapshot)
expect_exit 3 "note edit without text" -- "$CLI" note edit "$note"
expect_exit 3 "note edit with empty text" -- "$CLI" note edit "$note" --text ""
expect_exit 64 "note edit with a misspelled option" -- "$CLI" note edit "$note" --txt x
[ "$(snapshot)" = "$before" ] && ok || ko "a refused note edit changed the vault files"
"$CLI" note list --dossier "$dossier" --json | python3 -c 'import json,sys; assert json.load(sys.stdin)[0]["body"].startswith("Zoekt")' && ok || ko "the note kept its text"
expect_exit 0 "note edit --clear" -- "$CLI" note edit "$note" --clear
"$CLI" note list --dossier "$dossier" --json | python3 -c 'import json,sys; assert json.load(sys.stdin)[0]["body"] is None' && ok || ko "--clear empties the note"
# Issue 10: the demo never replaces a vault; it works on a new path.
before=$(snapshot)
expect_exit 7 "demo over an existing vault" -- "$CLI" demo
[ "$(snapshot)" = "$before" ] && ok || ko "demo changed an existing vault"
expect_exit 0 "demo on a new path" -- "$CLI" demo --vault "$T/demo.vault"
PASSERELLE_PASSPHRASE=demo-passerelle "$CLI" dossier list --vault "$T/demo.vault" | grep -q "fictif" && ok || ko "demo vault content"
expect_exit 7 "demo twice on the same path" -- "$CLI" demo --vault "$T/demo.vault"
# No plaintext in the files.
if grep -a -q -e "Zoekt woning" -e "SQLite format 3" -e "Jan (fictief)" "$T"/v.vault*; then ko "plaintext found in vault files"; else ok; fi

finish cli_vault_test
