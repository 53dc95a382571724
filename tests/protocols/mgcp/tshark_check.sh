#!/bin/sh
# Independent oracle for the MGCP encoder (DESIGN.md §6 "Wire"): writes the registration flow as a
# pcap with mgcp_pcap_writer, then has tshark (4.0, Debian) dissect it:
#  - `tshark -q -z expert` must print no expert info at all;
#  - every frame must be MGCP (udp 2427/2727 are MGCP's default ports, wire-bindings.md §1);
#  - tshark must count as many MGCP messages as were piggy-backed into the frames;
#  - every response must be paired with its request ("This is a response to a request in
#    frame N");
#  - every X- parameter must show as mgcp.param.extension (none silently dropped,
#    wire-bindings.md §3.3).
# Usage: tshark_check.sh PATH/TO/mgcp_pcap_writer [WORKDIR].
# Exits 77 (ctest: skipped) when tshark is not installed.
set -eu

writer=$1
work=${2:-${TMPDIR:-/tmp}}
if ! command -v tshark >/dev/null 2>&1; then
  echo "tshark not installed: skipping the MGCP dissection check"
  exit 77
fi

pcap="$work/mgcp_flow.pcap"
expect=$("$writer" "$pcap")
echo "writer: $expect"
frames=$(echo "$expect" | sed -n 's/.*frames=\([0-9]*\).*/\1/p')
messages=$(echo "$expect" | sed -n 's/.*messages=\([0-9]*\).*/\1/p')
responses=$(echo "$expect" | sed -n 's/.*responses=\([0-9]*\).*/\1/p')
extensions=$(echo "$expect" | sed -n 's/.*extensions=\([0-9]*\).*/\1/p')

fail=0
check() { # name expected actual
  if [ "$2" = "$3" ]; then
    echo "ok   $1: $3"
  else
    echo "FAIL $1: expected $2, got $3"
    fail=1
  fi
}

ts() { tshark -n -r "$pcap" "$@" 2>/dev/null; }

expert=$(ts -q -z expert)
if [ -n "$expert" ]; then
  echo "FAIL expert infos:"
  echo "$expert"
  fail=1
else
  echo "ok   no expert info"
fi

check "frames" "$frames" "$(ts | wc -l | tr -d ' ')"
check "frames dissected as MGCP" "$frames" "$(ts -Y mgcp | wc -l | tr -d ' ')"
# Field occurrences counted in PDML (one <field> line each, whatever the values contain).
pdml=$(ts -T pdml)
count() { echo "$pdml" | grep -c "<field name=\"$1\"" || true; }
check "MGCP messages (one transaction id each)" "$messages" "$(count mgcp.transid)"
check "responses paired with their request" "$responses" "$(count mgcp.reqframe)"
check "X- lines shown as extension parameters" "$extensions" "$(count mgcp.param.extension)"
check "invalid parameters" "0" "$(count mgcp.param.invalid)"

if [ "$fail" -ne 0 ]; then
  echo "tshark's view of the capture:"
  ts -V -Y mgcp | sed -n '/Media Gateway Control Protocol/,/^$/p' | head -200
  exit 1
fi
version=$(tshark --version 2>/dev/null | head -1 | awk '{print $3}')
echo "tshark $version dissects every message cleanly"
