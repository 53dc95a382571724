#!/usr/bin/env bash
# `ngnemu report` (README "Run report"): the report stored with the run equals --report's file,
# `report --json` agrees with the summary and the sessions table, `report --html` renders in
# headless Chromium, two AuC shards of one process give one report, a run without a stored report
# gets the summary from its sessions, and a three-node run stores the emulation's report on the
# collector and each other AuC node's own, which merge into the same counts.
# Usage: report_cli_test.sh NGNEMU   (exit 77: chromium is not installed)
set -euo pipefail
ngnemu=$1
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "chromium is not installed (scripts/setup installs it): skipped"; exit 77; }

# -- one run: stored report = --report file; report --json agrees with the summary ---------------
"$ngnemu" run -q --terminals 2000 --protocol mixed --db r.db --report r.json > sum.txt
read -r attempted established failed < <(sed -n \
  's/^  terminals *\([0-9]*\) attempted, \([0-9]*\) established, \([0-9]*\) failed.*/\1 \2 \3/p' sum.txt)
[ "$established" = 2000 ] || fail "the run: $(cat sum.txt)"
sqlite3 r.db "select report from runs" > stored.json
"$ngnemu" report --db r.db --json > out.json
python3 - "$attempted" "$established" "$failed" <<'PY' || fail "report --json"
import json, sys
attempted, established, failed = map(int, sys.argv[1:])
f, s, o = (json.load(open(n)) for n in ("r.json", "stored.json", "out.json"))
assert f == s, "the stored report differs from --report's file"
assert o["totals"] == f["totals"] and o["groups"] == f["groups"], "report --json differs in its totals"
t = o["totals"]
assert (t["attempted"], t["established"], t["failed"]) == (attempted, established, failed), t
assert o["scope"] == "emulation" and o["run"]["id"], o["run"]
# The sessions section agrees: every terminal's registration reached success once.
by_state = {}
for c in o["sessions"]:
    by_state[c["state"]] = by_state.get(c["state"], 0) + c["sessions"]
assert by_state.get("failed", 0) == failed, by_state
assert sum(by_state.values()) == established + failed, by_state
assert len(o["slowest_sessions"]) == 10, o["slowest_sessions"]
lat = [x["latency_ms"] for x in o["slowest_sessions"]]
assert lat == sorted(lat, reverse=True) and lat[0] > 0, lat
assert o["failed_sessions"] == []
print("report --json: %d established, sessions %s" % (t["established"], by_state))
PY
# The text is the summary of the run, rebuilt from the stored JSON.
"$ngnemu" report --db r.db > text.txt
for l in terminals rate latency life "auc auc1"; do
  diff <(grep -m1 "^  $l " sum.txt) <(grep -m1 "^  $l " text.txt) > /dev/null || fail "report: the $l line differs"
done
grep -q "^slowest sessions" text.txt || fail "report: no slowest sessions"

# -- unknown run, --run all, a database without runs ---------------------------------------------
rc=0; "$ngnemu" report --db r.db --run nosuchrun > /dev/null 2> err.txt || rc=$?
[ "$rc" = 2 ] && grep -q "no run 'nosuchrun'" err.txt || fail "unknown run: $rc $(cat err.txt)"
rc=0; "$ngnemu" report --db r.db --run all > /dev/null 2> err.txt || rc=$?
[ "$rc" = 2 ] || fail "--run all: exit status $rc"
"$ngnemu" subscribers provision --count 3 --db none.db > /dev/null
rc=0; "$ngnemu" report --db none.db > /dev/null 2> err.txt || rc=$?
[ "$rc" = 2 ] && grep -q "no runs and no sessions" err.txt || fail "no runs: $rc $(cat err.txt)"

# -- a failed registration: in failed_sessions -----------------------------------------------------
"$ngnemu" run -q --terminals 20 --db r.db > /dev/null
sqlite3 r.db "update subscribers set k = zeroblob(16) where identity = 't000007@ngn.example'"
rc=0; "$ngnemu" run -q --terminals 20 --db r.db > /dev/null || rc=$?
[ "$rc" = 1 ] || fail "a wrong key: exit status $rc"
"$ngnemu" report --db r.db --json > f.json
python3 - <<'PY' || fail "failed_sessions"
import json
o = json.load(open("f.json"))
f = o["failed_sessions"]
assert f and all(x["identity"] == "t000007@ngn.example" for x in f), f
assert f[0]["reason"] and f[0]["time"].endswith("Z"), f[0]
assert o["totals"]["failed"] == 1, o["totals"]
PY

# -- HTML from the database: every plot and the sessions tables, rendered --------------------------
"$ngnemu" report --db r.db --run "$(python3 -c 'import json; print(json.load(open("r.json"))["run"]["id"])')" \
  --html x.html 2> /dev/null
if grep -noE 'https?:|src=|<link|@import|url\(|<script' x.html; then fail "an external reference"; fi
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --dump-dom "file://$work/x.html" \
  > dom.html 2> chromium.err || fail "chromium --dump-dom: $(tail -3 chromium.err)"
for id in sessions slowest-sessions failed-sessions summary; do
  grep -q "<table id=\"$id\"" dom.html || fail "table $id not rendered"
