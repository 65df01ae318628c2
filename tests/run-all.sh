#!/usr/bin/env bash
# Installs what is needed, builds cairn five times and runs every test:
#   build        optimised (GCC): every suite;
#   build-asan   GCC with ASan+UBSan: every suite;
#   build-clang  clang with ASan+UBSan+float-cast-overflow: every suite;
#   build-tsan   clang with ThreadSanitizer: the suites of the threaded code,
#                base/ (the worker pool), request/ (many requests at once) and
#                server/ (the dashboards catalog while it rescans; metrics
#                and the image cache from many threads), qcache (the shared
#                query cache and its coalescing) and the server acceptance
#                scripts (cairn serve under load, reloads, shutdown, faults);
#   build-fuzz   clang with libFuzzer: saved fuzz regressions replayed, then
#                each harness fuzzed for CAIRN_FUZZ_SECONDS (default 20) s.
# The suites are the pure unit suites, the golden images, the comparison with
# Grafana's own drawing, and the end-to-end suite against a real Prometheus
# that this script starts on 127.0.0.1 with deterministic backfilled data.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# clang for the sanitizer builds (ASan/UBSan, TSan) and libFuzzer, llvm for its
# symbolizer, jq for the server acceptance scripts, chromium, node and npm for
# the browser suite (tests/browser: npm only where no npm is (a NodeSource
# nodejs brings its own and conflicts with Debian's)): the tests need them,
# the demo does not.
BROWSER_PKGS=(chromium)
command -v node >/dev/null || BROWSER_PKGS+=(nodejs)
command -v npm >/dev/null || BROWSER_PKGS+=(npm)
bash .ci/install-deps clang libclang-rt-14-dev llvm jq "${BROWSER_PKGS[@]}"

setup() {  # setup DIR [meson options...]: quiet unless something fails
  local dir=$1 log; shift
  log=$(mktemp)
  if [ -d "$dir" ]; then
    meson setup --reconfigure "$dir" "$@" >"$log" 2>&1 || { cat "$log"; return 1; }
  else
    meson setup "$dir" "$@" >"$log" 2>&1 || { cat "$log"; return 1; }
  fi
  ninja -C "$dir" >"$log" 2>&1 || { grep -v '^\[' "$log" | tail -60; return 1; }
  rm -f "$log"
}

echo "[cairn] building (debugoptimized)"
setup build
echo "[cairn] building (ASan + UBSan)"
setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
# GCC's -fsanitize=undefined leaves out float-cast-overflow (a double out of
# an int's range converted to int); clang checks it.  No -fsanitize=integer:
# its unsigned-overflow checks flag the hashes that wrap on purpose, and
# signed overflow is already in "undefined".
CLANG_SAN=-fsanitize=float-cast-overflow
echo "[cairn] building (clang, ASan + UBSan + float-cast-overflow)"
CC=clang setup build-clang -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug \
  -Dc_args="$CLANG_SAN" -Dc_link_args="$CLANG_SAN"
# The fuzz harnesses: optimised, every sanitizer finding fatal, no test suites.
FUZZ_SAN="-fsanitize=float-cast-overflow -fno-sanitize-recover=all"
echo "[cairn] building (clang, libFuzzer harnesses)"
CC=clang setup build-fuzz -Dfuzz=true -Dtests=false -Db_sanitize=address,undefined \
  -Db_lundef=false -Dbuildtype=debugoptimized -Dc_args="$FUZZ_SAN" -Dc_link_args="$FUZZ_SAN"
echo "[cairn] building (ThreadSanitizer, clang: base, request, server, qcache and server acceptance suites)"
setup_tsan() {  # only the test programs TSan runs: quiet unless something fails
  local log; log=$(mktemp)
  if [ ! -d build-tsan ]; then
    CC=clang meson setup build-tsan -Db_sanitize=thread -Db_lundef=false -Dbuildtype=debug \
      >"$log" 2>&1 || { cat "$log"; return 1; }
  fi
  local targets
  targets=$(ninja -C build-tsan -t targets all | grep -oE '^tests/((base|request|server)/test_[a-z_]+|datasource/test_ds_qcache):' | tr -d :)
  # what the server acceptance scripts run: cairn itself, faultd, the data generator
  targets="$targets cli/cairn tests/harness/faultd tests/harness/wsclient tests/integration/gen_openmetrics"
  # shellcheck disable=SC2086
  ninja -C build-tsan $targets >"$log" 2>&1 || { grep -v '^\[' "$log" | tail -60; return 1; }
  rm -f "$log"
}
setup_tsan

