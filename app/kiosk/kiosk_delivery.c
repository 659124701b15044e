/* kiosk_delivery.c -- wiring the forwarder into the kiosk (see
 * kiosk_delivery.h). The forwarder runs on its own thread; everything here
 * runs on the UI thread and only ever calls the forwarder's non-blocking
 * functions (a mutex held for a copy, an eventfd write), so no network
 * trouble can reach the screen.
 */
#include "kiosk_delivery.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../content/content_update.h"
#include "../core/version.h"
#include "../net/secret_file.h"
#include "kiosk_signals.h"

#define PASSWORD_MAX 256

/* "FILE: [mqtt] key: reason": the shape of every configuration error. */
static sr_status config_error(const kiosk_config *c, const char *key, const char *why, char *err,
                              size_t err_size)
{
    snprintf(err, err_size, "%s: [mqtt] %s: %s", c->source_path[0] ? c->source_path : "(defaults)",
             key, why);
    return SR_E_CONFIG;
}

static sr_status read_password(const kiosk_config *c, char *password, char *err, size_t err_size)
{
    password[0] = '\0';
    if (!c->mqtt_password_file[0])
        return SR_OK;
    char why[1400];
    if (secret_file_read(c->mqtt_password_file, password, PASSWORD_MAX, why, sizeof why) != SR_OK)
        return config_error(c, "password_file", why, err, err_size);
    return SR_OK;
}

/* From the forwarder's thread: a signed pack is installed; the UI loads it
 * between check-ins, exactly as after a SIGHUP. */
static void content_arrived(void *arg, const char *version)
{
    (void)arg;
    (void)version;
    kiosk_signals_request_reload();
}

/* The forwarder's options for this configuration; password, policy and
 * key are the caller's buffers the options point into. */
static sr_status build_options(const kiosk_app *app, const kiosk_config *c, forwarder_options *o,
                               char *password, privacy_policy *policy,
                               unsigned char key[CONTENT_UPDATE_PUBLIC_KEY_BYTES], char *err,
                               size_t err_size)
{
    char why[256];
    sr_status st = read_password(c, password, err, err_size);
    if (st == SR_OK)
        st = kiosk_app_privacy_policy(c, policy, err, err_size);
    if (st == SR_OK && c->content_public_key[0] &&
        content_update_parse_public_key(c->content_public_key, key, why, sizeof why) != SR_OK) {
        snprintf(err, err_size, "%s: [content] public_key: %s",
                 c->source_path[0] ? c->source_path : "(defaults)", why);
        st = SR_E_CONFIG;
    }
    if (st != SR_OK)
        return st;
    *o = (forwarder_options){
        .device_id = c->device_id,
        .host = c->mqtt_host,
        .port = c->mqtt_port,
        .username = c->mqtt_username,
        .password = password,
        .ca_file = c->mqtt_ca_file,
        .cert_file = c->mqtt_cert_file,
        .key_file = c->mqtt_key_file,
        .keepalive_seconds = c->mqtt_keepalive_seconds,
        .window = c->delivery_window,
        .batch = c->delivery_batch,
        .resend_seconds = c->delivery_resend_seconds,
        .status_seconds = c->delivery_status_seconds,
        .backoff_min_ms = c->delivery_backoff_min_ms,
        .backoff_max_ms = c->delivery_backoff_max_ms,
        .outbox_path = c->store_path,
        .policy = policy,
        .app_version = STAFFROOM_VERSION,
        .content_version = app ? app->pack.version : "",
        .content_public_key = c->content_public_key[0] ? key : NULL,
        .content_update_dir = c->content_update_dir,
        .on_content = content_arrived,
    };
    return SR_OK;
}

/* "FILE: reason" for what the forwarder refused (its reasons name the key). */
static void forwarder_refused(const kiosk_config *c, const char *why, char *err, size_t err_size)
{
    snprintf(err, err_size, "%s: %s", c->source_path[0] ? c->source_path : "(defaults)", why);
}

sr_status kiosk_delivery_check(const kiosk_config *config, char *err, size_t err_size)
{
    if (!config->mqtt_host[0])
        return SR_OK;
    forwarder_options o;
    privacy_policy policy;
    char password[PASSWORD_MAX], why[1024];
    unsigned char key[CONTENT_UPDATE_PUBLIC_KEY_BYTES];
    sr_status st = build_options(NULL, config, &o, password, &policy, key, err, err_size);
    if (st == SR_OK && (st = forwarder_check_options(&o, why, sizeof why)) != SR_OK)
        forwarder_refused(config, why, err, err_size);
    memset(password, 0, sizeof password);
    return st;
}

