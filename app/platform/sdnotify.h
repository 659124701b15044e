/* sdnotify.h -- telling systemd how the kiosk is doing: the sd_notify(3)
 * datagram protocol, without libsystemd.
 *
 * A service of Type=notify finds the manager's socket in $NOTIFY_SOCKET: a
 * file system path ("/run/systemd/notify") or, when it starts with '@', a
 * name in Linux's abstract socket namespace. Each message is one datagram
 * of newline-separated VAR=VALUE assignments:
 *   READY=1       start-up finished (the kiosk: its first frame is shown)
 *   STATUS=...    one line for `systemctl status`
 *   WATCHDOG=1    "still alive"; with WatchdogSec= set, systemd kills and
 *                 restarts a service that stays silent for that long
 *   STOPPING=1    shutting down on purpose
 * Not running under systemd ($NOTIFY_SOCKET unset) every call does nothing
 * and succeeds, so the kiosk behaves the same from a terminal.
 *
 * Watchdog: systemd passes the interval as $WATCHDOG_USEC (and the pid it is
 * meant for as $WATCHDOG_PID; for another pid it is ignored). A ping is due
 * at most half an interval after the last one (sdnotify_watchdog_due), which
 * the caller makes one of its deadlines. So as not to wake for the ping
 * alone, sdnotify_watchdog_tick() also pings early, when the caller is awake
 * anyway and a quarter interval has passed: with WatchdogSec=120 and the
 * kiosk's one-minute idle wake-up, the two deadlines fall together and the
 * watchdog adds no wake-up at all.
 *
 * Time is an argument: `now` is the caller's monotonic clock in ms.
 *
 * Ownership: sdnotify_open() fills a caller-owned struct and opens one
 * socket (close-on-exec) when $NOTIFY_SOCKET is usable; sdnotify_close()
 * closes it (safe on a struct that was never opened, if zeroed, and twice).
 * The environment is read, never changed.
 */
#ifndef SR_SDNOTIFY_H
#define SR_SDNOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/status.h"

#define SDNOTIFY_ADDRESS_MAX 108   /* sizeof sockaddr_un.sun_path on Linux */
#define SDNOTIFY_MESSAGE_MAX 1024  /* one datagram; STATUS= text is cut to fit */

typedef struct sdnotify {
    int fd;                        /* -1: not notifying (no manager, or unusable) */
    char address[SDNOTIFY_ADDRESS_MAX]; /* sun_path bytes; [0] == '\0' for abstract */
    size_t address_len;            /* bytes of address that count */
    int64_t watchdog_ms;           /* the manager's interval; 0: no watchdog */
    int64_t last_ping_ms;          /* when the watchdog was last fed (or opened) */
} sdnotify;

/* Reads $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID at now. Not under
 * a manager: SR_OK and every later call is a no-op. A $NOTIFY_SOCKET that
 * cannot be used (not absolute, too long, vsock) or a $WATCHDOG_USEC that is
 * not a number: SR_E_CONFIG, the reason in err, and the struct is usable
 * but silent (resp. without a watchdog). The socket cannot be made: SR_E_IO. */
sr_status sdnotify_open(sdnotify *notify, int64_t now, char *err, size_t err_size);
void sdnotify_close(sdnotify *notify);

/* Is a manager listening (messages are being sent)? */
bool sdnotify_enabled(const sdnotify *notify);

/* Sends message (e.g. "READY=1\nSTATUS=Running") as one datagram. Never
 * blocks (a manager whose queue is full loses the message). SR_OK when
 * sent or not notifying; SR_E_IO when the manager is gone or the datagram
 * was refused. */
sr_status sdnotify_send(sdnotify *notify, const char *message);

/* READY=1, with STATUS=status unless status is NULL. Newlines in status
 * become spaces (a status is one line). */
sr_status sdnotify_ready(sdnotify *notify, const char *status);

/* STATUS=status alone. */
sr_status sdnotify_status(sdnotify *notify, const char *status);

/* STOPPING=1. */
sr_status sdnotify_stopping(sdnotify *notify);

/* The watchdog interval in ms; 0 when there is none. */
int64_t sdnotify_watchdog_interval(const sdnotify *notify);

/* When the next ping is due at the latest (monotonic ms): half an interval
 * after the last one. INT64_MAX without a watchdog. */
int64_t sdnotify_watchdog_due(const sdnotify *notify);

/* Sends WATCHDOG=1 if at least a quarter interval has passed since the last
 * ping (so always once it is due). Returns true when it sent one. A ping
 * that fails to send still counts as sent: trying again at once would not
 * help, and the next one is at most half an interval away. */
bool sdnotify_watchdog_tick(sdnotify *notify, int64_t now);

#endif
