#!/usr/bin/env bash
# Three `ngnemu node` processes on loopback (terminals | proxy + soft switch | AuC) complete every
# registration; the AuC database holds every session with the node of each element.
#   multinode_test.sh NGNEMU [TERMINALS] [RATE]
# With KILL_PROXY=1 the proxy node is killed with SIGKILL mid-run and restarted: every terminal
# must still end established. With KILL_AUC=1 the AuC node (the collector) is: the restarted AuC
# continues from the persisted SQNs and sessions.
set -euo pipefail
ngnemu=$1
terminals=${2:-3000}
rate=${3:-0}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; for f in *.log; do echo "== $f"; tail -20 "$f"; done; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sed -e "s/@PORT1@/$(free_port)/" -e "s/@PORT2@/$(free_port)/" -e "s/@PORT3@/$(free_port)/" \
    -e "s|@DB@|$work/auc1.db|" -e "s/@HALF@/$((terminals / 2))/g" -e "s/@RATE@/$rate/g" \
    "$here/loopback.toml.in" > topo.toml

start() { "$ngnemu" node -q --topology topo.toml --node "$1" --ready-timeout 60 > "$1.log" 2>&1 & pids+=($!); eval "pid_$2=$!"; }
start n-auc auc
start n-core core
start n-terminals terms

# Waits (10 s at most) until the AuC holds more than $1 sessions; their number is then in $n.
wait_for_sessions() {
  for _ in $(seq 100); do
    n=$(sqlite3 auc1.db "select count(*) from sessions" 2>/dev/null || echo 0)
    [ "${n:-0}" -gt "$1" ] && break
    sleep 0.1
  done
}

if [ "${KILL_PROXY:-0}" = 1 ]; then
  # Wait until registrations are flowing, then kill the proxy + soft switch node and restart it.
  wait_for_sessions $((terminals / 10))
  kill -9 "$pid_core"
  echo "killed n-core after $n sessions"
  sleep 2
  "$ngnemu" node -q --topology topo.toml --node n-core --ready-timeout 60 > n-core-2.log 2>&1 &
  pids+=($!)
fi

if [ "${KILL_AUC:-0}" = 1 ]; then
  wait_for_sessions $((terminals / 5))
  kill -9 "$pid_auc"
  sqns_before=$(sqlite3 -batch -noheader auc1.db "select identity || ' ' || sqn from subscribers order by identity")
  echo "killed n-auc after $n sessions"
  sleep 2
  mv n-auc.log n-auc-1.log
  start n-auc auc
fi

wait "$pid_auc" || fail "collector (n-auc) exited $?"
wait "$pid_terms" || fail "n-terminals exited $?"
cat n-auc.log
grep -q "$terminals attempted, $terminals established, 0 failed" n-auc.log || fail "summary"
q() { sqlite3 -batch -noheader auc1.db "$1"; }
est=$(q "select count(distinct identity) from sessions where state in ('established','deregistered')")
[ "$est" = "$terminals" ] || fail "$est identities established in the database, want $terminals"
[ "$(q "select count(*) from sessions where state in ('established','deregistered')")" = "$terminals" ] \
  || fail "an identity established twice"
# Undisturbed, every terminal de-registered at the end over its SAs (DESIGN.md §1.2).
if [ "${KILL_PROXY:-0}" = 0 ] && [ "${KILL_AUC:-0}" = 0 ]; then
  [ "$(q "select count(*) from sessions where state='deregistered' and protected_received>=1")" = "$terminals" ] \
    || fail "de-registrations: $(q "select state, count(*) from sessions group by 1")"
fi
[ "$(q "select count(*) from sessions where state in ('established','deregistered') and terminal_node is null and proxy_node='n-core'")" -ge 1 ] \
  || [ "$(q "select count(*) from sessions where state in ('established','deregistered') and proxy_node='n-core'")" -ge 1 ] \
  || fail "proxy node not recorded"
[ "$(q "select count(*) from sessions where state in ('established','deregistered') and auc_node='n-auc' and softswitch_node='n-core'")" = "$(q "select count(*) from sessions where state in ('established','deregistered')")" ] \
  || fail "node names"
[ "$(q "select count(*) from sessions where state in ('established','deregistered') and proxy is null and terminal_node='n-terminals'")" = "$((terminals / 2))" ] \
  || [ "${KILL_PROXY:-0}" = 1 ] || fail "terminal node of direct registrations"
if [ "${KILL_AUC:-0}" = 1 ]; then
  # No SQN went backwards: every subscriber's SQN now is at least what was persisted at the kill.
  went_back=$(join <(echo "$sqns_before") \
      <(q "select identity || ' ' || sqn from subscribers order by identity") | awk '$3 < $2' | wc -l)
  [ "$went_back" = 0 ] || fail "$went_back subscribers' SQN went backwards after the restart"
  # A RAND is never issued twice, and no session row is duplicated.
  [ "$(q "select count(*) from (select rand from sessions where rand is not null group by rand having count(*) > 1)")" = 0 ] \
    || fail "a challenge was issued twice"
fi
echo PASS
