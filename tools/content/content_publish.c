/* content_publish.c -- one retained QoS 1 publish, waited for (see
 * content_publish.h). Uses libmosquitto's blocking calls: this is a
 * command-line tool with nothing else to do meanwhile.
 *
 * MQTT v5 on purpose: with 3.1.1, mosquitto acknowledges a publish its ACL
 * refuses and drops it silently, so "published" would be a lie for a user
 * without the right; a v5 PUBACK carries the refusal as its reason code. */
#include "content_publish.h"

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include <mosquitto.h>

typedef struct publish_state {
    int connack;     /* -1 until CONNACK */
    int mid;         /* our message's id */
    int reason;      /* the PUBACK's reason code (v5) */
    bool acknowledged;
    bool disconnected;
} publish_state;

static void on_connect(struct mosquitto *mosq, void *arg, int rc, int flags,
                       const mosquitto_property *props)
{
    (void)mosq;
    (void)flags;
    (void)props;
    ((publish_state *)arg)->connack = rc;
}

static void on_publish(struct mosquitto *mosq, void *arg, int mid, int reason,
                       const mosquitto_property *props)
{
    (void)mosq;
    (void)props;
    publish_state *s = arg;
    if (mid == s->mid) {
        s->acknowledged = true;
        s->reason = reason;
    }
}

static void on_disconnect(struct mosquitto *mosq, void *arg, int rc)
{
    (void)mosq;
    (void)rc;
    ((publish_state *)arg)->disconnected = true;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs the network loop until done(state) or the deadline. */
static bool loop_until(struct mosquitto *mosq, publish_state *s, long long deadline,
                       bool (*done)(const publish_state *))
{
    while (!done(s) && !s->disconnected && now_ms() < deadline) {
        int rc = mosquitto_loop(mosq, 100, 1);
        if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN)
            return false;
    }
    return done(s);
}

static bool connected(const publish_state *s)
{
    return s->connack >= 0;
}

static bool acknowledged(const publish_state *s)
{
    return s->acknowledged;
}

static sr_status set_up(struct mosquitto *mosq, const content_publish_options *o, char *err,
                        size_t err_size)
{
    if (o->username[0] && mosquitto_username_pw_set(mosq, o->username, o->password) !=
                              MOSQ_ERR_SUCCESS) {
        snprintf(err, err_size, "cannot set the user name and password");
        return SR_E_CONFIG;
    }
    if (o->ca_file[0]) {
        int rc = mosquitto_tls_set(mosq, o->ca_file, NULL, o->cert_file[0] ? o->cert_file : NULL,
                                   o->key_file[0] ? o->key_file : NULL, NULL);
        if (rc != MOSQ_ERR_SUCCESS) {
            snprintf(err, err_size, "TLS files refused (ca_file %s): %s", o->ca_file,
                     mosquitto_strerror(rc));
            return SR_E_CONFIG;
        }
    }
    return SR_OK;
}

sr_status content_publish(const content_publish_options *o, const void *message, size_t len,
                          char *err, size_t err_size)
{
    publish_state state = {.connack = -1, .mid = -1};
    sr_status status = SR_E_IO;
    long long deadline = now_ms() + o->timeout_ms;
    mosquitto_lib_init();
    struct mosquitto *mosq = mosquitto_new(NULL, true, &state);
    if (!mosq) {
        snprintf(err, err_size, "out of memory");
        goto done;
    }
    mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_connect_v5_callback_set(mosq, on_connect);
    mosquitto_publish_v5_callback_set(mosq, on_publish);
    mosquitto_disconnect_callback_set(mosq, on_disconnect);
    if ((status = set_up(mosq, o, err, err_size)) != SR_OK)
        goto done;
    status = SR_E_IO;
    int rc = mosquitto_connect(mosq, o->host, o->port, 30);
    if (rc != MOSQ_ERR_SUCCESS) {
        snprintf(err, err_size, "cannot connect to %s:%d: %s", o->host, o->port,
                 rc == MOSQ_ERR_ERRNO ? "connection refused or unreachable"
                                      : mosquitto_strerror(rc));
        goto done;
    }
    if (!loop_until(mosq, &state, deadline, connected) || state.connack != 0) {
        snprintf(err, err_size, "the broker at %s:%d %s", o->host, o->port,
                 state.connack > 0 ? mosquitto_reason_string(state.connack)
                                   : "did not answer in time");
        status = state.connack > 0 ? SR_E_DENIED : SR_E_IO;
        goto done;
    }
    rc = mosquitto_publish(mosq, &state.mid, CONTENT_PUBLISH_TOPIC, (int)len, message, 1, true);
    if (rc != MOSQ_ERR_SUCCESS || !loop_until(mosq, &state, deadline, acknowledged)) {
        snprintf(err, err_size, "the broker did not acknowledge the pack in time%s",
                 state.disconnected ? " (it closed the connection: is this user allowed to "
                                      "write " CONTENT_PUBLISH_TOPIC "?)"
                                    : "");
        goto done;
    }
    if (state.reason >= 0x80) {
        snprintf(err, err_size, "the broker refused the pack: %s (may user '%s' write %s?)",
                 mosquitto_reason_string(state.reason), o->username, CONTENT_PUBLISH_TOPIC);
        status = SR_E_DENIED;
        goto done;
    }
    mosquitto_disconnect(mosq);
    status = SR_OK;
done:
    mosquitto_destroy(mosq);
    mosquitto_lib_cleanup();
    return status;
}
