#!/usr/bin/env bash
# scripts/launch with a stand-in ssh, scp and dpkg (fake_ssh.sh: one directory per host under
# hosts/), on a three-node loopback topology, one node per host:
#   1. hosts lacking this version get the binary, once each; a second launch copies nothing;
#   2. every node's log, report, console output and trace, and the AuC's database, come back into
#      results/RUN/nodes/NODE/; the merged report (JSON, text, HTML), runs and all.pcap are there,
#      and the merged session count equals the terminals;
#   3. with LAUNCH_PACKAGE, hosts get the .deb (cpack -G DEB) installed by the stand-in dpkg;
#   4. a node killed mid-run: launch names it, stops the others within seconds, exits non-zero,
#      and no ngnemu process of that run remains;
#   5. SIGINT to launch stops every node (exit 130).
#   launch_test.sh NGNEMU BUILD_DIR
set -euo pipefail
ngnemu=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
# On exit, whatever node a failed check left running: the pids the nodes printed (ngnemu-pid).
cleanup() {
  local p
  for p in $(sed -n 's/^ngnemu-pid //p' "$work"/results/*/nodes/*/*.out 2>/dev/null); do
    kill -KILL "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; for f in err*.txt; do echo "== $f"; tail -30 "$f"; done; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# topo RATE > FILE: the loopback topology, node i on "host i".
topo() {
  sed -e "s/@PORT1@/$(free_port)/" -e "s/@PORT2@/$(free_port)/" -e "s/@PORT3@/$(free_port)/" \
      -e "s|@DB@|auc1.db|" -e "s/@HALF@/500/g" -e "s/@RATE@/$1/g" "$here/loopback.toml.in" \
    | awk '/^endpoint = /{print; n++; print "host = \"host" n "\""; next} {print}'
}
topo 0 > topo.toml
terminals=$("$ngnemu" topology check topo.toml | sed -n 's/.*nodes, \([0-9]*\) terminals$/\1/p')
[ "$terminals" = 1000 ] || fail "topology check: $terminals terminals"
export SSH="$here/fake_ssh.sh" SCP="$here/fake_ssh.sh --scp" NGNEMU=$ngnemu REMOTE_DIR=ngn
launch() { # NAME [env…] -- ARGS: runs launch, stdout/stderr in outNAME.txt / errNAME.txt
  local n=$1; shift
  local -a e=()
  while [ "$1" != -- ]; do e+=("$1"); shift; done
  shift
  env "${e[@]}" "$root/scripts/launch" "$@" > "out$n.txt" 2> "err$n.txt"
}
copies() { grep -c "ngnemu.tmp$" hosts/scp.log || true; }

# 1 and 2: the binary is copied to each host once; the results folder.
launch 1 FAKE_HOSTS="$work/hosts" LAUNCH_PCAP=1 -- topo.toml --run-id "launchtest-$$-1" \
  || fail "launch 1 exited $?"
grep -q "1000 attempted, 1000 established, 0 failed" out1.txt || fail "summary"
[ "$(copies)" = 3 ] || fail "binary copies: $(copies), want 3 (one per host)"
for h in host1 host2 host3; do
  grep -q "host $h lacks ngnemu" err1.txt || fail "no copy message for $h"
  cmp -s "$ngnemu" "hosts/$h/ngn/ngnemu" || fail "$h: binary not copied to REMOTE_DIR"
done
r=results/launchtest-$$-1
[ -d "$r" ] || fail "no results folder $r"
for n in n-terminals n-core n-auc; do
  for f in "$n.log" "$n-report.json" "$n.out" "$n.pcap"; do
    [ -s "$r/nodes/$n/$f" ] || fail "results lack nodes/$n/$f"
  done
  grep -q "\"scope\"" "$r/nodes/$n/$n-report.json" || fail "$n-report.json is not a run report"
done
[ "$(sqlite3 "$r/nodes/n-auc/auc1.db" "select count(*) from sessions s join runs r on s.run = r.id where r.name = 'launchtest-$$-1'")" = 1000 ] \
  || fail "collected database"
merged=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(sum(x['sessions'] for x in j['sessions']), j['scope'], j['run']['id'])" "$r/report.json") \
  || fail "report.json unreadable"
[ "$merged" = "$terminals emulation launchtest-$$-1" ] || fail "merged report: '$merged', want $terminals sessions"
grep -q "1000 attempted, 1000 established" "$r/report.txt" || fail "report.txt"
grep -q "<html" "$r/report.html" || fail "report.html"
grep -q "launchtest-$$-1" "$r/runs.txt" || fail "runs.txt"
cmp -s topo.toml "$r/topology.toml" || fail "topology.toml"
packets=$(tshark -r "$r/all.pcap" 2>/dev/null | wc -l)
sum=0
for n in n-terminals n-core n-auc; do sum=$((sum + $(tshark -r "$r/nodes/$n/$n.pcap" 2>/dev/null | wc -l))); done
[ "$packets" -gt 0 ] && [ "$packets" = "$sum" ] || fail "all.pcap: $packets packets, the node traces $sum"
launch 2 FAKE_HOSTS="$work/hosts" -- topo.toml --run-id "launchtest-$$-2" || fail "launch 2 exited $?"
[ "$(copies)" = 3 ] || fail "second launch copied the binary again"
grep -q "host host1 has ngnemu" err2.txt || fail "second launch: no version found on host1"
[ -f "results/launchtest-$$-2/nodes/n-auc/auc1.db" ] || fail "second launch: database not collected"

# 3: the package, installed by the stand-in dpkg into each host's directory (usr/bin on its PATH).
(cd "$build" && cpack -G DEB -B "$work/deb" > "$work/cpack.log") || { cat cpack.log; fail "cpack"; }
deb=$(ls deb/ngnemu_*.deb)
launch 3 FAKE_HOSTS="$work/hosts3" LAUNCH_PACKAGE="$deb" LAUNCH_DPKG="$here/fake_ssh.sh --dpkg" -- \
  topo.toml --run-id "launchtest-$$-3" || fail "launch 3 exited $?"
[ "$(grep -c "\.deb$" hosts3/scp.log)" = 3 ] || fail "package copies"
for h in host1 host2 host3; do
  [ -x "hosts3/$h/usr/bin/ngnemu" ] || fail "$h: package not installed"
  [ ! -e "hosts3/$h/ngn/ngnemu" ] || fail "$h: binary copied although a package was given"
done
grep -q "1000 attempted, 1000 established, 0 failed" out3.txt || fail "summary with the package"

# 4: n-core killed mid-run (terminals arrive at 2 x 50/s: about 10 s).
topo 50 > slow.toml
run=launchtest-$$-4
launch 4 FAKE_HOSTS="$work/hosts" -- slow.toml --run-id "$run" &
launch_pid=$!
core_out=results/$run/nodes/n-core/n-core.out
for _ in $(seq 1 100); do grep -q '^ngnemu-pid ' "$core_out" 2>/dev/null && break; sleep 0.1; done
sleep 2
core_pid=$(sed -n 's/^ngnemu-pid //p' "$core_out")
[ -n "$core_pid" ] || fail "no pid for n-core"
kill -KILL "$core_pid"
killed_at=$(date +%s)
s=0; wait "$launch_pid" || s=$?
took=$(( $(date +%s) - killed_at ))
[ "$s" -ne 0 ] || fail "launch exited 0 after a node was killed"
grep -q "node n-core on host2 failed (exit 137)" err4.txt || fail "launch did not name the failed node"
[ "$took" -le 10 ] || fail "launch took $took s to stop the other nodes"
pgrep -f -- "--run-id $run" > /dev/null && fail "ngnemu processes of run $run remain"
[ -s "results/$run/nodes/n-terminals/n-terminals.log" ] || fail "logs not collected after the failure"
echo "killed node: launch exited $s, $took s after the kill"

# 5: SIGINT to launch (job control on, so that the background launch does not ignore SIGINT).
run=launchtest-$$-5
set -m
FAKE_HOSTS="$work/hosts" "$root/scripts/launch" slow.toml --run-id "$run" > out5.txt 2> err5.txt &
launch_pid=$!
set +m
for _ in $(seq 1 100); do grep -q '^ngnemu-pid ' "results/$run/nodes/n-auc/n-auc.out" 2>/dev/null && break; sleep 0.1; done
sleep 1.5
kill -INT "$launch_pid"
s=0; wait "$launch_pid" || s=$?
[ "$s" = 130 ] || fail "launch exited $s on SIGINT, want 130"
grep -q "interrupted: stopping every node" err5.txt || fail "no interrupt message"
pgrep -f -- "--run-id $run" > /dev/null && fail "ngnemu processes of run $run remain after SIGINT"
echo PASS
