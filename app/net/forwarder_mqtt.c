/* forwarder_mqtt.c -- the forwarder's libmosquitto handle: one per
 * connection, created by forwarder_mqtt_connect() and destroyed by
 * forwarder_mqtt_close() whenever that connection ends.
 *
 * Why a fresh handle each time (app/net/README.md has the measurements on
 * libmosquitto 2.0.11): a handle keeps every QoS 1 message it was handed
 * until the broker's PUBACK, across disconnects, and resends them all
 * after a reconnect, even with a clean session; and mosquitto_publish()
 * on a disconnected handle returns MOSQ_ERR_NO_CONN *and queues the
 * message*, in memory, without limit. Destroying the handle with its
 * connection means nothing handed to libmosquitto outlives the connection
 * it was handed to, so the forwarder's own count (lib_answers <= window)
 * is the whole truth about libmosquitto's memory. The outbox still has
 * every row; they are sent again on the next connection.
 *
 * Callbacks run inside mosquitto_loop_read/_write/_misc on the forwarder's
 * thread. They only record what happened (fw->lost, became_online,
 * goodbye_acked) or confirm outbox rows; forwarder_mqtt_settle() acts on
 * the record once the library call has returned.
 *
 * Errors are turned into the short words the admin screen shows: "not
 * authorised", "connection refused", "TLS: certificate verify failed".
 */
#define _GNU_SOURCE
#include "forwarder_internal.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

/* ---- words for failures ------------------------------------------------------ */

static const char *connack_words(int rc)
{
    switch (rc) {
    case 1: return "refused: protocol version not accepted";
    case 2: return "refused: client id rejected (is the device id in use twice?)";
    case 3: return "refused: broker unavailable";
    case 4: return "bad user name or password";
    case 5: return "not authorised"; /* mosquitto's answer to a wrong password, too */
    default: return "refused by the broker";
    }
}

/* "Connection refused" -> "connection refused": reads better after a colon. */
static void errno_words(int err, char *out, size_t size)
{
    snprintf(out, size, "%s", strerror(err));
    if (out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
        out[0] = (char)(out[0] - 'A' + 'a');
}

/* Why a libmosquitto call failed, in words; err is errno right after it. */
static void failure_words(const forwarder *fw, int rc, int err, char *out, size_t size)
{
    if (rc == MOSQ_ERR_ERRNO && err != 0) {
        errno_words(err, out, size);
    } else if (rc == MOSQ_ERR_TLS) {
        snprintf(out, size, "TLS: %.150s", fw->lib_error[0] ? fw->lib_error : "handshake failed");
    } else if (rc == MOSQ_ERR_EAI) {
        snprintf(out, size, "cannot resolve host %.120s", fw->host);
    } else if (rc == MOSQ_ERR_CONN_LOST || rc == MOSQ_ERR_NO_CONN) {
        snprintf(out, size, "connection lost");
    } else if (rc == MOSQ_ERR_KEEPALIVE) {
        snprintf(out, size, "connection lost (no answer to keepalive)");
    } else {
        snprintf(out, size, "%s", mosquitto_strerror(rc));
    }
}

/* ---- callbacks ------------------------------------------------------------------ */

static void on_log(struct mosquitto *mosq, void *obj, int level, const char *text)
{
    (void)mosq;
    forwarder *fw = obj;
    if (!(level & MOSQ_LOG_ERR) || !text)
        return;
    /* "OpenSSL Error[0]: error:0A000086:SSL routines::certificate verify
     * failed" -> keep what follows the last "::" or ':' run. */
    const char *words = strstr(text, "::");
    words = words ? words + 2 : text;
    snprintf(fw->lib_error, sizeof fw->lib_error, "%s", words);
}

static void on_connect(struct mosquitto *mosq, void *obj, int rc)
{
    forwarder *fw = obj;
    if (rc != 0) {
        forwarder_fail(fw, "%s", connack_words(rc));
        fw->lost = true;
        return;
    }
    int sub = mosquitto_subscribe(mosq, &fw->ack_sub_mid, fw->topic_ack, 1);
    if (sub != MOSQ_ERR_SUCCESS) {
        forwarder_fail(fw, "cannot subscribe to %s: %s", fw->topic_ack, mosquitto_strerror(sub));
        fw->lost = true;
        return;
    }
    fw->content_sub_mid = 0;
    if (fw->content_updates)
        mosquitto_subscribe(mosq, &fw->content_sub_mid, FORWARDER_CONTENT_TOPIC, 1);
    forwarder_set_state(fw, FORWARDER_SUBSCRIBING);
}

static void on_subscribe(struct mosquitto *mosq, void *obj, int mid, int count,
                         const int *granted)
{
    (void)mosq;
    forwarder *fw = obj;
    if (fw->content_sub_mid && mid == fw->content_sub_mid) {
        /* Content updates are optional: a refusal is logged, not fatal. */
        if (count < 1 || granted[0] < 0 || granted[0] > 2)
            forwarder_log(fw, "not allowed to read %s (the broker's ACL): no content updates",
                          FORWARDER_CONTENT_TOPIC);
        return;
    }
    if (count < 1 || granted[0] < 0 || granted[0] > 2) {
        /* 0x80: the broker's ACL does not let this user read its ack topic. */
        forwarder_fail(fw, "not allowed to read %s (the broker's ACL)", fw->topic_ack);
        fw->lost = true;
        return;
    }
    fw->became_online = true;
}

static void on_disconnect(struct mosquitto *mosq, void *obj, int rc)
{
    (void)mosq;
    forwarder *fw = obj;
    int err = errno;
    if (rc != 0 && !fw->lost && fw->state != FORWARDER_STOPPING) {
        char words[FORWARDER_ERROR_MAX];
        failure_words(fw, rc, err, words, sizeof words);
        forwarder_fail(fw, "%s", words);
    }
    fw->lost = true;
}

static void on_publish(struct mosquitto *mosq, void *obj, int mid)
{
    (void)mosq;
    forwarder *fw = obj;
    if (fw->goodbye_mid && mid == fw->goodbye_mid) {
        fw->goodbye_mid = 0;
        fw->goodbye_acked = true;
    } else if (!forwarder_status_acked(fw, mid) && fw->lib_answers > 0) {
        if (fw->lib_answers-- == fw->window)
            fw->want_fill = true; /* libmosquitto had the whole window: room again */
    }
}

static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *msg)
{
    (void)mosq;
    forwarder *fw = obj;
    if (msg->topic && strcmp(msg->topic, fw->topic_ack) == 0)
        forwarder_deliver_ack(fw, msg->payload, msg->payloadlen);
    else if (fw->content_updates && msg->topic && strcmp(msg->topic, FORWARDER_CONTENT_TOPIC) == 0)
        forwarder_content_receive(fw, msg->payload, msg->payloadlen);
}

