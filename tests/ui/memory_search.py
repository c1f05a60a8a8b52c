#!/usr/bin/env python3
"""Searches a process's memory for texts, in UTF-8, UTF-16LE and UTF-32LE.

usage: memory_search.py (--core FILE | --pid PID) TEXT...
Prints one line per text found ("TEXT<TAB>enc1,enc2") and exits 0; exit 2 on a usage error.

--core searches a core file written by gdb's `gcore`. --pid takes the same snapshot a core dump
would hold, straight from /proc/PID/mem: every readable mapping the kernel would dump by default
(not those marked "dd", MADV_DONTDUMP, nor a file's read-only pages), with the process stopped
(SIGSTOP) while it is read. The core-dump test uses --pid for AddressSanitizer builds, whose
terabytes of reserved address space make a `gcore` file unbounded.
"""
import mmap
import os
import re
import signal
import sys

ENCODINGS = ("utf-8", "utf-16-le", "utf-32-le")
MAX_MAPPING = 2 << 30  # a reservation this large is address space, not memory in use


def patterns(texts):
    return [(t, enc, t.encode(enc)) for t in texts for enc in ENCODINGS]


def search_buffer(buf, pats, found):
    for text, enc, needle in pats:
        if buf.find(needle) >= 0:
            found.setdefault(text, set()).add(enc)


def search_core(path, pats):
    found = {}
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        search_buffer(m, pats, found)
    return found


def mappings(pid):
    rows, cur = [], None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$", line)
            if m:
                cur = {"start": int(m[1], 16), "end": int(m[2], 16), "perms": m[3], "name": m[4], "flags": []}
                rows.append(cur)
            elif line.startswith("VmFlags:") and cur is not None:
                cur["flags"] = line.split()[1:]
    return rows


def search_pid(pid, pats):
    found, longest = {}, max(len(p[2]) for p in pats)
    os.kill(pid, signal.SIGSTOP)
    try:
        fd = os.open(f"/proc/{pid}/mem", os.O_RDONLY)
        try:
            for m in mappings(pid):
                size = m["end"] - m["start"]
                if "r" not in m["perms"] or "dd" in m["flags"] or size > MAX_MAPPING:
                    continue
                # Like the kernel's default coredump_filter: a file's read-only pages (the program's
                # code and constants) are not dumped; what the process wrote is.
                if m["name"].startswith("/") and "w" not in m["perms"]:
                    continue
                if m["name"] in ("[vvar]", "[vsyscall]"):
                    continue
                chunk, pos, tail = 64 << 20, m["start"], b""
                while pos < m["end"]:
                    try:
                        data = os.pread(fd, min(chunk, m["end"] - pos), pos)
                    except OSError:
                        data = b""
                    if not data:
                        break
                    search_buffer(tail + data, pats, found)
                    tail = data[-longest:]
                    pos += len(data)
        finally:
            os.close(fd)
    finally:
        os.kill(pid, signal.SIGCONT)
    return found


def main(argv):
    if len(argv) < 4 or argv[1] not in ("--core", "--pid"):
        print(__doc__, file=sys.stderr)
        return 2
    pats = patterns(argv[3:])
    found = search_core(argv[2], pats) if argv[1] == "--core" else search_pid(int(argv[2]), pats)
    for text in argv[3:]:
        if text in found:
            print(f"{text}\t{','.join(sorted(found[text]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
