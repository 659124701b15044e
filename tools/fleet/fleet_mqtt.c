/* fleet_mqtt.c -- the fleet from retained status messages (see
 * fleet_mqtt.h).
 *
 * libmosquitto in this thread (mosquitto_loop with a short timeout), no
 * network thread: the program has nothing else to do meanwhile, and the
 * loop is where the quiet period and the deadline are watched.
 *
 *   connect --CONNACK 0--> subscribe --SUBACK--> collect --quiet_ms--> done
 *      |  CONNACK refused,     |                 \-- timeout_ms in all: done
 *      |  SR_E_DENIED          \- SUBACK 0x80: SR_E_DENIED
 *      \- no CONNACK by timeout_ms: SR_E_IO
 */
#define _DEFAULT_SOURCE /* clock_gettime */
#include "fleet_mqtt.h"

#include <errno.h>
#include <mosquitto.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config/conf.h"
#include "net/secret_file.h"

#define LOOP_SLICE_MS 50

#define STR(sec, k, field, minlen, def, help)                                                  \
    {sec, k, CONF_STRING, offsetof(fleet_mqtt_config, field),                                  \
     sizeof(((fleet_mqtt_config *)0)->field), minlen, 0, NULL, def, help, NULL}
#define PATHKEY(sec, k, field, help)                                                           \
    {sec, k, CONF_PATH, offsetof(fleet_mqtt_config, field),                                    \
     sizeof(((fleet_mqtt_config *)0)->field), 0, 0, NULL, "", help, NULL}

static const conf_key FLEET_KEYS[] = {
    STR("mqtt", "host", host, 0, "", "broker host name or address (required)"),
    {"mqtt", "port", CONF_INT, offsetof(fleet_mqtt_config, port), sizeof(int), 1, 65535, NULL,
     "8883", "broker port (8883 for TLS, 1883 plain)", NULL},
    STR("mqtt", "username", username, 1, "staffroom-fleet",
        "MQTT user name: the staffroom-fleet service account"),
    PATHKEY("mqtt", "password_file", password_file, "file holding the password, one line"),
    PATHKEY("mqtt", "ca_file", ca_file, "CA certificate for TLS; empty for plain MQTT"),
    PATHKEY("registry", "path", registry_path,
            "the device registry, for each kiosk's site and area; empty: ids only"),
};

#define FLEET_N_KEYS (sizeof FLEET_KEYS / sizeof FLEET_KEYS[0])

sr_status fleet_mqtt_config_load(const char *path, fleet_mqtt_config *config, char *err,
                                 size_t err_size)
{
    memset(config, 0, sizeof *config);
    conf_apply_defaults(FLEET_KEYS, FLEET_N_KEYS, config);
    sr_status status = conf_load(FLEET_KEYS, FLEET_N_KEYS, config, path, err, err_size);
    if (status == SR_OK && !config->host[0]) {
        snprintf(err, err_size, "%s: [mqtt] host: required", path);
        status = SR_E_CONFIG;
    }
    return status;
}

typedef struct reader {
    fleet *f;
    int connack;            /* -1 until the CONNACK */
    bool subscribed;
    bool subscription_refused; /* SUBACK 0x80: the ACL says no */
    int64_t last_event_ms;  /* SUBACK or the latest message */
    int n_bad;
    char bad[WIRE_DEVICE_ID_MAX + WIRE_REASON_MAX + 2];
} reader;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_connect(struct mosquitto *m, void *arg, int rc)
{
    reader *r = arg;
    r->connack = rc;
    if (rc == 0)
        mosquitto_subscribe(m, NULL, wire_topic_filter(WIRE_CHANNEL_STATUS), 1);
}

static void on_subscribe(struct mosquitto *m, void *arg, int mid, int n, const int *granted)
{
    (void)m;
    (void)mid;
    reader *r = arg;
    r->subscribed = n > 0 && granted[0] <= 2;
    r->subscription_refused = !r->subscribed;
    r->last_event_ms = now_ms();
}

static void on_message(struct mosquitto *m, void *arg, const struct mosquitto_message *msg)
{
    (void)m;
    reader *r = arg;
    char device[WIRE_DEVICE_ID_MAX], reason[WIRE_REASON_MAX];
    wire_channel channel;
    wire_status status;
    r->last_event_ms = now_ms();
    if (!msg->payloadlen)
        return; /* a retained status cleared by hand: nothing to show */
    if (!wire_topic_parse(msg->topic, device, &channel) || channel != WIRE_CHANNEL_STATUS)
        return;
    if (wire_status_decode(msg->payload, (size_t)msg->payloadlen, &status, reason,
                           sizeof reason) != SR_OK) {
        if (!r->n_bad++)
            snprintf(r->bad, sizeof r->bad, "%s: %s", device, reason);
        return;
    }
    fleet_kiosk *k = fleet_kiosk_for(r->f, device);
    if (!k)
        return;
    k->state = status.online ? FLEET_ONLINE : FLEET_OFFLINE;
    k->since = 0; /* neither message says since when */
    if (status.online) {
        k->status = status;
        k->has_details = true;
    }
}

