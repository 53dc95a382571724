#!/usr/bin/env bash
# The other subcommands: subscribers provision/export/import, sessions (table/--json/--csv),
# vector (TS 35.208 test set 1), and clear errors for bad input.
# Usage: cli_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
. "$(dirname "$0")/lib.sh"

# -- vector: TS 35.208 test set 1 (aka-and-vectors.md §2.3) -----------------------------------
out=$("$ngnemu" vector --k 465b5ce8b199b49faa5f0a2ee238a6bc --op cdc202d5123e20f62b6d676ac72cb318 \
        --rand 23553cbe9637a89d218ae64dae47bf35 --sqn ff9bb4d0b607 --amf b9b9)
echo "$out"
for want in "OPC:	cd63cb71954a9f4e48a5994e37a02baf" "AUTN:	55f328b43577b9b94a9ffac354dfafb3" \
            "RES:	a54211d5e3ba50bf" "CK:	b40ba9a3c58b2a05bbf0d987b21bf8cb" \
            "IK:	f769bcd751044604127672711c6d3441" "AK:	aa689c648370" \
            "MAC-A:	4a9ffac354dfafb3" "MAC-S:	01cfaf9ec4e871e9" "AK*:	451e8beca43b"; do
  grep -qF "$want" <<<"$out" || fail "vector: missing '$want'"
done
if "$ngnemu" vector --k 00 --op 00 --rand 00 --sqn 00 2>err.txt; then fail "bad hex accepted"; fi
grep -q "32 hex digits" err.txt || fail "bad hex message"

# -- subscribers --------------------------------------------------------------------------------
"$ngnemu" subscribers provision --count 100 --db s.db | grep -q "100 subscribers created" || fail "provision"
"$ngnemu" subscribers provision --count 100 --db s.db | grep -q "0 subscribers created" || fail "idempotent"
"$ngnemu" subscribers provision --count 50 --first 1001 --sipp-safe --db s.db >/dev/null
"$ngnemu" subscribers export --format sipp --db s.db > users.csv 2> export.err
head -1 users.csv | grep -qx "SEQUENTIAL" || fail "sipp first line"
[ "$(grep -c ';\[authentication username=' users.csv)" -ge 50 ] || fail "sipp rows"
grep -q '^t001001@ngn.example;\[authentication username=t001001@ngn.example aka_K=0x[0-9A-Fa-f]\{32\}00 aka_OP=0x[0-9A-Fa-f]\{32\}00 aka_AMF=0x800000\]$' users.csv \
  || fail "sipp row format"
"$ngnemu" subscribers export --db s.db > all.csv
[ "$(wc -l < all.csv)" = 151 ] || fail "csv export rows"
"$ngnemu" subscribers import all.csv --db copy.db | grep -q "150 subscribers imported" || fail "import"
printf 'identity,k,opc\nx@y,zz,00\n' > bad.csv
if "$ngnemu" subscribers import bad.csv --db copy.db 2>err.txt; then fail "bad csv accepted"; fi
grep -q "bad.csv:2" err.txt || fail "import error names file and line: $(cat err.txt)"

# -- run: an option that is wrong or cannot apply exits 2 with a message, before anything runs ---
run_error() {  # WANT ARGS...: `ngnemu run ARGS` exits 2 and stderr contains WANT
  local want=$1 rc=0
  shift
  "$ngnemu" run -q --db opt.db "$@" > /dev/null 2> err.txt || rc=$?
  [ "$rc" = 2 ] || fail "run $*: exit status $rc, expected 2: $(cat err.txt)"
  grep -qF -- "$want" err.txt || fail "run $*: no '$want' in: $(cat err.txt)"
}
cat > soak.toml <<'TOML'
[[node]]
name = "n1"
endpoint = "tcp://127.0.0.1:7000"

[[auc]]
name = "auc1"
node = "n1"
database = "soak.db"

[[softswitch]]
name = "ss1"
node = "n1"

[[terminals]]
name = "g1"
node = "n1"
count = 2
via = "ss1"
hold = "1m"
rearrive = "10s"
TOML
run_error "--terminals shapes the embedded default topology only" --terminals 5 --topology soak.toml
run_error "--terminals shapes the embedded default topology only" -n 5 --topology soak.toml
run_error "--via shapes the embedded default topology only" --via direct --topology soak.toml
run_error "soak.toml:20:12: terminals[0].rearrive: rearrive makes the run endless: set emulation.duration (or --duration)" \
  --topology soak.toml
run_error "soak.toml:14:1: terminals[0].hold_distribution: hold_distribution = \"exponential\" needs hold > 0" \
  --topology soak.toml --duration 1m --hold 0s --reregister 0s --hold-distribution exponential
run_error "terminals[0].keepalive: keepalive has no effect: terminals with hold = 0 stay until the run ends" \
  -n 5 --keepalive 5s
run_error "terminals[0].hold_distribution: hold_distribution = \"exponential\" needs hold > 0" \
  -n 5 --hold-distribution exponential
run_error "terminals[0].lifetime: lifetime (0s) must be at least 1s" -n 5 --lifetime 0s
# --protocol mixed splits each group in four; every part keeps the traffic model
run_error "terminals[7].hold_distribution: hold_distribution = \"exponential\" needs hold > 0" \
  -n 8 --protocol mixed --hold-distribution exponential
