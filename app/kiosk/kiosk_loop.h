/* kiosk_loop.h -- the kiosk's real-time loop: handle what arrived, run the
 * timers, show the frame if it changed, then sleep until the next input or
 * the next deadline. An idle kiosk redraws nothing and wakes at most once
 * every KIOSK_LOOP_MAX_WAIT_MS.
 *
 * How it sleeps depends on SDL's video driver (SDL_GetCurrentVideoDriver):
 *   x11, wayland   SDL_WaitEventTimeout blocks for real; it is used as is.
 *   anything else  KMS/DRM on the Pi, offscreen, dummy: SDL 2 would wake
 *                  every millisecond, so the loop sleeps in input_wait()
 *                  (app/platform/input_wait.h) on the kernel's input devices
 *                  -- a touch makes one readable, so it still wakes at once
 *                  -- and then pumps SDL's events.
 * A sleep lasts until kiosk_app_next_deadline() (the flow's timers, a long
 * press in progress), the caller's `until`, or KIOSK_LOOP_MAX_WAIT_MS,
 * whichever comes first. Every sleep adds one to app->wakeups; every frame
 * shown adds one to app->redraws (kiosk_app_present).
 *
 * SIGHUP (kiosk_signals.h) writes a self-pipe the sleep also watches, so
 * a new content pack is looked at at once (not on x11/wayland, where SDL
 * owns the wait: there at the next wake-up).
 *
 * SIGINT/SIGTERM: SDL's handlers turn them into SDL_QUIT. A signal ends a
 * sleep (poll returns EINTR) and SDL's queue is pumped just before every
 * sleep, so the loop quits at once; a signal landing in the few
 * microseconds between that pump and the sleep is seen at the next wake
 * (at most KIOSK_LOOP_MAX_WAIT_MS later).
 *
 * systemd (app/platform/sdnotify.h), when the kiosk runs as a Type=notify
 * service: READY=1 once the first frame is on the screen, STOPPING=1 when
 * an event asks to quit, and WATCHDOG=1 -- the watchdog's deadline (half
 * its interval) is one more deadline a sleep ends at, and a ping is sent
 * early whenever the loop is awake anyway, so an idle kiosk with
 * WatchdogSec=120 still wakes once a minute and no more. Outside systemd
 * all of it does nothing.
 *
 * Ownership: kiosk_loop_open() fills a caller-owned struct and borrows the
 * app (which must be open, display included, and outlive the loop);
 * kiosk_loop_close() releases what open made.
 */
#ifndef SR_KIOSK_LOOP_H
#define SR_KIOSK_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/status.h"
#include "../platform/input_wait.h"
#include "../platform/sdnotify.h"
#include "kiosk_app.h"

#define KIOSK_LOOP_MAX_WAIT_MS 60000
#define KIOSK_LOOP_RETRY_MS 1000 /* a deadline that ticking did not move */

typedef struct kiosk_loop {
    kiosk_app *app;        /* borrowed */
    bool native_wait;      /* SDL_WaitEventTimeout blocks (x11, wayland) */
    input_waiter *input;   /* used when !native_wait */
    sdnotify notify;       /* systemd's notification socket and watchdog */
    bool ready_sent;       /* READY=1 told (after the first frame) */
} kiosk_loop;

/* Picks the way to sleep for the current video driver. SR_E_NOMEM is the
 * only failure. */
sr_status kiosk_loop_open(kiosk_loop *loop, kiosk_app *app);
void kiosk_loop_close(kiosk_loop *loop);

/* One turn: every event in SDL's queue handled, the timers run and a
 * changed frame presented (kiosk_events_step), then one sleep until input,
 * the app's next deadline or `until` (monotonic ms; INT64_MAX: no limit).
 * Returns false when an event asked to quit. */
bool kiosk_loop_step(kiosk_loop *loop, int64_t until);

/* Turns until quit (returns false) or until the monotonic clock reaches
 * `until` (returns true). */
bool kiosk_loop_run(kiosk_loop *loop, int64_t until);

#endif
