/* mqtt_client.c -- a synchronous MQTT client for tests; see mqtt_client.h.
 *
 * libmosquitto's network thread calls back into this file; every field those
 * callbacks write is guarded by the client's mutex, and the test's thread
 * reads them only under it. Completions (CONNACK, SUBACK, PUBACK) are kept
 * by message id, so a wait looks for its own id and nothing is lost when an
 * acknowledgement arrives before the wait begins.
 */
#define _GNU_SOURCE
#include "mqtt_client.h"

#include <mosquitto.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define CONNACK_PENDING (-2)

typedef struct completion {
    int mid;
    int value;  /* granted QoS or PUBACK reason code */
} completion;

typedef struct received {
    char *topic;
    char *payload; /* NUL-terminated copy */
} received;

struct mqtt_client {
    struct mosquitto *mosq;
    pthread_mutex_t lock;
    int connack;          /* CONNACK_PENDING until it arrives */
    bool connected;
    bool dropped;         /* the connection ended (or never started) */
    int disconnects;      /* how often it ended (libmosquitto reconnects by itself) */
    completion *done;
    int n_done, cap_done;
    received *messages;
    int n_messages, cap_messages;
    bool out_of_memory;
};

/* ---- callbacks (network thread) --------------------------------------------- */

static void on_connect(struct mosquitto *m, void *obj, int rc, int flags,
                       const mosquitto_property *props)
{
    (void)m, (void)flags, (void)props;
    mqtt_client *c = obj;
    pthread_mutex_lock(&c->lock);
    c->connack = rc;
    c->connected = rc == 0;
    pthread_mutex_unlock(&c->lock);
}

static void on_disconnect(struct mosquitto *m, void *obj, int rc, const mosquitto_property *props)
{
    (void)m, (void)rc, (void)props;
    mqtt_client *c = obj;
    pthread_mutex_lock(&c->lock);
    c->connected = false;
    c->dropped = true;
    c->disconnects++;
    pthread_mutex_unlock(&c->lock);
}

static void record_completion(mqtt_client *c, int mid, int value)
{
    pthread_mutex_lock(&c->lock);
    if (c->n_done == c->cap_done) {
        int cap = c->cap_done ? c->cap_done * 2 : 64;
        completion *grown = realloc(c->done, (size_t)cap * sizeof *grown);
        if (!grown) {
            c->out_of_memory = true;
            pthread_mutex_unlock(&c->lock);
            return;
        }
        c->done = grown;
        c->cap_done = cap;
    }
    c->done[c->n_done++] = (completion){mid, value};
    pthread_mutex_unlock(&c->lock);
}

static void on_publish(struct mosquitto *m, void *obj, int mid, int reason,
                       const mosquitto_property *props)
{
    (void)m, (void)props;
    record_completion(obj, mid, reason);
}

static void on_subscribe(struct mosquitto *m, void *obj, int mid, int n, const int *granted,
                         const mosquitto_property *props)
{
    (void)m, (void)props;
    record_completion(obj, mid, n > 0 ? granted[0] : MQTT_CLIENT_FAILED);
}

static void on_message(struct mosquitto *m, void *obj, const struct mosquitto_message *msg,
                       const mosquitto_property *props)
{
    (void)m, (void)props;
    mqtt_client *c = obj;
    char *topic = strdup(msg->topic);
    char *payload = malloc((size_t)msg->payloadlen + 1);
    pthread_mutex_lock(&c->lock);
    if (c->n_messages == c->cap_messages) {
        int cap = c->cap_messages ? c->cap_messages * 2 : 64;
        received *grown = realloc(c->messages, (size_t)cap * sizeof *grown);
        if (grown) {
            c->messages = grown;
            c->cap_messages = cap;
        }
    }
    if (topic && payload && c->n_messages < c->cap_messages) {
        memcpy(payload, msg->payload, (size_t)msg->payloadlen);
        payload[msg->payloadlen] = '\0';
        c->messages[c->n_messages++] = (received){topic, payload};
        topic = payload = NULL;
    } else {
        c->out_of_memory = true;
    }
    pthread_mutex_unlock(&c->lock);
    free(topic);
    free(payload);
}