done
[ "$(grep -o '<svg class="plot"' dom.html | wc -l)" -ge 10 ] || fail "plots missing"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --screenshot="$work/shot.png" \
  --window-size=1280,2400 "file://$work/x.html" > /dev/null 2>> chromium.err \
  || fail "chromium --screenshot: $(tail -3 chromium.err)"
read -r w h distinct drawn < <(python3 "$here/png_stats.py" shot.png)
[ "$distinct" -ge 50 ] || fail "screenshot nearly blank: $distinct colours"
awk -v d="$drawn" 'BEGIN { exit !(d >= 5) }' || fail "screenshot nearly blank: $drawn % drawn"

# -- a run without a stored report: the summary from its sessions --------------------------------
cp r.db old.db
sqlite3 old.db "update runs set report = NULL"
"$ngnemu" report --db old.db > old.txt 2> old.err
grep -q "from the sessions: no stored report" old.txt || fail "sessions-only: $(cat old.txt)"
grep -q "^  sessions       20 in all" old.txt || fail "sessions-only counts: $(cat old.txt)"
grep -q "^    failed: *1  " old.txt || fail "sessions-only failure: $(cat old.txt)"
"$ngnemu" report --db old.db --json 2> /dev/null | python3 -c '
import json, sys; o = json.load(sys.stdin)
assert o["scope"] == "sessions" and o["totals"]["registrations"] == 19, o["totals"]' \
  || fail "sessions-only JSON"

# -- two AuC shards in one process: one report ----------------------------------------------------
cat > shards.toml <<'TOML'
[emulation]
name = "two-shards"
[[node]]
name = "n1"
endpoint = "tcp://127.0.0.1:7999"
[[auc]]
name = "auc-a"
node = "n1"
database = "shard-a.db"
shard = "0/2"
[[auc]]
name = "auc-b"
node = "n1"
database = "shard-b.db"
shard = "1/2"
[[softswitch]]
name = "ss1"
node = "n1"
[[terminals]]
name = "t"
node = "n1"
count = 400
via = "ss1"
TOML
"$ngnemu" run -q --topology shards.toml > shards.txt || fail "two shards: $(cat shards.txt)"
"$ngnemu" report --db shard-a.db --db shard-b.db --json > shards.json
python3 - <<'PY' || fail "two shards"
import json, sqlite3
o = json.load(open("shards.json"))
assert o["totals"]["established"] == 400 and len(o["aucs"]) == 2, o["totals"]
n = sum(sqlite3.connect(f).execute("select count(*) from sessions where state <> 'failed'").fetchone()[0]
        for f in ("shard-a.db", "shard-b.db"))
assert sum(c["sessions"] for c in o["sessions"]) == n == 400, (o["sessions"], n)
assert {x["database"] for x in o["slowest_sessions"]} <= {"shard-a.db", "shard-b.db"}
PY

# -- three nodes, an AuC shard on each: the emulation's report, and the nodes' merged -------------
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cat > three.toml <<TOML
[emulation]
name = "three-nodes"
heartbeat = "250ms"
[[node]]
name = "n1"
endpoint = "tcp://127.0.0.1:$(port)"
[[node]]
name = "n2"
endpoint = "tcp://127.0.0.1:$(port)"
[[node]]
name = "n3"
endpoint = "tcp://127.0.0.1:$(port)"
[[auc]]
name = "auc1"
node = "n1"
database = "a.db"
shard = "0/3"
[[auc]]
name = "auc2"
node = "n2"
database = "b.db"
shard = "1/3"
[[auc]]
name = "auc3"
node = "n3"
database = "c.db"
shard = "2/3"
[[softswitch]]
name = "ss1"
node = "n1"
[[terminals]]
name = "t2"
node = "n2"
count = 300
via = "ss1"
[[terminals]]
name = "t3"
node = "n3"
count = 300
first = 301
via = "ss1"
TOML
pids=()
for n in n1 n2 n3; do
  "$ngnemu" node -q --topology three.toml --node $n --run-id three-1 --report $n.json \
    > $n.log 2>&1 & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { tail -20 n*.log; fail "a node exited $?"; }; done
"$ngnemu" report --db a.db --db b.db --db c.db --json > all.json
"$ngnemu" report --db b.db --db c.db --json > nodes.json 2> nodes.err
python3 - <<'PY' || fail "three nodes"
import json
a, m, n1, n2 = (json.load(open(f)) for f in ("all.json", "nodes.json", "n1.json", "n2.json"))
assert n1["scope"] == "emulation" and n2["scope"] == "node" and n2["node"] == "n2", (n1["scope"], n2["scope"])
assert a["scope"] == "emulation" and a["totals"]["established"] == 600, a["totals"]
assert a["totals"]["established"] == n1["totals"]["established"]
# The node reports of n2 and n3 (their terminals, their AuCs) merged: the same counts.
assert m["scope"] == "emulation" and m["totals"]["attempted"] == 600, m["totals"]
assert m["totals"]["established"] == 600 and len(m["nodes"]) == 2, m["nodes"]
assert sum(c["sessions"] for c in a["sessions"]) == 600, a["sessions"]
print("three nodes: %d established (emulation), %d (nodes merged)" % (a["totals"]["established"], m["totals"]["established"]))
PY
echo "report_cli: ok"
