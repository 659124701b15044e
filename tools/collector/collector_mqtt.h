/* collector_mqtt.h -- the collector's MQTT session, driven from its own
 * poll() loop (libmosquitto without its thread).
 *
 * A persistent session: a fixed client id and clean_session false, so the
 * broker queues every kiosk's QoS 1 messages while the collector is down
 * and delivers them when it is back. With a share group it speaks MQTT v5
 * (shared subscriptions are a v5 feature; the session then needs an expiry
 * interval, without which a v5 session ends at disconnect) and subscribes
 * to $share/GROUP/staffroom/v1/kiosk/+/answer and .../+/status, so several
 * collectors in one group split the messages between them; without one it
 * speaks MQTT 3.1.1 and subscribes to the plain filters.
 *
 * The connection:
 *
 *   DOWN ──collector_mqtt_service() at the retry time: connect──> WAITING
 *    ^                                                              │ CONNACK ok:
 *    │  connection lost or refused (retry after 1 s, doubling       │ subscribe (QoS 1)
 *    │  up to 30 s; reset by a successful CONNACK)                  v
 *    └──────────────────────────────────────────────────────────── UP
 *
 * Every message received is handed to the message function, from inside
 * collector_mqtt_service(). Publishing (the acknowledgements) is QoS 1;
 * collector_mqtt_unconfirmed() counts those the broker has not yet
 * confirmed, so a stopping collector can wait for them.
 *
 * Ownership: the session is the caller's (collector_mqtt_destroy accepts
 * NULL, and disconnects cleanly). Option strings are copied by
 * collector_mqtt_create(). The log is borrowed.
 */
#ifndef SR_COLLECTOR_MQTT_H
#define SR_COLLECTOR_MQTT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/status.h"

typedef void (*collector_mqtt_message_fn)(void *arg, const char *topic, const void *payload,
                                          size_t len, bool retained);

typedef struct collector_mqtt_options {
    const char *host;
    int port;
    const char *username;      /* "" for none */
    const char *password;      /* "" for none */
    const char *ca_file;       /* "" for plain MQTT */
    const char *cert_file;     /* "" for none */
    const char *key_file;
    const char *client_id;
    const char *share_group;   /* "" for a plain subscription (MQTT 3.1.1) */
    int keepalive_seconds;
    int session_expiry_seconds;/* MQTT v5 only */
    FILE *log;                 /* NULL: stderr */
} collector_mqtt_options;

typedef struct collector_mqtt collector_mqtt;

/* Sets the session up (no connection yet: the first service call makes
 * it). SR_E_CONFIG with a reason naming the key when the TLS files are
 * refused; SR_E_NOMEM. */
sr_status collector_mqtt_create(const collector_mqtt_options *options,
                                collector_mqtt_message_fn on_message, void *arg,
                                collector_mqtt **out, char *err, size_t err_size);

/* Sends DISCONNECT if connected (the session stays at the broker), frees. */
void collector_mqtt_destroy(collector_mqtt *m);

/* The socket to poll (-1 when not connected) and the events to poll it for. */
int collector_mqtt_fd(collector_mqtt *m);
short collector_mqtt_events(collector_mqtt *m);

/* When collector_mqtt_service() must run again at the latest (monotonic
 * ms): the next keepalive check or reconnection attempt. */
int64_t collector_mqtt_deadline(const collector_mqtt *m, int64_t now_ms);

/* Does whatever is due: reads (delivering messages), writes, keepalive,
 * reconnects. revents are poll()'s for the socket (0 after a timeout). */
void collector_mqtt_service(collector_mqtt *m, short revents, int64_t now_ms);

/* An intake_publish_fn: publishes payload on topic at QoS 1, not retained.
 * arg is the collector_mqtt. */
sr_status collector_mqtt_publish(void *arg, const char *topic, const char *payload);

bool collector_mqtt_up(const collector_mqtt *m);

/* QoS 1 publications not yet confirmed by the broker. */
int collector_mqtt_unconfirmed(const collector_mqtt *m);

#endif
