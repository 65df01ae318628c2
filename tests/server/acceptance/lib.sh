# tests/server/lib.sh — what the server acceptance scripts share (sourced):
# PASS/FAIL bookkeeping, free ports, starting and stopping `cairn serve`,
# faultd and a Prometheus of the script's own, and a curl wrapper that keeps
# each answer's status, headers and body for the checks.
#
# Every script is run as   SCRIPT CAIRN_BIN FAULTD_BIN BUILD_DIR SOURCE_ROOT [SLACK]
# (tests/server/meson.build passes them).  SLACK is the factor by which
# timing bounds are widened (1 in the optimised build, more under the
# sanitizers).  Every process a script starts is recorded and stopped, by
# its pid, when the script exits.

set -u

CAIRN=${1:?usage: $0 CAIRN_BIN FAULTD_BIN BUILD_DIR SOURCE_ROOT [SLACK]}
FAULTD=${2:?}
BUILD_DIR=${3:?}
SRC=${4:?}
SLACK=${5:-1}
FIXTURES=$SRC/tests/integration/fixtures
# The test Prometheus's fixed window (tests/harness/prom.sh).
WIN_FROM=2026-01-01T00:00:00Z
WIN_TO=2026-01-01T06:00:00Z
WIN_FROM_MS=1767225600000

for tool in curl jq prometheus promtool; do
	command -v "$tool" >/dev/null || { echo "FAIL $tool is not installed (tests/run-all.sh installs it)"; exit 1; }
done
T=$(mktemp -d /tmp/cairn-accept.XXXXXX)
N_PASS=0
N_FAIL=0
PIDS=()          # every process started here, stopped at exit
PROM_DIRS=()     # Prometheus instances of our own

cleanup() {
	local p d
	for p in "${PIDS[@]}"; do
		kill -CONT "$p" 2>/dev/null
		kill "$p" 2>/dev/null
	done
	for d in "${PROM_DIRS[@]}"; do
		[ -f "$d/prometheus.pid" ] || continue
		p=$(cat "$d/prometheus.pid")
		kill -CONT "$p" 2>/dev/null
		kill "$p" 2>/dev/null
	done
	sleep 0.2
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
	if [ "$N_FAIL" -eq 0 ] && [ -z "${KEEP_TMP:-}" ]; then
		rm -rf "$T"
	else
		echo "(logs kept in $T)"
	fi
}
trap cleanup EXIT

pass() { N_PASS=$((N_PASS + 1)); echo "PASS $*"; }
fail() { N_FAIL=$((N_FAIL + 1)); echo "FAIL $*"; }
# check NAME WHAT_WAS_SEEN CONDITION: PASS or FAIL on the exit status of
# CONDITION, a shell command line (eval'ed here, so quote it with '...').
check() {
	local _name=$1 _seen=$2
	if eval "$3"; then pass "$_name ($_seen)"; else fail "$_name (saw: $_seen)"; fi
}
section() { echo; echo "== $*"; }
finish() {
	echo
	echo "$(basename "$0"): $N_PASS passed, $N_FAIL failed"
	[ "$N_FAIL" -eq 0 ]
}

