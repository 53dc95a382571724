#!/usr/bin/env bash
# Issue 12 item 5, after a crash: `ngnemu run` killed with SIGKILL mid-run leaves `challenged` rows
# (challenges whose outcome it never recorded) and its run `running`; the next AuC started on the
# database marks those rows expired with the crash reason (reasons.code 25), in one transaction,
# says how many on stderr and in its summary, and marks the dead run interrupted. Nothing is left
# `challenged`.
#   crash_recovery_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; cat out*.txt err*.txt >&2 2>/dev/null || true; exit 1; }
q() { sqlite3 -batch -noheader c.db "$1"; }
reason="AuC restarted: the challenge was open when its process ended"

# Kill -9 while registrations are in flight; a kill at an instant with no challenge open is
# tried again (each try adds its rows).
open=0
for try in 1 2 3 4 5; do
  "$ngnemu" run -n 20000 --rate 4000 --db c.db > out1.txt 2> err1.txt &
  pid=$!
  # Wait until rows are being written, then kill at once.
  for _ in $(seq 100); do
    [ -e c.db ] && [ "$(q "select count(*) from sessions" 2>/dev/null || echo 0)" -gt 500 ] && break
    sleep 0.05
  done
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
  open=$(q "select count(*) from sessions where state = 'challenged'")
  [ "$open" -gt 0 ] && break
done
[ "$open" -gt 0 ] || fail "no challenge open after five kills (nothing to recover)"
[ "$(q "select outcome from runs order by id desc limit 1")" = running ] || fail "killed run not running"
killed_run=$(q "select name from runs order by id desc limit 1")
echo "killed: $open challenges open"

# The next AuC on the database.
"$ngnemu" run -n 10 --db c.db > out2.txt 2> err2.txt || fail "restart: exit status $?"
[ "$(q "select count(*) from sessions where state = 'challenged'")" = 0 ] || fail "challenged rows left"
closed=$(q "select count(*) from sessions where state = 'expired' and reason_code = 25 and failure_reason = '$reason'")
[ "$closed" = "$open" ] || fail "$closed rows closed with the crash reason, $open were open"
[ "$(q "select count(*) from sessions where reason_code = 25 and (t_end is null or detected_by is null)")" = 0 ] \
  || fail "a closed row lacks t_end or detected_by"
[ "$(q "select text from reasons where code = 25")" = "$reason" ] || fail "reason 25 not in the catalogue table"
[ "$(q "select outcome from runs where name = '$killed_run'")" = interrupted ] || fail "dead run not interrupted"
grep -q "$open challenge(s) an earlier process left open marked expired" err2.txt \
  || fail "stderr does not say how many"
grep -qE "^  auc auc1 +$open challenges an earlier process left open closed as expired" out2.txt \
  || fail "summary does not say how many"
grep -q "established" out2.txt || fail "no summary"
# `sessions` shows them with the reason, and none challenged.
"$ngnemu" sessions --db c.db --run "$killed_run" --state expired > expired.txt
grep -q "$reason" expired.txt || fail "sessions --state expired does not show the crash reason"
"$ngnemu" sessions --db c.db --state challenged > challenged.txt
grep -q "$reason" challenged.txt && fail "sessions --state challenged lists closed rows"
# A start with nothing to recover says nothing of it.
"$ngnemu" run -n 10 --db c.db > out3.txt 2> err3.txt || fail "third run: exit status $?"
grep -q "earlier process" out3.txt err3.txt && fail "a clean start reports recovered challenges"
[ "$(q 'pragma integrity_check')" = ok ] || fail "integrity check"
echo "PASS: $open challenges left by kill -9 closed with the crash reason"
