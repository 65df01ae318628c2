#!/usr/bin/env bash
# Acceptance (issue 9): every route of `cairn serve`, its parameters and its
# status codes, over a real socket, against the test Prometheus
# (CAIRN_TEST_PROM_URL): images in three formats with their headers, ETag
# and 304, 400 naming the parameter, 404, 405, 413, the listings, health and
# /metrics (promtool-clean, counters moving).
#   routes.sh CAIRN_BIN FAULTD_BIN BUILD_DIR SOURCE_ROOT [SLACK]
. "$(dirname "$0")/lib.sh"

PROM=${CAIRN_TEST_PROM_URL:-}
if [ -z "$PROM" ]; then
	fail "CAIRN_TEST_PROM_URL is not set: start tests/harness/prom.sh (tests/run-all.sh does)"
	finish
	exit
fi

# The dashboards folder: two at the top, one in a sub-folder, one broken.
D=$T/dashboards
dash_copy "$FIXTURES/probes.json" "$D/probes.json"
dash_copy "$SRC/examples/node-overview.json" "$D/node-overview.json"
dash_copy "$FIXTURES/broken-query.json" "$D/team/broken-query.json"
cp "$FIXTURES/bad.json" "$D/team/bad.json"
cat >"$T/cairn.json" <<-JSON
	{ "server": { "max_body_bytes": 65536 },
	  "limits": { "max_pixels": 4000000 } }
JSON

start_cairn main --config "$T/cairn.json" --prometheus "$PROM" --dashboards "$D" ||
	{ fail "cairn serve started"; finish; exit; }
U=$URL_main
RANGE="from=$WIN_FROM&to=$WIN_TO"
SOLO="$U/render/d-solo/cairn-probes?orgId=1&panelId=1&width=600&height=300&$RANGE"

png_size() {  # png_size ID: "WxH" from the IHDR chunk
	od -An -tu1 -j16 -N8 "$T/$1.b" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'
}
is_json_error() {  # is_json_error ID: a short JSON body with an "error" string
	jq -e '.error | type == "string"' "$T/$1.b" >/dev/null 2>&1
}
names_param() {  # names_param ID NAME: the error body names the parameter
	jq -e --arg p "$2" '.parameter == $p or (.error | startswith($p))' "$T/$1.b" >/dev/null 2>&1
}

section "images: PNG, SVG, PDF with their headers"
fetch png "$SOLO"
check "d-solo PNG: 200 image/png" "$(brief png)" \
	'[ "$(code png)" = 200 ] && [ "$(hdr png Content-Type)" = image/png ]'
check "d-solo PNG: Content-Length equals the bytes sent" \
	"Content-Length $(hdr png Content-Length), got $(size png)" \
	'[ "$(hdr png Content-Length)" = "$(size png)" ]'
check "d-solo PNG: PNG bytes of the asked size 600x300" "$(magic png) $(png_size png)" \
	'[ "$(magic png | cut -c2-4)" = PNG ] && [ "$(png_size png)" = 600x300 ]'
check "d-solo PNG: X-Cairn-Status ok" "X-Cairn-Status: $(hdr png X-Cairn-Status)" \
	'[ "$(hdr png X-Cairn-Status)" = ok ]'
ETAG=$(hdr png ETag)
check "d-solo PNG: a strong ETag" "ETag: $ETAG" '[[ $ETAG == \"*\" ]]'
check "d-solo PNG: Cache-Control" "Cache-Control: $(hdr png Cache-Control)" \
	'[ -n "$(hdr png Cache-Control)" ]'
check "security header X-Content-Type-Options: nosniff" \
	"X-Content-Type-Options: $(hdr png X-Content-Type-Options)" \
	'[ "$(hdr png X-Content-Type-Options)" = nosniff ]'

fetch svg "$SOLO&format=svg"
check "format=svg: 200 image/svg+xml, an SVG document" "$(brief svg) starts '$(magic svg)'" \
	'[ "$(code svg)" = 200 ] && [[ $(hdr svg Content-Type) == image/svg+xml* ]] && grep -q "<svg" "$T/svg.b"'
check "format=svg: Content-Length equals the bytes sent" \
	"Content-Length $(hdr svg Content-Length), got $(size svg)" \
	'[ "$(hdr svg Content-Length)" = "$(size svg)" ]'
