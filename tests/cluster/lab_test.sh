#!/usr/bin/env bash
# The three-host example topology (CURVE, keys derived) in three network namespaces, run by
# scripts/lab through scripts/launch: every registration established, one results folder with
# every node's files, the merged report's session count equals the terminals, and the AuC's
# database (collected) holds every session with the node of each element.
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
topo=$root/topology/examples/three-hosts.toml
grep -q '^security = "curve"' "$topo" || { echo "FAIL: the example does not ask for CURVE"; exit 1; }
fail() { echo "FAIL: $*" >&2; cat err.txt; for f in results/*/nodes/*/*.out; do echo "== $f"; tail -20 "$f"; done; exit 1; }
terminals=$("$ngnemu" topology check "$topo" | sed -n 's/.*nodes, \([0-9]*\) terminals$/\1/p')
NGNEMU=$ngnemu "$root/scripts/lab" run "$topo" --run-id "labtest-$$" > out.txt 2> err.txt \
  || { cat out.txt; fail "scripts/lab run exited $?"; }
cat out.txt
grep -q "$terminals attempted, $terminals established, 0 failed" out.txt || fail "summary"
r=results/labtest-$$
for n in n-terminals n-core n-auc; do
  for f in "$n.log" "$n-report.json" "$n.out"; do [ -s "$r/nodes/$n/$f" ] || fail "results lack nodes/$n/$f"; done
done
merged=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(sum(x['sessions'] for x in j['sessions']))" "$r/report.json") \
  || fail "no merged report.json"
[ "$merged" = "$terminals" ] || fail "merged report: $merged sessions, want $terminals"
q() { sqlite3 -batch -noheader "$r/nodes/n-auc/auc1.db" "$1"; }
[ "$(q "select count(*) from sessions where state in ('established','deregistered')")" = "$terminals" ] || fail "sessions"
[ "$(q "select count(*) from sessions where state in ('established','deregistered') and auc_node='n-auc' and softswitch_node='n-core' and (proxy_node='n-core' or terminal_node='n-terminals')")" = "$terminals" ] \
  || fail "node names"
grep -q "are NOT secured" "$r"/nodes/*/*.log "$r"/nodes/*/*.out && fail "a node warned of unsecured links"
ip netns list | grep -q ngnlab && fail "namespaces left behind"
echo PASS
