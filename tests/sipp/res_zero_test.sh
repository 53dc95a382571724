#!/usr/bin/env bash
# Without the compatibility flag, SIPp 3.6.1's RES bug shows up, counted and explained (issue
# item 5, aka-and-vectors.md §3.1): SIPp passes RES to the digest as a C string, so when RES has
# a 0x00 byte (1 - (255/256)^8 ≈ 3.1 % of challenges) it uses the bytes before it only, its
# response is wrong and the registrar refuses it with 403 ("verification words differ").
# Subscribers here have SIPp-safe keys but no flag (`subscribers provision --sipp-keys`).
# Checks: some calls fail; SIPp's failed calls = the failed sessions in the database; every
# failed session's reason is the verification-word mismatch and its RES (recomputed with
# `ngnemu vector` from K, OPc and the session's RAND) has a 0x00 byte; established sessions'
# RES have none (all of them are checked).
# Usage: res_zero_test.sh NGNEMU [N]
NGNEMU=$1
n=${2:-1000}
source "$(dirname "$0")/lib.sh"
db="$work/sipp.db"

"$NGNEMU" subscribers provision --count "$n" --sipp-keys --db "$db" > /dev/null
[ "$(q "select count(*) from subscribers where flags & 1 = 0")" = "$n" ] || fail "flag not cleared"
"$NGNEMU" subscribers export --format sipp --db "$db" --output users.csv 2> /dev/null

start_ngnemu direct
run_sipp users.csv "$n" 200
ok=$(sipp_stat 'SuccessfulCall(C)')
bad=$(sipp_stat 'FailedCall(C)')
[ $((ok + bad)) = "$n" ] || fail "calls: $ok successful + $bad failed != $n"
[ "$bad" -gt 0 ] || fail "no failure: the RES 0x00 bug did not show up in $n registrations"
stop_ngnemu

[ "$(q "select count(*) from sessions where state='failed'")" = "$bad" ] \
  || fail "failed sessions $(q "select count(*) from sessions where state='failed'") != SIPp's $bad failed calls"
[ "$(q "select count(*) from sessions where state='established'")" = "$ok" ] || fail "established sessions"
[ "$(q "select count(*) from sessions where state='failed' and failure_reason<>'verification words differ'")" = 0 ] \
  || fail "other failure reasons: $(q "select failure_reason, count(*) from sessions where state='failed' group by 1")"

# RES of every session, recomputed: the failed ones (and only they) have a 0x00 byte.
has_zero_byte() { [[ "$1" =~ ^(..)*00 ]]; }
checked=0
while IFS='|' read -r state k opc rand; do
  res=$("$NGNEMU" vector --k "$k" --opc "$opc" --rand "$rand" --sqn 000000000020 | sed -n 's/^RES:\t//p')
  [ ${#res} = 16 ] || fail "RES of $rand"
  if [ "$state" = failed ]; then
    has_zero_byte "$res" || fail "failed session with RES $res (no 0x00 byte)"
  else
    has_zero_byte "$res" && fail "established session with RES $res (has a 0x00 byte)"
  fi
  checked=$((checked + 1))
done < <(q "select s.state, hex(u.k), hex(u.opc), hex(s.rand) from sessions s join subscribers u using (identity)")
[ "$checked" = "$n" ] || fail "checked $checked sessions"
echo "PASS: $bad of $n registrations failed, each with a RES containing 0x00 (SIPp 3.6.1 truncates it); the other $ok have none"
