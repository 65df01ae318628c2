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
CORPUS=${CAIRN_CORPUS_DIR:-$ROOT/../shared/corpus}
RULES=$CORPUS/rules/kube-prometheus-recording-rules.yaml
WINDOW_START=2026-01-01T00:00:00Z
WINDOW_END=2026-01-01T06:00:00Z
READY_TIMEOUT_S=${CAIRN_HARNESS_READY_TIMEOUT:-90}

die() {
  echo "prom.sh: $*" >&2
  exit 1
}

log_tail() {  # log_tail FILE
  [ -f "$1" ] || return 0
  echo "--- last lines of $1 ---" >&2
  tail -n 20 "$1" >&2
}

alive() {  # alive DIR: the Prometheus started in DIR is running
  [ -f "$1/prometheus.pid" ] && kill -0 "$(cat "$1/prometheus.pid")" 2>/dev/null
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

# Recorded series (instance:node_cpu_utilisation:rate5m, ...) evaluated over
# the window by promtool against the running server (every 2 min, or at the
# group's own interval), then loaded by a restart.  Some rules read series
# that other rules record (instance:node_load1_per_cpu:ratio needs
# instance:node_num_cpu:sum), the API server's availability four deep
# (increase1h -> increase30d -> count:increase30d -> availability30d): so
# the rules whose expression reads a recorded series (a name with a colon;
# 13 of them) are evaluated three times more, each pass reading what the
# one before loaded.  A later pass rewrites an earlier one's samples
# unchanged, which the TSDB merges.  The first pass runs as two promtool
# processes at once (apiserver and k8s groups beside the rest), as the
# server answers their queries on both cores.
RULES_APISERVER_K8S='^(kube-apiserver-.*|k8s[.].*)$'

rules_groups() {  # rules_groups FILE REGEX [invert]: the rule file with only the groups named so
  awk -v want="$2" -v invert="${3:-0}" '
    function pick(name) { return invert ? name !~ want : name ~ want }
    /^- name: / { started = 1; pending = 0; keep = pick($3); if (keep) print; next }
    /^- / { started = 1; keep = 0; buf = $0; pending = 1; next }
    !started { print; next }                     # comments, groups:
    pending && /^  name: / { pending = 0; keep = pick($2); if (keep) print buf }
    keep { print }
  ' "$1"
}

rules_reading_records() {  # rules_reading_records FILE: only the rules whose expr reads a recorded series
  awk '
    function flush_rule(   body) {
      if (rule == "") return
      body = rule
      gsub(/\n    record: [^\n]*/, "", body)
      if (body ~ /[a-z_]:[a-z_]/) { kept = kept rule; nkept++ }
      rule = ""
    }
    function flush_group() {
      flush_rule()
      if (nkept) printf "%s%s", ghdr, kept
      ghdr = ""; kept = ""; nkept = 0
    }
    /^- / { flush_group(); started = 1; ghdr = $0 "\n"; next }
    !started { print; next }                     # comments, groups:
    /^  - / { flush_rule(); rule = $0 "\n"; next }
    rule != "" { rule = rule $0 "\n"; next }
    { ghdr = ghdr $0 "\n" }                      # name:, interval:, rules:
    END { flush_group() }
  ' "$1"
}

rules_pass() {  # rules_pass DIR URL OUTDIR FILE: promtool's blocks for FILE in OUTDIR
  promtool tsdb create-blocks-from rules --start "$WINDOW_START" --end "$WINDOW_END" \
    --eval-interval 2m --url "$2" --output-dir "$3" "$4" >"$3.log" 2>&1 ||
    { echo "prom.sh: recording-rule backfill of $4 failed (see $3.log)" >&2; return 1; }
}

backfill_rules() {  # backfill_rules DIR PORT URL
  local dir=$1 port=$2 url=$3 pass ok
  [ "${CAIRN_HARNESS_RULES:-1}" != 0 ] && [ -f "$RULES" ] || return 0
  rules_groups "$RULES" "$RULES_APISERVER_K8S" >"$dir/rules-1a.yaml"
  rules_groups "$RULES" "$RULES_APISERVER_K8S" 1 >"$dir/rules-1b.yaml"
  rules_reading_records "$RULES" >"$dir/rules-2.yaml"
  cp "$dir/rules-2.yaml" "$dir/rules-3.yaml"
  cp "$dir/rules-2.yaml" "$dir/rules-4.yaml"
  for pass in 1 2 3 4; do
    echo "prom.sh: backfilling recorded series, pass $pass of 4" >&2
    rm -rf "$dir"/rules-data*
    ok=1
    if [ "$pass" = 1 ]; then
      rules_pass "$dir" "$url" "$dir/rules-data-a" "$dir/rules-1a.yaml" &
      local pid=$!
      rules_pass "$dir" "$url" "$dir/rules-data-b" "$dir/rules-1b.yaml" || ok=0
      wait "$pid" || ok=0
    else
      rules_pass "$dir" "$url" "$dir/rules-data-a" "$dir/rules-$pass.yaml" || ok=0
    fi
    if [ "$ok" = 0 ]; then
      echo "prom.sh: going on without the rest of the recorded series" >&2
      return 0
    fi
    stop_server "$dir"
    find "$dir"/rules-data-* -mindepth 1 -maxdepth 1 -type d -exec mv {} "$dir/data/" \;
    launch "$dir" "$port"
    wait_ready "$dir" "$url"
  done
  rm -rf "$dir"/rules-data* "$dir"/rules-?*.yaml
}

start() {  # start DIR PORT [BUILDDIR]
  local dir=$1 port=$2 build=${3:-}
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
    backfill_rules "$dir" "$port" "$url"
  fi
  echo "prom.sh: Prometheus ready at $url (pid $(cat "$dir/prometheus.pid"), data $WINDOW_START to $WINDOW_END)" >&2
}

stop_server() {  # stop_server DIR
  local dir=$1 pid
  [ -f "$dir/prometheus.pid" ] || return 0
  pid=$(cat "$dir/prometheus.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true  # reaps it when this shell started it
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$dir/prometheus.pid"
}

case "${1:-}" in
start)
  [ $# -ge 3 ] && [ $# -le 4 ] || die "usage: prom.sh start DIR PORT [BUILDDIR]"
  start "$2" "$3" "${4:-}"
  ;;
stop)
  [ $# -eq 2 ] || die "usage: prom.sh stop DIR"
  stop_server "$2"
  ;;
url)
  [ $# -eq 2 ] || die "usage: prom.sh url DIR"
  [ -f "$2/url" ] || die "no Prometheus was started in $2"
  cat "$2/url"
  ;;
*)
  die "usage: prom.sh start DIR PORT [BUILDDIR] | stop DIR | url DIR"
  ;;
esac
