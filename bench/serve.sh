#!/usr/bin/env bash
# bench/serve.sh — cairn serve measured beside `rrdtool graph`, in one run, on
# bench/run.sh's data: a real Prometheus (127.0.0.1, backfilled by promtool)
# holding 4 series x 10,000 samples at 1 s, a one-panel dashboard asking for
# all of them (maxDataPoints 10000), a 1000x500 PNG.
#
#   bench/serve.sh [BUILDDIR]        (default BUILDDIR: build)
#
#  0. `rrdtool graph` of the same values from an RRD: time per run (hyperfine);
#  1. in process (bench/warm, -Dbench=true): one request context with the
#     shared query cache, the panel once cold, then 200 times warm: p50/p99;
#  2. cairn serve on that Prometheus:
#     (a) the warm panel over HTTP, its queries cached but not its image
#         (a `var-nonce=N`: a variable the dashboard does not declare, which
#         the request ignores and the image cache key holds),
#         200 requests on one connection: p50/p99, p50 as a share of one
#         rrdtool graph run;
#     (b) the cached image, `wrk -t2 -c32 -d10s`: requests/s;
#     (c) 60 s of mixed load (wrk, bench/mixed.lua: cached images, uncached
#         panels, whole dashboards, /metrics, listings, health): failed
#         requests, and the server's RSS sampled every second.
# Prints a markdown table the README takes.  Installs what it needs
# (hyperfine, rrdtool, python3, wrk via .ci/install-deps), builds cairn and
# bench/warm, stops everything it started.  Not a CI test: it takes ~2 min.
#
# Environment: CAIRN_BENCH_PORT (Prometheus, default 19391),
# CAIRN_BENCH_SERVE_PORT (cairn serve, default 19392), CAIRN_BENCH_RUNS
# (hyperfine runs, default 30), CAIRN_BENCH_MIXED_SECONDS (default 60),
# CAIRN_BENCH_SERVE_CONFIG (a --config FILE for cairn serve: other cache
# sizes, workers; default none, the defaults).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
CAIRN=$BUILD/cli/cairn
WARM=$BUILD/bench/warm
PORT=${CAIRN_BENCH_PORT:-19391}
SPORT=${CAIRN_BENCH_SERVE_PORT:-19392}
URL=http://127.0.0.1:$PORT
SURL=http://127.0.0.1:$SPORT
T0=1767225600 # 2026-01-01T00:00:00Z
N=10000
RUNS=${CAIRN_BENCH_RUNS:-30}
MIXED_S=${CAIRN_BENCH_MIXED_SECONDS:-60}

die() {
	echo "bench/serve.sh: $*" >&2
	exit 1
}

bash "$ROOT/.ci/install-deps" hyperfine rrdtool python3 time wrk
[ -d "$BUILD" ] || meson setup "$BUILD" >/dev/null
meson configure "$BUILD" -Dbench=true >/dev/null
ninja -C "$BUILD" cli/cairn >/dev/null || die "cannot build cairn (ninja -C $BUILD cli/cairn)"
WARM_OK=1
ninja -C "$BUILD" bench/warm >"$BUILD/bench-warm-build.log" 2>&1 || WARM_OK=0
for tool in hyperfine rrdtool prometheus promtool python3 curl wrk; do
	command -v "$tool" >/dev/null || die "$tool not installed"
done
"$CAIRN" serve --help >/dev/null 2>&1 || die "$CAIRN has no 'serve' command yet"

