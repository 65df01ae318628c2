#!/usr/bin/env bash
# faultd's own test: every mode over a real socket with curl, then — when a
# cairn binary is given — `cairn render` pointed at each fault, which must
# draw the failure in place (exit 1, the report naming the cause) and never
# hang past its --timeout.
# usage: test_faultd.sh FAULTD [CAIRN]
set -euo pipefail
FAULTD=$1 CAIRN=${2:-}
WORK=$(mktemp -d /tmp/cairn-faultd.XXXXXX)
FPID=
cleanup() {
	if [ -n "$FPID" ]; then kill "$FPID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*" >&2
	echo "--- faultd log ---" >&2
	tail -20 "$WORK/faultd.log" >&2 || true
	exit 1
}

"$FAULTD" --port 0 >"$WORK/port" 2>"$WORK/faultd.log" &
FPID=$!
for _ in $(seq 1 50); do
	[ -s "$WORK/port" ] && break
	sleep 0.1
done
PORT=$(head -1 "$WORK/port")
[[ $PORT =~ ^[0-9]+$ ]] || fail "faultd printed no port"
U=http://127.0.0.1:$PORT
RANGE='start=1767225600&end=1767229200&step=60'

# curl_check NAME EXPECTED_RC EXPECTED_CODE CURL_ARGS...: runs curl, checks
# its exit status and HTTP code, leaves headers and body in $WORK/NAME.*
curl_check() {
	local name=$1 want_rc=$2 want_code=$3 rc=0 code
	shift 3
	code=$(curl -sS -D "$WORK/$name.h" -o "$WORK/$name.b" -w '%{http_code}' "$@" 2>"$WORK/$name.e") || rc=$?
	[ "$rc" = "$want_rc" ] || fail "$name: curl exit $rc, want $want_rc ($(cat "$WORK/$name.e"))"
	[ "$code" = "$want_code" ] || fail "$name: HTTP $code, want $want_code"
}

# ok: a 2-series matrix on the asked grid (61 points from 1 h at 60 s).
curl_check ok 0 200 "$U/api/v1/query_range?query=up&$RANGE"
grep -q '"resultType":"matrix"' "$WORK/ok.b" || fail "ok: no matrix"
[ "$(grep -o '\[1767[0-9.]*,' "$WORK/ok.b" | wc -l)" = 122 ] || fail "ok: not 2 x 61 points"
curl_check okpost 0 200 --data-urlencode query=up --data "$RANGE" "$U/api/v1/query_range"
cmp -s "$WORK/ok.b" "$WORK/okpost.b" || fail "ok: POST form and GET answer differently"
curl_check vec 0 200 "$U/api/v1/query?query=up&time=1767225600"
grep -q '"resultType":"vector"' "$WORK/vec.b" || fail "query: no vector"
curl_check lv 0 200 "$U/api/v1/label/job/values"
grep -qF '["a","b","c"]' "$WORK/lv.b" || fail "label values: not [a,b,c]"

# Mode by PromQL token (GET and POST) and by path prefix.
curl_check tok 0 502 "$U/api/v1/query_range?query=rate(faultd_5xx%5B5m%5D)&$RANGE"
grep -q '<html>' "$WORK/tok.b" || fail "5xx: no HTML body"
curl_check tokpost 0 429 --data-urlencode 'query=sum(faultd_429)' "$U/api/v1/query_range"
grep -qi '^Retry-After: 1' "$WORK/tokpost.h" || fail "429: no Retry-After"
curl_check prefix 0 200 "$U/garbage/api/v1/query_range?query=up&$RANGE"
grep -q 'not JSON' "$WORK/prefix.b" || fail "garbage by prefix: body is '$(head -c 80 "$WORK/prefix.b")'"
if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/prefix.b" 2>/dev/null; then
	fail "garbage: the body parses as JSON"
fi

# huge: more than 64 MiB arrive, and the size is announced.
curl_check huge 0 200 "$U/huge/api/v1/query_range?query=up"
size=$(stat -c %s "$WORK/huge.b")
[ "$size" -gt $((64 * 1024 * 1024)) ] || fail "huge: only $size bytes"
grep -qi "^Content-Length: $size" "$WORK/huge.h" || fail "huge: Content-Length is not $size"
rm -f "$WORK/huge.b"

