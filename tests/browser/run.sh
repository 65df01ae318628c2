#!/usr/bin/env bash
# The thin client in real headless Chromium (issue 10's acceptance list):
# Debian's chromium driven by playwright-core (tests/browser/package.json,
# installed with `npm ci` into the build folder), against a `cairn serve` of
# this script's own on a free port, on a Prometheus of its own: the test
# data (tests/harness/gen_openmetrics) moved to end a minute ago, so
# now-relative ranges have data, plus a scrape every second of a gauge the
# test sets (the live update), and stopped and started again by the test.
#
#   run.sh CAIRN_BIN BUILD_DIR SOURCE_ROOT
#
# CAIRN_BROWSER_PORTS=LO-HI: the ports to pick from (default 19620-19629, then
# any free one).  KEEP_TMP=1 keeps the logs and screenshots.
set -euo pipefail
CAIRN=${1:?usage: run.sh CAIRN_BIN BUILD_DIR SOURCE_ROOT}
BUILD=$(cd "${2:?}" && pwd)
SRC=$(cd "${3:?}" && pwd)
HERE=$SRC/tests/browser

for tool in chromium node npm prometheus promtool curl; do
  command -v "$tool" >/dev/null || { echo "FAIL $tool is not installed (tests/run-all.sh installs it)"; exit 1; }
done
T=$(mktemp -d /tmp/cairn-browser.XXXXXX)
status=1
cleanup() {
  [ -f "$T/cairn.pid" ] && kill "$(cat "$T/cairn.pid")" 2>/dev/null || true
  [ -f "$T/prom/prometheus.pid" ] && kill "$(cat "$T/prom/prometheus.pid")" 2>/dev/null || true
  if [ "$status" -eq 0 ] && [ -z "${KEEP_TMP:-}" ]; then rm -rf "$T"; else echo "(logs kept in $T)"; fi
}
trap cleanup EXIT

# playwright-core, pinned by package-lock.json, beside the build.
NPM_DIR=$BUILD/tests/browser/npm
mkdir -p "$NPM_DIR"
if ! cmp -s "$HERE/package-lock.json" "$NPM_DIR/package-lock.json" || [ ! -d "$NPM_DIR/node_modules/playwright-core" ]; then
  cp "$HERE/package.json" "$HERE/package-lock.json" "$NPM_DIR/"
  (cd "$NPM_DIR" && npm ci --no-audit --no-fund --loglevel=error) || { echo "FAIL npm ci (playwright-core)"; exit 1; }
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
TAKEN=" "
free_port() {  # free_port VAR: a port nothing listens on and not given yet
  local range=${CAIRN_BROWSER_PORTS:-19620-19629} p
  for p in $(seq "${range%-*}" "${range#*-}") $(for _ in $(seq 1 100); do echo $((20000 + RANDOM % 30000)); done); do
    case $TAKEN in *" $p "*) continue ;; esac
    if port_free "$p"; then TAKEN="$TAKEN$p "; printf -v "$1" '%s' "$p"; return 0; fi
  done
  echo "no free port" >&2
  exit 1
}

# ---- our Prometheus --------------------------------------------------------
P=$T/prom
mkdir -p "$P"
free_port PROM_PORT
free_port SCRAPE_PORT
PROM_URL=http://127.0.0.1:$PROM_PORT
PROM_END=$(( ($(date +%s) - 60) / 15 * 15 ))
"$BUILD/tests/integration/gen_openmetrics" --end "$PROM_END" "$P/data.om"
promtool tsdb create-blocks-from openmetrics "$P/data.om" "$P/data" >"$P/promtool.log" 2>&1 ||
  { tail -n 5 "$P/promtool.log"; echo "FAIL promtool backfill"; exit 1; }
rm -f "$P/data.om"
cat >"$P/prometheus.yml" <<YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: browser-test
    scrape_interval: 1s
    static_configs: [{ targets: ['127.0.0.1:$SCRAPE_PORT'] }]
YML
# prom-start.sh: (re)starts it on the same port and data; the test calls it
# again after stopping it.
cat >"$T/prom-start.sh" <<SH
#!/usr/bin/env bash
prometheus --config.file="$P/prometheus.yml" --storage.tsdb.path="$P/data" \\
  --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PROM_PORT" \\
  >>"$P/prometheus.log" 2>&1 </dev/null &
echo \$! >"$P/prometheus.pid"
for _ in \$(seq 1 300); do
  curl -fsS -m 2 "$PROM_URL/api/v1/query?query=cairn_test_flat&time=$PROM_END" 2>/dev/null | grep -q '"50"' && exit 0
  sleep 0.1
done
echo "Prometheus did not come up on $PROM_URL" >&2
tail -n 20 "$P/prometheus.log" >&2
exit 1
SH
bash "$T/prom-start.sh" || { echo "FAIL our Prometheus started"; exit 1; }

# ---- cairn serve -------------------------------------------------------------
free_port CAIRN_PORT
cat >"$T/cairn.json" <<JSON
{ "cache": { "image_ttl": "1s" } }
JSON
# cairn-start.sh: (re)starts it on the same port; the test stops it (by
# the pid in cairn.pid) and starts it again.
cat >"$T/cairn-start.sh" <<SH
#!/usr/bin/env bash
"$CAIRN" serve --listen "127.0.0.1:$CAIRN_PORT" --config "$T/cairn.json" --prometheus "$PROM_URL" \\
  --dashboards "$HERE/fixtures" >>"$T/cairn.log" 2>&1 </dev/null &
echo \$! >"$T/cairn.pid"
for _ in \$(seq 1 100); do
  curl -fsS -m 1 "http://127.0.0.1:$CAIRN_PORT/api/health" >/dev/null 2>&1 && exit 0
  sleep 0.1
done
exit 1
SH
bash "$T/cairn-start.sh" || true
for _ in $(seq 1 100); do
  curl -fsS -m 1 "http://127.0.0.1:$CAIRN_PORT/api/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS -m 1 "http://127.0.0.1:$CAIRN_PORT/api/health" >/dev/null || { tail "$T/cairn.log"; echo "FAIL cairn serve started"; exit 1; }

set +e
CAIRN_URL=http://127.0.0.1:$CAIRN_PORT PROM_URL=$PROM_URL PROM_PID_FILE=$P/prometheus.pid \
PROM_START=$T/prom-start.sh CAIRN_PID_FILE=$T/cairn.pid CAIRN_START=$T/cairn-start.sh SCRAPE_PORT=$SCRAPE_PORT OUT_DIR=$T NODE_PATH=$NPM_DIR/node_modules \
  node "$HERE/test.js"
status=$?
set -e
exit $status
