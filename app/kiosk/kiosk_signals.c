/* kiosk_signals.c -- SIGHUP as a flag plus a self-pipe (see
 * kiosk_signals.h).
 *
 * Order matters in kiosk_signals_take_reload(): the pipe is drained BEFORE
 * the flag is read and cleared. A SIGHUP landing between the two then
 * leaves either the flag set (taken now) or a byte in the pipe with the
 * flag set (taken at the next wake-up) -- never a set flag with an empty
 * pipe that nobody would wake up for.
 */
#include "kiosk_signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t reload_flag;
static int wake_pipe[2] = {-1, -1};
static struct sigaction previous_hup;
static bool installed;

static void on_sighup(int sig)
{
    (void)sig;
    int saved = errno; /* write() may change it under the interrupted code */
    reload_flag = 1;
    if (wake_pipe[1] >= 0) {
        ssize_t n = write(wake_pipe[1], "h", 1); /* full pipe: a wake-up is already due */
        (void)n;
    }
    errno = saved;
}

static bool set_flags(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    int fd_flags = fcntl(fd, F_GETFD);
    return fl >= 0 && fd_flags >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0 &&
           fcntl(fd, F_SETFD, fd_flags | FD_CLOEXEC) == 0;
}

static void close_pipe(void)
{
    for (int i = 0; i < 2; i++) {
        if (wake_pipe[i] >= 0)
            close(wake_pipe[i]);
        wake_pipe[i] = -1;
    }
}

sr_status kiosk_signals_install(char *err, size_t err_size)
{
    if (installed)
        return SR_OK;
    if (pipe(wake_pipe) != 0 || !set_flags(wake_pipe[0]) || !set_flags(wake_pipe[1])) {
        snprintf(err, err_size, "SIGHUP: cannot make the wake-up pipe: %s", strerror(errno));
        close_pipe();
        return SR_E_IO;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sighup;
    sa.sa_flags = SA_RESTART; /* file and SQLite I/O in the loop is not cut short */
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGHUP, &sa, &previous_hup) != 0) {
        snprintf(err, err_size, "SIGHUP: cannot install the handler: %s", strerror(errno));
        close_pipe();
        return SR_E_IO;
    }
    reload_flag = 0;
    installed = true;
    return SR_OK;
}

void kiosk_signals_uninstall(void)
{
    if (!installed)
        return;
    sigaction(SIGHUP, &previous_hup, NULL);
    close_pipe();
    reload_flag = 0;
    installed = false;
}

void kiosk_signals_request_reload(void)
{
    if (installed)
        on_sighup(SIGHUP); /* async-signal-safe, hence safe from any thread */
}

int kiosk_signals_wake_fd(void)
{
    return wake_pipe[0];
}

bool kiosk_signals_reload_pending(void)
{
    return reload_flag != 0;
}

bool kiosk_signals_take_reload(void)
{
    char buf[64];
    if (wake_pipe[0] >= 0)
        while (read(wake_pipe[0], buf, sizeof buf) > 0)
            continue;
    if (!reload_flag)
        return false;
    reload_flag = 0;
    return true;
}
