#!/usr/bin/env bash
# The default emulation end to end: `ngnemu run` establishes every registration, each terminal
# de-registers at the end of the run over its SAs (DESIGN.md §1.2), and the AuC's SQLite file
# holds one de-registered session per terminal with its mechanism, timestamps, granted lifetime
# and the ESP packets it carried.
# Usage: emulation_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
. "$(dirname "$0")/lib.sh"

"$ngnemu" run -q > run.out 2> run.err || { cat run.out run.err; fail "ngnemu run exited $?"; }
cat run.out
grep -q "1000 attempted, 1000 established, 0 failed" run.out || fail "summary"
grep -q "latency        p50" run.out || fail "latency line"
grep -q "registrations/s" run.out || fail "rate line"
[ -f ngnemu.db ] || fail "ngnemu.db not created in the working directory"

q() { sqlite3 -batch -noheader ngnemu.db "$1"; }
grep -q "life           1000 registrations, 0 re-registrations, 0 keepalives, 1000 de-registrations, 0 expired; 0 failures" run.out \
  || fail "life line"
[ "$(q "select count(*) from sessions where state='deregistered'")" = 1000 ] || fail "de-registered rows"
[ "$(q "select count(*) from sessions where state<>'deregistered'")" = 0 ] || fail "other rows"
[ "$(q "select count(*) from sessions where t_end>=t_success and lifetime=3600")" = 1000 ] \
  || fail "end time / lifetime"
# The de-registration and its answer travelled as ESP; nothing was dropped.
[ "$(q "select count(*) from sessions where protected_sent>=1 and protected_received>=1 and protected_dropped=0")" = 1000 ] \
  || fail "protected counts: $(q "select protected_sent, protected_received, protected_dropped, count(*) from sessions group by 1,2,3")"
[ "$(q "select count(*) from sessions where mechanism='aes-gcm'")" = 1000 ] || fail "mechanisms"
[ "$(q "select count(*) from sessions where t_request>0 and t_challenge>=t_request and t_response>=t_challenge and t_success>=t_response")" = 1000 ] \
  || fail "timestamps"
[ "$(q "select count(*) from sessions where length(sk_fingerprint)=32 and length(rand)=16")" = 1000 ] \
  || fail "rand / fingerprint"
[ "$(q "select count(*) from sessions where proxy='sp1'")" = 500 ] || fail "half via the proxy"
[ "$(q "select count(distinct identity) from sessions")" = 1000 ] || fail "identities"
[ "$(q "select count(*) from subscribers where sqn>0")" = 1000 ] || fail "SQN persisted"
[ "$(q "select count(*) from v_sessions where succeeded like '20%Z'")" = 1000 ] || fail "view"

# A second run on the same database continues with the persisted SQN (no reuse).
before=$(q "select max(sqn) from subscribers")
"$ngnemu" run -q -n 10 > run2.out 2>&1 || { cat run2.out; fail "second run"; }
after=$(q "select max(sqn) from subscribers where identity='t000001@ngn.example'")
[ "$after" -gt "$before" ] || [ "$after" -gt 32 ] || fail "SQN did not advance ($before -> $after)"
[ "$(q "select count(*) from sessions")" = 1010 ] || fail "sessions appended"
echo "PASS"
