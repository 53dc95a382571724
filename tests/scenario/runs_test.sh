#!/usr/bin/env bash
# Runs in the database (schema 3): `ngnemu runs`, `sessions --run`, several --db read as one
# emulation, and clear errors for an unknown run and for a file that is not an ngnemu database.
# Usage: runs_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
. "$(dirname "$0")/lib.sh"

# -- two runs into one database -------------------------------------------------------------------
"$ngnemu" run -q -n 6 --via direct --db one.db > first.out || fail "first run"
sleep 1.1 # the run ids sort by start second
"$ngnemu" run -q -n 9 --via direct --db one.db > second.out || fail "second run"
first=$(sed -n 's/^  run            //p' first.out)
second=$(sed -n 's/^  run            //p' second.out)
[[ "$first" =~ ^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$ ]] || fail "summary run line: '$first'"
[ "$first" != "$second" ] || fail "two runs, one id"

"$ngnemu" runs --db one.db > runs.txt
cat runs.txt
[ "$(grep -c -E '^[0-9]{8}T' runs.txt)" = 2 ] || fail "runs lists two"
# newest last, with their outcome and counts (attempted established failed)
tail -1 runs.txt | grep -q "^$second .* completed *local *9 *9 *0 " || fail "second run line"
"$ngnemu" runs --db one.db --json | python3 -c '
import json, sys
runs = json.load(sys.stdin)
assert [r["run"] for r in runs] == sys.argv[1:], runs
assert [r["terminals_attempted"] for r in runs] == [6, 9], runs
assert all(r["outcome"] == "completed" and r["duration_s"] > 0 for r in runs), runs
assert all(r["latency_p50_ms"] > 0 and r["latency_p99_ms"] >= r["latency_p50_ms"] for r in runs)
assert all(r["options"].startswith("ngnemu run -q -n") or "ngnemu run" in r["options"] for r in runs), runs
' "$first" "$second" || fail "runs --json"
[ "$("$ngnemu" runs --db one.db --csv | wc -l)" = 3 ] || fail "runs --csv"

# sessions: the latest run by default, --run NAME or a prefix of it, --run all
[ "$("$ngnemu" sessions --db one.db --csv | wc -l)" = 10 ] || fail "default: the latest run's 9 rows"
[ "$("$ngnemu" sessions --db one.db --run "$first" --csv | wc -l)" = 7 ] || fail "--run first"
[ "$("$ngnemu" sessions --db one.db --run "${second%-*}" --csv | wc -l)" = 10 ] || fail "--run prefix"
[ "$("$ngnemu" sessions --db one.db --run all --csv | wc -l)" = 16 ] || fail "--run all"
summary=$("$ngnemu" sessions --db one.db --run "$first" --summary)
grep -qE "^sip +deregistered +6 " <<<"$summary" || fail "--summary with --run: $summary"
"$ngnemu" sessions --db one.db --run "$first" --json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert len(rows) == 6 and all(r["run"] == sys.argv[1] and r["database"] == "one.db" for r in rows)
' "$first" || fail "sessions --json run and database"
# every column in CSV, the run named
"$ngnemu" sessions --db one.db --csv > latest.csv
head -1 latest.csv | grep -qx "database,run,id,identity,protocol,proxy,softswitch,auc,terminal_node,proxy_node,softswitch_node,auc_node,mechanism,state,failure_reason,rand,sk_fingerprint,resyncs,requested,challenged,responded,succeeded,ended,latency_ms,lifetime,successor,protected_sent,protected_received,protected_dropped,wire_session,response_code,detected_by,reason_code" \
  || fail "csv header"
sed -n 2p latest.csv | grep -q "^one.db,$second," || fail "csv row run"

# an unknown run is a clear error (exit 2)
rc=0; "$ngnemu" sessions --db one.db --run nosuchrun > /dev/null 2> err.txt || rc=$?
[ "$rc" = 2 ] || fail "unknown run: exit $rc"
grep -q "no run 'nosuchrun'" err.txt || fail "unknown run message: $(cat err.txt)"

# -- a failed row has no latency -------------------------------------------------------------------
sqlite3 one.db "update sessions set state='failed', t_success=NULL, failure_reason='test' where id=(select max(id) from sessions)"
"$ngnemu" sessions --db one.db --state failed --json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert len(rows) == 1 and rows[0]["latency_ms"] is None, rows
' || fail "failed row latency in json"
"$ngnemu" sessions --db one.db --state failed --csv | sed -n 2p | python3 -c '
import csv, sys
row = next(csv.reader(sys.stdin))
assert row[23] == "", row
' || fail "failed row latency in csv"

# -- two databases read together -------------------------------------------------------------------
"$ngnemu" run -q -n 4 --via direct --db a.db > a.out || fail "run a"
"$ngnemu" run -q -n 5 --via direct --db b.db > b.out || fail "run b"
[ "$("$ngnemu" runs --db a.db --db b.db | grep -c -E '^[0-9]{8}T')" = 2 ] || fail "runs of two dbs"
[ "$("$ngnemu" sessions --db a.db --db b.db --run all --csv | wc -l)" = 10 ] || fail "two dbs, all"
"$ngnemu" sessions --db a.db --db b.db --run all > two.txt
grep -q "^b.db " two.txt || fail "table names the db"
# one run in two databases (two nodes' files) is one row: counts summed, times min/max
run_b=$(sed -n 's/^  run            //p' b.out)
cp b.db b2.db
sqlite3 b2.db "delete from sessions where id > (select min(id) + 1 from sessions); update runs set terminals_attempted=2, terminals_established=2, nodes='other'"
"$ngnemu" runs --db b.db --db b2.db --json | python3 -c '
import json, sys
runs = json.load(sys.stdin)
assert len(runs) == 1 and runs[0]["run"] == sys.argv[1], runs
r = runs[0]
assert r["terminals_attempted"] == 7 and r["terminals_established"] == 7, r
assert r["databases"] == ["b.db", "b2.db"] and r["nodes"] == "local,other", r
' "$run_b" || fail "one run merged over two databases"
[ "$("$ngnemu" sessions --db b.db --db b2.db --csv | wc -l)" = 8 ] || fail "one run, two dbs: 5 + 2 rows"
rc=0; "$ngnemu" sessions --db a.db --db a.db > /dev/null 2> err.txt || rc=$?
[ "$rc" = 2 ] && grep -q "given twice" err.txt || fail "same db twice: $rc $(cat err.txt)"

# -- a file that is not an ngnemu database: a storage error (exit 3) ---------------------------
head -c 4096 /dev/urandom > junk.db
rc=0; "$ngnemu" runs --db junk.db > /dev/null 2> err.txt || rc=$?
[ "$rc" = 3 ] && grep -q "junk.db" err.txt || fail "corrupted db: $rc $(cat err.txt)"
sqlite3 foreign.db "create table t (x); insert into t values (1)"
rc=0; "$ngnemu" sessions --db a.db --db foreign.db > /dev/null 2> err.txt || rc=$?
[ "$rc" = 3 ] && grep -q "foreign.db: not an ngnemu database" err.txt || fail "foreign db: $rc $(cat err.txt)"

echo "runs_test: ok"
