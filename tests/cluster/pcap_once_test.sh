#!/usr/bin/env bash
# Each cross-node message is traced once, by its sender's node (README "Several processes and
# hosts"): three `ngnemu node --pcap` processes on loopback (terminals | proxy + soft switch |
# AuC), their traces merged with mergecap, hold as many SIP REGISTERs (and AuC messages) as one
# `ngnemu run --topology --pcap` of the same topology, and no packet twice.
#   pcap_once_test.sh NGNEMU [TERMINALS]
# Exit 77 (skipped) without mergecap (Debian package wireshark-common).
set -euo pipefail
ngnemu=$1
terminals=${2:-200}
here=$(cd "$(dirname "$0")" && pwd)
command -v mergecap >/dev/null || { echo "SKIP: mergecap is not installed"; exit 77; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; for f in *.log; do echo "== $f"; tail -20 "$f"; done; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
topo() {
  sed -e "s/@PORT1@/$(free_port)/" -e "s/@PORT2@/$(free_port)/" -e "s/@PORT3@/$(free_port)/" \
      -e "s|@DB@|$work/$1.db|" -e "s/@HALF@/$((terminals / 2))/g" -e "s/@RATE@/0/g" \
      "$here/loopback.toml.in" > "$1.toml"
}

# One process: the reference.
topo one
"$ngnemu" run -q --topology one.toml --pcap one.pcap > one.log 2>&1 || fail "ngnemu run exited $?"

# Three nodes, a trace each.
topo multi
for n in n-auc n-core n-terminals; do
  "$ngnemu" node -q --topology multi.toml --node "$n" --ready-timeout 60 --pcap "$n.pcap" > "$n.log" 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a node exited $?"; done
pids=()
grep -q "$terminals attempted, $terminals established, 0 failed" n-auc.log || fail "summary"
mergecap -F pcap -w merged.pcap n-auc.pcap n-core.pcap n-terminals.pcap

# Per trace: SIP REGISTERs, AuC-leg messages (auc_trace_tag), every packet; and packets seen
# twice (same addresses, ports and bytes; the emulated SIP/AuC payloads are all distinct).
count() {
  python3 - "$1" <<'PY'
import struct, sys, collections
d = open(sys.argv[1], "rb").read()
le = d[:4] == b"\xd4\xc3\xb2\xa1" or d[:4] == b"\x4d\x3c\xb2\xa1"
e = "<" if le else ">"
pos, reg, auc, total, seen = 24, 0, 0, 0, collections.Counter()
while pos + 16 <= len(d):
    incl = struct.unpack(e + "I", d[pos + 8:pos + 12])[0]
    pkt = d[pos + 16 + 14:pos + 16 + incl]  # after the Ethernet header (nodes/pcap_writer.hpp)
    pos += 16 + incl
    total += 1
    ihl = (pkt[0] & 0x0F) * 4
    if pkt[9] != 17:
        continue  # ESP: the same ciphertext may not repeat either, but only UDP is compared
    payload = pkt[ihl + 8:]
    seen[pkt[12:20] + pkt[ihl:ihl + 4] + payload] += 1
    if payload.startswith(b"REGISTER "):
        reg += 1
    elif payload.startswith(b"ngnauc\0\2"):
        auc += 1
print(reg, auc, total, sum(c - 1 for c in seen.values() if c > 1))
PY
}
read -r reg1 auc1 total1 dup1 < <(count one.pcap)
read -r regm aucm totalm dupm < <(count merged.pcap)
echo "one process: $reg1 REGISTERs, $auc1 AuC messages, $total1 packets; three nodes merged: $regm, $aucm, $totalm (duplicates $dupm)"
[ "$reg1" -ge $((terminals * 3)) ] || fail "the one-process trace has only $reg1 REGISTERs"
[ "$dupm" = 0 ] || fail "$dupm packets twice in the merged trace"
[ "$regm" = "$reg1" ] || fail "$regm REGISTERs in the merged trace, $reg1 in one process"
[ "$aucm" = "$auc1" ] || fail "$aucm AuC messages in the merged trace, $auc1 in one process"
# Each node traced what its own elements sent: the terminal node's trace holds the terminals'
# REGISTERs (2 per terminal: the first and the one with the response), no more.
read -r regt _ _ _ < <(count n-terminals.pcap)
[ "$regt" = $((terminals * 2)) ] || fail "n-terminals traced $regt REGISTERs, want $((terminals * 2))"
echo PASS
