#!/usr/bin/env bash
# `ngnemu run --metrics ADDR:PORT` (README "Live metrics"): scraped twice during a 6 s soak, the
# endpoint serves well-formed Prometheus text (HELP and TYPE for every family, parseable samples),
# registrations grow between the scrapes, the last scrape's established count is at most the
# summary's, each latency histogram's _count equals its +Inf bucket and its buckets are
# cumulative. A port in use and an address that is not one are refused (exit 2, a clear error).
# Usage: metrics_test.sh NGNEMU
set -euo pipefail
ngnemu=$1
if ! command -v curl >/dev/null; then echo "SKIP: curl is not installed"; exit 77; fi
. "$(dirname "$0")/lib.sh"

# Port 0: the endpoint binds a free port and prints its URL (no race with another process).
"$ngnemu" run -q -n 400 --rate 40 --duration 6s --db m.db --metrics 127.0.0.1:0 \
  > run.out 2> run.err &
pid=$!
url=
for _ in $(seq 100); do
  url=$(sed -n 's/^metrics: \(http:[^ ]*\)$/\1/p' run.err)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat run.err; fail "no 'metrics: URL' line on stderr"; }
sleep 2
curl -fsS "$url" > scrape1.txt || fail "first scrape of $url"
sleep 2
curl -fsS "$url" > scrape2.txt || fail "second scrape of $url"
wait "$pid" || { cat run.out run.err; fail "run exited $?"; }
# Served while the run lasts only.
! curl -fsS --max-time 2 "$url" > /dev/null 2>&1 || fail "still serving after the run"

# Checks one scrape's format; prints "registrations established" summed over the groups.
check() {
  python3 - "$1" <<'EOF'
import math, re, sys
text = open(sys.argv[1]).read()
help_, type_, samples = {}, {}, []
sample = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$')
label = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)')
for line in text.splitlines():
    if line.startswith('# HELP '):
        name, h = line[7:].split(' ', 1)
        help_[name] = h
    elif line.startswith('# TYPE '):
        name, t = line[7:].split(' ')
        assert t in ('counter', 'gauge', 'histogram', 'summary', 'untyped'), line
        type_[name] = t
    elif line.startswith('#') or not line:
        continue
    else:
        m = sample.match(line)
        assert m, 'not a sample: ' + line
        labels = dict((k, v) for k, v, _ in label.findall(m.group(3) or ''))
        value = float(m.group(4))
        # prometheus-cpp's own exposer_* summary has NaN quantiles before its first scrape.
        assert m.group(1).startswith('exposer_') or not math.isnan(value), line
        samples.append((m.group(1), labels, value))
assert samples, 'no samples'
def family(name):
    for suffix in ('_bucket', '_count', '_sum'):
        if name.endswith(suffix) and name[:-len(suffix)] in type_ \
           and type_[name[:-len(suffix)]] in ('histogram', 'summary'):
            return name[:-len(suffix)]
    return name
for name, _, _ in samples:
    f = family(name)
    assert f in type_, 'no TYPE for ' + name
    assert help_.get(f), 'no HELP for ' + name
need = ['ngnemu_registrations_total', 'ngnemu_first_registrations_established_total',
        'ngnemu_active_registrations', 'ngnemu_terminals_started_total', 'ngnemu_failures_total',
        'ngnemu_keepalives_total', 'ngnemu_esp_dropped_packets_total',
        'ngnemu_registration_latency_seconds', 'ngnemu_auc_writer_transactions_total',
        'process_cpu_seconds_total', 'process_resident_memory_bytes']
for n in need:
    assert n in type_, 'missing family ' + n
assert type_['ngnemu_registration_latency_seconds'] == 'histogram'
assert type_['ngnemu_registrations_total'] == 'counter'
assert type_['ngnemu_registrations_in_flight'] == 'gauge'
assert type_['ngnemu_registration_timeouts_total'] == 'counter'
for name, labels, _ in samples:
    if name.startswith('ngnemu_') and not name.startswith('ngnemu_auc_'):
        assert {'group', 'protocol', 'path', 'node'} <= set(labels), name + ' labels ' + str(labels)
