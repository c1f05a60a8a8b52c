# Shared by the two network traces of issue 16, promise 5 (tests/ui/no_network_test.sh for the
# app, tests/sync/hub_no_network_test.sh for the CLI): a real passerelle-hub on a free loopback
# port with one enrolment code, and the reading of `strace -e trace=network` output.
# Source it, then: start_traced_hub HUB DIR   -> sets hub_port, hub_code, hub_pid (kill it yourself)

start_traced_hub() {
  local hub=$1 dir=$2
  hub_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$hub" init --data "$dir/hub" --name "Office" >/dev/null
  hub_code=$("$hub" enroll --data "$dir/hub" --org CAPREV --worker Ana | tail -1)
  "$hub" serve --data "$dir/hub" --listen "127.0.0.1:$hub_port" >"$dir/hub.log" 2>&1 &
  hub_pid=$!
  for _ in $(seq 100); do grep -q listening "$dir/hub.log" && break; sleep 0.1; done
  grep -q listening "$dir/hub.log" || { echo "FAIL: the hub did not start: $(cat "$dir/hub.log")"; return 1; }
}

# Only IP sockets matter: calls on AF_INET/AF_INET6 (the display's AF_UNIX socket is allowed).
ip_calls() { grep -E 'AF_INET6?[^A-Z0-9_]' "$1" || true; }
# IP connections or datagrams to anywhere but the enrolled hub (no name lookup, no other host).
other_destinations() {
  ip_calls "$1" | grep -E 'connect\(|sendto\(|sendmsg\(' |
    grep -v "sin_port=htons($hub_port), sin_addr=inet_addr(\"127.0.0.1\")" || true
}
