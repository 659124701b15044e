/* forwarder.c -- the forwarder's thread and state machine (see forwarder.h).
 *
 * What it promises: an answer leaves the outbox only when the collector's
 * acknowledgement names it; at most `window` answers are outstanding and at
 * most `window` are inside libmosquitto at any moment, whatever the network
 * does; the UI never waits for it.
 *
 * The thread sleeps in poll() on the connection's socket and an eventfd
 * (nudge, stop, new facts for the status), with a timeout at the next
 * deadline (reconnect, connect timeout, resend check, status, keepalive).
 * libmosquitto is driven by hand (mosquitto_loop_read/_write/_misc), never
 * by its own thread, so all of its callbacks run here, on this thread.
 *
 * State machine (one connection at a time; a fresh libmosquitto handle for
 * each, because libmosquitto keeps every QoS 1 message it was ever handed
 * and resends it on reconnect, queueing without limit while disconnected --
 * app/net/README.md has the measurements):
 *
 *                 +-------------------- failure / timeout -----------------+
 *                 v                                                         |
 *   start --> DISCONNECTED --reconnect_at--> CONNECTING --CONNACK ok--> SUBSCRIBING
 *                 ^   |                          |                          |
 *                 |   | stop                     | stop                     | SUBACK ok
 *                 |   v                          v                          v
 *                 |  STOPPED <-------------------+------ stop ---------- ONLINE
 *                 |   ^                                                 |   |
 *                 |   +-- PUBACK of goodbye, or timeout -- STOPPING <---+   |
 *                 +------------------ connection lost ----------------------+
 *
 *   from          to            performed by                  what happens
 *   DISCONNECTED  CONNECTING    forwarder_mqtt_connect        new handle, will set, CONNECT
 *   DISCONNECTED  DISCONNECTED  forwarder_mqtt_connect        refused at once: backoff again
 *   CONNECTING    SUBSCRIBING   on_connect (mqtt)             SUBSCRIBE to .../ack
 *   SUBSCRIBING   ONLINE        forwarder_deliver_online      SENT rows made unsent; status;
 *                                                             fill the window; backoff reset
 *   CONNECTING,   DISCONNECTED  forwarder_mqtt_close          handle destroyed (its queue
 *   SUBSCRIBING,                (via connection_lost)         with it); retry after backoff
 *   ONLINE
 *   ONLINE        STOPPING      forwarder_mqtt_goodbye        offline status published
 *   STOPPING      STOPPED       on_publish of it, timeout     DISCONNECT, handle destroyed
 *   others        STOPPED       stop_requested                handle destroyed (a will fires
 *                                                             if the broker had accepted us)
 *
 * Invariants (asserted by forwarder_check() after every step of the loop):
 *   1. mosq == NULL  <=>  state is DISCONNECTED or STOPPED.
 *   2. mosq == NULL  =>  lib_answers == 0, n_status_mids == 0, goodbye_mid == 0:
 *      nothing handed to a libmosquitto handle outlives its connection.
 *   3. 0 <= lib_answers <= window, and counters.lib_queue_max <= window.
 *   4. 0 <= n_status_mids <= FORWARDER_STATUS_INFLIGHT_MAX.
 *   5. Answers are handed to libmosquitto only in ONLINE (asserted where it
 *      happens, forwarder_deliver.c).
 *   6. DISCONNECTED => a reconnect is scheduled (reconnect_at < INT64_MAX).
 *   7. CONNECTING, SUBSCRIBING, STOPPING => state_deadline < INT64_MAX.
 *   8. STOPPING or STOPPED => stop was asked for (stopping).
 *   9. published.online => state == ONLINE: a status saying online is never
 *      left standing by us once we are not (the will or the goodbye
 *      replaces it).
 *
 * On disconnect the window is forgotten: the rows stay SENT in the outbox,
 * and on the next ONLINE every SENT row is made unsent at once and sent
 * again (forwarder_deliver_online). The kiosk's session is clean, so an
 * acknowledgement published while it was away never arrives; waiting for
 * resend_seconds would only delay delivery, and the collector
 * de-duplicates.
 */
