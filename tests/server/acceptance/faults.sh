#!/usr/bin/env bash
# Acceptance (issue 9): `cairn serve` in front of a datasource that fails on
# cue (tests/harness/faultd: a faultd_MODE token in a query picks the
# fault): 5xx, 429, invalid JSON, a huge body, a byte-per-second trickle, a
# reset connection and a stall each answer 200 with the error drawn,
# X-Cairn-Status error and an X-Cairn-Error naming the cause, within the
# request's deadline; the server answers /api/health afterwards; and a full
# work queue (workers 1, queue 1, requests held by a stalled datasource)
# answers 503 with Retry-After.
#   faults.sh CAIRN_BIN FAULTD_BIN BUILD_DIR SOURCE_ROOT [SLACK]
. "$(dirname "$0")/lib.sh"

start_faultd || { fail "faultd started"; finish; exit; }
D=$T/dashboards
mkdir -p "$D"
# Panel N's query carries the fault's token; panel 1 is faultd's valid answer.
MODES=(ok 5xx 429 garbage huge trickle reset stall)
exprs=()
for m in "${MODES[@]}"; do
	if [ "$m" = ok ]; then exprs+=("up"); else exprs+=("rate(faultd_$m[5m])"); fi
done
panels_dash cairn-faults "Faults" "${exprs[@]}" >"$D/faults.json"
RANGE="from=$WIN_FROM&to=$WIN_TO"

start_cairn f --prometheus "$FAULTD_URL" --dashboards "$D" ||
	{ fail "cairn serve started"; finish; exit; }
U=$URL_f

# What X-Cairn-Error must mention for each fault (case-insensitive regex).
declare -A CAUSE=(
	[5xx]='502'
	[429]='429|too.many'
	[garbage]='json|parse|invalid'
	[huge]='larger|too (large|big)|limit|[0-9]+ bytes'
	[trickle]='within|time.?out|timed out|deadline'
	[reset]='reset|recv|connection|transfer|partial'
	[stall]='within|time.?out|timed out|deadline'
)
BOUND=$(awk -v k="$SLACK" 'BEGIN { printf "%.1f", 3 + 2.5 * k }')

section "each fault: 200, the error drawn, its cause named"
fetch ok "$U/render/d-solo/cairn-faults?panelId=1&width=500&height=250&$RANGE"
check "faultd's valid answer renders ok (the control)" "$(brief ok)" \
	'[ "$(code ok)" = 200 ] && [ "$(hdr ok X-Cairn-Status)" = ok ]'
for i in $(seq 2 ${#MODES[@]}); do
	m=${MODES[$((i - 1))]}
	fetch "$m" "$U/render/d-solo/cairn-faults?panelId=$i&width=500&height=250&$RANGE&timeout=3"
	check "$m: 200 PNG, X-Cairn-Status error, X-Cairn-Error ~ /${CAUSE[$m]}/" "$(brief "$m") in $(took "$m")s" \
		'[ "$(code $m)" = 200 ] && [ "$(hdr $m Content-Type)" = image/png ] && [ "$(hdr $m X-Cairn-Status)" = error ] && hdr $m X-Cairn-Error | grep -qiE "${CAUSE[$m]}"'
	case $m in trickle|stall)
		check "$m: the deadline (timeout=3) holds: answered within ${BOUND}s" "$(took "$m")s" \
			'le "$(took $m)" "$BOUND"' ;;
	esac
done
fetch whole "$U/render/d/cairn-faults?$RANGE&timeout=3"
check "the whole dashboard of faults: 200, X-Cairn-Status error, within ${BOUND}s" \
	"$(brief whole) in $(took whole)s" \
	'[ "$(code whole)" = 200 ] && [ "$(hdr whole X-Cairn-Status)" = error ] && le "$(took whole)" "$BOUND"'
check "the server still answers /api/health" "alive" 'alive f'
curl -s -m 10 "$U/metrics" >"$T/m-faults.txt"
errs=$(awk '/^cairn_datasource_errors_total/ { s += $NF } END { print s + 0 }' "$T/m-faults.txt")
check "cairn_datasource_errors_total counts the faults" "$errs" '[ "$errs" -ge 7 ]'
check "faultd saw the requests" "$(curl -s "$FAULTD_URL/faultd/count")" \
	'[ "$(curl -s "$FAULTD_URL/faultd/count")" -ge 8 ]'
stop_cairn f

section "a full queue: 503 with Retry-After (workers 1, queue 1, a stalled datasource)"
cat >"$T/tiny.json" <<-JSON
	{ "server": { "workers": 1, "queue": 1 } }
JSON
start_cairn tiny --config "$T/tiny.json" --prometheus "$FAULTD_URL" --dashboards "$D" ||
	{ fail "cairn serve started"; finish; exit; }
U=$URL_tiny
STALL="$U/render/d-solo/cairn-faults?panelId=8&width=300&height=150&timeout=5"
fetch q1 "$STALL&from=2026-01-01T01:00:00Z&to=$WIN_TO" &
p1=$!
sleep "$(scaled 0.5)"
fetch q2 "$STALL&from=2026-01-01T02:00:00Z&to=$WIN_TO" &
p2=$!
sleep "$(scaled 0.5)"
fetch q3 "$STALL&from=2026-01-01T03:00:00Z&to=$WIN_TO"
check "a third request while one runs and one waits: 503, Retry-After, a JSON message" \
	"$(brief q3) Retry-After: $(hdr q3 Retry-After)" \
	'[ "$(code q3)" = 503 ] && [[ $(hdr q3 Retry-After) =~ ^[0-9]+$ ]] && jq -e ".error | type == \"string\"" "$T/q3.b" >/dev/null'
check "… answered at once, not after the queue" "$(took q3)s" 'le "$(took q3)" "$(scaled 1)"'
fetch hq "$U/api/health"
check "/api/health still answers with the queue full" "$(code hq) in $(took hq)s" '[ "$(code hq)" = 200 ]'
wait "$p1" "$p2"
check "the running and the queued requests finish: 200, the stall drawn as an error" \
	"$(brief q1); $(brief q2)" \
	'[ "$(code q1)" = 200 ] && [ "$(code q2)" = 200 ] && [ "$(hdr q1 X-Cairn-Status)" = error ]'
fetch q4 "$U/render/d-solo/cairn-faults?panelId=1&width=300&height=150&$RANGE"
check "once the queue drains, requests are served again" "$(brief q4)" \
	'[ "$(code q4)" = 200 ] && [ "$(hdr q4 X-Cairn-Status)" = ok ]'
stop_cairn tiny
finish