run_error "terminals[0].reregister: reregister (2h) must be shorter than lifetime (1h)" -n 5 --reregister 2h
run_error "terminals[0].rearrive: rearrive needs a way for the terminals to leave" \
  -n 5 --rearrive 1s --duration 1m
run_error "ngnemu: --lifetime: '5x' needs a unit" -n 5 --lifetime 5x
run_error "ngnemu: --duration: empty duration" -n 5 --duration ""
run_error "ngnemu: --arrival: 'poison' is not uniform or poisson" -n 5 --arrival poison
run_error "ngnemu: --hold-distribution: 'exp' is not fixed or exponential" -n 5 --hold-distribution exp
[ ! -e opt.db ] && [ ! -e soak.db ] || fail "a run with a bad option created a database"

# -- sessions -------------------------------------------------------------------------------------
"$ngnemu" run -q -n 20 --via direct --db r.db > /dev/null
"$ngnemu" sessions --db r.db | grep -c deregistered | grep -qx 20 || fail "table"
"$ngnemu" sessions --db r.db --json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert len(rows) == 20, len(rows)
assert all(r["state"] == "deregistered" and r["mechanism"] == "aes-gcm" for r in rows)
assert all(r["latency_ms"] >= 0 and r["requested"].endswith("Z") for r in rows)
assert all(len(r["sk_fingerprint"]) == 64 for r in rows)
' || fail "json"
[ "$("$ngnemu" sessions --db r.db --csv | wc -l)" = 21 ] || fail "csv"
[ "$("$ngnemu" sessions --db r.db --identity 't00001*' --csv | wc -l)" = 11 ] || fail "identity filter"
[ "$("$ngnemu" sessions --db r.db --state failed --csv | wc -l)" = 1 ] || fail "state filter"
[ "$("$ngnemu" sessions --db r.db --limit 5 --csv | wc -l)" = 6 ] || fail "limit"
"$ngnemu" sessions --db r.db --summary | grep -q "sip   deregistered       20" || fail "summary"
if "$ngnemu" sessions --db missing.db 2>err.txt; then fail "missing db accepted"; fi
grep -q "missing.db" err.txt || fail "missing db message"

# -- --stats: one CSV line per second, this interval (_p) and cumulative (_c) ----------------------
"$ngnemu" run -q -n 400 --rate 200 --duration 4s --lifetime 3s --keepalive 1s --db st.db \
  --stats st.csv > st.out || fail "stats run"
grep -q "^  stats          st.csv: [0-9]* lines$" st.out || fail "stats summary line"
head -1 st.csv | grep -q "^time_s,started_c,first_established_c,first_failed_c,active,registrations_p,registrations_c,reregistrations_p,reregistrations_c,keepalives_p,keepalives_c,deregistrations_p,deregistrations_c,expirations_p,expirations_c,failures_p,failures_c,esp_sent_p,esp_sent_c,esp_received_p,esp_received_c,esp_dropped_p,esp_dropped_c,latency_p50_ms_p,latency_p99_ms_p,in_flight,timeouts_p,timeouts_c,in_flight_max_p$" \
  || fail "stats header: $(head -1 st.csv)"
life=$(grep '^  life ' st.out)
python3 - "$life" <<'PY' || fail "stats rows"
import csv, re, sys
rows = list(csv.DictReader(open("st.csv")))
assert len(rows) >= 4, len(rows)  # about one a second for 4 s, then the one after they left
times = [float(r["time_s"]) for r in rows]
assert times == sorted(times), times
for name in ["registrations", "reregistrations", "keepalives", "deregistrations", "esp_sent"]:
    assert sum(int(r[name + "_p"]) for r in rows) == int(rows[-1][name + "_c"]), name
life = dict((k, int(v)) for v, k in re.findall(r"(\d+) (registrations|re-registrations|keepalives|de-registrations)", sys.argv[1]))
last = rows[-1]
assert int(last["registrations_c"]) == life["registrations"] >= 400, (last, life)
assert int(last["reregistrations_c"]) == life["re-registrations"] > 0, (last, life)
assert int(last["keepalives_c"]) == life["keepalives"] > 0, (last, life)
assert int(last["deregistrations_c"]) == life["de-registrations"] > 0, (last, life)
# Registrations were live during the run (all 400 unless a loaded machine lost one); none is once
# the terminals have left.
assert 0 < max(int(r["active"]) for r in rows) <= 400 and int(last["active"]) == 0, rows
# Latency percentiles of the interval where registrations were established, empty where none.
for r in rows:
    done = int(r["registrations_p"]) + int(r["reregistrations_p"])
    if done == 0:
        assert r["latency_p50_ms_p"] == "" and r["latency_p99_ms_p"] == "", r
    else:
        assert 0 <= float(r["latency_p50_ms_p"]) <= float(r["latency_p99_ms_p"]) < 10000, r
# Registrations in flight never exceed the terminals, none once they have left; timeouts add up.
assert all(0 <= int(r["in_flight"]) <= 400 for r in rows) and int(last["in_flight"]) == 0, rows
assert sum(int(r["timeouts_p"]) for r in rows) == int(last["timeouts_c"]) <= int(last["failures_c"])
PY
if "$ngnemu" run -q -n 5 --db st2.db --stats missing-dir/st.csv 2> st.err; then fail "stats into a missing directory accepted"; fi
grep -q "^ngnemu: --stats missing-dir/st.csv: No such file or directory$" st.err || fail "stats error: $(cat st.err)"

echo "PASS"
