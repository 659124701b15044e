/* kiosk_admin.c -- gathers what the admin screen shows (kiosk_admin_fill,
 * declared in kiosk_app.h): the device's identity from the config, the
 * content and app versions, the outbox's queue, free disk space where the
 * outbox lives and whether the clock is synchronised.
 *
 * "Last send" and "broker" come from the forwarder (kiosk_delivery.c):
 * connected or not, and why not ("not authorised", "connection refused").
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>

#include "../core/version.h"
#include "../platform/disk_space.h"
#include "../platform/sysclock.h"
#include "kiosk_app.h"
#include "kiosk_delivery.h"

static void fill_queue(kiosk_app *app, const sysclock_reading *clock)
{
    ui_admin_status *s = &app->admin;
    s->answers_waiting = 0;
    s->oldest_age_seconds = -1;
    s->items_counted = 0;
    if (!app->outbox)
        return;
    outbox_stats stats;
    if (outbox_get_stats(app->outbox, &stats) == SR_OK) {
        s->answers_waiting = stats.unsent + stats.sent;
        if (stats.oldest_period > 0 && clock->synced)
            s->oldest_age_seconds = clock->real_seconds - stats.oldest_period;
    }
    for (int i = 0; i < app->pack.n_items; i++) {
        int64_t count = 0;
        if (outbox_get_use(app->outbox, app->pack.items[i].id, clock, &count) == SR_OK)
            s->items_counted += count;
    }
}

void kiosk_admin_fill(kiosk_app *app)
{
    const kiosk_config *c = app->config;
    ui_admin_status *s = &app->admin;
    sysclock_reading clock;
    sysclock_read(&clock);
    snprintf(s->device_id, sizeof s->device_id, "%s", c->device_id);
    snprintf(s->site, sizeof s->site, "%s", c->site);
    snprintf(s->area, sizeof s->area, "%s", c->area);
    snprintf(s->content_version, sizeof s->content_version, "%s", app->pack.version);
    s->content_from_cache = app->content_from_cache;
    s->content_problems = app->content_problems;
    snprintf(s->content_refused, sizeof s->content_refused, "%s", app->content_refused);
    snprintf(s->app_version, sizeof s->app_version, "%s", STAFFROOM_VERSION);
    fill_queue(app, &clock);
    kiosk_delivery_admin(app, s->last_send, sizeof s->last_send, s->broker, sizeof s->broker);
    long long free_bytes = -1;
    disk_space_of(c->store_path, &free_bytes, NULL);
    s->disk_free_bytes = free_bytes;
    s->clock_synced = clock.synced;
    snprintf(s->last_error, sizeof s->last_error, "%s", app->last_error);
    s->commits = app->flow.commits;
    s->discards = app->flow.discards;
}
