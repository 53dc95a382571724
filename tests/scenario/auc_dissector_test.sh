#!/usr/bin/env bash
# wireshark/ngnauc.lua, the dissector of the soft switch <-> AuC leg (README "The AuC leg in
# Wireshark"), on the traces of a mixed run where some subscribers hold the wrong key (failure
# reports) and of a run of identities the AuC does not know (status "unknown identity"): every UDP packet on port 7471 is ngnauc, every message type seen has its fields
# decoded, no expert info, no Lua error. Then crafted packets (truncated, unknown type, an
# over-long string, a bad enumeration value, trailing bytes) each get the "malformed" expert info.
# Usage: auc_dissector_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
if ! command -v tshark >/dev/null || ! command -v mergecap >/dev/null; then
  echo "SKIP: tshark (and mergecap) not installed"; exit 77
fi
tshark -v 2>/dev/null | grep -q "with Lua" || { echo "SKIP: tshark without Lua"; exit 77; }
lua=$(cd "$(dirname "$0")/../.." && pwd)/wireshark/ngnauc.lua
. "$(dirname "$0")/lib.sh"
ts() { tshark -X "lua_script:$lua" "$@" 2> tshark.err; ! grep -i "lua" tshark.err || fail "Lua error: $(cat tshark.err)"; }

# Subscribers 1..4 get random keys the terminals do not have: their registrations fail.
"$ngnemu" subscribers provision --count 4 --random --db auc.db > /dev/null
set +e
"$ngnemu" run -q -n 40 --protocol mixed --db auc.db --pcap auc.pcap > run.out 2>&1
rc=$?
set -e
grep -q "40 attempted, 36 established, 4 failed" run.out || { cat run.out; fail "summary (exit $rc)"; }
# Then identities the AuC does not know (a topology that provisions nothing; the database knows
# t000001..t000040 and the element keys): auth_vectors with status "unknown identity". The checks
# below read both traces merged.
cat > unknown.toml <<'EOF'
[subscribers]
provision = false
[[node]]
name = "local"
endpoint = "tcp://127.0.0.1:7000"
[[auc]]
name = "auc1"
node = "local"
database = "auc.db"
[[softswitch]]
name = "ss1"
node = "local"
auc = ["auc1"]
[[terminals]]
name = "unknown"
node = "local"
count = 3
identity = "t{n:06}@ngn.example"
first = 41
via = "ss1"
EOF
set +e
"$ngnemu" run -q --topology unknown.toml --pcap unknown.pcap > unknown.out 2>&1
rc=$?
set -e
grep -q "3 attempted, 0 established, 3 failed" unknown.out || { cat unknown.out; fail "unknown identities: summary (exit $rc)"; }
mv auc.pcap known.pcap
mergecap -F pcap -w auc.pcap known.pcap unknown.pcap

n_udp=$(tshark -r auc.pcap -Y 'udp.port == 7471' 2>/dev/null | wc -l)
ts -r auc.pcap -Y ngnauc > ngnauc.txt
n_auc=$(wc -l < ngnauc.txt)
[ "$n_udp" -gt 0 ] || fail "no AuC packets in the trace"
[ "$n_auc" = "$n_udp" ] || fail "$n_auc ngnauc packets of $n_udp on UDP 7471"
# No expert info of any kind on an ngnauc packet.
ts -r auc.pcap -Y 'ngnauc && _ws.expert' > expert.txt
[ ! -s expert.txt ] || { head expert.txt; fail "expert infos on ngnauc packets"; }
ts -r auc.pcap -q -z expert > expert_all.txt
! grep -qi "ngnauc" expert_all.txt || { cat expert_all.txt; fail "ngnauc in tshark -z expert"; }

