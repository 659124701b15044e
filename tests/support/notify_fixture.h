/* notify_fixture.h -- playing systemd's part in tests: a real unix datagram
 * socket for sd_notify messages, and a program started with $NOTIFY_SOCKET
 * (and $WATCHDOG_USEC) pointing at it, as systemd starts a Type=notify unit.
 *
 * Nothing here sleeps: a message is waited for with poll() and a deadline,
 * a child's exit with testutil_wait_until().
 *
 * Ownership: the listener's socket and the child are the caller's;
 * notify_listener_close() closes the socket and removes its file.
 */
#ifndef SR_NOTIFY_FIXTURE_H
#define SR_NOTIFY_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct notify_listener {
    int fd;
    char address[108];   /* what $NOTIFY_SOCKET is set to ("/..." or "@...") */
} notify_listener;

/* Binds a datagram socket: a file in the test's scratch folder named name,
 * or, when name starts with '@', a name in the abstract namespace (made
 * unique with the pid). Fails the test when it cannot. */
void notify_listener_open(notify_listener *l, const char *name);
void notify_listener_close(notify_listener *l);

/* The next datagram, as a string, within timeout_ms. false on timeout. */
bool notify_listener_recv(notify_listener *l, char *out, size_t size, int timeout_ms);

/* Receives until a datagram containing needle arrives (true; it is left in
 * out) or timeout_ms passes (false). Datagrams before it are dropped. */
bool notify_listener_expect(notify_listener *l, const char *needle, char *out, size_t size,
                            int timeout_ms);

/* Starts argv (argv[0] a path) with NOTIFY_SOCKET set to l's address and,
 * when watchdog_usec is not NULL, WATCHDOG_USEC and WATCHDOG_PID (the
 * child's own pid, as systemd sets it); stdout and stderr go to log_path. */
pid_t notify_spawn(const notify_listener *l, const char *watchdog_usec, char *const argv[],
                   const char *log_path);

/* Waits up to timeout_ms for pid to exit; its raw wait status in *status.
 * false on timeout (the child is then killed). */
bool notify_wait_exit(pid_t pid, int timeout_ms, int *status);

#endif