# Histograms: buckets cumulative in le order, +Inf last and equal to _count.
hist = {}
for name, labels, value in samples:
    if not name.startswith('ngnemu_registration_latency_seconds'):
        continue
    key = labels['group']
    h = hist.setdefault(key, {'b': []})
    if name.endswith('_bucket'):
        h['b'].append((float(labels['le']), value))
    elif name.endswith('_count'):
        h['count'] = value
    elif name.endswith('_sum'):
        h['sum'] = value
assert hist, 'no latency histogram'
for g, h in hist.items():
    bs = sorted(h['b'])
    assert bs[-1][0] == math.inf, g + ': no +Inf bucket'
    assert all(a[1] <= b[1] for a, b in zip(bs, bs[1:])), g + ': buckets not cumulative'
    assert bs[-1][1] == h['count'], g + ': _count %s != +Inf bucket %s' % (h['count'], bs[-1][1])
    assert h['sum'] >= 0
def total(n):
    return sum(v for name, _, v in samples if name == n)
assert total('process_cpu_seconds_total') > 0
assert total('process_resident_memory_bytes') > 0
latency_count = sum(h['count'] for h in hist.values())
print(int(total('ngnemu_registrations_total')),
      int(total('ngnemu_first_registrations_established_total')), int(latency_count))
EOF
}
read -r reg1 est1 lat1 < <(check scrape1.txt) || fail "scrape 1 malformed"
read -r reg2 est2 lat2 < <(check scrape2.txt) || fail "scrape 2 malformed"
echo "scrape 1: $reg1 registrations, $est1 established, $lat1 latencies"
echo "scrape 2: $reg2 registrations, $est2 established, $lat2 latencies"
[ "$reg1" -gt 0 ] || fail "no registration by the first scrape"
[ "$reg2" -gt "$reg1" ] || fail "registrations_total did not grow ($reg1 -> $reg2)"
summary=$(sed -n 's/.*terminals *[0-9]* attempted, \([0-9]*\) established.*/\1/p' run.out)
[ -n "$summary" ] || { cat run.out; fail "no summary"; }
[ "$est2" -le "$summary" ] || fail "scrape says $est2 established, the summary $summary"

# A port in use is refused before anything starts.
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
print(s.getsockname()[1], flush=True); time.sleep(30)' > port.txt &
holder=$!
for _ in $(seq 50); do [ -s port.txt ] && break; sleep 0.1; done
port=$(cat port.txt)
set +e
"$ngnemu" run -q -n 4 --db busy.db --metrics "127.0.0.1:$port" > busy.out 2> busy.err
rc=$?
set -e
kill "$holder"
[ "$rc" = 2 ] || { cat busy.out busy.err; fail "port in use: exit $rc, not 2"; }
grep -q -- "--metrics 127.0.0.1:$port: cannot listen there" busy.err \
  || { cat busy.err; fail "port in use: no clear error"; }
grep -q "attempted" busy.out && fail "port in use: the run went ahead"

# Not an address, or not a port: exit 2 before anything runs.
for bad in nonsense 127.0.0.1 localhost:9464 127.0.0.1:70000 "[::1:9464"; do
  set +e
  "$ngnemu" run -q -n 4 --db bad.db --metrics "$bad" > bad.out 2> bad.err
  rc=$?
  set -e
  [ "$rc" = 2 ] || fail "--metrics $bad: exit $rc, not 2"
  grep -q "ngnemu: --metrics: " bad.err || { cat bad.err; fail "--metrics $bad: no clear error"; }
done
[ ! -e bad.db ] || fail "a bad --metrics created the database"
echo "metrics: OK"
