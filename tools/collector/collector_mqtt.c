/* collector_mqtt.c -- the collector's MQTT session on libmosquitto's
 * external-loop functions (see collector_mqtt.h).
 *
 * libmosquitto does the protocol; this module decides when: it reads when
 * poll() says the socket is readable (and keeps reading while the kernel
 * holds more bytes, so a backlog drains in few wake-ups), writes when
 * libmosquitto has something queued, calls mosquitto_loop_misc() a few
 * times per keepalive interval, and reconnects with a doubling delay.
 *
 * Connecting is mosquitto_connect_bind_v5(), which blocks for the name
 * lookup and TCP handshake. The collector normally runs beside its broker,
 * where that is a loopback round trip; a refused connection returns at once.
 *
 * The caller calls mosquitto_lib_init() once before creating a session.
 */
#include "collector_mqtt.h"

#include <errno.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "wire/wire.h"

#define RETRY_FIRST_MS 1000
#define RETRY_MAX_MS 30000
#define CONNACK_TIMEOUT_MS 30000
#define READS_PER_WAKEUP 1024 /* bounds one service call under a flood */

typedef enum mqtt_state { MQTT_DOWN, MQTT_WAITING, MQTT_UP } mqtt_state;

struct collector_mqtt {
    struct mosquitto *mosq;
    collector_mqtt_options options; /* strings point into the copies below */
    char *strings[8];
    bool v5;
    mqtt_state state;
    int64_t retry_at_ms;      /* DOWN: next attempt */
    int64_t retry_delay_ms;
    int64_t waiting_since_ms; /* WAITING: when CONNECT was sent */
    int64_t next_misc_ms;
    int unconfirmed;
    int subscribe_mid[2];
    collector_mqtt_message_fn on_message;
    void *arg;
};

static FILE *log_file(const collector_mqtt *m)
{
    return m->options.log ? m->options.log : stderr;
}

static int misc_interval_ms(const collector_mqtt *m)
{
    int ms = m->options.keepalive_seconds * 1000 / 4;
    return ms < 250 ? 250 : ms;
}

/* The subscription filter of one channel, shared or plain. */
static void filter(const collector_mqtt *m, wire_channel channel, char *out, size_t size)
{
    if (m->options.share_group[0])
        snprintf(out, size, "$share/%s/%s", m->options.share_group, wire_topic_filter(channel));
    else
        snprintf(out, size, "%s", wire_topic_filter(channel));
}

static void went_down(collector_mqtt *m, int64_t now_ms)
{
    if (m->state == MQTT_DOWN)
        return;
    m->state = MQTT_DOWN;
    m->retry_at_ms = now_ms + m->retry_delay_ms;
    fprintf(log_file(m), "staffroom-collector: not connected to %s:%d; trying again in %lld ms\n",
            m->options.host, m->options.port, (long long)m->retry_delay_ms);
    m->retry_delay_ms = m->retry_delay_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : m->retry_delay_ms * 2;
}

/* ---- libmosquitto's callbacks ------------------------------------------ */

static void on_connect(struct mosquitto *mosq, void *obj, int rc, int flags,
                       const mosquitto_property *props)
{
    (void)mosq;
    (void)props;
    collector_mqtt *m = obj;
    if (rc != 0) {
        fprintf(log_file(m), "staffroom-collector: the broker refused the connection: %s\n",
                m->v5 ? mosquitto_reason_string(rc) : mosquitto_connack_string(rc));
        return; /* libmosquitto closes the socket; service() sees it */
    }
    char sub[WIRE_TOPIC_MAX + 80];
    for (int i = 0; i < 2; i++) {
        filter(m, i == 0 ? WIRE_CHANNEL_ANSWER : WIRE_CHANNEL_STATUS, sub, sizeof sub);
        int err = m->v5 ? mosquitto_subscribe_v5(m->mosq, &m->subscribe_mid[i], sub, 1, 0, NULL)
                        : mosquitto_subscribe(m->mosq, &m->subscribe_mid[i], sub, 1);
        if (err != MOSQ_ERR_SUCCESS)
            fprintf(log_file(m), "staffroom-collector: subscribing to %s: %s\n", sub,
                    mosquitto_strerror(err));
    }
    m->state = MQTT_UP;
    m->retry_delay_ms = RETRY_FIRST_MS;
    fprintf(log_file(m), "staffroom-collector: connected to %s:%d as %s (%s session)\n",
            m->options.host, m->options.port, m->options.client_id,
            flags & 1 ? "resumed" : "new");
}

