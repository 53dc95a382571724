# Shared by the SIPp interop tests (sourced): a scratch directory, a free UDP port, ngnemu serving
# a listener in the background, SIPp runs and their counters, SQLite queries.
# Needs: NGNEMU (path of the ngnemu executable). Exit 77 (ctest SKIP_RETURN_CODE) without sipp.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scenario="$here/register_aka.xml"

command -v sipp >/dev/null || { echo "SKIP: sipp is not installed (Debian package sip-tester; scripts/setup)"; exit 77; }
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 is not installed"; exit 77; }

work=$(mktemp -d)
ngn_pid=""
cleanup() {
  if [ -n "$ngn_pid" ] && kill -0 "$ngn_pid" 2>/dev/null; then kill -KILL "$ngn_pid" 2>/dev/null || true; fi
  if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work"

fail() {
  echo "FAIL: $*" >&2
  for f in ngnemu.err ngnemu.out sipp.out; do [ -f "$f" ] && { echo "--- $f" >&2; tail -20 "$f" >&2; }; done
  ls ./*errors.log >/dev/null 2>&1 && { echo "--- SIPp errors" >&2; head -40 ./*errors.log >&2; }
  exit 1
}

# A UDP port nobody listens on (ss is in iproute2, installed by scripts/setup).
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! ss -Huan "sport = :$p" 2>/dev/null | grep -q .; then echo "$p"; return; fi
  done
  echo 25060
}

q() { sqlite3 -batch -noheader "$db" "$1"; }

# start_ngnemu VIA [extra args]: `ngnemu run --terminals 0 --listen udp:127.0.0.1:0` on $db;
# sets port (the one the listener took) and ngn_pid once "listening on" is printed.
start_ngnemu() {
  local via=$1; shift
  # Port 0: the listener takes a free port and says which (no race with other tests' ports).
  "$NGNEMU" run --terminals 0 --listen "udp:127.0.0.1:0" --via "$via" --db "$db" -q "$@" \
    > ngnemu.out 2> ngnemu.err &
  ngn_pid=$!
  for _ in $(seq 1 200); do
    port=$(sed -n 's/.*listening on udp:127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' ngnemu.err 2>/dev/null | head -1)
    [ -n "$port" ] && [ "$port" != 0 ] && return 0
    kill -0 "$ngn_pid" 2>/dev/null || fail "ngnemu did not start"
    sleep 0.05
  done
  fail "ngnemu is not listening"
}

# stop_ngnemu: SIGTERM, then the exit status must be 0 (clean shutdown, sessions persisted).
stop_ngnemu() {
  kill -TERM "$ngn_pid"
  local rc=0
  wait "$ngn_pid" || rc=$?
  ngn_pid=""
  [ "$rc" = 0 ] || fail "ngnemu exited $rc after SIGTERM"
  grep -q "^ngnemu summary" ngnemu.out || fail "no summary after SIGTERM"
}

# run_sipp USERS_CSV CALLS RATE [extra sipp args]: one registration per call, counters every
# second in the -trace_stat file; no BYE when a call fails (the registrar would answer 405).
run_sipp() {
  local users=$1 calls=$2 rate=$3; shift 3
  rm -f ./*_.csv ./*errors.log
  sipp_rc=0
  # Its own local port: SIPp binds 5060 by default with SO_REUSEADDR, so two SIPp tests running
  # at once (ctest -j2) would share it and read each other's responses.
  local sipp_port
  sipp_port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  timeout 600 sipp "127.0.0.1:$port" -sf "${SIPP_SCENARIO:-$scenario}" -inf "$users" -m "$calls" \
    -r "$rate" -i 127.0.0.1 -p "$sipp_port" -default_behaviors all,-bye -nostdin \
    -trace_stat -fd 1 -trace_err "$@" > sipp.out 2>&1 || sipp_rc=$?
}

# sipp_stat NAME: the last value of a -trace_stat column, e.g. "SuccessfulCall(C)".
sipp_stat() {
  local f
  f=$(ls ./*_.csv 2>/dev/null | head -1)
  [ -n "$f" ] || { echo 0; return; }
  awk -F';' -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i }
                          END { print (c ? $c : 0) }' "$f"
}
