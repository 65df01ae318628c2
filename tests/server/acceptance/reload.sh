#!/usr/bin/env bash
# Acceptance (issue 9): the dashboards folder reloaded while `cairn serve`
# runs — an edited file is listed and rendered anew within the reload
# interval, a broken file keeps its last good version serving and is listed
# as failed in /api/health, removed and added files come and go — and
# SIGHUP reloads the dashboards and the configuration file when polling
# would not have.  Against the test Prometheus (CAIRN_TEST_PROM_URL).
#   reload.sh CAIRN_BIN FAULTD_BIN BUILD_DIR SOURCE_ROOT [SLACK]
. "$(dirname "$0")/lib.sh"

PROM=${CAIRN_TEST_PROM_URL:-}
if [ -z "$PROM" ]; then
	fail "CAIRN_TEST_PROM_URL is not set: start tests/harness/prom.sh (tests/run-all.sh does)"
	finish
	exit
fi
RANGE="from=$WIN_FROM&to=$WIN_TO"

# title_of SERVER UID: the title /api/dashboards lists for UID ("" if not listed).
title_of() {
	local url
	url=$(eval echo "\$URL_$1")
	curl -s -m 10 "$url/api/dashboards" |
		jq -r --arg u "$2" '(if type == "array" then . else .dashboards end) | .[] | select(.uid == $u) | .title' 2>/dev/null
}
# wait_title SERVER UID TITLE SECONDS: polls the listing; WAITED = seconds taken.
wait_title() {
	local t0
	t0=$(now_s)
	while le "$(elapsed "$t0")" "$4"; do
		if [ "$(title_of "$1" "$2")" = "$3" ]; then
			WAITED=$(elapsed "$t0")
			return 0
		fi
		sleep 0.1
	done
	WAITED=$(elapsed "$t0")
	return 1
}
health_failed() {  # health_failed SERVER: the failures /api/health lists, as JSON
	local url
	url=$(eval echo "\$URL_$1")
	curl -s -m 10 "$url/api/health" | jq -c '[.. | objects | select(has("failed")) | .failed]' 2>/dev/null
}
# rewrite FILE JQ_FILTER: the file's content replaced in place (same inode,
# as an editor saving over it does).
rewrite() {
	jq "$2" "$1" >"$1.new" && cat "$1.new" >"$1" && rm -f "$1.new"
}

section "reload on file change (reload_interval 1s)"
D=$T/dash-poll
dash_copy "$FIXTURES/probes.json" "$D/reload.json" cairn-reload "Before"
dash_copy "$FIXTURES/probes.json" "$D/keep.json" cairn-keep "Keep"
cat >"$T/poll.json" <<-JSON
	{ "server": { "reload_interval": "1s" } }
JSON
start_cairn poll --config "$T/poll.json" --prometheus "$PROM" --dashboards "$D" ||
	{ fail "cairn serve started"; finish; exit; }
U=$URL_poll
SOLO="$U/render/d-solo/cairn-reload?panelId=1&width=500&height=250&$RANGE"
WINDOW=$(scaled 6)   # reload_interval 1 s + slack

check "listed with its first title" "$(title_of poll cairn-reload)" '[ "$(title_of poll cairn-reload)" = Before ]'
fetch r1 "$SOLO"
E1=$(hdr r1 ETag)
check "rendered" "$(brief r1)" '[ "$(code r1)" = 200 ] && [ "$(hdr r1 X-Cairn-Status)" = ok ]'

# Modified time has one-second resolution on some file systems: let a second pass.
sleep 1.1
rewrite "$D/reload.json" '.title = "After" | .panels[0].title = "flat fifty, renamed"'
wait_title poll cairn-reload After "$WINDOW"
check "an edited title is listed within ${WINDOW}s" "$(title_of poll cairn-reload) after ${WAITED}s" \
	'[ "$(title_of poll cairn-reload)" = After ]'
fetch r2 "$SOLO"
E2=$(hdr r2 ETag)
check "the edited dashboard is what renders (another image, panel retitled)" \
	"$(brief r2) ETag $E2, before $E1" '[ "$(code r2)" = 200 ] && [ -n "$E2" ] && [ "$E2" != "$E1" ]'
fetch uid2 "$U/api/dashboards/uid/cairn-reload"
check "/api/dashboards/uid serves the edited JSON" "$(jq -c '.title // .dashboard.title' "$T/uid2.b" 2>&1)" \
	'[ "$(jq -r ".title // .dashboard.title" "$T/uid2.b")" = After ]'

section "a broken file keeps its last good version"
sleep 1.1
printf '{ "uid": "cairn-reload", "title": "Broken", "panels": [ {"id": 1,, } ' >"$D/reload.json"
t0=$(now_s)
while le "$(elapsed "$t0")" "$WINDOW"; do
	health_failed poll | grep -q reload.json && break
	sleep 0.1