fetch pdf "$SOLO&format=pdf"
check "format=pdf: 200 application/pdf, %PDF" "$(brief pdf) starts '$(magic pdf)'" \
	'[ "$(code pdf)" = 200 ] && [ "$(hdr pdf Content-Type)" = application/pdf ] && [ "$(magic pdf | cut -c1-4)" = %PDF ]'
check "format=pdf: Content-Length equals the bytes sent" \
	"Content-Length $(hdr pdf Content-Length), got $(size pdf)" \
	'[ "$(hdr pdf Content-Length)" = "$(size pdf)" ]'

# Grafana's URLs carry epoch milliseconds, a slug after the uid, and
# parameters cairn does not use (orgId, kiosk, tz).
fetch ms "$U/render/d-solo/cairn-probes/probes?orgId=1&panelId=1&width=600&height=300&from=$WIN_FROM_MS&to=$((WIN_FROM_MS + 21600000))&kiosk&tz=UTC"
check "slug, epoch-ms from/to, ignored orgId/kiosk: the same image" "$(brief ms) ETag $(hdr ms ETag)" \
	'[ "$(code ms)" = 200 ] && [ "$(hdr ms ETag)" = "$ETAG" ]'
fetch light "$SOLO&theme=light"
check "theme=light: another image" "$(brief light) ETag $(hdr light ETag)" \
	'[ "$(code light)" = 200 ] && [ "$(hdr light ETag)" != "$ETAG" ]'
fetch scale "$SOLO&scale=2"
check "scale=2: twice the pixels" "$(brief scale) $(png_size scale)" \
	'[ "$(code scale)" = 200 ] && [ "$(png_size scale)" = 1200x600 ]'
fetch n1 "$U/render/d-solo/cairn-node-overview?panelId=2&width=500&height=250&$RANGE&var-node=node-1:9100"
fetch n2 "$U/render/d-solo/cairn-node-overview?panelId=2&width=500&height=250&$RANGE&var-node=node-2:9100"
check "var-node=…: each value its own image, status ok" \
	"$(brief n1); $(brief n2); ETags $(hdr n1 ETag) $(hdr n2 ETag)" \
	'[ "$(code n1)" = 200 ] && [ "$(hdr n1 X-Cairn-Status)" = ok ] && [ "$(hdr n2 X-Cairn-Status)" = ok ] && [ "$(hdr n1 ETag)" != "$(hdr n2 ETag)" ]'
fetch dash "$U/render/d/cairn-probes?$RANGE"
check "d (whole dashboard): 200 PNG, 1600 px wide" "$(brief dash) $(png_size dash)" \
	'[ "$(code dash)" = 200 ] && [ "$(hdr dash Content-Type)" = image/png ] && [[ $(png_size dash) == 1600x* ]]'
fetch dashslug "$U/render/d/cairn-probes/probes?$RANGE&format=svg"
check "d with slug, format=svg: 200 SVG" "$(brief dashslug)" \
	'[ "$(code dashslug)" = 200 ] && [[ $(hdr dashslug Content-Type) == image/svg+xml* ]]'

section "a failing query: 200 with the error drawn, and headers saying so"
fetch broken "$U/render/d-solo/cairn-broken-query?panelId=2&width=600&height=300&$RANGE"
check "panel with a PromQL syntax error: 200 PNG, X-Cairn-Status error, X-Cairn-Error" \
	"$(brief broken)" \
	'[ "$(code broken)" = 200 ] && [ "$(hdr broken Content-Type)" = image/png ] && [ "$(hdr broken X-Cairn-Status)" = error ] && [ -n "$(hdr broken X-Cairn-Error)" ]'
fetch brokend "$U/render/d/cairn-broken-query?$RANGE"
check "whole dashboard with one failing panel: 200, X-Cairn-Status error" "$(brief brokend)" \
	'[ "$(code brokend)" = 200 ] && [ "$(hdr brokend X-Cairn-Status)" = error ]'

section "POST /api/render"
fetch post "$U/api/render?panelId=1&width=600&height=300&$RANGE" \
	-X POST -H 'Content-Type: application/json' --data-binary "@$FIXTURES/probes.json"
