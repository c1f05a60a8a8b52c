#!/usr/bin/env python3
"""`passerelle-cli batch` (issue 14, docs/cli.md "Batch mode"): one unlock, JSON lines in, one JSON
result per line out, stopping or continuing on error as asked.

Checked:
  1. a table of bad lines: each gives one result line with the exit code the row names and a
     one-sentence error, and writes nothing;
  2. the same validation as every other path: every line that names a real command gives the
     same exit code and the same sentence as that command run on its own;
  3. --stop-on-error (the default) runs nothing after the first failure; --keep-going runs every
     line; the batch exits with the first failure's code and says so in one sentence;
  4. the unlock happens once: PASSERELLE_PASSPHRASE is read (and wiped from the environment) by
     the batch, so a line that opened the vault again would have no passphrase; many lines
     succeeding in one batch proves they share the one open vault;
  5. the results are JSON: the command's JSON output as JSON, text output as a string.

Usage: cli_batch_test.py PATH/TO/passerelle-cli SOURCE_DIR"""
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
CODES = enum_codes(os.path.abspath(sys.argv[2]))
failures = 0


def check(what, cond, detail=""):
    global failures
    print(("ok   " if cond else "FAIL ") + what + ("" if cond else f": {detail}"))
    if not cond:
        failures += 1


tmp = tempfile.TemporaryDirectory()
root = Path(tmp.name)
vault = root / "v.vault"
ENV = dict(os.environ, PASSERELLE_VAULT=str(vault), PASSERELLE_PASSPHRASE="correct horse")
ENV.pop("PASSERELLE_NEW_PASSPHRASE", None)


def run(args, stdin=b"", env=None):
    return subprocess.run([CLI, *args], input=stdin, capture_output=True, env=env or ENV, timeout=300)


def ok(args):
    r = run(args)
    if r.returncode != 0:
        sys.exit(f"setup failed: {args}: {r.stderr.decode(errors='replace')}")
    return r.stdout


def state():
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.glob("v.vault*"))
            if not p.name.endswith("-shm")}


def batch(lines, *flags, env=None):
    text = b"".join((l if isinstance(l, bytes) else l.encode() if isinstance(l, str) else json.dumps(l).encode()) + b"\n"
                    for l in lines)
    r = run(["batch", *flags], text, env)
    results = [json.loads(l) for l in r.stdout.decode().splitlines()]
    return r, results


ok(["init", "--worker", "Ana", "--low-cost-kdf"])
person = json.loads(ok(["person", "add", "--name", "Karim", "--json"]))["id"]
dossier = json.loads(ok(["dossier", "add", "--person", person, "--json"]))["id"]
(root / "unsigned.pdf").write_bytes(b"%PDF-1.5\n1 0 obj << >> endobj\n%%EOF\n")

# ---- 1. Bad lines, one at a time (the batch's only line). --------------------------------------
BAD = [
    # (line as sent, exit name, why)
    ("not json", "invalid input", "not JSON"),
    ("{\"args\": [\"person\", \"list\"]", "invalid input", "truncated JSON"),
    ("[\"person\", \"list\"]", "invalid input", "an array, not an object"),
    ("\"person list\"", "invalid input", "a string"),
    ({}, "invalid input", "no args"),
    ({"args": []}, "invalid input", "empty args"),
    ({"args": "person list"}, "invalid input", "args not a list"),
    ({"args": ["person", 1]}, "invalid input", "a number among the args"),
    ({"args": ["person", None]}, "invalid input", "null among the args"),
    ({"args": ["person", "list"], "id": 3}, "invalid input", "an unknown key"),
    (b'{"args": ["person", "add", "--name", "Jos\xe9"]}', "invalid input", "not UTF-8 (Latin-1 text)"),
    ({"args": ["frobnicate"]}, "usage", "unknown command"),
    ({"args": ["init", "--worker", "X"]}, "usage", "init inside a batch"),
    ({"args": ["passwd"]}, "usage", "passwd inside a batch"),
    ({"args": ["demo"]}, "usage", "demo inside a batch"),
    ({"args": ["batch"]}, "usage", "a batch inside a batch"),
    ({"args": ["person", "list", "--vault", "/tmp/x"]}, "usage", "--vault on a line"),
    ({"args": ["person", "list", "--vault=/tmp/x"]}, "usage", "--vault= on a line"),
    ({"args": ["person", "list", "--passphrase-file", "/tmp/x"]}, "usage", "--passphrase-file on a line"),
    ({"args": ["person", "add", "--help"]}, "usage", "help on a line"),
    ({"args": ["note", "add", "--dossier", dossier, "--text-file", "-"]}, "invalid input", "stdin as the note text"),
    ({"args": ["note", "add", "--dossier", dossier, "--text-file=-"]}, "invalid input", "stdin as the note text (=)"),
    ({"args": ["person", "add"]}, "invalid input", "missing --name"),
    ({"args": ["person", "add", "--name", ""]}, "invalid input", "empty name"),
    ({"args": ["person", "add", "--name", "X", "--nmae", "Y"]}, "usage", "misspelled option"),
    ({"args": ["person", "add", "--name", "X", "--name", "Y"]}, "usage", "option twice"),
    ({"args": ["person", "add", "--name", "X", "surplus"]}, "usage", "extra argument"),
    ({"args": ["person", "add", "--name", "X", "--birth-date", "2026-02-30"]}, "invalid input", "a date not in the calendar"),
    ({"args": ["person", "add", "--name", "bell\u0007"]}, "invalid input", "a control character"),
    ({"args": ["dossier", "show", "dos-0000000000000000000"]}, "not found", "no such dossier"),
    ({"args": ["dossier", "show", person]}, "invalid input", "a person id for a dossier"),
    ({"args": ["note", "add", "--dossier", dossier, "--text", "x", "--scope", "partner", "--partner", "CAW"]},
     "refused", "partner scope without consent"),
    ({"args": ["sync", "import", str(root / "missing.bundle")]}, "not found", "a missing bundle"),
    ({"args": ["import", str(root / "missing.json")]}, "not found", "a missing import file"),
    ({"args": ["verify", str(root / "unsigned.pdf")]}, "not authentic", "verify: a PDF with no signature"),
]
for line, code, why in BAD:
    before = state()
    r, results = batch([line])
    want = CODES[code]
    res = results[0] if len(results) == 1 else {}
    check(f"bad line ({why}): one result with exit {want}", len(results) == 1 and res.get("exit") == want,
          f"{results!r}")
    err = res.get("error") or ""
    check(f"bad line ({why}): one sentence", err.endswith(".") and "\n" not in err, repr(err))
    check(f"bad line ({why}): the batch exits {want}", r.returncode == want, f"exit {r.returncode}")
    lines = r.stderr.decode().splitlines()
    check(f"bad line ({why}): one line on stderr", len(lines) == 1 and lines[0].endswith("."), repr(r.stderr))
    check(f"bad line ({why}): nothing written", state() == before)
    # 2. The same command on its own: the same exit code and the same sentence.
    if isinstance(line, dict) and set(line) == {"args"} and isinstance(line["args"], list) and line["args"] and \
            all(isinstance(a, str) for a in line["args"]) and line["args"][0] not in ("init", "passwd", "demo", "batch") \
            and "-" not in line["args"] and "--text-file=-" not in line["args"] and "--help" not in line["args"] \
            and not any(a.startswith(("--vault", "--passphrase-file")) for a in line["args"]):
        alone = run(line["args"])
        check(f"bad line ({why}): same exit as the command alone", alone.returncode == res.get("exit"),
              f"alone {alone.returncode}, batch {res.get('exit')}")
        check(f"bad line ({why}): same sentence as the command alone",
              alone.stderr.decode().strip() == err, f"alone {alone.stderr!r}, batch {err!r}")

