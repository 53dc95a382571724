#!/usr/bin/env bash
# Secured node links on the wire (topology/README.md "Secured node links"): three `ngnemu node`
# processes on loopback (terminals | proxy + soft switch | AuC), their TCP traffic captured on `lo`
# with dumpcap. With CURVE — keys listed (ngnemu keys generate, --key-file) and keys derived from
# the secret — every registration is established and no RAND the AuC issued (sessions.rand: raw on
# the AuC link, as the base64 start of the SIP nonce on the terminal link) and no SIP request is
# in the captured payloads, nor the XRES of 40 sessions (computed with `ngnemu vector`); with
# security = "none" they are (so this test can fail), and each node
# warns at start.
#   curve_capture_test.sh NGNEMU [TERMINALS]
set -euo pipefail
ngnemu=$1
terminals=${2:-400}
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ] || ! command -v dumpcap > /dev/null || ! command -v tshark > /dev/null; then
  echo "SKIP: capturing on lo needs root, dumpcap and tshark"; exit 77
fi
work=$(mktemp -d)
pids=()
cap=
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [ -n "$cap" ] && kill "$cap" 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; for f in */*.log; do echo "== $f"; tail -20 "$f"; done; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Writes $1/topo.toml for mode $2: listed | derived | none.
make_topology() {
  local dir=$1 mode=$2
  mkdir -p "$dir"
  p1=$(free_port) p2=$(free_port) p3=$(free_port)
  sed -e "s/@PORT1@/$p1/" -e "s/@PORT2@/$p2/" -e "s/@PORT3@/$p3/" \
      -e "s|@DB@|$work/$dir/auc1.db|" -e "s/@HALF@/$((terminals / 2))/g" -e "s/@RATE@/0/g" \
      "$here/loopback.toml.in" > "$dir/topo.toml"
  case $mode in
    none) sed -i 's/^heartbeat = .*/&\nsecurity = "none"/' "$dir/topo.toml" ;;
    listed)
      "$ngnemu" keys generate --out "$dir" n-terminals n-core n-auc > "$dir/keys.txt"
      for n in n-terminals n-core n-auc; do
        [ "$(stat -c %a "$dir/$n.key")" = 600 ] || fail "$n.key is not mode 0600"
      done
      # public_key after each node's name (Z85 has characters sed would take for its own).
      python3 - "$dir" <<'PY'
import sys, pathlib
d = pathlib.Path(sys.argv[1])
t = (d / "topo.toml").read_text()
for n in ("n-terminals", "n-core", "n-auc"):
    key = (d / f"{n}.pub").read_text().strip()
    t = t.replace(f'name = "{n}"\n', f'name = "{n}"\npublic_key = "{key}"\n', 1)
(d / "topo.toml").write_text(t)
PY
      ;;
  esac
}

# Runs the three nodes of $1/topo.toml (mode $2) under a capture of their ports; $1/cap.pcapng.
run_captured() {
  local dir=$1 mode=$2
  dumpcap -q -i lo -f "tcp port $p1 or tcp port $p2 or tcp port $p3" -w "$dir/cap.pcapng" \
    > "$dir/dumpcap.log" 2>&1 &
  cap=$!
  for _ in $(seq 50); do grep -q "Capturing on" "$dir/dumpcap.log" 2>/dev/null && break; sleep 0.1; done
  local n keyarg
  pids=()
  for n in n-auc n-core n-terminals; do
    keyarg=()
    [ "$mode" = listed ] && keyarg=(--key-file "$n.key")
    (cd "$dir" && exec "$ngnemu" node -q --topology topo.toml --node "$n" --ready-timeout 60 "${keyarg[@]}" \
       > "$n.log" 2>&1) &
    pids+=($!)
  done
  local status=0
  for p in "${pids[@]}"; do wait "$p" || status=$?; done
  pids=()
  sleep 0.5
  kill -INT "$cap"; wait "$cap" || true; cap=
  [ "$status" = 0 ] || fail "$mode: a node exited $status"
  grep -q "$terminals attempted, $terminals established, 0 failed" "$dir/n-auc.log" || fail "$mode: summary"
}

