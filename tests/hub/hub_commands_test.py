#!/usr/bin/env python3
"""passerelle-hub init | enroll | devices | revoke | serve end to end (docs/hub.md, "Administration
commands and exit codes"): each refusal is one sentence on stderr with its documented exit code and
writes nothing; serve listens, refuses a request without a client certificate, and stops cleanly on
SIGTERM and SIGINT. Also checks that every exit code in the docs table is the one the command gives.
Usage: hub_commands_test.py PASSERELLE_HUB SOURCE_DIR"""
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

HUB, SOURCE = sys.argv[1], sys.argv[2]
failures = []


def run(*args):
    p = subprocess.run([HUB, *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def expect(name, got, code, stderr_re=None, stdout_re=None):
    rc, out, err = got
    ok = rc == code
    if stderr_re is not None:
        ok = ok and re.fullmatch(stderr_re, err.strip()) is not None and err.count("\n") <= 1
    if stdout_re is not None:
        ok = ok and re.search(stdout_re, out) is not None
    if not ok:
        failures.append(f"{name}: exit {rc} (want {code}), stdout {out!r}, stderr {err!r}")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


with tempfile.TemporaryDirectory() as d:
    data = os.path.join(d, "hub")
    expect("enroll before init", run("enroll", "--data", data, "--org", "CAPREV", "--worker", "Alice"), 4,
           r"This hub has no certificate authority yet; run passerelle-hub init first\.")
    expect("init", run("init", "--data", data, "--name", "MJ Mons"), 0, "", r'Hub "MJ Mons" ready\. Its fingerprint: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4} ')
    expect("init again", run("init", "--data", data), 7,
           r"This hub already has its certificate authority; init is done only once\.")
    expect("enroll without worker", run("enroll", "--data", data, "--org", "CAPREV"), 3,
           r"Give the worker's name with --worker\.")
    expect("enroll", run("enroll", "--data", data, "--org", "CAPREV", "--worker", "Alice"), 0, "",
           r"\n[0-9A-Z]{4}(-[0-9A-Z]{4}){4}\n")
    expect("devices (none)", run("devices", "--data", data), 0, "", r"No device is enrolled yet\.")
    expect("revoke unknown", run("revoke", "0011223344556677", "--data", data), 4,
           r"No device 0011223344556677 is enrolled at this hub\.")
    expect("revoke without a device", run("revoke", "--data", data), 3, r"Name the device to revoke .*\.")
    expect("unknown option", run("enroll", "--data", data, "--colour", "red"), 64, r"Unknown option --colour .*\.")
    expect("listen without port", run("serve", "--data", data, "--listen", "127.0.0.1"), 3,
           r"--listen needs HOST:PORT, for example 0\.0\.0\.0:8443\.")
    expect("listen bad port", run("serve", "--data", data, "--listen", "127.0.0.1:99999"), 3,
           r"--listen needs a port between 1 and 65535\.")

    for stop in (signal.SIGTERM, signal.SIGINT):
        port = free_port()
        server = subprocess.Popen([HUB, "serve", "--data", data, "--listen", f"127.0.0.1:{port}"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = server.stdout.readline()
        if f"Hub listening on 127.0.0.1:{port}" not in line:
            failures.append(f"serve: first line {line!r}")
        # The port is taken now: a second hub on it is an I/O refusal.
        expect("port in use", run("serve", "--data", data, "--listen", f"127.0.0.1:{port}"), 5,
               rf"The hub cannot listen on 127\.0\.0\.1:{port}; .*\.")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with ctx.wrap_socket(raw) as tls:
                if tls.version() != "TLSv1.3":
                    failures.append(f"serve: TLS version {tls.version()}")
                tls.sendall(b"POST /v1/holdings HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
                answer = b""
                while True:  # the hub closes after a refusal (Connection: close)
                    chunk = tls.recv(4096)
                    if not chunk:
                        break
                    answer += chunk
                answer = answer.decode(errors="replace")
                if " 403 " not in answer.split("\r\n")[0] or "This hub serves only enrolled devices" not in answer:
                    failures.append(f"serve: no-certificate answer {answer!r}")
        # A body without a length (chunked) is refused before it is read, even where no certificate is needed.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with ctx.wrap_socket(raw) as tls:
                tls.sendall(b"POST /v1/enrol HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
                answer = b""
                while True:
                    chunk = tls.recv(4096)
                    if not chunk:
                        break
                    answer += chunk
                if b" 411 " not in answer.split(b"\r\n")[0] or b"needs the request's length" not in answer:
                    failures.append(f"serve: chunked answer {answer!r}")
        server.send_signal(stop)
        try:
            out, err = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            out, err = server.communicate()
            failures.append(f"serve did not stop on {stop.name}")
        if server.returncode != 0 or "Hub stopped." not in out:
            failures.append(f"serve after {stop.name}: exit {server.returncode}, stdout {out!r}, stderr {err!r}")

# The exit-code table in docs/hub.md names exactly the codes hub/src/command_table.h defines.
doc = open(os.path.join(SOURCE, "docs", "hub.md"), encoding="utf-8").read()
section = doc.split("## Administration commands and exit codes", 1)[1].split("\n## ", 1)[0]
documented = {int(m) for m in re.findall(r"^\| (\d+) \|", section, re.M)}
header = open(os.path.join(SOURCE, "hub", "src", "command_table.h"), encoding="utf-8").read()
defined = {int(m) for m in re.findall(r"kExit\w+ = (\d+)", header)}
if documented != defined:
    failures.append(f"docs/hub.md exit codes {sorted(documented)} != command_table.h {sorted(defined)}")

for f in failures:
    print("FAIL", f)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
