#!/usr/bin/env bash
# `ngnemu run --pcap` writes every hop as IPv4/UDP that tshark dissects as the right protocol,
# with no expert infos, and pairs requests with responses.
# Usage: pcap_test.sh NGNEMU [PROTOCOL...]   (default: sip)
set -euo pipefail
ngnemu=$1
shift
protocols=("${@:-sip}")
if ! command -v tshark >/dev/null; then echo "SKIP: tshark is not installed"; exit 77; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
declare -A dissector=([sip]=sip [mgcp]=mgcp [h248]=megaco [h323]=h225 [mixed]="sip|mgcp|megaco|h225")
for p in "${protocols[@]}"; do
  args=(-q -n 40 --db "$p.db" --pcap "$p.pcap")
  [ "$p" != sip ] && args+=(--protocol "$p")
  "$ngnemu" run "${args[@]}" > "$p.out" 2>&1 || { cat "$p.out"; fail "$p: run failed"; }
  grep -q "40 attempted, 40 established, 0 failed" "$p.out" || { cat "$p.out"; fail "$p: summary"; }
  grep -q "0 dropped" "$p.out" || fail "$p: trace dropped packets"
  expert=$(tshark -r "$p.pcap" -q -z expert 2>/dev/null)
  [ -z "$expert" ] || { echo "$expert"; fail "$p: tshark expert infos"; }
  # Every packet is the protocol's own, or the (plain data) SS <-> AuC leg on UDP 7471.
  others=$(tshark -r "$p.pcap" -T fields -e frame.protocols 2>/dev/null \
           | grep -Ev ":(${dissector[$p]})$" | grep -v ':udp:data$' | sort | uniq -c || true)
  [ -z "$others" ] || { echo "$others"; fail "$p: packets of another protocol"; }
  n=$(tshark -r "$p.pcap" -Y "${dissector[$p]//|/ || }" 2>/dev/null | wc -l)
  [ "$n" -gt 0 ] || fail "$p: no ${dissector[$p]} packets"
  # Responses are matched to their requests (SIP, MGCP, RAS track it; Megaco lists replies).
  case $p in
    sip) unpaired=$(tshark -r "$p.pcap" -Y 'sip.Status-Code && !sip.response-request' 2>/dev/null | wc -l) ;;
    mgcp) unpaired=$(tshark -r "$p.pcap" -Y 'mgcp.rsp && !mgcp.req.dup && !mgcp.rspto' 2>/dev/null | wc -l) ;;
    h323) unpaired=$(tshark -r "$p.pcap" -Y 'h225.RasMessage && (h225.gatekeeperReject || h225.registrationConfirm || h225.registrationReject) && !h225.request' 2>/dev/null | wc -l) ;;
    *) unpaired=0 ;;
  esac
  [ "$unpaired" = 0 ] || fail "$p: $unpaired responses not paired with a request"
  echo "$p: $n packets dissected, no expert infos, responses paired"
done
echo PASS