#define _GNU_SOURCE
#include "forwarder_internal.h"

#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "../platform/sysclock.h"
#include "../wire/wire.h"

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void lib_init(void)
{
    mosquitto_lib_init();
}

const char *forwarder_state_name(forwarder_state state)
{
    static const char *const NAMES[] = {"disconnected", "connecting", "subscribing",
                                        "online",       "stopping",   "stopped"};
    return (unsigned)state < sizeof NAMES / sizeof NAMES[0] ? NAMES[state] : "?";
}

void forwarder_log(const forwarder *fw, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "staffroom-kiosk: delivery (%s): %s\n", fw->device_id, msg);
}

int64_t forwarder_wall_seconds(void)
{
    sysclock_reading clock;
    sysclock_read(&clock);
    return clock.real_seconds;
}

/* ---- the check ------------------------------------------------------------ */

static void forwarder_check(const forwarder *fw)
{
    bool no_handle = fw->state == FORWARDER_DISCONNECTED || fw->state == FORWARDER_STOPPED;
    assert((fw->mosq == NULL) == no_handle);                                     /* 1 */
    assert(fw->mosq || (fw->lib_answers == 0 && fw->n_status_mids == 0 &&
                        fw->goodbye_mid == 0));                                   /* 2 */
    assert(fw->lib_answers >= 0 && fw->lib_answers <= fw->window);                /* 3 */
    assert(fw->counters.lib_queue_max <= fw->window);
    assert(fw->n_status_mids >= 0 && fw->n_status_mids <= FORWARDER_STATUS_INFLIGHT_MAX); /* 4 */
    assert(fw->state != FORWARDER_DISCONNECTED || fw->reconnect_at < INT64_MAX);  /* 6 */
    assert(!(fw->state == FORWARDER_CONNECTING || fw->state == FORWARDER_SUBSCRIBING ||
             fw->state == FORWARDER_STOPPING) ||
           fw->state_deadline < INT64_MAX);                                        /* 7 */
    assert(!(fw->state == FORWARDER_STOPPING || fw->state == FORWARDER_STOPPED) ||
           fw->stopping);                                                          /* 8 */
    assert(!fw->published.online || fw->state == FORWARDER_ONLINE);              /* 9 */
    (void)no_handle;
}

/* ---- transitions shared by the files -------------------------------------- */

void forwarder_set_state(forwarder *fw, forwarder_state state)
{
    if (fw->state == state)
        return;
    if (state == FORWARDER_ONLINE || fw->state == FORWARDER_ONLINE)
        forwarder_log(fw, "%s", state == FORWARDER_ONLINE ? "online" : "no longer online");
    fw->state = state;
    if (state != FORWARDER_ONLINE)
        fw->published.online = false; /* the will or the goodbye says so now */
    if (state != FORWARDER_CONNECTING && state != FORWARDER_SUBSCRIBING &&
        state != FORWARDER_STOPPING)
        fw->state_deadline = INT64_MAX;
}

