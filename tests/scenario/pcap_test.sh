#!/usr/bin/env bash
# `ngnemu run --pcap --keylog` writes every hop as IPv4/UDP, or as ESP (IP protocol 50) once the
# registration's SAs protect it (DESIGN.md §1.2: the de-registration at the end of the run), that
# tshark, given the key log as its esp_sa table, decrypts, authenticates and dissects as the right
# protocol, with no expert infos, pairing requests with responses.
# Usage: pcap_test.sh NGNEMU [PROTOCOL...]   (default: sip)
set -euo pipefail
ngnemu=$1
shift
protocols=("${@:-sip}")
if ! command -v tshark >/dev/null; then echo "SKIP: tshark is not installed"; exit 77; fi
. "$(dirname "$0")/lib.sh"
declare -A dissector=([sip]=sip [mgcp]=mgcp [h248]=megaco [h323]=h225 [mixed]="sip|mgcp|megaco|h225")
for p in "${protocols[@]}"; do
  n_terminals=40
  [ "$p" = mixed ] && n_terminals=400
  args=(-q -n "$n_terminals" --db "$p.db" --pcap "$p.pcap" --keylog "$p.keys")
  [ "$p" != sip ] && args+=(--protocol "$p")
  "$ngnemu" run "${args[@]}" > "$p.out" 2>&1 || { cat "$p.out"; fail "$p: run failed"; }
  grep -q "$n_terminals attempted, $n_terminals established, 0 failed" "$p.out" || { cat "$p.out"; fail "$p: summary"; }
  grep -q "0 dropped" "$p.out" || fail "$p: trace dropped packets"
  [ "$(stat -c %a "$p.keys")" = 600 ] || fail "$p: key log mode $(stat -c %a "$p.keys")"
  # tshark reads the key log as the esp_sa table of a configuration profile.
  mkdir -p "wsconf/wireshark/profiles/$p" && cp "$p.keys" "wsconf/wireshark/profiles/$p/esp_sa"
  tshark() { XDG_CONFIG_HOME="$PWD/wsconf" command tshark -C "$p" \
               -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE "$@"; }
  n_esp=$(tshark -r "$p.pcap" -Y esp 2>/dev/null | wc -l)
  [ "$n_esp" -gt 0 ] || fail "$p: no ESP packets"
  [ "$(tshark -r "$p.pcap" -Y 'esp.icv_good == 1' 2>/dev/null | wc -l)" = "$n_esp" ] \
    || fail "$p: ESP packets that do not authenticate"
  expert=$(tshark -r "$p.pcap" -q -z expert 2>/dev/null)
  [ -z "$expert" ] || { echo "$expert"; fail "$p: tshark expert infos"; }
  # Every packet is the protocol's own, in clear or inside ESP, or the (plain data) SS <-> AuC
  # leg on UDP 7471.
  others=$(tshark -r "$p.pcap" -T fields -e frame.protocols 2>/dev/null \
           | grep -Ev ":ip(:esp)?:udp:(${dissector[$p]})$" | grep -v ':ip:udp:data$' | sort | uniq -c || true)
  [ -z "$others" ] || { echo "$others"; fail "$p: packets of another protocol"; }
  n=$(tshark -r "$p.pcap" -Y "${dissector[$p]//|/ || }" 2>/dev/null | wc -l)
  [ "$n" -gt 0 ] || fail "$p: no ${dissector[$p]} packets"
  # Responses are matched to their requests: SIP, MGCP and RAS by Wireshark's own request
  # tracking; Megaco has none, so every Reply's transaction id must follow a Request with that
  # id in the opposite direction.
  unpaired=0
  case $p in sip|mixed) unpaired=$((unpaired + $(tshark -r "$p.pcap" -Y 'sip.Status-Code && !sip.response-request' 2>/dev/null | wc -l))) ;; esac
  case $p in mgcp|mixed) unpaired=$((unpaired + $(tshark -r "$p.pcap" -Y 'mgcp.rsp && !mgcp.reqframe' 2>/dev/null | wc -l))) ;; esac
  case $p in h323|mixed) unpaired=$((unpaired + $(tshark -r "$p.pcap" -Y '(h225.gatekeeperConfirm_element || h225.gatekeeperReject_element || h225.registrationConfirm_element || h225.registrationReject_element || h225.unregistrationConfirm_element || h225.unregistrationReject_element) && !h225.ras.reqframe' 2>/dev/null | wc -l))) ;; esac
  case $p in h248|mixed)
    unpaired=$((unpaired + $(tshark -r "$p.pcap" -Y megaco -T fields -E separator=/ \
        -e ip.src -e ip.dst -e megaco.transaction -e megaco.transid 2>/dev/null | awk -F/ '
      { n = split($3, kind, ","); split($4, id, ",")
        for (i = 1; i <= n; i++) {
          if (kind[i] == "Request") seen[$1 ">" $2 ":" id[i]] = 1
          else if (kind[i] == "Reply" && !seen[$2 ">" $1 ":" id[i]]) bad++ } }
      END { print bad + 0 }'))) ;;
  esac
  [ "$unpaired" = 0 ] || fail "$p: $unpaired responses not paired with a request"
  unset -f tshark
  echo "$p: $n packets dissected ($n_esp ESP, all authenticated), no expert infos, responses paired"
done
echo PASS