int kiosk_delivery_start(kiosk_app *app, char *err, size_t err_size)
{
    const kiosk_config *c = app->config;
    if (!c->mqtt_host[0])
        return 0; /* delivery off: answers stay on the kiosk */
    forwarder_options o;
    privacy_policy policy;
    char password[PASSWORD_MAX], why[1024];
    unsigned char key[CONTENT_UPDATE_PUBLIC_KEY_BYTES];
    if (build_options(app, c, &o, password, &policy, key, err, err_size) != SR_OK)
        return 2;
    sr_status st = forwarder_start(&o, &app->forwarder, why, sizeof why);
    memset(password, 0, sizeof password);
    if (st != SR_OK) {
        forwarder_refused(c, why, err, err_size);
        return st == SR_E_CONFIG ? 2 : 1;
    }
    snprintf(app->told_content_version, sizeof app->told_content_version, "%s", app->pack.version);
    return 0;
}

void kiosk_delivery_stop(kiosk_app *app)
{
    forwarder_stop(app->forwarder);
    app->forwarder = NULL;
}

void kiosk_delivery_after_write(kiosk_app *app, sr_status status)
{
    if (!app->forwarder)
        return;
    if (status == SR_OK) {
        forwarder_set_problem(app->forwarder, "");
        forwarder_nudge(app->forwarder);
    } else if (status == SR_E_FULL || status == SR_E_READONLY || status == SR_E_IO ||
               status == SR_E_CORRUPT) {
        char problem[96];
        snprintf(problem, sizeof problem, "answers not saved: %s", sr_status_str(status));
        forwarder_set_problem(app->forwarder, problem);
    }
}

void kiosk_delivery_tick(kiosk_app *app, int64_t now)
{
    if (!app->forwarder)
        return;
    if (strcmp(app->told_content_version, app->pack.version) != 0) {
        snprintf(app->told_content_version, sizeof app->told_content_version, "%s",
                 app->pack.version);
        forwarder_set_content_version(app->forwarder, app->pack.version);
    }
    if (app->flow.state == FLOW_ADMIN && now >= app->next_admin_refresh) {
        app->next_admin_refresh = now + KIOSK_DELIVERY_ADMIN_REFRESH_MS;
        kiosk_app_build(app); /* redrawn only if the words changed */
    }
}

int64_t kiosk_delivery_next_check(const kiosk_app *app, int64_t now)
{
    if (!app->forwarder || app->flow.state != FLOW_ADMIN)
        return INT64_MAX;
    return app->next_admin_refresh > now ? app->next_admin_refresh : now;
}

void kiosk_delivery_admin(const kiosk_app *app, char *last_send, size_t last_send_size,
                          char *broker, size_t broker_size)
{
    const kiosk_config *c = app->config;
    if (!app->forwarder) {
        snprintf(last_send, last_send_size, "never (delivery off)");
        snprintf(broker, broker_size, "not configured");
        return;
    }
    forwarder_info info;
    forwarder_get_info(app->forwarder, &info);
    if (info.last_delivery > 0) {
        time_t t = (time_t)info.last_delivery;
        struct tm local;
        if (!localtime_r(&t, &local) || !strftime(last_send, last_send_size, "%Y-%m-%d %H:%M", &local))
            snprintf(last_send, last_send_size, "?");
    } else {
        snprintf(last_send, last_send_size, "never");
    }
    switch (info.state) {
    case FORWARDER_ONLINE:
        snprintf(broker, broker_size, "connected to %s:%d", c->mqtt_host, c->mqtt_port);
        break;
    case FORWARDER_CONNECTING:
    case FORWARDER_SUBSCRIBING:
        snprintf(broker, broker_size, "connecting to %s:%d", c->mqtt_host, c->mqtt_port);
        break;
    default:
        snprintf(broker, broker_size, "not connected%s%s", info.error[0] ? ": " : "", info.error);
        break;
    }
}

long long kiosk_delivery_outstanding(kiosk_app *app, long long *for_clock)
{
    outbox_stats stats;
    if (for_clock)
        *for_clock = 0;
    if (!app->outbox || outbox_get_stats(app->outbox, &stats) != SR_OK)
        return -1;
    if (for_clock)
        *for_clock = (long long)stats.clock_pending;
    return (long long)(stats.unsent - stats.clock_pending + stats.sent);
}
