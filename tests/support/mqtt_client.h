/* mqtt_client.h -- a synchronous MQTT client for tests: connect, subscribe,
 * publish and wait for messages, each with a deadline.
 *
 * A thin layer over libmosquitto with its network thread
 * (mosquitto_loop_start): the callbacks record what arrived under a mutex,
 * and the calls here wait for the matching event with testutil_wait_until.
 * It is how a test plays a kiosk, the collector or an intruder against the
 * real broker of broker.h, so it does what a real client does -- nothing
 * here bypasses the broker's authentication or ACL.
 *
 * Ownership: mqtt_client_connect() returns a client the test owns;
 * mqtt_client_close() (accepts NULL) disconnects and frees it with every
 * message it recorded. Payloads handed out are heap copies the caller frees.
 */
#ifndef SR_TEST_MQTT_CLIENT_H
#define SR_TEST_MQTT_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#define MQTT_CLIENT_WAIT_MS 10000 /* the default deadline for every wait */
#define MQTT_CLIENT_FAILED (-1)   /* no CONNACK/PUBACK/SUBACK within the deadline, or the transport failed */

typedef struct mqtt_client mqtt_client;

typedef struct mqtt_client_options {
    const char *user;        /* MQTT user name (required) */
    const char *password;    /* NULL: "pw-<user>", as broker.h gives everyone */
    const char *client_id;   /* NULL: the user name */
    const char *ca_file;     /* non-NULL: TLS, verifying the broker against this CA */
    bool persistent;         /* clean session off: the broker keeps the session */
    bool mqtt5;              /* MQTT v5 instead of v3.1.1 (reason codes in PUBACK) */
} mqtt_client_options;

/* Connects to 127.0.0.1:port and waits for the CONNACK. Returns the CONNACK
 * code (0 accepted; 5 "not authorised" for v3.1.1, 134/135 for v5) or
 * MQTT_CLIENT_FAILED; *out is the connected client on 0, NULL otherwise. */
int mqtt_client_connect(int port, const mqtt_client_options *options, mqtt_client **out);

/* Subscribes and waits for the SUBACK. Returns the granted QoS (0..2), 128
 * when the broker refused the filter, or MQTT_CLIENT_FAILED. */
int mqtt_client_subscribe(mqtt_client *c, const char *filter, int qos);

/* Publishes len bytes of payload and, for QoS 1, waits for the PUBACK.
 * Returns 0 when acknowledged (QoS 0: sent), the PUBACK reason code when the
 * broker refused it (MQTT v5 only: v3.1.1 has none), or MQTT_CLIENT_FAILED
 * (no PUBACK before the deadline or before the connection ended).
 *
 * mosquitto 2.0.11 with the shipped max_queued_messages 0 answers a publish
 * the ACL forbids with a PUBACK (v5: reason 135) and then closes the
 * connection; the PUBACK may be lost in the reset. So a refused publish
 * gives 0/135 or MQTT_CLIENT_FAILED, and the connection is gone. */
int mqtt_client_publish(mqtt_client *c, const char *topic, const void *payload, size_t len,
                        int qos, bool retain);

/* Same, for a NUL-terminated text payload. */
int mqtt_client_publish_text(mqtt_client *c, const char *topic, const char *text, int qos);

/* Messages received so far on topic (exact topic name; NULL: any topic). */
int mqtt_client_count(mqtt_client *c, const char *topic);

/* Waits until at least n messages have arrived on topic (NULL: any).
 * Returns whether they did before timeout_ms. */
bool mqtt_client_wait_count(mqtt_client *c, const char *topic, int n, int timeout_ms);

/* A heap copy (NUL-terminated) of the index-th message received on topic
 * (NULL: any), or NULL when there is no such message. Caller frees. */
char *mqtt_client_payload(mqtt_client *c, const char *topic, int index);

/* Whether the client is connected now (the broker may have closed it;
 * libmosquitto reconnects by itself after a second). */
bool mqtt_client_connected(mqtt_client *c);

/* Waits until the connection has ended at least once since it was made. */
bool mqtt_client_wait_disconnected(mqtt_client *c, int timeout_ms);

/* Disconnects cleanly (a persistent session stays at the broker) and frees. */
void mqtt_client_close(mqtt_client *c);

#endif
