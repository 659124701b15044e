#!/bin/sh
# run.sh BUILD TEST... -- runs each test program, shows its output, and ends
# with one summary line "tests: N passed, N failed" counting test cases
# (each program is a cmocka suite and prints its own summary; this adds them
# up). A program that dies before its summary counts as one failed case.
# SR_TEST_RUNNER, when set, is a command to run each program with (qemu-aarch64
# for the cross-built arm64 tests).
#
# Each program gets a private scratch folder in $SR_TEST_TMP (removed when it
# passes, kept and named when it fails) and the headless SDL drivers.
set -u
build=$1; shift
cases_passed=0; cases_failed=0; programs_failed=""
export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-offscreen}
export SDL_AUDIODRIVER=dummy
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
root=$(mktemp -d "${TMPDIR:-/tmp}/staffroom-tests.XXXXXX")
for t in "$@"; do
    name=$(basename "$t")
    export SR_TEST_TMP="$root/$name"
    mkdir -p "$SR_TEST_TMP"
    log="$root/$name.log"
    echo "== $t"
    { ${SR_TEST_RUNNER:-} "$t"; echo "$?" > "$root/$name.rc"; } 2>&1 | tee "$log"
    rc=$(cat "$root/$name.rc")
    ok=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    bad=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    cases_passed=$((cases_passed + ${ok:-0}))
    cases_failed=$((cases_failed + ${bad:-0}))
    if [ "$rc" -ne 0 ]; then
        [ -z "$bad" ] && cases_failed=$((cases_failed + 1))
        programs_failed="$programs_failed $name"
        echo "!! $t failed (exit $rc; scratch files kept in $SR_TEST_TMP)"
    else
        rm -rf "$SR_TEST_TMP"
    fi
done
echo "$build: $# test programs${programs_failed:+, failed:$programs_failed}"
[ -z "$programs_failed" ] && rm -rf "$root"
echo "tests: $cases_passed passed, $cases_failed failed"
[ -z "$programs_failed" ]