void forwarder_fail(forwarder *fw, const char *fmt, ...)
{
    char msg[FORWARDER_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (strcmp(msg, fw->error) != 0)
        forwarder_log(fw, "%s", msg); /* once per new reason, not once per retry */
    snprintf(fw->error, sizeof fw->error, "%s", msg);
}

/* ---- the loop ------------------------------------------------------------- */

static int64_t earliest(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static int64_t next_deadline(const forwarder *fw)
{
    int64_t at = fw->next_facts;
    if (!fw->ob)
        at = earliest(at, fw->outbox_retry_at);
    switch (fw->state) {
    case FORWARDER_DISCONNECTED: at = earliest(at, fw->reconnect_at); break;
    case FORWARDER_ONLINE:
        at = earliest(at, earliest(fw->next_resend, fw->next_status));
        at = earliest(at, earliest(fw->next_misc, fw->fill_retry_at));
        break;
    case FORWARDER_CONNECTING:
    case FORWARDER_SUBSCRIBING:
    case FORWARDER_STOPPING:
        at = earliest(at, earliest(fw->state_deadline, fw->next_misc));
        break;
    case FORWARDER_STOPPED: break;
    }
    return at;
}

/* Sleeps until the socket or the eventfd has something, or the next
 * deadline. Returns the socket's revents (0 when none). */
static short wait_for_events(forwarder *fw, int64_t now)
{
    int64_t wait = next_deadline(fw) - now;
    int timeout = wait <= 0 ? 0 : wait > 60000 ? 60000 : (int)wait;
    struct pollfd fds[2] = {{fw->wake_fd, POLLIN, 0}, {-1, 0, 0}};
    int sock = fw->mosq ? mosquitto_socket(fw->mosq) : -1;
    if (sock >= 0) {
        fds[1].fd = sock;
        fds[1].events = (short)(POLLIN | (mosquitto_want_write(fw->mosq) ? POLLOUT : 0));
    }
    if (poll(fds, sock >= 0 ? 2 : 1, timeout) < 0 && errno != EINTR)
        forwarder_log(fw, "poll: %s", strerror(errno));
    if (fds[0].revents & POLLIN) {
        uint64_t value;
        if (read(fw->wake_fd, &value, sizeof value) < 0 && errno != EAGAIN)
            forwarder_log(fw, "eventfd: %s", strerror(errno));
    }
    return sock >= 0 ? fds[1].revents : 0;
}

/* What the UI asked for since the last step (under the lock, briefly). */
static void take_requests(forwarder *fw)
{
    pthread_mutex_lock(&fw->lock);
    fw->stopping = fw->stop_requested;
    if (fw->nudged)
        fw->want_fill = true;
    if (fw->seal_requested)
        fw->want_seal = fw->want_fill = true;
    fw->nudged = fw->seal_requested = false;
    pthread_mutex_unlock(&fw->lock);
}

static void handle_stop(forwarder *fw, int64_t now)
{
    if (fw->state == FORWARDER_ONLINE) {
        forwarder_mqtt_goodbye(fw, now); /* -> STOPPING */
    } else if (fw->state != FORWARDER_STOPPING && fw->state != FORWARDER_STOPPED) {
        if (fw->mosq)
            forwarder_mqtt_close(fw, now);
        forwarder_set_state(fw, FORWARDER_STOPPED);
    }
}

/* The timers of the current state. */
static void run_deadlines(forwarder *fw, int64_t now)
{
    if (fw->mosq && now >= fw->next_misc) {
        mosquitto_loop_misc(fw->mosq); /* keepalive: PINGREQ, or drop a silent broker */
        fw->next_misc = now + (int64_t)fw->keepalive_seconds * 500;
    }
    switch (fw->state) {
    case FORWARDER_DISCONNECTED:
        if (now >= fw->reconnect_at)
            forwarder_mqtt_connect(fw, now);
        break;
    case FORWARDER_CONNECTING:
    case FORWARDER_SUBSCRIBING:
        if (now >= fw->state_deadline) {
            forwarder_fail(fw, "no answer from the broker (%s)", forwarder_state_name(fw->state));
            forwarder_mqtt_close(fw, now);
        }
        break;
    case FORWARDER_STOPPING:
        if (now >= fw->state_deadline) {
            forwarder_mqtt_close(fw, now);
            forwarder_set_state(fw, FORWARDER_STOPPED);
        }
        break;
    case FORWARDER_ONLINE: forwarder_deliver_timers(fw, now); break;
    case FORWARDER_STOPPED: break;
    }
}

static bool same_info(const forwarder_info *a, const forwarder_info *b)
{
    return a->state == b->state && strcmp(a->error, b->error) == 0 &&
           a->last_delivery == b->last_delivery && a->published == b->published &&
           a->confirmed == b->confirmed && a->acks == b->acks && a->statuses == b->statuses &&
           a->connections == b->connections && a->failures == b->failures &&
           a->seals == b->seals &&
           a->lib_queue == b->lib_queue && a->lib_queue_max == b->lib_queue_max;
}

/* Copies the thread's counters into the shared snapshot; wakes waiters
 * when something changed. */
static void publish_info(forwarder *fw)
{
    forwarder_info next = fw->counters;
    next.state = fw->state;
    snprintf(next.error, sizeof next.error, "%s", fw->error);
    next.last_delivery = fw->last_delivery;
    next.lib_queue = fw->lib_answers;
    pthread_mutex_lock(&fw->lock);
    if (!same_info(&next, &fw->info)) {
        next.progress = fw->info.progress + 1;
        fw->info = next;
        pthread_cond_broadcast(&fw->changed);
    }
    pthread_mutex_unlock(&fw->lock);
}

static void step(forwarder *fw, int64_t now, short revents)
{
    take_requests(fw);
    if (fw->mosq && revents)
        forwarder_mqtt_io(fw, revents, now);
    forwarder_mqtt_settle(fw, now);
    if (fw->stopping)
        handle_stop(fw, now);
    run_deadlines(fw, now);
    forwarder_mqtt_settle(fw, now);
    forwarder_deliver_outbox(fw, now);
    forwarder_status_timers(fw, now);
    if (fw->state == FORWARDER_ONLINE && fw->want_fill)
        forwarder_deliver_fill(fw, now);
    if (fw->state == FORWARDER_ONLINE && fw->status_due)
        forwarder_status_publish(fw, now);
    forwarder_check(fw);
    publish_info(fw);
}

static void *forwarder_main(void *arg)
{
    forwarder *fw = arg;
    int64_t now = sysclock_mono_ms();
    fw->started_ms = now;
    fw->reconnect_at = now;
    fw->next_facts = now;
    fw->outbox_retry_at = now;
    forwarder_set_state(fw, FORWARDER_DISCONNECTED);
    while (fw->state != FORWARDER_STOPPED) {
        short revents = wait_for_events(fw, now);
        now = sysclock_mono_ms();
        step(fw, now, revents);
    }
    outbox_close(fw->ob);
    fw->ob = NULL;
    return NULL;
}

/* ---- starting and stopping -------------------------------------------------- */

static bool copy_option(char *dst, size_t size, const char *src, const char *key, char *err,
                        size_t err_size)
{
    if (!src)
        src = "";
    if (strlen(src) >= size) {
        snprintf(err, err_size, "%s: too long (at most %zu characters)", key, size - 1);
        return false;
    }
    snprintf(dst, size, "%s", src);
    return true;
}

static bool in_range(int value, int lo, int hi, const char *key, char *err, size_t err_size)
{
    if (value >= lo && value <= hi)
        return true;
    snprintf(err, err_size, "%s: %d is outside %d..%d", key, value, lo, hi);
    return false;
}

static bool copy_options(forwarder *fw, const forwarder_options *o, char *err, size_t size)
{
    if (!o->device_id || !wire_device_id_valid(o->device_id)) {
        snprintf(err, size, "[device] id: '%s' is not a device id (1-64 of a-z, 0-9 and '-', "
                 "starting with a letter or digit)", o->device_id ? o->device_id : "");
        return false;
    }
    const char *user = o->username && o->username[0] ? o->username : o->device_id;
    bool ok = copy_option(fw->device_id, sizeof fw->device_id, o->device_id, "[device] id", err, size) &&
              copy_option(fw->host, sizeof fw->host, o->host, "[mqtt] host", err, size) &&
              copy_option(fw->username, sizeof fw->username, user, "[mqtt] username", err, size) &&
              copy_option(fw->password, sizeof fw->password, o->password, "[mqtt] password_file", err, size) &&
              copy_option(fw->ca_file, sizeof fw->ca_file, o->ca_file, "[mqtt] ca_file", err, size) &&
              copy_option(fw->cert_file, sizeof fw->cert_file, o->cert_file, "[mqtt] cert_file", err, size) &&
              copy_option(fw->key_file, sizeof fw->key_file, o->key_file, "[mqtt] key_file", err, size) &&
              copy_option(fw->outbox_path, sizeof fw->outbox_path, o->outbox_path, "[store] path", err, size) &&
              copy_option(fw->app_version, sizeof fw->app_version, o->app_version, "app version", err, size) &&
              in_range(o->port, 1, 65535, "[mqtt] port", err, size) &&
              in_range(o->keepalive_seconds, 5, 3600, "[mqtt] keepalive_seconds", err, size) &&
              in_range(o->window, 1, 65000, "[delivery] window", err, size) &&
              in_range(o->batch, 1, o->window, "[delivery] batch", err, size) &&
              in_range(o->resend_seconds, 1, 7 * 86400, "[delivery] resend_seconds", err, size) &&
              in_range(o->status_seconds, 1, 86400, "[delivery] status_seconds", err, size) &&
              in_range(o->backoff_min_ms, 1, 3600000, "[delivery] backoff_min_ms", err, size) &&
              in_range(o->backoff_max_ms, o->backoff_min_ms, 3600000, "[delivery] backoff_max_ms", err, size);
    if (ok && (!fw->host[0] || !fw->outbox_path[0] || !o->policy)) {
        snprintf(err, size, "%s: needed for delivery", !fw->host[0] ? "[mqtt] host" : "[store] path");
        ok = false;
    }
    if (!ok)
        return false;
    fw->port = o->port;
    fw->keepalive_seconds = o->keepalive_seconds;
    fw->window = o->window;
    fw->batch = o->batch;
    fw->resend_seconds = o->resend_seconds;
    fw->status_seconds = o->status_seconds;
    fw->policy = *o->policy;
    backoff_init(&fw->backoff, o->backoff_min_ms, o->backoff_max_ms);
    snprintf(fw->content_version, sizeof fw->content_version, "%.*s", WIRE_NAME_MAX - 1,
             o->content_version ? o->content_version : "");
    if (o->content_public_key) {
        if (!o->content_update_dir || !o->content_update_dir[0]) {
            snprintf(err, size, "[content] update_dir: needed for content updates");
            return false;
        }
        fw->content_updates = true;
        memcpy(fw->content_key, o->content_public_key, sizeof fw->content_key);
        snprintf(fw->content_update_dir, sizeof fw->content_update_dir, "%s",
                 o->content_update_dir);
        fw->on_content = o->on_content;
        fw->on_content_arg = o->on_content_arg;
    }
    return wire_topic(fw->topic_answer, sizeof fw->topic_answer, fw->device_id, WIRE_CHANNEL_ANSWER) &&
           wire_topic(fw->topic_ack, sizeof fw->topic_ack, fw->device_id, WIRE_CHANNEL_ACK) &&
           wire_topic(fw->topic_status, sizeof fw->topic_status, fw->device_id, WIRE_CHANNEL_STATUS);
}

static void forwarder_free(forwarder *fw)
{
    if (fw->wake_fd >= 0)
        close(fw->wake_fd);
    pthread_cond_destroy(&fw->changed);
    pthread_mutex_destroy(&fw->lock);
    memset(fw->password, 0, sizeof fw->password);
    free(fw->entries);
    free(fw->ids);
    free(fw);
}

sr_status forwarder_check_options(const forwarder_options *options, char *err, size_t err_size)
{
    forwarder *fw = calloc(1, sizeof *fw);
    if (!fw) {
        snprintf(err, err_size, "out of memory");
        return SR_E_NOMEM;
    }
    sr_status status = copy_options(fw, options, err, err_size)
                           ? forwarder_mqtt_check_files(fw, err, err_size)
                           : SR_E_CONFIG;
    memset(fw->password, 0, sizeof fw->password);
    free(fw);
    return status;
}

sr_status forwarder_start(const forwarder_options *options, forwarder **out, char *err,
                          size_t err_size)
{
    *out = NULL;
    forwarder *fw = calloc(1, sizeof *fw);
    if (!fw) {
        snprintf(err, err_size, "out of memory");
        return SR_E_NOMEM;
    }
    fw->wake_fd = -1;
    pthread_mutex_init(&fw->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC); /* a wall-clock step must not stretch a wait */
    pthread_cond_init(&fw->changed, &attr);
    pthread_condattr_destroy(&attr);
    fw->state = FORWARDER_DISCONNECTED;
    fw->reconnect_at = 0;
    fw->state_deadline = fw->next_resend = fw->next_status = fw->next_misc = INT64_MAX;
    fw->fill_retry_at = INT64_MAX;
    fw->disk_free_percent = -1;
    sr_status status = SR_E_CONFIG;
    if (!copy_options(fw, options, err, err_size) ||
        forwarder_mqtt_check_files(fw, err, err_size) != SR_OK)
        goto fail;
    status = SR_E_IO;
    fw->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fw->wake_fd < 0) {
        snprintf(err, err_size, "eventfd: %s", strerror(errno));
        goto fail;
    }
    pthread_once(&lib_once, lib_init);
    int rc = pthread_create(&fw->thread, NULL, forwarder_main, fw);
    if (rc != 0) {
        snprintf(err, err_size, "cannot start the delivery thread: %s", strerror(rc));
        goto fail;
    }
    *out = fw;
    return SR_OK;
fail:
    forwarder_free(fw);
    return status;
}

static void wake(forwarder *fw)
{
    uint64_t one = 1;
    if (write(fw->wake_fd, &one, sizeof one) < 0 && errno != EAGAIN)
        fprintf(stderr, "staffroom-kiosk: delivery: eventfd: %s\n", strerror(errno));
}

void forwarder_stop(forwarder *fw)
{
    if (!fw)
        return;
    pthread_mutex_lock(&fw->lock);
    fw->stop_requested = true;
    pthread_mutex_unlock(&fw->lock);
    wake(fw);
    pthread_join(fw->thread, NULL);
    forwarder_free(fw);
}

/* ---- calls from the UI thread ------------------------------------------------ */

void forwarder_nudge(forwarder *fw)
{
    if (!fw)
        return;
    pthread_mutex_lock(&fw->lock);
    fw->nudged = true;
    pthread_mutex_unlock(&fw->lock);
    wake(fw);
}

void forwarder_seal_now(forwarder *fw)
{
    if (!fw)
        return;
    pthread_mutex_lock(&fw->lock);
    fw->seal_requested = true;
    pthread_mutex_unlock(&fw->lock);
    wake(fw);
}

/* Copies text into a shared field; wakes the thread if it changed. */
static void set_shared_text(forwarder *fw, char *field, size_t size, const char *text)
{
    if (!fw)
        return;
    pthread_mutex_lock(&fw->lock);
    bool changed = strncmp(field, text ? text : "", size - 1) != 0;
    snprintf(field, size, "%.*s", (int)size - 1, text ? text : "");
    pthread_mutex_unlock(&fw->lock);
    if (changed)
        wake(fw);
}

void forwarder_set_content_version(forwarder *fw, const char *version)
{
    if (fw)
        set_shared_text(fw, fw->content_version, sizeof fw->content_version, version);
}

void forwarder_set_problem(forwarder *fw, const char *problem)
{
    if (fw)
        set_shared_text(fw, fw->problem, sizeof fw->problem, problem);
}

void forwarder_get_info(forwarder *fw, forwarder_info *info)
{
    pthread_mutex_lock(&fw->lock);
    *info = fw->info;
    pthread_mutex_unlock(&fw->lock);
}

uint64_t forwarder_wait(forwarder *fw, uint64_t seen, int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&fw->lock);
    while (fw->info.progress == seen) {
        if (pthread_cond_timedwait(&fw->changed, &fw->lock, &until) != 0)
            break;
    }
    uint64_t progress = fw->info.progress;
    pthread_mutex_unlock(&fw->lock);
    return progress;
}
