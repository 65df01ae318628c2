#!/usr/bin/env bash
# examples/k8s mounts the dashboards as a ConfigMap volume, which the kubelet
# lays out as hidden timestamped folders behind a "..data" link, each file a
# link through it, and updates by swapping "..data" in one rename.  cairn
# serve must serve each dashboard once (not the hidden copies too), fail none,
# and pick up the swap by itself.
# usage: configmap.sh CAIRN SOURCE_ROOT
set -euo pipefail
CAIRN=$1 SRC=$2
WORK=$(mktemp -d /tmp/cairn-configmap.XXXXXX)
SPID=
cleanup() {
	if [ -n "$SPID" ]; then
		kill "$SPID" 2>/dev/null || true
		wait "$SPID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*" >&2
	tail -20 "$WORK/serve.log" >&2 || true
	exit 1
}

D=$WORK/dashboards
mkdir -p "$D/..2026_01_01_00_00_00.1"
cp "$SRC/examples/node-overview.json" "$SRC/examples/korean.json" "$D/..2026_01_01_00_00_00.1/"
ln -s ..2026_01_01_00_00_00.1 "$D/..data"
for f in node-overview.json korean.json; do ln -s "..data/$f" "$D/$f"; done

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
	echo $((20000 + RANDOM % 20000)))
U=http://127.0.0.1:$PORT
cat >"$WORK/cairn.json" <<JSON
{"dashboards": ["$D"], "server": {"reload_interval": "200ms"}}
JSON
"$CAIRN" serve --config "$WORK/cairn.json" --prometheus testdata --listen "127.0.0.1:$PORT" \
	>"$WORK/serve.log" 2>&1 </dev/null &
SPID=$!
for _ in $(seq 1 100); do
	curl -fsS -m 2 "$U/api/health" >"$WORK/health.json" 2>/dev/null && break
	kill -0 "$SPID" 2>/dev/null || fail "cairn serve exited at start"
	sleep 0.1
done
curl -fsS "$U/api/dashboards" >"$WORK/list.json" || fail "/api/dashboards"
[ "$(grep -o '"uid":' "$WORK/list.json" | wc -l)" = 2 ] || fail "not two dashboards: $(cat "$WORK/list.json")"
grep -q '"folder":""' "$WORK/list.json" || fail "dashboards not at the top: $(cat "$WORK/list.json")"
grep -q '\.\.20\|\.\.data' "$WORK/list.json" && fail "a hidden ConfigMap folder served: $(cat "$WORK/list.json")"
curl -fsS "$U/api/health" >"$WORK/health.json"
grep -q '\.\.20\|\.\.data' "$WORK/health.json" && fail "a hidden ConfigMap path in /api/health: $(cat "$WORK/health.json")"
code=$(curl -sS -o /dev/null -w '%{http_code}' "$U/render/d-solo/cairn-node-overview?panelId=2&width=300&height=150")
[ "$code" = 200 ] || fail "a panel from the ConfigMap: HTTP $code"

# The kubelet's update: a new timestamped folder, "..data" swapped by rename.
mkdir "$D/..2026_01_01_00_01_00.2"
sed 's/"title": "Node overview"/"title": "Node overview v2"/' "$SRC/examples/node-overview.json" \
	>"$D/..2026_01_01_00_01_00.2/node-overview.json"
cp "$SRC/examples/korean.json" "$D/..2026_01_01_00_01_00.2/"
ln -s ..2026_01_01_00_01_00.2 "$D/..data_tmp"
mv -T "$D/..data_tmp" "$D/..data"
rm -rf "$D/..2026_01_01_00_00_00.1"
for _ in $(seq 1 50); do
	curl -fsS "$U/api/dashboards" | grep -q 'Node overview v2' && break
	sleep 0.2
done
curl -fsS "$U/api/dashboards" >"$WORK/list.json"
grep -q 'Node overview v2' "$WORK/list.json" || fail "the swapped ConfigMap was not picked up: $(cat "$WORK/list.json")"
[ "$(grep -o '"uid":' "$WORK/list.json" | wc -l)" = 2 ] || fail "not two dashboards after the swap"
echo "a ConfigMap volume: each dashboard served once, the kubelet's swap picked up"
