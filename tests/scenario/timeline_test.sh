#!/usr/bin/env bash
# Following one registration (issue 10 item 5): `ngnemu run --events --pcap` with 200 terminals
# of the four protocols, four of them (one per protocol, through the proxy) provisioned with a
# wrong K so that they fail. `sessions --identity X --timeline` lists every message of X's
# registration in order with the kinds of its protocol; each failed row names its wire session
# id, the code the terminal received and the element that detected the failure, and tshark
# finds that session id in the pcap with the protocol's own field.
# Usage: timeline_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
. "$(dirname "$0")/lib.sh"

# The mixed default: t000001-025 SIP, 026-050 MGCP, 051-075 H.248, 076-100 H.323 via the proxy,
# then the same direct. A K that is not the one the terminals derive: they cannot verify AUTN.
{
  echo "identity,protocol,k,op,opc,amf,sqn,flags"
  for n in 021 041 061 091; do
    echo "t000$n@ngn.example,any,00112233445566778899aabbccddeeff,cdc202d5123e20f62b6d676ac72cb318,,8000,0,0"
  done
} > wrong.csv
"$ngnemu" subscribers import wrong.csv --db t.db > /dev/null
"$ngnemu" run -q --terminals 200 --protocol mixed --events --pcap t.pcap --db t.db > run.out 2>&1 \
  && fail "the run with four wrong keys exited 0"
grep -q "200 attempted, 196 established, 4 failed" run.out || { cat run.out; fail "summary"; }
grep -Eq "events +[0-9]+ messages recorded in t.db" run.out || { cat run.out; fail "events line"; }
n_events=$(sqlite3 t.db "select count(*) from events")
[ "$n_events" -gt 3000 ] || fail "only $n_events events"
# Every hop of every protocol, and the AuC leg, with a kind.
[ "$(sqlite3 t.db "select count(*) from events where kind is null or element is null or peer is null")" = 0 ] \
  || fail "events without kind or ends"
for p in sip mgcp h248 h323 auc esp; do
  [ "$(sqlite3 t.db "select count(*) from events where protocol = '$p'")" -gt 0 ] || fail "no $p events"
done

# The timeline of one SIP terminal through the proxy: each message of its registration, in order.
"$ngnemu" sessions --db t.db --identity t000017@ngn.example --timeline > sip.txt
cat sip.txt
grep -q "outcome        deregistered" sip.txt || fail "sip outcome"
grep -q "chosen         aes-gcm" sip.txt || fail "sip chosen mechanism"
grep -q "offered        aes-gcm;q=0.9,hmac-sha256;q=0.5" sip.txt || fail "sip offered mechanisms"
kinds=$(awk '$4 == "→" {print $6 ":" $7}' sip.txt | tr '\n' ' ')
expected="sip:REGISTER sip:REGISTER auc:auth_request auc:auth_vector sip:401 sip:401 sip:REGISTER sip:REGISTER "
[[ "$kinds" == "$expected"* ]] || fail "sip kinds: $kinds"
[[ "$kinds" == *"sip:200 "*"sip:200 "* ]] || fail "sip: no 200 on both hops: $kinds"
grep -Eq "t000017@ngn.example → sp1 +sip +REGISTER .*call-id=.*branch=z9hG4bK" sip.txt \
  || fail "sip: Call-ID and branch"
wire=$(sqlite3 t.db "select wire_session from sessions where identity = 't000017@ngn.example'")
grep -q "401 .*wire-session=$wire" sip.txt || fail "sip: the 401 names the wire session $wire"
# Δ from the first message grows in order.
awk '$4 == "→" {print $2}' sip.txt | sort -c -n || fail "sip: steps not in time order"