check "POST a dashboard, panelId=1: 200 PNG, the same image as GET" \
	"$(brief post) ETag $(hdr post ETag) (GET's $ETAG)" \
	'[ "$(code post)" = 200 ] && [ "$(hdr post ETag)" = "$ETAG" ]'
fetch postd "$U/api/render?$RANGE&format=pdf" \
	-X POST -H 'Content-Type: application/json' --data-binary "@$FIXTURES/probes.json"
check "POST a dashboard, no panelId: the whole dashboard (PDF)" "$(brief postd)" \
	'[ "$(code postd)" = 200 ] && [ "$(hdr postd Content-Type)" = application/pdf ]'
fetch postbad "$U/api/render?panelId=1&$RANGE" \
	-X POST -H 'Content-Type: application/json' --data-binary '{"panels": [ {"id": 1,, } ]}'
check "POST JSON that does not parse: 400 with a JSON message" "$(brief postbad)" \
	'[ "$(code postbad)" = 400 ] && is_json_error postbad'

section "ETag and If-None-Match"
fetch inm "$SOLO" -H "If-None-Match: $ETAG"
check "If-None-Match: the ETag → 304, no body, same ETag" \
	"$(code inm), $(size inm) bytes, ETag $(hdr inm ETag)" \
	'[ "$(code inm)" = 304 ] && [ "$(size inm)" = 0 ] && [ "$(hdr inm ETag)" = "$ETAG" ]'
fetch inm2 "$SOLO" -H 'If-None-Match: "0000000000000000"'
check "If-None-Match: another ETag → 200 with the image" "$(brief inm2)" \
	'[ "$(code inm2)" = 200 ] && [ "$(size inm2)" = "$(size png)" ]'

section "400 naming the parameter"
bad_param() {  # bad_param ID PARAM URL
	local bp_id=$1 bp_param=$2
	fetch "$bp_id" "$3"
	check "$bp_param invalid → 400, JSON naming '$bp_param'" "$(brief "$bp_id")" \
		'[ "$(code $bp_id)" = 400 ] && [[ $(hdr $bp_id Content-Type) == application/json* ]] && names_param $bp_id $bp_param'
}
P="$U/render/d-solo/cairn-probes"
bad_param badfrom from "$P?panelId=1&from=yesterday-ish&to=now"
bad_param badto to "$P?panelId=1&from=now-1h&to=2026-13-45T99:00:00Z"
bad_param badwidth width "$P?panelId=1&width=abc&$RANGE"
bad_param negwidth width "$P?panelId=1&width=-5&$RANGE"
bad_param badpanel panelId "$P?panelId=two&$RANGE"
bad_param nopanel panelId "$P?$RANGE"
bad_param badformat format "$P?panelId=1&format=gif&$RANGE"
bad_param badtimeout timeout "$P?panelId=1&timeout=soon&$RANGE"

section "404"
fetch nouid "$U/render/d-solo/no-such-dashboard?panelId=1&$RANGE"
check "unknown uid → 404 JSON" "$(brief nouid)" '[ "$(code nouid)" = 404 ] && is_json_error nouid'
fetch nopanel "$P?panelId=999&$RANGE"
check "unknown panel → 404 JSON" "$(brief nopanel)" '[ "$(code nopanel)" = 404 ] && is_json_error nopanel'
fetch nodash "$U/render/d/no-such-dashboard?$RANGE"
check "unknown uid, whole dashboard → 404" "$(brief nodash)" '[ "$(code nodash)" = 404 ]'
fetch noroute "$U/no/such/route"
check "unknown route → 404 JSON" "$(brief noroute)" '[ "$(code noroute)" = 404 ] && is_json_error noroute'
check "security header on an error too" "X-Content-Type-Options: $(hdr noroute X-Content-Type-Options)" \
	'[ "$(hdr noroute X-Content-Type-Options)" = nosniff ]'
fetch nouidapi "$U/api/dashboards/uid/no-such-dashboard"
check "/api/dashboards/uid/<unknown> → 404" "$(brief nouidapi)" '[ "$(code nouidapi)" = 404 ]'
fetch escape "$U/render/d-solo/..%2F..%2F..%2Fetc%2Fpasswd?panelId=1&$RANGE"
check "a uid of ../../../etc/passwd → 404, not read" "$(brief escape)" '[ "$(code escape)" = 404 ]'
fetch escape2 "$U/api/dashboards/uid/..%2Fprobes.json"
check "/api/dashboards/uid/../probes.json → 404" "$(brief escape2)" '[ "$(code escape2)" = 404 ]'

