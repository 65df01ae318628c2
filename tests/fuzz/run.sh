#!/usr/bin/env bash
# Runs cairn's libFuzzer harnesses: first replays every saved regression in
# tests/fuzz/regressions/<harness>/, then fuzzes for SECONDS from the seeds
# (examples/, ../shared/corpus, the saved Prometheus answers and the
# regressions) with a fixed -seed, one process at a time.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS [HARNESS...]   (default: all eight)
#
# BUILD_DIR is a clang build with -Dfuzz=true.  Prints "PASS name" or
# "FAIL name" per harness (CI counts these) and libFuzzer's final stats line;
# a crash is kept as crash-* in the harness's work directory, named in the
# output (the directory is removed when every harness passed, unless it was
# given as $CAIRN_FUZZ_WORK).  Exit status: the number of harnesses that failed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "$1" && pwd) SECONDS_EACH=$2
shift 2
HARNESSES=("$@")
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=(load prom time units regex http live deflate)
WORK=${CAIRN_FUZZ_WORK:-}
OWN_WORK=0
if [ -z "$WORK" ]; then WORK=$(mktemp -d /tmp/cairn-fuzz.XXXXXX); OWN_WORK=1; fi
CORPUS=$ROOT/../shared/corpus

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}

seeds() {  # seeds HARNESS: the read-only corpus directories for it
	local d=$ROOT/tests/fuzz/seeds/$1
	[ -d "$d" ] && echo "$d"
	[ -d "$ROOT/tests/fuzz/regressions/$1" ] && echo "$ROOT/tests/fuzz/regressions/$1"
	case $1 in
	load)
		echo "$ROOT/examples"
		for d in "$ROOT"/tests/*/fixtures; do echo "$d"; done
		[ -d "$CORPUS/dashboards" ] && echo "$CORPUS/dashboards"
		;;
	prom) echo "$ROOT/tests/cli/grafana-ref" ;;
	esac
}

failed=0
for h in "${HARNESSES[@]}"; do
	bin=$BUILD/tests/fuzz/fuzz_$h
	dir=$WORK/$h
	mkdir -p "$dir/corpus"
	log=$dir/log
	ok=1
	regs=("$ROOT"/tests/fuzz/regressions/"$h"/*)
	if [ -e "${regs[0]}" ] && ! "$bin" "${regs[@]}" >"$log.replay" 2>&1; then
		ok=0
		echo "[fuzz] $h: a saved regression fails again:"
		grep -E 'ERROR|runtime error|SUMMARY|Running' "$log.replay" | tail -8
	fi
	if [ $ok -eq 1 ]; then
		mapfile -t dirs < <(seeds "$h")
		# -max_len bounds each input (the saved answers are up to ~100 KB; the
		# dashboards up to ~300 KB); -rss_limit_mb catches runaway memory.
		if ! (cd "$dir" && "$bin" -seed=1 -max_total_time="$SECONDS_EACH" -max_len=131072 \
			-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="$dir/" corpus "${dirs[@]}") >"$log" 2>&1; then
			ok=0
			echo "[fuzz] $h: found a problem (input kept in $dir/):"
			grep -E 'ERROR|runtime error|SUMMARY|Test unit written|==[0-9]+==' "$log" | head -12
		fi
	fi
	stats=$(grep -E '^#[0-9]+.*DONE' "$log" 2>/dev/null | tail -1)
	execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" 2>/dev/null)
	if [ $ok -eq 1 ]; then
		echo "PASS fuzz/$h  ${execs:-?} execs  ${stats#*DONE}"
	else
		echo "FAIL fuzz/$h  (log: $log)"
		failed=$((failed + 1))
	fi
done
# a work directory of our own goes when nothing in it is worth keeping
if [ $failed -eq 0 ] && [ $OWN_WORK -eq 1 ]; then rm -rf "$WORK"; fi
exit $failed
