#!/usr/bin/env python3
"""Table-driven adversarial test of passerelle-cli (issue 10, "Make it a habit").

For every command listed by `passerelle-cli help`, a table of bad inputs: missing and unknown
options, empty and huge values, invalid UTF-8, control characters, dates that do not exist,
unknown and wrong-kind ids, missing or damaged files. Each row is run against a real vault and
checked for:
  1. the exit code the row names, which must be a code documented in docs/cli.md (numbers are
     read from the Exit enum in ui/cli/cli.h, never written here);
  2. exactly one line on stderr, one sentence ending with a full stop;
  3. nothing written: the vault, its -wal and .key and every fixture file byte-identical
     afterwards, and no file left in the scratch folder a row may name as output.
A command that `help` lists but the table does not cover fails the test: new commands join the
table. Every command also gets generic rows (an unknown option, a missing option value).

Rows marked core=True need work that lives in the core rather than the CLI (refusing invalid
UTF-8, control characters and oversized text, fields that are not user-editable, restoring what
never existed, telling a damaged database from a new one); they run like every other row, and
the summary names them so that a failure is easy to place.

Usage: cli_adversarial_test.py PATH/TO/passerelle-cli SOURCE_DIR
Environment: PASSERELLE_ADVERSARIAL_ONLY=REGEX runs only the rows whose command matches;
PASSERELLE_ADVERSARIAL_SHARD=K/N runs every N-th row from the K-th (0-based), each shard on its own
fixture, so ctest runs the shards side by side (tests/CMakeLists.txt); shard 0 also checks help and
that every command has rows."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exit_codes import documented_codes, enum_codes  # noqa: E402

CLI = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
CODES = enum_codes(SRC)
DOCUMENTED = documented_codes(SRC)

# One argument cannot exceed 128 KiB on Linux (MAX_ARG_STRLEN), so huge values on the command
# line are just under it; huge values in files are 1 MB.
HUGE_ARG = "A" * 131000
MEGABYTE = 1 << 20


class Row:
    def __init__(self, command, args, code, core=False, env=None, stdin=b"", why="", pre=None):
        self.command = command      # "note edit"
        self.args = args            # after the command words; "{note}" etc. name fixtures
        self.pre = pre or []        # before the command words (global options may come first)
        self.code = code            # a name from the Exit enum / docs table: "usage", "invalid input"...
        self.core = core            # needs the core's validation (see the module comment)
        self.env = env or {}        # extra environment (None as a value unsets the variable)
        self.stdin = stdin
        self.why = why              # what the row is about, for the report


def R(command, args, code, **kw):
    return Row(command, args, code, **kw)


# ---- The table -------------------------------------------------------------------------------
# {person} {dossier} {visit} {note} {plan} {consent} {referral}: live records of each kind;
# {deleted}: a deleted plan item; {files}: fixture files (empty, blank, latin1, huge, garbage...);
# {new}: a scratch folder that must stay empty; {foreign_key}/{foreign_bundle}: another team's.
LATIN1 = b"Jos\xe9"           # "José" in Latin-1: not UTF-8
OVERLONG = b"\xc0\xaf"        # an overlong "/"
SURROGATE = b"\xed\xa0\x80"   # UTF-16 surrogate encoded in UTF-8
CTRL = "bell\x07and\x1bescape"

TABLE = [
    # init (a vault already exists at PASSERELLE_VAULT; new paths go to {new})
    R("init", ["--worker", "X", "--low-cost-kdf"], "conflict", why="a vault exists"),
    R("init", ["--low-cost-kdf"], "invalid input", why="missing --worker"),
    R("init", ["--worker", "", "--low-cost-kdf", "--vault", "{new}/a.vault"], "invalid input", why="empty worker"),
    R("init", ["--worker", "X", "--low-cost-kdf", "--vault", "{new}/a.vault", "--kdf", "low"], "usage"),
    R("init", ["--worker", "X", "--low-cost-kdf=yes", "--vault", "{new}/a.vault"], "usage", why="flag with a value"),
    R("init", ["--worker", "X", "surplus", "--vault", "{new}/a.vault"], "usage", why="extra argument"),
    R("init", ["--worker", LATIN1, "--low-cost-kdf", "--vault", "{new}/a.vault"], "invalid input", core=True),
    R("init", ["--worker", CTRL, "--low-cost-kdf", "--vault", "{new}/a.vault"], "invalid input", core=True),
    R("init", ["--worker", "X", "--low-cost-kdf", "--vault", "{new}/a.vault"], "invalid input",
      env={"PASSERELLE_PASSPHRASE": ""}, why="empty passphrase"),
    R("init", ["--worker", "X", "--low-cost-kdf", "--vault", "{new}/a.vault"], "invalid input",
      env={"PASSERELLE_PASSPHRASE": "123456789"}, core=True, why="9 characters: the app's rule (core)"),
    # passwd
    R("passwd", ["--low-cost-kdf"], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong",
                                                             "PASSERELLE_NEW_PASSPHRASE": "n3w staple words"}),
    R("passwd", ["--low-cost-kdf"], "invalid input", env={"PASSERELLE_NEW_PASSPHRASE": "n3w"}, core=True,
      why="new passphrase under 10 characters"),
    R("passwd", ["--low-cost-kdf", "--new-passphrase-file", "{files}/missing"], "not found"),
    R("passwd", ["--low-cost-kdf", "--new-passphrase-file", "{files}/empty"], "invalid input", why="empty new passphrase"),
    R("passwd", ["--low-cost-kdf", "surplus"], "usage"),
    R("passwd", ["--new-passphrase", "x"], "usage", why="the passphrase never on the command line"),
    # dump
    R("dump", [], "invalid input", why="missing --canonical"),
    R("dump", ["--canonical", "--json"], "usage"),
    R("dump", ["--canonical", "surplus"], "usage"),
    R("dump", ["--canonical"], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    # check
    R("check", ["surplus"], "usage"),
    R("check", ["--json=1"], "usage"),
    R("check", [], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    R("check", ["--vault", "{files}/empty.vault"], "corrupt", core=True, why="a 0-byte database is damage"),
    R("check", ["--vault", "{new}/none.vault"], "not found"),
    # demo: never replaces or deletes anything
    R("demo", [], "conflict", why="PASSERELLE_VAULT names a real vault"),
    R("demo", ["--vault", "{files}/keyonly.vault"], "conflict", why="only PATH.key exists"),
    R("demo", ["surplus"], "usage"),
    R("demo", ["--json"], "usage"),
    # person
    R("person add", [], "invalid input", why="missing --name"),
    R("person add", ["--name", ""], "invalid input"),
    R("person add", ["--name", LATIN1], "invalid input", core=True),
    R("person add", ["--name", b"Jos" + OVERLONG], "invalid input", core=True),
    R("person add", ["--name", b"Jos" + SURROGATE], "invalid input", core=True),
    R("person add", ["--name", CTRL], "invalid input", core=True),
    R("person add", ["--name", HUGE_ARG], "invalid input", core=True),
    R("person add", ["--name", "X", "--birth-date", "2026-02-30"], "invalid input"),
    # 30/01/1990 (the Belgian order) is accepted since issue 13; impossible dates in it are not.
    R("person add", ["--name", "X", "--birth-date", "30/13/1990"], "invalid input"),
    R("person add", ["--name", "X", "--birth-date", "01/30/1990"], "invalid input", why="US order"),
    R("person add", ["--name", "X", "--birth-date", "29/02/2026"], "invalid input", why="not a leap year"),
    R("person add", ["--name", "X", "--birth-date", "31.04.1990"], "invalid input"),
    R("person add", ["--name", "X", "--birth-date", "1990/01/30"], "invalid input"),
    R("person add", ["--name", "X", "--birth-date", "30/01/90"], "invalid input", why="two-digit year"),
    # Global options before the command words obey the same rules as after them.
    R("person add", ["--name", "X", "--vault", "{new}/a.vault"], "usage", pre=["--vault", "{new}/b.vault"],
      why="--vault before and after"),
    R("person add", ["--name", "X"], "usage", pre=["--frobnicate"], why="unknown option before the command"),
    R("dump", ["--canonical"], "usage", pre=["--json"], why="--json before a command without JSON"),
    R("person list", [], "wrong passphrase", pre=["--vault", "{vault}"], env={"PASSERELLE_PASSPHRASE": "wrong"}),
    R("person list", [], "usage", pre=["--passphrase-file"], why="option without value before the command"),
    R("person add", ["--name", "X", "--language", "xx"], "invalid input"),
    R("person add", ["--name", "X", "--status", HUGE_ARG], "invalid input"),
    R("person add", ["--name", "X", "--nmae", "Y"], "usage"),
    R("person add", ["--name", "X", "--deleted", "1"], "usage"),
    R("person add", ["--name", "X", "--person-id", "{person}"], "usage"),
    R("person add", ["--name", "X", "--name", "Y"], "usage"),
    R("person add", ["--name", "X", "surplus"], "usage"),
    R("person add", ["--name"], "usage"),
    R("person list", ["surplus"], "usage"),
    R("person list", ["--name", "X"], "usage"),
    R("person list", [], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    # dossier
    R("dossier add", [], "invalid input", why="missing --person"),
    R("dossier add", ["--person", "per-0000000000000000000"], "not found"),
    R("dossier add", ["--person", "{visit}"], "invalid input", why="wrong-kind id"),
    R("dossier add", ["--person", "nonsense"], "invalid input"),
    R("dossier add", ["--person", "{person}", "--next-review", "2026-02-30"], "invalid input"),
    R("dossier add", ["--person", "{person}", "--opened-on", "2026-13-01"], "invalid input"),
    R("dossier add", ["--person", "{person}", "--basis", "astrology"], "invalid input"),
    R("dossier add", ["--person", "{person}", "--referent", LATIN1], "invalid input", core=True),
    R("dossier add", ["--person", "{person}", "--referent", CTRL], "invalid input", core=True),
    R("dossier add", ["--person", "{person}", "--referent", HUGE_ARG], "invalid input", core=True),
    R("dossier add", ["--person", "{person}", "--name", "X"], "usage"),
    R("dossier add", ["--person", "{person}", "--person-id", "{person}"], "usage", why="same field twice"),
    R("dossier list", ["surplus"], "usage"),
    R("dossier list", ["--dossier", "{dossier}"], "usage"),
    R("dossier show", [], "invalid input", why="missing id"),
    R("dossier show", ["dos-0000000000000000000"], "not found"),
    R("dossier show", ["{visit}"], "invalid input", why="wrong-kind id"),
    R("dossier show", ["per-x"], "invalid input", why="wrong-kind id"),
    R("dossier show", [b"dos-\xff\xfe"], "invalid input", why="malformed id"),
    R("dossier show", ["dos-" + HUGE_ARG], "invalid input", why="malformed id"),
    R("dossier show", ["{dossier}", "surplus"], "usage"),
    R("dossier show", ["{dossier}", "--jsn"], "usage"),
    R("dossier set", ["{dossier}"], "invalid input", why="nothing to change"),
    R("dossier set", ["{visit}", "--referent", "X"], "invalid input", why="wrong-kind id"),
    R("dossier set", ["dos-0000000000000000000", "--referent", "X"], "not found"),
    R("dossier set", ["{dossier}", "--next-review", "2026-02-30"], "invalid input"),
    R("dossier set", ["{dossier}", "--next-review", "31/04/2026"], "invalid input"),
    R("dossier set", ["{dossier}", "--basis", ""], "invalid input", core=True, why="empty closed-list value"),
    R("dossier set", ["{dossier}", "--referent", LATIN1], "invalid input", core=True),
    R("dossier set", ["{dossier}", "--referent", CTRL], "invalid input", core=True),
    R("dossier set", ["{dossier}", "--author", "Mallory"], "usage", why="a dossier has no author"),
    R("dossier set", ["{dossier}", "--name", ""], "usage", why="a person's field on a dossier"),
    R("dossier set", ["{dossier}", "--deleted", "1"], "usage"),
    R("dossier set", ["--referent", "X"], "invalid input", why="missing id"),
    R("dossier set", ["{dossier}", "{dossier}", "--referent", "X"], "usage"),
    # visit
    R("visit add", [], "invalid input", why="missing --dossier"),
    R("visit add", ["--dossier", "{note}"], "invalid input", why="wrong-kind id"),
    R("visit add", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("visit add", ["--dossier", "{dossier}", "--date", "2026-02-30"], "invalid input"),
    R("visit add", ["--dossier", "{dossier}", "--date", "30/02/2026"], "invalid input"),
    R("visit add", ["--dossier", "{dossier}", "--kind", "party"], "invalid input"),
    R("visit add", ["--dossier", "{dossier}", "--outcome", "present,no_show"], "invalid input"),
    R("visit add", ["--dossier", "{dossier}", "--practice", "astrology"], "invalid input"),
    R("visit add", ["--dossier", "{dossier}", "--place", LATIN1], "invalid input", core=True),
    R("visit add", ["--dossier", "{dossier}", "--place", CTRL], "invalid input", core=True),
    R("visit add", ["--dossier", "{dossier}", "--author", "Mallory"], "invalid input", core=True,
      why="the author is not user-editable"),
    R("visit add", ["--dossier", "{dossier}", "--practice-codes", "mentoring"], "usage"),
    R("visit add", ["--dossier", "{dossier}", "--text", "x"], "usage"),
    # note
    R("note add", ["--dossier", "{dossier}"], "invalid input", why="no text"),
    R("note add", ["--dossier", "{dossier}", "--text", ""], "invalid input"),
    R("note add", ["--dossier", "{dossier}", "--text-file", "{files}/empty"], "invalid input"),
    R("note add", ["--dossier", "{dossier}", "--text-file", "-"], "invalid input", stdin=b"", why="empty stdin"),
    R("note add", ["--dossier", "{dossier}", "--text-file", "{files}/missing"], "not found"),
    R("note add", ["--dossier", "{dossier}", "--text", "x", "--text-file", "{files}/text"], "invalid input"),
    R("note add", ["--dossier", "{dossier}", "--text", "x", "--body", "y"], "usage", why="same field twice"),
    R("note add", ["--text", "x"], "invalid input", why="missing --dossier"),
    R("note add", ["--dossier", "{visit}", "--text", "x"], "invalid input", why="wrong-kind id"),
    R("note add", ["--dossier", "dos-0000000000000000000", "--text", "x"], "not found"),
    R("note add", ["--dossier", "dos-0000000000000000000", "--text-file", "{files}/huge"], "invalid input", why="text over the bound, refused before the lookup"),
    R("note add", ["--dossier", "{dossier}", "--visit", "{dossier}", "--text", "x"], "invalid input"),
    R("note add", ["--dossier", "{dossier}", "--text", "x", "--scope", "secret"], "invalid input"),
    R("note add", ["--dossier", "{dossier}", "--text", "x", "--scope", "partner", "--partner", "Nobody"],
      "refused", why="partner scope without consent (a refusal of professional secrecy since issue 12)"),
    R("note add", ["--dossier", "{dossier}", "--text", "x", "--domains", "housing,astrology"], "invalid input"),
    R("note add", ["--dossier", "{dossier}", "--text", LATIN1], "invalid input", core=True),
    R("note add", ["--dossier", "{dossier}", "--text-file", "{files}/latin1"], "invalid input", core=True),
    R("note add", ["--dossier", "{dossier}", "--text-file", "{files}/huge_latin1"], "invalid input", core=True),
    R("note add", ["--dossier", "{dossier}", "--text", "x\x1b[2Jy"], "invalid input", core=True),
    R("note add", ["--dossier", "{dossier}", "--text", "x", "--created-at", "2026-02-30T00:00:00Z"],
      "invalid input", core=True),
    R("note add", ["--dossier", "{dossier}", "--text", "x", "--author", "Mallory"], "invalid input", core=True),
    R("note add", ["--dossier", "{dossier}", "--txt", "x"], "usage"),
    R("note edit", ["{note}"], "invalid input", why="nothing to change"),
    R("note edit", ["{note}", "--text", ""], "invalid input"),
    R("note edit", ["{note}", "--text=", ], "invalid input"),
    R("note edit", ["{note}", "--text", " \n\t"], "invalid input", why="blank text"),
    R("note edit", ["{note}", "--text-file", "{files}/empty"], "invalid input"),
    R("note edit", ["{note}", "--text-file", "{files}/blank"], "invalid input"),
    R("note edit", ["{note}", "--text-file", "-"], "invalid input", stdin=b"", why="empty stdin"),
    R("note edit", ["{note}", "--text-file", "{files}/missing"], "not found"),
    R("note edit", ["{note}", "--txt", "x"], "usage", why="the issue's misspelled option"),
    R("note edit", ["{note}", "--text"], "usage", why="option without value"),
    R("note edit", ["{note}", "--clear", "--text", "x"], "invalid input"),
    R("note edit", ["{note}", "--clear=yes"], "usage"),
    R("note edit", ["{note}", "--scope", "private"], "usage"),
    R("note edit", ["{note}", "surplus", "--text", "x"], "usage"),
    R("note edit", ["--text", "x"], "invalid input", why="missing id"),
    R("note edit", ["{dossier}", "--text", "x"], "invalid input", why="wrong-kind id"),
    R("note edit", ["not-0000000000000000000", "--text", "x"], "not found"),
    R("note edit", ["not-0000000000000000000", "--clear"], "not found"),
    R("note edit", ["{note}", "--text", LATIN1], "invalid input", core=True),
    R("note edit", ["{note}", "--text-file", "{files}/huge_latin1"], "invalid input", core=True),
    R("note edit", ["{note}", "--text", CTRL], "invalid input", core=True),
    R("note list", [], "invalid input", why="missing --dossier"),
    R("note list", ["--dossier", "{visit}"], "invalid input", why="wrong-kind id"),
    R("note list", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("note list", ["--dossier", "{dossier}", "surplus"], "usage"),
    R("note list", ["--dossier", "{dossier}", "--scope", "private"], "usage"),
    # plan
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing"], "invalid input", why="missing --goal"),
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", ""], "invalid input"),
    R("plan add", ["--dossier", "{dossier}", "--domain", "astrology", "--goal", "G"], "invalid input"),
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", "G", "--due", "2026-02-30"],
      "invalid input"),
    R("plan add", ["--dossier", "{person}", "--domain", "housing", "--goal", "G"], "invalid input"),
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", LATIN1], "invalid input", core=True),
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", HUGE_ARG], "invalid input", core=True),
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", "G", "--goals", "x"], "usage"),
    R("person set", ["{person}"], "invalid input", why="nothing to change"),
    R("person set", ["{person}", "--name", ""], "invalid input", why="clears a required field"),
    R("person set", ["{person}", "--name", LATIN1], "invalid input"),
    R("person set", ["{person}", "--birth-date", "2026-02-30"], "invalid input"),
    R("person set", ["{dossier}", "--name", "X"], "invalid input", why="wrong-kind id"),
    R("person set", ["per-0000000000000000000", "--name", "X"], "not found"),
    R("person set", ["{person}", "--referent", "X"], "usage", why="a dossier's field on a person"),
    R("visit set", ["{visit}"], "invalid input", why="nothing to change"),
    R("visit set", ["{visit}", "--date", "2026-02-30"], "invalid input"),
    R("visit set", ["{visit}", "--outcome", "maybe"], "invalid input"),
    R("visit set", ["{visit}", "--author", "Mallory"], "invalid input", why="the author is not editable"),
    R("visit set", ["{visit}", "--place", CTRL], "invalid input"),
    R("visit set", ["vis-0000000000000000000", "--place", "X"], "not found"),
    # issue 13: participants of a visit, the monthly review (core/reviews.h)
    R("visit add", ["--dossier", "{dossier}", "--participants", "Ana; ;AJ"], "invalid input", why="blank participant"),
    R("visit add", ["--dossier", "{dossier}", "--participants", CTRL], "invalid input", core=True),
    R("visit participants", [], "invalid input", why="missing id"),
    R("visit participants", ["{dossier}", "--names", "Ana"], "invalid input", why="wrong-kind id"),
    R("visit participants", ["vis-0000000000000000000", "--names", "Ana"], "not found"),
    R("visit participants", ["{visit}"], "invalid input", why="neither --names nor --clear"),
    R("visit participants", ["{visit}", "--names", "Ana", "--clear"], "invalid input", why="both"),
    R("visit participants", ["{visit}", "--names", "Ana;;AJ"], "invalid input", why="blank participant"),
    R("visit participants", ["{visit}", "--names", LATIN1], "invalid input", core=True),
    R("visit participants", ["{visit}", "--names", "A\nB"], "invalid input", core=True, why="two lines"),
    R("visit participants", ["{visit}", "{visit}", "--clear"], "usage"),
    # Issue 15 parts 2, 3, 5, 7: stages, suggestions, assessments, relatives.
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", "G", "--stage", "trust"], "invalid input"),
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", "G", "--suggestions", "housing.barrier.nope"],
      "invalid input", why="unknown suggestion key"),
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", "G", "--suggestions", LATIN1],
      "invalid input", core=True),
    R("plan set", ["{plan}", "--stage", "later"], "invalid input"),
    R("plan set", ["{plan}", "--suggestions", "housing.barrier.emergency_bed"], "usage", why="picks: plan suggest"),
    # Issue 15 part 8: seed 002's practice codes on plan items (by id or number, repeatable).
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", "G", "--practice", "astrology"],
      "invalid input", why="unknown practice code"),
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", "G", "--practice", "15"],
      "invalid input", why="no code numbered 15"),
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", "G", "--practice", "07",
                   "--practice", LATIN1], "invalid input", core=True, why="second value not text"),
    R("plan add", ["--dossier", "{dossier}", "--domain", "housing", "--goal", "G", "--practice-codes", "therapy"],
      "usage", why="the set's own option is --practice"),
    R("plan set", ["{plan}", "--practice", "therapy,astrology"], "invalid input", why="one unknown code"),
    R("plan set", ["{plan}", "--practice", "therapy", "--stage", "later"], "invalid input", why="bad field with codes"),
    R("plan set", ["{deleted}", "--practice", "therapy"], "not found", why="a deleted item"),
    R("plan set", ["{plan}", "--practice"], "usage", why="no value"),
    R("plan stages", [], "invalid input", why="missing --dossier"),
    R("plan stages", ["--dossier", "{plan}"], "invalid input", why="wrong-kind id"),
    R("plan stages", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("plan stages", ["--dossier", "{dossier}", "surplus"], "usage"),
    R("plan suggestions", ["--domain", "astrology"], "invalid input"),
    R("plan suggestions", ["--kind", "obstacle"], "invalid input"),
    R("plan suggestions", ["--lang", "de"], "invalid input"),
    R("plan suggestions", ["--lang", LATIN1], "invalid input"),
    R("plan suggestions", ["surplus"], "usage"),
    R("plan suggest", [], "invalid input", why="missing id"),
    R("plan suggest", ["{dossier}", "--keys", "housing.barrier.emergency_bed"], "invalid input", why="wrong-kind id"),
    R("plan suggest", ["pla-0000000000000000000", "--keys", "housing.barrier.emergency_bed"], "not found"),
    R("plan suggest", ["{plan}"], "invalid input", why="neither --keys nor --clear"),
    R("plan suggest", ["{plan}", "--keys", "housing.barrier.emergency_bed", "--clear"], "invalid input", why="both"),
    R("plan suggest", ["{plan}", "--keys", "housing.barrier.made_up"], "invalid input"),
    R("plan suggest", ["{plan}", "--keys", ""], "invalid input", why="empty key"),
    R("plan suggest", ["{plan}", "--keys", CTRL], "invalid input"),
    R("plan suggest", ["{deleted}", "--keys", "housing.barrier.emergency_bed"], "not found", why="deleted item"),
    R("barriers recurring", ["--kind", "obstacle"], "invalid input"),
    R("barriers recurring", ["--lang", "xx"], "invalid input"),
    R("barriers recurring", ["surplus"], "usage"),
    R("assessment add", [], "invalid input", why="missing --dossier"),
    R("assessment add", ["--dossier", "{plan}"], "invalid input", why="wrong-kind id"),
    R("assessment add", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("assessment add", ["--dossier", "{dossier}", "--scope", "partner"], "invalid input",
      why="never shared with a partner"),
    R("assessment add", ["--dossier", "{dossier}", "--scope", "team"], "invalid input"),
    R("assessment add", ["--dossier", "{dossier}", "--assessed-on", "2099-01-01"], "invalid input", why="future"),
    R("assessment add", ["--dossier", "{dossier}", "--assessed-on", "2026-02-30"], "invalid input"),
    R("assessment add", ["--dossier", "{dossier}", "--assessed-on", "2026-11-04", "--next-assessment", "2026-11-01"],
      "invalid input", why="next before"),
    R("assessment add", ["--dossier", "{dossier}", "--needs", "housing=huge"], "invalid input"),
    R("assessment add", ["--dossier", "{dossier}", "--needs", "moon=high"], "invalid input"),
    R("assessment add", ["--dossier", "{dossier}", "--needs", "housing=high,housing=low"], "invalid input"),
    R("assessment add", ["--dossier", "{dossier}", "--needs", "housing"], "invalid input"),
    R("assessment add", ["--dossier", "{dossier}", "--assessor", " "], "invalid input"),
    R("assessment add", ["--dossier", "{dossier}", "--risk-summary", LATIN1], "invalid input", core=True),
    R("assessment add", ["--dossier", "{dossier}", "--instrument", HUGE_ARG], "invalid input", core=True),
    R("assessment add", ["--dossier", "{dossier}", "--instrument", CTRL], "invalid input", core=True),
    R("assessment add", ["--dossier", "{dossier}", "--author", "X"], "usage"),
    R("assessment set", [], "invalid input", why="missing id"),
    R("assessment set", ["{assessment}"], "invalid input", why="nothing to change"),
    R("assessment set", ["{plan}", "--risk-summary", "x"], "invalid input", why="wrong-kind id"),
    R("assessment set", ["ass-0000000000000000000", "--risk-summary", "x"], "not found"),
    R("assessment set", ["{assessment}", "--scope", "partner"], "invalid input"),
    R("assessment set", ["{assessment}", "--assessed-on", ""], "invalid input", why="clears a required field"),
    R("assessment set", ["{assessment}", "--next-assessment", "2026-01-01"], "invalid input", why="before"),
    R("assessment set", ["{assessment}", "--needs", "debts=sky"], "invalid input"),
    R("assessment set", ["{assessment}", "--risk-summary", LATIN1], "invalid input", core=True),
    R("assessment set", ["{assessment}", "{assessment}", "--risk-summary", "x"], "usage"),
    R("assessment list", [], "invalid input", why="missing --dossier"),
    R("assessment list", ["--dossier", "{plan}"], "invalid input"),
    R("assessment list", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("assessment compare", ["{assessment}"], "invalid input", why="one id"),
    R("assessment compare", ["{assessment}", "{plan}"], "invalid input", why="wrong-kind id"),
    R("assessment compare", ["{assessment}", "ass-0000000000000000000"], "not found"),
    R("assessment compare", ["{assessment}", "{assessment}", "{assessment}"], "usage"),
    R("relative add", [], "invalid input", why="missing --dossier"),
    R("relative add", ["--dossier", "{dossier}", "--relation", "sibling"], "invalid input", why="missing --name"),
    R("relative add", ["--dossier", "{dossier}", "--name", "Z"], "invalid input", why="missing --relation"),
    R("relative add", ["--dossier", "{dossier}", "--name", "Z", "--relation", "cousin"], "invalid input"),
    R("relative add", ["--dossier", "{dossier}", "--name", "Z", "--relation", "sibling", "--contact-consent", "yes"],
      "invalid input"),
    R("relative add", ["--dossier", "{dossier}", "--name", "Z", "--relation", "sibling", "--person", "{person}"],
      "invalid input", why="the person themself"),
    R("relative add", ["--dossier", "{dossier}", "--name", "Z", "--relation", "sibling", "--person",
                       "per-0000000000000000000"], "not found"),
    R("relative add", ["--dossier", "{dossier}", "--name", "Z", "--relation", "sibling", "--plan-items", "{plan}"],
      "invalid input", why="not a family plan item"),
    R("relative add", ["--dossier", "{dossier}", "--name", "Z", "--relation", "sibling", "--plan-items", "{dossier}"],
      "invalid input", why="wrong-kind id"),
    R("relative add", ["--dossier", "dos-0000000000000000000", "--name", "Z", "--relation", "sibling"], "not found"),
    R("relative add", ["--dossier", "{dossier}", "--name", LATIN1, "--relation", "sibling"], "invalid input", core=True),
    R("relative add", ["--dossier", "{dossier}", "--name", HUGE_ARG, "--relation", "sibling"], "invalid input",
      core=True),
    R("relative add", ["--dossier", "{dossier}", "--name", "Z", "--relation", "sibling", "--status", "sentenced"],
      "usage"),
    R("relative set", [], "invalid input", why="missing id"),
    R("relative set", ["{relative}"], "invalid input", why="nothing to change"),
    R("relative set", ["{plan}", "--name", "Z"], "invalid input", why="wrong-kind id"),
    R("relative set", ["rel-0000000000000000000", "--name", "Z"], "not found"),
    R("relative set", ["{relative}", "--name", ""], "invalid input", why="clears a required field"),
    R("relative set", ["{relative}", "--relation", "cousin"], "invalid input"),
    R("relative set", ["{relative}", "--contact-by", CTRL], "invalid input", core=True),
    R("relative set", ["{relative}", "--person", "{person}"], "invalid input", why="the person themself"),
    R("relative link", [], "invalid input", why="missing id"),
    R("relative link", ["{relative}"], "invalid input", why="neither --plan-items nor --clear"),
    R("relative link", ["{relative}", "--plan-items", "{family}", "--clear"], "invalid input", why="both"),
    R("relative link", ["{relative}", "--plan-items", "{plan}"], "invalid input", why="not a family plan item"),
    R("relative link", ["{relative}", "--plan-items", "pla-0000000000000000000"], "not found"),
    R("relative link", ["{plan}", "--clear"], "invalid input", why="wrong-kind id"),
    R("relative list", [], "invalid input", why="missing --dossier"),
    R("relative list", ["--dossier", "{plan}"], "invalid input"),
    R("relative list", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("review add", [], "invalid input", why="missing --dossier"),
    R("review add", ["--dossier", "{visit}"], "invalid input", why="wrong-kind id"),
    R("review add", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("review add", ["--dossier", "{dossier}", "--held-on", "2026-02-30"], "invalid input"),
    R("review add", ["--dossier", "{dossier}", "--held-on", "31/02/2026"], "invalid input"),
    R("review add", ["--dossier", "{dossier}", "--held-on", "2099-01-01"], "invalid input", why="held in the future"),
    R("review add", ["--dossier", "{dossier}", "--held-on", "2026-11-04", "--next-review", "2026-11-04"],
      "invalid input", why="next review not after"),
    R("review add", ["--dossier", "{dossier}", "--participants", "Ana;;AJ"], "invalid input", why="blank participant"),
    R("review add", ["--dossier", "{dossier}", "--participants", CTRL], "invalid input", core=True),
    R("review add", ["--dossier", "{dossier}", "--comment", LATIN1], "invalid input", core=True),
    R("review add", ["--dossier", "{dossier}", "--author", "Mallory"], "usage", why="the author is the vault's"),
    R("review add", ["--dossier", "{dossier}", "surplus"], "usage"),
    R("review set", ["{visit}", "--comment", "x"], "invalid input", why="wrong-kind id"),
    R("review set", ["rev-0000000000000000000", "--comment", "x"], "not found"),
    R("review set", ["{review}"], "invalid input", why="nothing to change"),
    R("review set", ["{review}", "--held-on", "2026-02-30"], "invalid input"),
    R("review set", ["{review}", "--held-on", ""], "invalid input", why="a required field cleared"),
    R("review set", ["{review}", "--author", "Mallory"], "invalid input", why="the author is not editable"),
    R("review set", ["{review}", "--dossier", "{dossier}"], "invalid input", why="the owning link is fixed"),
    R("review set", ["{review}", "--comment", CTRL + "\r"], "invalid input", core=True),
    R("review set", ["{review}", "--participants", "A"], "usage", why="participants are a set: review add"),
    # issue 15: the exit checklist, the care handover, the dossier team (core/exit_plan.h, team.h)
    R("exit list", [], "invalid input", why="missing --dossier"),
    R("exit list", ["--dossier", "{visit}"], "invalid input", why="wrong-kind id"),
    R("exit list", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("exit list", ["--dossier", "{dossier}", "surplus"], "usage"),
    R("exit set", ["--dossier", "{dossier}", "--status", "done"], "invalid input", why="missing step"),
    R("exit set", ["passport", "--dossier", "{dossier}", "--status", "done"], "invalid input", why="step not in the list"),
    R("exit set", ["housing", "--status", "done"], "invalid input", why="missing --dossier"),
    R("exit set", ["housing", "--dossier", "{dossier}"], "invalid input", why="nothing to change"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--status", "finished"], "invalid input"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--status", ""], "invalid input", why="a required field cleared"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--days-before", "-1"], "invalid input"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--days-before", "ten"], "invalid input"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--due-date", "2026-02-30"], "invalid input"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--due-date", "2026-12-01", "--days-before", "3"],
      "invalid input", why="both an offset and a date"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--due-date", "2026-12-01"], "invalid input",
      why="no expected release to count back from"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--member", "tem-0000000000000000000"], "not found"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--member", "{visit}"], "invalid input", why="wrong-kind id"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--commune", "Forest"], "invalid input",
      why="the commune belongs to social income"),
    R("exit set", ["bank_account", "--dossier", "{dossier}", "--housing-route", "registration"], "invalid input"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--comment", LATIN1], "invalid input", core=True),
    R("exit set", ["housing", "--dossier", "{dossier}", "--service", CTRL], "invalid input", core=True),
    R("exit set", ["housing", "--dossier", "dos-0000000000000000000", "--status", "done"], "not found"),
    R("exit set", ["housing", "--dossier", "{dossier}", "--step", "bank_account"], "usage"),
    R("exit set", ["housing", "bank_account", "--dossier", "{dossier}", "--status", "done"], "usage"),
    R("care show", [], "invalid input", why="missing --dossier"),
    R("care show", ["--dossier", "{note}"], "invalid input", why="wrong-kind id"),
    R("care show", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("care show", ["--dossier", "{dossier}", "surplus"], "usage"),
    R("care set", ["--dossier", "{dossier}"], "invalid input", why="nothing to change"),
    R("care set", ["--continues", "yes"], "invalid input", why="missing --dossier"),
    R("care set", ["--dossier", "{dossier}", "--continues", "maybe"], "invalid input"),
    R("care set", ["--dossier", "{dossier}", "--sharing", "oui"], "invalid input"),
    R("care set", ["--dossier", "{dossier}", "--first-appointment", "31/04/2027"], "invalid input"),
    R("care set", ["--dossier", "{dossier}", "--prescriber", HUGE_ARG], "invalid input", core=True,
      why="over the one-line bound"),
    R("care set", ["--dossier", "{dossier}", "--prescriber", LATIN1], "invalid input", core=True),
    R("care set", ["--dossier", "dos-0000000000000000000", "--continues", "yes"], "not found"),
    R("care set", ["--dossier", "{dossier}", "--diagnosis", "x"], "usage", why="no such field"),
    R("member list", [], "invalid input", why="missing --dossier"),
    R("member list", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("member list", ["--dossier", "{plan}"], "invalid input", why="wrong-kind id"),
    R("member who", [], "invalid input", why="missing --dossier"),
    R("member who", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("member who", ["--dossier", "{dossier}", "surplus"], "usage"),
    R("member add", ["--role", "mentor", "--name", "Jo"], "invalid input", why="missing --dossier"),
    R("member add", ["--dossier", "{dossier}", "--name", "Jo"], "invalid input", why="missing --role"),
    R("member add", ["--dossier", "{dossier}", "--role", "mentor"], "invalid input", why="missing --name"),
    R("member add", ["--dossier", "{dossier}", "--role", "mentor", "--name", "  "], "invalid input", why="blank name"),
    R("member add", ["--dossier", "{dossier}", "--role", "boss", "--name", "Jo"], "invalid input"),
    R("member add", ["--dossier", "{dossier}", "--role", "referent", "--name", "Jo"], "invalid input",
      why="the référent changes with the handover"),
    R("member add", ["--dossier", "{dossier}", "--role", "mentor", "--name", "Jo", "--since", "2026-02-30"], "invalid input"),
    R("member add", ["--dossier", "{dossier}", "--role", "mentor", "--name", CTRL], "invalid input", core=True),
    R("member add", ["--dossier", "{dossier}", "--role", "mentor", "--name", HUGE_ARG], "invalid input", core=True),
    R("member add", ["--dossier", "dos-0000000000000000000", "--role", "mentor", "--name", "Jo"], "not found"),
    R("member add", ["--dossier", "{dossier}", "--role", "mentor", "--name", "Jo", "surplus"], "usage"),
    R("member set", [], "invalid input", why="missing id"),
    R("member set", ["{member}"], "invalid input", why="nothing to change"),
    R("member set", ["{member}", "--role", "referent"], "invalid input", why="the référent changes with the handover"),
    R("member set", ["{member}", "--name", ""], "invalid input", why="a required field cleared"),
    R("member set", ["{member}", "--until", "31/02/2027"], "invalid input"),
    R("member set", ["{visit}", "--name", "X"], "invalid input", why="wrong-kind id"),
    R("member set", ["tem-0000000000000000000", "--name", "X"], "not found"),
    R("member set", ["{member}", "--dossier", "{dossier}"], "usage", why="the owning link is fixed"),
    R("referent handover", ["--dossier", "{dossier}"], "invalid input", why="missing name"),
    R("referent handover", ["Lea"], "invalid input", why="missing --dossier"),
    R("referent handover", ["Ana Peeters", "--dossier", "{dossier}"], "invalid input", why="already the référent"),
    R("referent handover", ["Lea", "--dossier", "{dossier}", "--on", "2099-01-01"], "invalid input", why="in the future"),
    R("referent handover", ["Lea", "--dossier", "{dossier}", "--on", "2026-02-30"], "invalid input"),
    R("referent handover", [" ", "--dossier", "{dossier}"], "invalid input", why="blank name"),
    R("referent handover", [LATIN1, "--dossier", "{dossier}"], "invalid input", core=True),
    R("referent handover", ["Lea", "--dossier", "dos-0000000000000000000"], "not found"),
    R("referent handover", ["Lea", "Bob", "--dossier", "{dossier}"], "usage"),
    R("review list", [], "invalid input", why="missing --dossier"),
    R("review list", ["--dossier", "{visit}"], "invalid input", why="wrong-kind id"),
    R("review list", ["--dossier", "dos-0000000000000000000"], "not found"),
    R("review list", ["--dossier", "{dossier}", "surplus"], "usage"),
    R("note set", ["{note}"], "invalid input", why="nothing to change"),
    R("note set", ["{note}", "--scope", "partner", "--partner", "Police"], "refused", why="no consent in force"),
    R("note set", ["{note}", "--author", "Mallory"], "invalid input", why="the author is not editable"),
    R("note set", ["{note}", "--created-at", "2020-01-01T00:00:00Z"], "invalid input", why="creation time is not editable"),
    R("note set", ["{note}", "--text", ""], "invalid input", why="the text goes through note edit"),
    R("note set", ["{note}", "--scope", "secret"], "invalid input"),
    R("note set", ["not-0000000000000000000", "--scope", "service"], "not found"),
    R("consent set", ["{consent}"], "invalid input", why="nothing to change"),
    R("consent set", ["{consent}", "--expires-on", "2026-02-30"], "invalid input"),
    R("consent set", ["{consent}", "--partner", "Other"], "invalid input", why="a consent's partner is fixed"),
    R("consent set", ["con-0000000000000000000", "--expires-on", "2027-01-01"], "not found"),
    R("plan set", ["{plan}"], "invalid input", why="nothing to change"),
    R("plan set", ["{plan}", "--status", "done"], "invalid input"),
    R("plan set", ["{plan}", "--due", "2026-02-30"], "invalid input"),
    R("plan set", ["{plan}", "--due", "00/12/2026"], "invalid input"),
    R("plan set", ["{plan}", "--goal", ""], "invalid input", core=True, why="clears a required field"),
    R("plan set", ["{plan}", "--goal", LATIN1], "invalid input", core=True),
    R("plan set", ["{dossier}", "--status", "planned"], "invalid input", why="wrong-kind id"),
    R("plan set", ["pla-0000000000000000000", "--status", "planned"], "not found"),
    R("plan set", ["{deleted}", "--status", "planned"], "not found", why="a deleted item"),
    R("plan set", ["{plan}", "--colour", "blue"], "usage"),
    R("plan set", ["{plan}", "--referent", "X"], "usage", why="a dossier's field on a plan item"),
    # consent
    R("consent add", ["--dossier", "{dossier}", "--partner", "P"], "invalid input", why="missing --scope"),
    R("consent add", ["--dossier", "{dossier}", "--partner", "", "--scope", "attendance"], "invalid input"),
    R("consent add", ["--dossier", "{dossier}", "--partner", "P", "--scope", "forever"], "invalid input"),
    R("consent add", ["--dossier", "{dossier}", "--partner", "P", "--scope", "attendance", "--given-on",
                      "2026-02-30"], "invalid input"),
    R("consent add", ["--dossier", "{plan}", "--partner", "P", "--scope", "attendance"], "invalid input"),
    R("consent add", ["--dossier", "{dossier}", "--partner", LATIN1, "--scope", "attendance"], "invalid input",
      core=True),
    R("consent add", ["--dossier", "{dossier}", "--partner", "P", "--scope", "attendance", "--until", "x"],
      "usage"),
    R("consent withdraw", [], "invalid input", why="missing id"),
    R("consent withdraw", ["{consent}", "--date", "2026-02-30"], "invalid input"),
    R("consent withdraw", ["{consent}", "--date", "yesterday"], "invalid input"),
    R("consent withdraw", ["con-0000000000000000000", "--date", "2026-01-01"], "not found"),
    R("consent withdraw", ["{consent}", "--date", "2026-01-01", "--date", "2026-01-02"], "usage"),
    R("consent withdraw", ["{consent}", "--withdrawn-on", "2026-01-01"], "usage"),
    # referral
    R("referral add", ["--plan-item", "{plan}"], "invalid input", why="missing --service-id"),
    R("referral add", ["--plan-item", "{dossier}", "--service-id", "rezone"], "invalid input"),
    R("referral add", ["--plan-item", "pla-0000000000000000000", "--service-id", "rezone"], "not found"),
    R("referral add", ["--plan-item", "{plan}", "--service-id", "rezone", "--status", "maybe"], "invalid input"),
    R("referral add", ["--plan-item", "{plan}", "--service-id", LATIN1], "invalid input", core=True),
    R("referral add", ["--plan-item", "{plan}", "--service", "rezone"], "usage"),
    R("referral set", ["{referral}"], "invalid input", why="nothing to change"),
    R("referral set", ["{referral}", "--status", "maybe"], "invalid input"),
    R("referral set", ["{plan}", "--status", "accepted"], "invalid input", why="wrong-kind id"),
    R("referral set", ["ref-0000000000000000000", "--status", "accepted"], "not found"),
    R("referral set", ["{referral}", "--goal", "x"], "usage"),
    R("referral set", ["{referral}", "--comment", LATIN1], "invalid input", core=True),
    # delete / restore / history
    R("delete", [], "invalid input", why="missing id"),
    R("delete", ["per-x"], "invalid input", why="malformed id"),
    R("delete", ["per-0000000000000000000"], "not found"),
    R("delete", ["nonsense"], "invalid input"),
    R("delete", ["{deleted}"], "not found", why="already deleted"),
    R("delete", ["{dossier}", "surplus"], "usage"),
    R("delete", ["{dossier}", "--force"], "usage"),
    R("restore", [], "invalid input", why="missing id"),
    R("restore", ["per-x"], "invalid input", core=True, why="malformed id: no phantom records"),
    R("restore", ["dos-0000000000000000000"], "not found", core=True, why="no phantom records"),
    R("restore", ["nonsense"], "invalid input"),
    R("restore", ["{deleted}", "surplus"], "usage"),
    R("history", ["{dossier}"], "invalid input", why="missing field"),
    R("history", ["per-x", "name"], "invalid input", why="malformed id"),
    R("history", ["per-0000000000000000000", "name"], "not found"),
    R("history", ["dos-0000000000000000000", "referent"], "not found"),
    R("history", ["nonsense", "name"], "invalid input"),
    R("history", ["{dossier}", "name"], "invalid input", why="a person's field on a dossier"),
    R("history", ["{dossier}", "colour"], "invalid input"),
    R("history", ["{dossier}", LATIN1], "invalid input"),
    R("history", ["{dossier}", "referent", "surplus"], "usage"),
    R("history", ["{dossier}", "referent", "--all"], "usage"),
    # directory
    R("directory import", [], "invalid input", why="missing file"),
    R("directory import", ["{files}/missing"], "not found"),
    R("directory import", ["{files}/empty"], "invalid input"),
    R("directory import", ["{files}/latin1"], "invalid input"),
    R("directory import", ["{files}/garbage"], "invalid input"),
    R("directory import", ["{files}/text", "--dry-run=1"], "usage"),
    R("directory import", ["{files}/text", "{files}/text"], "usage"),
    R("directory export", ["--out", "{files}/no-such-folder/x.json"], "io"),
    R("directory export", ["--out", "{new}/x.json", "surplus"], "usage"),
    R("directory export", ["--out"], "usage"),
    R("directory search", ["x", "--theme", "astrology"], "invalid input"),
    R("directory search", ["x", "--limit", "-1"], "invalid input"),
    R("directory search", ["x", "--limit", "9999999999"], "invalid input"),
    R("directory search", ["x", "--inside-prison=yes"], "usage"),
    R("directory search", ["x", "--themes", "housing"], "usage"),
    R("directory show", [], "invalid input", why="missing id"),
    R("directory show", ["nope"], "not found"),
    R("directory show", [LATIN1], "not found"),
    R("directory show", ["rezone", "surplus"], "usage"),
    R("directory annotate", ["rezone"], "invalid input", why="missing --text"),
    R("directory annotate", ["rezone", "--text", ""], "invalid input"),
    R("directory annotate", ["nope", "--text", "x"], "not found"),
    R("directory annotate", ["rezone", "--text", LATIN1], "invalid input", core=True),
    R("directory annotate", ["rezone", "--text", CTRL], "invalid input", core=True),
    R("directory annotate", ["rezone", "--text", "x", "--author", "Mallory"], "usage"),
    R("directory annotations", ["rezone", "surplus"], "usage"),
    R("directory annotations", ["--text", "x"], "usage"),
    R("directory refer", ["--service-id", "rezone"], "invalid input", why="missing --plan-item"),
    R("directory refer", ["--plan-item", "{plan}", "--service-id", "nope"], "not found"),
    R("directory refer", ["--plan-item", "{dossier}", "--service-id", "rezone"], "invalid input"),
    R("directory refer", ["--plan-item", "{plan}", "--service-id", "rezone", "--status", "maybe"], "invalid input"),
    R("directory refer", ["--plan-item", "{plan}", "--service-id", "rezone", "--comment", LATIN1], "invalid input",
      core=True),
    R("directory refer", ["--plan-item", "{plan}", "--service-id", "rezone", "surplus"], "usage"),
    R("directory version", ["surplus"], "usage"),
    R("directory version", ["--out", "x"], "usage"),
    # sync and team (this vault has a team key; {foreign_*} belong to another team)
    R("sync export", ["--out", "{new}/x.bundle"], "invalid input", why="missing --to"),
    R("sync export", ["--to", "Bram"], "invalid input", why="missing --out"),
    R("sync export", ["--to", "Bram", "--out", "{files}/no-such-folder/x.bundle"], "io"),
    R("sync export", ["--to", "Bram", "--out", "{new}/x.bundle", "surplus"], "usage"),
    R("sync export", ["--to", "Bram", "--out", "{new}/x.bundle", "--low-cost-kdf"], "usage"),
    R("sync import", [], "invalid input", why="missing file"),
    R("sync import", ["{files}/missing"], "not found"),
    R("sync import", ["{files}/empty"], "corrupt"),
    R("sync import", ["{files}/garbage"], "corrupt"),
    R("sync import", ["{foreign_bundle}"], "corrupt", why="another team's bundle"),
    R("sync import", ["{foreign_bundle}", "--dry-run"], "usage"),
    R("sync status", ["surplus"], "usage"),
    R("sync status", ["--to", "Bram"], "usage"),
    # the office hub (this vault joined none; nothing here may open a socket)
    R("hub join", [], "invalid input", why="missing address and code"),
    R("hub join", ["127.0.0.1:8443"], "invalid input", why="missing code"),
    R("hub join", ["127.0.0.1:8443", "7K3Q-9XPA-M2DE-4HRT-KQ2V", "surplus"], "usage"),
    R("hub join", ["not an address!", "7K3Q-9XPA-M2DE-4HRT-KQ2V"], "invalid input"),
    R("hub join", ["127.0.0.1:99999", "7K3Q-9XPA-M2DE-4HRT-KQ2V"], "invalid input", why="port out of range"),
    R("hub join", ["127.0.0.1:8443", "garbage"], "invalid input", why="not an enrolment code"),
    R("hub join", ["127.0.0.1:8443", HUGE_ARG], "invalid input"),
    R("hub join", ["127.0.0.1:8443", CTRL], "invalid input"),
    R("hub join", ["127.0.0.1:8443", "7K3Q-9XPA-M2DE-4HRT-KQ2V"], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    R("hub status", ["surplus"], "usage"),
    R("hub status", ["--to", "x"], "usage"),
    R("hub status", [], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    R("hub leave", [], "not found", why="no hub joined"),
    R("hub leave", ["surplus"], "usage"),
    R("sync now", [], "not found", why="no hub joined"),
    R("sync now", ["surplus"], "usage"),
    R("sync now", ["--to", "Bram"], "usage"),
    R("sync outbox", ["surplus"], "usage"),
    R("sync outbox", ["--to", "Bram"], "usage"),
    R("sync outbox", [], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    R("network", [], "invalid input", why="missing on|off"),
    R("network", ["maybe"], "invalid input"),
    R("network", ["ON!"], "invalid input"),
    R("network", ["on", "off"], "usage"),
    R("network", ["off"], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    R("team init", [], "conflict", why="the vault has a team key"),
    R("team init", ["surplus"], "usage"),
    R("team export", [], "invalid input", why="missing --out"),
    R("team export", ["--out", "{files}/no-such-folder/team.key", "--low-cost-kdf"], "io"),
    R("team export", ["--out", "{new}/team.key", "--low-cost-kdf", "--team-passphrase", "x"], "usage"),
    R("team export", ["--out", "{new}/team.key", "--low-cost-kdf", "--team-passphrase-file", "{files}/missing"],
      "not found", env={"PASSERELLE_TEAM_PASSPHRASE": None}),
    R("team join", [], "invalid input", why="missing file"),
    R("team join", ["{files}/missing"], "not found"),
    R("team join", ["{files}/empty"], "corrupt"),
    R("team join", ["{files}/garbage"], "corrupt"),
    R("team join", ["{foreign_key}"], "wrong passphrase", env={"PASSERELLE_TEAM_PASSPHRASE": "wrong"}),
    R("team join", ["{foreign_key}", "surplus"], "usage"),
    R("team join", ["{mj_team_key}"], "refused", why="a maison de justice's team: another organisation"),
    # organisation kind at init (issue 12)
    R("init", ["--worker", "X", "--org-kind", "police", "--low-cost-kdf", "--vault", "{new}/a.vault"], "invalid input"),
    R("init", ["--worker", "X", "--org-kind", "", "--low-cost-kdf", "--vault", "{new}/a.vault"], "invalid input"),
    R("init", ["--worker", "X", "--low-cost-kdf", "--vault", "{new}/a.vault", "--org-kind"], "usage"),
    # consent bypass (issue 12): every command that can change a note's scope or partner
    R("note add", ["--dossier", "{dossier}", "--text", "x", "--scope", "partner", "--partner", "Justitiehuis"],
      "refused", why="a consent of another scope (attendance) does not let notes be shared"),
    R("note add", ["--dossier", "{dossier}", "--text", "x", "--scope", "partner"], "invalid input",
      why="partner scope without a partner"),
    R("note add", ["--dossier", "{dossier}", "--text", "x", "--scope", "partner", "--partner", "Justitiehuis2"],
      "refused", why="a withdrawn shared_notes consent"),
    R("note set", ["{note}", "--scope", "partner", "--partner", "Justitiehuis"], "refused",
      why="a consent of another scope (attendance) does not let notes be shared"),
    R("note set", ["{note}", "--scope", "partner", "--partner", "Justitiehuis2"], "refused",
      why="a withdrawn shared_notes consent"),
    R("note set", ["{note}", "--scope", "partner"], "invalid input", why="partner scope without a partner"),
    R("note set", ["{shared_note}", "--partner", "Police"], "refused", why="switching a shared note to another partner"),
    R("note set", ["{shared_note}", "--partner", ""], "invalid input", why="clearing the partner of a shared note"),
    R("dossier set", ["{note}", "--scope", "partner", "--partner", "Police"], "usage",
      why="dossier set takes no note fields"),
    R("dossier set", ["{note}", "--basis", "mandate"], "invalid input", why="a note id for dossier set"),
    # org card (issue 12)
    R("org card export", [], "invalid input", why="missing --out"),
    R("org card export", ["--out", "{files}/no-such-folder/x.card"], "io"),
    R("org card export", ["--out", "{new}/x.card", "surplus"], "usage"),
    R("org card export", ["--out", "{new}/x.card"], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    R("org card import", [], "invalid input", why="missing file"),
    R("org card import", ["{files}/missing"], "not found"),
    R("org card import", ["{files}/empty"], "invalid input"),
    R("org card import", ["{files}/garbage"], "invalid input"),
    R("org card import", ["{files}/latin1"], "invalid input"),
    R("org card import", ["{files}/tampered.card", "--fingerprint", "{mj_fingerprint}"], "invalid input",
      why="a card whose name was changed"),
    R("org card import", ["{files}/mj.card", "--fingerprint", "AAAA-BBBB-CCCC-DDDD"], "refused",
      why="the fingerprint read aloud differs"),
    R("org card import", ["{files}/mj.card"], "invalid input", why="no fingerprint confirmed, no terminal"),
    R("org card import", ["{files}/own.card", "--fingerprint", "{own_fingerprint}"], "invalid input",
      why="the vault's own card"),
    R("org card import", ["{files}/mj.card", "--fingerprint", "{mj_fingerprint}"], "wrong passphrase",
      env={"PASSERELLE_PASSPHRASE": "wrong"}),
    R("org card import", ["{files}/mj.card", "{files}/mj.card"], "usage"),
    R("org card list", ["surplus"], "usage"),
    R("org card list", ["--json=1"], "usage"),
    R("org card list", [], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    # disclosures (issue 12): every refusal writes nothing, no PDF or packet either ({new} stays empty)
    R("disclose attendance", [], "invalid input", why="missing --dossier"),
    R("disclose attendance", ["--dossier", "{dossier}", "--out", "{new}/a.pdf"], "invalid input", why="missing --to"),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Justitiehuis"], "invalid input", why="missing --out"),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Police", "--out", "{new}/a.pdf"], "refused",
      why="no consent for that recipient"),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Police", "--preview"], "refused",
      why="a preview is refused alike"),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Police", "--out", "{new}/a.pdf", "--necessity",
                              "urgent"], "refused", why="a necessity reason too short to be one"),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Police", "--out", "{new}/a.pdf", "--necessity",
                              LATIN1], "invalid input", core=True),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Justitiehuis", "--out",
                              "{files}/no-such-folder/a.pdf"], "io"),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Justitiehuis", "--out", "{files}/text"], "conflict",
      why="the output file exists"),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Justitiehuis", "--out", "{new}/a.pdf", "--from",
                              "2026-02-30"], "invalid input"),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Justitiehuis", "--out", "{new}/a.pdf", "--from",
                              "2026-03-01", "--to-date", "2026-02-01"], "invalid input", why="period ends before it starts"),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Justitiehuis", "--out", "{new}/a.pdf", "--language",
                              "de"], "invalid input"),
    R("disclose attendance", ["--dossier", "{visit}", "--to", "Justitiehuis", "--out", "{new}/a.pdf"], "invalid input"),
    R("disclose attendance", ["--dossier", "dos-0000000000000000000", "--to", "Justitiehuis", "--out", "{new}/a.pdf"],
      "not found"),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Justitiehuis", "--out", "{new}/a.pdf", "--referral",
                              "{referral}"], "usage", why="an attestation takes no referral"),
    R("disclose attendance", ["--dossier", "{dossier}", "--to", "Justitiehuis", "--out", "{new}/a.pdf"],
      "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    R("disclose referral", ["--dossier", "{dossier}", "--to", "CAW Brabantia", "--out", "{new}/a.pdf"], "invalid input",
      why="missing --referral"),
    R("disclose referral", ["--dossier", "{dossier}", "--to", "CAW Brabantia", "--referral", "{referral}", "--out",
                            "{new}/a.pdf"], "refused", why="no referral consent"),
    R("disclose referral", ["--dossier", "{dossier}", "--to", "CAW Brabantia", "--referral", "{plan}", "--out",
                            "{new}/a.pdf"], "not found", why="not a referral of the dossier"),
    R("disclose referral", ["--dossier", "{dossier}", "--to", "CAW Brabantia", "--referral", "{referral}", "--tick",
                            "note.body", "--out", "{new}/a.pdf"], "invalid input", why="a field not on the list"),
    R("disclose referral", ["--dossier", "{dossier}", "--to", "CAW Brabantia", "--referral", "{referral}", "--notes",
                            "{private_note}", "--out", "{new}/a.pdf"], "invalid input", why="a private note"),
    R("disclose referral", ["--dossier", "{dossier}", "--to", "CAW Brabantia", "--referral", "{referral}", "--tick",
                            "care_handover", "--out", "{new}/a.pdf"], "refused",
      why="the care handover: no care_handover consent, no agreement recorded"),
    R("disclose referral", ["--dossier", "{dossier}", "--to", "CAW Brabantia", "--referral", "{referral}", "--tick",
                            "care_handover", "--necessity", "Imminent danger to a third person, reported today.",
                            "--out", "{new}/a.pdf"], "refused", why="necessity never carries the care handover"),
    R("consent add", ["--dossier", "{dossier}", "--partner", "CAW", "--scope", "care"], "invalid input",
      why="not a scope (care_handover is)"),
    R("disclose exit-report", ["--dossier", "{dossier}", "--to", "SPS", "--out", "{new}/a.pdf"], "refused",
      why="no exit_report consent"),
    R("disclose exit-report", ["--dossier", "{dossier}", "--to", "SPS", "--out", "{new}/a.pdf", "--from", "2026-01-01"],
      "usage"),
    R("disclose co-report", ["--dossier", "{dossier}", "--to", "Avocat", "--out", "{new}/a.pdf"], "refused",
      why="the person has not agreed to the report"),
    R("disclose co-report", ["--dossier", "{dossier}", "--to", "Avocat", "--report", "{plan}", "--out", "{new}/a.pdf"],
      "not found"),
    R("disclose access-copy", ["--dossier", "{dossier}"], "invalid input", why="missing --out"),
    R("disclose access-copy", ["--dossier", "{dossier}", "--out", "{new}/a.pdf", "--to-date", "2026-01-01"], "usage"),
    R("disclosures", ["--dossier", "{visit}"], "invalid input"),
    R("disclosures", ["surplus"], "usage"),
    R("disclosures", [], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    R("inbox import", [], "invalid input", why="missing file"),
    R("inbox import", ["{files}/missing"], "not found"),
    R("inbox import", ["{files}/garbage"], "refused", why="a service's vault receives no packet"),
    R("inbox import", ["{files}/garbage", "--vault", "{files}/mj.vault"], "corrupt"),
    R("inbox import", ["{files}/empty", "--vault", "{files}/mj.vault"], "corrupt"),
    R("inbox import", ["{files}/mj.card", "surplus"], "usage"),
    R("inbox list", ["surplus"], "usage"),
    R("inbox list", [], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
    # reports (issue 12)
    R("exit-report set", ["--dossier", "{dossier}"], "invalid input", why="no section"),
    R("exit-report set", [], "invalid input", why="missing --dossier"),
    R("exit-report set", ["--dossier", "{visit}", "--residual-risk", "x"], "invalid input"),
    R("exit-report set", ["--dossier", "dos-0000000000000000000", "--residual-risk", "x"], "not found"),
    R("exit-report set", ["--dossier", "{dossier}", "--residual-risk", LATIN1], "invalid input", core=True),
    R("exit-report set", ["--dossier", "{dossier}", "--residual-risk", CTRL], "invalid input", core=True),
    R("exit-report set", ["--dossier", "{dossier}", "--opinion", "x"], "usage"),
    R("exit-report show", [], "invalid input", why="missing --dossier"),
    R("exit-report show", ["--dossier", "{dossier}", "surplus"], "usage"),
    R("co-report add", [], "invalid input", why="missing --dossier"),
    R("co-report add", ["--dossier", "{visit}"], "invalid input"),
    R("co-report add", ["--dossier", "{dossier}", "--title", LATIN1], "invalid input", core=True),
    R("co-report passage", [], "invalid input", why="missing report"),
    R("co-report passage", ["{co_report}", "--voice", "person"], "invalid input", why="missing --text"),
    R("co-report passage", ["{co_report}", "--voice", "police", "--text", "x"], "invalid input"),
    R("co-report passage", ["{co_report}", "--voice", "person", "--text", LATIN1], "invalid input", core=True),
    R("co-report passage", ["cor-0000000000000000000", "--voice", "person", "--text", "x"], "not found"),
    R("co-report passage", ["{plan}", "--voice", "person", "--text", "x"], "invalid input", why="wrong-kind id"),
    R("co-report passage-set", ["{passage}"], "invalid input", why="nothing to change"),
    R("co-report passage-set", ["{passage}", "--text", ""], "invalid input", why="clears the text"),
    R("co-report passage-set", ["{plan}", "--text", "x"], "invalid input", why="wrong-kind id"),
    R("co-report agree", ["{co_report}"], "invalid input", why="missing --on"),
    R("co-report agree", ["{co_report}", "--on", "2026-02-30", "--how", "signed"], "invalid input"),
    R("co-report agree", ["{co_report}", "--on", "2026-01-01", "--how", "nodded"], "invalid input"),
    R("co-report show", [], "invalid input", why="missing report"),
    R("co-report show", ["cor-0000000000000000000"], "not found"),
    R("co-report list", [], "invalid input", why="missing --dossier"),
    # verify (issue 12): anything that is not a file signed by Passerelle, or altered since
    R("verify", [], "invalid input", why="missing file"),
    R("verify", ["{files}/missing"], "not found"),
    R("verify", ["{files}"], "io", why="a folder"),
    R("verify", ["{files}/empty"], "not authentic"),
    R("verify", ["{files}/text"], "not authentic"),
    R("verify", ["{files}/latin1"], "not authentic"),
    R("verify", ["{files}/garbage"], "not authentic"),
    R("verify", ["{files}/huge"], "not authentic"),
    R("verify", ["{foreign_bundle}"], "not authentic", why="a sync bundle is not a disclosure"),
    R("verify", ["{files}/forged.pdf"], "not authentic", why="a seal line that is not a signature"),
    R("verify", ["{files}/unsealed.pdf"], "not authentic", why="a PDF with no seal"),
    R("verify", ["{files}/forged.packet"], "not authentic", why="packet magic, then garbage"),
    R("verify", ["{files}/newer.pdf"], "unsupported", why="a seal of a later format"),
    R("verify", ["{files}/newer.packet"], "unsupported", why="a packet of a later format"),
    R("verify", ["{files}/text", "surplus"], "usage"),
    R("verify", ["{files}/text", "--json=1"], "usage"),
    R("verify", ["{files}/text", "--to", "Mons"], "usage"),
    R("verify", ["{files}/text", "--dossier", "{dossier}"], "usage"),
    # batch (issue 14): the lines come on standard input; the first bad line stops the batch
    # (default --stop-on-error) before anything is written.
    R("batch", [], "invalid input", stdin=b"not json\n", why="a line that is not JSON"),
    R("batch", [], "invalid input", stdin=b'{"args": []}\n', why="an empty args list"),
    R("batch", [], "invalid input", stdin=b'{"args": ["person", "add", "--name", "Jos\xe9"]}\n', why="a line not UTF-8"),
    R("batch", [], "usage", stdin=b'{"args": ["frobnicate"]}\n', why="an unknown command on a line"),
    R("batch", [], "usage", stdin=b'{"args": ["init", "--worker", "X"]}\n', why="init inside a batch"),
    R("batch", [], "usage", stdin=b'{"args": ["batch"]}\n', why="a batch inside a batch"),
    R("batch", [], "usage", stdin=b'{"args": ["person", "list", "--vault", "x"]}\n', why="--vault on a line"),
    R("batch", [], "usage", stdin=b'{"args": ["person", "add", "--nmae", "x"]}\n', why="a misspelled option on a line"),
    R("batch", [], "invalid input", stdin=b'{"args": ["person", "add", "--name", "X", "--birth-date", "2026-02-30"]}\n',
      why="a date not in the calendar on a line"),
    R("batch", [], "invalid input", stdin=b'{"args": ["note", "add", "--dossier", "x", "--text-file", "-"]}\n',
      why="standard input as a note's text"),
    R("batch", ["--keep-going"], "invalid input", stdin=b'{"args": ["person", "add"]}\n{"args": ["person", "add", "--name", ""]}\n',
      why="keep going: every line fails"),
    R("batch", [], "refused", stdin=b'{"args": ["note", "add", "--dossier", "{dossier}", "--text", "x", "--scope", "partner", '
      b'"--partner", "Nobody"]}\n', why="a note shared without consent on a line"),
    R("batch", ["--keep-going", "--stop-on-error"], "invalid input", why="both ways at once"),
    R("batch", ["surplus"], "usage"),
    R("batch", ["--json"], "usage"),
    R("batch", [], "wrong passphrase", stdin=b'{"args": ["person", "add", "--name", "X"]}\n',
      env={"PASSERELLE_PASSPHRASE": "wrong"}),
    # import (issue 14): case files from a JSON file (docs/import.md), checked whole first
    R("import", [], "invalid input", why="no file named"),
    R("import", ["{files}/missing.json"], "not found"),
    R("import", ["{files}/empty"], "invalid input", why="an empty file"),
    R("import", ["{files}/garbage"], "invalid input", why="not JSON"),
    R("import", ["{files}/latin1"], "invalid input", why="not UTF-8"),
    R("import", ["{files}/huge"], "invalid input", why="a megabyte of text, not JSON"),
    R("import", [SRC + "/tests/data/import/bad_case_files.json"], "invalid input", why="23 problems: nothing written"),
    R("import", [SRC + "/tests/data/import/bad_case_files.json", "--check-only"], "invalid input"),
    R("import", [SRC + "/tests/data/import/case_files.json", "surplus"], "usage"),
    R("import", [SRC + "/tests/data/import/case_files.json", "--check-only=yes"], "usage"),
    R("import", [SRC + "/tests/data/import/case_files.json"], "wrong passphrase", env={"PASSERELLE_PASSPHRASE": "wrong"}),
]

# Rows every command gets, whatever its own arguments: they are refused before anything is read.
GENERIC = [
    (["--txt", "x"], "usage", "unknown option"),
    (["--vault"], "usage", "option without value"),
    (["--frobnicate"], "usage", "unknown flag"),
    ([b"--\xff"], "usage", "option name not UTF-8"),
]


# ---- Running ---------------------------------------------------------------------------------
class Fixture:
    def __init__(self, root):
        self.root = Path(root)
        self.vault_dir = self.root / "vault"
        self.files = self.root / "files"
        self.new = self.root / "new"
        self.cwd = self.root / "cwd"
        for d in (self.vault_dir, self.files, self.new, self.cwd):
            d.mkdir()
        self.vault = self.vault_dir / "main.vault"
        self.env = dict(os.environ)
        self.env.pop("PASSERELLE_NEW_PASSPHRASE", None)
        self.env.update({"PASSERELLE_VAULT": str(self.vault), "PASSERELLE_PASSPHRASE": "correct horse",
                         "PASSERELLE_TEAM_PASSPHRASE": "team staple"})
        self.ids = {}

    def run(self, argv, env=None, stdin=b""):
        e = dict(self.env)
        for k, v in (env or {}).items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        return subprocess.run([CLI] + argv, input=stdin, capture_output=True, env=e, cwd=self.cwd, timeout=120)

    def ok(self, argv, env=None):
        r = self.run(argv, env)
        if r.returncode != 0:
            raise SystemExit(f"setup failed: {' '.join(map(str, argv))}: exit {r.returncode}: {r.stderr.decode(errors='replace')}")
        return r.stdout

    def new_id(self, argv):
        return json.loads(self.ok(argv + ["--json"]))["id"]

    def build(self):
        self.ok(["init", "--worker", "Ana Peeters", "--service", "CAW", "--low-cost-kdf"])
        self.ok(["directory", "import", str(Path(SRC, "assets/directory/services.json"))])
        ids = self.ids
        ids["person"] = self.new_id(["person", "add", "--name", "Jan (fictief) V."])
        ids["dossier"] = self.new_id(["dossier", "add", "--person", ids["person"]])
        ids["visit"] = self.new_id(["visit", "add", "--dossier", ids["dossier"], "--date", "2026-11-04"])
        ids["note"] = self.new_id(["note", "add", "--dossier", ids["dossier"], "--text", "Zoekt woning in Gent."])
        ids["plan"] = self.new_id(["plan", "add", "--dossier", ids["dossier"], "--domain", "housing", "--goal", "Woning"])
        ids["consent"] = self.new_id(["consent", "add", "--dossier", ids["dossier"], "--partner", "Justitiehuis",
                                      "--scope", "attendance"])
        ids["referral"] = self.new_id(["referral", "add", "--plan-item", ids["plan"], "--service-id", "rezone"])
        ids["review"] = self.new_id(["review", "add", "--dossier", ids["dossier"], "--held-on", "2026-11-04"])
        ids["member"] = self.new_id(["member", "add", "--dossier", ids["dossier"], "--role", "mentor", "--name", "Jo"])
        # Issue 15: a family plan item, a relative linked to it, an assessment.
        ids["family"] = self.new_id(["plan", "add", "--dossier", ids["dossier"], "--domain", "family_social_network",
                                     "--goal", "Zus"])
        ids["relative"] = self.new_id(["relative", "add", "--dossier", ids["dossier"], "--name", "Zus (fictief)",
                                       "--relation", "sibling", "--plan-items", ids["family"]])
        ids["assessment"] = self.new_id(["assessment", "add", "--dossier", ids["dossier"], "--assessed-on", "2026-11-04",
                                         "--needs", "housing=high"])
        ids["deleted"] = self.new_id(["plan", "add", "--dossier", ids["dossier"], "--domain", "debts", "--goal", "G"])
        self.ok(["delete", ids["deleted"]])
        self.ok(["team", "init"])
        # Another team: its key file (team passphrase "team staple") and a bundle for this vault.
        other = ["--vault", str(self.files / "other.vault")]
        self.ok(["init", "--worker", "Bram", "--low-cost-kdf"] + other)
        self.ok(["team", "init"] + other)
        self.ok(["person", "add", "--name", "Other team"] + other)
        self.ok(["team", "export", "--out", str(self.files / "foreign.key"), "--low-cost-kdf"] + other)
        self.ok(["sync", "export", "--to", "Ana Peeters", "--out", str(self.files / "foreign.bundle")] + other)
        # A maison de justice (issue 12): its team key file, its card (and a tampered copy); this
        # vault's own card; a note shared under a consent, and a withdrawn shared_notes consent.
        mj = ["--vault", str(self.files / "mj.vault")]
        self.ok(["init", "--worker", "Marc", "--service", "Justitiehuis Gent", "--org-kind", "maison_de_justice",
                 "--low-cost-kdf"] + mj)
        self.ok(["team", "init"] + mj)
        self.ok(["team", "export", "--out", str(self.files / "mj-team.key"), "--low-cost-kdf"] + mj)
        self.ok(["org", "card", "export", "--out", str(self.files / "mj.card")] + mj)
        self.ok(["org", "card", "export", "--out", str(self.files / "own.card")])
        card = (self.files / "mj.card").read_text()
        (self.files / "tampered.card").write_text(card.replace("Justitiehuis Gent", "Justitiehuis Brugge"))
        ids["mj_team_key"] = str(self.files / "mj-team.key")
        ids["mj_fingerprint"] = re.search(r"fingerprint: (\S+)", card).group(1)
        ids["own_fingerprint"] = re.search(r"fingerprint: (\S+)", (self.files / "own.card").read_text()).group(1)
        self.ok(["consent", "add", "--dossier", ids["dossier"], "--partner", "CPAS", "--scope", "shared_notes"])
        ids["shared_note"] = self.new_id(["note", "add", "--dossier", ids["dossier"], "--text", "Gedeeld.",
                                          "--scope", "partner", "--partner", "CPAS"])
        withdrawn = self.new_id(["consent", "add", "--dossier", ids["dossier"], "--partner", "Justitiehuis2",
                                 "--scope", "shared_notes", "--given-on", "2026-01-01"])
        self.ok(["consent", "withdraw", withdrawn, "--date", "2026-01-02"])
        # Reports and a private note (issue 12, disclosures).
        self.ok(["exit-report", "set", "--dossier", ids["dossier"], "--residual-risk", "Laag."])
        ids["co_report"] = self.new_id(["co-report", "add", "--dossier", ids["dossier"], "--title", "Samen"])
        ids["passage"] = self.new_id(["co-report", "passage", ids["co_report"], "--voice", "person", "--text", "Ik wil werken."])
        ids["private_note"] = self.new_id(["note", "add", "--dossier", ids["dossier"], "--text", "Privé.", "--scope", "private"])
        ids["foreign_key"] = str(self.files / "foreign.key")
        ids["foreign_bundle"] = str(self.files / "foreign.bundle")
        # Input files.
        (self.files / "empty").write_bytes(b"")
        (self.files / "blank").write_bytes(b" \n\n\t\n")
        (self.files / "text").write_bytes("Gesprek in de bezoekzaal.\n".encode())
        (self.files / "latin1").write_bytes(b"Entretien avec Jos\xe9 au parloir.\n")
        (self.files / "huge").write_bytes(b"Lorem ipsum dolor sit amet. " * (MEGABYTE // 28 + 1))
        (self.files / "huge_latin1").write_bytes(b"\xe9t\xe9 " * (MEGABYTE // 4))
        (self.files / "garbage").write_bytes(bytes((i * 7919 + 13) % 256 for i in range(MEGABYTE)))
        # Disclosure look-alikes for verify: a seal line with no valid signature, a PDF without a
        # seal, the packet magic before garbage, and both formats at a later version.
        (self.files / "forged.pdf").write_bytes(b"%PDF-1.5\n%%EOF\n\n%PASSERELLE-SEAL-1 e30= " + b"A" * 86 + b"==\n")
        (self.files / "unsealed.pdf").write_bytes(b"%PDF-1.5\n1 0 obj << >> endobj\n%%EOF\n")
        (self.files / "forged.packet").write_bytes(b"PSRLPKT1\x01" + bytes(range(256)) * 4)
        (self.files / "newer.pdf").write_bytes(b"%PDF-1.5\n%%EOF\n\n%PASSERELLE-SEAL-2 e30= AAAA\n")
        (self.files / "newer.packet").write_bytes(b"PSRLPKT1\x02" + bytes(200))
        (self.files / "empty.vault").write_bytes(b"")  # a 0-byte database next to a good key file
        shutil.copyfile(self.vault_dir / "main.vault.key", self.files / "empty.vault.key")
        (self.files / "keyonly.vault.key").write_bytes(b"not really a key file, but not the demo's to delete\n")
        ids["vault"] = str(self.vault)
        ids["files"] = str(self.files)
        ids["new"] = str(self.new)
        self.pristine = self.root / "pristine"
        for d in (self.vault_dir, self.files):
            shutil.copytree(d, self.pristine / d.name)

    def restore(self):
        """Puts back the vault and fixtures after a row that wrote, so that rows stay independent."""
        for d in (self.vault_dir, self.files):
            shutil.rmtree(d)
            shutil.copytree(self.pristine / d.name, d)

    def snapshot(self):
        """Every byte the rows must not change: the vault, its -wal and .key, and the fixture files.
        The -shm file is SQLite's shared-memory index, rebuilt by every open: not data."""
        state = {}
        for d in (self.vault_dir, self.files):
            for p in sorted(d.rglob("*")):
                if p.is_file() and not p.name.endswith("-shm"):
                    state[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
        return state


def expand(arg, ids):
    if isinstance(arg, bytes):
        return arg
    return arg.format(**ids)


def label(argv):
    out = []
    for a in argv:
        s = a.decode("utf-8", "backslashreplace") if isinstance(a, bytes) else a
        s = s.encode("unicode_escape").decode("ascii")
        out.append(s if len(s) <= 40 else s[:20] + f"...({len(s)} chars)")
    return " ".join(out)


def check_row(fx, row, argv):
    """Runs one row; returns a list of problems (empty when the row passes)."""
    want = CODES[row.code]
    before = fx.snapshot()
    stdin = row.stdin
    for key, value in fx.ids.items():  # fixtures named on standard input too (batch lines)
        stdin = stdin.replace(b"{" + key.encode() + b"}", value.encode())
    r = fx.run(argv, row.env, stdin)
    after = fx.snapshot()
    problems = []
    if r.returncode != want:
        problems.append(f"exit {r.returncode}, wanted {want} ({row.code})")
    err = r.stderr
    lines = err.split(b"\n")
    if not err.endswith(b"\n") or len(lines) != 2 or not lines[0].strip():
        problems.append(f"stderr is not exactly one line: {err[:300]!r}")
    else:
        line = lines[0].decode("utf-8", "replace")
        if not line.rstrip().endswith("."):
            problems.append(f"stderr is not one sentence ending with a full stop: {line[:200]!r}")
        elif re.search(r"[.!?] [A-Z]", line):
            problems.append(f"stderr holds more than one sentence: {line[:200]!r}")
    changed = sorted(set(before) ^ set(after)) + sorted(k for k in before if k in after and before[k] != after[k])
    if changed:
        problems.append("written despite the refusal: " + ", ".join(Path(c).name for c in changed))
        fx.restore()
    leftovers = sorted(p.name for p in fx.new.iterdir())
    if leftovers:
        problems.append("left files behind: " + ", ".join(leftovers))
        for p in fx.new.iterdir():
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    return problems


def listed_commands():
    """Command words of every command `passerelle-cli help` lists."""
    r = subprocess.run([CLI, "help"], capture_output=True, timeout=60)
    if r.returncode != 0:
        raise SystemExit(f"passerelle-cli help exited {r.returncode}")
    text = r.stdout.decode()
    if "Commands:" not in text:
        raise SystemExit("passerelle-cli help printed no \"Commands:\" list on stdout")
    commands = []
    for line in text.split("Commands:", 1)[1].splitlines():
        if not line.startswith("  "):
            continue
        words = []
        for tok in line.split():
            if not re.fullmatch(r"[a-z][a-z-]*", tok):
                break
            words.append(tok)
        if words:
            commands.append(" ".join(words))
    return commands


def vocabulary(name):
    """The values of a closed list, read from the core's source (core/src/model.cpp)."""
    text = Path(SRC, "core/src/model.cpp").read_text()
    m = re.search(r"constexpr std::array<sv, \d+> " + name + r" = \{(.*?)\};", text, re.S)
    if not m:
        raise SystemExit(f"no vocabulary {name} in core/src/model.cpp")
    return re.findall(r'"([a-z_]+)"', m.group(1))


def check_help(fx, commands):
    """`help COMMAND` and `COMMAND --help`: exit 0, the usage on stdout, nothing on stderr, no
    passphrase asked (none is available, stdin is empty), no vault needed, nothing written."""
    failures = []
    env = {"PASSERELLE_PASSPHRASE": None, "PASSERELLE_VAULT": None}
    before = fx.snapshot()
    outputs = {}
    for c in commands:
        for argv in (["help"] + c.split(), c.split() + ["--help"], ["--vault", "x"] + c.split() + ["-h"]):
            r = fx.run(argv, env)
            problems = []
            if r.returncode != 0:
                problems.append(f"exit {r.returncode}, wanted 0")
            if r.stderr:
                problems.append(f"stderr: {r.stderr[:200]!r}")
            if f"Usage: passerelle-cli {c}".encode() not in r.stdout:
                problems.append(f"no usage line for {c}: {r.stdout[:200]!r}")
            if problems:
                failures.append((c, label(argv), False, problems))
            outputs[" ".join(argv)] = r.stdout.decode()
    if fx.snapshot() != before:
        failures.append(("help", "-", False, ["help wrote to the vault or fixtures"]))
    plan = outputs["plan add --help"]
    for value in vocabulary("kDomains") + vocabulary("kPlanStatuses") + vocabulary("kPracticeCodes"):
        if value not in plan:
            failures.append(("plan add", "--help", False, [f"the allowed value {value} is not listed"]))
    return failures


def main():
    for row in TABLE:
        if row.code not in CODES or row.code not in DOCUMENTED:
            raise SystemExit(f"table row {row.command}: exit code \"{row.code}\" is not in cli.h and docs/cli.md")
    commands = listed_commands()
    failures = []
    uncovered = [c for c in commands if not any(r.command == c for r in TABLE)]
    for c in uncovered:
        failures.append((c, "-", False, [f"the command \"{c}\" has no rows in the table (tests/cli/cli_adversarial_test.py)"]))
    unknown = sorted({r.command for r in TABLE} - set(commands))
    for c in unknown:
        failures.append((c, "-", False, [f"the table has rows for \"{c}\", which passerelle-cli help does not list"]))
    only = os.environ.get("PASSERELLE_ADVERSARIAL_ONLY")
    shard, shards = (int(x) for x in os.environ.get("PASSERELLE_ADVERSARIAL_SHARD", "0/1").split("/"))
    if not 0 <= shard < shards:
        raise SystemExit(f"PASSERELLE_ADVERSARIAL_SHARD={shard}/{shards}: K must be in 0..N-1")
    if shard != 0:  # the table's coverage is checked once, by shard 0
        failures = []

    rows = list(TABLE)
    for c in commands:
        rows += [Row(c, args, code, why=why) for args, code, why in GENERIC]
    if only:
        rows = [r for r in rows if re.search(only, r.command)]
    rows = rows[shard::shards]

    with tempfile.TemporaryDirectory(prefix="passerelle-adversarial-") as tmp:
        fx = Fixture(tmp)
        fx.build()
        if not only and shard == 0:
            failures += check_help(fx, commands)
        ran = 0
        for row in rows:
            pre = [expand(a, fx.ids) for a in row.pre]
            argv = pre + row.command.split() + [expand(a, fx.ids) for a in row.args]
            problems = check_row(fx, row, argv)
            ran += 1
            if problems:
                failures.append((row.command, label(pre) + " | " + label(argv[len(pre) + len(row.command.split()):])
                                 if pre else label(argv[len(row.command.split()):]), row.core, problems))

    for command, args, core, problems in failures:
        tag = " [needs core validation]" if core else ""
        print(f"FAIL{tag}: passerelle-cli {command} {args}", file=sys.stderr)
        for p in problems:
            print(f"    {p}", file=sys.stderr)
    core_failures = sum(1 for f in failures if f[2])
    print(f"cli_adversarial_test (shard {shard}/{shards}): {ran} rows over {len(commands)} commands; {len(failures)} failed"
          f" ({core_failures} of them need core validation)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
