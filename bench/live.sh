#!/usr/bin/env bash
# bench/live.sh — live views on /ws: 1,000 WebSocket viewers of one
# dashboard on loopback (tests/harness/wsclient, in one process on the same
# cores), against a real Prometheus that scrapes a file we change every
# second (python3 http.server).  The dashboard: 6 time-series panels, 8
# queries, each panel 600×300 at scale 1.
#
#   bench/live.sh [BUILDDIR]        (default BUILDDIR: build)
#
#  A. steady: now-15m to now, refresh 5 s (Grafana's usual), for
#     CAIRN_BENCH_LIVE_SECONDS (60): the server's CPU per refresh (from
#     /proc: user + system from 10 s in, once every viewer is connected, to
#     5 s before the end, over the refreshes it drew then),
#     frames pushed, RSS sampled every second (peak), and Prometheus's own
#     count of query_range requests per refresh beside what Grafana's
#     architecture sends for the same viewers (every browser asks for every
#     query of every panel: viewers × 8 per refresh);
#  B. latency: an absolute window around now (the picture changes only when
#     the data does), refresh 1 s, cache.query_fresh 1 s; the value changes
#     every 5 s, 6 times: from the moment the file changed to each viewer's
#     frame of that change, p50 and p99 (Prometheus scrapes every second,
#     so up to 1 s of it is the scrape; the refresh and the query cache's
#     freshness add up to 1 s each).
# Prints a markdown table the README takes.  Not a CI test: ~2 min.
#
# Environment: CAIRN_BENCH_LIVE_PORTS "PROM SERVE SCRAPE" (default
# "19394 19395 19396"), CAIRN_BENCH_VIEWERS (1000), CAIRN_BENCH_LIVE_SECONDS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
CAIRN=$BUILD/cli/cairn
WS=$BUILD/tests/harness/wsclient
read -r PPORT SPORT XPORT <<<"${CAIRN_BENCH_LIVE_PORTS:-19394 19395 19396}"
VIEWERS=${CAIRN_BENCH_VIEWERS:-1000}
STEADY_S=${CAIRN_BENCH_LIVE_SECONDS:-60}
PANELS=6
QUERIES=8

die() {
	echo "bench/live.sh: $*" >&2
	exit 1
}
ninja -C "$BUILD" cli/cairn tests/harness/wsclient >/dev/null ||
	die "cannot build (ninja -C $BUILD cli/cairn tests/harness/wsclient)"
for tool in prometheus python3 curl jq; do
	command -v "$tool" >/dev/null || die "$tool not installed"
done
[ "$(ulimit -n)" -ge $((VIEWERS * 2 + 100)) ] || ulimit -n $((VIEWERS * 2 + 100)) ||
	die "need $((VIEWERS * 2 + 100)) file descriptors (ulimit -n)"

