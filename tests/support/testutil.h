/* testutil.h -- small helpers shared by the test programs.
 *
 * Tests never sleep to wait for something: they poll a condition until a
 * deadline (testutil_wait_until). Scratch files go under the folder that
 * tests/run.sh made for this program ($SR_TEST_TMP), or a fresh temporary
 * folder when a test is run by hand.
 */
#ifndef SR_TESTUTIL_H
#define SR_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The test program's scratch folder (created on first use). Borrowed. */
const char *testutil_tmpdir(void);

/* Writes "<tmpdir>/<name>" into out. Returns out. */
char *testutil_path(char *out, size_t size, const char *name);

/* A fresh, empty sub-folder of the scratch folder; path written to out. */
char *testutil_fresh_dir(char *out, size_t size, const char *name);

/* Absolute path of a file in the source tree (e.g. "assets/content"). */
char *testutil_source_path(char *out, size_t size, const char *relative);

/* The path of a program of this test's own build ("staffroom-kiosk" ->
 * <build>/bin/staffroom-kiosk, found from /proc/self/exe, which is
 * <build>/tests/<tier>/<test>), so the sanitizer build's tests run the
 * sanitized programs. Aborts when it is not there. Borrowed. */
const char *testutil_build_program(const char *name);

/* Writes text to path (creating/truncating). Returns false on failure. */
bool testutil_write_file(const char *path, const char *text);

/* Monotonic milliseconds. */
int64_t testutil_now_ms(void);

/* Calls cond(arg) until it returns true or timeout_ms passes, yielding the
 * CPU between calls (poll on nothing for 1 ms: a bounded back-off, not a
 * sleep standing in for synchronisation). Returns cond's last value. */
bool testutil_wait_until(bool (*cond)(void *arg), void *arg, int timeout_ms);

#endif
