#!/usr/bin/env bash
# --log-level / --log-file (README "Logs"): the levels filter, the file receives the lines, trace
# shows every envelope but never a key: neither a subscriber's K or OPc, nor an ESP key of the key
# log appears in a trace-level log.
# Usage: log_test.sh NGNEMU
set -euo pipefail
ngnemu=$(realpath "$1")
. "$(dirname "$0")/lib.sh"

# info (the default) on stderr: milestones, no per-envelope lines.
"$ngnemu" run -q -n 20 --db a.db > out.txt 2> err.txt || fail "info run: $(cat err.txt)"
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z info  run: started: 1 AuC' err.txt \
  || fail "no start line at info: $(cat err.txt)"
if grep -q " trace " err.txt; then fail "trace lines at info"; fi

# off: nothing logged at all.
"$ngnemu" run -q -n 20 --db b.db --log-level off > out.txt 2> err.txt || fail "off run"
[ ! -s err.txt ] || fail "log-level off still wrote: $(cat err.txt)"

# trace into a file, with a key log: every envelope, no key.
"$ngnemu" run -q -n 40 --db c.db --log-level trace --log-file run.log --keylog keys.txt \
  --protocol mixed > out.txt 2> err.txt || fail "trace run: $(cat err.txt)"
[ -s run.log ] || fail "no log file"
grep -q "terminals start" run.log || fail "no milestone in the file"
for k in sip mgcp h248 h323 auc esp; do
  grep -q ": $k, [0-9]* bytes$" run.log || fail "no trace line of a $k envelope"
done
envelopes=$(grep -c " trace run: .* → .*: [a-z0-9]*, [0-9]* bytes$" run.log)
[ "$envelopes" -ge 240 ] || fail "only $envelopes envelopes traced for 40 terminals"
"$ngnemu" subscribers export --db c.db > subs.csv
python3 - subs.csv keys.txt run.log <<'PY' || fail "a key appears in the log"
import csv, re, sys
subs, keylog, log = sys.argv[1:4]
secrets = set()
for row in csv.DictReader(open(subs)):
    for col in ("k", "opc", "op"):
        if row.get(col):
            secrets.add(row[col].lower())
for line in open(keylog):
    for h in re.findall(r'0x([0-9a-fA-F]{16,})', line):
        secrets.add(h.lower())
text = open(log).read().lower()
assert len(secrets) >= 80, f"only {len(secrets)} secrets collected"
leaked = [s for s in secrets if s in text]
assert not leaked, leaked[:3]
PY

# debug: each failed registration, by identity (a wrong key: the AuC's database holds another
# K for t000003 than the terminal derives).
"$ngnemu" run -q -n 10 --db d.db > /dev/null 2>&1 || fail "first run"
sqlite3 d.db "UPDATE subscribers SET k = randomblob(16) WHERE identity LIKE 't000003@%'"
rc=0
"$ngnemu" run -q -n 10 --db d.db --log-level debug > out.txt 2> err.txt || rc=$?
[ "$rc" = 1 ] || fail "a failed registration should make the run exit 1, got $rc"
grep -q "debug run: t000003@[a-z.]*: registration failed: " err.txt \
  || fail "no debug line for the failed terminal: $(cat err.txt)"

# Errors: an unknown level, a log file that cannot be opened.
if "$ngnemu" run -q -n 5 --db e.db --log-level loud 2> err.txt; then fail "bad level accepted"; fi
grep -q "log-level" err.txt || fail "bad level message: $(cat err.txt)"
rc=0
"$ngnemu" run -q -n 5 --db e.db --log-file no-such-dir/x.log 2> err.txt || rc=$?
[ "$rc" = 2 ] || fail "unwritable log file: exit $rc"
grep -q "^ngnemu: --log-file no-such-dir/x.log" err.txt || fail "log file message: $(cat err.txt)"
echo "PASS"
