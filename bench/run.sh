#!/usr/bin/env bash
# bench/run.sh — the standing performance promise, measured whole-process
# against a peer on this machine: a 1000x500 PNG of 4 series x 10k points.
#
#   bench/run.sh [BUILDDIR]        (default BUILDDIR: build)
#
# (a) cairn: a real Prometheus (started here on 127.0.0.1, no scrapes) holds
#     4 x 10,000 samples at 1 s, backfilled with promtool; a one-panel
#     dashboard asks for them with maxDataPoints 10000, and
#     `cairn render --panel 1` draws them (query, JSON parse, fonts, drawing,
#     PNG encode and write: everything a user waits for).
# (b) rrdtool graph draws the same 4 x 10,000 values from an RRD at 1000x500.
# Both are timed with hyperfine; peak RSS comes from /usr/bin/time -f %M.
# Installs what it needs (hyperfine, rrdtool, python3, time, via
# .ci/install-deps) and builds cairn if it is not built.  Runs in
# well under 2 minutes and stops the Prometheus it started.  Not a CI test.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
CAIRN=$BUILD/cli/cairn
PORT=${CAIRN_BENCH_PORT:-19391}
URL=http://127.0.0.1:$PORT
T0=1767225600 # 2026-01-01T00:00:00Z
N=10000
RUNS=${CAIRN_BENCH_RUNS:-30}

die() {
	echo "bench/run.sh: $*" >&2
	exit 1
}

bash "$ROOT/.ci/install-deps" hyperfine rrdtool python3 time
if [ ! -x "$CAIRN" ]; then
	[ -d "$BUILD" ] || meson setup "$BUILD" >/dev/null
	ninja -C "$BUILD" cli/cairn >/dev/null
fi
for tool in hyperfine rrdtool prometheus promtool python3 curl /usr/bin/time; do
	command -v "$tool" >/dev/null || die "$tool not installed"
done
[ -x "$CAIRN" ] || die "$CAIRN not built (ninja -C $BUILD cli/cairn)"

