#!/usr/bin/env bash
# bench/run.sh — issue 12's cases, cairn beside its peers, in one run:
#
#   bash bench/run.sh [BUILDDIR]        (default BUILDDIR: build-bench)
#
# One command from a fresh clone: installs what it needs (Debian: hyperfine,
# rrdtool, time, chromium, graphite-web, node and npm if missing; npm: the
# versions pinned in bench/js/package-lock.json, `npm ci`), builds cairn
# optimised (meson --buildtype=release -Dbench=true in BUILDDIR: the same
# sources and the same `cairn render` the tests check, nothing bench-only in
# it; bench/parse beside it), writes the deterministic data (bench/gen.py,
# bench/lib.sh), then bench/bench.py times, interleaved:
#   A  1000x500, 4 series x 10k points from the saved answer (`--data`):
#      cairn PNG, SVG, PDF (and PNG querying a real Prometheus), rrdtool
#      graph, ECharts SSR (SVG string; PNG on a Skia canvas), Chart.js on
#      Skia, Graphite's Cairo renderer, Chromium + uPlot new and warm;
#   B  4 series x 1M points: the same peers, rrdtool from a 1M-row RRD;
#   C  1000 series x 1,000 points: cairn and the peers;
#   D  Node Exporter Full, every row expanded, 1600 px wide, `testdata`;
#   E  start-up: `cairn --version` vs `rrdtool --version`;
#   P  parsing a 40 MB query_range answer in process (MB/s).
# and prints a markdown table per case (medians, min–max, peak RSS, ratios)
# and the issue's goals, met or not.  ~10 minutes on the 2-core machine.
#
# Environment: CAIRN_BENCH_PORT (its Prometheus, default 19391),
# CAIRN_BENCH_RUNS (runs per entry at most, default 10; A 2x, E 3x),
# CAIRN_BENCH_BUDGET (seconds per entry before a slow one stops, default 12),
# CAIRN_BENCH_CASES (default ABCDEP), CAIRN_BENCH_KEEP (a folder: keep every
# image drawn and the results JSON there), CAIRN_BENCH_SERVE=1 (then also
# bench/serve.sh on the same build: `cairn serve` on case A's data — warm
# panel, cached image, mixed load; ~2 more minutes; its own ports
# CAIRN_BENCH_PORT and CAIRN_BENCH_SERVE_PORT).  Stops everything it started.
# Not a CI test.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build-bench}
CAIRN=$BUILD/cli/cairn
PORT=${CAIRN_BENCH_PORT:-19391}
URL=http://127.0.0.1:$PORT
T0=1767225600 # 2026-01-01T00:00:00Z
# shellcheck disable=SC2034 # bench/lib.sh reads N
N=10000
CORPUS=${CAIRN_CORPUS_DIR:-$ROOT/../shared/corpus}/dashboards

die() {
	echo "bench/run.sh: $*" >&2
	exit 1
}

# 1. Install.
extra=(hyperfine rrdtool python3 time chromium graphite-web)
command -v node >/dev/null || extra+=(nodejs)
command -v npm >/dev/null || extra+=(npm)
bash "$ROOT/.ci/install-deps" "${extra[@]}"
for tool in rrdtool prometheus promtool python3 /usr/bin/python3 node npm curl /usr/bin/chromium; do
	command -v "$tool" >/dev/null || die "$tool not installed"
done
[ -f "$CORPUS/rfmoz__node-exporter-full.json" ] || die "no $CORPUS/rfmoz__node-exporter-full.json"
(cd "$ROOT/bench/js" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
	die "npm ci in bench/js failed"

# 2. Build optimised.
if [ ! -d "$BUILD" ]; then
	meson setup "$BUILD" --buildtype=release -Dbench=true >/dev/null || die "meson setup $BUILD failed"
fi
meson configure "$BUILD" -Dbench=true >/dev/null
ninja -C "$BUILD" -j2 cli/cairn bench/parse >"$BUILD/bench-build.log" 2>&1 ||
	die "build failed: $(tail -5 "$BUILD/bench-build.log")"
echo "[bench] cairn: $("$CAIRN" --version 2>&1 | head -1), $(meson introspect "$BUILD" --buildoptions |
	python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"][0])') build" >&2

# 3. Data.
WORK=$(mktemp -d /tmp/cairn-bench.XXXXXX)
PROM_PID=
cleanup() {
	if [ -n "$PROM_PID" ] && kill -0 "$PROM_PID" 2>/dev/null; then
		kill "$PROM_PID"
		wait "$PROM_PID" 2>/dev/null || true
	fi
	if [ -n "${CAIRN_BENCH_KEEP:-}" ]; then
		mkdir -p "$CAIRN_BENCH_KEEP"
		cp "$WORK"/*.png "$WORK"/*.svg "$WORK"/*.pdf "$WORK"/results.json "$CAIRN_BENCH_KEEP"/ 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

echo "[bench] data: bench/gen.py (A, B, C, the 40 MB answer), RRDs, Prometheus on 127.0.0.1:$PORT" >&2
python3 "$ROOT/bench/gen.py" "$WORK" "$T0"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_data
bench_rrd
rrdtool create "$WORK/b.rrd" --start $((T0 - 1)) --step 1 \
	DS:s0:GAUGE:2:U:U DS:s1:GAUGE:2:U:U DS:s2:GAUGE:2:U:U DS:s3:GAUGE:2:U:U \
	RRA:AVERAGE:0.5:1:1000010
rrdtool - <"$WORK/b.rrd.cmds" >/dev/null
rm -f "$WORK/b.rrd.cmds" "$WORK/rrd.cmds"
bench_prometheus
bench_dashboard "$WORK/dash-a-prom.json"

# 4. Run.
python3 "$ROOT/bench/bench.py" --work "$WORK" --cairn "$CAIRN" --parse "$BUILD/bench/parse" \
	--corpus "$CORPUS" --t0 "$T0" --rrd-a "$RRD_CMD" --prom-url "$URL" \
	--prom-dash "$WORK/dash-a-prom.json" --runs "${CAIRN_BENCH_RUNS:-10}" \
	--budget "${CAIRN_BENCH_BUDGET:-12}" --only "${CAIRN_BENCH_CASES:-ABCDEP}" \
	--json "$WORK/results.json"

if [ -n "${CAIRN_BENCH_SERVE:-}" ]; then
	cleanup # this run's Prometheus holds the port serve.sh starts its own on
	trap - EXIT
	bash "$ROOT/bench/serve.sh" "$BUILD"
fi