done
check "the broken file is listed as failed in /api/health within ${WINDOW}s" \
	"$(health_failed poll) after $(elapsed "$t0")s" 'health_failed poll | grep -q reload.json'
check "its last good version is still listed" "title '$(title_of poll cairn-reload)'" \
	'[ "$(title_of poll cairn-reload)" = After ]'
fetch r3 "$SOLO"
check "and still renders, the same image as before the break" "$(brief r3) ETag $(hdr r3 ETag)" \
	'[ "$(code r3)" = 200 ] && [ "$(hdr r3 ETag)" = "$E2" ]'
fetch r3b "$U/render/d-solo/cairn-reload?panelId=1&width=500&height=250&from=2026-01-01T01:00:00Z&to=$WIN_TO"
check "a new render of it (another range) works from the last good version" "$(brief r3b)" \
	'[ "$(code r3b)" = 200 ] && [ "$(hdr r3b X-Cairn-Status)" = ok ]'
check "the other dashboard is untouched" "title '$(title_of poll cairn-keep)'" \
	'[ "$(title_of poll cairn-keep)" = Keep ]'

sleep 1.1
dash_copy "$FIXTURES/probes.json" "$D/reload.json" cairn-reload "Mended"
wait_title poll cairn-reload Mended "$WINDOW"
check "mended: the new version serves" "'$(title_of poll cairn-reload)' after ${WAITED}s" \
	'[ "$(title_of poll cairn-reload)" = Mended ]'
check "mended: no longer listed as failed" "$(health_failed poll)" '! health_failed poll | grep -q reload.json'

section "files removed and added"
rm "$D/keep.json"
dash_copy "$FIXTURES/broken-query.json" "$D/sub/added.json" cairn-added "Added"
wait_title poll cairn-added Added "$WINDOW"
check "an added file (in a new sub-folder) is listed" "'$(title_of poll cairn-added)' after ${WAITED}s" \
	'[ "$(title_of poll cairn-added)" = Added ]'
check "a removed file is no longer listed" "'$(title_of poll cairn-keep)'" '[ -z "$(title_of poll cairn-keep)" ]'
fetch gone "$U/render/d-solo/cairn-keep?panelId=1&$RANGE"
check "and no longer renders: 404" "$(brief gone)" '[ "$(code gone)" = 404 ]'
stop_cairn poll

section "SIGHUP reloads dashboards and configuration (polling off: reload_interval 1h)"
D=$T/dash-hup
dash_copy "$FIXTURES/probes.json" "$D/hup.json" cairn-hup "Before"
cat >"$T/hup.json" <<-JSON
	{ "server": { "reload_interval": "1h" } }
JSON
start_cairn hup --config "$T/hup.json" --prometheus "$PROM" --dashboards "$D" ||
	{ fail "cairn serve started"; finish; exit; }
U=$URL_hup
# 600×400 = 240,000 pixels: under the default limit, over the one set later.
PIX="$U/render/d-solo/cairn-hup?panelId=1&width=600&height=400&$RANGE"
fetch p1 "$PIX"
check "600×400 under the default limits.max_pixels → 200" "$(brief p1)" '[ "$(code p1)" = 200 ]'

sleep 1.1
rewrite "$D/hup.json" '.title = "After HUP"'
cat >"$T/hup.json" <<-JSON
	{ "server": { "reload_interval": "1h" }, "limits": { "max_pixels": 200000 } }
JSON
sleep "$(scaled 2)"
check "without SIGHUP the edit is not seen (polling is off)" "'$(title_of hup cairn-hup)'" \
	'[ "$(title_of hup cairn-hup)" = Before ]'
kill -HUP "$PID_hup"
wait_title hup cairn-hup "After HUP" "$(scaled 5)"
check "SIGHUP: the edited dashboard is listed" "'$(title_of hup cairn-hup)' after ${WAITED}s" \
	'[ "$(title_of hup cairn-hup)" = "After HUP" ]'
fetch p2 "$PIX&theme=light"
check "SIGHUP: the configuration's new limits.max_pixels (200000) holds: 600×400 → 413" \
	"$(brief p2)" '[ "$(code p2)" = 413 ]'
check "the server still answers after SIGHUP" "alive" 'alive hup'
printf '{ "server": { "no_such_key": 1 } }' >"$T/hup.json"
kill -HUP "$PID_hup"
sleep "$(scaled 1)"
fetch h3 "$U/api/health"
check "SIGHUP with a configuration that no longer parses: still serving" "$(brief h3)" \
	'[ "$(code h3)" = 200 ] && alive hup'
fetch p3 "$PIX&theme=light"
check "… with the running configuration (max_pixels 200000 still: 413)" "$(brief p3)" \
	'[ "$(code p3)" = 413 ]'
check "… and the refusal logged, naming the key" "$(grep -m1 -i 'no_such_key' "$T/hup.log")" \
	'grep -q no_such_key "$T/hup.log"'
stop_cairn hup
finish
