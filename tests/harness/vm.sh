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
CORPUS=${CAIRN_CORPUS_DIR:-$ROOT/../shared/corpus}
RULES=$CORPUS/rules/kube-prometheus-recording-rules.yaml
WINDOW_START=2026-01-01T00:00:00Z
WINDOW_END=2026-01-01T06:00:00Z
READY_TIMEOUT_S=${CAIRN_HARNESS_READY_TIMEOUT:-90}

die() {
  echo "vm.sh: $*" >&2
  exit 1
}

log_tail() {  # log_tail FILE
  [ -f "$1" ] || return 0
  echo "--- last lines of $1 ---" >&2
  tail -n 20 "$1" >&2
}

alive() {  # alive DIR
  [ -f "$1/vm.pid" ] && kill -0 "$(cat "$1/vm.pid")" 2>/dev/null
}

generator() {  # generator DIR BUILDDIR: prints the path of a built generator
  local dir=$1 build=${2:-}
  if [ -n "$build" ] && [ -x "$build/tests/integration/gen_openmetrics" ]; then
    echo "$build/tests/integration/gen_openmetrics"
    return
  fi
  "${CC:-cc}" -std=c17 -D_GNU_SOURCE -O2 -o "$dir/gen_openmetrics" \
    "$HERE/gen_openmetrics.c" "$HERE/gen_corpus.c" -lm || die "cannot compile $HERE/gen_openmetrics.c"
  echo "$dir/gen_openmetrics"
}

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

# The rules as prom.sh evaluates them (the same groups, passes and interval:
# its rules_groups and RULES_* are sourced from there), each pass's blocks
# dumped by promtool and imported; no restart is needed between passes.  The
# first pass runs as two promtool processes at once, as in prom.sh.
rules_eval() {  # rules_eval DIR URL FILE OUT: promtool's blocks for FILE in OUT, as text in OUT.prom
  local dir=$1 url=$2 f=$3 out=$4
  rm -rf "$out"
  if ! promtool tsdb create-blocks-from rules --start "$WINDOW_START" --end "$WINDOW_END" \
    --eval-interval 2m --url "$url" --output-dir "$out" "$f" >"$out.log" 2>&1; then
    echo "vm.sh: recording-rule evaluation of $f failed (see $out.log)" >&2
    return 1
  fi
  # {__name__="a:b", x="y"} 1 1767225600000  ->  a:b{x="y"} 1 1767225600000
  # (promtool's dump opens the directory as a TSDB, which has a WAL)
  mkdir -p "$out/wal"
  promtool tsdb dump "$out" 2>"$out.dump.log" |
    sed -E 's/^\{__name__="([^"]*)"(, )?/\1{/' >"$out.prom" ||
    { log_tail "$out.dump.log"; echo "vm.sh: promtool tsdb dump of $out failed" >&2; return 1; }
}

backfill_rules() {  # backfill_rules DIR URL
  local dir=$1 url=$2 pass ok out
  [ "${CAIRN_HARNESS_RULES:-1}" != 0 ] && [ -f "$RULES" ] || return 0
  eval "$(sed -n '/^RULES_APISERVER_K8S=/p;/^rules_groups()/,/^}/p;/^rules_reading_records()/,/^}/p' "$HERE/prom.sh")"
  rules_groups "$RULES" "$RULES_APISERVER_K8S" >"$dir/rules-1a.yaml"
  rules_groups "$RULES" "$RULES_APISERVER_K8S" 1 >"$dir/rules-1b.yaml"
  rules_reading_records "$RULES" >"$dir/rules-2.yaml"
  cp "$dir/rules-2.yaml" "$dir/rules-3.yaml"
  cp "$dir/rules-2.yaml" "$dir/rules-4.yaml"
  for pass in 1 2 3 4; do
    echo "vm.sh: evaluating the recording rules, pass $pass of 4" >&2
    ok=1
    if [ "$pass" = 1 ]; then
      rules_eval "$dir" "$url" "$dir/rules-1a.yaml" "$dir/rules-data-a" &
      local pid=$!
      rules_eval "$dir" "$url" "$dir/rules-1b.yaml" "$dir/rules-data-b" || ok=0
      wait "$pid" || ok=0
    else
      rules_eval "$dir" "$url" "$dir/rules-$pass.yaml" "$dir/rules-data-a" || ok=0
    fi
    if [ "$ok" = 0 ]; then
      echo "vm.sh: going on without the rest of the recorded series" >&2
      return 0
    fi
    for out in "$dir"/rules-data-?.prom; do
      if [ -s "$out" ]; then import "$url" "$out"; fi
    done
    rm -rf "$dir"/rules-data-*
  done
  rm -f "$dir"/rules-?*.yaml
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
    backfill_rules "$dir" "$url"
    curl -fsS -m 60 "$url/internal/force_flush" >/dev/null || true
    touch "$dir/data/.cairn-loaded"
  fi
  wait_ready "$dir" "$url"
  echo "vm.sh: VictoriaMetrics ready at $url (pid $(cat "$dir/vm.pid"), data $WINDOW_START to $WINDOW_END)" >&2
}

stop_server() {  # stop_server DIR
  local dir=$1 pid
  [ -f "$dir/vm.pid" ] || return 0
  pid=$(cat "$dir/vm.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$dir/vm.pid"
}

case "${1:-}" in
start)
  [ $# -ge 3 ] && [ $# -le 4 ] || die "usage: vm.sh start DIR PORT [BUILDDIR]"
  start "$2" "$3" "${4:-}"
  ;;
stop)
  [ $# -eq 2 ] || die "usage: vm.sh stop DIR"
  stop_server "$2"
  ;;
url)
  [ $# -eq 2 ] || die "usage: vm.sh url DIR"
  [ -f "$2/url" ] || die "no VictoriaMetrics was started in $2"
  cat "$2/url"
  ;;
*)
  die "usage: vm.sh start DIR PORT [BUILDDIR] | stop DIR | url DIR"
  ;;
esac