PROM_DIR=$(mktemp -d /tmp/cairn-prom.XXXXXX)
VM_DIR=$(mktemp -d /tmp/cairn-vm.XXXXXX)
cleanup() {
  bash tests/harness/prom.sh stop "$PROM_DIR" >/dev/null 2>&1 || true; rm -rf "$PROM_DIR"
  bash tests/harness/vm.sh stop "$VM_DIR" >/dev/null 2>&1 || true; rm -rf "$VM_DIR"
}
trap cleanup EXIT
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=${CAIRN_TEST_PROM_PORT:-19090}
while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
# The same data in VictoriaMetrics, for the tests that run against both
# stores; loaded while Prometheus loads (they wait on each other's queries
# more than on the cores).
VM_PORT=$((PORT + 1))
while ! port_free "$VM_PORT"; do VM_PORT=$((VM_PORT + 1)); done
echo "[cairn] starting VictoriaMetrics on 127.0.0.1:$VM_PORT with the same data"
bash tests/harness/vm.sh start "$VM_DIR" "$VM_PORT" "$ROOT/build" >"$VM_DIR/start.log" 2>&1 &
VM_START=$!
echo "[cairn] starting Prometheus on 127.0.0.1:$PORT with test data"
# Its query log shows the ranges the query cache asks (integration/qcache).
export CAIRN_HARNESS_QUERY_LOG=$PROM_DIR/query.log
bash tests/harness/prom.sh start "$PROM_DIR" "$PORT" "$ROOT/build"
export CAIRN_TEST_PROM_URL
CAIRN_TEST_PROM_URL=$(bash tests/harness/prom.sh url "$PROM_DIR")
wait "$VM_START" || { cat "$VM_DIR/start.log"; echo "[cairn] VictoriaMetrics did not start"; exit 1; }
export CAIRN_TEST_VM_URL
CAIRN_TEST_VM_URL=$(bash tests/harness/vm.sh url "$VM_DIR")

passed=0; failed=0
run_suites() {  # run_suites BUILD_DIR LABEL [meson test options: which suites]
  local dir=$1 label=$2 log
  shift 2
  log=$(mktemp)
  echo "[cairn] running ${*:-every suite} ($label)"
  if meson test -C "$dir" --print-errorlogs --no-rebuild --num-processes 2 "$@" | tee "$log"; then :; fi
  local ok fail
  ok=$(awk '/^Ok:/ {print $2}' "$log"); fail=$(awk '/^Fail:/ {print $2}' "$log")
  local to; to=$(awk '/^Timeout:/ {print $2}' "$log")
  passed=$((passed + ${ok:-0})); failed=$((failed + ${fail:-0} + ${to:-0}))
  if [ -z "$ok" ]; then failed=$((failed + 1)); fi
  rm -f "$log"
}
run_suites build "optimised build"
LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp:print_suppressions=0 \
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
  run_suites build-asan "ASan + UBSan build"
LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp:print_suppressions=0 \
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
  run_suites build-clang "clang ASan + UBSan + float-cast-overflow build"

# GLib, pango, cairo and fontconfig are uninstrumented here, and their own
# locks and atomics (GLib's futex-based GMutex among them) are invisible to
# TSan: ignore_noninstrumented_modules keeps TSan from checking the memory
# those libraries touch through their own memcpy/strcmp/malloc calls, while
# every access and lock in cairn's code (pthread, base/pool.c) is checked.
# G_SLICE=always-malloc: GLib's slice allocator recycles memory between
# threads under such locks.  tests/tsan.supp holds any third-party frame
# suppressed beyond that (by exact frame, never a cairn one).
G_SLICE=always-malloc \
TSAN_OPTIONS=ignore_noninstrumented_modules=1:halt_on_error=1:suppressions=$ROOT/tests/tsan.supp \
  run_suites build-tsan "ThreadSanitizer build" --suite base --suite request --suite server --suite qcache \
    --suite server/acceptance

# Each harness counts as one test: its saved regressions replay clean and a
# fixed-seed run of CAIRN_FUZZ_SECONDS finds nothing.
echo "[cairn] fuzzing each harness for ${CAIRN_FUZZ_SECONDS:-20} s (libFuzzer, clang)"
fuzz_log=$(mktemp)
bash tests/fuzz/run.sh build-fuzz "${CAIRN_FUZZ_SECONDS:-20}" | tee "$fuzz_log" || true
fuzz_ok=$(grep -c '^PASS fuzz/' "$fuzz_log" || true)
fuzz_fail=$(grep -c '^FAIL fuzz/' "$fuzz_log" || true)
passed=$((passed + fuzz_ok)); failed=$((failed + fuzz_fail))
if [ "$((fuzz_ok + fuzz_fail))" -eq 0 ]; then failed=$((failed + 1)); fi
rm -f "$fuzz_log"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