# Seconds since the epoch with milliseconds, and elapsed-time arithmetic.
now_s() { date +%s.%N | cut -c1-14; }
elapsed() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.2f", b - a }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }          # a <= b (reals)
scaled() { awk -v a="$1" -v k="$SLACK" 'BEGIN { printf "%.1f", a * k }'; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {  # a port nothing listens on, away from the fixed ones
	local p
	for _ in $(seq 1 100); do
		p=$((20000 + RANDOM % 30000))
		if port_free "$p"; then
			echo "$p"
			return 0
		fi
	done
	echo "no free port found" >&2
	return 1
}

# ---- HTTP --------------------------------------------------------------

# fetch ID URL [curl args...]: one request; headers to $T/ID.h, body to
# $T/ID.b (both empty when nothing came back), and "status bytes seconds"
# to $T/ID.w (status "000" when no answer).  curl's complaints go to
# $T/curl.err.
fetch() {
	local id=$1 url=$2 out
	shift 2
	: >"$T/$id.b"
	: >"$T/$id.h"
	out=$(curl -sS -o "$T/$id.b" -D "$T/$id.h" -m "${FETCH_MAX_S:-120}" \
		-w '%{http_code} %{size_download} %{time_total}' "$@" "$url" 2>>"$T/curl.err")
	echo "${out:-000 0 0}" >"$T/$id.w"
}
code() { cut -d' ' -f1 "$T/$1.w"; }
size() { cut -d' ' -f2 "$T/$1.w"; }
took() { cut -d' ' -f3 "$T/$1.w"; }
# hdr ID NAME: the value of header NAME in answer ID (case-insensitive), "" if absent.
hdr() {
	awk -v n="$2" 'BEGIN { n = tolower(n) } {
		sub(/\r$/, "")
		i = index($0, ":")
		if (i > 0 && tolower(substr($0, 1, i - 1)) == n) {
			v = substr($0, i + 1); sub(/^[ \t]+/, "", v); print v; exit
		}
	}' "$T/$1.h"
}
# magic ID: the answer's first bytes, printable.
magic() { head -c 8 "$T/$1.b" | tr -c '[:print:]' '.'; }
# brief ID: status, content type, size and the cairn headers, for messages.
brief() {
	local s
	s="$(code "$1") $(hdr "$1" Content-Type) $(size "$1")B"
	[ -n "$(hdr "$1" X-Cairn-Status)" ] && s="$s X-Cairn-Status=$(hdr "$1" X-Cairn-Status)"
	[ -n "$(hdr "$1" X-Cairn-Error)" ] && s="$s X-Cairn-Error='$(hdr "$1" X-Cairn-Error)'"
	case "$(code "$1")" in 2*|304) ;; *) s="$s body='$(head -c 200 "$T/$1.b" | tr '\n' ' ')'" ;; esac
	echo "$s"
}

# ---- cairn serve -------------------------------------------------------

# start_cairn NAME ARGS...: starts `cairn serve --listen 127.0.0.1:PORT ARGS`
# (a free port; tried again on another if the bind loses a race), waits
# until /api/health answers, and sets URL_NAME and PID_NAME.  Logs to
# $T/NAME.log.  Returns non-zero if it never answered.
start_cairn() {
	local name=$1 port pid try deadline
	shift
	for try in 1 2 3; do
		port=$(free_port) || return 1
		"$CAIRN" serve --listen "127.0.0.1:$port" "$@" >>"$T/$name.log" 2>&1 </dev/null &
		pid=$!
		PIDS+=("$pid")
		deadline=$((SECONDS + 60))
		while [ $SECONDS -lt $deadline ] && kill -0 "$pid" 2>/dev/null; do
			if curl -s -o /dev/null -m 2 "http://127.0.0.1:$port/api/health"; then
				printf -v "URL_$name" '%s' "http://127.0.0.1:$port"
				printf -v "PID_$name" '%s' "$pid"
				return 0
			fi
			sleep 0.1
		done
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		grep -q -i 'in use' "$T/$name.log" || break
	done
	echo "cairn serve ($name) did not come up; last lines of its log:"
	tail -n 20 "$T/$name.log"
	return 1
}

# stop_cairn NAME [GRACE_S]: SIGTERM, waits up to GRACE_S (default 15) ×
# SLACK, and checks it exited 0 with no sanitizer report in its log.
stop_cairn() {
	local name=$1 grace pid rc t0
	grace=$(scaled "${2:-15}")
	pid=$(eval echo "\${PID_$name:-}")
	[ -n "$pid" ] || { fail "$name: stopped (it never started)"; return; }
	t0=$(now_s)
	kill -TERM "$pid" 2>/dev/null
	wait_exit "$pid" "$grace"
	rc=$WAIT_RC
	check "$name: SIGTERM → exit 0 within ${grace}s" "exit $rc after $(elapsed "$t0")s" \
		'[ "$rc" = 0 ]'
	sanitizer_clean "$name"
}