# ---- 3. Stop or keep going. ---------------------------------------------------------------------
mixed = [
    {"args": ["person", "add", "--name", "First"]},
    {"args": ["person", "add"]},
    "",  # a blank line is skipped, not a result
    {"args": ["person", "add", "--name", "Third"]},
    {"args": ["frobnicate"]},
    {"args": ["person", "add", "--name", "Fifth"]},
]


def names():
    return sorted(p["name"] for p in json.loads(ok(["person", "list", "--json"])))


base = names()
r, results = batch(mixed)
check("stop-on-error is the default: results up to the first failure", [x["line"] for x in results] == [1, 2],
      f"{results!r}")
check("stop-on-error: exit of the first failure", r.returncode == CODES["invalid input"], f"exit {r.returncode}")
check("stop-on-error: only the line before the failure was written", names() == sorted(base + ["First"]), names())
check("stop-on-error: the sentence says the rest was not run", "not run" in r.stderr.decode(), repr(r.stderr))

r, results = batch(mixed, "--stop-on-error")
check("--stop-on-error given: same as the default", [x["line"] for x in results] == [1, 2])

base = names()
r, results = batch(mixed, "--keep-going")
check("keep-going: one result per non-blank line, numbered as read", [x["line"] for x in results] == [1, 2, 4, 5, 6],
      f"{results!r}")
check("keep-going: exits with the first failure's code", r.returncode == CODES["invalid input"], f"exit {r.returncode}")
check("keep-going: every good line written", names() == sorted(base + ["First", "Third", "Fifth"]), names())
check("keep-going: the sentence counts the failures", "2 of 5 lines failed" in r.stderr.decode(), repr(r.stderr))
check("both --keep-going and --stop-on-error are refused",
      run(["batch", "--keep-going", "--stop-on-error"], b"").returncode == CODES["invalid input"])

# ---- 4 and 5. One unlock; JSON results. ---------------------------------------------------------
lines = [{"args": ["person", "add", "--name", f"Batch {i}"]} for i in range(40)]
lines.append({"args": ["person", "list"]})
lines.append({"args": ["check"]})
lines.append({"args": ["dump", "--canonical"]})
r, results = batch(lines)
check("40 adds, a list, a check and a dump in one batch: all exit 0", r.returncode == 0 and
      all(x["exit"] == 0 and x["error"] is None for x in results), f"{r.stderr!r} {results[-3:]!r}")
check("an add's output is its JSON ({\"id\": ...}), --json added by the batch",
      isinstance(results[0]["output"], dict) and results[0]["output"]["id"].startswith("per-"), repr(results[0]))
check("a listing's output is the JSON list", isinstance(results[40]["output"], list) and
      any(p["name"] == "Batch 39" for p in results[40]["output"]))
check("check --json as JSON", results[41]["output"] == {"ok": True, "problems": []}, repr(results[41]))
check("a command without JSON gives its text", isinstance(results[42]["output"], str) and
      json.loads(results[42]["output"])["format"] == 1)
check("empty input: no result, exit 0", batch([])[0].returncode == 0 and batch([])[1] == [])
wrong = dict(ENV, PASSERELLE_PASSPHRASE="wrong")
r, results = batch([{"args": ["person", "list"]}], env=wrong)
check("a wrong passphrase stops the batch before any line", r.returncode == CODES["wrong passphrase"] and results == [],
      f"{r.returncode} {results!r}")

print(f"{failures} failures")
sys.exit(1 if failures else 0)
