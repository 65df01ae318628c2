# shellcheck shell=bash
# bench/lib.sh — the data bench/run.sh and bench/serve.sh share, sourced by
# both: 4 series x N samples at 1 s from T0 (the shape of tests/render/bench.c:
# a slow sine per series plus a fast one, so every pixel column holds a full
# zigzag), as a Prometheus backfilled by promtool and as an RRD.
# The caller sets WORK, PORT, URL, T0, N and defines die().

# Writes $WORK/data.om (OpenMetrics for promtool) and $WORK/rrd.cmds
# (rrdtool update lines) with the same values.
bench_data() {
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
}

# Backfills $WORK/data.om into $WORK/prom and starts Prometheus on
# 127.0.0.1:$PORT (no scrapes); sets PROM_PID; returns once all four series
# are queryable.  The caller's cleanup stops it.
bench_prometheus() {
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
	local deadline=$((SECONDS + 60))
	until curl -fsS -m 2 "$URL/api/v1/query?query=count(bench)&time=$((T0 + N - 1))" 2>/dev/null |
		grep -q '"4"'; do
		kill -0 "$PROM_PID" 2>/dev/null || die "prometheus exited: $(tail -3 "$WORK/prometheus.log")"
		[ $SECONDS -lt $deadline ] || die "prometheus not queryable after 60 s"
		sleep 0.25
	done
}

# bench_dashboard FILE: the one-panel dashboard (uid "bench") that asks for
# all N points of the four series (maxDataPoints N, interval 1 s).
bench_dashboard() {
	cat >"$1" <<JSON
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
}

# Creates $WORK/bench.rrd from $WORK/rrd.cmds and sets RRD_CMD: rrdtool graph
# drawing the four series at 1000x500 into $WORK/rrd.png.
bench_rrd() {
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
}
