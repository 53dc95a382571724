#!/usr/bin/env bash
# `ngnemu run --report`: the JSON report agrees with the summary; the HTML report has no external
# reference, renders in headless Chromium with every plot, and its screenshot is not blank; a
# report file that is neither .json nor .html is refused before the run (exit 2).
# Usage: report_test.sh NGNEMU   (exit 77: chromium is not installed)
set -euo pipefail
ngnemu=$1
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "chromium is not installed (scripts/setup installs it): skipped"; exit 77; }

# -- a report file that cannot be written is an error before anything runs ----------------------
rc=0; "$ngnemu" run -q --terminals 4 --db e.db --report r.txt > /dev/null 2> err.txt || rc=$?
[ "$rc" = 2 ] || fail "--report r.txt: exit status $rc, expected 2"
grep -q "must end in .json" err.txt || fail "--report r.txt: $(cat err.txt)"
[ ! -e e.db ] || fail "--report r.txt: the run started"
rc=0; "$ngnemu" run -q --terminals 4 --db e.db --report no/such/dir/r.json > /dev/null 2> err.txt || rc=$?
[ "$rc" = 2 ] || fail "--report in a missing directory: exit status $rc, expected 2"

# -- JSON: the counts equal the summary's ---------------------------------------------------------
"$ngnemu" run -q --terminals 400 --protocol mixed --db j.db --report r.json > sum.txt
cat sum.txt
grep -q "^  report         r.json$" sum.txt || fail "the summary does not say where the report went"
read -r attempted established failed < <(sed -n \
  's/^  terminals *\([0-9]*\) attempted, \([0-9]*\) established, \([0-9]*\) failed.*/\1 \2 \3/p' sum.txt)
python3 - "$attempted" "$established" "$failed" <<'PY' || fail "JSON report"
import json, sys
attempted, established, failed = map(int, sys.argv[1:])
j = json.load(open("r.json"))
t = j["totals"]
assert j["schema_version"] == 1, j["schema_version"]
assert (t["attempted"], t["established"], t["failed"]) == (attempted, established, failed), t
assert attempted == 400 and established == 400, (attempted, established)
assert j["run"]["outcome"] == "passed", j["run"]
assert len(j["groups"]) == 8 and len(j["protocols"]) == 4, (len(j["groups"]), len(j["protocols"]))
assert sum(g["established"] for g in j["groups"]) == established
assert sum(p["established"] for p in j["protocols"]) == established
assert sum(b["count"] for b in j["histogram"]) == established
for g in j["groups"]:
    assert sum(b["count"] for b in g["histogram"]) == g["established"], g["name"]
# The series saw every terminal start and every first registration end.
s = j["series"]
assert s, "no series"
assert sum(p["started"] for p in s) == attempted, [p["started"] for p in s]
assert sum(p["established"] for p in s) == established
assert s[-1]["active"] == 0 and s[-1]["rss_kib"] > 0
kinds = sorted(e["kind"] for e in j["elements"])
assert kinds == ["proxy", "softswitch"], kinds
assert j["aucs"][0]["established"] == established
assert t["latency_ms"]["p50"] > 0 and t["cpu_s"] > 0 and t["peak_rss_kib"] > 0, t
print("JSON report: %d established, %d seconds, p50 %.2f ms" % (established, len(s), t["latency_ms"]["p50"]))
PY

# -- HTML: self-contained, every plot rendered, a screenshot that is not blank --------------------
"$ngnemu" run -q --terminals 400 --rate 150 --protocol mixed --db h.db --report r.html > sum2.txt
grep -q "^  report         r.html$" sum2.txt || fail "the summary does not say where the HTML went"
if grep -noE 'https?:|src=|<link|@import|url\(|<script' r.html; then fail "an external reference"; fi
plots=(rate latency histogram failures element-refusals active life resources protocols
       protocol-latency groups)
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --dump-dom "file://$work/r.html" \
  > dom.html 2> chromium.err || fail "chromium --dump-dom: $(tail -3 chromium.err)"
for p in "${plots[@]}"; do
  grep -q "<svg class=\"plot\" data-plot=\"$p\"" dom.html || fail "plot $p not in the rendered DOM"
done
[ "$(grep -o '<svg class="plot"' dom.html | wc -l)" = "${#plots[@]}" ] || fail "plot count"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --screenshot="$work/shot.png" \
  --window-size=1280,2400 "file://$work/r.html" > /dev/null 2>> chromium.err \
  || fail "chromium --screenshot: $(tail -3 chromium.err)"
read -r w h distinct drawn < <(python3 "$here/png_stats.py" shot.png)
echo "screenshot ${w}x$h: $distinct colours, $drawn % not background"
[ "$w" = 1280 ] && [ "$h" = 2400 ] || fail "screenshot size ${w}x$h"
[ "$distinct" -ge 50 ] || fail "screenshot nearly blank: $distinct colours"
awk -v d="$drawn" 'BEGIN { exit !(d >= 5) }' || fail "screenshot nearly blank: $drawn % drawn"
echo "report: ok"
