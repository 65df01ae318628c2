#!/usr/bin/env bash
# The integration tests' VictoriaMetrics: Debian's /usr/bin/victoria-metrics
# on 127.0.0.1 with its own data directory, loaded with the same data as
# prom.sh's Prometheus (tests/harness/gen_openmetrics.c, in Prometheus' text
# format with millisecond timestamps, through /api/v1/import/prometheus) and
# the same recording rules, evaluated by VictoriaMetrics itself: promtool asks
# it for each rule over the window (its query_range API), the blocks promtool
# writes are dumped as text and imported too.  It scrapes nothing, so the data
# never changes under the tests.
#
#   vm.sh start DIR PORT [BUILDDIR]   generate, import, evaluate the rules, wait until queryable
#   vm.sh stop DIR                    stop the VictoriaMetrics started in DIR
#   vm.sh url DIR                     print its base URL
#
# BUILDDIR as prom.sh's.  Environment: CAIRN_CORPUS_DIR, CAIRN_HARNESS_RULES=0
# as prom.sh's.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STORE=vm.sh
PIDFILE=vm.pid
# shellcheck source=storelib.sh
. "$HERE/storelib.sh"

# -search.latencyOffset=0: the data is all in the past, nothing arrives late;
# -search.disableCache: rules are imported after the first answers, which a
# cache would keep answering.
launch() {  # launch DIR PORT
  local dir=$1 port=$2
  victoria-metrics -storageDataPath="$dir/data" -retentionPeriod=100y \
    -httpListenAddr="127.0.0.1:$port" -search.latencyOffset=0 -search.disableCache \
    -loggerLevel=WARN >>"$dir/vm.log" 2>&1 </dev/null &
  echo $! >"$dir/vm.pid"
}

wait_up() {  # wait_up DIR URL
  local dir=$1 url=$2 deadline=$((SECONDS + READY_TIMEOUT_S))
  while [ $SECONDS -lt $deadline ]; do
    alive "$dir" || { log_tail "$dir/vm.log"; die "victoria-metrics exited during start-up"; }
    curl -fsS -m 2 "$url/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  log_tail "$dir/vm.log"
  die "victoria-metrics at $url not answering after ${READY_TIMEOUT_S}s"
}

import() {  # import URL FILE: Prometheus text, then made searchable at once
  curl -fsS -m 300 --data-binary @"$2" "$1/api/v1/import/prometheus" ||
    die "import of $2 into $1 failed"
  curl -fsS -m 60 "$1/internal/force_flush" >/dev/null || die "force_flush at $1 failed"
}

wait_ready() {  # wait_ready DIR URL: the probe series is queryable
  local dir=$1 url=$2 deadline=$((SECONDS + READY_TIMEOUT_S))
  local q="$url/api/v1/query?query=cairn_test_flat&time=2026-01-01T03:00:00Z"
  while [ $SECONDS -lt $deadline ]; do
    alive "$dir" || { log_tail "$dir/vm.log"; die "victoria-metrics exited"; }
    curl -fsS -m 2 "$q" 2>/dev/null | grep -q '"50"' && return 0
    sleep 0.25
  done
  log_tail "$dir/vm.log"
  die "victoria-metrics at $url: cairn_test_flat not queryable after ${READY_TIMEOUT_S}s"
}

# The recording rules' passes (storelib.sh's rules_passes, as prom.sh's),
# each pass's blocks dumped by promtool as text and imported; no restart is
# needed between passes.
vm_rules_eval() {  # vm_rules_eval DIR URL FILE OUT: promtool's blocks for FILE in OUT, as text in OUT.prom
  local url=$2 f=$3 out=$4
  rm -rf "$out"
  rules_blocks "$url" "$f" "$out" || return 1
  # {__name__="a:b", x="y"} 1 1767225600000  ->  a:b{x="y"} 1 1767225600000
  # (promtool's dump opens the directory as a TSDB, which has a WAL)
  mkdir -p "$out/wal"
  promtool tsdb dump "$out" 2>"$out.dump.log" |
    sed -E 's/^\{__name__="([^"]*)"(, )?/\1{/' >"$out.prom" ||
    { log_tail "$out.dump.log"; echo "vm.sh: promtool tsdb dump of $out failed" >&2; return 1; }
}

vm_rules_load() {  # vm_rules_load DIR
  local out
  for out in "$1"/rules-data-?.prom; do
    if [ -s "$out" ]; then import "$(cat "$1/url")" "$out"; fi
  done
}

start() {  # start DIR PORT [BUILDDIR]
  local dir=$1 port=$2 build=${3:-}
  [[ $port =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
  command -v victoria-metrics >/dev/null || die "victoria-metrics not installed (apt-get install victoria-metrics)"
  command -v promtool >/dev/null || die "promtool not installed (it comes with prometheus)"
  command -v curl >/dev/null || die "curl not installed"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  alive "$dir" && die "a VictoriaMetrics started in $dir is already running (pid $(cat "$dir/vm.pid"))"
  local url="http://127.0.0.1:$port"
  curl -s -m 1 "$url/" >/dev/null 2>&1 && die "something already listens on 127.0.0.1:$port"
  echo "$url" >"$dir/url"
  local fresh=
  [ -f "$dir/data/.cairn-loaded" ] || { rm -rf "$dir/data"; fresh=1; }
  launch "$dir" "$port"
  wait_up "$dir" "$url"
  if [ -n "$fresh" ]; then
    local gen
    gen=$(generator "$dir" "$build")
    "$gen" --ms --corpus "$dir/data.prom" || die "$gen failed"
    import "$url" "$dir/data.prom"
    rm -f "$dir/data.prom"
    wait_ready "$dir" "$url"
    rules_passes "$dir" "$url" vm_rules_eval vm_rules_load
    curl -fsS -m 60 "$url/internal/force_flush" >/dev/null || true
    touch "$dir/data/.cairn-loaded"
  fi
  wait_ready "$dir" "$url"
  echo "vm.sh: VictoriaMetrics ready at $url (pid $(cat "$dir/vm.pid"), data $WINDOW_START to $WINDOW_END)" >&2
}

store_main "$@"
