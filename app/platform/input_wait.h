/* input_wait.h -- sleep until a person touches the screen, or a timeout.
 *
 * SDL 2 can only block for real on drivers that implement a wait (X11,
 * Wayland). On KMS/DRM (the Pi without a display server) and on the
 * offscreen driver, SDL_WaitEventTimeout polls every millisecond. An idle
 * kiosk must not do that, so the kiosk sleeps here instead, in poll(2) on
 * the same kernel input devices SDL reads: every /dev/input/event* it may
 * open, read-only and non-blocking. Each open file of an evdev device gets
 * its own copy of every event, so reading ours takes nothing from SDL's
 * (devices are never grabbed). When one becomes readable the wait ends at
 * once; what we read is discarded (SDL delivers the real events when the
 * caller pumps them), so the next wait does not wake for it again.
 *
 * Hot-plugged devices: the folder is watched with inotify (a new node, or a
 * node whose permissions udev has just set, triggers a rescan); a device
 * that goes away (ENODEV, hang-up) is closed. Where inotify is unavailable,
 * or after a device was closed, the folder is rescanned when woken anyway,
 * at most every INPUT_WAIT_RESCAN_MS.
 *
 * No device at all (headless, a container, no permission to read them) is
 * not an error: the wait then simply lasts until the timeout.
 *
 * Ownership: input_wait_open() returns an object owned by the caller;
 * input_wait_close() (accepts NULL) closes every file it opened.
 */
#ifndef SR_INPUT_WAIT_H
#define SR_INPUT_WAIT_H

#include <stdbool.h>

#define INPUT_WAIT_DEVICES_MAX 32     /* input devices watched at once */
#define INPUT_WAIT_EXTRA_MAX 4        /* other fds that end a wait */
#define INPUT_WAIT_RESCAN_MS 5000     /* without inotify: rescan at most this often */
#define INPUT_WAIT_DEFAULT_DIR "/dev/input"

typedef struct input_waiter input_waiter;

/* Opens every "event*" node in dir (NULL: INPUT_WAIT_DEFAULT_DIR; tests pass a
 * folder of FIFOs). Returns NULL only when out of memory. dir is copied. */
input_waiter *input_wait_open(const char *dir);
void input_wait_close(input_waiter *iw);

/* Sleeps until a device has input or timeout_ms (>= 0) have passed, then
 * discards what the devices had queued for us. Returns 1 when woken by
 * input, 0 on timeout, on a signal (EINTR: the caller should look at its
 * events, e.g. SDL's SDL_QUIT), on a wake fd or on a hot-plug rescan. */
int input_wait(input_waiter *iw, int timeout_ms);

/* Also ends a wait when fd becomes readable (a self-pipe written by a
 * signal handler, say). The fd is borrowed and never read here: its owner
 * drains it, or every wait ends at once. Returns false when fd < 0 or
 * INPUT_WAIT_EXTRA_MAX fds are watched already. */
bool input_wait_add_wake_fd(input_waiter *iw, int fd);

/* How many devices are open now (0: waits are plain timeouts). */
int input_wait_device_count(const input_waiter *iw);

#endif
