#!/usr/bin/env bash
# Acceptance (issue 10, point 1): live views on /ws, over real sockets, with
# tests/harness/wsclient as the viewers:
# - against the test Prometheus (CAIRN_TEST_PROM_URL): a subscribe gets one
#   frame per panel, PNGs that decode and show data; a second viewer of the
#   same view gets the current frames at once; values at the cursor; bad
#   messages (not JSON, unknown op, unknown dashboard or panel, too big, too
#   many views, too many connections from one address) get errors naming
#   what was wrong, and nothing crashes;
# - against a Prometheus of this script's own that scrapes a file we
#   change: a live update arrives after new samples reach Prometheus, and
#   unchanged data sends no new frame; 200 viewers of one view raise
#   Prometheus's own prometheus_http_requests_total{handler="/api/v1/query_range"}
#   by one view's queries per refresh, not 200 times; viewers that never
#   read delay nobody, are closed by the pings, and the server's RSS stays
#   bounded.
#   live.sh CAIRN_BIN FAULTD_BIN BUILD_DIR SOURCE_ROOT [SLACK]
. "$(dirname "$0")/lib.sh"

WS=$BUILD_DIR/tests/harness/wsclient
PROM=${CAIRN_TEST_PROM_URL:-}
if [ -z "$PROM" ]; then
	fail "CAIRN_TEST_PROM_URL is not set: start tests/harness/prom.sh (tests/run-all.sh does)"
	finish
	exit
fi
[ -x "$WS" ] || { fail "wsclient is not built at $WS"; finish; exit; }
command -v python3 >/dev/null || { fail "python3 is needed for the scrape target"; finish; exit; }

# A dashboard of two panels on the test window, and one on the live data.
D=$T/dashboards
mkdir -p "$D"
# Panel 2's series is named by a displayName template with a variable in it.
panels_dash live-fixed "Live fixed" '100 - cairn_test_ramp{job="cairn-test"}' \
	'cairn_test_ramp{job="cairn-test"}' |
	jq '.templating.list = [{name: "what", type: "constant", query: "ramp"}]
	    | .panels[1].fieldConfig.defaults.displayName = "$what of ${__field.labels.job}"' \
	>"$D/fixed.json"
panels_dash live-data "Live data" 'cairn_live_value' 'cairn_live_value * 2' >"$D/data.json"
panels_dash live-big "Live data, 8 panels" 'cairn_live_value' 'cairn_live_value * 2' \
	'cairn_live_value * 3' 'cairn_live_value * 4' 'cairn_live_value * 5' 'cairn_live_value * 6' \
	'cairn_live_value * 7' 'cairn_live_value * 8' >"$D/big.json"
panels_dash live-down "Down" 'up' | jq '.panels[0].datasource = "down"' >"$D/down.json"
cat >"$T/cairn.json" <<-JSON
	{ "limits": { "ws_connections_per_address": 400, "ws_views_per_connection": 3,
	              "ws_max_message_bytes": 4096, "ws_ping": "2s" } }
JSON
start_cairn main --config "$T/cairn.json" --prometheus "$PROM" --dashboards "$D" ||
	{ fail "cairn serve started"; finish; exit; }
WSU=ws://127.0.0.1:${URL_main##*:}/ws
PIXELS='"panels":[{"id":1,"width":600,"height":300},{"id":2,"width":600,"height":300}]'
SUB_FIXED='{"op":"subscribe","view":"v1","dashboard":"live-fixed","from":"'$WIN_FROM'","to":"'$WIN_TO'","refresh":"1s",'$PIXELS'}'

# ws ID ARGS...: wsclient's JSON report in $T/ID.json, its text messages in $T/ID.log.
ws() {
	local id=$1
	shift
	"$WS" --url "$WSU" --log "$T/$id.log" "$@" >"$T/$id.json" 2>"$T/$id.err"
}
j() { jq -r "$2" "$T/$1.json" 2>/dev/null; }   # j ID FILTER
msgs() { cut -d' ' -f2- "$T/$1.log"; }          # the text messages of a run

