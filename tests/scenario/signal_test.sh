#!/usr/bin/env bash
# SIGINT / SIGTERM end `ngnemu run` cleanly: the registered terminals de-register (DESIGN.md
# §1.2), the summary covers the terminals started so far (those without an outcome count as
# failed), the exit status is 1, the database passes SQLite's integrity check and holds exactly
# the sessions the summary reports (established, then de-registered as the life line says), none
# left 'challenged'.
#   signal_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; cat out.txt err.txt >&2 2>/dev/null || true; exit 1; }
q() { sqlite3 -batch -noheader s.db "$1"; }
for sig in INT TERM; do
  rm -f s.db*
  # 20,000 terminals at 2,000/s: about 10 s; the signal comes after 2.
  "$ngnemu" run -n 20000 --rate 2000 --db s.db > out.txt 2> err.txt &
  pid=$!
  sleep 2
  kill "-$sig" "$pid"
  rc=0
  wait "$pid" || rc=$?
  pid=""
  [ "$rc" = 1 ] || fail "SIG$sig: exit status $rc, want 1"
  line=$(grep -E '^  terminals ' out.txt) || fail "SIG$sig: no summary"
  echo "SIG$sig: $line"
  echo "$line" | grep -q "interrupted before every outcome" || fail "SIG$sig: not reported as interrupted"
  attempted=$(echo "$line" | sed -n 's/.* \([0-9]*\) attempted.*/\1/p')
  est=$(echo "$line" | sed -n 's/.*attempted, \([0-9]*\) established.*/\1/p')
  [ "$attempted" -gt 0 ] && [ "$attempted" -lt 20000 ] || fail "SIG$sig: $attempted attempted"
  [ "$(q 'pragma integrity_check')" = ok ] || fail "SIG$sig: integrity check"
  # The de-registrations as the edges ended them (what the AuC records; a terminal whose answer
  # did not come back within the grace counts none on its side).
  dereg=$(sed -n 's/^  ends .* \([0-9]*\) de-registered.*/\1/p' out.txt)
  [ -n "$dereg" ] || fail "SIG$sig: no ends line"
  [ "$(q "select count(*) from sessions where state in ('established', 'deregistered')")" = "$est" ] \
    || fail "SIG$sig: $(q "select count(*) from sessions where state in ('established', 'deregistered')") established in the database, $est in the summary"
  [ "$(q "select count(*) from sessions where state='deregistered'")" = "$dereg" ] \
    || fail "SIG$sig: $(q "select count(*) from sessions where state='deregistered'") de-registered in the database, $dereg in the summary"
  [ "$(q "select count(*) from sessions where state='challenged'")" = 0 ] \
    || fail "SIG$sig: sessions left challenged"
  [ "$(q "select count(*) from sessions")" -le "$attempted" ] || fail "SIG$sig: more sessions than attempts"
done
echo PASS