# Each message type seen has every field decoded (strings that may be empty excepted: the proxy
# of a direct registration, an auth_vector's detail, a success's reason, a failure's mechanism, the
# soft switch of a registration_end on its way from a proxy).
declare -A fields=(
  [1]="ngnauc.session_id ngnauc.identity ngnauc.protocol ngnauc.softswitch ngnauc.terminal_node ngnauc.softswitch_node ngnauc.t_request ngnauc.wire_session"
  [2]="ngnauc.session_id ngnauc.db_id ngnauc.status ngnauc.rand ngnauc.autn ngnauc.xres ngnauc.wrapped_t ngnauc.wrapped_edge"
  [3]="ngnauc.session_id ngnauc.db_id ngnauc.identity ngnauc.rand ngnauc.auts ngnauc.t"
  [4]="ngnauc.session_id ngnauc.db_id ngnauc.identity ngnauc.protocol ngnauc.softswitch ngnauc.success ngnauc.t_request ngnauc.t_response ngnauc.wire_session ngnauc.response_code"
  [5]="ngnauc.db_id ngnauc.acked"
  [6]="ngnauc.session_id ngnauc.db_id ngnauc.identity ngnauc.cause ngnauc.lifetime ngnauc.protected_sent ngnauc.t"
)
seen=$(tshark -X "lua_script:$lua" -r auc.pcap -Y ngnauc -T fields -e ngnauc.type 2>/dev/null | sort -u)
for t in $seen; do
  t=$((t))
  [ -n "${fields[$t]:-}" ] || fail "unexpected message type $t"
  args=()
  for f in ${fields[$t]}; do args+=(-e "$f"); done
  ts -r auc.pcap -Y "ngnauc.type == $t" -T fields -E separator=/t "${args[@]}" > "type$t.txt"
  [ -s "type$t.txt" ] || fail "type $t: nothing decoded"
  # Every line has every field non-empty.
  awk -F'\t' -v n="$(echo "${fields[$t]}" | wc -w)" -v t="$t" \
    'NF != n { print "type " t ": " NF " fields: " $0; bad = 1 }
     { for (i = 1; i <= NF; ++i) if ($i == "") { print "type " t ": field " i " empty: " $0; bad = 1 } }
     END { exit bad }' "type$t.txt" || fail "type $t: fields missing"
done
echo "$seen" | grep -qx "0x01" && echo "$seen" | grep -qx "0x02" && echo "$seen" | grep -qx "0x04" \
  || fail "auth_request, auth_vector and auth_report not all seen: $seen"
# The wrong keys show as failure reports with a reason; times are absolute (the run's year).
ts -r auc.pcap -Y 'ngnauc.type == 4 && ngnauc.success == 0' -T fields -e ngnauc.reason > failures.txt
[ "$(wc -l < failures.txt)" -ge 4 ] || fail "fewer than 4 failure reports"
! grep -qx "" failures.txt || fail "a failure report without a reason"
# ... and the element that detected it (issue 10 item 5; wrong keys: the terminal).
ts -r auc.pcap -Y 'ngnauc.type == 4 && ngnauc.success == 0' -T fields -e ngnauc.detected_by > detectors.txt
! grep -qx "" detectors.txt || fail "a failure report without the detecting element"
ts -r auc.pcap -Y 'ngnauc.status == 1' -T fields -e ngnauc.session_id > unknown.txt
[ "$(sort -u unknown.txt | wc -l)" = 3 ] || fail "auth_vectors for unknown identities: $(cat unknown.txt)"
year=$(date -u +%Y)
ts -r auc.pcap -Y 'ngnauc.type == 1' -T fields -e ngnauc.t_request > t.txt
[ -s t.txt ] && ! grep -vq "$year" t.txt || fail "t_request is not an absolute time of $year: $(cat t.txt)"

# Crafted packets from the first auth_request and auth_report of the trace: each must be
# dissected as ngnauc with the malformed expert info, and no Lua error.
python3 - auc.pcap bad.pcap resync.pcap > /dev/null <<'EOF'
import struct, sys
data = open(sys.argv[1], 'rb').read()
head, off, recs = data[:24], 24, []
while off + 16 <= len(data):
    ts_s, ts_us, incl, orig = struct.unpack('<IIII', data[off:off + 16])
    recs.append((ts_s, ts_us, data[off + 16:off + 16 + incl]))
    off += 16 + incl
TAG = b'ngnauc\x00\x02'   # layout 2: 16-byte session ids
def udp_payload(frame):          # Ethernet / IPv4 (IHL 5) / UDP
    return frame[14 + 20 + 8:]