section "405"
fetch m1 "$U/api/health" -X POST -d x
check "POST /api/health → 405 JSON" "$(brief m1)" '[ "$(code m1)" = 405 ] && is_json_error m1'
fetch m2 "$U/api/render?panelId=1"
check "GET /api/render → 405" "$(brief m2)" '[ "$(code m2)" = 405 ]'
fetch m3 "$P?panelId=1&$RANGE" -X DELETE
check "DELETE /render/d-solo/… → 405" "$(brief m3)" '[ "$(code m3)" = 405 ]'

section "413"
# A valid dashboard over the 65536-byte body cap of this server's config.
jq --arg pad "$(head -c 70000 /dev/zero | tr '\0' x)" '.description = $pad' \
	"$FIXTURES/probes.json" >"$T/big.json"
fetch big "$U/api/render?panelId=1&$RANGE" \
	-X POST -H 'Content-Type: application/json' --data-binary "@$T/big.json"
check "POST body over max_body_bytes (65536) → 413 JSON" "$(brief big)" \
	'[ "$(code big)" = 413 ] && is_json_error big'
fetch pixels "$P?panelId=1&width=4000&height=2000&$RANGE"
check "width×height over limits.max_pixels (4000000) → 413 JSON" "$(brief pixels)" \
	'[ "$(code pixels)" = 413 ] && is_json_error pixels'
fetch bighdr "$U/api/dashboards" -H "X-Padding: $(head -c 20000 /dev/zero | tr '\0' y)"
check "a 20 kB header (max_header_bytes 8192) → refused (a 4xx, or the connection closed)" \
	"$(brief bighdr)" '[[ $(code bighdr) == 4?? || $(code bighdr) == 000 ]]'
check "the server still answers after the oversized requests" "alive" 'alive main'

section "/api/dashboards, /api/dashboards/uid/<uid>"
fetch list "$U/api/dashboards"
LIST=$T/list.json
jq '(if type == "array" then . else .dashboards end)' "$T/list.b" >"$LIST" 2>/dev/null
check "/api/dashboards: 200 JSON" "$(brief list)" \
	'[ "$(code list)" = 200 ] && [[ $(hdr list Content-Type) == application/json* ]] && [ -s "$LIST" ]'
entry() { jq -c --arg u "$1" '.[] | select(.uid == $u)' "$LIST" 2>/dev/null; }
check "lists cairn-probes: title Probes, folder \"\"" "$(entry cairn-probes)" \
	'[ "$(entry cairn-probes | jq -r "[.title, .folder] | @tsv")" = "Probes	" ]'
check "lists cairn-broken-query in folder team" "$(entry cairn-broken-query)" \
	'[ "$(entry cairn-broken-query | jq -r .folder)" = team ]'
check "lists cairn-node-overview" "$(entry cairn-node-overview | head -c 200)" \
	'[ -n "$(entry cairn-node-overview)" ]'
check "lists the three good files and not the broken one" "$(jq -c '[.[].uid]' "$LIST")" \
	'[ "$(jq length "$LIST")" = 3 ]'
check "an entry has tags, a panel count (4) and a URL" "$(entry cairn-probes)" \
	'[ -n "$(entry cairn-probes)" ] && entry cairn-probes | jq -e "has(\"tags\") and ([to_entries[] | select(.key | test(\"panel\")) | .value] | index(4) != null) and ([.[] | strings | select(test(\"cairn-probes\"))] | length > 0)" >/dev/null'
fetch one "$U/api/dashboards/uid/cairn-probes"
check "/api/dashboards/uid/cairn-probes: 200, the dashboard's JSON" "$(brief one)" \
	'[ "$(code one)" = 200 ] && jq -e "(.uid // .dashboard.uid) == \"cairn-probes\"" "$T/one.b" >/dev/null'

