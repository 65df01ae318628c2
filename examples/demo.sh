#!/usr/bin/env bash
# The live demo: installs what is needed, builds cairn, starts a node exporter
# and a Prometheus on 127.0.0.1 watching this machine (next to six hours of
# history for three made-up nodes, backfilled with promtool, so the graphs
# have something to show from the first second), renders the example
# dashboards into out/, then runs `cairn serve` on them at
# http://127.0.0.1:3000, prints the URLs to try and serves until Ctrl-C
# (stopping everything it started).  With CAIRN_PROMETHEUS_URL set it starts
# no Prometheus and uses that one.  If no Prometheus can be had, it says so
# and draws the same dashboards from cairn's built-in testdata instead.
#
#   CAIRN_PROMETHEUS_URL=URL    use this Prometheus; start none
#   CAIRN_DEMO_OUT=DIR          where the first images go (default: out/)
#   CAIRN_DEMO_LISTEN=ADDR:PORT where cairn serve listens (default 127.0.0.1:3000)
#   CAIRN_DEMO_SERVE_SECONDS=N  not interactive: serve N seconds, fetch each
#                               printed URL once (failing unless every one
#                               answers 200), stop, exit 0
#   CAIRN_DEMO_OFFLINE=1        skip Prometheus: the offline fallback, on purpose
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${CAIRN_DEMO_OUT:-$ROOT/out}
LISTEN=${CAIRN_DEMO_LISTEN:-127.0.0.1:3000}
SERVE_SECONDS=${CAIRN_DEMO_SERVE_SECONDS:-}
PROM_PORT=${CAIRN_DEMO_PROM_PORT:-19091}
NODE_PORT=${CAIRN_DEMO_NODE_PORT:-19101}

bash .ci/install-deps
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
CAIRN=$ROOT/build/cli/cairn
mkdir -p "$OUT"

WORK=$(mktemp -d /tmp/cairn-demo.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
# Ctrl-C: the servers started with & ignore SIGINT (no job control in a
# script), so the EXIT trap stops them.
trap 'echo; echo "[demo] stopping"; exit 0' INT TERM

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
  - job_name: cairn
    static_configs:
      - targets: ['$LISTEN']
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

remote_up() {  # remote_up URL: a Prometheus answers there
  curl -fsS -m 5 "$1/api/v1/query?query=1" 2>/dev/null | grep -q '"status":"success"'
}

if [ -n "${CAIRN_PROMETHEUS_URL:-}" ] && [ "${CAIRN_DEMO_OFFLINE:-0}" != 1 ]; then
  SRC=${CAIRN_PROMETHEUS_URL%/}
  if remote_up "$SRC"; then
    echo "[demo] using the Prometheus at CAIRN_PROMETHEUS_URL (starting none)"
    FROM=now-1h
  else
    echo "[demo] no Prometheus answers at CAIRN_PROMETHEUS_URL: drawing from cairn's built-in testdata instead"
    SRC=testdata
    FROM=now-6h
  fi
elif start_live; then
  SRC=http://127.0.0.1:$PROM_PORT
  echo "[demo] Prometheus at $SRC scraping this machine's node exporter every 2 s"
  sleep 8   # a few scrapes, so rate() has two samples to work with
  FROM=now-1h
else
  echo "[demo] no live Prometheus: rendering from cairn's built-in testdata instead"
  SRC=testdata
  FROM=now-6h
fi

render_all "$SRC" "$FROM" || true
echo "[demo] wrote $OUT/node-overview.{png,svg,pdf}, $OUT/korean.png, $OUT/kube-prometheus-nodes.png"
[ "${SRC#http://127.0.0.1:$PROM_PORT}" = "$SRC" ] ||
  echo "[demo] (this machine is 127.0.0.1:$NODE_PORT; node-1..3 are backfilled history)"

# The service: the same dashboards over HTTP, Grafana's render URLs.
BASE=http://$LISTEN
if curl -s -m 1 "$BASE/" >/dev/null 2>&1; then
  echo "[demo] something already listens on $LISTEN: set CAIRN_DEMO_LISTEN=127.0.0.1:PORT" >&2
  exit 1
fi
"$CAIRN" serve --prometheus "$SRC" --dashboards examples --listen "$LISTEN" \
  >"$WORK/serve.log" 2>&1 </dev/null &
SERVE_PID=$!
pids+=("$SERVE_PID")
for _ in $(seq 1 100); do
  curl -fsS -m 2 "$BASE/api/health" >/dev/null 2>&1 && break
  if ! kill -0 "$SERVE_PID" 2>/dev/null; then
    echo "[demo] cairn serve exited; its log ends with:" >&2; tail -5 "$WORK/serve.log" >&2
    exit 1
  fi
  sleep 0.1
done
RANGE="from=$FROM&to=now"
urls=(
  "$BASE/render/d-solo/cairn-node-overview?panelId=2&width=1000&height=500&$RANGE&var-node=%24__all"
  "$BASE/render/d/cairn-node-overview?$RANGE&var-node=%24__all"
  "$BASE/render/d-solo/cairn-korean?panelId=2&$RANGE&theme=light&format=svg"
  "$BASE/render/d/cairn?from=now-15m&to=now"
  "$BASE/api/dashboards"
  "$BASE/metrics"
  "$BASE/d/cairn-node-overview?from=now-1h&to=now&refresh=5s"
)
names=(serve-panel.png serve-dashboard.png serve-korean.svg serve-cairn.png serve-dashboards.json
  serve-metrics.txt serve-live.html)
echo "[demo] cairn serve is answering at $BASE (source: $SRC). Try:"
echo "  live, in a browser:    $BASE/  (the list; ${urls[6]} refreshes every 5 s)"
echo "  a panel (PNG):         ${urls[0]}"
echo "  a whole dashboard:     ${urls[1]}"
echo "  a panel (SVG, light):  ${urls[2]}"
echo "  cairn's own dashboard: ${urls[3]}"
echo "  the dashboards:        ${urls[4]}"
echo "  its own metrics:       ${urls[5]}"
[ "$SRC" != "http://127.0.0.1:$PROM_PORT" ] || echo "  (the Prometheus scrapes $BASE/metrics as job \"cairn\")"

if [ -z "$SERVE_SECONDS" ]; then
  echo "[demo] serving until Ctrl-C; the access log is $WORK/serve.log"
  wait "$SERVE_PID" || { echo "[demo] cairn serve exited; its log ends with:"; tail -5 "$WORK/serve.log"; exit 1; }
  exit 0
fi

# Not interactive: fetch every URL once, serve out the time, stop.
started=$SECONDS rc=0
for i in "${!urls[@]}"; do
  u=${urls[$i]} f=$OUT/${names[$i]}
  code=$(curl -sS -m 60 -o "$f" -w '%{http_code}' "$u" || true)
  if [ "$code" = 200 ]; then
    echo "[demo] 200 $u -> $f ($(stat -c %s "$f") bytes)"
  else
    echo "[demo] FAILED: HTTP $code from $u" >&2
    rc=1
  fi
done
left=$((SERVE_SECONDS - (SECONDS - started)))
[ "$left" -le 0 ] || sleep "$left"
if ! kill -0 "$SERVE_PID" 2>/dev/null; then
  echo "[demo] cairn serve died while serving; its log ends with:" >&2; tail -5 "$WORK/serve.log" >&2
  rc=1
fi
[ "$rc" = 0 ] && echo "[demo] served $SERVE_SECONDS s; every URL answered 200"
exit "$rc"
