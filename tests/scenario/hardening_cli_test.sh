#!/usr/bin/env bash
# Issue 12 items 5–7: files holding secrets are created 0600 and never through a symbolic link,
# numbers and times on the command line are validated, messages escape what they echo, the exit
# statuses are those of README "Exit status", and a read-only database can be read.
# Usage: hardening_cli_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
. "$(dirname "$0")/lib.sh"

mode() { stat -c %a "$1"; }
expect_exit() {  # RC WANT ARGS...: `ngnemu ARGS` exits RC and stderr contains WANT (fixed string)
  local rc_want=$1 want=$2 rc=0
  shift 2
  "$ngnemu" "$@" >out.txt 2>err.txt || rc=$?
  [ "$rc" = "$rc_want" ] || fail "ngnemu $* exited $rc, not $rc_want: $(cat err.txt)"
  grep -qF -- "$want" err.txt || fail "ngnemu $*: no '$want' in: $(cat err.txt)"
  if grep -qE 'stoll|stoul|datatype mismatch|terminate called' err.txt; then
    fail "ngnemu $*: internal error text: $(cat err.txt)"
  fi
}

# -- files: 0600 whatever the umask, -wal/-shm follow, no symbolic link followed ------------------
umask 000
"$ngnemu" run --terminals 20 --quiet --db r.db >run.txt || fail "run: $(cat run.txt)"
[ "$(mode r.db)" = 600 ] || fail "database created $(mode r.db), not 600"
# SQLite gives the -wal and -shm the database's mode: list them while a connection holds them.
sqlite3 r.db "SELECT count(*) FROM sessions;" ".shell stat -c '%n %a' r.db-wal r.db-shm" >wal.txt
grep -qx "r.db-wal 600" wal.txt && grep -qx "r.db-shm 600" wal.txt || fail "wal/shm: $(cat wal.txt)"
"$ngnemu" subscribers export --db r.db --output export.csv
[ "$(mode export.csv)" = 600 ] || fail "export created $(mode export.csv), not 600"
grep -q '^t000001@ngn.example,' export.csv || fail "export content"
printf 'old\n' > loose.csv && chmod 644 loose.csv
"$ngnemu" subscribers export --db r.db --output loose.csv
[ "$(mode loose.csv)" = 600 ] || fail "an existing export file kept $(mode loose.csv)"
printf 'victim\n' > victim.txt
ln -s victim.txt link.csv
expect_exit 2 "symbolic link" subscribers export --db r.db --output link.csv
[ "$(cat victim.txt)" = victim ] || fail "export wrote through a symbolic link"
ln -s r.db link.db
expect_exit 3 "symbolic link" subscribers provision --count 1 --db link.db
ln -s victim.txt keys.log
expect_exit 2 "symbolic link" run --terminals 2 --quiet --db k.db --keylog keys.log
[ "$(cat victim.txt)" = victim ] || fail "--keylog wrote through a symbolic link"
mkdir keys && ln -s ../victim.txt keys/n1.key
expect_exit 1 "n1.key" keys generate --out keys n1
[ "$(cat victim.txt)" = victim ] || fail "keys generate wrote through a symbolic link"
umask 022

# -- numbers -------------------------------------------------------------------------------------
for r in -5 nan inf 1e400 ''; do
  expect_exit 2 "--rate" run --terminals 1 --quiet --db n.db --rate="$r"
done
expect_exit 2 "--threads" run --terminals 1 --db n.db --threads 0
expect_exit 2 "--timeout" run --terminals 1 --db n.db --timeout 0
expect_exit 2 "--terminals" run --db n.db --terminals 99999999999
expect_exit 2 "--terminals" run --db n.db --terminals=-3
expect_exit 2 "--heartbeat-ms" node --topology x.toml --node n --heartbeat-ms 0
expect_exit 2 "--ready-timeout" node --topology x.toml --node n --ready-timeout=-1
expect_exit 2 "--rate" node --topology x.toml --node n --rate nan
expect_exit 2 "--count" subscribers provision --count 0 --db n.db
expect_exit 2 "not a whole number" sessions --db r.db --limit=-1
[ ! -e n.db ] || fail "a refused command created its database"
"$ngnemu" sessions --db r.db --limit 3 | tail -n +2 | wc -l | grep -qx 3 || fail "--limit 3"