section "the browser client (issue 10): pages, files, /variables, /plot"
fetch page "$U/"
CSP=$(hdr page Content-Security-Policy)
check "/: 200 HTML with a strict CSP (scripts and styles from cairn only, nothing inline)" "$(brief page); CSP: $CSP" \
	'[ "$(code page)" = 200 ] && [[ $(hdr page Content-Type) == text/html* ]] && [[ $CSP == *"script-src '"'"'self'"'"'"* ]] && [[ $CSP != *unsafe* ]]'
fetch page304 "$U/" -H "If-None-Match: $(hdr page ETag)"
check "/: ETag, 304 when unchanged" "$(brief page304) for ETag $(hdr page ETag)" '[ "$(code page304)" = 304 ]'
fetch dpage "$U/d/cairn-node-overview/node-overview?from=now-1h&var-job=x"
fetch dnone "$U/d/no-such-uid"
check "/d/<uid>/<slug>: the dashboard page; an unknown uid 404" "$(brief dpage); $(brief dnone)" \
	'[ "$(code dpage)" = 200 ] && grep -q "dashboard.js" "$T/dpage.b" && [ "$(code dnone)" = 404 ] && is_json_error dnone'
fetch js "$U/static/dashboard.js"
fetch css "$U/static/style.css"
fetch nojs "$U/static/nope.js"
fetch dotdot "$U/static/..%2Fserver.c"
check "/static/: JS and CSS with their types; unknown and escaping names 404" \
	"$(brief js); $(brief css); $(brief nojs); $(brief dotdot)" \
	'[ "$(code js)" = 200 ] && [[ $(hdr js Content-Type) == text/javascript* ]] && [[ $(hdr css Content-Type) == text/css* ]] && [ "$(code nojs)" = 404 ] && [ "$(code dotdot)" = 404 ]'
fetch vars "$U/api/dashboards/uid/cairn-node-overview/variables?$RANGE"
check "/variables: each variable with its options from Prometheus, All and current values" "$(brief vars) $(head -c 300 "$T/vars.b")" \
	'jq -e ".variables[] | select(.name == \"node\") | .options == [\"node-1:9100\",\"node-2:9100\",\"node-3:9100\"] and .all and .multi and .includeAll and (.dependsOn | type) == \"array\"" "$T/vars.b" >/dev/null'
fetch vars1 "$U/api/dashboards/uid/cairn-node-overview/variables?$RANGE&var-node=node-1:9100"
check "/variables: a given value is current, the options still all there" "$(head -c 300 "$T/vars1.b")" \
	'jq -e ".variables[] | select(.name == \"node\") | .current == [\"node-1:9100\"] and (.all | not) and (.options | length) == 3" "$T/vars1.b" >/dev/null'
fetch plot "$U/api/dashboards/uid/cairn-probes/plot?panelId=1&width=600&height=300&$RANGE"
check "/plot: the plot rectangle inside the panel, the range in ms" "$(brief plot) $(cat "$T/plot.b")" \
	'jq -e ".plot.x > 0 and .plot.w > 300 and .plot.x + .plot.w < 600 and .plot.y + .plot.h < 300 and .from == $WIN_FROM_MS" "$T/plot.b" >/dev/null'
fetch plot400 "$U/api/dashboards/uid/cairn-probes/plot?width=600"
fetch plot404 "$U/api/dashboards/uid/cairn-probes/plot?panelId=999"
check "/plot: 400 without panelId, 404 for a panel not there" "$(brief plot400); $(brief plot404)" \
	'[ "$(code plot400)" = 400 ] && names_param plot400 panelId && [ "$(code plot404)" = 404 ]'
fetch pagepost "$U/" -X POST -d x
check "POST /: 405" "$(brief pagepost)" '[ "$(code pagepost)" = 405 ]'

section "/api/health"
fetch health "$U/api/health"
check "/api/health: 200 JSON with a version" "$(head -c 300 "$T/health.b")" \
	'[ "$(code health)" = 200 ] && jq -e ".version | type == \"string\"" "$T/health.b" >/dev/null'
check "/api/health: 3 dashboards loaded" "$(jq -c '[.. | objects | select(has("loaded")) | .loaded]' "$T/health.b" 2>&1)" \
	'jq -e "[.. | objects | select(has(\"loaded\")) | .loaded | if type == \"array\" then length else . end] | index(3) != null" "$T/health.b" >/dev/null'
