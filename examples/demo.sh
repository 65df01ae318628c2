#!/usr/bin/env bash
# The live demo: installs what is needed, builds cairn, starts a node exporter
# and a Prometheus on 127.0.0.1 watching this machine (next to six hours of
# history for three made-up nodes, backfilled with promtool, so the graphs
# have something to show from the first second), and renders dashboards from
# it as the data comes in.  If Prometheus cannot be started, it says so
# and renders the same dashboards from cairn's built-in testdata instead.
#
#   CAIRN_DEMO_OUT=DIR     where the images go (default: out/)
#   CAIRN_DEMO_ROUNDS=N    live refreshes after the first image (default 3, 10 s apart)
#   CAIRN_DEMO_OFFLINE=1   skip Prometheus: the offline fallback, on purpose
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${CAIRN_DEMO_OUT:-$ROOT/out}
ROUNDS=${CAIRN_DEMO_ROUNDS:-3}
PROM_PORT=${CAIRN_DEMO_PROM_PORT:-19091}
NODE_PORT=${CAIRN_DEMO_NODE_PORT:-19101}

bash .ci/install-deps
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
CAIRN=$ROOT/build/cli/cairn
mkdir -p "$OUT"

WORK=$(mktemp -d /tmp/cairn-demo.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

start_live() {
  [ "${CAIRN_DEMO_OFFLINE:-0}" = 1 ] && return 1
  command -v prometheus >/dev/null && command -v prometheus-node-exporter >/dev/null || return 1
  prometheus-node-exporter --web.listen-address=127.0.0.1:$NODE_PORT >"$WORK/node.log" 2>&1 &
  pids+=($!)
  # History: the test data generator's three nodes, moved to end now.
  "$ROOT/build/tests/integration/gen_openmetrics" --end "$(( $(date +%s) - 60 ))" "$WORK/history.om"
  promtool tsdb create-blocks-from openmetrics "$WORK/history.om" "$WORK/data" >/dev/null
  cat >"$WORK/prometheus.yml" <<YML
global:
  scrape_interval: 2s
  evaluation_interval: 2s
scrape_configs:
  - job_name: node-exporter
    static_configs:
      - targets: ['127.0.0.1:$NODE_PORT']
YML
  prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
    --web.listen-address=127.0.0.1:$PROM_PORT >"$WORK/prom.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do
    if curl -fs "http://127.0.0.1:$PROM_PORT/api/v1/query?query=up" | grep -q '"value":\[[^]]*"1"\]'; then
      return 0
    fi
    sleep 0.5
  done
  echo "[demo] Prometheus did not come up; its log ends with:"; tail -5 "$WORK/prom.log" || true
  return 1
}

render_all() {  # render_all SOURCE FROM
  local src=$1 from=$2 rc=0
  "$CAIRN" render examples/node-overview.json --prometheus "$src" --from "$from" --to now \
    --var 'node=$__all' -o "$OUT/node-overview.png" --report "$OUT/node-overview.report.json" || rc=$?
  "$CAIRN" render ../shared/corpus/dashboards/kube-prometheus__nodes.json --prometheus "$src" \
    --var instance=node-1:9100 --from "$from" --to now -o "$OUT/kube-prometheus-nodes.png" \
    2>/dev/null || rc=$?
  "$CAIRN" render examples/korean.json --prometheus "$src" --from "$from" --to now \
    --theme light -o "$OUT/korean.png" || rc=$?
  "$CAIRN" render examples/node-overview.json --prometheus "$src" --from "$from" --to now \
    --var 'node=$__all' -o "$OUT/node-overview.svg" || rc=$?
  "$CAIRN" render examples/node-overview.json --prometheus "$src" --from "$from" --to now \
    --var 'node=$__all' -o "$OUT/node-overview.pdf" || rc=$?
  return $rc
}

if start_live; then
  SRC=http://127.0.0.1:$PROM_PORT
  echo "[demo] Prometheus at $SRC scraping this machine's node exporter every 2 s"
  sleep 8   # a few scrapes, so rate() has two samples to work with
  FROM=now-1h
else
  echo "[demo] no live Prometheus: rendering from cairn's built-in testdata instead"
  SRC=testdata
  FROM=now-6h
  ROUNDS=0
fi

render_all "$SRC" "$FROM" || true
echo "[demo] wrote $OUT/node-overview.{png,svg,pdf}, $OUT/korean.png, $OUT/kube-prometheus-nodes.png"
[ "$SRC" = testdata ] || echo "[demo] (this machine is 127.0.0.1:$NODE_PORT; node-1..3 are backfilled history)"
for i in $(seq 1 "$ROUNDS"); do
  sleep 10
  start=$(date +%s%N)
  render_all "$SRC" "$FROM" >/dev/null 2>&1 || true
  echo "[demo] refresh $i/$ROUNDS: five images re-rendered from live data in $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
echo "[demo] done. Per-panel timings: $OUT/node-overview.report.json"
