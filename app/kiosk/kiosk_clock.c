/* kiosk_clock.c -- see kiosk_clock.h. */
#include "kiosk_clock.h"

#include <stdio.h>

static void fix_now(kiosk_app *app, const sysclock_reading *reading, int64_t now)
{
    app->next_clock_check = now + KIOSK_CLOCK_CHECK_MS;
    if (!reading->synced || !app->outbox)
        return;
    int fixed = 0, unknown = 0;
    if (outbox_fix_clock(app->outbox, reading, &fixed, &unknown) != SR_OK) {
        fprintf(stderr, "staffroom-kiosk: clock: %s\n", outbox_last_error(app->outbox));
        return; /* still pending: try again at the next check */
    }
    app->clock_pending = false;
    if (fixed || unknown)
        forwarder_nudge(app->forwarder); /* they are deliverable now */
    if (fixed || unknown)
        fprintf(stderr,
                "staffroom-kiosk: clock set: %d answers filed under their real time, "
                "%d from earlier boots marked time unknown\n",
                fixed, unknown);
}

void kiosk_clock_opened(kiosk_app *app, int64_t now)
{
    outbox_stats stats;
    app->clock_pending = app->outbox && outbox_get_stats(app->outbox, &stats) == SR_OK &&
                         stats.clock_pending > 0;
    app->next_clock_check = now;
}

void kiosk_clock_after_put(kiosk_app *app, const sysclock_reading *reading, int64_t now)
{
    if (!reading->synced) {
        if (!app->clock_pending)
            app->next_clock_check = now + KIOSK_CLOCK_CHECK_MS;
        app->clock_pending = true;
        return;
    }
    if (app->clock_pending)
        fix_now(app, reading, now);
}

void kiosk_clock_poll(kiosk_app *app, int64_t now)
{
    if (!app->clock_pending || now < app->next_clock_check)
        return;
    sysclock_reading reading;
    sysclock_read(&reading);
    fix_now(app, &reading, now);
}

int64_t kiosk_clock_next_check(const kiosk_app *app, int64_t now)
{
    (void)now;
    return app->clock_pending ? app->next_clock_check : INT64_MAX;
}
