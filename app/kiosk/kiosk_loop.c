/* kiosk_loop.c -- sleeping between events without waking for nothing (see
 * kiosk_loop.h).
 *
 * The promise: with nothing on screen moving and nobody touching it, the
 * loop sleeps until the next deadline (at most a minute) and draws nothing;
 * a touch ends the sleep at once on every video driver.
 */
#include "kiosk_loop.h"

#include <SDL.h>
#include <stdio.h>

#include "../platform/sysclock.h"
#include "kiosk_events.h"
#include "kiosk_signals.h"

/* Drivers on which SDL 2's SDL_WaitEventTimeout blocks in the kernel. */
static bool driver_waits_natively(const char *driver)
{
    return driver && (SDL_strcasecmp(driver, "x11") == 0 || SDL_strcasecmp(driver, "wayland") == 0);
}

sr_status kiosk_loop_open(kiosk_loop *loop, kiosk_app *app)
{
    loop->app = app;
    loop->native_wait = driver_waits_natively(SDL_GetCurrentVideoDriver());
    loop->input = NULL;
    loop->ready_sent = false;
    char err[256];
    if (sdnotify_open(&loop->notify, sysclock_mono_ms(), err, sizeof err) != SR_OK)
        fprintf(stderr, "staffroom-kiosk: %s\n", err); /* runs, just untold */
    if (!loop->native_wait) {
        loop->input = input_wait_open(NULL);
        if (!loop->input) {
            sdnotify_close(&loop->notify);
            return SR_E_NOMEM;
        }
        /* SIGHUP (a new content pack) ends the sleep too; -1 when the
         * handler is not installed (tests), which this ignores. */
        input_wait_add_wake_fd(loop->input, kiosk_signals_wake_fd());
    }
    return SR_OK;
}

void kiosk_loop_close(kiosk_loop *loop)
{
    input_wait_close(loop->input);
    loop->input = NULL;
    sdnotify_close(&loop->notify);
}

/* Tells systemd what it should know after a turn at now: ready once a frame
 * has been shown, and alive. */
static void tell_systemd(kiosk_loop *loop, int64_t now)
{
    if (!loop->ready_sent && loop->app->redraws > 0) {
        loop->ready_sent = true;
        if (sdnotify_ready(&loop->notify, "Running") != SR_OK)
            fprintf(stderr, "staffroom-kiosk: could not tell systemd it is ready\n");
    }
    sdnotify_watchdog_tick(&loop->notify, now);
}

/* Milliseconds from now to the earliest of until, the app's next deadline
 * and the cap; 0 when one has passed. ticked_at: when the app's timers last
 * ran. A deadline at or before it is one that ticking did not move (a
 * reload that keeps failing, say): it is retried after
 * KIOSK_LOOP_RETRY_MS instead of being spun on at full CPU. */
static int sleep_ms(const kiosk_app *app, int64_t ticked_at, int64_t now, int64_t until)
{
    int64_t wake = kiosk_app_next_deadline(app, now);
    if (wake <= ticked_at)
        wake = now + KIOSK_LOOP_RETRY_MS;
    if (until < wake)
        wake = until;
    if (wake == INT64_MAX || wake - now > KIOSK_LOOP_MAX_WAIT_MS)
        return KIOSK_LOOP_MAX_WAIT_MS;
    return wake <= now ? 0 : (int)(wake - now);
}

static void sleep_until_event(kiosk_loop *loop, int timeout_ms)
{
    if (loop->native_wait) {
        SDL_WaitEventTimeout(NULL, timeout_ms); /* NULL: leaves the event queued */
    } else {
        /* Events that came in while the last frame was drawn (and a
         * SIGTERM SDL has turned into SDL_QUIT meanwhile) end the turn
         * now, not after the sleep. */
        SDL_PumpEvents();
        if (SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT))
            return;
        input_wait(loop->input, timeout_ms);
    }
    loop->app->wakeups++;
}

bool kiosk_loop_step(kiosk_loop *loop, int64_t until)
{
    int64_t ticked_at = sysclock_mono_ms();
    if (!kiosk_events_step(loop->app, ticked_at)) {
        sdnotify_stopping(&loop->notify);
        return false;
    }
    tell_systemd(loop, ticked_at);
    int64_t ping_by = sdnotify_watchdog_due(&loop->notify); /* one more deadline */
    int timeout_ms = sleep_ms(loop->app, ticked_at, sysclock_mono_ms(),
                              ping_by < until ? ping_by : until);
    if (timeout_ms > 0)
        sleep_until_event(loop, timeout_ms);
    return true;
}

bool kiosk_loop_run(kiosk_loop *loop, int64_t until)
{
    while (kiosk_loop_step(loop, until)) {
        if (sysclock_mono_ms() >= until)
            return true;
    }
    return false;
}