WORK=$(mktemp -d /tmp/cairn-bench-serve.XXXXXX)
PROM_PID= SERVE_PID= SAMPLER_PID=
stop() {  # stop PID: TERM, then wait for it
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
cleanup() {
	stop "$SAMPLER_PID"
	stop "$SERVE_PID"
	stop "$PROM_PID"
	if [ -n "${CAIRN_BENCH_KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
echo "[bench] data: 4 x $N samples into Prometheus (127.0.0.1:$PORT) and an RRD" >&2
bench_data
bench_prometheus
mkdir -p "$WORK/dashboards"
bench_dashboard "$WORK/dashboards/bench.json"
# A whole dashboard for the mixed load: the four series as four panels.
python3 - "$WORK/dashboards/bench4.json" "$T0" "$N" <<'PY'
import json, sys
out, t0, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
panels = [{"id": k + 1, "type": "timeseries", "title": f"s{k}",
           "gridPos": {"x": 12 * (k % 2), "y": 8 * (k // 2), "w": 12, "h": 8},
           "maxDataPoints": n, "interval": "1s",
           "targets": [{"refId": "A", "expr": f'bench{{series="s{k}"}}'}]}
          for k in range(4)]
json.dump({"title": "bench4", "uid": "bench4", "schemaVersion": 39,
           "time": {"from": str(t0), "to": str(t0 + n - 1)}, "panels": panels},
          open(out, "w"))
PY
bench_rrd

# 0. rrdtool graph, one whole run.
echo "[bench] rrdtool graph: $RUNS runs (hyperfine)" >&2
hyperfine --style none --warmup 3 --runs "$RUNS" -N --export-json "$WORK/hf.json" \
	-n rrdtool "$RRD_CMD" >"$WORK/hyperfine.log" 2>&1 ||
	die "hyperfine failed: $(tail -5 "$WORK/hyperfine.log")"

# 1. In process.
RANGE="--from $T0 --to $((T0 + N - 1))"
if [ "$WARM_OK" = 1 ]; then
	echo "[bench] in process: bench/warm, 200 warm runs" >&2
	# shellcheck disable=SC2086
	"$WARM" --prometheus "$URL" --runs 200 $RANGE "$WORK/dashboards/bench.json" >"$WORK/warm.txt" 2>&1 ||
		die "bench/warm failed: $(cat "$WORK/warm.txt")"
else
	echo "bench/warm did not build (is the query cache on this branch?):" >"$WORK/warm.txt"
	grep -E 'error|undefined' "$BUILD/bench-warm-build.log" | head -3 >>"$WORK/warm.txt" || true
fi

# 2. cairn serve.
curl -s -m 1 "$SURL/" >/dev/null 2>&1 && die "something already listens on 127.0.0.1:$SPORT"
"$CAIRN" serve ${CAIRN_BENCH_SERVE_CONFIG:+--config "$CAIRN_BENCH_SERVE_CONFIG"} \
	--prometheus "$URL" --dashboards "$WORK/dashboards" --listen "127.0.0.1:$SPORT" \
	>"$WORK/serve.log" 2>&1 </dev/null &
SERVE_PID=$!
deadline=$((SECONDS + 30))
until curl -fsS -m 2 "$SURL/api/health" >/dev/null 2>&1; do
	kill -0 "$SERVE_PID" 2>/dev/null || die "cairn serve exited: $(tail -5 "$WORK/serve.log")"
	[ $SECONDS -lt $deadline ] || die "cairn serve not answering /api/health after 30 s"
	sleep 0.1
done
(
	while kill -0 "$SERVE_PID" 2>/dev/null; do
		echo "$(date +%s.%N) $(awk '/^VmRSS:/ {print $2}' "/proc/$SERVE_PID/status" 2>/dev/null)"
		sleep 1
	done
) >"$WORK/rss.txt" &
SAMPLER_PID=$!

PANEL="/render/d-solo/bench?panelId=1&width=1000&height=500&from=$T0&to=$((T0 + N - 1))"
code=$(curl -sS -o "$WORK/panel.png" -w '%{http_code} %{content_type}' "$SURL$PANEL")
[ "$code" = "200 image/png" ] || die "GET $PANEL: $code; $(tail -3 "$WORK/serve.log")"
prom_queries() {  # what Prometheus itself counted on /api/v1/query_range
	curl -fsS "$URL/api/v1/query?query=sum(prometheus_http_requests_total%7Bhandler%3D%22/api/v1/query_range%22%7D)" |
		python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)'
}
Q0=$(prom_queries)

# (a) 200 requests, one connection, each a new image from cached queries.
echo "[bench] (a) warm panel over HTTP: 200 requests, image not cached" >&2
for i in $(seq 1 200); do
	printf 'url = "%s%s&var-nonce=%d"\noutput = "/dev/null"\n' "$SURL" "$PANEL" "$i"
done >"$WORK/warm.curl"
curl -sS -K "$WORK/warm.curl" -w '%{http_code} %{time_total}\n' >"$WORK/warm-http.txt" ||
	die "curl -K failed"
Q1=$(prom_queries)

# (b) one cached image, as fast as it goes.
echo "[bench] (b) cached image: wrk -t2 -c32 -d10s" >&2
cpu_ticks() { awk '{print $14, $15}' "/proc/$SERVE_PID/stat"; }  # utime stime
CPU0=$(cpu_ticks)
wrk -t2 -c32 -d10s --latency "$SURL$PANEL" >"$WORK/wrk-cached.txt" 2>&1 || die "wrk failed: $(cat "$WORK/wrk-cached.txt")"
CPU1=$(cpu_ticks)
echo "$CPU0 $CPU1 $(getconf CLK_TCK)" >"$WORK/cpu-cached.txt"

# (c) mixed load.
echo "[bench] (c) ${MIXED_S} s of mixed load (wrk -t2 -c16, bench/mixed.lua)" >&2
RSS_START=$(wc -l <"$WORK/rss.txt")
BENCH_PANEL=$PANEL BENCH_DASH="/render/d/bench4?from=$T0&to=$((T0 + N - 1))" \
	wrk -t2 -c16 -d"${MIXED_S}s" --timeout 10s --latency -s "$ROOT/bench/mixed.lua" "$SURL" \
	>"$WORK/wrk-mixed.txt" 2>&1 || die "wrk failed: $(cat "$WORK/wrk-mixed.txt")"
RSS_END=$(wc -l <"$WORK/rss.txt")
HWM=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVE_PID/status")
curl -fsS "$SURL/metrics" >"$WORK/metrics.txt" || true
Q2=$(prom_queries)

# Graceful stop: SIGTERM, exit 0.
t0=$(date +%s%N)
kill -TERM "$SERVE_PID"
rc=0
wait "$SERVE_PID" || rc=$?
STOP_MS=$((($(date +%s%N) - t0) / 1000000))
SERVE_PID=
stop "$SAMPLER_PID"
SAMPLER_PID=

python3 - "$WORK" "$RSS_START" "$RSS_END" "$HWM" "$Q0" "$Q1" "$Q2" "$rc" "$STOP_MS" "$MIXED_S" <<'PY'
import json, math, re, statistics, sys
work = sys.argv[1]
rss_start, rss_end, hwm = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
q0, q1, q2 = (float(x) for x in sys.argv[5:8])
rc, stop_ms, mixed_s = int(sys.argv[8]), int(sys.argv[9]), int(sys.argv[10])

def quantile(v, q):  # nearest rank
    v = sorted(v)
    return v[max(0, min(len(v) - 1, math.ceil(q * len(v)) - 1))]

rrd = json.load(open(f"{work}/hf.json"))["results"][0]
rrd_ms = rrd["mean"] * 1e3

warm = open(f"{work}/warm.txt").read().strip()
m = re.search(r"p50 ([\d.]+) ms, p99 ([\d.]+) ms", warm)
warm_cell = f"{m.group(1)} / {m.group(2)} ms" if m else "not measured: " + warm.splitlines()[0]

codes, times = [], []
for line in open(f"{work}/warm-http.txt"):
    c, t = line.split()
    codes.append(c)
    times.append(float(t) * 1e3)
bad_a = sum(c != "200" for c in codes)
p50, p99 = quantile(times, 0.5), quantile(times, 0.99)

def wrk(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    total = int(re.search(r"(\d+) requests in", text).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = sum(int(x) for x in sock.groups()) if sock else 0
    lat = {k: v for k, v in re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M)}
    return rps, total, int(non2xx.group(1)) if non2xx else 0, errors, lat

b_rps, b_total, b_bad, b_err, b_lat = wrk(f"{work}/wrk-cached.txt")
c_rps, c_total, c_bad, c_err, c_lat = wrk(f"{work}/wrk-mixed.txt")

rss = [int(l.split()[1]) / 1024 for l in open(f"{work}/rss.txt") if len(l.split()) == 2]
mixed = rss[rss_start:rss_end] or rss
first = statistics.mean(mixed[:10]) if mixed else 0
last = statistics.mean(mixed[-10:]) if mixed else 0
peak = max(mixed) if mixed else 0

def ok(cond):
    return "yes" if cond else "**no**"

print()
cores = len(open('/proc/cpuinfo').read().split('processor')) - 1
load = " ".join(f"{x:.1f}" for x in __import__("os").getloadavg())
print(f"cairn serve beside rrdtool graph, 1000x500 PNG of 4 series x 10k points, one run "
      f"({cores} cores, load average {load} at the end, wrk on the same cores):")
print()
print("| measure | result | goal | met |")
print("|---|---|---|---|")
print(f"| `rrdtool graph` from an RRD, one whole run (mean of {len(rrd['times'])}) "
      f"| {rrd_ms:.1f} ms | | |")
print(f"| warm panel in process (`bench/warm`: query cached), p50 / p99 | {warm_cell} "
      f"| ≤ 5 / ≤ 15 ms | {ok(m and float(m.group(1)) <= 5 and float(m.group(2)) <= 15)} |")
print(f"| warm panel over HTTP (queries cached, image not), p50 / p99 | {p50:.1f} / {p99:.1f} ms "
      f"= {p50 / rrd_ms:.2f}× rrdtool | p50 ≤ 0.15× | {ok(p50 / rrd_ms <= 0.15 and bad_a == 0)} |")
print(f"| cached image, `wrk -t2 -c32 -d10s` | {b_rps:,.0f} requests/s "
      f"(p50 {b_lat.get('50', '?')}, p99 {b_lat.get('99', '?')}) | ≥ 5,000/s | {ok(b_rps >= 5000 and b_bad + b_err == 0)} |")
u0, s0, u1, s1, tck = (int(x) for x in open(f"{work}/cpu-cached.txt").read().split())
cpu_cell = (f"; server CPU {(u1 - u0) / tck * 1e6 / b_total:.0f} µs user + "
            f"{(s1 - s0) / tck * 1e6 / b_total:.0f} µs kernel a request") if b_total else ""
print(f"| cached image: where the server's time goes | {cpu_cell[2:]} | | |")
print(f"| {mixed_s} s mixed load (`wrk -t2 -c16`, bench/mixed.lua): requests, failed "
      f"| {c_total:,}, {c_bad} non-2xx + {c_err} socket errors | 0 failed | {ok(c_bad + c_err == 0)} |")
print(f"| RSS during the mixed load: first 10 s → last 10 s (peak; VmHWM whole run) "
      f"| {first:.1f} → {last:.1f} MB ({peak:.1f}; {hwm / 1024:.1f}) MB | ≤ 100 MB, flat "
      f"| {ok(peak <= 100 and last <= first * 1.2 + 5)} |")
print()
print(f"Prometheus' own count of query_range requests: {q1 - q0:.0f} during the 200 warm HTTP "
      f"requests, {q2 - q1:.0f} during the cached-image and mixed runs "
      f"({b_total + c_total:,} requests to cairn).  SIGTERM → exit {rc} in {stop_ms} ms.")
if bad_a:
    print(f"(a): {bad_a} of 200 answers were not 200")
# The access log says which answers were drawn and which came from the image cache.
hits_a = drawn = cached = 0
for line in open(f"{work}/serve.log", errors="replace"):
    if "cache=hit" in line:
        cached += 1
        hits_a += bool(re.search(r"[?&]var-nonce=\d+ ", line))
    elif "cache=miss" in line:
        drawn += 1
print(f"Images drawn: {drawn:,}; served from the image cache: {cached:,}.")
if hits_a:
    print(f"(a): {hits_a} of the 200 'new image' requests came from the image cache: not a warm render")
print()
print("in process:", warm)
PY
