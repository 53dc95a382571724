#!/usr/bin/env bash
# SIPp registers N subscribers with Digest-AKA (RFC 3310) through ngnemu's UDP listener: every
# call successful, every session established in the database (issue item 5).
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

start_ngnemu "$via"
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
echo "PASS: $n SIPp registrations via $via"