check "/api/health: team/bad.json listed as failed" "$(jq -c '[.. | objects | select(has("failed")) | .failed]' "$T/health.b" 2>&1)" \
	'jq -e "[.. | strings | select(test(\"team/bad.json\"))] | length > 0" "$T/health.b" >/dev/null'
check "/api/health: the datasource reachable" "$(jq -c '.datasources' "$T/health.b" 2>&1)" \
	'jq -e "[.. | objects | select(has(\"reachable\")) | .reachable] | (length > 0 and all)" "$T/health.b" >/dev/null'

section "/metrics"
metric_sum() {  # metric_sum FILE NAME [LABEL_REGEX]: the sum of a family's samples
	awk 2>/dev/null -v n="$2" -v l="${3:-}" '$1 ~ "^" n "({|$)" && (l == "" || $1 ~ l) { s += $NF } END { print s + 0 }' "$1"
}
fetch met1 "$U/metrics"
check "/metrics: 200 text/plain exposition" "$(brief met1)" \
	'[ "$(code met1)" = 200 ] && [[ $(hdr met1 Content-Type) == text/plain* ]]'
promtool check metrics <"$T/met1.b" >"$T/promtool.out" 2>&1
PROMTOOL_RC=$?
check "/metrics passes promtool check metrics" \
	"exit $PROMTOOL_RC: $(head -c 300 "$T/promtool.out" | tr '\n' ' ')" '[ "$PROMTOOL_RC" = 0 ]'
missing=""
for f in cairn_http_requests_total cairn_http_request_duration_seconds_bucket \
	cairn_render_duration_seconds_bucket cairn_query_duration_seconds_bucket \
	cairn_query_cache_hits_total cairn_query_cache_misses_total cairn_query_cache_bytes \
	cairn_image_cache_hits_total cairn_queue_depth cairn_requests_in_flight \
	cairn_dashboards_loaded cairn_dashboards_failed cairn_datasource_errors_total \
	cairn_build_info process_resident_memory_bytes; do
	grep -q "^$f[{ ]" "$T/met1.b" || missing="$missing $f"
done
check "/metrics has the families of server/metrics.h" "missing:${missing:- none}" '[ -z "$missing" ]'
check "cairn_dashboards_loaded 3, cairn_dashboards_failed 1" \
	"$(metric_sum "$T/met1.b" cairn_dashboards_loaded) and $(metric_sum "$T/met1.b" cairn_dashboards_failed)" \
	'[ "$(metric_sum "$T/met1.b" cairn_dashboards_loaded)" = 3 ] && [ "$(metric_sum "$T/met1.b" cairn_dashboards_failed)" = 1 ]'
ok1=$(metric_sum "$T/met1.b" cairn_http_requests_total 'code="200"')
hit1=$(metric_sum "$T/met1.b" cairn_image_cache_hits_total)
for i in 1 2 3 4 5; do fetch rep$i "$SOLO"; done
fetch met2 "$U/metrics"
ok2=$(metric_sum "$T/met2.b" cairn_http_requests_total 'code="200"')
hit2=$(metric_sum "$T/met2.b" cairn_image_cache_hits_total)
check "cairn_http_requests_total{code=\"200\"} moves with 5 renders (and a scrape)" \
	"$ok1 → $ok2" '[ "$((ok2 - ok1))" -ge 5 ]'
check "cairn_image_cache_hits_total moves with 5 repeats of one image" "$hit1 → $hit2" \
	'le "$((hit1 + 5))" "$hit2"'
check "cairn_query_cache_misses_total counted the queries" \
	"$(metric_sum "$T/met2.b" cairn_query_cache_misses_total)" \
	'le 1 "$(metric_sum "$T/met2.b" cairn_query_cache_misses_total)"'
check "cairn_http_requests_total counts the 404s" \
	"$(metric_sum "$T/met2.b" cairn_http_requests_total 'code="404"')" \
	'le 4 "$(metric_sum "$T/met2.b" cairn_http_requests_total code=.404.)"'

check "the server answers /api/health after all of it" "alive" 'alive main'

