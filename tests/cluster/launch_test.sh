#!/usr/bin/env bash
# scripts/launch with a stand-in ssh (fake_ssh.sh runs the command locally): every node of a
# three-node loopback topology is started "on its host", logs and exit codes are collected, and
# the collector's summary covers the whole emulation.
#   launch_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; for f in launch-logs/*.log; do echo "== $f"; tail -20 "$f"; done; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sed -e "s/@PORT1@/$(free_port)/" -e "s/@PORT2@/$(free_port)/" -e "s/@PORT3@/$(free_port)/" \
    -e "s|@DB@|auc1.db|" -e "s/@HALF@/500/g" -e "s/@RATE@/0/g" "$here/loopback.toml.in" \
  | awk '/^endpoint = /{print; n++; print "host = \"host" n ".example\""; next} {print}' > topo.toml
SSH="$here/fake_ssh.sh" NGNEMU=$ngnemu NGNEMU_REMOTE=$ngnemu REMOTE_DIR="$work/remote" \
  "$root/scripts/launch" topo.toml > out.txt 2> err.txt || { rc=$?; cat out.txt err.txt; fail "launch exited $rc"; }
cat err.txt
grep -q "1000 attempted, 1000 established, 0 failed" out.txt || fail "summary"
[ "$(grep -c 'exited 0' err.txt)" = 3 ] || fail "exit codes"
[ -f remote/topo.toml ] || fail "topology not copied to the remote directory"
[ "$(sqlite3 remote/auc1.db "select count(*) from sessions where state in ('established','deregistered')")" = 1000 ] || fail "db"
# One run id for every node: printed by launch, in the collector's summary and the AuC's runs row.
run_id=$(sed -n 's/^scripts\/launch: run //p' err.txt)
[ -n "$run_id" ] || fail "launch printed no run id"
grep -qx "  run            $run_id" out.txt || fail "summary run line"
[ "$(sqlite3 remote/auc1.db "select count(*) from sessions s join runs r on s.run = r.id where r.name = '$run_id'")" = 1000 ] \
  || fail "sessions of run $run_id"
echo PASS