/* ---- waiting ------------------------------------------------------------------ */

/* Before the network thread starts, the test's thread runs libmosquitto's
 * loop itself: a TLS handshake that fails, or a broker that closes the
 * socket, shows as an error from mosquitto_loop rather than as silence. */
static bool connack_or_drop(void *arg)
{
    mqtt_client *c = arg;
    int rc = mosquitto_loop(c->mosq, 5, 1);
    pthread_mutex_lock(&c->lock);
    if (rc != MOSQ_ERR_SUCCESS)
        c->dropped = true;
    bool answered = c->connack != CONNACK_PENDING || c->dropped;
    pthread_mutex_unlock(&c->lock);
    return answered;
}

typedef struct completion_wait {
    mqtt_client *c;
    int mid;
    int value;
    int disconnects;  /* when the wait began */
} completion_wait;

/* The acknowledgement of w->mid came -- or the connection ended, after
 * which it will not (a refused message may end it: see mqtt_client.h). */
static bool completed(void *arg)
{
    completion_wait *w = arg;
    bool found = false;
    pthread_mutex_lock(&w->c->lock);
    for (int i = 0; i < w->c->n_done && !found; i++) {
        if (w->c->done[i].mid == w->mid) {
            w->value = w->c->done[i].value;
            w->c->done[i] = w->c->done[--w->c->n_done];
            found = true;
        }
    }
    bool ended = w->c->disconnects != w->disconnects;
    pthread_mutex_unlock(&w->c->lock);
    return found || ended;
}

static int disconnects(mqtt_client *c)
{
    pthread_mutex_lock(&c->lock);
    int n = c->disconnects;
    pthread_mutex_unlock(&c->lock);
    return n;
}

/* before: disconnects() before the request was sent. */
static int wait_completion(mqtt_client *c, int mid, int before)
{
    completion_wait w = {c, mid, MQTT_CLIENT_FAILED, before};
    testutil_wait_until(completed, &w, MQTT_CLIENT_WAIT_MS);
    return w.value;
}

/* ---- connection ---------------------------------------------------------------- */