/* ---- the handle ------------------------------------------------------------------- */

static bool readable(const char *path, const char *key, char *err, size_t err_size)
{
    if (!path[0] || access(path, R_OK) == 0)
        return true;
    snprintf(err, err_size, "[mqtt] %s: %s: %s", key, path, strerror(errno));
    return false;
}

sr_status forwarder_mqtt_check_files(const forwarder *fw, char *err, size_t err_size)
{
    if ((fw->cert_file[0] != 0) != (fw->key_file[0] != 0)) {
        snprintf(err, err_size, "[mqtt] %s: a client certificate needs both cert_file and key_file",
                 fw->cert_file[0] ? "key_file" : "cert_file");
        return SR_E_CONFIG;
    }
    if (fw->cert_file[0] && !fw->ca_file[0]) {
        snprintf(err, err_size, "[mqtt] cert_file: a client certificate is only used with TLS "
                 "(set ca_file)");
        return SR_E_CONFIG;
    }
    if (!readable(fw->ca_file, "ca_file", err, err_size) ||
        !readable(fw->cert_file, "cert_file", err, err_size) ||
        !readable(fw->key_file, "key_file", err, err_size))
        return SR_E_CONFIG;
    return SR_OK;
}

/* Everything a new handle needs before CONNECT; false with fw->error set. */
static bool configure(forwarder *fw, struct mosquitto *mosq)
{
    mosquitto_log_callback_set(mosq, on_log);
    mosquitto_connect_callback_set(mosq, on_connect);
    mosquitto_subscribe_callback_set(mosq, on_subscribe);
    mosquitto_disconnect_callback_set(mosq, on_disconnect);
    mosquitto_publish_callback_set(mosq, on_publish);
    mosquitto_message_callback_set(mosq, on_message);
    /* Above anything the forwarder hands over, so libmosquitto never holds
     * a PUBLISH back (the goodbye must go out before DISCONNECT). */
    mosquitto_max_inflight_messages_set(mosq, (unsigned)fw->window + FORWARDER_STATUS_INFLIGHT_MAX + 2);
    char *will = NULL;
    forwarder_status_will(fw, &will);
    int rc = will ? mosquitto_will_set(mosq, fw->topic_status, (int)strlen(will), will, 1, true)
                  : MOSQ_ERR_NOMEM;
    free(will);
    if (rc == MOSQ_ERR_SUCCESS)
        rc = mosquitto_username_pw_set(mosq, fw->username, fw->password[0] ? fw->password : NULL);
    if (rc == MOSQ_ERR_SUCCESS && fw->ca_file[0]) {
        rc = mosquitto_tls_set(mosq, fw->ca_file, NULL, fw->cert_file[0] ? fw->cert_file : NULL,
                               fw->key_file[0] ? fw->key_file : NULL, NULL);
        if (rc == MOSQ_ERR_SUCCESS)
            rc = mosquitto_tls_opts_set(mosq, 1 /* verify the broker */, NULL, NULL);
    }
    if (rc != MOSQ_ERR_SUCCESS)
        forwarder_fail(fw, "cannot set up the connection: %s", mosquitto_strerror(rc));
    return rc == MOSQ_ERR_SUCCESS;
}

