/* sdnotify.c -- the sd_notify datagram protocol on a plain unix socket (see
 * sdnotify.h).
 *
 * The promise: never block and never fail loudly. The kiosk's loop calls
 * this on its way to sleep; a manager that has gone away or stopped reading
 * must cost a failed sendto(), not a frozen screen. Credentials need no
 * work here: systemd sets SO_PASSCRED on its socket, so the kernel attaches
 * our pid to every datagram and systemd checks it against the main pid
 * (NotifyAccess=main).
 */
#define _GNU_SOURCE /* SOCK_CLOEXEC, MSG_NOSIGNAL */
#include "sdnotify.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Fills the address from $NOTIFY_SOCKET's value. */
static sr_status parse_address(sdnotify *n, const char *value, char *err, size_t err_size)
{
    size_t len = strlen(value);
    if (value[0] != '/' && value[0] != '@') {
        snprintf(err, err_size, "NOTIFY_SOCKET=%s: not an absolute path or an @abstract name "
                 "(vsock is not supported); not telling systemd anything", value);
        return SR_E_CONFIG;
    }
    if (len >= SDNOTIFY_ADDRESS_MAX || len < 2) {
        snprintf(err, err_size, "NOTIFY_SOCKET: a socket name is 2 to %d bytes, this is %zu; "
                 "not telling systemd anything", SDNOTIFY_ADDRESS_MAX - 1, len);
        return SR_E_CONFIG;
    }
    memcpy(n->address, value, len);
    n->address[len] = '\0';
    n->address_len = len + 1;
    if (value[0] == '@') {
        n->address[0] = '\0'; /* abstract: every byte counts, no terminator */
        n->address_len = len;
    }
    return SR_OK;
}

/* Reads the watchdog interval; none when it is meant for another pid. */
static sr_status parse_watchdog(sdnotify *n, char *err, size_t err_size)
{
    const char *usec = getenv("WATCHDOG_USEC");
    const char *pid = getenv("WATCHDOG_PID");
    if (!usec || !*usec)
        return SR_OK;
    if (pid && *pid) {
        char *end;
        errno = 0;
        long long p = strtoll(pid, &end, 10);
        if (errno || *end || p != (long long)getpid())
            return SR_OK; /* the manager meant another process */
    }
    char *end;
    errno = 0;
    unsigned long long us = strtoull(usec, &end, 10);
    if (errno || *end || usec[0] == '-' || us == 0) {
        snprintf(err, err_size, "WATCHDOG_USEC=%s: not a positive number of microseconds; "
                 "not feeding the watchdog", usec);
        return SR_E_CONFIG;
    }
    /* Whole milliseconds, at least 4, so a quarter interval is never 0. */
    n->watchdog_ms = us / 1000 < 4 ? 4 : (int64_t)(us / 1000);
    return SR_OK;
}

sr_status sdnotify_open(sdnotify *n, int64_t now, char *err, size_t err_size)
{
    memset(n, 0, sizeof *n);
    n->fd = -1;
    n->last_ping_ms = now;
    const char *socket_name = getenv("NOTIFY_SOCKET");
    if (!socket_name || !*socket_name)
        return SR_OK;
    sr_status st = parse_address(n, socket_name, err, err_size);
    if (st != SR_OK)
        return st;
    n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (n->fd < 0) {
        snprintf(err, err_size, "NOTIFY_SOCKET: cannot make a socket: %s", strerror(errno));
        return SR_E_IO;
    }
    return parse_watchdog(n, err, err_size);
}

void sdnotify_close(sdnotify *n)
{
    if (n->fd >= 0)
        close(n->fd);
    n->fd = -1;
}

bool sdnotify_enabled(const sdnotify *n)
{
    return n->fd >= 0;
}

sr_status sdnotify_send(sdnotify *n, const char *message)
{
    if (n->fd < 0)
        return SR_OK;
    struct sockaddr_un to;
    memset(&to, 0, sizeof to);
    to.sun_family = AF_UNIX;
    memcpy(to.sun_path, n->address, n->address_len);
    socklen_t to_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n->address_len);
    ssize_t sent = sendto(n->fd, message, strlen(message), MSG_NOSIGNAL | MSG_DONTWAIT,
                          (const struct sockaddr *)&to, to_len);
    return sent == (ssize_t)strlen(message) ? SR_OK : SR_E_IO;
}

/* "head\nSTATUS=status" (or head alone), the status on one line. */
static sr_status send_with_status(sdnotify *n, const char *head, const char *status)
{
    char message[SDNOTIFY_MESSAGE_MAX];
    int len = snprintf(message, sizeof message, "%s%s%s", head ? head : "",
                       head && status ? "\n" : "", status ? "STATUS=" : "");
    if (status && len > 0 && (size_t)len < sizeof message) {
        snprintf(message + len, sizeof message - (size_t)len, "%s", status);
        for (char *c = message + len; *c; c++)
            if (*c == '\n' || *c == '\r')
                *c = ' ';
    }
    return sdnotify_send(n, message);
}

sr_status sdnotify_ready(sdnotify *n, const char *status)
{
    return send_with_status(n, "READY=1", status);
}

sr_status sdnotify_status(sdnotify *n, const char *status)
{
    return send_with_status(n, NULL, status ? status : "");
}

sr_status sdnotify_stopping(sdnotify *n)
{
    return sdnotify_send(n, "STOPPING=1");
}

int64_t sdnotify_watchdog_interval(const sdnotify *n)
{
    return n->fd >= 0 ? n->watchdog_ms : 0;
}

int64_t sdnotify_watchdog_due(const sdnotify *n)
{
    if (sdnotify_watchdog_interval(n) == 0)
        return INT64_MAX;
    return n->last_ping_ms + n->watchdog_ms / 2;
}

bool sdnotify_watchdog_tick(sdnotify *n, int64_t now)
{
    if (sdnotify_watchdog_interval(n) == 0 || now - n->last_ping_ms < n->watchdog_ms / 4)
        return false;
    sdnotify_send(n, "WATCHDOG=1");
    n->last_ping_ms = now;
    return true;
}
