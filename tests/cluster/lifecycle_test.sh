#!/usr/bin/env bash
# The node lifecycle (nodes/lifecycle.hpp) with real `ngnemu node` processes on loopback, in its
# failure cases (tests/nodes/lifecycle_test.cpp drives the state machine itself):
#  1. a node whose peers never come up exits 3 after --ready-timeout, naming them;
#  2. SIGINT at the start barrier: exit 1 at once;
#  3. SIGINT to every node mid-run: each exits 1 within seconds, none waits for another, and the
#     sessions are persisted (nothing left `challenged`);
#  4. a node that goes silent (SIGSTOP) is given up on when it is waited for: the collector names
#     it and exits 1, the other nodes end 0, every registration is established.
#   lifecycle_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do { kill -9 "$p" && wait "$p"; } 2>/dev/null || true; done; if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; for f in *.log; do echo "== $f"; tail -20 "$f"; done; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# loopback.toml.in with TERMINALS terminals at RATE per second, plus a node n-idle hosting nothing.
topology() {
  sed -e "s/@PORT1@/$(free_port)/" -e "s/@PORT2@/$(free_port)/" -e "s/@PORT3@/$(free_port)/" \
      -e "s|@DB@|$work/auc1.db|" -e "s/@HALF@/$(($1 / 2))/g" -e "s/@RATE@/$2/g" \
      "$here/loopback.toml.in" > topo.toml
  printf '\n[[node]]\nname = "n-idle"\nendpoint = "tcp://127.0.0.1:%s"\n' "$(free_port)" >> topo.toml
  rm -f auc1.db auc1.db-wal auc1.db-shm
}
start() { "$ngnemu" node -q --topology topo.toml --node "$1" --ready-timeout 60 > "$1.log" 2>&1 & pids+=($!); eval "pid_${1//-/_}=$!"; }
nodes=(n-auc n-core n-terminals n-idle)
# Waits until `cmd` succeeds (50 ms steps, up to 20 s).
await() { for _ in $(seq 400); do if eval "$1"; then return 0; fi; sleep 0.05; done; fail "timed out waiting for: $1"; }
# Waits for a started node (its pid variable's name); its exit status in $s.
status_of() { s=0; wait "${!1}" || s=$?; }
sessions() { sqlite3 auc1.db "select count(*) from sessions" 2>/dev/null || echo 0; }

# 1. Peers that never come up.
topology 100 0
s=0; "$ngnemu" node -q --topology topo.toml --node n-terminals --ready-timeout 1 > barrier.log 2>&1 || s=$?
[ "$s" = 4 ] || fail "barrier timeout: exit $s, want 4"
grep -q "peers not reachable after 1 s: n-core n-auc n-idle" barrier.log || fail "barrier message"
echo "1. barrier timeout: exit 4, peers named"

# 2. SIGINT at the barrier.
start n-terminals
await "grep -q listening n-terminals.log"
t0=$(date +%s%N)
kill -INT "$pid_n_terminals"
status_of pid_n_terminals
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$s" = 1 ] || fail "SIGINT at the barrier: exit $s, want 1"
[ "$ms" -lt 2000 ] || fail "SIGINT at the barrier took $ms ms"
grep -q "interrupted before every peer was up" n-terminals.log || fail "SIGINT at the barrier: message"
echo "2. SIGINT at the barrier: exit 1 after $ms ms"

# 3. SIGINT to every node mid-run.
topology 4000 400
for n in "${nodes[@]}"; do start "$n"; done
await '[ "$(sessions)" -gt 200 ]'
t0=$(date +%s%N)
for n in "${nodes[@]}"; do v=pid_${n//-/_}; kill -INT "${!v}"; done
for n in "${nodes[@]}"; do
  status_of "pid_${n//-/_}"
  [ "$s" = 1 ] || fail "SIGINT mid-run: $n exited $s, want 1"
done
ms=$((($(date +%s%N) - t0) / 1000000))
# The terminals under way get 2 s (README); nobody waits for anybody's deadline.
[ "$ms" -lt 8000 ] || fail "SIGINT mid-run: the nodes took $ms ms to exit"
grep -q "interrupted" n-terminals.log || fail "SIGINT mid-run: the summary does not say interrupted"
grep -q "node n-core finished (signal)" n-core.log || fail "SIGINT mid-run: n-core's summary"
left=$(sqlite3 auc1.db "select count(*) from sessions where state='challenged'")
[ "$left" = 0 ] || fail "SIGINT mid-run: $left sessions left challenged"
echo "3. SIGINT mid-run: every node exited 1 within $ms ms, sessions persisted"

# 4. A node that goes silent.
topology 1000 0
for n in "${nodes[@]}"; do start "$n"; done
await "grep -q 'node n-idle is up' n-auc.log && grep -q 'node n-idle is up' n-terminals.log && grep -q 'node n-idle is up' n-core.log"
kill -STOP "$pid_n_idle"
for n in n-auc n-core n-terminals; do
  status_of "pid_${n//-/_}"
  want=0; [ "$n" = n-auc ] && want=1
  [ "$s" = "$want" ] || fail "silent node: $n exited $s, want $want"
done
grep -q "node n-idle went down before it quiesced" n-auc.log || fail "silent node: not named"
grep -q "1000 attempted, 1000 established, 0 failed" n-auc.log || fail "silent node: summary"
echo "4. silent node: named by the collector (exit 1), the others exited 0"
echo PASS