section "a subscribe: one frame per panel, PNGs that decode and show data"
ws sub1 --send "$SUB_FIXED" --until-frames 2 --duration "$(scaled 10)"
check "two frames, one per panel" "$(j sub1 '[.frames, .errors]' | tr -d ' \n')" \
	'[ "$(j sub1 .frames)" = 2 ] && [ "$(j sub1 ".errors | length")" = 0 ]'
check "frame messages: op, view, panel, seq 1, status ok, format png, bytes" \
	"$(msgs sub1 | head -2 | tr '\n' ' ')" \
	'[ "$(msgs sub1 | jq -s "[.[] | select(.op == \"frame\" and .view == \"v1\" and .seq == 1 and .status == \"ok\" and .format == \"png\")] | length")" = 2 ]'
check "each picture decodes at 600x300 and shows its series (#73BF69 pixels)" \
	"$(j sub1 '[.pictures[] | "\(.panel): \(.width)x\(.height) green \(.green)"] | join(", ")')" \
	'[ "$(j sub1 "[.pictures[] | select(.decoded and .width == 600 and .height == 300 and .green >= 150)] | length")" = 2 ]'
check "frame bytes match the binary messages" "$(j sub1 .bytes) bytes received" \
	'[ "$(msgs sub1 | jq -s "[.[] | select(.op == \"frame\") | .bytes] | add")" = "$(j sub1 .bytes)" ]'
check "a status message says the datasource is fine" "$(msgs sub1 | grep status | tr -d "\n")" \
	'msgs sub1 | grep -F "\"op\":\"status\"" | jq -e ".ok == true" >/dev/null'