# wait_exit PID SECONDS: waits for a child of ours; WAIT_RC = its exit
# status, or "running" (then it is killed) if it outlived SECONDS.
wait_exit() {
	local pid=$1 limit=$2 t0
	t0=$(now_s)
	while kill -0 "$pid" 2>/dev/null; do
		if ! le "$(elapsed "$t0")" "$limit"; then
			kill -9 "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			WAIT_RC=running
			return
		fi
		sleep 0.05
	done
	wait "$pid" 2>/dev/null
	WAIT_RC=$?
}

sanitizer_clean() {  # sanitizer_clean NAME: no ASan/UBSan/LSan report in the log
	local hits
	hits=$(grep -c -E 'ERROR: (Address|Leak|Thread)Sanitizer|runtime error:|WARNING: ThreadSanitizer' \
		"$T/$1.log" 2>/dev/null)
	check "$1: no sanitizer report in its log" "${hits:-0} report lines" '[ "${hits:-0}" = 0 ]'
	[ "${hits:-0}" = 0 ] || grep -m 5 -A 12 -E 'ERROR: |runtime error:|WARNING: ThreadSanitizer' "$T/$1.log"
}

# poll_until SECONDS CONDITION: re-evaluates CONDITION every 0.2 s until it
# holds (0) or SECONDS pass (1); WAITED = seconds taken.
poll_until() {
	local t0
	t0=$(now_s)
	while ! eval "$2"; do
		if ! le "$(elapsed "$t0")" "$1"; then
			WAITED=$(elapsed "$t0")
			return 1
		fi
		sleep 0.2
	done
	WAITED=$(elapsed "$t0")
}

# alive NAME: the server still runs and answers /api/health with 200.
alive() {
	local pid url
	pid=$(eval echo "\${PID_$1}")
	url=$(eval echo "\${URL_$1}")
	kill -0 "$pid" 2>/dev/null || return 1
	[ "$(curl -s -o /dev/null -m 10 -w '%{http_code}' "$url/api/health")" = 200 ]
}

# ---- dashboards --------------------------------------------------------

# dash_copy SRC DEST [UID [TITLE]]: a fixture copied, with another uid and title.
dash_copy() {
	local src=$1 dest=$2 uid=${3:-} title=${4:-}
	mkdir -p "$(dirname "$dest")"
	if [ -z "$uid" ]; then
		cp "$src" "$dest"
		return
	fi
	jq --arg u "$uid" --arg t "$title" '.uid = $u | if $t != "" then .title = $t else . end' \
		"$src" >"$dest.tmp" && mv "$dest.tmp" "$dest"
}

# A dashboard of one or more panels, each one target on the default
# datasource: one_panel_dash UID TITLE EXPR...
panels_dash() {
	local uid=$1 title=$2 id=0 panels="" e
	shift 2
	for e in "$@"; do
		id=$((id + 1))
		[ -n "$panels" ] && panels="$panels,"
		panels="$panels$(jq -cn --arg e "$e" --argjson id "$id" '{
			id: $id, type: "timeseries", title: ("panel " + ($id | tostring)),
			gridPos: {x: 0, y: (($id - 1) * 8), w: 24, h: 8},
			targets: [{refId: "A", expr: $e}]}')"
	done
	jq -n --arg uid "$uid" --arg t "$title" --argjson p "[$panels]" \
		'{uid: $uid, title: $t, schemaVersion: 39, timezone: "utc",
		  time: {from: "2026-01-01T00:00:00Z", to: "2026-01-01T06:00:00Z"}, panels: $p}'
}

# ---- faultd ------------------------------------------------------------