void forwarder_mqtt_connect(forwarder *fw, int64_t now)
{
    fw->lib_error[0] = '\0';
    fw->lost = fw->became_online = fw->goodbye_acked = false;
    fw->mosq = mosquitto_new(fw->device_id, true, fw);
    if (!fw->mosq) {
        forwarder_fail(fw, "cannot make an MQTT client: %s", strerror(errno));
        forwarder_mqtt_close(fw, now);
        return;
    }
    if (!configure(fw, fw->mosq)) {
        forwarder_mqtt_close(fw, now);
        return;
    }
    forwarder_set_state(fw, FORWARDER_CONNECTING);
    int64_t timeout = (int64_t)fw->keepalive_seconds * 1000;
    fw->state_deadline = now + (timeout > FORWARDER_MIN_CONNECT_TIMEOUT_MS
                                    ? timeout : FORWARDER_MIN_CONNECT_TIMEOUT_MS);
    fw->next_misc = now + (int64_t)fw->keepalive_seconds * 500;
    /* Non-blocking apart from the name lookup (getaddrinfo), which only
     * ever holds up this thread. */
    errno = 0;
    int rc = mosquitto_connect_async(fw->mosq, fw->host, fw->port, fw->keepalive_seconds);
    int err = errno;
    if (rc != MOSQ_ERR_SUCCESS) {
        char words[FORWARDER_ERROR_MAX];
        failure_words(fw, rc, err, words, sizeof words);
        forwarder_fail(fw, "%s", words);
        forwarder_mqtt_close(fw, now);
    }
}

static uint32_t random32(void)
{
    uint32_t value = 0;
    if (getrandom(&value, sizeof value, GRND_NONBLOCK) != (ssize_t)sizeof value)
        value = (uint32_t)getpid() * 2654435761u; /* no entropy yet at boot: any spread will do */
    return value;
}

void forwarder_mqtt_close(forwarder *fw, int64_t now)
{
    if (fw->mosq)
        mosquitto_destroy(fw->mosq); /* closes the socket; its queue goes with it */
    fw->mosq = NULL;
    fw->lib_answers = 0;
    fw->n_status_mids = 0;
    fw->goodbye_mid = 0;
    fw->lost = fw->became_online = fw->goodbye_acked = false;
    if (fw->stopping || fw->state == FORWARDER_STOPPING) {
        forwarder_set_state(fw, FORWARDER_STOPPED);
        return;
    }
    fw->counters.failures++;
    fw->reconnect_at = backoff_next_at(&fw->backoff, now, random32());
    forwarder_set_state(fw, FORWARDER_DISCONNECTED);
}

void forwarder_mqtt_io(forwarder *fw, short revents, int64_t now)
{
    (void)now;
    int rc = MOSQ_ERR_SUCCESS;
    errno = 0;
    if (revents & (POLLIN | POLLERR | POLLHUP))
        rc = mosquitto_loop_read(fw->mosq, 1);
    if (rc == MOSQ_ERR_SUCCESS && !fw->lost && mosquitto_want_write(fw->mosq))
        rc = mosquitto_loop_write(fw->mosq, 1);
    int err = errno;
    if (rc != MOSQ_ERR_SUCCESS && !fw->lost) {
        char words[FORWARDER_ERROR_MAX];
        failure_words(fw, rc, err, words, sizeof words);
        forwarder_fail(fw, "%s", words);
        fw->lost = true;
    }
}

void forwarder_mqtt_settle(forwarder *fw, int64_t now)
{
    if (!fw->mosq)
        return;
    if (fw->goodbye_acked) {
        mosquitto_disconnect(fw->mosq); /* written at once: the broker fires no will */
        forwarder_mqtt_close(fw, now);  /* STOPPING -> STOPPED */
        return;
    }
    if (fw->lost) {
        forwarder_mqtt_close(fw, now);
        return;
    }
    if (fw->became_online) {
        fw->became_online = false;
        forwarder_deliver_online(fw, now);
    }
}

bool forwarder_mqtt_publish(forwarder *fw, const char *topic, const char *payload, bool retain,
                            int *mid)
{
    int rc = mosquitto_publish(fw->mosq, mid, topic, (int)strlen(payload), payload, 1, retain);
    if (rc == MOSQ_ERR_SUCCESS)
        return true;
    /* MOSQ_ERR_NO_CONN may still have queued it: the handle is destroyed
     * now, and the message with it. */
    char words[FORWARDER_ERROR_MAX];
    failure_words(fw, rc, errno, words, sizeof words);
    forwarder_fail(fw, "%s", words);
    fw->lost = true;
    return false;
}

void forwarder_mqtt_goodbye(forwarder *fw, int64_t now)
{
    char *payload = NULL;
    forwarder_status_will(fw, &payload);
    forwarder_set_state(fw, FORWARDER_STOPPING);
    fw->state_deadline = now + FORWARDER_STOP_TIMEOUT_MS;
    int mid = 0;
    if (payload && forwarder_mqtt_publish(fw, fw->topic_status, payload, true, &mid))
        fw->goodbye_mid = mid;
    else
        fw->lost = true; /* settle closes: the broker's will says offline instead */
    free(payload);
}
