/* testproc.h -- a program the test runs as a child process: the built
 * staffroom-collector and staffroom-kiosk, mosquitto, mosquitto_pub.
 *
 * Output (stdout and stderr) is appended to a log file the test names, so a
 * failing test can show it. Children die with the test program
 * (PR_SET_PDEATHSIG): a test that fails half-way leaves nothing running.
 * Waiting is on the child's exit with a deadline, never a sleep.
 *
 * Ownership: a testproc is a caller-owned struct (no heap); the argv and
 * log path are copied into the child only.
 */
#ifndef SR_TESTPROC_H
#define SR_TESTPROC_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct testproc {
    pid_t pid;       /* 0 when not running (never started, or reaped) */
    int status;      /* waitpid status once reaped */
} testproc;

/* The path of a program of this build ("staffroom-collector" ->
 * <build>/bin/staffroom-collector), for tests (<build>/tests/<tier>/<test>)
 * and benches (<build>/bench/<bench>) alike: the nearest folder above this
 * program's own that has bin/<name>. Fails the test when there is none.
 * Borrowed until the next call. */
const char *testproc_program(const char *name);

/* Starts argv[0] (searched on $PATH, then /usr/sbin) with output appended
 * to log_path (NULL: inherited). Returns false if fork fails. */
bool testproc_start(testproc *p, const char *const argv[], const char *log_path);

/* Has it exited? Reaps it if so (then p->pid is 0). */
bool testproc_exited(testproc *p);

/* Waits up to timeout_ms for it to exit; true when it did. */
bool testproc_wait(testproc *p, int timeout_ms);

/* Its exit code once exited normally; -SIGNAL when a signal ended it; -1000
 * while it runs. */
int testproc_exit_code(const testproc *p);

/* Sends sig (if running), waits up to timeout_ms, then SIGKILLs. Returns
 * testproc_exit_code() of the ending (-9 when it had to be killed). */
int testproc_end(testproc *p, int sig, int timeout_ms);

/* Runs argv to completion (at most timeout_ms) and returns its exit code
 * (see testproc_exit_code; -9 when it was killed at the deadline). */
int testproc_run(const char *const argv[], const char *log_path, int timeout_ms);

#endif
