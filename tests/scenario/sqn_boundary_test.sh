#!/usr/bin/env bash
# Issue 12 item 4: the end of the SQN space (TS 33.102 Annex C: SQN = SEQ ‖ IND, 43-bit SEQ).
# A subscriber imported with SEQ one below its maximum gets one more vector, then is refused with
# the catalogued reason; one imported at SQN 2^48 − 1 is refused at once. Nothing wraps: the
# stored SQN never goes back, and the summary and `sessions --summary` show the reason's text.
# Usage: sqn_boundary_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
. "$(dirname "$0")/lib.sh"

seq_max=$(( (1 << 43) - 1 ))
sqn_max=$(( (1 << 48) - 1 ))
last_but_one=$(( (seq_max - 1) * 32 + 5 ))   # SEQ = seq_max − 1, IND 5
reason="SQN space exhausted (SEQ at its maximum): a new K is needed"
{
  echo "identity,protocol,k,op,opc,amf,sqn,flags"
  echo "t000001@ngn.example,sip,465b5ce8b199b49faa5f0a2ee238a6bc,cdc202d5123e20f62b6d676ac72cb318,,8000,$last_but_one,0"
  echo "t000002@ngn.example,sip,0396eb317b6d1c36f19c1c84cd6ffd16,ff53bade17df5d4e793073ce9d7579fa,,8000,$sqn_max,0"
} > edge.csv
"$ngnemu" subscribers import edge.csv --db s.db > /dev/null
q() { sqlite3 -batch -noheader s.db "$1"; }

# First run: t000001 gets its last vector (SEQ = seq_max, IND = seq_max mod 32 = 31: 2^48 − 1),
# t000002 is refused.
status=0
"$ngnemu" run -q --terminals 2 --protocol sip --db s.db > run1.out 2>&1 || status=$?
cat run1.out
[ "$status" = 1 ] || fail "first run exited $status, expected 1 (one failed)"
grep -q "2 attempted, 1 established, 1 failed" run1.out || fail "first run summary"
grep -qF "$reason" run1.out || fail "the summary does not show the reason"
[ "$(q "select sqn from subscribers where identity='t000001@ngn.example'")" = "$sqn_max" ] \
  || fail "t000001 did not get SEQ = seq_max"
[ "$(q "select sqn from subscribers where identity='t000002@ngn.example'")" = "$sqn_max" ] \
  || fail "t000002's SQN changed"
[ "$(q "select count(*) from sessions where identity='t000002@ngn.example' and state='failed' and reason_code=25 and failure_reason like 'SQN space exhausted%'")" = 1 ] \
  || { q "select identity, state, reason_code, failure_reason from sessions"; fail "t000002's row"; }
[ "$(q "select text from reasons where code=25")" = "$reason" ] || fail "reasons table"
"$ngnemu" sessions --db s.db --summary > summary.txt
cat summary.txt
grep -qF "$reason" summary.txt || fail "sessions --summary does not show the reason"

# Second run: both at the end now, both refused; no SQN went back or wrapped.
status=0
"$ngnemu" run -q --terminals 2 --protocol sip --db s.db > run2.out 2>&1 || status=$?
[ "$status" = 1 ] || { cat run2.out; fail "second run exited $status, expected 1"; }
grep -q "2 attempted, 0 established, 2 failed" run2.out || { cat run2.out; fail "second run summary"; }
[ "$(q "select count(*) from subscribers where sqn = $sqn_max")" = 2 ] || fail "an SQN moved"
[ "$(q "select count(*) from sessions where reason_code=25")" = 3 ] || fail "three refusals recorded"
echo "sqn boundary: OK"