# start_faultd: sets FAULTD_URL (mode by a faultd_MODE token in the query).
start_faultd() {
	[ -x "$FAULTD" ] || { echo "faultd not built at $FAULTD"; return 1; }
	"$FAULTD" --port 0 >"$T/faultd.out" 2>"$T/faultd.log" </dev/null &
	PIDS+=("$!")
	for _ in $(seq 1 100); do
		if [ -s "$T/faultd.out" ]; then
			FAULTD_URL="http://127.0.0.1:$(head -n 1 "$T/faultd.out")"
			return 0
		fi
		sleep 0.05
	done
	echo "faultd printed no port"
	return 1
}

# ---- a Prometheus of our own --------------------------------------------

# own_prom_start DIR: a Prometheus of ours on a free port, with the test
# data moved to end a minute ago (gen_openmetrics --end, as the demo does:
# six hours, every 15 s, so now-relative ranges have data), and a query log
# (DIR/query.log: one JSON line per query with its start, end and step).
# Sets PROM_URL, PROM_PORT, PROM_END (the last sample, epoch seconds).
own_prom_start() {
	local dir=$1 gen=$BUILD_DIR/tests/integration/gen_openmetrics
	mkdir -p "$dir"
	PROM_DIRS+=("$dir")
	[ -x "$gen" ] || { echo "$gen not built"; return 1; }
	PROM_END=$(( ($(date +%s) - 60) / 15 * 15 ))
	"$gen" --end "$PROM_END" "$dir/data.om" || return 1
	promtool tsdb create-blocks-from openmetrics "$dir/data.om" "$dir/data" \
		>"$dir/promtool.log" 2>&1 || { tail -n 5 "$dir/promtool.log"; return 1; }
	rm -f "$dir/data.om"
	cat >"$dir/query-log.yml" <<-YML
		global:
		  scrape_interval: 15s
		  query_log_file: $dir/query.log
		scrape_configs: []
	YML
	# a probed port another parallel test takes before Prometheus binds it:
	# another port (seen once in a TSan run on a fresh root)
	local try rc=1
	for try in 1 2 3 4 5; do
		PROM_PORT=$(free_port) || return 1
		PROM_URL="http://127.0.0.1:$PROM_PORT"
		own_prom_launch "$dir"
		rc=$?
		[ "$rc" = 2 ] || return "$rc"
		echo "127.0.0.1:$PROM_PORT was taken before Prometheus bound it (try $try): another port"
	done
	return 1
}

# own_prom_launch DIR: (re)starts our Prometheus on the same port and data;
# 2 when it exited because the port was taken.
own_prom_launch() {
	local dir=$1 pid from
	from=$(($(stat -c %s "$dir/prometheus.log" 2>/dev/null || echo 0) + 1))
	prometheus --config.file="$dir/query-log.yml" --storage.tsdb.path="$dir/data" \
		--storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PROM_PORT" \
		>>"$dir/prometheus.log" 2>&1 </dev/null &
	pid=$!
	echo "$pid" >"$dir/prometheus.pid"
	disown "$pid"   # killed on purpose later: no "Killed" line from bash
	for _ in $(seq 1 300); do
		if curl -fsS -m 2 "$PROM_URL/api/v1/query?query=cairn_test_flat&time=$PROM_END" \
			2>/dev/null | grep -q '"50"'; then
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -c +"$from" "$dir/prometheus.log" | grep -q "address already in use" && return 2
			break
		fi
		sleep 0.1
	done
	echo "our Prometheus did not come up on $PROM_URL"
	tail -n 20 "$dir/prometheus.log"
	return 1
}

own_prom_pid() { cat "$1/prometheus.pid"; }

# query_range_count URL: Prometheus's own count of /api/v1/query_range
# requests (every status code summed).
query_range_count() {
	curl -s -m 10 "$1/metrics" | awk '/^prometheus_http_requests_total\{/ &&
		/handler="\/api\/v1\/query_range"/ { n += $NF } END { print n + 0 }'
}