static void on_subscribe(struct mosquitto *mosq, void *obj, int mid, int n, const int *granted)
{
    (void)mosq;
    collector_mqtt *m = obj;
    char sub[WIRE_TOPIC_MAX + 80];
    for (int i = 0; i < 2; i++) {
        if (mid != m->subscribe_mid[i])
            continue;
        filter(m, i == 0 ? WIRE_CHANNEL_ANSWER : WIRE_CHANNEL_STATUS, sub, sizeof sub);
        if (n < 1 || granted[0] > 2)
            fprintf(log_file(m), "staffroom-collector: the broker refused the subscription to %s "
                    "(check the ACL for %s)\n", sub, m->options.username);
        else
            fprintf(log_file(m), "staffroom-collector: subscribed to %s (QoS %d)\n", sub,
                    granted[0]);
    }
}

static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *msg)
{
    (void)mosq;
    collector_mqtt *m = obj;
    m->on_message(m->arg, msg->topic, msg->payload ? msg->payload : "",
                  msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0, msg->retain);
}

static void on_publish(struct mosquitto *mosq, void *obj, int mid)
{
    (void)mosq;
    (void)mid;
    collector_mqtt *m = obj;
    if (m->unconfirmed > 0)
        m->unconfirmed--;
}

/* ---- set-up ----------------------------------------------------------- */

static bool copy_options(collector_mqtt *m, const collector_mqtt_options *o)
{
    const char *src[8] = {o->host,      o->username,  o->password, o->ca_file,
                          o->cert_file, o->key_file,  o->client_id, o->share_group};
    for (int i = 0; i < 8; i++)
        if (!(m->strings[i] = strdup(src[i] ? src[i] : "")))
            return false;
    m->options = *o;
    m->options.host = m->strings[0];
    m->options.username = m->strings[1];
    m->options.password = m->strings[2];
    m->options.ca_file = m->strings[3];
    m->options.cert_file = m->strings[4];
    m->options.key_file = m->strings[5];
    m->options.client_id = m->strings[6];
    m->options.share_group = m->strings[7];
    return true;
}