section "the access log: one line per request"
check "a line for a render: method, path, status, bytes, ms, cache" \
	"$(grep -m1 'GET /render/d-solo/cairn-probes?orgId=1&panelId=1' "$T/main.log")" \
	'grep "GET /render/d-solo/cairn-probes?orgId=1&panelId=1" "$T/main.log" | grep -qE " 200 [0-9]+B [0-9.]+ms .*cache="'
stop_cairn main

section "auth: bearer token and basic auth, /api/health and /metrics open, JSON log"
TOKEN=s3cr3t-t0ken-$RANDOM
cat >"$T/auth.json" <<-JSON
	{ "auth": { "bearer_tokens": ["$TOKEN"], "basic": [{"username": "bot", "password": "pa55-$TOKEN"}] },
	  "log_format": "json" }
JSON
start_cairn auth --config "$T/auth.json" --prometheus "$PROM" --dashboards "$D" ||
	{ fail "cairn serve with auth started"; finish; exit; }
A="$URL_auth/render/d-solo/cairn-probes?panelId=1&width=400&height=200&$RANGE"
fetch a0 "$A"
check "no credentials → 401 with WWW-Authenticate" "$(brief a0) WWW-Authenticate: $(hdr a0 WWW-Authenticate)" \
	'[ "$(code a0)" = 401 ] && [ -n "$(hdr a0 WWW-Authenticate)" ]'
fetch a1 "$A" -H "Authorization: Bearer wrong-$TOKEN"
check "a wrong bearer token → 401" "$(brief a1)" '[ "$(code a1)" = 401 ]'
fetch a2 "$A" -H "Authorization: Bearer $TOKEN"
check "the bearer token → 200" "$(brief a2)" '[ "$(code a2)" = 200 ]'
fetch a3 "$A" -u "bot:pa55-$TOKEN"
check "basic auth → 200" "$(brief a3)" '[ "$(code a3)" = 200 ]'
fetch a4 "$URL_auth/api/dashboards"
check "/api/dashboards is guarded too" "$(brief a4)" '[ "$(code a4)" = 401 ]'
fetch a5 "$URL_auth/api/health"
fetch a6 "$URL_auth/metrics"
check "/api/health and /metrics open by default" "$(code a5) $(code a6)" \
	'[ "$(code a5)" = 200 ] && [ "$(code a6)" = 200 ]'
check "/api/health without credentials: counts only, no file path" "$(head -c 200 "$T/a5.b")" \
	'jq -e ".dashboards.failed_count == 1 and (.dashboards | has(\"failed\") | not)" "$T/a5.b" >/dev/null && ! grep -q "bad.json" "$T/a5.b"'
fetch a7 "$URL_auth/api/health" -H "Authorization: Bearer $TOKEN"
check "/api/health with the token: the failed file named" "$(head -c 200 "$T/a7.b")" \
	'jq -e ".dashboards.failed[0].path | endswith(\"bad.json\")" "$T/a7.b" >/dev/null'
stop_cairn auth
check "--log-format json (from the config): every request line is JSON with its fields" \
	"$(grep -m1 '"method"' "$T/auth.log")" \
	'grep "\"method\"" "$T/auth.log" | jq -se "length >= 7 and all(has(\"status\") and has(\"bytes\") and has(\"ms\") and has(\"path\"))" >/dev/null'
check "no secret in the log (token nor password)" "$(grep -c "$TOKEN" "$T/auth.log") lines with it" \
	'! grep -q "$TOKEN" "$T/auth.log"'
section "a port already in use: a clear error, exit 1, nothing leaked"
# A second cairn on the port of a running one.  lws 4.1 frees its context
# on this path without one of its registrations (tests/lsan.supp says which).
start_cairn holder --prometheus "$PROM" --dashboards "$D" || fail "the holder server started"
BUSY=${URL_holder##*:}
"$CAIRN" serve --listen "127.0.0.1:$BUSY" --prometheus "$PROM" --dashboards "$D" >"$T/busy.log" 2>&1 </dev/null
BUSY_RC=$?
check "exit 1 with a message naming the address and 'in use'" "exit $BUSY_RC: $(grep -m1 'listen' "$T/busy.log")" \
	'[ "$BUSY_RC" = 1 ] && grep -q "listen 127.0.0.1:$BUSY.*in use" "$T/busy.log"'
sanitizer_clean busy
stop_cairn holder
finish
