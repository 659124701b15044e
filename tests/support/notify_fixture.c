/* notify_fixture.c -- a stand-in for systemd's notification socket (see
 * notify_fixture.h).
 */
#define _GNU_SOURCE /* SOCK_CLOEXEC */
#include "notify_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

void notify_listener_open(notify_listener *l, const char *name)
{
    memset(l, 0, sizeof *l);
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    socklen_t len;
    if (name[0] == '@') {
        snprintf(l->address, sizeof l->address, "%s-%ld", name, (long)getpid());
        size_t n = strlen(l->address);
        memcpy(addr.sun_path, l->address, n);
        addr.sun_path[0] = '\0';
        len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
    } else {
        testutil_path(l->address, sizeof l->address, name);
        unlink(l->address);
        snprintf(addr.sun_path, sizeof addr.sun_path, "%s", l->address);
        len = (socklen_t)sizeof addr;
    }
    l->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    assert_true(l->fd >= 0);
    if (bind(l->fd, (struct sockaddr *)&addr, len) != 0)
        fail_msg("bind %s: %s", l->address, strerror(errno));
}

void notify_listener_close(notify_listener *l)
{
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
    if (l->address[0] == '/')
        unlink(l->address);
}

bool notify_listener_recv(notify_listener *l, char *out, size_t size, int timeout_ms)
{
    int64_t deadline = testutil_now_ms() + timeout_ms;
    for (;;) {
        int64_t left = deadline - testutil_now_ms();
        if (left < 0)
            return false;
        struct pollfd p = {.fd = l->fd, .events = POLLIN};
        int ready = poll(&p, 1, (int)left);
        if (ready < 0 && errno != EINTR)
            return false;
        if (ready <= 0)
            continue;
        ssize_t n = recv(l->fd, out, size - 1, MSG_DONTWAIT);
        if (n >= 0) {
            out[n] = '\0';
            return true;
        }
    }
}

bool notify_listener_expect(notify_listener *l, const char *needle, char *out, size_t size,
                            int timeout_ms)
{
    int64_t deadline = testutil_now_ms() + timeout_ms;
    for (;;) {
        int64_t left = deadline - testutil_now_ms();
        if (left < 0 || !notify_listener_recv(l, out, size, (int)left))
            return false;
        if (strstr(out, needle))
            return true;
    }
}

pid_t notify_spawn(const notify_listener *l, const char *watchdog_usec, char *const argv[],
                   const char *log_path)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid > 0)
        return pid;
    setenv("NOTIFY_SOCKET", l->address, 1);
    if (watchdog_usec) {
        char self[32];
        snprintf(self, sizeof self, "%ld", (long)getpid());
        setenv("WATCHDOG_USEC", watchdog_usec, 1);
        setenv("WATCHDOG_PID", self, 1);
    } else {
        unsetenv("WATCHDOG_USEC");
        unsetenv("WATCHDOG_PID");
    }
    int log = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log >= 0) {
        dup2(log, STDOUT_FILENO);
        dup2(log, STDERR_FILENO);
    }
    execv(argv[0], argv);
    _exit(127);
}

typedef struct exit_wait {
    pid_t pid;
    int status;
    bool done;
} exit_wait;

static bool child_exited(void *arg)
{
    exit_wait *w = arg;
    if (!w->done && waitpid(w->pid, &w->status, WNOHANG) == w->pid)
        w->done = true;
    return w->done;
}

bool notify_wait_exit(pid_t pid, int timeout_ms, int *status)
{
    exit_wait w = {pid, 0, false};
    if (!testutil_wait_until(child_exited, &w, timeout_ms)) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return false;
    }
    *status = w.status;
    return true;
}
