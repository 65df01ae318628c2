#!/usr/bin/env bash
# Acceptance (issue 9), counted by a Prometheus of this script's own (so no
# other client's queries mix in, and it can be stopped, frozen and read):
# - coalescing: 50 concurrent identical panel requests on a cold cache raise
#   Prometheus's own prometheus_http_requests_total{handler="/api/v1/query_range"}
#   by the panel's query count, not 50 times it;
# - a refresh of a now-1h range asks only for the new tail (Prometheus's
#   query log shows the second query starting near the first one's end);
# - Prometheus killed while requests run: 200 images with the error drawn,
#   the server stays up, and recovers by itself once Prometheus is back;
# - Prometheus frozen (SIGSTOP): a request with timeout=3 answers within
#   3 s + slack, the error drawn;
# - graceful shutdown: requests held by a frozen Prometheus, SIGTERM, new
#   connections refused, Prometheus thawed: the requests complete with 200
#   and their data, and cairn exits 0 within the grace.
#   prometheus.sh CAIRN_BIN FAULTD_BIN BUILD_DIR SOURCE_ROOT [SLACK]
. "$(dirname "$0")/lib.sh"

P=$T/prom
own_prom_start "$P" || { fail "our Prometheus started"; finish; exit; }
PROM_PID=$(own_prom_pid "$P")
FROM_MS=$(( (PROM_END - 6 * 3600) * 1000 ))
TO_MS=$((PROM_END * 1000))
RANGE="from=$FROM_MS&to=$TO_MS"

# Panel 1: one target; panel 2: two; panel 3: one, its expression changed by
# a textbox variable so each request can be a query no cache has seen.
D=$T/dashboards
mkdir -p "$D"
jq -n '{uid: "cairn-prom", title: "Own Prometheus", schemaVersion: 39, timezone: "utc",
  time: {from: "now-6h", to: "now"},
  templating: {list: [{name: "n", type: "textbox", query: "0", current: {text: "0", value: "0"}}]},
  panels: [
    {id: 1, type: "timeseries", title: "one target", gridPos: {x: 0, y: 0, w: 12, h: 8},
     targets: [{refId: "A", expr: "cairn_test_flat{job=\"cairn-test\", level=\"50\"}"}]},
    {id: 2, type: "timeseries", title: "two targets", gridPos: {x: 12, y: 0, w: 12, h: 8},
     targets: [{refId: "A", expr: "cairn_test_ramp{job=\"cairn-test\"}"},
               {refId: "B", expr: "cairn_test_step{job=\"cairn-test\"}"}]},
    {id: 3, type: "timeseries", title: "fresh query", gridPos: {x: 0, y: 8, w: 12, h: 8},
     targets: [{refId: "A", expr: "cairn_test_flat{job=\"cairn-test\", level=\"50\"} + $n"}]},
    {id: 4, type: "timeseries", title: "tail", interval: "1s", gridPos: {x: 12, y: 8, w: 12, h: 8},
     targets: [{refId: "A", expr: "cairn_test_counter_total{job=\"cairn-test\"}"}]}
  ]}' >"$D/prom.json"
cat >"$T/cairn.json" <<-JSON
	{ "server": { "shutdown_grace": "10s" },
	  "cache": { "image_ttl": "1s" } }
JSON
start_cairn pa --config "$T/cairn.json" --prometheus "$PROM_URL" --dashboards "$D" ||
	{ fail "cairn serve started"; finish; exit; }
U=$URL_pa
SOLO="$U/render/d-solo/cairn-prom"
n_req=0
fresh() {  # fresh [EXTRA]: FRESH = a panel-3 request whose query no cache has seen
	n_req=$((n_req + 1))
	FRESH="$SOLO?panelId=3&width=600&height=300&$RANGE&var-n=$n_req${1:-}"
}

# blast PANEL: 50 concurrent identical requests; prints how many were 200 + ok.
blast() {
	local url="$SOLO?panelId=$1&width=800&height=400&$RANGE" args=() i
	for i in $(seq 1 50); do args+=(-o /dev/null "$url"); done
	curl -s --no-progress-meter -m 120 --parallel --parallel-immediate --parallel-max 50 \
		-w '%{http_code} %header{x-cairn-status}\n' "${args[@]}" >"$T/blast$1.out" 2>"$T/blast$1.err"
	grep -c '^200 ok$' "$T/blast$1.out"
}

section "coalescing, counted by Prometheus (cold cache, 50 concurrent identical requests)"
for panel in 1 2; do
	targets=$panel   # panel 1 has one target, panel 2 two
	c0=$(query_range_count "$PROM_URL")
	n_ok=$(blast $panel)
	sleep 0.2
	c1=$(query_range_count "$PROM_URL")
	check "panel $panel: 50 answers 200 with X-Cairn-Status ok" "$n_ok of 50 ($(sort "$T/blast$panel.out" | uniq -c | tr '\n' ';'))" \
		'[ "$n_ok" = 50 ]'
	check "panel $panel ($targets target(s)): query_range requests rose by $targets, not $((50 * targets))" \
		"rose by $((c1 - c0)) ($c0 → $c1)" '[ "$((c1 - c0))" = "$targets" ]'
