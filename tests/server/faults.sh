#!/usr/bin/env bash
# cairn serve against a misbehaving Prometheus (tests/harness/faultd): one
# faultd, one datasource per fault (http://127.0.0.1:PORT/<mode>, a 2 s
# timeout), one panel per datasource.  Every panel must answer 200 with the
# error drawn in place and X-Cairn-Status: error, within its deadline; a
# stalled or trickling datasource must not hold requests past it, even many
# at once; the server stays up, keeps answering the healthy datasource, and
# stops cleanly on SIGTERM.
# usage: faults.sh CAIRN FAULTD
set -euo pipefail
CAIRN=$1 FAULTD=$2
WORK=$(mktemp -d /tmp/cairn-faults.XXXXXX)
FPID= SPID=
cleanup() {
	for p in $SPID $FPID; do kill "$p" 2>/dev/null || true; done
	for p in $SPID $FPID; do wait "$p" 2>/dev/null || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*" >&2
	echo "--- cairn serve log ---" >&2
	tail -20 "$WORK/serve.log" >&2 || true
	echo "--- faultd log ---" >&2
	tail -10 "$WORK/faultd.log" >&2 || true
	exit 1
}

"$FAULTD" --port 0 >"$WORK/fport" 2>"$WORK/faultd.log" &
FPID=$!
for _ in $(seq 1 50); do
	[ -s "$WORK/fport" ] && break
	sleep 0.1
done
FPORT=$(head -1 "$WORK/fport")
[[ $FPORT =~ ^[0-9]+$ ]] || fail "faultd printed no port"

MODES=(ok 5xx 429 garbage huge trickle reset stall)
mkdir -p "$WORK/dash"
{
	printf '{"datasources": [\n'
	for i in "${!MODES[@]}"; do
		m=${MODES[$i]}
		[ "$i" = 0 ] || printf ',\n'
		printf '  {"name": "%s", "url": "http://127.0.0.1:%s/%s", "references": ["f-%s"], "timeout": "2s"%s}' \
			"$m" "$FPORT" "$m" "$m" "$([ "$m" = ok ] && echo ', "default": true')"
	done
	printf '\n],\n "limits": {"timeout": "8s"}}\n'
} >"$WORK/cairn.json"
{
	printf '{"title": "faults", "uid": "faults", "schemaVersion": 39,\n'
	printf ' "time": {"from": "1767225600", "to": "1767229200"}, "panels": [\n'
	for i in "${!MODES[@]}"; do
		m=${MODES[$i]}
		[ "$i" = 0 ] || printf ',\n'
		printf '  {"id": %d, "type": "timeseries", "title": "%s", "datasource": "f-%s",' \
			$((i + 1)) "$m" "$m"
		printf ' "gridPos": {"x": 0, "y": %d, "w": 24, "h": 6}, "targets": [{"refId": "A", "expr": "up"}]}' \
			$((i * 6))
	done
	printf '\n]}\n'
} >"$WORK/dash/faults.json"

# A free port: the kernel's pick, released just before cairn takes it.
SPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
	echo $((20000 + RANDOM % 20000)))
U=http://127.0.0.1:$SPORT
"$CAIRN" serve --config "$WORK/cairn.json" --dashboards "$WORK/dash" --listen "127.0.0.1:$SPORT" \
	>"$WORK/serve.log" 2>&1 </dev/null &
SPID=$!
for _ in $(seq 1 100); do
	curl -fsS -m 2 "$U/api/health" >/dev/null 2>&1 && break
	kill -0 "$SPID" 2>/dev/null || fail "cairn serve exited at start"
	sleep 0.1
done
curl -fsS -m 2 "$U/api/health" >/dev/null || fail "cairn serve not answering /api/health"

# get NAME PATH MAX_SECONDS: 200 and a PNG within MAX_SECONDS; headers kept.
get() {
	local name=$1 path=$2 max=$3 out
	out=$(curl -sS -m 30 -D "$WORK/$name.h" -o "$WORK/$name.png" \
		-w '%{http_code} %{content_type} %{time_total}' "$U$path") || fail "$name: curl failed"
	read -r code ctype secs <<<"$out"
	[ "$code" = 200 ] || fail "$name: HTTP $code for $path"
	[ "$ctype" = image/png ] || fail "$name: Content-Type $ctype"
	awk -v t="$secs" -v m="$max" 'BEGIN { exit !(t <= m) }' || fail "$name: took $secs s (at most $max)"
	[ "$(head -c 8 "$WORK/$name.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
		fail "$name: not a PNG"
}
status_of() { grep -i '^X-Cairn-Status:' "$WORK/$1.h" | tr -d '\r' | awk '{print tolower($2)}'; }

for i in "${!MODES[@]}"; do
	m=${MODES[$i]}
	get "$m" "/render/d-solo/faults?panelId=$((i + 1))&width=400&height=200" 7
	if [ "$m" = ok ]; then
		[ "$(status_of ok)" != error ] || fail "ok: X-Cairn-Status: error from a healthy datasource"
	else
		[ "$(status_of "$m")" = error ] || fail "$m: no X-Cairn-Status: error (headers: $(tr -d '\r' <"$WORK/$m.h" | tr '\n' ' '))"
	fi
done
echo "each fault: 200, the error drawn in place, X-Cairn-Status: error, within the datasource's 2 s"
# The message names the datasource as configured (its name and URL), not "Prometheus".
err5xx=$(grep -i '^X-Cairn-Error:' "$WORK/5xx.h" | tr -d '\r')
case $err5xx in
*"HTTP 502 from datasource \"5xx\" at http://127.0.0.1:$FPORT/5xx/api/v1/query_range"*) ;;
*) fail "5xx: the error does not name datasource \"5xx\" and its URL: $err5xx" ;;
esac
echo "the error names the datasource: ${err5xx#*: }"

# The whole dashboard: every fault at once, still within the deadline.
get whole "/render/d/faults?width=800" 9
[ "$(status_of whole)" = error ] || fail "whole dashboard: no X-Cairn-Status: error"

# Sixteen requests on stalled and trickling datasources at once (new images:
# a nonce each): none is held past its deadline, and the healthy datasource
# keeps answering meanwhile.
pids=()
for k in $(seq 1 16); do
	panel=$([ $((k % 2)) = 0 ] && echo 8 || echo 6)
	(get "c$k" "/render/d-solo/faults?panelId=$panel&width=300&height=150&_=$k" 9) &
	pids+=($!)
done
get during "/render/d-solo/faults?panelId=1&width=320&height=160" 9
[ "$(status_of during)" != error ] || fail "the healthy panel failed while others stalled"
for p in "${pids[@]}"; do wait "$p" || fail "a concurrent stalled request failed (above)"; done
echo "16 stalled/trickling requests at once: each answered within its deadline"

kill -0 "$SPID" 2>/dev/null || fail "cairn serve died"
curl -fsS -m 2 "$U/api/health" >/dev/null || fail "/api/health after the faults"
curl -fsS -m 2 "$U/metrics" >"$WORK/metrics" || fail "/metrics after the faults"
grep -q '^cairn_' "$WORK/metrics" || fail "/metrics has no cairn_ series"

kill -TERM "$SPID"
rc=0
wait "$SPID" || rc=$?
SPID=
[ "$rc" = 0 ] || fail "cairn serve exited $rc on SIGTERM"
echo "cairn serve survived every fault and stopped cleanly"