# Prints how many of the AuC's RANDs appear in the captured TCP payloads (each stream reassembled
# in capture order), raw or as the base64 of their first 15 bytes (the start of a SIP nonce), then
# the number of streams carrying "REGISTER sip:".
count_in_clear() {
  local dir=$1
  sqlite3 -batch -noheader "$dir/auc1.db" "select hex(rand) from sessions where rand is not null" \
    > "$dir/rands.txt"
  # XRES of 40 sessions (f2 of K, OPc and RAND: `ngnemu vector`; the SQN does not enter it): it
  # crosses the soft switch ↔ AuC link in the auth_vector.
  sqlite3 -batch -noheader -separator ' ' "$dir/auc1.db" \
    "select hex(s.rand), hex(b.k), hex(b.opc) from sessions s join subscribers b
       on b.identity = s.identity where s.rand is not null limit 40" |
    while read -r rand k opc; do
      "$ngnemu" vector --k "$k" --opc "$opc" --rand "$rand" --sqn 000000000001 | sed -n 's/^XRES:\t//p'
    done > "$dir/xres.txt"
  tshark -r "$dir/cap.pcapng" -T fields -e tcp.stream -e tcp.payload > "$dir/payloads.txt" 2>/dev/null
  python3 - "$dir" <<'PY'
import sys, base64, collections, pathlib
d = pathlib.Path(sys.argv[1])
streams = collections.defaultdict(bytearray)
for line in (d / "payloads.txt").read_text().splitlines():
    parts = line.split("\t")
    if len(parts) == 2 and parts[1]:
        streams[parts[0]] += bytes.fromhex(parts[1].replace(":", ""))
blob = b"\x00".join(bytes(s) for s in streams.values())
rands = [bytes.fromhex(r) for r in (d / "rands.txt").read_text().split()]
if not rands or not blob:
    print("no rands or no payload:", len(rands), len(blob)); sys.exit(1)
found = sum(1 for r in rands if r in blob or base64.b64encode(r[:15]) in blob)
sip = sum(1 for s in streams.values() if b"REGISTER sip:" in s)
xres = [bytes.fromhex(x) for x in (d / "xres.txt").read_text().split()]
if len(xres) != 40:
    print("expected 40 XRES, computed", len(xres)); sys.exit(1)
found_xres = sum(1 for x in xres if x in blob)
print(found, sip, len(rands), len(blob), found_xres)
PY
}

for mode in listed derived none; do
  make_topology "$mode" "$mode"
  run_captured "$mode" "$mode"
  read -r found sip rands bytes xres < <(count_in_clear "$mode") || fail "$mode: payload analysis"
  echo "$mode: $rands RANDs issued, $found of them in clear; $xres of 40 XRES in clear; SIP in clear on $sip stream(s); $bytes payload bytes"
  if [ "$mode" = none ]; then
    [ "$found" -ge $((rands / 2)) ] || fail "none: only $found of $rands RANDs in clear (is the capture working?)"
    [ "$sip" -ge 1 ] || fail "none: no SIP in clear"
    [ "$xres" -ge 20 ] || fail "none: only $xres of 40 XRES in clear (is the capture working?)"
    for n in n-auc n-core n-terminals; do
      grep -q 'security = "none": the links to the other nodes are NOT secured' "$mode/$n.log" \
        || fail "$n did not warn about security = none"
    done
  else
    [ "$found" = 0 ] || fail "$mode: $found RANDs in clear on the wire"
    [ "$sip" = 0 ] || fail "$mode: SIP in clear on the wire"
    [ "$xres" = 0 ] || fail "$mode: $xres XRES in clear on the wire"
    grep -q "node links: CURVE, $mode keys" "$mode/n-core.log" || fail "$mode: no CURVE in the log"
  fi
done
echo PASS