WORK=$(mktemp -d /tmp/cairn-bench.XXXXXX)
PROM_PID=
cleanup() {
	if [ -n "$PROM_PID" ] && kill -0 "$PROM_PID" 2>/dev/null; then
		kill "$PROM_PID"
		wait "$PROM_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

# The data: the shape of tests/render/bench.c (a slow sine per series plus a
# fast one, so every pixel column holds a full zigzag), as OpenMetrics for
# promtool and as rrdtool update lines.
python3 - "$WORK" "$T0" "$N" <<'PY'
import math, sys
work, t0, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bases = [10, 20, 30, 40]
def v(b, i):
    return b + 10 * math.sin(i * 0.001 * b) + 3 * math.sin(i * 0.7)
with open(f"{work}/data.om", "w") as f:
    f.write("# TYPE bench gauge\n")
    for k, b in enumerate(bases):
        for i in range(n):
            f.write(f'bench{{series="s{k}"}} {v(b, i):.6f} {t0 + i}\n')
    f.write("# EOF\n")
with open(f"{work}/rrd.cmds", "w") as f:
    for i0 in range(0, n, 500):
        vals = " ".join(f"{t0 + i}:" + ":".join(f"{v(b, i):.6f}" for b in bases)
                        for i in range(i0, min(n, i0 + 500)))
        f.write(f"update {work}/bench.rrd {vals}\n")
PY

# (a) Prometheus with the samples backfilled.
promtool tsdb create-blocks-from openmetrics "$WORK/data.om" "$WORK/prom" >"$WORK/promtool.log" 2>&1 ||
	die "promtool backfill failed: $(tail -3 "$WORK/promtool.log")"
cat >"$WORK/prometheus.yml" <<YML
global:
  scrape_interval: 15s
scrape_configs: []
YML
curl -s -m 1 "$URL/" >/dev/null 2>&1 && die "something already listens on 127.0.0.1:$PORT"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prom" \
	--storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PORT" \
	>"$WORK/prometheus.log" 2>&1 </dev/null &
PROM_PID=$!
deadline=$((SECONDS + 60))
until curl -fsS -m 2 "$URL/api/v1/query?query=count(bench)&time=$((T0 + N - 1))" 2>/dev/null |
	grep -q '"4"'; do
	kill -0 "$PROM_PID" 2>/dev/null || die "prometheus exited: $(tail -3 "$WORK/prometheus.log")"
	[ $SECONDS -lt $deadline ] || die "prometheus not queryable after 60 s"
	sleep 0.25
done

cat >"$WORK/dash.json" <<JSON
{
  "title": "bench", "uid": "bench", "schemaVersion": 39,
  "time": {"from": "$T0", "to": "$((T0 + N - 1))"},
  "panels": [{
    "id": 1, "type": "timeseries", "title": "4 x 10k points",
    "gridPos": {"x": 0, "y": 0, "w": 24, "h": 12},
    "maxDataPoints": $N, "interval": "1s",
    "datasource": {"type": "prometheus", "uid": "prom"},
    "targets": [{"refId": "A", "expr": "bench", "legendFormat": "{{series}}"}]
  }]
}
JSON
CAIRN_CMD="$CAIRN render $WORK/dash.json --panel 1 -o $WORK/cairn.png --width 1000 --height 500 \
--prometheus $URL --from $T0 --to $((T0 + N - 1))"
$CAIRN_CMD >"$WORK/cairn.log" 2>&1 || die "cairn render failed: $(cat "$WORK/cairn.log")"
curl -fsS "$URL/api/v1/query_range?query=bench&start=$T0&end=$((T0 + N - 1))&step=1" \
	>"$WORK/answer.json"
points=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["data"]["result"]; print(len(r), "x", len(r[0]["values"]))' "$WORK/answer.json")
# (a') the same answer saved to a file: file in, PNG out, as rrdtool does.
FILE_CMD="$CAIRN render $WORK/dash.json --panel 1 -o $WORK/cairn-file.png --width 1000 \
--height 500 --data A=$WORK/answer.json --from $T0 --to $((T0 + N - 1))"
$FILE_CMD >"$WORK/cairn.log" 2>&1 || die "cairn render --data failed: $(cat "$WORK/cairn.log")"

# (b) the same values in an RRD, drawn by rrdtool at 1000x500.
rrdtool create "$WORK/bench.rrd" --start $((T0 - 1)) --step 1 \
	DS:s0:GAUGE:2:U:U DS:s1:GAUGE:2:U:U DS:s2:GAUGE:2:U:U DS:s3:GAUGE:2:U:U \
	RRA:AVERAGE:0.5:1:$((N + 10))
rrdtool - <"$WORK/rrd.cmds" >/dev/null
RRD_CMD="rrdtool graph $WORK/rrd.png --start $T0 --end $((T0 + N - 1)) --width 1000 --height 500 \
--full-size-mode --imgformat PNG \
DEF:a=$WORK/bench.rrd:s0:AVERAGE DEF:b=$WORK/bench.rrd:s1:AVERAGE \
DEF:c=$WORK/bench.rrd:s2:AVERAGE DEF:d=$WORK/bench.rrd:s3:AVERAGE \
LINE1:a#73BF69:s0 LINE1:b#F2CC0C:s1 LINE1:c#8AB8FF:s2 LINE1:d#FF780A:s3"
$RRD_CMD >/dev/null || die "rrdtool graph failed"

hyperfine --style none --warmup 3 --runs "$RUNS" -N --export-json "$WORK/hf.json" \
	-n cairn "$CAIRN_CMD" -n cairn-file "$FILE_CMD" -n rrdtool "$RRD_CMD" \
	>"$WORK/hyperfine.log" 2>&1 ||
	die "hyperfine failed: $(tail -5 "$WORK/hyperfine.log")"
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
# shellcheck disable=SC2086
RSS_CAIRN=$(rss $CAIRN_CMD)
# shellcheck disable=SC2086
RSS_FILE=$(rss $FILE_CMD)
# shellcheck disable=SC2086
RSS_RRD=$(rss $RRD_CMD)

python3 - "$WORK/hf.json" "$RSS_CAIRN" "$RSS_FILE" "$RSS_RRD" "$points" "$WORK/cairn.png" \
	"$WORK/cairn-file.png" "$WORK/rrd.png" <<'PY'
import json, os, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
names = ("cairn", "cairn-file", "rrdtool")
rss = dict(zip(names, map(int, sys.argv[2:5])))
png = dict(zip(names, map(os.path.getsize, sys.argv[6:9])))
print(f"1000x500 PNG, {sys.argv[5]} points (cairn: Prometheus query_range at step 1 s;")
print("cairn-file: the same answer from a file with --data; rrdtool: an RRD file)")
print(f"{'tool':<12}{'mean ms':>10}{'± sd':>8}{'min ms':>9}{'peak RSS KB':>13}{'PNG bytes':>11}")
for name in names:
    r = res[name]
    print(f"{name:<12}{r['mean'] * 1e3:>10.1f}{r['stddev'] * 1e3:>8.1f}{r['min'] * 1e3:>9.1f}"
          f"{rss[name]:>13}{png[name]:>11}")
for name in names[:2]:
    print(f"{name}/rrdtool mean time: {res[name]['mean'] / res['rrdtool']['mean']:.2f}")
PY
if [ -n "${CAIRN_BENCH_KEEP:-}" ]; then
	cp "$WORK/cairn.png" "$WORK/rrd.png" "$CAIRN_BENCH_KEEP"/
fi
