#!/usr/bin/env bash
# SIPp registers N subscribers with Digest-AKA (RFC 3310) through ngnemu's UDP listener: every
# call successful, every session established in the database (issue item 5); the summary's rate,
# latency and CPU are the clients' and --stats covers the serving time (issue 10 item 4).
# Usage: register_test.sh NGNEMU proxy|direct [N] [RATE]
NGNEMU=$1
via=$2
n=${3:-1000}
rate=${4:-200}
source "$(dirname "$0")/lib.sh"
db="$work/sipp.db"

# Compatibility-flagged subscribers (--sipp-safe): keys SIPp 3.6.1 reads correctly, and the AuC
# never challenges them with a RES containing 0x00 (README "Real SIP clients (SIPp)").
"$NGNEMU" subscribers provision --count "$n" --sipp-safe --db "$db" > /dev/null
"$NGNEMU" subscribers export --format sipp --db "$db" --output users.csv 2> export.err
[ "$(head -1 users.csv)" = SEQUENTIAL ] || fail "injection file header"
[ "$(($(wc -l < users.csv) - 1))" = "$n" ] || fail "injection file rows"

start_ngnemu "$via" --stats stats.csv
run_sipp users.csv "$n" "$rate"
[ "$sipp_rc" = 0 ] || fail "sipp exited $sipp_rc"
[ "$(sipp_stat 'SuccessfulCall(C)')" = "$n" ] || fail "successful calls: $(sipp_stat 'SuccessfulCall(C)') of $n"
[ "$(sipp_stat 'FailedCall(C)')" = 0 ] || fail "failed calls: $(sipp_stat 'FailedCall(C)')"
stop_ngnemu

proxy=""
[ "$via" = proxy ] && proxy=sp1
[ "$(q "select count(*) from sessions where state='established' and ifnull(proxy, '')='$proxy' and softswitch='ss1'")" = "$n" ] \
  || fail "established sessions: $(q "select state, proxy, count(*) from sessions group by 1, 2")"
[ "$(q "select count(*) from sessions where state<>'established'")" = 0 ] \
  || fail "other sessions: $(q "select state, failure_reason, count(*) from sessions where state<>'established' group by 1, 2")"
[ "$(q "select count(distinct identity) from sessions")" = "$n" ] || fail "identities"
[ "$(q "select count(*) from sessions where t_success>=t_response and t_response>=t_challenge and length(rand)=16 and length(sk_fingerprint)=32")" = "$n" ] \
  || fail "session rows incomplete"
# Two transactions per registration reach the element; SIPp's retransmissions never do.
element=ss1
[ "$via" = proxy ] && element=sp1
grep -q "listener udp:127.0.0.1:$port ($element): [0-9]* datagrams in, $((2 * n)) requests to the element" ngnemu.out \
  || fail "listener summary: $(grep listener ngnemu.out)"
grep "listener" ngnemu.out
# Issue 10 item 4: the listener measured its clients' registrations.
grep -q "^  clients        $n registrations established (0 refreshes), 0 failed (0 timeouts), 0 de-registrations, 0 in flight" ngnemu.out \
  || fail "clients line: $(grep -A1 '^  clients' ngnemu.out)"
r=$(sed -n 's/^  rate *\([0-9]*\) registrations\/s.*/\1/p' ngnemu.out)
# The clients' rate is SIPp's own (CallRate(C): calls per second it achieved, $rate/s asked),
# within a factor of two (SIPp's clock starts before its first call and ends after its last).
sipp_rate=$(sipp_stat 'CallRate(C)')
awk -v r="${r:-0}" -v s="$sipp_rate" 'BEGIN { exit !(s > 0 && r >= s / 2 && r <= s * 2) }' \
  || fail "rate ${r:-?}/s, SIPp's ${sipp_rate}/s: $(grep '^  rate' ngnemu.out)"
positive() { awk -v v="$1" 'BEGIN { exit !(v > 0) }'; }
p50=$(sed -n 's/^  latency *p50 \([0-9.]*\) ms  p95 [0-9.]* ms  p99 \([0-9.]*\) ms.*/\1/p' ngnemu.out)
p99=$(sed -n 's/^  latency *p50 \([0-9.]*\) ms  p95 [0-9.]* ms  p99 \([0-9.]*\) ms.*/\2/p' ngnemu.out)
positive "${p50:-0}" && positive "${p99:-0}" || fail "latency: $(grep '^  latency' ngnemu.out)"
cpu=$(sed -n 's/^  cpu .*serving the listener clients (\([0-9.]*\) µs per registration).*/\1/p' ngnemu.out)
positive "${cpu:-0}" || fail "cpu: $(grep '^  cpu' ngnemu.out)"
# --stats: a line per second of serving; every registration counted, nothing left in flight.
awk -F, -v n="$n" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { est = $c["first_established_c"]; inflight = $c["in_flight"]; lines++
    if ($c["registrations_p"] > 0) busy++ }
  END { exit !(lines >= 2 && busy >= 1 && est == n && inflight == 0 && c["timeouts_c"] > 0) }' stats.csv \
  || fail "stats.csv: $(head -1 stats.csv; tail -3 stats.csv)"
grep -E "^  (rate|latency|cpu|clients)" ngnemu.out
echo "SIPp: ${sipp_rate} calls/s"
echo "PASS: $n SIPp registrations via $via"
