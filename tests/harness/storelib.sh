# storelib.sh — what the test stores' scripts share (prom.sh, vm.sh): messages,
# pid files, the data generator, the recording rules split into passes, and
# the start/stop/url command line.  Sourced after the script sets STORE (its
# name in messages: "prom.sh") and PIDFILE (the pid file's name in DIR).

CORPUS=${CAIRN_CORPUS_DIR:-$ROOT/../shared/corpus}
RULES=$CORPUS/rules/kube-prometheus-recording-rules.yaml
WINDOW_START=2026-01-01T00:00:00Z
WINDOW_END=2026-01-01T06:00:00Z
READY_TIMEOUT_S=${CAIRN_HARNESS_READY_TIMEOUT:-90}

die() {
  echo "$STORE: $*" >&2
  exit 1
}

log_tail() {  # log_tail FILE
  [ -f "$1" ] || return 0
  echo "--- last lines of $1 ---" >&2
  tail -n 20 "$1" >&2
}

alive() {  # alive DIR: the store started in DIR is running
  [ -f "$1/$PIDFILE" ] && kill -0 "$(cat "$1/$PIDFILE")" 2>/dev/null
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

stop_server() {  # stop_server DIR
  local dir=$1 pid
  [ -f "$dir/$PIDFILE" ] || return 0
  pid=$(cat "$dir/$PIDFILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true  # reaps it when this shell started it
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$dir/$PIDFILE"
}

# Recorded series (instance:node_cpu_utilisation:rate5m, ...) are evaluated
# over the window by promtool against the running store (every 2 min, or at
# the group's own interval) and loaded into it.  Some rules read series that
# other rules record (instance:node_load1_per_cpu:ratio needs
# instance:node_num_cpu:sum), the API server's availability four deep
# (increase1h -> increase30d -> count:increase30d -> availability30d): so
# the rules whose expression reads a recorded series (a name with a colon;
# 13 of them) are evaluated three times more, each pass reading what the one
# before loaded.  A later pass rewrites an earlier one's samples unchanged,
# which the stores merge.  The first pass runs as two promtool processes at
# once (apiserver and k8s groups beside the rest), as the store answers their
# queries on both cores.
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

# rules_passes DIR URL EVAL LOAD: the four passes; `EVAL DIR URL FILE OUT`
# evaluates one rule file into OUT (a directory of blocks), `LOAD DIR` loads
# what a pass wrote into DIR/rules-data-*.  A failed evaluation leaves the
# rest of the recorded series out, said once (the tests that need them fail
# with their own message).
rules_passes() {
  local dir=$1 url=$2 eval_fn=$3 load_fn=$4 pass ok pid
  [ "${CAIRN_HARNESS_RULES:-1}" != 0 ] && [ -f "$RULES" ] || return 0
  rules_groups "$RULES" "$RULES_APISERVER_K8S" >"$dir/rules-1a.yaml"
  rules_groups "$RULES" "$RULES_APISERVER_K8S" 1 >"$dir/rules-1b.yaml"
  rules_reading_records "$RULES" >"$dir/rules-2.yaml"
  cp "$dir/rules-2.yaml" "$dir/rules-3.yaml"
  cp "$dir/rules-2.yaml" "$dir/rules-4.yaml"
  for pass in 1 2 3 4; do
    echo "$STORE: evaluating the recording rules, pass $pass of 4" >&2
    rm -rf "$dir"/rules-data*
    ok=1
    if [ "$pass" = 1 ]; then
      "$eval_fn" "$dir" "$url" "$dir/rules-1a.yaml" "$dir/rules-data-a" &
      pid=$!
      "$eval_fn" "$dir" "$url" "$dir/rules-1b.yaml" "$dir/rules-data-b" || ok=0
      wait "$pid" || ok=0
    else
      "$eval_fn" "$dir" "$url" "$dir/rules-$pass.yaml" "$dir/rules-data-a" || ok=0
    fi
    if [ "$ok" = 0 ]; then
      echo "$STORE: going on without the rest of the recorded series" >&2
      return 0
    fi
    "$load_fn" "$dir"
  done
  rm -rf "$dir"/rules-data* "$dir"/rules-?*.yaml
}

# promtool's blocks of FILE's rules over the window, evaluated against URL.
rules_blocks() {  # rules_blocks URL FILE OUT
  promtool tsdb create-blocks-from rules --start "$WINDOW_START" --end "$WINDOW_END" \
    --eval-interval 2m --url "$1" --output-dir "$3" "$2" >"$3.log" 2>&1 ||
    { echo "$STORE: recording-rule evaluation of $2 failed (see $3.log)" >&2; return 1; }
}

store_main() {  # store_main "$@": the command line, with the script's own start
  local what=$1
  shift
  case "$what" in
  start)
    [ $# -ge 2 ] && [ $# -le 3 ] || die "usage: $STORE start DIR PORT [BUILDDIR]"
    start "$1" "$2" "${3:-}"
    ;;
  stop)
    [ $# -eq 1 ] || die "usage: $STORE stop DIR"
    stop_server "$1"
    ;;
  url)
    [ $# -eq 1 ] || die "usage: $STORE url DIR"
    [ -f "$1/url" ] || die "nothing was started in $1"
    cat "$1/url"
    ;;
  *)
    die "usage: $STORE start DIR PORT [BUILDDIR] | stop DIR | url DIR"
    ;;
  esac
}
