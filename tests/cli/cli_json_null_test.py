#!/usr/bin/env python3
"""Issue 13, "the same null/empty convention in every JSON output" (docs/cli.md, "JSON"): over a
vault with records that leave their optional fields unset, every command that prints JSON prints
null for a value that is not there (never ""), and a list as a list ([] when empty).

Usage: cli_json_null_test.py PATH/TO/passerelle-cli SOURCE_DIR"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CLI, SRC = sys.argv[1], sys.argv[2]
failures = 0


def run(*args, env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    r = subprocess.run([CLI, *args], capture_output=True, env=env, timeout=120)
    if r.returncode != 0:
        sys.exit(f"setup failed: {' '.join(args)}: {r.stderr.decode(errors='replace')}")
    return r.stdout.decode()


def empty_strings(value, path="$"):
    """Every place an empty string appears as a value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from empty_strings(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from empty_strings(v, f"{path}[{i}]")
    elif value == "":
        yield path


def check(what, cond):
    global failures
    print(("ok   " if cond else "FAIL ") + what)
    failures += 0 if cond else 1


with tempfile.TemporaryDirectory() as tmp:
    os.environ.update({"PASSERELLE_VAULT": str(Path(tmp, "v.vault")), "PASSERELLE_PASSPHRASE": "correct horse",
                       "PASSERELLE_ASSETS": str(Path(SRC, "assets"))})
    run("init", "--worker", "Ana Peeters", "--low-cost-kdf")  # no --service: the device has none
    run("directory", "import", str(Path(SRC, "assets/directory/services.json")))
    person = json.loads(run("person", "add", "--name", "Jan (fictief) V.", "--json"))["id"]
    dossier = json.loads(run("dossier", "add", "--person", person, "--json"))["id"]
    run("visit", "add", "--dossier", dossier, "--date", "2026-11-04")
    run("note", "add", "--dossier", dossier, "--text", "Zoekt woning.")
    run("plan", "add", "--dossier", dossier, "--domain", "housing", "--goal", "Woning")
    outputs = {
        "person list": run("person", "list", "--json"),
        "dossier list": run("dossier", "list", "--json"),
        "dossier show": run("dossier", "show", dossier, "--json"),
        "note list": run("note", "list", "--dossier", dossier, "--json"),
        "history": run("history", person, "alias", "--json"),
        "sync status": run("sync", "status", "--json"),
        "directory search": run("directory", "search", "huisvesting", "--json"),
        "directory show": run("directory", "show", "rezone", "--json"),
        "hub status": run("hub", "status", "--json"),
    }
    for name, text in outputs.items():
        value = json.loads(text)
        bad = list(empty_strings(value))
        check(f"{name}: no empty string, absent values are null {bad[:3] if bad else ''}", not bad)
    p = json.loads(outputs["person list"])[0]
    check("person: an alias never given is null", "alias" in p and p["alias"] is None)
    check("person: no birth date is null", p["birth_date"] is None)
    d = json.loads(outputs["dossier show"])
    check("dossier: no expected release is null", d["expected_release"] is None)
    check("dossier: lists are lists, [] when empty", d["consents"] == [] and d["referrals"] == [] and
          isinstance(d["visits"], list) and len(d["visits"]) == 1)
    check("visit: no outcome yet is null", d["visits"][0]["outcome"] is None)
    check("visit: no practice code is []", d["visits"][0]["practice_codes"] == [])
    s = json.loads(outputs["sync status"])
    check("sync status: no service is null; no team key id is null; no peer is []",
          s["service"] is None and s["team_key_id"] is None and s["peers"] == [])

    h = json.loads(outputs["hub status"])
    check("hub status: no hub joined: never synced and no hub name are null, the network is on",
          h["enrolled"] is False and h["last_sync_at"] is None and h["hub_name"] is None and h["network"] == "on")

print(f"{len(outputs) + 8 - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
