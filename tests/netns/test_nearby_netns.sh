#!/usr/bin/env bash
# Nearby shares end to end, on a private network this script builds and
# removes: two network namespaces joined by a veth pair (10.213.77.1 and
# .2/24). Nothing is sent on the machine's own interfaces.
#
#   FERRY_BINARY=path/to/ferry tests/netns/test_nearby_netns.sh
#
# Needs root and `ip netns`; otherwise exits 77, which CTest reports as skipped.
set -euo pipefail

ferry=${FERRY_BINARY:-${1:-}}
skip() { echo "SKIP: $*" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[ -n "$ferry" ] && [ -x "$ferry" ] || fail "set FERRY_BINARY to the ferry executable"
[ "$(id -u)" -eq 0 ] || skip "creating network namespaces needs root"
command -v ip >/dev/null || skip "'ip' (iproute2) is not installed"
command -v python3 >/dev/null || skip "python3 is not installed"

ns_a=ferry-nearby-a-$$
ns_b=ferry-nearby-b-$$
veth_a=fnba$$
veth_b=fnbb$$
work=$(mktemp -d)
pids=()

cleanup() {
    local pid ns
    for pid in "${pids[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    # Anything still running inside our own namespaces is ours too.
    for ns in "$ns_a" "$ns_b"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            kill -KILL "$pid" 2>/dev/null || true
        done
    done
    wait 2>/dev/null || true
    for ns in "$ns_a" "$ns_b"; do
        ip netns del "$ns" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns_a" 2>/dev/null || skip "'ip netns add' does not work here"
ip netns add "$ns_b"
ip link add "$veth_a" netns "$ns_a" type veth peer name "$veth_b" netns "$ns_b"
ip -n "$ns_a" addr add 10.213.77.1/24 broadcast + dev "$veth_a"
ip -n "$ns_b" addr add 10.213.77.2/24 broadcast + dev "$veth_b"
for ns in "$ns_a" "$ns_b"; do
    ip -n "$ns" link set lo up
done
ip -n "$ns_a" link set "$veth_a" up
ip -n "$ns_b" link set "$veth_b" up

in_a() { ip netns exec "$ns_a" "$@"; }
in_b() { ip netns exec "$ns_b" "$@"; }

# Waits (10 s at most) until the veth pair carries traffic.
for _ in $(seq 100); do
    in_b ping -c1 -W1 10.213.77.1 >/dev/null 2>&1 && break
    sleep 0.1
done

mkdir "$work/share"
echo "hello from the share" > "$work/share/hello.txt"

# Starts `ferry serve` in namespace A; waits (10 s at most) until it listens.
# Sets $server_pid.
serve_in_a() {
    local tag=$1
    shift
    # Not through in_a: $! must be ferry itself (ip netns exec execs it), for SIGTERM.
    ip netns exec "$ns_a" "$ferry" serve "$work/share" "$@" >"$work/$tag.out" 2>"$work/$tag.err" &
    server_pid=$!
    pids+=("$server_pid")
    for _ in $(seq 100); do
        grep -q "^listening on" "$work/$tag.out" 2>/dev/null && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$work/$tag.err" >&2
    fail "ferry serve $* did not start"
}

# Waits for a process we started, 30 s at most, and fails unless it exits 0.
finish() {
    local pid=$1 what=$2
    for _ in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && fail "$what did not finish"
    wait "$pid" || fail "$what exited with $?"
}

# Starts `ferry nearby --seconds N` in namespace B, output in the named file.
# Sets $listener_pid.
listen_in_b() {
    ip netns exec "$ns_b" "$ferry" nearby --seconds "$1" >"$2" 2>"$2.err" &
    listener_pid=$!
    pids+=("$listener_pid")
}

nearby_in_b() {
    listen_in_b "$1" "$2"
    finish "$listener_pid" "ferry nearby"
}

expect_line() {
    grep -qxF "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "missing line: $2"; }
}
expect_no() {
    ! grep -qF "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "unexpected: $2"; }
}

tab=$'\t'
name="Test share $$ 共享"

echo "1. an announced share is found, with its name, address and port; an unannounced one is not"
serve_in_a announced --port 8888 --announce --name "$name"
announced_pid=$server_pid
serve_in_a hidden --port 8890
hidden_pid=$server_pid
nearby_in_b 3 "$work/nearby1"
expect_line "$work/nearby1" "$name${tab}10.213.77.1${tab}8888"
expect_no "$work/nearby1" "8890"
[ "$(wc -l <"$work/nearby1")" -eq 1 ] || fail "expected exactly one share: $(cat "$work/nearby1")"
# What was found is reachable: list the share from B.
in_b timeout 20 "$ferry" list 10.213.77.1:8888 | grep "^hello.txt${tab}" >/dev/null || fail "cannot list the share found"

echo "2. a share that starts while someone listens is heard at once (its first announcement)"
listen_in_b 4 "$work/nearby2"
sleep 1
serve_in_a late --port 8891 --announce --name "Late $$"
finish "$listener_pid" "ferry nearby"
expect_line "$work/nearby2" "Late $$${tab}10.213.77.1${tab}8891"

echo "3. goodbye: a stopped share leaves the list of a running listener and is not found again"
listen_in_b 4 "$work/nearby3"
sleep 1.5
kill -TERM "$announced_pid"
finish "$announced_pid" "ferry serve (after SIGTERM)"
finish "$listener_pid" "ferry nearby"
expect_no "$work/nearby3" "$name"
expect_line "$work/nearby3" "Late $$${tab}10.213.77.1${tab}8891"
nearby_in_b 2 "$work/nearby4"
expect_no "$work/nearby4" "$name"

echo "4. a flood of junk does not bring down the announcer or the listener"
listen_in_b 5 "$work/nearby5"
sleep 1
in_b timeout 60 python3 - <<'PY' || fail "the junk sender failed"
import os, random, socket
random.seed(77)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
targets = [("10.213.77.1", 8889), ("10.213.77.2", 8889), ("10.213.77.255", 8889)]
junk = [b"", b"\n", b"FERRY-NEARBY/1 QUERY\n", b"FERRY-NEARBY/1 QUERY\r\n", b"FERRY-NEARBY/2 ANNOUNCE\n",
        b"FERRY-NEARBY/1 ANNOUNCE\nport=0\ncode=0\nname=x\n", b"FERRY-NEARBY/1 ANNOUNCE\nport=1\ncode=0\nname=\xff\n"]
for i in range(1000):
    if i % 4 == 0:
        data = random.choice(junk)
    else:
        data = os.urandom(random.choice([1, 7, 64, 511, 512, 513, 1400, 9000, 65000]))
    try:
        s.sendto(data, targets[i % len(targets)])
    except OSError:
        pass  # a full send buffer drops junk, which is fine
PY
finish "$listener_pid" "ferry nearby (in the flood)"
expect_line "$work/nearby5" "Late $$${tab}10.213.77.1${tab}8891"
[ "$(wc -l <"$work/nearby5")" -eq 1 ] || fail "junk became a share: $(cat "$work/nearby5")"
kill -0 "$server_pid" 2>/dev/null || fail "ferry serve --announce died in the flood"
# The announcer still answers queries once the flood's budget has refilled.
sleep 3
nearby_in_b 3 "$work/nearby6"
expect_line "$work/nearby6" "Late $$${tab}10.213.77.1${tab}8891"

echo "5. a share listening on one address is announced on that address's network"
late_pid=$server_pid
serve_in_a bound --port 8892 --bind 10.213.77.1 --announce --name "Bound $$"
nearby_in_b 3 "$work/nearby7"
expect_line "$work/nearby7" "Bound $$${tab}10.213.77.1${tab}8892"

kill -TERM "$server_pid" "$late_pid" "$hidden_pid"
finish "$late_pid" "ferry serve --announce (after SIGTERM)"
finish "$server_pid" "ferry serve --announce --bind (after SIGTERM)"
finish "$hidden_pid" "ferry serve (after SIGTERM)"
echo "PASS"