static sr_status set_up_client(collector_mqtt *m, char *err, size_t err_size)
{
    const collector_mqtt_options *o = &m->options;
    if (m->v5)
        mosquitto_int_option(m->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    if (o->username[0] &&
        mosquitto_username_pw_set(m->mosq, o->username, o->password[0] ? o->password : NULL) !=
            MOSQ_ERR_SUCCESS) {
        snprintf(err, err_size, "[mqtt] username: refused by libmosquitto");
        return SR_E_CONFIG;
    }
    if (o->ca_file[0]) {
        int rc = mosquitto_tls_set(m->mosq, o->ca_file, NULL, o->cert_file[0] ? o->cert_file : NULL,
                                   o->key_file[0] ? o->key_file : NULL, NULL);
        if (rc != MOSQ_ERR_SUCCESS) {
            snprintf(err, err_size, "[mqtt] ca_file, cert_file, key_file: %s: %s", o->ca_file,
                     rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
            return SR_E_CONFIG;
        }
    }
    mosquitto_connect_v5_callback_set(m->mosq, on_connect);
    mosquitto_subscribe_callback_set(m->mosq, on_subscribe);
    mosquitto_message_callback_set(m->mosq, on_message);
    mosquitto_publish_callback_set(m->mosq, on_publish);
    return SR_OK;
}

sr_status collector_mqtt_create(const collector_mqtt_options *options,
                                collector_mqtt_message_fn message_fn, void *arg,
                                collector_mqtt **out, char *err, size_t err_size)
{
    sr_status status = SR_E_NOMEM;
    *out = NULL;
    collector_mqtt *m = calloc(1, sizeof *m);
    if (!m || !copy_options(m, options)) {
        snprintf(err, err_size, "out of memory");
        goto fail;
    }
    m->v5 = m->options.share_group[0] != '\0';
    m->on_message = message_fn;
    m->arg = arg;
    m->retry_delay_ms = RETRY_FIRST_MS;
    m->retry_at_ms = 0; /* connect at the first service call */
    m->mosq = mosquitto_new(m->options.client_id, false, m);
    if (!m->mosq) {
        snprintf(err, err_size, "mosquitto_new: %s", strerror(errno));
        status = errno == EINVAL ? SR_E_CONFIG : SR_E_NOMEM;
        goto fail;
    }
    if ((status = set_up_client(m, err, err_size)) != SR_OK)
        goto fail;
    *out = m;
    return SR_OK;
fail:
    collector_mqtt_destroy(m);
    return status;
}

void collector_mqtt_destroy(collector_mqtt *m)
{
    if (!m)
        return;
    if (m->mosq) {
        if (m->state == MQTT_UP)
            mosquitto_disconnect(m->mosq);
        mosquitto_destroy(m->mosq);
    }
    for (int i = 0; i < 8; i++)
        free(m->strings[i]);
    free(m);
}

/* ---- the loop --------------------------------------------------------- */

static void connect_now(collector_mqtt *m, int64_t now_ms)
{
    mosquitto_property *props = NULL;
    if (m->v5)
        mosquitto_property_add_int32(&props, MQTT_PROP_SESSION_EXPIRY_INTERVAL,
                                     (uint32_t)m->options.session_expiry_seconds);
    int rc = mosquitto_connect_bind_v5(m->mosq, m->options.host, m->options.port,
                                       m->options.keepalive_seconds, NULL, props);
    mosquitto_property_free_all(&props);
    m->state = MQTT_WAITING;
    m->waiting_since_ms = now_ms;
    m->next_misc_ms = now_ms + misc_interval_ms(m);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(log_file(m), "staffroom-collector: connecting to %s:%d: %s\n", m->options.host,
                m->options.port, rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
        went_down(m, now_ms);
    }
}

/* Bytes the kernel holds for the socket: more to read without waiting. */
static int bytes_waiting(int fd)
{
    int n = 0;
    return fd >= 0 && ioctl(fd, FIONREAD, &n) == 0 ? n : 0;
}

static void read_all(collector_mqtt *m)
{
    for (int i = 0; i < READS_PER_WAKEUP; i++) {
        if (mosquitto_loop_read(m->mosq, 1) != MOSQ_ERR_SUCCESS)
            return;
        if (bytes_waiting(mosquitto_socket(m->mosq)) <= 0)
            return;
    }
}

void collector_mqtt_service(collector_mqtt *m, short revents, int64_t now_ms)
{
    if (m->state == MQTT_DOWN) {
        if (now_ms >= m->retry_at_ms)
            connect_now(m, now_ms);
        return;
    }
    if (revents & (POLLIN | POLLHUP | POLLERR))
        read_all(m);
    if (mosquitto_socket(m->mosq) >= 0 && (revents & POLLOUT))
        mosquitto_loop_write(m->mosq, 1);
    if (mosquitto_socket(m->mosq) >= 0 && now_ms >= m->next_misc_ms) {
        mosquitto_loop_misc(m->mosq);
        m->next_misc_ms = now_ms + misc_interval_ms(m);
    }
    if (m->state == MQTT_WAITING && mosquitto_socket(m->mosq) >= 0 &&
        now_ms - m->waiting_since_ms > CONNACK_TIMEOUT_MS) {
        fprintf(log_file(m), "staffroom-collector: no CONNACK from the broker in %d s\n",
                CONNACK_TIMEOUT_MS / 1000);
        mosquitto_disconnect(m->mosq);
    }
    if (mosquitto_socket(m->mosq) < 0)
        went_down(m, now_ms);
}

int collector_mqtt_fd(collector_mqtt *m)
{
    return m->state == MQTT_DOWN ? -1 : mosquitto_socket(m->mosq);
}

short collector_mqtt_events(collector_mqtt *m)
{
    return (short)(POLLIN | (mosquitto_want_write(m->mosq) ? POLLOUT : 0));
}

int64_t collector_mqtt_deadline(const collector_mqtt *m, int64_t now_ms)
{
    if (m->state == MQTT_DOWN)
        return m->retry_at_ms;
    int64_t next = m->next_misc_ms;
    if (m->state == MQTT_WAITING && m->waiting_since_ms + CONNACK_TIMEOUT_MS < next)
        next = m->waiting_since_ms + CONNACK_TIMEOUT_MS + 1;
    return next > now_ms ? next : now_ms;
}

sr_status collector_mqtt_publish(void *arg, const char *topic, const char *payload)
{
    collector_mqtt *m = arg;
    int rc = mosquitto_publish(m->mosq, NULL, topic, (int)strlen(payload), payload, 1, false);
    if (rc == MOSQ_ERR_SUCCESS) {
        m->unconfirmed++;
        return SR_OK;
    }
    fprintf(log_file(m), "staffroom-collector: publishing on %s: %s\n", topic,
            mosquitto_strerror(rc));
    return rc == MOSQ_ERR_NOMEM ? SR_E_NOMEM : SR_E_IO;
}

bool collector_mqtt_up(const collector_mqtt *m)
{
    return m->state == MQTT_UP;
}

int collector_mqtt_unconfirmed(const collector_mqtt *m)
{
    return m->unconfirmed;
}
