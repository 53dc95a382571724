#!/usr/bin/env bash
# Clients with wrong keys are refused and recorded (issue item 5).
#  1. SIPp with a corrupted K in its injection file: the challenge's AUTN does not verify, which
#     SIPp 3.6.1 treats as fatal ("MAC != eXpectedMAC -> Server might not know the secret"): the
#     client side of mutual authentication. It never answers, so the one challenged session
#     stays open (the soft switch fails it after 32 s).
#  2. A client without the right key that answers every challenge anyway (its Authorization is
#     not derived from RES): every registration is refused with 403 and recorded as failed,
#     reason "verification words differ".
# Usage: wrong_keys_test.sh NGNEMU [N]
NGNEMU=$1
n=${2:-1000}
source "$(dirname "$0")/lib.sh"
db="$work/sipp.db"

"$NGNEMU" subscribers provision --count "$n" --sipp-safe --db "$db" > /dev/null
"$NGNEMU" subscribers export --format sipp --db "$db" --output users.csv 2> /dev/null
# Every aka_K replaced by another (SIPp-safe) key.
sed -E 's/aka_K=0x[0-9A-Fa-f]{32}/aka_K=0x11111111111111111111111111111111/' users.csv > wrong.csv
[ "$(grep -c aka_K wrong.csv)" = "$n" ] || fail "corrupted file"
cmp -s users.csv wrong.csv && fail "K not corrupted"

start_ngnemu direct
# 1. Corrupted K: SIPp refuses the network's challenge.
run_sipp wrong.csv 1 1
[ "$sipp_rc" != 0 ] || fail "sipp accepted a challenge made with another key"
grep -rq "MAC != eXpectedMAC" sipp.out ./*errors.log 2>/dev/null || fail "sipp did not report the AUTN mismatch"
[ "$(q "select count(*) from sessions where state='established'")" = 0 ] || fail "established with a wrong key"

# 2. Every answer without the key: 403 each (the scenario expects 403).
SIPP_SCENARIO="$here/register_wrong_response.xml" run_sipp users.csv "$n" 200
[ "$sipp_rc" = 0 ] || fail "sipp exited $sipp_rc"
[ "$(sipp_stat 'SuccessfulCall(C)')" = "$n" ] || fail "calls refused with 403: $(sipp_stat 'SuccessfulCall(C)') of $n"
stop_ngnemu

[ "$(q "select count(*) from sessions where state='failed' and failure_reason='verification words differ'")" = "$n" ] \
  || fail "failed sessions: $(q "select state, failure_reason, count(*) from sessions group by 1, 2")"
[ "$(q "select count(*) from sessions where state='established'")" = 0 ] || fail "established sessions"
echo "PASS: corrupted K refused by SIPp; $n registrations without the key refused with 403 and recorded"
