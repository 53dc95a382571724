#!/usr/bin/env bash
# --window: at most W first registrations under way per terminal group (one group: --via proxy); the next terminal starts
# as one has its outcome (README "Run summary"). With --window 40, the --stats CSV's most in
# flight in any second (in_flight_max_p) never passes 40 and every terminal registers; with
# --window 0 every terminal starts at once and far more are under way. The option is recorded
# in the run report and checked like the others.
# Usage: window_test.sh NGNEMU
set -euo pipefail
NGNEMU=$1
source "$(dirname "$0")/lib.sh"

most_in_flight() {
  python3 -c 'import csv, sys; print(max(int(r["in_flight_max_p"]) for r in csv.DictReader(open(sys.argv[1]))))' "$1"
}

"$NGNEMU" run -q -n 3000 --via proxy --window 40 --db w.db --stats w.csv --report w.json > w.out \
  || fail "windowed run: $(cat w.out)"
grep -q "3000 attempted, 3000 established, 0 failed" w.out || fail "windowed run: $(grep terminals w.out)"
most=$(most_in_flight w.csv)
[ "$most" -le 40 ] || fail "window 40: $most registrations under way at once"
[ "$most" -ge 20 ] || fail "window 40: only $most under way (the window is not used)"
python3 -c 'import json, sys; o = json.load(open("w.json"))["run"]["options"]; assert o.get("--window") == "40", o' \
  || fail "report options: --window missing"

"$NGNEMU" run -q -n 3000 --via proxy --window 0 --db w0.db --stats w0.csv > w0.out || fail "unbounded run"
most0=$(most_in_flight w0.csv)
[ "$most0" -gt 400 ] || fail "window 0: only $most0 under way at once"

# Checked before anything runs.
if "$NGNEMU" run -q -n 10 --window -1 --db x.db > x.out 2> x.err; then fail "--window -1 accepted"; fi
grep -q -- "--window" x.err || fail "--window -1: $(cat x.err)"
[ ! -e x.db ] || fail "--window -1: the run started"
echo "PASS: window 40 -> at most $most under way; window 0 -> $most0"
