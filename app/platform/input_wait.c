/* input_wait.c -- poll(2) on the kernel's input devices (see input_wait.h).
 *
 * The promise: a wait ends at once when a device has input, ends at the
 * timeout otherwise, and never spins -- everything that woke it is read
 * and dropped before it returns, and a device that has gone away (read
 * fails with ENODEV, or poll reports an error or hang-up) is closed rather
 * than polled again.
 */
#define _GNU_SOURCE /* inotify_init1 flags, O_CLOEXEC, struct dirent's d_name */
#include "input_wait.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "sysclock.h"

#define INPUT_WAIT_NAME_MAX 32
#define INPUT_WAIT_DRAIN_READS 16 /* per device per wake; a flood wakes us again */

struct input_waiter {
    char dir[1024];
    int inotify_fd;    /* -1: no inotify, rescan on a timer instead */
    int count;
    int fd[INPUT_WAIT_DEVICES_MAX];
    char name[INPUT_WAIT_DEVICES_MAX][INPUT_WAIT_NAME_MAX];
    int n_extra;
    int extra_fd[INPUT_WAIT_EXTRA_MAX]; /* borrowed */
    int64_t scanned_at;
    bool rescan_due;   /* the folder changed (inotify) */
    bool lost_device;  /* one was closed: look again, but not at once */
};

static bool is_open(const input_waiter *iw, const char *name)
{
    for (int i = 0; i < iw->count; i++)
        if (strcmp(iw->name[i], name) == 0)
            return true;
    return false;
}

static void add_device(input_waiter *iw, const char *name)
{
    char path[sizeof iw->dir + INPUT_WAIT_NAME_MAX + 2];
    snprintf(path, sizeof path, "%s/%s", iw->dir, name);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return; /* no permission, or gone already: the next scan tries again */
    iw->fd[iw->count] = fd;
    snprintf(iw->name[iw->count], INPUT_WAIT_NAME_MAX, "%s", name);
    iw->count++;
}

/* Opens every event* node not open yet. */
static void scan(input_waiter *iw)
{
    iw->scanned_at = sysclock_mono_ms();
    iw->rescan_due = false;
    iw->lost_device = false;
    DIR *d = opendir(iw->dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && iw->count < INPUT_WAIT_DEVICES_MAX) {
        if (strncmp(e->d_name, "event", 5) == 0 && strlen(e->d_name) < INPUT_WAIT_NAME_MAX &&
            !is_open(iw, e->d_name))
            add_device(iw, e->d_name);
    }
    closedir(d);
}

/* Closes device i; the last one takes its place. The folder is looked at
 * again only after INPUT_WAIT_RESCAN_MS: a node that errors as soon as it
 * is opened must not turn every wait into a spin (a device plugged back in
 * is a new node, which inotify reports at once). */
static void drop_device(input_waiter *iw, int i)
{
    close(iw->fd[i]);
    iw->count--;
    iw->fd[i] = iw->fd[iw->count];
    memcpy(iw->name[i], iw->name[iw->count], INPUT_WAIT_NAME_MAX);
    iw->lost_device = true;
}

/* Reads and drops what fd has for us (whole evdev events or inotify records:
 * the buffer is larger than either). Returns false when the file is done
 * for (a device unplugged: ENODEV; end of file). */
static bool drain(int fd)
{
    unsigned char buf[4096];
    for (int reads = 0; reads < INPUT_WAIT_DRAIN_READS; reads++) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        if (n < 0 && errno == EINTR)
            continue;
        return false;
    }
    return true;
}

static void watch_folder(input_waiter *iw)
{
    iw->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (iw->inotify_fd < 0)
        return;
    /* IN_ATTRIB: udev creates a node first and sets its group a moment
     * later; until then it cannot be opened. */
    if (inotify_add_watch(iw->inotify_fd, iw->dir, IN_CREATE | IN_ATTRIB | IN_MOVED_TO) < 0) {
        close(iw->inotify_fd);
        iw->inotify_fd = -1;
    }
}

input_waiter *input_wait_open(const char *dir)
{
    input_waiter *iw = calloc(1, sizeof *iw);
    if (!iw)
        return NULL;
    snprintf(iw->dir, sizeof iw->dir, "%s", dir ? dir : INPUT_WAIT_DEFAULT_DIR);
    watch_folder(iw);
    scan(iw);
    return iw;
}

void input_wait_close(input_waiter *iw)
{
    if (!iw)
        return;
    for (int i = 0; i < iw->count; i++)
        close(iw->fd[i]);
    if (iw->inotify_fd >= 0)
        close(iw->inotify_fd);
    free(iw);
}

bool input_wait_add_wake_fd(input_waiter *iw, int fd)
{
    if (fd < 0 || iw->n_extra >= INPUT_WAIT_EXTRA_MAX)
        return false;
    iw->extra_fd[iw->n_extra++] = fd;
    return true;
}

int input_wait_device_count(const input_waiter *iw)
{
    return iw->count;
}

/* After poll: drains every device that woke us, drops the dead ones.
 * Returns true if any had input. */
static bool take_input(input_waiter *iw, const struct pollfd *p)
{
    bool input = false;
    /* Downwards: drop_device() moves the last device into slot i, and that
     * one has been looked at already. */
    for (int i = iw->count - 1; i >= 0; i--) {
        if (!p[i].revents)
            continue;
        if (p[i].revents & POLLIN)
            input = true;
        bool alive = !(p[i].revents & POLLIN) || drain(iw->fd[i]);
        if (!alive || (p[i].revents & (POLLERR | POLLHUP | POLLNVAL)))
            drop_device(iw, i);
    }
    return input;
}

int input_wait(input_waiter *iw, int timeout_ms)
{
    /* Devices first (take_input indexes them as p[i]), then inotify, then
     * the wake fds, which are only looked at by poll. */
    struct pollfd p[INPUT_WAIT_DEVICES_MAX + 1 + INPUT_WAIT_EXTRA_MAX];
    int devices = iw->count, n = 0;
    for (int i = 0; i < devices; i++)
        p[n++] = (struct pollfd){iw->fd[i], POLLIN, 0};
    if (iw->inotify_fd >= 0)
        p[n++] = (struct pollfd){iw->inotify_fd, POLLIN, 0};
    for (int i = 0; i < iw->n_extra; i++)
        p[n++] = (struct pollfd){iw->extra_fd[i], POLLIN, 0};
    int ready = poll(p, (nfds_t)n, timeout_ms < 0 ? 0 : timeout_ms);
    bool input = false;
    if (ready > 0) {
        input = take_input(iw, p);
        if (iw->inotify_fd >= 0 && p[devices].revents) {
            drain(iw->inotify_fd);
            iw->rescan_due = true;
        }
    }
    bool timer_rescan = (iw->inotify_fd < 0 || iw->lost_device) &&
                        sysclock_mono_ms() - iw->scanned_at >= INPUT_WAIT_RESCAN_MS;
    if (iw->rescan_due || timer_rescan)
        scan(iw);
    return input ? 1 : 0;
}
