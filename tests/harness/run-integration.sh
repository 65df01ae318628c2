#!/usr/bin/env bash
# Runs the integration suite of a meson build against the test Prometheus and
# the test VictoriaMetrics: starts tests/harness/prom.sh and vm.sh in
# temporary directories on free ports, runs `meson test --suite integration`
# with CAIRN_TEST_PROM_URL and CAIRN_TEST_VM_URL set, and stops both on any
# exit.
#
#   run-integration.sh [BUILDDIR] [extra meson test args...]   (default BUILDDIR: build)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build}
[ $# -gt 0 ] && shift
BUILD=$(cd "$BUILD" && pwd)

port_free() {  # nothing accepts connections on 127.0.0.1:PORT
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
  local p=$((20000 + $$ % 20000))
  for _ in $(seq 1 200); do
    if port_free "$p"; then
      echo "$p"
      return 0
    fi
    p=$((p + 1))
  done
  echo "run-integration.sh: no free port found" >&2
  return 1
}

PROM_DIR=$(mktemp -d /tmp/cairn-prom.XXXXXX)
VM_DIR=$(mktemp -d /tmp/cairn-vm.XXXXXX)
cleanup() {
  bash "$HERE/prom.sh" stop "$PROM_DIR" || true
  bash "$HERE/vm.sh" stop "$VM_DIR" || true
  rm -rf "$PROM_DIR" "$VM_DIR"
}
trap cleanup EXIT

ninja -C "$BUILD" tests/integration/gen_openmetrics >/dev/null
PORT=$(pick_port)
VM_PORT=$((PORT + 1))
while ! port_free "$VM_PORT"; do VM_PORT=$((VM_PORT + 1)); done
# VictoriaMetrics loads while Prometheus does.
bash "$HERE/vm.sh" start "$VM_DIR" "$VM_PORT" "$BUILD" >"$VM_DIR/start.log" 2>&1 &
VM_START=$!
bash "$HERE/prom.sh" start "$PROM_DIR" "$PORT" "$BUILD"
CAIRN_TEST_PROM_URL=$(bash "$HERE/prom.sh" url "$PROM_DIR")
export CAIRN_TEST_PROM_URL
echo "run-integration.sh: CAIRN_TEST_PROM_URL=$CAIRN_TEST_PROM_URL"
wait "$VM_START" || { cat "$VM_DIR/start.log"; exit 1; }
CAIRN_TEST_VM_URL=$(bash "$HERE/vm.sh" url "$VM_DIR")
export CAIRN_TEST_VM_URL
echo "run-integration.sh: CAIRN_TEST_VM_URL=$CAIRN_TEST_VM_URL"
meson test -C "$BUILD" --suite integration --print-errorlogs "$@"
