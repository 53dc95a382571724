#!/usr/bin/env bash
# Issue 12 item 5, a full disk: the AuC database on a small tmpfs fills up mid-run. The AuC stops
# challenging (the soft switch answers "AuC unavailable"), the summary and stderr give SQLite's
# reason ("database or disk is full", result code 13), `ngnemu run` exits 3, and every terminal
# the summary counts established is established in the database (the count comes from the
# committed rows). Needs `mount -t tmpfs` (root): skipped (77) with a message when not permitted.
#   full_disk_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
work=$(mktemp -d)
mnt="$work/small"
mkdir "$mnt"
cleanup() { umount "$mnt" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; cat out*.txt err*.txt >&2 2>/dev/null || true; exit 1; }
if ! mount -t tmpfs -o size=32m,mode=0700 tmpfs "$mnt" 2>/dev/null; then
  echo "SKIP: mount -t tmpfs is not permitted here (run as root to test a full disk)"
  exit 77
fi
db="$mnt/f.db"
q() { sqlite3 -batch -noheader "$db" "$1"; }

# The subscribers first, with room to spare; then everything but a little is taken.
"$ngnemu" run -n 3000 --db "$db" > out0.txt 2> err0.txt || fail "first run: exit status $?"
rm -f err0.txt out0.txt
avail=$(df --output=avail -B1 "$mnt" | tail -1)
free=$((384 * 1024))
[ "$avail" -gt "$free" ] || fail "tmpfs has only $avail bytes"
head -c $((avail - free)) /dev/zero > "$mnt/filler" || true

rc=0
"$ngnemu" run -n 3000 --rate 1500 --db "$db" > out.txt 2> err.txt || rc=$?
[ "$rc" = 3 ] || fail "exit status $rc, want 3 (storage error)"
grep -q "database or disk is full (SQLite result code 13)" err.txt || fail "stderr lacks SQLite's reason"
grep -q "ngnemu run: storage error: auc auc1" err.txt || fail "no storage error line on stderr"
grep -qE "^  auc auc1 +STORAGE FAILED: database or disk is full \(SQLite result code 13\); [0-9]+ requests refused since" out.txt \
  || fail "summary lacks the storage failure"
line=$(grep -E '^  terminals ' out.txt) || fail "no summary"
echo "$line"
est=$(echo "$line" | sed -n 's/.*attempted, \([0-9]*\) established.*/\1/p')
refused=$(sed -n 's/.*; \([0-9]*\) requests refused since.*/\1/p' out.txt)
[ "$refused" -gt 0 ] || fail "no request refused: the disk did not fill mid-run"
# Free the room, then compare with what the database committed for that run.
rm -f "$mnt/filler"
run=$(q "select name from runs order by id desc limit 1")
committed=$(q "select count(distinct identity) from sessions where run = (select id from runs where name = '$run') and t_success is not null")
[ "$est" -le "$committed" ] || fail "summary counts $est established, the database has $committed"
[ "$(q 'pragma integrity_check')" = ok ] || fail "integrity check"
echo "PASS: full disk: exit 3, SQLite's reason said, $est established = $committed committed, $refused requests refused"