done
curl -s "$U/metrics" >"$T/m-coalesce.txt"
echo "     (cairn's counters: $(grep -E '^cairn_query_cache_(coalesced|hits|misses)_total' "$T/m-coalesce.txt" | tr '\n' ' '))"

section "a refresh of now-1h asks Prometheus only for the new tail (query log)"
TAIL="$SOLO?panelId=4&width=2000&height=120&from=now-1h&to=now"
tail_queries() {  # the query log's query_range entries of panel 4: "start end step" in epoch s
	grep '"path":"/api/v1/query_range"' "$P/query.log" 2>/dev/null | grep cairn_test_counter_total |
		jq -r '.params | [(.start, .end | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601), .step] | @tsv'
}
fetch t1 "$TAIL"
sleep 0.5
tail_queries >"$T/tail1.txt"
read -r s1 e1 step <"$T/tail1.txt"
check "first now-1h request: 200, one query_range for [now-1h, now]" \
	"$(brief t1); log: $(tr '\t\n' ' ;' <"$T/tail1.txt")" \
	'[ "$(code t1)" = 200 ] && [ "$(wc -l <"$T/tail1.txt")" = 1 ] && [ "$((e1 - s1))" -ge 3500 ]'
# Past the image TTL (1 s) and more than a step later, so the range has moved.
sleep "$(awk -v s="${step:-2}" 'BEGIN { print (s > 2 ? s : 2) + 1.5 }')"
fetch t2 "$TAIL"
sleep 0.5
tail_queries | tail -n +2 >"$T/tail2.txt"
read -r s2 e2 _ <"$T/tail2.txt"
check "refresh: 200, and Prometheus was asked again (the range moved)" \
	"$(brief t2); new log entries: $(tr '\t\n' ' ;' <"$T/tail2.txt")" \
	'[ "$(code t2)" = 200 ] && [ -s "$T/tail2.txt" ]'
check "refresh: one query_range, starting within 10 min of the first one's end, not at now-1h" \
	"first [$s1, $e1], second [${s2:-?}, ${e2:-?}]: starts $(( ${s2:-0} - e1 ))s after the first's end, $(( ${s2:-0} - s1 ))s after now-1h" \
	'[ "$(wc -l <"$T/tail2.txt")" = 1 ] && [ "$((s2 - e1))" -ge -600 ] && [ "$((s2 - s1))" -ge 3000 ] && [ "$e2" -gt "$e1" ]'
grep -E '^cairn_query_cache_incremental_total' "$T/m-coalesce.txt" >/dev/null &&
	echo "     (cairn_query_cache_incremental_total: $(curl -s "$U/metrics" | awk '/^cairn_query_cache_incremental_total/ { print $NF }'))"

section "Prometheus killed while requests run"
fresh
fetch pre "$FRESH"
check "before: a fresh query answers ok" "$(brief pre)" '[ "$(code pre)" = 200 ] && [ "$(hdr pre X-Cairn-Status)" = ok ]'
# Frozen first, so the six requests are surely waiting on it when it dies.
kill -STOP "$PROM_PID"
inflight=()
for i in 1 2 3 4 5 6; do
	fresh
	fetch during$i "$FRESH" &
	inflight+=("$!")
done
sleep "$(scaled 0.5)"
kill -9 "$PROM_PID"
t_kill=$(now_s)
wait "${inflight[@]}"
codes=""; for i in 1 2 3 4 5 6; do codes="$codes $(code during$i)/$(hdr during$i X-Cairn-Status)"; done
check "requests in flight when Prometheus dies: all 200 images with the error drawn" \
	"$codes, $(elapsed "$t_kill")s after the kill; $(hdr during1 X-Cairn-Error)" \
	'[ "$codes" = " 200/error 200/error 200/error 200/error 200/error 200/error" ]'
fresh
fetch down "$FRESH"
fresh
DOWN_URL=$FRESH
fetch down2 "$DOWN_URL"
check "with Prometheus down: 200 PNG, X-Cairn-Status error" "$(brief down)" \
	'[ "$(code down)" = 200 ] && [ "$(hdr down Content-Type)" = image/png ] && [ "$(hdr down X-Cairn-Status)" = error ]'
check "X-Cairn-Error names the cause (connection refused)" "X-Cairn-Error: $(hdr down X-Cairn-Error)" \
	'hdr down X-Cairn-Error | grep -qiE "refused|connect"'
