#!/usr/bin/env bash
# tests/cli/startup.sh CAIRN SOURCE_ROOT — libcurl is loaded only by runs
# that fetch (datasource/curlsym.h): `cairn --version`, a render on the
# testdata datasource and a render from a saved answer (--data) start without
# it; a render against a real Prometheus loads it, and works.  Read from the
# dynamic loader's own account (LD_DEBUG=libs).
set -u
CAIRN=$1
ROOT=$2
T=$(mktemp -d /tmp/cairn-startup.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
check() {  # check NAME SAW CONDITION
	if eval "$3"; then
		echo "PASS $1 ($2)"
	else
		echo "FAIL $1 (saw: $2)"
		fails=$((fails + 1))
	fi
}
curl_loads() {  # curl_loads LOG: how many times cairn's loader opened libcurl
	# LD_DEBUG reaches child processes too (a sanitizer build's
	# llvm-symbolizer links libcurl): only the first process's lines count.
	local pid
	pid=$(grep -m1 -oE '^ *[0-9]+:' "$1" | tr -d ' :')
	grep -cE "^ *$pid:.*calling init: .*libcurl" "$1"
}
DASH=$ROOT/examples/node-overview.json

LD_DEBUG=libs "$CAIRN" --version >"$T/v.out" 2>"$T/v.ld"
check "cairn --version: exit 0, libcurl not loaded" "exit $?, $(curl_loads "$T/v.ld") loads" \
	'[ "$(curl_loads "$T/v.ld")" = 0 ] && grep -q "^cairn " "$T/v.out"'

LD_DEBUG=libs "$CAIRN" render "$DASH" --prometheus testdata -o "$T/td.png" 2>"$T/td.ld"
rc=$?
check "a testdata render: exit 0, an image, libcurl not loaded" "exit $rc, $(curl_loads "$T/td.ld") loads" \
	'[ $rc = 0 ] && [ -s "$T/td.png" ] && [ "$(curl_loads "$T/td.ld")" = 0 ]'

# A one-panel dashboard (no variables: those would be asked of Prometheus)
# and a saved answer for its target.
cat >"$T/one.json" <<-JSON
	{"title":"one","panels":[{"id":1,"type":"timeseries","title":"up",
	 "gridPos":{"x":0,"y":0,"w":12,"h":8},"targets":[{"refId":"A","expr":"up"}]}]}
JSON
cat >"$T/a.json" <<-JSON
	{"status":"success","data":{"resultType":"matrix","result":[
	 {"metric":{"__name__":"up","instance":"a"},"values":[[1700000000,"1"],[1700000060,"2"],[1700000120,"3"]]}]}}
JSON
LD_DEBUG=libs "$CAIRN" render "$T/one.json" --panel 1 --data "A=$T/a.json" \
	--from 1700000000 --to 1700000120 --prometheus http://127.0.0.1:1 -o "$T/data.png" 2>"$T/data.ld"
rc=$?
check "--data: exit 0, libcurl not loaded" "exit $rc, $(curl_loads "$T/data.ld") loads" \
	'[ $rc = 0 ] && [ "$(curl_loads "$T/data.ld")" = 0 ]'

if [ -n "${CAIRN_TEST_PROM_URL:-}" ]; then
	LD_DEBUG=libs "$CAIRN" render "$DASH" --prometheus "$CAIRN_TEST_PROM_URL" \
		-o "$T/live.png" 2>"$T/live.ld"
	rc=$?
	check "against Prometheus: libcurl loaded on demand, the render works" \
		"exit $rc, $(curl_loads "$T/live.ld") loads" \
		'[ $rc = 0 ] && [ "$(curl_loads "$T/live.ld")" = 1 ] && [ -s "$T/live.png" ]'
else
	echo "FAIL CAIRN_TEST_PROM_URL is not set: start tests/harness/prom.sh (tests/run-all.sh does)"
	fails=$((fails + 1))
fi
[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
[ $fails = 0 ]
