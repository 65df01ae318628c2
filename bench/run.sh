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

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_data
# (a) Prometheus with the samples backfilled.
bench_prometheus
bench_dashboard "$WORK/dash.json"
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
bench_rrd

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