static sr_status setup(struct mosquitto *m, const fleet_mqtt_config *c, char *err,
                       size_t err_size)
{
    char password[256] = "";
    if (c->password_file[0] &&
        secret_file_read(c->password_file, password, sizeof password, err, err_size) != SR_OK)
        return SR_E_CONFIG;
    int rc = mosquitto_username_pw_set(m, c->username, password[0] ? password : NULL);
    memset(password, 0, sizeof password);
    if (rc == MOSQ_ERR_SUCCESS && c->ca_file[0])
        rc = mosquitto_tls_set(m, c->ca_file, NULL, NULL, NULL, NULL);
    if (rc != MOSQ_ERR_SUCCESS) {
        snprintf(err, err_size, "setting up the MQTT client: %s", mosquitto_strerror(rc));
        return SR_E_CONFIG;
    }
    mosquitto_connect_callback_set(m, on_connect);
    mosquitto_subscribe_callback_set(m, on_subscribe);
    mosquitto_message_callback_set(m, on_message);
    return SR_OK;
}

/* Runs the client until quiet, refused or out of time. */
static sr_status collect(struct mosquitto *m, reader *r, const fleet_mqtt_config *c,
                         int quiet_ms, int timeout_ms, char *err, size_t err_size)
{
    int64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        int rc = mosquitto_loop(m, LOOP_SLICE_MS, 1);
        int64_t now = now_ms();
        if (r->connack > 0) {
            snprintf(err, err_size, "%s:%d refused the login of %s: %s", c->host, c->port,
                     c->username, mosquitto_connack_string(r->connack));
            return SR_E_DENIED;
        }
        if (r->subscription_refused) {
            snprintf(err, err_size,
                     "%s:%d refused %s the status topics (the shipped ACL gives them to "
                     "staffroom-fleet)",
                     c->host, c->port, c->username);
            return SR_E_DENIED;
        }
        if (rc != MOSQ_ERR_SUCCESS) { /* refused, unreachable, or lost half-way */
            snprintf(err, err_size, "%s:%d: %s%s", c->host, c->port,
                     r->connack == 0 ? "connection lost: " : "",
                     rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
            return SR_E_IO;
        }
        if (r->subscribed && now - r->last_event_ms >= quiet_ms)
            return SR_OK;
        if (now >= deadline) {
            if (r->subscribed)
                return SR_OK; /* still talking: what came is the picture */
            snprintf(err, err_size, "%s:%d: no answer within %d ms", c->host, c->port,
                     timeout_ms);
            return SR_E_IO;
        }
    }
}

sr_status fleet_mqtt_read(const fleet_mqtt_config *config, int quiet_ms, int timeout_ms,
                          fleet *f, int *n_bad, char *bad, size_t bad_size, char *err,
                          size_t err_size)
{
    reader r = {.f = f, .connack = -1};
    mosquitto_lib_init();
    struct mosquitto *m = mosquitto_new(NULL, true, &r);
    sr_status status = m ? setup(m, config, err, err_size) : SR_E_NOMEM;
    if (status == SR_OK) {
        /* Asynchronous, so that an unreachable host is bounded by timeout_ms
         * in collect() rather than by the kernel's connect timeout. */
        int rc = mosquitto_connect_async(m, config->host, config->port, 30);
        if (rc != MOSQ_ERR_SUCCESS) {
            snprintf(err, err_size, "%s:%d: cannot connect: %s", config->host, config->port,
                     rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
            status = SR_E_IO;
        }
    }
    if (status == SR_OK)
        status = collect(m, &r, config, quiet_ms, timeout_ms, err, err_size);
    if (m && r.connack == 0) {
        mosquitto_disconnect(m);
        mosquitto_loop(m, LOOP_SLICE_MS, 1);
    }
    mosquitto_destroy(m);
    mosquitto_lib_cleanup();
    if (n_bad)
        *n_bad = r.n_bad;
    if (bad && bad_size)
        snprintf(bad, bad_size, "%s", r.bad);
    return status;
}

sr_status fleet_apply_registry(fleet *f, const registry *reg)
{
    for (int i = 0; i < f->n; i++)
        f->kiosks[i].registered = registry_find(reg, f->kiosks[i].device) != NULL;
    for (int i = 0; i < registry_count(reg); i++) {
        const registry_entry *e = registry_at(reg, i);
        fleet_kiosk *k = fleet_kiosk_for(f, e->device);
        if (!k)
            return SR_E_NOMEM;
        k->registered = true;
        k->revoked = e->revoked;
        snprintf(k->site, sizeof k->site, "%s", e->site);
        snprintf(k->area, sizeof k->area, "%s", e->area);
        snprintf(k->staff_group, sizeof k->staff_group, "%s", e->staff_group);
    }
    return SR_OK;
}
