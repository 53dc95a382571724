#!/usr/bin/env bash
# A flood of hostile datagrams does not grow ngnemu's memory without bound, and the emulator
# still registers a real client afterwards (issue item 4). Two rounds of COUNT datagrams
# (random bytes, REGISTERs for unknown identities, truncated messages, one retransmitted
# REGISTER, SUBSCRIBE, stray responses; tests/sipp/sip_flood.cpp) as fast as they can be sent:
# the resident set may grow in the first round (bounded tables fill up), hardly in the second.
# Usage: flood_test.sh NGNEMU SIP_FLOOD [COUNT]
NGNEMU=$1
flood=$2
count=${3:-200000}
source "$(dirname "$0")/lib.sh"
db="$work/sipp.db"

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$ngn_pid/status"; }

"$NGNEMU" subscribers provision --count 1 --sipp-safe --db "$db" > /dev/null
"$NGNEMU" subscribers export --format sipp --db "$db" --output users.csv 2> /dev/null
start_ngnemu direct
sleep 1
rss0=$(rss_kb)
"$flood" 127.0.0.1 "$port" "$count" > flood1.out || fail "sip_flood"
sleep 3
rss1=$(rss_kb)
"$flood" 127.0.0.1 "$port" "$count" > flood2.out || fail "sip_flood"
sleep 3
rss2=$(rss_kb)
echo "RSS: ${rss0} KiB before, ${rss1} KiB after $count datagrams, ${rss2} KiB after $((2 * count))"
[ $((rss1 - rss0)) -lt $((256 * 1024)) ] || fail "RSS grew by $(((rss1 - rss0) / 1024)) MiB in the first round"
[ $((rss2 - rss1)) -lt $((48 * 1024)) ] || fail "RSS grew by $(((rss2 - rss1) / 1024)) MiB in the second round"

# Still serving: a real registration goes through.
run_sipp users.csv 1 1
[ "$sipp_rc" = 0 ] && [ "$(sipp_stat 'SuccessfulCall(C)')" = 1 ] || fail "registration after the flood"
stop_ngnemu
grep listener ngnemu.out
[ "$(q "select count(*) from sessions where state='established'")" = 1 ] || fail "established session"
[ "$(q "select count(*) from sessions where state='failed' and failure_reason='unknown identity'")" -gt 0 ] \
  || fail "unknown identities not recorded"
[ "$(q "select count(*) from sessions where state='failed' and failure_reason like 'malformed sip message%'")" -gt 0 ] \
  || fail "malformed datagrams not recorded"
echo "PASS: $((2 * count)) datagrams, memory bounded, still registering"
