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
# The terminals' keys come from the database: provision, export, set the sqn column, import.
"$ngnemu" subscribers provision --count 2 --protocol sip --db s.db > /dev/null
"$ngnemu" subscribers export --db s.db -o all.csv
awk -F, -v OFS=, -v a="$last_but_one" -v b="$sqn_max" '
  NR == 1 { print; next }
  $1 == "t000001@ngn.example" { $7 = a } $1 == "t000002@ngn.example" { $7 = b } { print }' all.csv > edge.csv
"$ngnemu" subscribers import edge.csv --db s.db > /dev/null
q() { sqlite3 -batch -noheader s.db "$1"; }

# First run: t000001 gets its last vector (SEQ = seq_max, IND = seq_max mod 32 = 31: SQN 2^48 − 1).
# Its terminal's USIM (array at 0) finds that SEQ more than Δ ahead (TS 33.102 Annex C.2.1) and
# resynchronises with SQN_MS = 0; the AuC continues above the higher of SQN_MS and the stored SQN:
# none is left, so it is refused with the reason. t000002 is refused at once.
status=0
"$ngnemu" run -q --terminals 2 --protocol sip --db s.db > run1.out 2>&1 || status=$?
cat run1.out
[ "$status" = 1 ] || fail "first run exited $status, expected 1 (failures)"
grep -q "2 attempted, 0 established, 2 failed" run1.out || fail "first run summary"
grep -qF "failed:      2  $reason" run1.out || fail "the summary does not show the reason"
grep -q "1 challenges" run1.out || fail "t000001 did not get one more vector"
grep -q "1 SQN resynchronisations" run1.out || fail "no resynchronisation"
[ "$(q "select sqn from subscribers where identity='t000001@ngn.example'")" = "$sqn_max" ] \
  || fail "t000001 did not get SEQ = seq_max"
[ "$(q "select sqn from subscribers where identity='t000002@ngn.example'")" = "$sqn_max" ] \
  || fail "t000002's SQN changed"
[ "$(q "select count(*) from sessions where identity='t000001@ngn.example' and state='failed' and reason_code=26 and resyncs=0")" = 1 ] \
  || { q "select identity, state, resyncs, reason_code, failure_reason from sessions"; fail "t000001's row"; }
[ "$(q "select count(*) from sessions where identity='t000002@ngn.example' and state='failed' and reason_code=26 and failure_reason like 'SQN space exhausted%'")" = 1 ] \
  || { q "select identity, state, reason_code, failure_reason from sessions"; fail "t000002's row"; }
[ "$(q "select text from reasons where code=26")" = "$reason" ] || fail "reasons table"
"$ngnemu" sessions --db s.db --summary > summary.txt
cat summary.txt
grep -qF "$reason" summary.txt || fail "sessions --summary does not show the reason"

# Second run: both at the end now, both refused; no SQN went back or wrapped.
status=0
"$ngnemu" run -q --terminals 2 --protocol sip --db s.db > run2.out 2>&1 || status=$?
[ "$status" = 1 ] || { cat run2.out; fail "second run exited $status, expected 1"; }
grep -q "2 attempted, 0 established, 2 failed" run2.out || { cat run2.out; fail "second run summary"; }
[ "$(q "select count(*) from subscribers where sqn = $sqn_max")" = 2 ] || fail "an SQN moved"
[ "$(q "select count(*) from sessions where reason_code=26")" = 4 ] || fail "four refusals recorded (two a run)"
echo "sqn boundary: OK"