static void client_free(mqtt_client *c)
{
    if (!c)
        return;
    if (c->mosq)
        mosquitto_destroy(c->mosq);
    for (int i = 0; i < c->n_messages; i++) {
        free(c->messages[i].topic);
        free(c->messages[i].payload);
    }
    free(c->messages);
    free(c->done);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static bool configure(mqtt_client *c, const mqtt_client_options *o)
{
    char password[300];
    if (o->password)
        snprintf(password, sizeof password, "%s", o->password);
    else
        snprintf(password, sizeof password, "pw-%s", o->user);
    if (mosquitto_username_pw_set(c->mosq, o->user, password) != MOSQ_ERR_SUCCESS)
        return false;
    if (o->mqtt5 &&
        mosquitto_int_option(c->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5) != MOSQ_ERR_SUCCESS)
        return false;
    if (o->ca_file &&
        (mosquitto_tls_set(c->mosq, o->ca_file, NULL, NULL, NULL, NULL) != MOSQ_ERR_SUCCESS ||
         mosquitto_tls_opts_set(c->mosq, 1, "tlsv1.2", NULL) != MOSQ_ERR_SUCCESS))
        return false;
    mosquitto_connect_v5_callback_set(c->mosq, on_connect);
    mosquitto_disconnect_v5_callback_set(c->mosq, on_disconnect);
    mosquitto_publish_v5_callback_set(c->mosq, on_publish);
    mosquitto_subscribe_v5_callback_set(c->mosq, on_subscribe);
    mosquitto_message_v5_callback_set(c->mosq, on_message);
    return true;
}

static void library_init(void)
{
    mosquitto_lib_init();
}

int mqtt_client_connect(int port, const mqtt_client_options *options, mqtt_client **out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, library_init);
    *out = NULL;
    mqtt_client *c = calloc(1, sizeof *c);
    if (!c)
        return MQTT_CLIENT_FAILED;
    pthread_mutex_init(&c->lock, NULL);
    c->connack = CONNACK_PENDING;
    const char *id = options->client_id ? options->client_id : options->user;
    c->mosq = mosquitto_new(id, !options->persistent, c);
    int result = MQTT_CLIENT_FAILED;
    if (!c->mosq || !configure(c, options))
        goto fail;
    if (mosquitto_connect(c->mosq, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS) {
        c->dropped = true;
        goto fail;
    }
    testutil_wait_until(connack_or_drop, c, MQTT_CLIENT_WAIT_MS);
    pthread_mutex_lock(&c->lock);
    result = c->connack == CONNACK_PENDING ? MQTT_CLIENT_FAILED : c->connack;
    c->dropped = false;
    c->disconnects = 0;
    pthread_mutex_unlock(&c->lock);
    if (result == 0 && mosquitto_loop_start(c->mosq) == MOSQ_ERR_SUCCESS) {
        *out = c;
        return 0;
    }
    if (result == 0)
        result = MQTT_CLIENT_FAILED;
fail:
    if (c->mosq)
        mosquitto_disconnect(c->mosq);
    client_free(c);
    return result;
}

void mqtt_client_close(mqtt_client *c)
{
    if (!c)
        return;
    mosquitto_disconnect(c->mosq);
    mosquitto_loop_stop(c->mosq, false);
    client_free(c);
}

bool mqtt_client_connected(mqtt_client *c)
{
    pthread_mutex_lock(&c->lock);
    bool connected = c->connected;
    pthread_mutex_unlock(&c->lock);
    return connected;
}

static bool dropped(void *arg)
{
    return disconnects(arg) > 0;
}

bool mqtt_client_wait_disconnected(mqtt_client *c, int timeout_ms)
{
    return testutil_wait_until(dropped, c, timeout_ms);
}

/* ---- subscribe and publish --------------------------------------------------------- */

int mqtt_client_subscribe(mqtt_client *c, const char *filter, int qos)
{
    int mid, before = disconnects(c);
    if (mosquitto_subscribe(c->mosq, &mid, filter, qos) != MOSQ_ERR_SUCCESS)
        return MQTT_CLIENT_FAILED;
    return wait_completion(c, mid, before);
}

int mqtt_client_publish(mqtt_client *c, const char *topic, const void *payload, size_t len,
                        int qos, bool retain)
{
    int mid, before = disconnects(c);
    if (len > (size_t)268435455 ||
        mosquitto_publish(c->mosq, &mid, topic, (int)len, payload, qos, retain) != MOSQ_ERR_SUCCESS)
        return MQTT_CLIENT_FAILED;
    /* libmosquitto reports QoS 0 messages as "published" once written too. */
    return wait_completion(c, mid, before);
}

int mqtt_client_publish_text(mqtt_client *c, const char *topic, const char *text, int qos)
{
    return mqtt_client_publish(c, topic, text, strlen(text), qos, false);
}

/* ---- what arrived ------------------------------------------------------------------- */

static bool topic_matches(const char *wanted, const char *topic)
{
    return !wanted || strcmp(wanted, topic) == 0;
}

int mqtt_client_count(mqtt_client *c, const char *topic)
{
    int n = 0;
    pthread_mutex_lock(&c->lock);
    for (int i = 0; i < c->n_messages; i++)
        n += topic_matches(topic, c->messages[i].topic);
    pthread_mutex_unlock(&c->lock);
    return n;
}

typedef struct count_wait {
    mqtt_client *c;
    const char *topic;
    int n;
} count_wait;

static bool enough(void *arg)
{
    count_wait *w = arg;
    return mqtt_client_count(w->c, w->topic) >= w->n;
}

bool mqtt_client_wait_count(mqtt_client *c, const char *topic, int n, int timeout_ms)
{
    count_wait w = {c, topic, n};
    return testutil_wait_until(enough, &w, timeout_ms);
}

char *mqtt_client_payload(mqtt_client *c, const char *topic, int index)
{
    char *copy = NULL;
    pthread_mutex_lock(&c->lock);
    for (int i = 0, seen = 0; i < c->n_messages && !copy; i++) {
        if (!topic_matches(topic, c->messages[i].topic))
            continue;
        if (seen++ == index)
            copy = strdup(c->messages[i].payload);
    }
    pthread_mutex_unlock(&c->lock);
    return copy;
}
