/* forwarder_internal.h -- the forwarder's insides, shared by forwarder.c
 * (state machine, thread, public calls), forwarder_mqtt.c (the
 * libmosquitto handle), forwarder_deliver.c (window, acknowledgements,
 * resends) and forwarder_status.c (the retained status). Nobody else
 * includes it.
 *
 * Fields are in two groups: "shared" ones are read and written under
 * `lock` by the UI thread and the forwarder's thread; "thread" ones belong
 * to the forwarder's thread alone and need no lock.
 */
#ifndef SR_FORWARDER_INTERNAL_H
#define SR_FORWARDER_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <mosquitto.h>

#include "../core/backoff.h"
#include "../store/outbox.h"
#include "../wire/wire.h"
#include "forwarder.h"

#define FORWARDER_PATH_MAX 1024
#define FORWARDER_SECRET_MAX 256
#define FORWARDER_STATUS_INFLIGHT_MAX 4 /* status messages not yet PUBACKed */
#define FORWARDER_CONTENT_TOPIC WIRE_TOPIC_ROOT "/content/pack"
#define FORWARDER_FACT_CHECK_MS 60000   /* clock sync and disk looked at this often */
#define FORWARDER_OUTBOX_RETRY_MS 5000  /* after the outbox failed */
#define FORWARDER_MIN_CONNECT_TIMEOUT_MS 5000
#define FORWARDER_DISK_LOW_PERCENT 2    /* below this the status says "disk almost full" */

/* The status fields that are published at once when they change. */
typedef struct forwarder_facts {
    bool online;
    bool clock_synced;
    char content_version[WIRE_NAME_MAX];
    char problem[WIRE_REASON_MAX];
} forwarder_facts;

struct forwarder {
    /* ---- options (copied at start; read-only afterwards) ---------------- */
    char device_id[WIRE_DEVICE_ID_MAX];
    char host[256];
    int port;
    char username[WIRE_DEVICE_ID_MAX + 64];
    char password[FORWARDER_SECRET_MAX];
    char ca_file[FORWARDER_PATH_MAX], cert_file[FORWARDER_PATH_MAX], key_file[FORWARDER_PATH_MAX];
    int keepalive_seconds, window, batch, resend_seconds, status_seconds;
    char outbox_path[FORWARDER_PATH_MAX];
    privacy_policy policy;
    char app_version[32];
    char topic_answer[WIRE_TOPIC_MAX], topic_ack[WIRE_TOPIC_MAX], topic_status[WIRE_TOPIC_MAX];
    bool content_updates;          /* a public key was given */
    unsigned char content_key[32];
    char content_update_dir[FORWARDER_PATH_MAX];
    void (*on_content)(void *arg, const char *version);
    void *on_content_arg;

    /* ---- shared: under lock --------------------------------------------- */
    pthread_mutex_t lock;
    pthread_cond_t changed;        /* broadcast when info.progress moves */
    bool stop_requested, nudged, seal_requested;
    char content_version[WIRE_NAME_MAX];
    char problem[WIRE_REASON_MAX];
    forwarder_info info;           /* the snapshot forwarder_get_info() hands out */

    /* ---- thread ----------------------------------------------------------- */
    pthread_t thread;
    int wake_fd;                   /* eventfd: nudge, stop, new facts */
    forwarder_state state;
    bool stopping;                 /* stop_requested, as this thread last saw it */
    struct mosquitto *mosq;        /* one per connection: NULL <=> no connection */
    outbox *ob;                    /* NULL until opened (retried) */
    backoff backoff;
    int64_t reconnect_at;          /* DISCONNECTED: when to try again */
    int64_t state_deadline;        /* CONNECTING/SUBSCRIBING/STOPPING: give up at */
    int64_t next_resend, next_status, next_facts, next_misc, outbox_retry_at, fill_retry_at;
    /* What libmosquitto's callbacks saw, acted on by forwarder_mqtt_settle()
     * once the library call has returned (a handle must not be destroyed
     * from inside its own callback). */
    bool lost, became_online, goodbye_acked;
    bool clock_synced;             /* as of next_facts */
    int disk_free_percent;         /* as of next_facts, -1 unknown */
    outbox_entry *entries;         /* batch of them, reused */
    char (*ids)[OUTBOX_ID_HEX];    /* batch of them, reused */
    int64_t started_ms;            /* for uptime */
    bool want_fill;                /* look for rows to send at the end of this step */
    bool want_seal;                /* seal toolkit counters before the next fill */
    int lib_answers;               /* answer PUBLISHes in libmosquitto without PUBACK */
    int status_mids[FORWARDER_STATUS_INFLIGHT_MAX];
    int n_status_mids;
    int goodbye_mid;               /* STOPPING: the offline status' mid, 0 none/acked */
    bool status_due;               /* a status must go out (changed or periodic) */
    forwarder_facts published;     /* what the last status said */
    int64_t waiting, oldest_period;/* the queue as of the last periodic snapshot */
    int64_t last_delivery;         /* wall seconds of the last confirmation */
    char error[FORWARDER_ERROR_MAX];   /* this connection's failure, "" none */
    char lib_error[FORWARDER_ERROR_MAX]; /* libmosquitto's last logged error */
    char outbox_error[256];        /* the outbox's last complaint, logged once */
    forwarder_info counters;       /* thread's own copy; published into info */
    int ack_sub_mid, content_sub_mid; /* which SUBACK is which */
    unsigned char content_seen[32];   /* hash of the last pack message handled */
    char content_problem[WIRE_REASON_MAX]; /* why the last pack was refused, "" none */
};

/* forwarder.c */
void forwarder_set_state(forwarder *fw, forwarder_state state);
void forwarder_fail(forwarder *fw, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void forwarder_log(const forwarder *fw, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int64_t forwarder_wall_seconds(void);

/* forwarder_mqtt.c: the handle of one connection. */
sr_status forwarder_mqtt_check_files(const forwarder *fw, char *err, size_t err_size);
void forwarder_mqtt_connect(forwarder *fw, int64_t now);      /* DISCONNECTED -> CONNECTING */
void forwarder_mqtt_close(forwarder *fw, int64_t now);        /* any -> DISCONNECTED */
void forwarder_mqtt_io(forwarder *fw, short revents, int64_t now);
void forwarder_mqtt_settle(forwarder *fw, int64_t now);     /* act on what callbacks saw */
bool forwarder_mqtt_publish(forwarder *fw, const char *topic, const char *payload,
                            bool retain, int *mid);
void forwarder_mqtt_goodbye(forwarder *fw, int64_t now);      /* ONLINE -> STOPPING */

/* forwarder_deliver.c */
void forwarder_deliver_online(forwarder *fw, int64_t now);    /* entering ONLINE */
void forwarder_deliver_fill(forwarder *fw, int64_t now);
void forwarder_deliver_ack(forwarder *fw, const void *payload, int len);
void forwarder_deliver_timers(forwarder *fw, int64_t now);
bool forwarder_deliver_outbox(forwarder *fw, int64_t now);    /* open it if needed */

/* forwarder_content.c: signed content packs. */
void forwarder_content_receive(forwarder *fw, const void *payload, int len);

/* forwarder_status.c */
void forwarder_status_will(const forwarder *fw, char **payload);
void forwarder_status_timers(forwarder *fw, int64_t now);
void forwarder_status_snapshot(forwarder *fw);
void forwarder_status_publish(forwarder *fw, int64_t now);
bool forwarder_status_acked(forwarder *fw, int mid);

#endif
