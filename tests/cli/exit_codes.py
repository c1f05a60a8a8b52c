"""The CLI's exit codes, read from the two places that define them: the Exit enum in
ui/cli/cli.h and the table in docs/cli.md. Shared by exit_codes_doc_test.py and
cli_adversarial_test.py, so both always speak of the same numbers."""
import re
from pathlib import Path


def enum_codes(source_dir):
    """{"invalid input": 3, ...} from `kExitInvalidInput = 3,` lines of the Exit enum."""
    text = Path(source_dir, "ui/cli/cli.h").read_text(encoding="utf-8")
    body = re.search(r"enum Exit\b[^{]*\{(.*?)\};", text, re.S)
    if not body:
        raise SystemExit("ui/cli/cli.h: no `enum Exit` found")
    codes = {}
    for name, value in re.findall(r"kExit(\w+)\s*=\s*(\d+)", body.group(1)):
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
        codes[words] = int(value)
    return codes


def documented_codes(source_dir):
    """{"invalid input": (3, "situations..."), ...} from the table under "## Exit codes"."""
    text = Path(source_dir, "docs/cli.md").read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)
    if len(section) != 2:
        raise SystemExit("docs/cli.md: no \"## Exit codes\" section")
    rows = {}
    for line in section[1].splitlines():
        if line.startswith("## "):
            break
        m = re.match(r"\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|\s*$", line)
        if m:
            rows[m.group(2)] = (int(m.group(1)), m.group(3))
    return rows
