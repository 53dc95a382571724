#!/usr/bin/env bash
# Issue 10 item 4: registrations in flight and timeouts. A soft switch that gives the AuC 1 ms
# answers 504 to every registration whose vector comes later than its next sweep, and with a
# 1 ms registration_timeout the terminal gives up at the first 504: a timeout. The progress line,
# the --stats CSV (in_flight, timeouts_p, timeouts_c) and the summary must show them; nothing is
# left in flight at the end.
# Usage: timeouts_test.sh NGNEMU [TERMINALS] [RATE]
set -euo pipefail
NGNEMU=$1
n=${2:-12000}
rate=${3:-6000}
source "$(dirname "$0")/lib.sh"

cat > t.toml <<TOML
[emulation]
name = "timeouts"
auc_timeout = "1ms"
registration_timeout = "1ms"

[[node]]
name = "local"
endpoint = "tcp://127.0.0.1:7000"

[[auc]]
name = "auc1"
node = "local"
database = "t.db"

[[softswitch]]
name = "ss1"
node = "local"
auc = ["auc1"]

[[terminals]]
name = "paced"
node = "local"
count = $n
protocol = "sip"
identity = "t{n:06}@ngn.example"
via = "ss1"
TOML

rc=0
"$NGNEMU" run -t t.toml --rate "$rate" --stats s.csv > run.out 2> run.err || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "exit $rc: $(tail -5 run.err)"
grep -q "^ngnemu summary" run.out || fail "no summary"
timeouts=$(sed -n 's/^  timeouts *\([0-9]*\) registrations failed for want of an answer in time$/\1/p' run.out)
[ "${timeouts:-0}" -gt 0 ] || fail "summary: $(grep -E '^  (timeouts|terminals|  failed)' run.out)"
# Every timeout is a failed first registration here (no refreshes, nothing else fails).
failed=$(sed -n 's/^  terminals .* \([0-9]*\) failed.*/\1/p' run.out)
[ "$failed" = "$timeouts" ] || fail "failed $failed, timeouts $timeouts"
# The CSV: the new columns at the end; in flight at some second under load, none at the end;
# the last line's timeouts_c is the summary's, the sum of timeouts_p too.
head -1 s.csv | grep -q ',in_flight,timeouts_p,timeouts_c,in_flight_max_p$' || fail "header: $(head -1 s.csv)"
awk -F, -v want="$timeouts" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { if ($c["in_flight_max_p"] > peak) peak = $c["in_flight_max_p"]; sum += $c["timeouts_p"]
    last_inflight = $c["in_flight"]; last_c = $c["timeouts_c"] }
  END { printf "peak in flight %d, timeouts %d\n", peak, last_c
        exit !(peak > 0 && last_inflight == 0 && last_c == want && sum == want) }' s.csv \
  || fail "s.csv: $(cat s.csv | cut -d, -f1,2,3,4,5,26-)"
# The progress line shows both.
grep -q "in flight [0-9]*  failed .*timeouts [0-9]* ([0-9]* in all)" run.err || fail "progress: $(tail -3 run.err)"
echo "PASS: $timeouts timeouts of $n registrations"
