#!/usr/bin/env bash
# SIPp lives the registration (DESIGN.md §1.2) through ngnemu's UDP listener: register,
# re-register (a fresh AKA), de-register, without sec-agree and so without SAs. Each subscriber
# leaves two rows: the first superseded by the second (linked by `successor`), the second
# de-registered.
# Usage: life_test.sh NGNEMU proxy|direct [N] [RATE]
NGNEMU=$1
via=$2
n=${3:-200}
rate=${4:-100}
source "$(dirname "$0")/lib.sh"
db="$work/sipp.db"

"$NGNEMU" subscribers provision --count "$n" --sipp-safe --db "$db" > /dev/null
"$NGNEMU" subscribers export --format sipp --db "$db" --output users.csv 2> export.err

start_ngnemu "$via"
SIPP_SCENARIO="$here/register_life.xml" run_sipp users.csv "$n" "$rate"
[ "$sipp_rc" = 0 ] || fail "sipp exited $sipp_rc"
[ "$(sipp_stat 'SuccessfulCall(C)')" = "$n" ] || fail "successful calls: $(sipp_stat 'SuccessfulCall(C)') of $n"
stop_ngnemu

summary=$(q "select state, count(*) from sessions group by 1 order by 1" | tr '\n' ' ')
[ "$(q "select count(*) from sessions where state='superseded'")" = "$n" ] || fail "superseded: $summary"
[ "$(q "select count(*) from sessions where state='deregistered'")" = "$n" ] || fail "deregistered: $summary"
[ "$(q "select count(*) from sessions")" = "$((2 * n))" ] || fail "rows: $summary"
# Every superseded row names its successor: the same subscriber's later, de-registered row.
[ "$(q "select count(*) from sessions a join sessions b on b.id = a.successor
        where a.state = 'superseded' and b.state = 'deregistered' and a.identity = b.identity
          and b.t_request >= a.t_success and a.t_end >= b.t_success")" = "$n" ] \
  || fail "successor links: $(q "select id, identity, state, successor from sessions limit 6")"
# No SAs without sec-agree: nothing was protected, and the mechanism says so.
[ "$(q "select count(*) from sessions where mechanism = 'no-sec-agree' and protected_sent = 0 and protected_received = 0")" = "$((2 * n))" ] \
  || fail "mechanism / protected counts: $(q "select mechanism, protected_sent, count(*) from sessions group by 1, 2")"
"$NGNEMU" sessions --db "$db" --state superseded --json --limit 1 | grep -q '"successor": [1-9]' \
  || fail "sessions --json shows no successor"
echo "PASS: $n SIPp registrations re-registered and de-registered via $via"
