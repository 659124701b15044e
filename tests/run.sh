#!/bin/sh
# run.sh BUILD TEST... -- runs each test program, prints its output, and ends
# with one summary line "tests: N passed, N failed" (the programs themselves
# are cmocka suites, each ending with cmocka's own summary).
#
# Each test gets a private scratch folder in $SR_TEST_TMP (removed when it
# passes, kept and named when it fails) and the headless SDL drivers.
set -u
build=$1; shift
passed=0; failed=0; failed_names=""
export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-offscreen}
export SDL_AUDIODRIVER=dummy
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
root=$(mktemp -d "${TMPDIR:-/tmp}/staffroom-tests.XXXXXX")
for t in "$@"; do
    name=$(basename "$t")
    export SR_TEST_TMP="$root/$name"
    mkdir -p "$SR_TEST_TMP"
    echo "== $t"
    if "$t"; then
        passed=$((passed + 1))
        rm -rf "$SR_TEST_TMP"
    else
        failed=$((failed + 1))
        failed_names="$failed_names $name"
        echo "!! $t failed (scratch files kept in $SR_TEST_TMP)"
    fi
done
[ "$failed" -eq 0 ] && rm -rf "$root"
[ -n "$failed_names" ] && echo "$build: failed:$failed_names"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
