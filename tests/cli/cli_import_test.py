#!/usr/bin/env python3
"""`passerelle-cli import FILE` (issue 14, docs/import.md): case files from a service's existing
records, checked whole first (every problem with its JSON path, nothing written), then one
transaction per case file, with a summary; a second import of the same file skips every case file.
Data: tests/data/import/.

Usage: cli_import_test.py PATH/TO/passerelle-cli SOURCE_DIR"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exit_codes import enum_codes  # noqa: E402

CLI = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
CODES = enum_codes(SRC)
DATA = Path(SRC, "tests/data/import")
failures = 0


def check(what, cond, detail=""):
    global failures
    print(("ok   " if cond else "FAIL ") + what + ("" if cond else f": {detail}"))
    if not cond:
        failures += 1


tmp = tempfile.TemporaryDirectory()
root = Path(tmp.name)
ENV = dict(os.environ, PASSERELLE_VAULT=str(root / "v.vault"), PASSERELLE_PASSPHRASE="correct horse")


def run(*args):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, env=ENV, timeout=300)


def ok(*args):
    r = run(*args)
    if r.returncode != 0:
        sys.exit(f"setup failed: {args}: {r.stderr.decode(errors='replace')}")
    return r.stdout.decode()


def state():
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.glob("v.vault*"))
            if not p.name.endswith("-shm")}


ok("init", "--worker", "Ana", "--service", "CAW", "--low-cost-kdf")

# ---- Every problem of the bad file, at its path; nothing written. --------------------------------
EXPECTED = [  # (JSON path, a word of its sentence)
    ("$.comment", "no key"),
    ("$.case_files[0].visits[0].date", "does not exist"),
    ("$.case_files[0].visits[1].kind", "phone"),
    ("$.case_files[0].visits[1].ref", "v1"),
    ("$.case_files[0].visits[2].participants", "blank"),
    ("$.case_files[0].notes[0].body", "needs text"),
    ("$.case_files[0].notes[1].visit", "v9"),
    ("$.case_files[0].notes[2].scope", "partner"),
    ("$.case_files[0].notes[3].author", "set by the vault"),
    ("$.case_files[0].notes[4].domains[1]", "moon"),
    ("$.case_files[0].plan_items[0]", "goal"),
    ("$.case_files[0].consents[0].expires_on", "expire before"),
    ("$.case_files[1].external_id", "also used"),
    ("$.case_files[1].person.nmae", "no field"),
    ("$.case_files[1].person", "needs a name"),
    ("$.case_files[1].dossier.person_id", "links each record"),
    ("$.case_files[1].dossier.basis", "whatever"),
    ("$.case_files[2].external_id", "external id"),
    ("$.case_files[2].person.name", "must be a text"),
    ("$.case_files[2].person.birth_date", "not a date"),
    ("$.case_files[2].dossier", "JSON object"),
    ("$.case_files[2].notes", "must be a list"),
    ("$.case_files[3]", "JSON object"),
]
before = state()
r = run("import", DATA / "bad_case_files.json")
check("bad file: exit invalid input", r.returncode == CODES["invalid input"], f"exit {r.returncode}")
err = r.stderr.decode().splitlines()
check("bad file: one sentence on stderr", len(err) == 1 and err[0].endswith("nothing was written."), repr(r.stderr))
listed = [l.split(": ", 1) for l in r.stdout.decode().splitlines()]
paths = [p for p, _ in listed]
for path, word in EXPECTED:
    found = [m for p, m in listed if p == path]
    check(f"bad file: {path} reported", any(word in m for m in found), f"{found!r}")
check("bad file: nothing else reported", sorted(paths) == sorted(p for p, _ in EXPECTED),
      sorted(set(paths) ^ {p for p, _ in EXPECTED}))
check("bad file: each problem one sentence", all(m.endswith(".") for _, m in listed))
check("bad file: the stderr sentence counts them", f"has {len(EXPECTED)} problems" in r.stderr.decode(), repr(r.stderr))
check("bad file: nothing written", state() == before)
r = run("import", DATA / "bad_case_files.json", "--json")
doc = json.loads(r.stdout)
check("bad file --json: the same problems as objects", doc["ok"] is False and
      sorted(p["path"] for p in doc["problems"]) == sorted(p for p, _ in EXPECTED))

for name, content in [("empty.json", b""), ("latin1.json", b'{"format": "passerelle-case-files", "version": 1, '
                                                          b'"case_files": [{"external_id": "Jos\xe9"}]}'),
                      ("array.json", b"[]"), ("v2.json", b'{"format": "passerelle-case-files", "version": 2, "case_files": []}')]:
    (root / name).write_bytes(content)
    before = state()
    r = run("import", root / name)
    check(f"{name}: exit invalid input, nothing written", r.returncode == CODES["invalid input"] and state() == before,
          f"exit {r.returncode} {r.stderr!r}")
check("a missing file: not found", run("import", root / "none.json").returncode == CODES["not found"])

# ---- The good file: --check-only writes nothing, then the import, then again. -------------------
before = state()
r = run("import", DATA / "case_files.json", "--check-only", "--json")
doc = json.loads(r.stdout)
check("--check-only: would import 3, writes nothing", r.returncode == 0 and doc["imported"] == 3 and
      all(c["status"] == "would_import" for c in doc["case_files"]) and state() == before, f"{doc!r}")

r = run("import", DATA / "case_files.json", "--json")
doc = json.loads(r.stdout)
check("import: 3 case files", r.returncode == 0 and doc["imported"] == 3 and doc["skipped"] == 0, f"{r.stderr!r}")
check("import: the records counted", doc["records"] == {"persons": 3, "dossiers": 3, "visits": 2, "notes": 4,
                                                        "plan_items": 1, "consents": 1}, f"{doc['records']!r}")
ids = {c["external_id"]: c for c in doc["case_files"]}
karim = ids["CAW-2021-0042"]["dossier_id"]
show = json.loads(ok("dossier", "show", karim, "--json"))
text = json.dumps(show, ensure_ascii=False)
check("import: a date typed day first is stored ISO", "1989-03-14" in text and "2026-11-06" in text)
notes = json.loads(ok("note", "list", "--dossier", karim, "--json"))
bodies = {n["body"]: n for n in notes}
first = bodies.get("Premier entretien au parloir. Karim cherche un logement à Bruxelles.")
check("import: a note linked to its visit by ref", first is not None and first["visit_id"] is not None, f"{notes!r}")
check("import: the author is the worker importing", first is not None and first["author"] == "Ana")
check("import: the private note stays private", any(n["scope"] == "private" for n in notes))
check("import: the vault is healthy", run("check").returncode == 0)
text_summary = run("import", DATA / "case_files.json")
check("re-import: every case file skipped, said in the summary", text_summary.returncode == 0 and
      b"Imported 0 case files" in text_summary.stdout and b"3 already imported, skipped" in text_summary.stdout,
      repr(text_summary.stdout))
before = state()
r = run("import", DATA / "case_files.json", "--json")
doc = json.loads(r.stdout)
check("re-import --json: all skipped, same ids, nothing written",
      doc["imported"] == 0 and doc["skipped"] == 3 and all(c["status"] == "skipped" for c in doc["case_files"]) and
      {c["external_id"]: c["dossier_id"] for c in doc["case_files"]} ==
      {k: v["dossier_id"] for k, v in ids.items()} and state() == before)
ok("delete", karim)
r = run("import", DATA / "case_files.json", "--json")
check("a case file imported then deleted is not brought back", json.loads(r.stdout)["skipped"] == 3)

# Another organisation importing the same file gets other ids (an external id is the service's own).
other = dict(ENV, PASSERELLE_VAULT=str(root / "other.vault"))
subprocess.run([CLI, "init", "--worker", "Bram", "--service", "Autre", "--low-cost-kdf"], env=other, capture_output=True)
r = subprocess.run([CLI, "import", str(DATA / "case_files.json"), "--json"], env=other, capture_output=True)
theirs = {c["dossier_id"] for c in json.loads(r.stdout)["case_files"]}
check("another organisation: the same file, other ids", r.returncode == 0 and not theirs & {v["dossier_id"] for v in ids.values()})

print(f"{failures} failures")
sys.exit(1 if failures else 0)