# -- times ---------------------------------------------------------------------------------------
expect_exit 2 "out of range" sessions --db r.db --since 99999999999999999999
expect_exit 2 "out of range" sessions --db r.db --since 9223372036855
expect_exit 2 "not a date in the calendar" sessions --db r.db --since 2026-02-30
expect_exit 2 "not a time of day" sessions --db r.db --until 2026-01-01T25:00
expect_exit 2 "not a time" sessions --db r.db --since yesterday
expect_exit 2 "not a time" sessions --db r.db --since 2026-1-1
n=$("$ngnemu" sessions --db r.db --run all --since 2000-02-29T00:00:00Z --csv | tail -n +2 | wc -l)
[ "$n" = 20 ] || fail "--since 2000-02-29: $n rows, not 20"
n=$("$ngnemu" sessions --db r.db --run all --until 1 --csv | tail -n +2 | wc -l)
[ "$n" = 0 ] || fail "--until 1: $n rows, not 0"

# -- escaping: control and bidi characters from files and arguments ------------------------------
printf '[emulation]\nname = "x\\u001b[31mred\\u202e"\nbogus\xe2\x80\xae = 1\n' > evil.toml
expect_exit 2 "evil.toml" run --topology evil.toml --quiet
if LC_ALL=C grep -q $'\x1b\|\xe2\x80\xae' err.txt; then fail "topology error echoes raw controls"; fi
printf 'identity,k,opc\nx\033]0;owned\a@y,%s,%s\n' 00112233445566778899aabbccddeeff \
  00112233445566778899aabbccddeeff > evil.csv
expect_exit 2 "\\x1B" subscribers import evil.csv --db e.db
if LC_ALL=C grep -q $'\x1b\|\x07' err.txt; then fail "CSV error echoes raw controls"; fi
expect_exit 3 "\\x1B" sessions --db "$(printf 'no\033[2Jdb')"
expect_exit 2 "\\u{202E}" sessions --db r.db --run "$(printf 'x\xe2\x80\xaey')"

# -- exit statuses (README "Exit status") --------------------------------------------------------
expect_exit 2 "--no-such-option" sessions --no-such-option
expect_exit 2 "" run --threads
expect_exit 3 "cannot open" sessions --db missing.db
printf 'not sqlite at all, just some text that is long enough to be a header\n' > junk.db
expect_exit 3 "junk.db" runs --db junk.db
"$ngnemu" --version | grep -qE '^ngnemu [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
"$ngnemu" --help | grep -q "Exit status: 0" || fail "--help: no exit statuses"
"$ngnemu" sessions --help | grep -q "3 storage error" || fail "sessions --help: no exit statuses"

# -- a read-only database is readable (file 0444 in a directory this user cannot write) ----------
mkdir ro && cp r.db ro/r.db && chmod 444 ro/r.db && chmod 555 ro
as_reader=()
if [ "$(id -u)" = 0 ]; then
  command -v setpriv >/dev/null || { echo "SKIP: root without setpriv"; exit 77; }
  as_reader=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  chmod o+rx "$work"
fi
"${as_reader[@]}" "$ngnemu" sessions --db ro/r.db --summary >ro.txt 2>&1 || fail "sessions on a read-only database: $(cat ro.txt)"
grep -qE "deregistered +20" ro.txt || fail "sessions read-only: $(cat ro.txt)"
"${as_reader[@]}" "$ngnemu" runs --db ro/r.db >ro.txt 2>&1 || fail "runs read-only: $(cat ro.txt)"
"${as_reader[@]}" "$ngnemu" report --db ro/r.db >ro.txt 2>&1 || fail "report read-only: $(cat ro.txt)"
grep -q "20 established" ro.txt || fail "report read-only: $(cat ro.txt)"
[ ! -e ro/r.db-shm ] || fail "a -shm appeared in the read-only directory"
chmod 755 ro
echo "hardening_cli: ok"