# trickle: about one byte a second (curl gives up after 2.5 s: 28 = timeout).
curl_check trickle 28 200 -m 2.5 "$U/api/v1/query_range?query=faultd_trickle&$RANGE"
size=$(stat -c %s "$WORK/trickle.b")
[ "$size" -ge 1 ] && [ "$size" -le 4 ] || fail "trickle: $size bytes in 2.5 s"

# reset: half a body, then RST (56 = failure receiving: connection reset).
curl_check reset 56 200 "$U/reset/api/v1/query_range?query=up&$RANGE"
grep -qi 'reset' "$WORK/reset.e" || fail "reset: curl says '$(cat "$WORK/reset.e")'"

# stall: nothing at all (000: no status line before the timeout).
curl_check stall 28 000 -m 1 "$U/api/v1/query?query=faultd_stall"

# --mode picks the mode for everything else; counts by mode.
curl_check count 0 200 "$U/faultd/count"
[ "$(cat "$WORK/count.b")" = 11 ] || fail "count: $(cat "$WORK/count.b") requests, want 11"
curl_check count_ok 0 200 "$U/faultd/count/ok"
[ "$(cat "$WORK/count_ok.b")" = 4 ] || fail "count/ok: $(cat "$WORK/count_ok.b"), want 4"
grep -q 'POST /api/v1/query_range HTTP/1.1 \[429\]' "$WORK/faultd.log" ||
	fail "log: no request line for the 429 POST"
kill "$FPID"
wait "$FPID" 2>/dev/null || true
FPID=
"$FAULTD" --port 0 --mode 5xx >"$WORK/port" 2>"$WORK/faultd.log" &
FPID=$!
for _ in $(seq 1 50); do
	[ -s "$WORK/port" ] && break
	sleep 0.1
done
U=http://127.0.0.1:$(head -1 "$WORK/port")
curl_check mode 0 502 "$U/api/v1/query_range?query=up"
curl_check modeok 0 200 "$U/ok/api/v1/query_range?query=up"
echo "faultd: every mode answers as documented"

[ -n "$CAIRN" ] || exit 0
# cairn render against each fault: an image with the error in place (exit 1)
# and a report naming the cause, within the per-query --timeout.
cat >"$WORK/dash.json" <<'JSON'
{"title": "faultd", "uid": "faultd", "schemaVersion": 39,
 "time": {"from": "1767225600", "to": "1767229200"},
 "panels": [{"id": 1, "type": "timeseries", "title": "fault",
   "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
   "targets": [{"refId": "A", "expr": "faultd"}]}]}
JSON
render_fault() {  # render_fault MODE EXPECTED_RC MESSAGE_REGEX
	local mode=$1 want=$2 re=$3 rc=0 t0=$SECONDS
	"$CAIRN" render "$WORK/dash.json" --panel 1 --prometheus "$U/$mode" --timeout 2 \
		-o "$WORK/$mode.png" --report "$WORK/$mode.json" >"$WORK/$mode.out" 2>&1 || rc=$?
	[ "$rc" = "$want" ] || fail "cairn render against $mode: exit $rc, want $want ($(cat "$WORK/$mode.out"))"
	[ $((SECONDS - t0)) -le 10 ] || fail "cairn render against $mode took $((SECONDS - t0)) s"
	[ -s "$WORK/$mode.png" ] || fail "cairn render against $mode wrote no image"
	grep -Eq "$re" "$WORK/$mode.json" || fail "$mode: report does not match /$re/: $(cat "$WORK/$mode.json")"
}
render_fault ok 0 '"status": "ok"'
render_fault 5xx 1 'HTTP 502'
render_fault 429 1 'too_many_requests: faultd: slow down'
render_fault garbage 1 'invalid response from .*garbage.*not JSON'
render_fault huge 1 'response larger than 67108864 bytes'
render_fault trickle 1 'did not answer within 2 s'
render_fault reset 1 'Connection reset by peer'
render_fault stall 1 'did not answer within 2 s'
echo "cairn render draws every fault in place"
