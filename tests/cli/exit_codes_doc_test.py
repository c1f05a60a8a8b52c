#!/usr/bin/env python3
"""docs/cli.md lists every exit code of passerelle-cli, with the situations that give it, and
nothing else: its table must match the Exit enum in ui/cli/cli.h, name for name and number for
number. Usage: exit_codes_doc_test.py SOURCE_DIR"""
import sys

from exit_codes import documented_codes, enum_codes


def main():
    src = sys.argv[1]
    enum = enum_codes(src)
    doc = documented_codes(src)
    problems = []
    if not enum:
        problems.append("ui/cli/cli.h: the Exit enum has no kExit... values")
    for name, code in sorted(enum.items(), key=lambda kv: kv[1]):
        if name not in doc:
            problems.append(f"docs/cli.md: exit code {code} ({name}) is missing from the table")
        elif doc[name][0] != code:
            problems.append(f"docs/cli.md: \"{name}\" is {doc[name][0]} in the table but {code} in cli.h")
        elif not doc[name][1]:
            problems.append(f"docs/cli.md: exit code {code} ({name}) says in which situations it is given")
    for name, (code, _) in doc.items():
        if name not in enum:
            problems.append(f"docs/cli.md: exit code {code} ({name}) is not in the Exit enum of ui/cli/cli.h")
    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    print(f"exit_codes_doc_test: {len(enum)} codes in cli.h, {len(doc)} in docs/cli.md, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
