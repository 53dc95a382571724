#!/usr/bin/env bash
# `ngnemu node` opens the UDP listeners of the elements it hosts (README "Several processes and
# hosts"): three nodes on loopback (terminals | proxy with `listen` + soft switch | AuC), SIPp
# registers N subscribers with Digest-AKA through the proxy node's listener while the emulated
# terminals register; every SIPp call succeeds, the proxy node's summary counts its clients, the
# collector's summary and the AuC database hold both.
#   listener_node_test.sh NGNEMU [N] [RATE]
# Exit 77 (skipped) without sipp or sqlite3.
set -euo pipefail
ngnemu=$1
n=${2:-200}
rate=${3:-100}
terminals=20
here=$(cd "$(dirname "$0")" && pwd)
scenario="$here/../sipp/register_aka.xml"
command -v sipp >/dev/null || { echo "SKIP: sipp is not installed (Debian package sip-tester)"; exit 77; }
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 is not installed"; exit 77; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; for f in *.log sipp.out; do [ -f "$f" ] && { echo "== $f"; tail -25 "$f"; }; done; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Port 0 for the listener: it takes a free port and says which ("listening on udp:…").
sed -e "s/@PORT1@/$(free_port)/" -e "s/@PORT2@/$(free_port)/" -e "s/@PORT3@/$(free_port)/" \
    -e "s/@SIPPORT@/0/" -e "s|@DB@|$work/auc1.db|" -e "s/@DURATION@/${DURATION:-10s}/" \
    -e "s/@TERMINALS@/$terminals/" "$here/listener.toml.in" > topo.toml

# SIPp's subscribers, in the AuC's database before the run (README "Real SIP clients (SIPp)").
"$ngnemu" subscribers provision --count "$n" --sipp-safe --db auc1.db > /dev/null
"$ngnemu" subscribers export --format sipp --db auc1.db --output users.csv 2> /dev/null

start() { "$ngnemu" node -q --topology topo.toml --node "$1" --ready-timeout 60 "${@:3}" > "$1.log" 2>&1 & pids+=($!); eval "pid_$2=$!"; }
start n-auc auc --report report.json
start n-core core
start n-terminals terms

port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's/^listening on udp:127\.0\.0\.1:\([0-9][0-9]*\) (sp1)$/\1/p' n-core.log | head -1)
  [ -n "$port" ] && break
  kill -0 "$pid_core" 2>/dev/null || fail "n-core did not start"
  sleep 0.05
done
[ -n "$port" ] || fail "n-core is not listening"

sipp_rc=0
timeout 120 sipp "127.0.0.1:$port" -sf "$scenario" -inf users.csv -m "$n" -r "$rate" -i 127.0.0.1 -p "$(free_port)" \
  -default_behaviors all,-bye -nostdin -trace_stat -fd 1 > sipp.out 2>&1 || sipp_rc=$?
[ "$sipp_rc" = 0 ] || fail "sipp exited $sipp_rc"
stat() { awk -F';' -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { print (c ? $c : 0) }' ./*_.csv; }
[ "$(stat 'SuccessfulCall(C)')" = "$n" ] || fail "SIPp successful calls: $(stat 'SuccessfulCall(C)') of $n"
[ "$(stat 'FailedCall(C)')" = 0 ] || fail "SIPp failed calls: $(stat 'FailedCall(C)')"

# The run lasts the topology's duration, then every node finishes cleanly.
wait "$pid_core" || fail "n-core exited $?"
wait "$pid_terms" || fail "n-terminals exited $?"
wait "$pid_auc" || fail "collector (n-auc) exited $?"

# The proxy node's own summary counts its listener's clients (nodes/listener_meter.hpp).
grep -q "listener udp:127.0.0.1:$port (sp1): [0-9]* datagrams in, $((2 * n)) requests to the element" n-core.log \
  || fail "listener line: $(grep listener n-core.log)"
grep -q "registrations: $n begun, $n established (0 refreshes), 0 failed (0 timeouts)" n-core.log \
  || fail "listener registrations: $(grep 'registrations:' n-core.log)"
grep -q "^  clients        $n registrations established (0 refreshes), 0 failed" n-core.log \
  || fail "clients line: $(grep -A1 '^  clients' n-core.log)"
# The collector: the emulated terminals, and the listener's clients from the proxy node's report.
grep -q "$terminals attempted, $terminals established, 0 failed" n-auc.log || fail "collector summary"
grep -q "^  clients        $n registrations established" n-auc.log \
  || fail "collector's clients line: $(grep -A1 '^  clients' n-auc.log)"
q() { sqlite3 -batch -noheader auc1.db "$1"; }
[ "$(q "select count(distinct identity) from sessions where identity like 't%' and proxy='sp1' and proxy_node='n-core' and state in ('established','deregistered','expired')")" = "$n" ] \
  || fail "SIPp sessions: $(q "select state, proxy, count(*) from sessions group by 1, 2")"
[ "$(q "select count(distinct identity) from sessions where identity like 'emu%' and state in ('established','deregistered')")" = "$terminals" ] \
  || fail "terminal sessions: $(q "select state, count(*) from sessions where identity like 'emu%' group by 1")"
# The collector's run report: every node's clock against the collector's (one process per node
# on one host: well within the threshold) and the round trips each node measured to its peers.
python3 - report.json <<'PY' || fail "report.json clocks"
import json, sys
r = json.load(open(sys.argv[1]))
nodes = {n["node"]: n for n in r["nodes"]}
assert set(nodes) == {"n-auc", "n-core", "n-terminals"}, nodes.keys()
for name, n in nodes.items():
    assert n["clock_offset_ms"] is not None and abs(n["clock_offset_ms"]) < 10, (name, n)
    assert n["clock_offset_flagged"] is False, (name, n)
    assert sorted(p["node"] for p in n["peers"]) == sorted(set(nodes) - {name}), (name, n["peers"])
    for p in n["peers"]:
        assert p["samples"] >= 1 and p["rtt_ms"] > 0 and abs(p["clock_offset_ms"]) < 10, (name, p)
assert r["listener_clients"], r.get("listener_clients")
print("clocks:", {k: (v["clock_offset_ms"], [p["rtt_ms"] for p in v["peers"]]) for k, v in nodes.items()})
PY
grep -E "^  (clients|listener|clock)|registrations:" n-core.log n-auc.log
echo "PASS: $n SIPp registrations through n-core's listener, $terminals emulated terminals"
