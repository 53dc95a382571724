#!/usr/bin/env bash
# Flood bounds (issue 12 item 2, README "Overload and floods"): REGISTER floods at full speed —
# known identities that never answer their challenge, and unknown identities — from addresses
# other than the legitimate client's, while SIPp registers a few real subscribers. Every
# legitimate registration succeeds; the database grows by a bounded number of rows (one open
# challenge per flooded identity, refusals counted per reason and second in `refusals` beyond a
# few sample rows), whatever the number of datagrams; the resident set stays bounded;
# `sessions --summary` shows the counted refusals.
# Usage: flood_bounds_test.sh NGNEMU REGISTER_FLOOD [SECONDS]
NGNEMU=$1
flood=$2
seconds=${3:-6}
source "$(dirname "$0")/lib.sh"
db="$work/sipp.db"
identities=200
legit=10

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$ngn_pid/status"; }

"$NGNEMU" subscribers provision --count "$identities" --sipp-safe --db "$db" > /dev/null
"$NGNEMU" subscribers export --format sipp --db "$db" --output users.csv 2> /dev/null
start_ngnemu proxy
sleep 0.5
rss0=$(rss_kb)
"$flood" 127.0.0.1 "$port" "$seconds" known "$identities" 127.0.0.2 > known.out &
known_pid=$!
"$flood" 127.0.0.1 "$port" "$seconds" unknown 1 127.0.0.3 > unknown.out &
unknown_pid=$!
sleep 1
# The legitimate clients register during the flood (127.0.0.1); they honour 503 + Retry-After.
SIPP_SCENARIO="$here/register_aka_retry.xml" run_sipp users.csv "$legit" 5
wait "$known_pid" || fail "known flood"
wait "$unknown_pid" || fail "unknown flood"
rss1=$(rss_kb)
sent_known=$(awk '{ print $1 }' known.out); sent_unknown=$(awk '{ print $1 }' unknown.out)
stop_ngnemu
grep "listener udp" ngnemu.out
ok=$(sipp_stat 'SuccessfulCall(C)'); failed=$(sipp_stat 'FailedCall(C)')
rows=$(q "select count(*) from sessions")
counted=$(q "select coalesce(sum(count), 0) from refusals")
refusal_rows=$(q "select count(*) from refusals")
unknown_rows=$(q "select count(*) from sessions where reason_code = 15")
echo "flood: $sent_known REGISTERs for $identities known identities, $sent_unknown for unknown ones in ${seconds} s"
echo "SIPp: $ok of $legit registered, $failed failed; database: $rows session rows, $refusal_rows refusals rows counting $counted"
echo "RSS: ${rss0} KiB before, ${rss1} KiB after the flood"
[ "$ok" = "$legit" ] && [ "$failed" = 0 ] || fail "legitimate registrations during the flood: $ok of $legit, $failed failed"
[ "$(q "select count(*) from sessions where state = 'established'")" -ge "$legit" ] || fail "established rows"
# Bounded: at most 4 challenges per flooded identity (one re-sent while open, TS 33.203 §6.1;
# up to 4 while the AuC fetches it), the legitimate ones, at most 10 sample rows per reason and
# second.
bound=$((4 * identities + legit + 10 * 4 * (seconds + 3)))
[ "$rows" -le "$bound" ] || fail "$rows session rows, more than the bound $bound"
[ "$sent_unknown" -gt $((20 * bound)) ] || fail "the flood was too slow to test anything ($sent_unknown datagrams)"
[ "$counted" -gt 0 ] || fail "no refusal counted in the refusals table"
[ "$refusal_rows" -le $((4 * (seconds + 3))) ] || fail "$refusal_rows refusals rows: not one per reason and second"
[ "$unknown_rows" -le $((10 * (seconds + 3))) ] || fail "$unknown_rows unknown-identity session rows"
[ $((rss1 - rss0)) -lt $((128 * 1024)) ] || fail "RSS grew by $(((rss1 - rss0) / 1024)) MiB"
"$NGNEMU" sessions --db "$db" --summary > summary.out
cat summary.out
grep -q "refused .*unknown identity (counted" summary.out || fail "sessions --summary does not show the counted refusals"
echo "PASS: flood bounded ($rows rows, $counted refusals counted), $legit legitimate registrations"
