#!/usr/bin/env bash
# examples/k8s builds and says what it should: every example dashboard in
# the dashboards ConfigMap, the configuration's JSON valid and pointing at
# kube-prometheus' Prometheus, probes on /api/health, a ServiceMonitor on
# /metrics.  Uses kubectl's built-in kustomize when it is installed, else
# PyYAML for a syntax check; with neither (a fresh Debian has neither) the
# test is skipped (77), as no heavy dependency is worth it.
# usage: check-k8s.sh SOURCE_ROOT
set -euo pipefail
cd "$1"
K=examples/k8s
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Every examples/*.json is a dashboard (cairn serve --dashboards examples)
# and belongs in the ConfigMap.
for f in examples/*.json; do
	grep -qE "^ +- \.\./$(basename "$f")\$" "$K/kustomization.yaml" ||
		fail "$f is not in $K/kustomization.yaml's cairn-dashboards files"
done

KUBECTL=${KUBECTL:-kubectl}
if command -v "$KUBECTL" >/dev/null && "$KUBECTL" kustomize --help >/dev/null 2>&1; then
	out=$("$KUBECTL" kustomize --load-restrictor LoadRestrictionsNone "$K") ||
		fail "kubectl kustomize $K failed"
	for kind in Deployment Service ServiceMonitor NetworkPolicy; do
		[ "$(grep -c "^kind: $kind\$" <<<"$out")" = 1 ] || fail "not one $kind in the build"
	done
	[ "$(grep -c '^kind: ConfigMap$' <<<"$out")" = 2 ] || fail "not two ConfigMaps in the build"
	for cm in cairn-config cairn-dashboards; do
		name=$(grep -oE "^  name: $cm-[a-z0-9]+\$" <<<"$out" | awk '{print $2}')
		[ -n "$name" ] || fail "no generated $cm ConfigMap"
		[ "$(grep -c "name: $name\$" <<<"$out")" -ge 2 ] || fail "nothing mounts $name"
	done
	echo "kubectl kustomize builds $K"
	config=$(sed -n '/^  cairn.json: |-$/,/^kind:/p' <<<"$out" | sed '1d;$d' | sed 's/^    //')
elif python3 -c 'import yaml' 2>/dev/null; then
	for y in "$K"/*.yaml; do
		python3 -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$y" ||
			fail "$y is not YAML"
	done
	echo "$K/*.yaml parse (PyYAML; no kubectl here to build them)"
	config=$(python3 -c 'import sys, yaml
k = yaml.safe_load(open(sys.argv[1]))
for g in k["configMapGenerator"]:
    for lit in g.get("literals", []):
        if lit.startswith("cairn.json="):
            print(lit[len("cairn.json="):])' "$K/kustomization.yaml")
else
	echo "SKIP: neither kubectl nor PyYAML installed"
	exit 77
fi

[ -n "$config" ] || fail "no cairn.json in the cairn-config ConfigMap"
if command -v python3 >/dev/null; then
	python3 -c 'import json, sys
c = json.loads(sys.argv[1])
assert c["datasources"][0]["url"] == "http://prometheus-k8s.monitoring.svc:9090", c["datasources"]
assert c["dashboards"] == ["/etc/cairn/dashboards"], c["dashboards"]
assert c["listen"].endswith(":3000"), c["listen"]' "$config" || fail "cairn.json in the ConfigMap: $config"
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' examples/cairn.json.example ||
		fail "examples/cairn.json.example is not JSON"
fi
[ "$(grep -c 'path: /api/health' "$K/deployment.yaml")" = 2 ] || fail "readiness and liveness not both on /api/health"
grep -q 'path: /metrics' "$K/servicemonitor.yaml" || fail "the ServiceMonitor does not scrape /metrics"
grep -q 'runAsNonRoot: true' "$K/deployment.yaml" || fail "the Deployment may run as root"
grep -q '^USER 10001' "$K/Dockerfile" || fail "the image runs as root"
echo "examples/k8s: ok"