check "the server stays up" "alive" 'alive pa'
# /api/health reuses a datasource check for a few seconds: poll it.
reachable() {  # reachable WANT: /api/health says every datasource's reachable is WANT
	curl -s -m 5 "$U/api/health" >"$T/health-now.json"
	jq -e --argjson w "$1" '[.. | objects | select(has("reachable")) | .reachable] | (length > 0 and all(. == $w))' \
		"$T/health-now.json" >/dev/null 2>&1
}
poll_until "$(scaled 10)" 'reachable false'
check "/api/health says the datasource is unreachable" \
	"after ${WAITED}s: $(jq -c .datasources "$T/health-now.json" 2>&1)" 'reachable false'

own_prom_launch "$P" || fail "our Prometheus restarted"
PROM_PID=$(own_prom_pid "$P")
fresh
fetch up1 "$FRESH"
check "Prometheus back on the same port and data: the next request is ok, cairn not restarted" \
	"$(brief up1)" '[ "$(code up1)" = 200 ] && [ "$(hdr up1 X-Cairn-Status)" = ok ]'
fetch up2 "$DOWN_URL"
check "the very request that failed while it was down is ok now (the failure was not cached)" \
	"$(brief up2)" '[ "$(code up2)" = 200 ] && [ "$(hdr up2 X-Cairn-Status)" = ok ]'
poll_until "$(scaled 10)" 'reachable true'
check "/api/health: the datasource reachable again" \
	"after ${WAITED}s: $(jq -c .datasources "$T/health-now.json" 2>&1)" 'reachable true'

section "Prometheus frozen (SIGSTOP): the deadline holds"
kill -STOP "$PROM_PID"
BOUND=$(awk -v k="$SLACK" 'BEGIN { printf "%.1f", 3 + 2.5 * k }')
fresh "&timeout=3"
fetch frozen "$FRESH" &
fpid=$!
sleep 0.5
fetch hfrozen "$U/api/health" -m 5
wait "$fpid"
check "timeout=3 against a frozen Prometheus: answered within ${BOUND}s" "$(took frozen)s" \
	'le "$(took frozen)" "$BOUND"'
check "… 200 PNG with the error drawn (X-Cairn-Status error, X-Cairn-Error)" "$(brief frozen)" \
	'[ "$(code frozen)" = 200 ] && [ "$(hdr frozen X-Cairn-Status)" = error ] && [ -n "$(hdr frozen X-Cairn-Error)" ]'
check "/api/health answers while a request waits on the frozen Prometheus" "$(code hfrozen) in $(took hfrozen)s" \
	'[ "$(code hfrozen)" = 200 ] && le "$(took hfrozen)" "$(scaled 1)"'
kill -CONT "$PROM_PID"
fresh
fetch thawed "$FRESH"
check "thawed: the next request is ok" "$(brief thawed)" \
	'[ "$(code thawed)" = 200 ] && [ "$(hdr thawed X-Cairn-Status)" = ok ]'

section "graceful shutdown with requests in flight"
kill -STOP "$PROM_PID"
held=()
for i in 1 2 3 4; do
	fresh "&timeout=30"
	fetch held$i "$FRESH" &
	held+=("$!")
done
sleep "$(scaled 1)"
curl -s -m 5 "$U/metrics" >"$T/m-held.txt"
inflight_now=$(awk '/^cairn_requests_in_flight/ { s += $NF } END { print s + 0 }' "$T/m-held.txt")
check "four requests held in flight by the frozen Prometheus" "cairn_requests_in_flight $inflight_now" \
	'[ "$inflight_now" -ge 4 ]'
t_term=$(now_s)
kill -TERM "$PID_pa"
sleep 0.5
: >"$T/curl.err"
fetch after_term "$U/api/health" -m 3
refused=$(grep -c 'Connection refused' "$T/curl.err")
check "after SIGTERM new connections are refused" \
	"$( [ "$refused" -gt 0 ] && echo 'connection refused' || echo "answered: $(brief after_term)")" \
	'[ "$refused" -gt 0 ] && [ "$(code after_term)" = 000 ]'
sleep 0.5
kill -CONT "$PROM_PID"
wait "${held[@]}"
held_codes=""; for i in 1 2 3 4; do held_codes="$held_codes $(code held$i)/$(hdr held$i X-Cairn-Status)"; done
check "the held requests complete: 200 with their data (X-Cairn-Status ok)" "$held_codes" \
	'[ "$held_codes" = " 200/ok 200/ok 200/ok 200/ok" ]'
GRACE=$(awk -v k="$SLACK" 'BEGIN { printf "%.1f", 10 + 3 * k }')
wait_exit "$PID_pa" "$GRACE"
check "cairn exits 0 within the grace (10 s + slack)" "exit $WAIT_RC, $(elapsed "$t_term")s after SIGTERM" \
	'[ "$WAIT_RC" = 0 ]'
sanitizer_clean pa
finish