WORK=$(mktemp -d /tmp/cairn-bench-live.XXXXXX)
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	if [ -n "${CAIRN_BENCH_KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
now_ms() { date +%s%3N; }

# ---- the data: 4 series in a file Prometheus scrapes every second -----------
set_value() {  # set_value V: the four series at V, V+1, V+2, V+3
	local v=$1
	printf 'cairn_bench_value{i="1"} %s\ncairn_bench_value{i="2"} %s\ncairn_bench_value{i="3"} %s\ncairn_bench_value{i="4"} %s\n' \
		"$v" "$((v + 1))" "$((v + 2))" "$((v + 3))" >"$WORK/scrape/m.tmp"
	mv "$WORK/scrape/m.tmp" "$WORK/scrape/metrics.txt"
}
mkdir -p "$WORK/scrape" "$WORK/prom" "$WORK/dashboards"
set_value 10
python3 -m http.server "$XPORT" --bind 127.0.0.1 --directory "$WORK/scrape" \
	>"$WORK/scrape.log" 2>&1 &
PIDS+=("$!")
cat >"$WORK/prometheus.yml" <<YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: bench
    metrics_path: /metrics.txt
    static_configs: [{targets: ["127.0.0.1:$XPORT"]}]
YML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prom" \
	--web.listen-address="127.0.0.1:$PPORT" >"$WORK/prometheus.log" 2>&1 </dev/null &
PIDS+=("$!")
PURL=http://127.0.0.1:$PPORT
echo "[bench] Prometheus on $PURL scraping a file every second" >&2
for _ in $(seq 1 300); do
	curl -fsS -m 2 "$PURL/api/v1/query?query=cairn_bench_value" 2>/dev/null | grep -q '"10"' && break
	sleep 0.1
done
curl -fsS "$PURL/api/v1/query?query=cairn_bench_value" | grep -q '"10"' ||
	die "Prometheus does not have the data: $(tail -3 "$WORK/prometheus.log")"

# ---- the dashboard: 6 panels, 8 queries ------------------------------------
python3 - "$WORK/dashboards/live.json" <<'PY'
import json, sys
exprs = [["cairn_bench_value"], ["sum(cairn_bench_value)"], ["cairn_bench_value * 2"],
         ["avg(cairn_bench_value)", "max(cairn_bench_value)"],
         ['cairn_bench_value{i="1"}', 'cairn_bench_value{i="2"}'],
         ["min(cairn_bench_value)"]]
panels = [{"id": k + 1, "type": "timeseries", "title": f"panel {k + 1}",
           "gridPos": {"x": 12 * (k % 2), "y": 8 * (k // 2), "w": 12, "h": 8},
           "targets": [{"refId": chr(65 + i), "expr": e} for i, e in enumerate(es)]}
          for k, es in enumerate(exprs)]
json.dump({"title": "live bench", "uid": "live-bench", "schemaVersion": 39,
           "time": {"from": "now-15m", "to": "now"}, "panels": panels}, open(sys.argv[1], "w"))
PY

start_serve() {  # start_serve CONFIG_JSON
	echo "$1" >"$WORK/cairn.json"
	"$CAIRN" serve --config "$WORK/cairn.json" --prometheus "$PURL" \
		--dashboards "$WORK/dashboards" --listen "127.0.0.1:$SPORT" >>"$WORK/serve.log" 2>&1 </dev/null &
	SERVE_PID=$!
	PIDS+=("$SERVE_PID")
	for _ in $(seq 1 300); do
		curl -fsS -m 2 "http://127.0.0.1:$SPORT/api/health" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	die "cairn serve did not come up: $(tail -3 "$WORK/serve.log")"
}
stop_serve() {
	kill "$SERVE_PID" 2>/dev/null || true
	wait "$SERVE_PID" 2>/dev/null || true
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVE_PID/stat"; }
metric() { curl -s "http://127.0.0.1:$SPORT/metrics" | awk -v n="$1" '$1 == n { print $2 }'; }
query_range_count() {
	curl -s "$PURL/metrics" | awk '/^prometheus_http_requests_total\{/ &&
		/handler="\/api\/v1\/query_range"/ { n += $NF } END { print n + 0 }'
}
panels_json() {
	local k out=""
	for k in $(seq 1 $PANELS); do
		out="$out${out:+,}{\"id\":$k,\"width\":600,\"height\":300,\"scale\":1}"
	done
	echo "[$out]"
}
LIMITS='"limits": {"ws_connections_per_address": 5000, "live_min_refresh": "1s"}'
HZ=$(getconf CLK_TCK)

# ---- A. steady: 1,000 viewers, now-15m, refresh 5 s ------------------------
start_serve "{ $LIMITS }"
SUB='{"op":"subscribe","view":"v","dashboard":"live-bench","from":"now-15m","to":"now","refresh":"5s","panels":'$(panels_json)'}'
echo "[bench] A: $VIEWERS viewers, refresh 5 s, ${STEADY_S} s" >&2
(
	while kill -0 "$SERVE_PID" 2>/dev/null; do
		awk '/^VmRSS:/ { print $2 }' "/proc/$SERVE_PID/status" 2>/dev/null
		sleep 1
	done
) >"$WORK/rss.txt" &
RSS_PID=$!
rss0=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVE_PID/status")
"$WS" --url "ws://127.0.0.1:$SPORT/ws" --viewers "$VIEWERS" --send "$SUB" \
	--duration "$STEADY_S" >"$WORK/steady.json" 2>"$WORK/steady.err" &
WS_PID=$!
PIDS+=("$WS_PID")
# Measured in the steady state: after the connections and the first frames.
sleep 10
q0=$(query_range_count)
c0=$(cpu_ticks)
r0=$(metric cairn_live_renders_total)
sleep $((STEADY_S - 15))
c1=$(cpu_ticks)
q1=$(query_range_count)
r1=$(metric cairn_live_renders_total)
wait "$WS_PID" || true
frames=$(metric cairn_live_frames_total)
kill "$RSS_PID" 2>/dev/null || true
wait "$RSS_PID" 2>/dev/null || true
refreshes=$(awk -v a="${r0:-0}" -v b="$r1" -v p=$PANELS 'BEGIN { printf "%.0f", (b - a) / p }')
[ "$refreshes" -gt 0 ] || die "no refresh happened: $(jq -c '{connected, frames, errors}' "$WORK/steady.json")"
cpu_ms=$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" -v n="$refreshes" 'BEGIN { printf "%.0f", (b - a) * 1000 / hz / n }')
q_per=$(awk -v a="$q0" -v b="$q1" -v n="$refreshes" 'BEGIN { printf "%.1f", (b - a) / n }')
rss_peak=$(sort -n "$WORK/rss.txt" | tail -1)
connected=$(jq .connected "$WORK/steady.json")
fmin=$(jq .frames_min "$WORK/steady.json")
stop_serve

# ---- B. latency: an absolute window, refresh 1 s, a change every 5 s -------
start_serve "{ $LIMITS, \"cache\": {\"query_fresh\": \"1s\"} }"
NOW=$(now_ms)
SUB='{"op":"subscribe","view":"v","dashboard":"live-bench","from":"'$((NOW - 120000))'","to":"'$((NOW + 240000))'","refresh":"1s","panels":'$(panels_json)'}'
echo "[bench] B: $VIEWERS viewers (one of them in a process of its own), refresh 1 s, 6 changes 5 s apart" >&2
"$WS" --url "ws://127.0.0.1:$SPORT/ws" --viewers $((VIEWERS - 1)) --send "$SUB" --duration 40 \
	>"$WORK/latency.json" 2>"$WORK/latency.err" &
WS_PID=$!
PIDS+=("$WS_PID")
sleep 3
"$WS" --url "ws://127.0.0.1:$SPORT/ws" --send "$SUB" --duration 37 \
	>"$WORK/probe.json" 2>"$WORK/probe.err" &
PROBE_PID=$!
PIDS+=("$PROBE_PID")
sleep 3
: >"$WORK/changes.txt"
for k in 1 2 3 4 5 6; do
	set_value $((10 + 10 * k))
	now_ms >>"$WORK/changes.txt"
	sleep 5
done
wait "$WS_PID" || true
wait "$PROBE_PID" || true
# seq k+1 of every panel is change k (a change whose frame was replaced by
# the next one's before it went out leaves a gap): latency from the change.
# The lone viewer: each frame's own; the 999: per frame, their median and
# 99th percentile.
jq -R 'tonumber' "$WORK/changes.txt" | jq -s . >"$WORK/changes.json"
probe=$(jq -r --slurpfile ch "$WORK/changes.json" '
	[.updates[] | select(.seq >= 2 and .seq <= 7) | .t_min - $ch[0][.seq - 2]] | sort as $l |
	"\($l[(length / 2 | floor)] | round) \($l[((length * 0.99) | ceil) - 1] | round) \($l | length)"' \
	"$WORK/probe.json")
read -r probe_p50 probe_p99 probe_n <<<"$probe"
lat=$(jq -r --slurpfile ch "$WORK/changes.json" '
	[.updates[] | select(.seq >= 2 and .seq <= 7) |
	 {p50: (.t_p50 - $ch[0][.seq - 2]), p99: (.t_p99 - $ch[0][.seq - 2]), n: .n}] as $u |
	"\($u | map(.p50) | sort | .[(length / 2 | floor)] | round) \($u | map(.p99) | max | round) \($u | length) \($u | map(.n) | min)"' \
	"$WORK/latency.json")
read -r lat_p50 lat_p99 lat_frames lat_nmin <<<"$lat"
stop_serve

cat <<EOF
| ${VIEWERS} WebSocket viewers of one 6-panel dashboard (8 queries), loopback | cairn | Grafana's architecture |
|---|---|---|
| viewers connected / frames per viewer over ${STEADY_S} s (refresh 5 s) | ${connected} / ≥ ${fmin} | |
| query_range requests to Prometheus per refresh (counted by Prometheus) | ${q_per} | $((VIEWERS * QUERIES)) (viewers × queries) |
| panels drawn per refresh | ${PANELS} | ${PANELS} per viewer, in each browser |
| server CPU per refresh (queries, 6 renders, $((VIEWERS * PANELS)) frames pushed) | ${cpu_ms} ms | |
| server RSS: before / peak | $((rss0 / 1024)) / $((rss_peak / 1024)) MB | |
| frame latency, data change → frame received (refresh 1 s, scrape 1 s, query_fresh 1 s), a viewer among ${VIEWERS}: p50 / p99 | ${probe_p50} / ${probe_p99} ms (${probe_n} frames) | |
| the same for all $((VIEWERS - 1)) others, read by one client process on the same 2 cores: median of p50s / worst p99 | ${lat_p50} / ${lat_p99} ms (${lat_frames} frames, each to ≥ ${lat_nmin}) | |
EOF
echo "(frames pushed in A: ${frames}; $refreshes refreshes; logs in $WORK with CAIRN_BENCH_KEEP=1)" >&2
