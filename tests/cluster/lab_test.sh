#!/usr/bin/env bash
# The three-host example topology in three network namespaces (scripts/lab): every registration
# established, and the AuC database holds every session with the node of each element.
#   lab_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! ip netns add ngnlab-probe 2>/dev/null; then
  echo "SKIP: network namespaces cannot be created here (needs root / CAP_SYS_ADMIN)"; exit 77
fi
ip netns del ngnlab-probe
work=$(mktemp -d)
trap 'rm -rf "$work"; "$root/scripts/lab" down 2>/dev/null || true' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; for f in lab-logs/*.log; do echo "== $f"; tail -20 "$f"; done; exit 1; }
NGNEMU=$ngnemu "$root/scripts/lab" run "$root/topology/examples/three-hosts.toml" > out.txt 2> err.txt \
  || { cat out.txt err.txt; fail "scripts/lab run exited $?"; }
cat out.txt
grep -q "10000 attempted, 10000 established, 0 failed" out.txt || fail "summary"
q() { sqlite3 -batch -noheader auc1.db "$1"; }
[ "$(q "select count(*) from sessions where state in ('established','deregistered')")" = 10000 ] || fail "sessions"
[ "$(q "select count(*) from sessions where state in ('established','deregistered') and auc_node='n-auc' and softswitch_node='n-core' and (proxy_node='n-core' or terminal_node='n-terminals')")" = 10000 ] \
  || fail "node names"
ip netns list | grep -q ngnlab && fail "namespaces left behind"
echo PASS