section "a second viewer of the same view gets the current frames at once"
renders() { curl -s "$1/metrics" | awk '/^cairn_live_renders_total / { print $2 }'; }
# A view without refresh, held by one viewer: a second one costs no render.
SUB_ONCE=${SUB_FIXED/\"refresh\":\"1s\"/\"refresh\":\"off\"}
ws hold1 --send "$SUB_ONCE" --duration "$(scaled 10)" &
HOLD1=$!
poll_until "$(scaled 10)" '[ -s "$T/hold1.log" ] && [ "$(grep -c frame "$T/hold1.log")" -ge 2 ]'
r0=$(renders "$URL_main")
ws second --send "${SUB_ONCE/\"v1\"/\"mine\"}" \
	--send '{"op":"values","view":"mine","panel":2,"time":1767236400000}' --until-frames 2 \
	--duration "$(scaled 5)"
r1=$(renders "$URL_main")
kill "$HOLD1" 2>/dev/null
wait "$HOLD1" 2>/dev/null
check "both frames, seq 1, under the viewer's own view name" \
	"$(msgs second | jq -c 'select(.op == "frame") | [.view, .panel, .seq]' | tr '\n' ' ')" \
	'[ "$(msgs second | jq -s "[.[] | select(.op == \"frame\" and .view == \"mine\" and .seq == 1)] | length")" = 2 ]'
check "served from the view: no render for it" "renders $r0 → $r1" '[ "$r0" = "$r1" ]'
ff=$(j second .first_frame_ms.max)
check "the first frame within 100 ms of connecting (× slack)" "${ff} ms" 'le "$ff" "$(scaled 100)"'
vals=$(msgs second | jq -c 'select(.op == "values")')
check "values at 03:00: the ramp's 50, formatted, with its colour" "$vals" \
	'echo "$vals" | jq -e ".panel == 2 and (.series | length) == 1 and .series[0].value == 50 and .series[0].text == \"50\" and .series[0].color == \"#73BF69\" and .series[0].time == 1767236400000" >/dev/null'
check "values name the series by its displayName template, variable and label filled" "$vals" \
	'echo "$vals" | jq -e ".series[0].name == \"ramp of cairn-test\"" >/dev/null'

section "an absolute range refreshed every second: unchanged pictures are not sent again"
r0=$(renders "$URL_main")
ws hold --send "$SUB_FIXED" --duration "$(scaled 8)"
r1=$(renders "$URL_main")
check "the panels were drawn again each second" "renders $r0 → $r1" '[ $((r1 - r0)) -ge 10 ]'
check "one frame per panel in 8 s all the same" \
	"$(j hold '[.frames, .updates[].seq]' | tr -d ' \n')" '[ "$(j hold .frames)" = 2 ]'

section "bad messages get errors naming what was wrong; nothing crashes"
ws bad --send 'not json' --send '{"op":"zap","view":"z"}' \
	--send '{"op":"subscribe","view":"u","dashboard":"no-such","panels":[{"id":1,"width":10,"height":10}]}' \
	--send '{"op":"subscribe","view":"p","dashboard":"live-fixed","panels":[{"id":9,"width":10,"height":10}]}' \
	--send '{"op":"subscribe","view":"w","dashboard":"live-fixed","panels":[{"id":1,"width":"wide","height":10}]}' \
	--send '{"op":"subscribe","view":"a","dashboard":"live-fixed","panels":[{"id":1,"width":10,"height":10}]}' \
	--send '{"op":"subscribe","view":"b","dashboard":"live-fixed","panels":[{"id":1,"width":11,"height":10}]}' \
	--send '{"op":"subscribe","view":"c","dashboard":"live-fixed","panels":[{"id":1,"width":12,"height":10}]}' \
	--send '{"op":"subscribe","view":"d","dashboard":"live-fixed","panels":[{"id":1,"width":13,"height":10}]}' \
	--send '{"op":"values","view":"nope","panel":1,"time":0}' \
	--send-bytes 5000 --until-texts 14 --duration "$(scaled 8)"
errs=$(msgs bad | jq -r 'select(.op == "error") | "\(.view // "-"): \(.message)"')
echo "$errs" | sed 's/^/     /'
expect_err() {  # expect_err WHAT VIEW TEXT: an error for VIEW whose message holds TEXT
	E_VIEW=$2 E_TEXT=$3
	check "$1" "$(echo "$errs" | grep -F -- "$E_VIEW: " | grep -F -- "$E_TEXT" | head -1)" \
		'echo "$errs" | grep -F -- "$E_VIEW: " | grep -qF -- "$E_TEXT"'
}
expect_err "not JSON" "-" "not JSON"
expect_err "unknown op" "z" '$.op: unknown op "zap"'
expect_err "unknown dashboard" "u" '$.dashboard: no dashboard with uid "no-such"'
expect_err "unknown panel" "p" '$.panels[0].id: dashboard "live-fixed" has no panel with id 9'
expect_err "a width that is no number" "w" '$.panels[0].width: expected an integer'
expect_err "a fourth view on one connection (limit 3)" "d" "already watches 3 views"
expect_err "values of a view not subscribed" "nope" "not subscribed"
expect_err "a message over 4096 bytes" "-" "over the limit of 4096 bytes"
check "views a, b and c still got their frames" "$(j bad .frames) frames" '[ "$(j bad .frames)" = 3 ]'
check "the server still answers" "health" 'alive main'

section "connections per address: over the limit, an error and a close (1008)"
DOWN_PORT=$(free_port)
cat >"$T/small.json" <<-JSON
	{ "limits": { "ws_connections_per_address": 2, "live_bytes": 1000 },
	  "datasources": [ { "name": "prom", "url": "$PROM", "default": true },
	                   { "name": "down", "url": "http://127.0.0.1:$DOWN_PORT", "timeout": "2s" } ] }
JSON
start_cairn small --config "$T/small.json" --dashboards "$D" ||
	fail "a second cairn serve started"
WSU_SMALL=ws://127.0.0.1:${URL_small##*:}/ws
"$WS" --url "$WSU_SMALL" --viewers 3 --duration "$(scaled 3)" >"$T/addr.json" 2>"$T/addr.err"
check "3 connections, limit 2: one error naming the limit, one close 1008" \
	"$(j addr '[.errors, .close_codes]' | tr -d '\n')" \
	'[ "$(j addr ".errors | length")" = 1 ] && j addr ".errors[0]" | grep -q "too many connections from 127.0.0.1: the limit is 2" && [ "$(j addr ".close_codes | join(\",\")")" = 1008 ]'
section "a datasource that does not answer: the frame says so, and the status"
"$WS" --url "$WSU_SMALL" --log "$T/down.log" --until-texts 2 --duration "$(scaled 6)" \
	--send '{"op":"subscribe","view":"d","dashboard":"live-down","panels":[{"id":1,"width":300,"height":200}]}' \
	>"$T/down.json" 2>"$T/down.err"
check "a frame with status error and the cause" "$(msgs down | grep frame)" \
	'msgs down | grep -F "\"op\":\"frame\"" | jq -e ".status == \"error\" and (.error | test(\"cannot reach\"))" >/dev/null'
check "a status message: ok false, naming the panel and the cause" "$(msgs down | grep status)" \
	'msgs down | grep -F "\"op\":\"status\"" | jq -e ".ok == false and (.message | test(\"^panel 1: cannot reach\"))" >/dev/null'

section "the pictures all views keep: over live_bytes, a new view is refused"
"$WS" --url "$WSU_SMALL" --send "$SUB_ONCE" --duration "$(scaled 4)" >"$T/keep.json" 2>"$T/keep.err" &
KEEP=$!
sleep "$(scaled 1.5)"
"$WS" --url "$WSU_SMALL" --send "${SUB_ONCE/600/601}" \
	--until-texts 1 --duration "$(scaled 2)" >"$T/over.json" 2>"$T/over.err"
wait "$KEEP"
check "the first view's frames are kept; a second view gets an error naming the limit" \
	"$(j keep .frames) frames; $(j over .errors[0])" \
	'[ "$(j keep .frames)" = 2 ] && j over ".errors[0]" | grep -q "already keep [0-9]* bytes of pictures, its limit"'
stop_cairn small

# ---- a Prometheus of our own, scraping a file we change ---------------------

section "our Prometheus, scraping a file every second"
S=$T/scrape
mkdir -p "$S" "$T/p2"
echo "cairn_live_value 1" >"$S/metrics.txt"
SCRAPE_PORT=$(free_port)
python3 -m http.server "$SCRAPE_PORT" --bind 127.0.0.1 --directory "$S" >"$T/scrape.log" 2>&1 &
PIDS+=("$!")
PROM_PORT=$(free_port)
PROM_URL="http://127.0.0.1:$PROM_PORT"
cat >"$T/p2/prometheus.yml" <<-YML
	global:
	  scrape_interval: 1s
	scrape_configs:
	  - job_name: live
	    metrics_path: /metrics.txt
	    static_configs: [{targets: ["127.0.0.1:$SCRAPE_PORT"]}]
YML
prometheus --config.file="$T/p2/prometheus.yml" --storage.tsdb.path="$T/p2/data" \
	--web.listen-address="127.0.0.1:$PROM_PORT" >"$T/p2/prometheus.log" 2>&1 </dev/null &
PIDS+=("$!")
up() { curl -fsS -m 2 "$PROM_URL/api/v1/query?query=cairn_live_value" 2>/dev/null | grep -q '"1"'; }
poll_until 30 up
check "it scrapes cairn_live_value" "after ${WAITED}s" 'up'
start_cairn live --config "$T/cairn.json" --prometheus "$PROM_URL" --dashboards "$D" ||
	{ fail "cairn serve on our Prometheus started"; finish; exit; }
WSU=ws://127.0.0.1:${URL_live##*:}/ws

section "a live update after new samples reach Prometheus; unchanged data, no frame"
# An absolute window around now: every grid point after the first sample
# holds the last value (Prometheus' lookback), so the picture changes only
# when the value does.
NOW_MS=$(( $(date +%s) * 1000 ))
SUB_LIVE='{"op":"subscribe","view":"l","dashboard":"live-data","from":"'$((NOW_MS - 120000))'","to":"'$((NOW_MS + 180000))'","refresh":"1s","panels":[{"id":1,"width":600,"height":300}]}'
ws upd --send "$SUB_LIVE" --duration "$(scaled 30)" --until-frames 2 &
UPD=$!
poll_until "$(scaled 10)" '[ -s "$T/upd.log" ] && grep -q "\"seq\":1" "$T/upd.log"'
check "the first frame" "after ${WAITED}s" 'grep -q "\"seq\":1" "$T/upd.log"'
sleep 4
check "4 s of 1 s refreshes, the value unchanged: no second frame" \
	"$(grep -c '"op":"frame"' "$T/upd.log") frame(s)" '[ "$(grep -c "\"op\":\"frame\"" "$T/upd.log")" = 1 ]'
t_change=$(now_s)
echo "cairn_live_value 7" >"$S/metrics.txt"
wait "$UPD"
took_s=$(elapsed "$t_change")
check "the new value's frame (seq 2) within 10 s (× slack) of the change" \
	"after ${took_s}s: $(grep '"seq":2' "$T/upd.log" | cut -d' ' -f2-)" \
	'grep -q "\"seq\":2" "$T/upd.log" && le "$took_s" "$(scaled 10)"'
ws vals --send "$SUB_LIVE" --send '{"op":"values","view":"l","panel":1,"time":'$((NOW_MS + 170000))'}' \
	--until-texts 3 --duration "$(scaled 5)"
check "values now: 7" "$(msgs vals | grep values)" \
	'msgs vals | grep -F "\"op\":\"values\"" | jq -e ".series[0].value == 7" >/dev/null'

section "200 viewers of one view: Prometheus counts one view's queries per refresh"
SUB_REL='{"op":"subscribe","view":"r","dashboard":"live-data","from":"now-5m","to":"now","refresh":"1s","panels":[{"id":1,"width":600,"height":300},{"id":2,"width":600,"height":300}]}'
c0=$(query_range_count "$PROM_URL")
r0=$(renders "$URL_live")
t0=$(now_s)
ws many --viewers 200 --send "$SUB_REL" --duration 8
secs=$(elapsed "$t0")
c1=$(query_range_count "$PROM_URL")
r1=$(renders "$URL_live")
rose=$((c1 - c0))
refreshes=$(awk -v a="$r0" -v b="$r1" 'BEGIN { printf "%d", (b - a) / 2 }')
max_q=$(awk -v s="$secs" 'BEGIN { printf "%d", 2 * (s + 2) }')
echo "     (200 viewers, ${secs}s: $refreshes refreshes of 2 panels; query_range rose by $rose; every viewer querying would be $((200 * 2 * refreshes)))"
check "all 200 connected and got frames" "$(j many '[.connected, .frames_min, .errors]' | tr -d ' \n')" \
	'[ "$(j many .connected)" = 200 ] && [ "$(j many .frames_min)" -ge 2 ]'
check "the panels were drawn once per refresh, not per viewer" "$((r1 - r0)) renders in ${secs}s" \
	'[ "$((r1 - r0))" -le "$max_q" ]'
check "query_range rose by at most the view's 2 queries per refresh (not 200×)" \
	"rose by $rose ($c0 → $c1), at most $max_q" '[ "$rose" -ge 1 ] && [ "$rose" -le "$max_q" ]'

section "viewers that never read: the others are not delayed, RSS stays bounded"
rss() { awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$PID_live/status"; }
rss0=$(rss)
replaced() { curl -s "$URL_live/metrics" | awk '/^cairn_live_frames_replaced_total / { print $2 }'; }
rep0=$(replaced)
# Frames must outgrow what the kernel holds for a stalled viewer (its 256 KiB
# send buffer) before the pings close it, or none ever waits in cairn to be
# replaced: 8 panels at 2400x1200 px in the optimised build (a sparse chart's
# PNG is ~20 KB: 2 panels' frames fitted in the buffer once the encoder got
# better); 2 in a sanitizer build, which checks the rest and draws slower.
BIG_PANELS=8
[ "$SLACK" = 1 ] || BIG_PANELS=2
SUB_BIG=$(jq -cn --argjson n "$BIG_PANELS" '{op: "subscribe", view: "s", dashboard: "live-big",
	from: "now-5m", to: "now", refresh: "1s",
	panels: [range(1; $n + 1) | {id: ., width: 1200, height: 600, scale: 2}]}')
# 20 readers beside the 20 that stall; 5 in a sanitizer build, whose
# instrumented client cannot read 20 viewers' 2x frames (12 MB/s) on a loaded
# machine fast enough to answer the pings in time: the readers then stall too
# and are closed with the others (seen in TSan runs at load 4, before and after
# the server's one-send answers).
READERS=20
[ "$SLACK" = 1 ] || READERS=5
ws stall --viewers $((READERS + 20)) --stall 20 --send "$SUB_BIG" --duration 14 &
STALL=$!
sleep 12
conns=$(curl -s "$URL_live/metrics" | awk '/^cairn_live_connections / { print $2 }')
rss1=$(rss)
rep1=$(replaced)
wait "$STALL"
spread=$(j stall "[.updates[] | select(.n >= $READERS) | .t_max - .t_min] | max // 0")
echo "     (readers: frames min $(j stall .frames_min) max $(j stall .frames_max); RSS ${rss0} → ${rss1} MB)"
check "the $READERS readers each got a frame per refresh (≥ 7 in 14 s)" "frames_min $(j stall .frames_min)" \
	'[ "$(j stall .frames_min)" -ge 7 ]'
# Whether a frame is still waiting when the next is drawn depends on how
# fast frames are drawn against how much the kernel took before the pings
# closed the stalled viewers: a sanitizer build draws too slowly to be sure
# to get there (seen: 0 in a GCC ASan run on a fresh root), so it is
# checked in the optimised build and reported in the others.
if [ "$SLACK" = 1 ]; then
	check "frames waiting for those that never read were replaced by newer ones" \
		"cairn_live_frames_replaced_total $rep0 → $rep1" '[ "$rep1" -gt "$rep0" ]'
else
	echo "     (sanitizer build: frames replaced $rep0 → $rep1, checked in the optimised build)"
fi
check "each frame reached every reader within 500 ms (× slack) of the first" "largest spread ${spread} ms" \
	'le "$spread" "$(scaled 500)"'
check "the 20 that never read were closed by the pings (every 2 s; nothing sent for 6 s): $READERS left after 12 s" \
	"cairn_live_connections $conns" '[ "$conns" = "$READERS" ]'
check "RSS grew by less than 60 MB (× slack)" "${rss0} → ${rss1} MB" \
	'[ $((rss1 - rss0)) -le "$(awk -v k="$SLACK" "BEGIN { print int(60 * k) }")" ]'
check "the server still answers" "health" 'alive live'

section "SIGTERM with viewers connected: they are told (1001) and cairn exits 0"
ws bye --viewers 5 --send "$SUB_REL" --duration "$(scaled 20)" &
BYE=$!
poll_until "$(scaled 10)" '[ -s "$T/bye.log" ]'
stop_cairn live
wait "$BYE"
check "every viewer got close code 1001 (going away)" "$(j bye .close_codes | tr -d ' \n')" \
	'[ "$(j bye "[.close_codes[] | select(. == 1001)] | length")" = 5 ]'
stop_cairn main
finish
