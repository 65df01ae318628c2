#!/usr/bin/env bash
# The integration tests' Prometheus: a real /usr/bin/prometheus on 127.0.0.1
# serving fixed, deterministic data (tests/harness/gen_openmetrics.c:
# 2026-01-01T00:00:00Z to 06:00:00Z every 15 s), backfilled with promtool,
# with kube-prometheus' recording rules loaded and the node ones backfilled
# too.  It scrapes nothing, so the data never changes under the tests.
#
#   prom.sh start DIR PORT [BUILDDIR]   generate, backfill, start, wait until queryable
#   prom.sh stop DIR                    stop the Prometheus started in DIR
#   prom.sh url DIR                     print its base URL
#
# BUILDDIR is a meson build dir holding tests/integration/gen_openmetrics;
# without one the generator is compiled into DIR with ${CC:-cc}.
# Environment: CAIRN_CORPUS_DIR (default: ../shared/corpus beside the repo),
# CAIRN_HARNESS_RULES=0 skips backfilling recorded series,
# CAIRN_HARNESS_QUERY_LOG=FILE makes Prometheus log every query it runs (its
# query_log_file: the start, end and step it was asked) to FILE; default off.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STORE=prom.sh
PIDFILE=prometheus.pid
# shellcheck source=storelib.sh
. "$HERE/storelib.sh"

backfill_samples() {  # backfill_samples DIR BUILDDIR
  local dir=$1 gen
  gen=$(generator "$dir" "${2:-}")
  "$gen" --corpus "$dir/data.om" || die "$gen failed"
  promtool tsdb create-blocks-from openmetrics "$dir/data.om" "$dir/data" \
    >"$dir/promtool.log" 2>&1 || { log_tail "$dir/promtool.log"; die "promtool backfill failed"; }
  rm -f "$dir/data.om"
}

write_config() {  # write_config DIR
  local rules_line="" query_log_line=""
  if [ -n "${CAIRN_HARNESS_QUERY_LOG:-}" ]; then
    query_log_line="  query_log_file: '$CAIRN_HARNESS_QUERY_LOG'"
  fi
  if [ -f "$RULES" ]; then
    rules_line="rule_files: ['$RULES']"
  else
    echo "prom.sh: $RULES not found: starting without recording rules" >&2
  fi
  cat >"$1/prometheus.yml" <<YML
# Written by tests/harness/prom.sh: no scrape jobs, so the data stays fixed.
global:
  scrape_interval: 15s
  evaluation_interval: 1m
$query_log_line
$rules_line
scrape_configs: []
YML
}

launch() {  # launch DIR PORT
  local dir=$1 port=$2
  prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$port" \
    >>"$dir/prometheus.log" 2>&1 </dev/null &
  echo $! >"$dir/prometheus.pid"
}

# Waits until Prometheus answers /-/ready and a known probe series is queryable.
wait_ready() {  # wait_ready DIR URL
  local dir=$1 url=$2 deadline=$((SECONDS + READY_TIMEOUT_S))
  local q="$url/api/v1/query?query=cairn_test_flat&time=2026-01-01T03:00:00Z"
  while [ $SECONDS -lt $deadline ]; do
    alive "$dir" || { log_tail "$dir/prometheus.log"; die "prometheus exited during start-up"; }
    if curl -fsS -m 2 "$url/-/ready" >/dev/null 2>&1 &&
      curl -fsS -m 2 "$q" 2>/dev/null | grep -q '"50"'; then
      return 0
    fi
    sleep 0.25
  done
  log_tail "$dir/prometheus.log"
  stop_server "$dir"
  die "prometheus at $url not queryable after ${READY_TIMEOUT_S}s"
}

# The recording rules' passes (storelib.sh's rules_passes): promtool's blocks
# moved into the data directory, loaded by a restart.
prom_rules_eval() {  # prom_rules_eval DIR URL FILE OUT
  rules_blocks "$2" "$3" "$4"
}

prom_rules_load() {  # prom_rules_load DIR
  local dir=$1
  stop_server "$dir"
  find "$dir"/rules-data-* -mindepth 1 -maxdepth 1 -type d -exec mv {} "$dir/data/" \;
  launch "$dir" "$PORT"
  wait_ready "$dir" "$(cat "$dir/url")"
}

start() {  # start DIR PORT [BUILDDIR]
  local dir=$1 port=$2 build=${3:-}
  PORT=$port
  [[ $port =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
  command -v prometheus >/dev/null || die "prometheus not installed (apt-get install prometheus)"
  command -v promtool >/dev/null || die "promtool not installed (it comes with prometheus)"
  command -v curl >/dev/null || die "curl not installed"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  alive "$dir" && die "a Prometheus started in $dir is already running (pid $(cat "$dir/prometheus.pid"))"
  local url="http://127.0.0.1:$port"
  curl -s -m 1 "$url/" >/dev/null 2>&1 && die "something already listens on 127.0.0.1:$port"
  if [ ! -f "$dir/data/.cairn-backfilled" ]; then
    rm -rf "$dir/data"
    backfill_samples "$dir" "$build"
    touch "$dir/data/.cairn-backfilled"
    local rules_pending=1
  fi
  write_config "$dir"
  echo "$url" >"$dir/url"
  launch "$dir" "$port"
  wait_ready "$dir" "$url"
  if [ -n "${rules_pending:-}" ]; then
    rules_passes "$dir" "$url" prom_rules_eval prom_rules_load
  fi
  echo "prom.sh: Prometheus ready at $url (pid $(cat "$dir/prometheus.pid"), data $WINDOW_START to $WINDOW_END)" >&2
}

store_main "$@"