def with_payload(frame, payload):
    ip = bytearray(frame[14:14 + 20])
    struct.pack_into('>H', ip, 2, 20 + 8 + len(payload))
    struct.pack_into('>H', ip, 10, 0)
    s = sum(struct.unpack('>10H', bytes(ip)))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    struct.pack_into('>H', ip, 10, ~s & 0xffff)
    udp = bytearray(frame[34:42])
    struct.pack_into('>H', udp, 4, 8 + len(payload))
    struct.pack_into('>H', udp, 6, 0)          # no UDP checksum
    return frame[:14] + bytes(ip) + bytes(udp) + payload
first = {}
for ts_s, ts_us, frame in recs:
    p = udp_payload(frame)
    if p.startswith(TAG) and len(p) > 9 and p[8] not in first:
        first[p[8]] = (ts_s, ts_us, frame)
req, rep = first[1], first[4]
msg = udp_payload(req[2])[8:]
# auth_request: tag, session id (16), identity (u16 length + bytes), protocol (u8), ...
idlen = struct.unpack('>H', msg[17:19])[0]
proto_at = 19 + idlen
cases = [
    msg[:-3],                                                   # truncated in the wire session
    msg[:18],                                                   # truncated in a string's length
    b'\x09' + msg[1:],                                          # unknown message type
    msg[:17] + b'\x04\x01' + msg[19:],                          # identity over 1024 bytes
    msg[:proto_at] + b'\x07' + msg[proto_at + 1:],              # protocol 7
    msg + b'\x00\x00',                                          # trailing bytes
    b'',                                                        # the tag alone
]
rmsg = udp_payload(rep[2])[8:]
# auth_report: success is after 9 fields; find it by walking the strings.
o = 1 + 16 + 8
o += 2 + struct.unpack('>H', rmsg[o:o + 2])[0]                  # identity
o += 1                                                          # protocol
for _ in range(5): o += 2 + struct.unpack('>H', rmsg[o:o + 2])[0]
cases.append(rmsg[:o] + b'\x02' + rmsg[o + 1:])                 # success = 2
out = bytearray(head)
for i, c in enumerate(cases):
    frame = with_payload(req[2], TAG + c)
    out += struct.pack('<IIII', req[0], req[1] + i, len(frame), len(frame)) + frame
open(sys.argv[2], 'wb').write(out)
# No run here resynchronises: a well-formed resync_request (TS 33.102 §6.3.5) built by hand.
ident = b't000001@ngn.example'
resync = (b'\x03' + bytes(15) + b'\x07' + struct.pack('>q', 42) + struct.pack('>H', len(ident)) + ident
          + bytes(range(16)) + bytes(range(14)) + struct.pack('>q', req[0] * 1000000))
frame = with_payload(req[2], TAG + resync)
open(sys.argv[3], 'wb').write(head + struct.pack('<IIII', req[0], req[1], len(frame), len(frame)) + frame)
print(len(cases))
EOF
n_bad=8
ts -r bad.pcap -Y ngnauc > bad_all.txt
[ "$(wc -l < bad_all.txt)" = "$n_bad" ] || fail "crafted packets not all ngnauc"
ts -r bad.pcap -Y ngnauc.malformed > bad_malformed.txt
[ "$(wc -l < bad_malformed.txt)" = "$n_bad" ] \
  || { ts -r bad.pcap -V -Y '!ngnauc.malformed'; fail "crafted packets without the malformed expert info"; }
ts -r bad.pcap -q -z expert > bad_expert.txt
grep -q "Malformed ngnauc message" bad_expert.txt || { cat bad_expert.txt; fail "tshark -z expert"; }
ts -r resync.pcap -Y 'ngnauc.type == 3 && !_ws.expert' -T fields -E separator=/t \
  -e ngnauc.session_id -e ngnauc.db_id -e ngnauc.identity -e ngnauc.rand -e ngnauc.auts -e ngnauc.t > resync.txt
awk -F'\t' 'NF == 6 && $1 == "00000000000000000000000000000007" && $2 == 42 && $3 == "t000001@ngn.example" && $5 == "000102030405060708090a0b0c0d" && $6 != ""' \
  resync.txt | grep -q . || fail "resync_request not decoded: $(cat resync.txt)"
echo "auc dissector: OK ($n_auc AuC packets, types $(echo $seen), $n_bad malformed caught)"
