#!/usr/bin/env bash
# Overload control end to end (README "Overload and floods"): 30,000 SIP terminals started at
# once (--window 0) meet the soft switch's bound on requests to the AuC; the refused ones get
# 503 with a Retry-After slot, come back, and every terminal registers. The summary's `overload`
# line counts the refusals, the run report's element counters say the same, and the attempts
# exceed the terminals by as many. (The wait-in-the-mailbox refusal is driven through the router
# and a shell in tests/actors/shell_test.cpp.)
# Usage: overload_test.sh NGNEMU
set -euo pipefail
NGNEMU=$1
source "$(dirname "$0")/lib.sh"

n=30000
"$NGNEMU" run -q -n "$n" --via proxy --window 0 --db o.db --report o.json > o.out \
  || fail "overloaded run: $(cat o.out)"
grep -q "$n attempted, $n established, 0 failed" o.out || fail "overloaded run: $(grep terminals o.out)"
line=$(grep -E '^  overload ' o.out) || fail "no overload line: $(cat o.out)"
waited=$(sed -E 's/^  overload +([0-9]+) new requests refused for their wait in a mailbox, ([0-9]+) for the AuC bound .*/\1/' <<< "$line")
bound=$(sed -E 's/^  overload +([0-9]+) new requests refused for their wait in a mailbox, ([0-9]+) for the AuC bound .*/\2/' <<< "$line")
[ "$((waited + bound))" -gt 0 ] || fail "no refusal: $line"
attempts=$(sed -nE 's/^  attempts +([0-9]+) registrations tried.*/\1/p' o.out)
[ "$attempts" -ge "$((n + waited + bound))" ] || fail "$attempts attempts for $((waited + bound)) refusals"
python3 - "$waited" "$bound" <<'PY' || fail "report counters differ from the summary"
import json, sys
j = json.load(open("o.json"))
total = {"refused_overload_queue": 0, "refused_overload_auc": 0}
retry = 0
for e in j["elements"]:
    for k in total:
        total[k] += e["counters"].get(k, 0)
    retry = max(retry, e["counters"].get("retry_after_max_s", 0))
assert total["refused_overload_queue"] == int(sys.argv[1]), total
assert total["refused_overload_auc"] == int(sys.argv[2]), total
assert retry >= 1, retry
assert j["totals"]["failed"] == 0, j["totals"]
PY
echo "PASS: $n registered; $waited refused for their wait, $bound for the AuC bound; $attempts attempts"
