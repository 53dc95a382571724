#!/usr/bin/env bash
# Overload control (issue 12 item 1, README "Real SIP clients (SIPp)"): with the listener's bound
# forced small (--max-pending), SIPp offering more than it admits gets 503 + Retry-After, waits,
# retries (tests/sipp/register_aka_retry.xml) and every registration still completes: SIPp counts
# no failed call, the listener counts 503s, the database has every registration established.
# Usage: overload_test.sh NGNEMU [CALLS] [MAX_PENDING]
NGNEMU=$1
calls=${2:-400}
max_pending=${3:-4}
source "$(dirname "$0")/lib.sh"
db="$work/sipp.db"

"$NGNEMU" subscribers provision --count "$calls" --sipp-safe --db "$db" > /dev/null
"$NGNEMU" subscribers export --format sipp --db "$db" --output users.csv 2> /dev/null

# A bound that cannot apply is an error, not ignored.
rc=0
"$NGNEMU" run --terminals 1 --max-pending 4 --db "$work/other.db" -q > bad.out 2> bad.err || rc=$?
[ "$rc" = 2 ] && grep -q -- "--max-pending needs a UDP listener" bad.err || fail "--max-pending without a listener: exit $rc"
rc=0
"$NGNEMU" run --terminals 0 --listen udp:127.0.0.1:0 --max-pending 0 > bad.out 2> bad.err || rc=$?
[ "$rc" = 2 ] || fail "--max-pending 0 accepted (exit $rc)"

start_ngnemu proxy --max-pending "$max_pending"
# Fast enough that more than max_pending requests wait at once: 503s must happen.
SIPP_SCENARIO="$here/register_aka_retry.xml" run_sipp users.csv "$calls" 2000 -l 400
stop_ngnemu
ok=$(sipp_stat 'SuccessfulCall(C)'); failed=$(sipp_stat 'FailedCall(C)')
line=$(grep "listener udp" ngnemu.out) || fail "no listener line"
echo "$line"
refused=$(echo "$line" | sed -n 's/.* \([0-9]*\) refused (503; \([0-9]*\) over --max-pending.*/\2/p')
echo "SIPp: $ok successful, $failed failed; listener: $refused 503s for --max-pending $max_pending"
[ "$sipp_rc" = 0 ] || fail "sipp exited $sipp_rc"
[ "$ok" = "$calls" ] && [ "$failed" = 0 ] || fail "$ok of $calls registrations, $failed failed"
[ -n "$refused" ] && [ "$refused" -gt 0 ] || fail "no 503 for the pending bound (max $max_pending)"
echo "$line" | grep -q "over --max-pending $max_pending;" || fail "the bound in force is not $max_pending"
est=$(q "select count(*) from sessions where state='established'")
[ "$est" = "$calls" ] || fail "$est sessions established in the database, not $calls"
# The listener's own count (a registration slower than registration_timeout counts as failed
# there, and again when it succeeds later; SIPp's count above is the clients').
grep -q "registrations: [0-9]* begun, $calls established" ngnemu.out || fail "listener's clients line"
echo "PASS: $calls registrations through --max-pending $max_pending, $refused 503s, none failed"