# The other bindings: the kinds their messages have on the wire.
declare -A who=([mgcp]=t000037 [h248]=t000057 [h323]=t000087)
declare -A want=([mgcp]="RSIP RQNT NTFY RQNT" [h248]="ServiceChange Reply+Modify Notify Reply" [h323]="GRQ GRJ RRQ RCF")
for p in mgcp h248 h323; do
  "$ngnemu" sessions --db t.db --identity "${who[$p]}@ngn.example" --timeline > "$p.txt"
  got=$(awk -v p="$p" '$4 == "→" && $6 == p && ($3 ~ /^t0/ || $5 ~ /^t0/) {print $7}' "$p.txt" | tr '\n' ' ')
  for k in ${want[$p]}; do [[ " $got " == *" $k "* ]] || fail "$p: no $k between terminal and proxy: $got"; done
  grep -q "auth_request" "$p.txt" && grep -q "auth_report" "$p.txt" || fail "$p: AuC leg"
done

# The failed registrations: wire session id, response code, detecting element, in the pcap.
declare -A code=([sip]=403 [mgcp]=403 [h248]=402 [h323]=403)
# Issue 12 item 3: the 128-bit session id, 32 hex digits (RAS: the session-id ClearToken's
# challenge octets, written with colons for the display filter).
declare -A filter=([sip]='sip.auth.opaque == "\\"%s\\""' [mgcp]='mgcp.param.requestid == "%s"'
                   [h248]='megaco contains "sid = %s"' [h323]='h235.challenge == %s')
sqlite3 -separator ' ' t.db "select identity, protocol, wire_session, response_code, detected_by, reason_code
                              from sessions where state = 'failed' order by identity" > failed.txt
[ "$(wc -l < failed.txt)" = 4 ] || { cat failed.txt; fail "four failed rows"; }
while read -r identity proto wire rc detected reason; do
  [ -n "$wire" ] || fail "$identity: no wire session"
  [[ "$wire" =~ ^[0-9a-fA-F]{32}$ ]] || fail "$identity: wire session $wire is not 32 hex digits"
  [ "$rc" = "${code[$proto]}" ] || fail "$identity ($proto): response code $rc, not ${code[$proto]}"
  [ "$detected" = "$identity" ] || fail "$identity: detected by $detected (AUTN fails at the terminal)"
  [ "$(sqlite3 t.db "select text from reasons where code = $reason")" = \
    "terminal rejected the challenge (AUTN did not verify: wrong key?)" ] || fail "$identity: reason $reason"
  if command -v tshark > /dev/null; then
    # shellcheck disable=SC2059
    value=$wire
    [ "$proto" = h323 ] && value=$(sed 's/../&:/g; s/:$//' <<< "$wire")
    f=$(printf "${filter[$proto]}" "$value")
    n=$(tshark -r t.pcap -Y "$f" 2>/dev/null | wc -l || true)
    [ "$n" -ge 2 ] || fail "$identity: tshark finds $n packets with $f"
  fi
  "$ngnemu" sessions --db t.db --identity "$identity" --timeline > f.txt
  grep -q "detected by    $identity" f.txt || fail "$identity: timeline detecting element"
  grep -q "response code  ${code[$proto]}" f.txt || fail "$identity: timeline response code"
done < failed.txt

# Without --events the timeline gives the row's own timestamps and says how to get more.
"$ngnemu" run -q --terminals 4 --db plain.db > /dev/null
"$ngnemu" sessions --db plain.db --identity t000002@ngn.example --timeline > plain.txt
grep -q "challenge released" plain.txt || fail "row timestamps"
grep -q "run --events" plain.txt || fail "hint at --events"
"$ngnemu" sessions --db plain.db --timeline > /dev/null 2>&1 && fail "--timeline without --identity"
# `ngnemu node --events` needs an AuC on that node: elsewhere it is an error, not ignored.
topo="$(cd "$(dirname "$0")/../.." && pwd)/topology/examples/three-hosts.toml"
set +e
"$ngnemu" node --topology "$topo" --node n-core --events > node.out 2>&1
rc=$?
set -e
[ "$rc" = 2 ] || { cat node.out; fail "node --events without an AuC: exit $rc"; }
grep -q "hosts no authentication center" node.out || fail "node --events message"
echo "PASS"
