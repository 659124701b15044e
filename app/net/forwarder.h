/* forwarder.h -- the kiosk's delivery of answers to the collector over MQTT.
 *
 * A thread inside the kiosk process (app/net/README.md says why not a
 * process) with its own outbox handle and its own libmosquitto handle. It
 * publishes the oldest deliverable outbox rows at QoS 1 on
 * staffroom/v1/kiosk/<id>/answer, at most `window` of them outstanding,
 * marks them sent, and deletes them only when the collector's
 * acknowledgement (staffroom/v1/kiosk/<id>/ack) names them. Rows sent but
 * not confirmed within `resend_seconds` are sent again; duplicates are
 * harmless (the collector stores each id once). It keeps a retained status
 * on staffroom/v1/kiosk/<id>/status, with a retained last will saying
 * offline, and reconnects with exponential backoff and full jitter.
 *
 * The UI thread never waits on it: every call below takes a mutex for a
 * few instructions at most (no I/O under it) or writes to an eventfd.
 *
 * Ownership: forwarder_start() copies everything in the options (strings
 * included); the forwarder is the caller's and is freed by
 * forwarder_stop() (accepts NULL), which also joins the thread.
 */
#ifndef SR_FORWARDER_H
#define SR_FORWARDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/privacy.h"
#include "../core/status.h"

#define FORWARDER_ERROR_MAX 160

typedef struct forwarder forwarder;

/* Everything is borrowed for the duration of forwarder_start(). */
typedef struct forwarder_options {
    const char *device_id;     /* wire_device_id_valid; topics and MQTT client id */
    const char *host;          /* broker host name or address (not empty) */
    int port;
    const char *username;      /* NULL or "": the device id */
    const char *password;      /* NULL or "": none (read from [mqtt] password_file) */
    const char *ca_file;       /* NULL or "": plain MQTT; else TLS verifying the broker */
    const char *cert_file;     /* optional client certificate (TLS only) ... */
    const char *key_file;      /* ... and its key: both or neither */
    int keepalive_seconds;     /* 5..3600 */
    int window;                /* rows sent and not yet confirmed, at most (1..65000) */
    int batch;                 /* rows taken from the outbox per transaction (1..window) */
    int resend_seconds;        /* sent but unconfirmed this long: send again (>= 1) */
    int status_seconds;        /* periodic status (>= 1) */
    int backoff_min_ms;        /* reconnect delay: first, and floor (>= 1) */
    int backoff_max_ms;        /* reconnect delay ceiling */
    const char *outbox_path;   /* the outbox the UI writes; opened again here */
    const privacy_policy *policy; /* the outbox's (needed to open it) */
    const char *app_version;   /* for the status */
    const char *content_version; /* initial; forwarder_set_content_version() later */
    /* Signed content packs (app/content/content_update.h): when
     * content_public_key is not NULL, the forwarder also subscribes to
     * staffroom/v1/content/pack, installs every pack that verifies and
     * validates into content_update_dir (on its own thread), then calls
     * on_content(on_content_arg, version) -- from its thread, so the
     * callback must only wake the UI (the kiosk sends itself SIGHUP). A
     * refused pack becomes the status' problem and is logged. */
    const unsigned char *content_public_key; /* 32 bytes, copied; NULL: no updates */
    const char *content_update_dir;
    void (*on_content)(void *arg, const char *version);
    void *on_content_arg;
} forwarder_options;

typedef enum forwarder_state {
    FORWARDER_DISCONNECTED, /* no connection; waiting for the next try */
    FORWARDER_CONNECTING,   /* TCP/TLS up or coming, CONNECT sent, no CONNACK yet */
    FORWARDER_SUBSCRIBING,  /* accepted; waiting for the ack topic's SUBACK */
    FORWARDER_ONLINE,       /* publishing */
    FORWARDER_STOPPING,     /* saying goodbye (offline status, DISCONNECT) */
    FORWARDER_STOPPED       /* the thread has finished */
} forwarder_state;

/* A snapshot, for the admin screen and tests. */
typedef struct forwarder_info {
    forwarder_state state;
    char error[FORWARDER_ERROR_MAX]; /* why the last connection failed or ended; "" none
                                        since the last success ("not authorised",
                                        "connection refused", "TLS: ...") */
    int64_t last_delivery;     /* wall-clock seconds of the last confirmation; 0 never */
    long long published;       /* answer messages handed to libmosquitto, in all */
    long long confirmed;       /* outbox rows deleted on an acknowledgement, in all */
    long long acks;            /* acknowledgements received (valid ones) */
    long long statuses;        /* status messages published */
    long long connections;     /* times it got ONLINE */
    long long failures;        /* connection attempts that failed or ended */
    long long seals;           /* times toolkit counters were sealed into rows */
    int lib_queue;             /* answers handed to libmosquitto and not yet PUBACKed */
    int lib_queue_max;         /* the most there ever were: never above window */
    uint64_t progress;         /* changes whenever anything above changes */
} forwarder_info;

/* Validates the options without starting anything: SR_OK, or SR_E_CONFIG
 * with the reason in err, naming the configuration key ("[mqtt] ca_file:
 * PATH: No such file or directory", "[delivery] batch: ..."). */
sr_status forwarder_check_options(const forwarder_options *options, char *err, size_t err_size);

/* Validates the options (as forwarder_check_options), copies them and
 * starts the thread. SR_E_CONFIG
 * (a bad option, a missing or unreadable TLS file: err names it),
 * SR_E_NOMEM, or SR_E_IO (no thread or eventfd). The connection is made
 * by the thread: a broker that is down is not an error here. */
sr_status forwarder_start(const forwarder_options *options, forwarder **out, char *err,
                          size_t err_size);

/* Publishes an offline status (when online), disconnects cleanly, joins
 * the thread and frees. Bounded: at most FORWARDER_STOP_TIMEOUT_MS of
 * waiting for the broker. Accepts NULL. */
void forwarder_stop(forwarder *fw);
#define FORWARDER_STOP_TIMEOUT_MS 2000

/* Something new is in the outbox: look now rather than at the next timer.
 * Cheap (one write to an eventfd); call after every outbox_put and
 * outbox_count_use. */
void forwarder_nudge(forwarder *fw);

/* Turn toolkit counters into outbox rows now (outbox_seal_use) instead of
 * at the next status period, and send them: for `drain` in scripts. */
void forwarder_seal_now(forwarder *fw);

/* The running content pack's version, for the status (copied; published
 * at once when it changed). */
void forwarder_set_content_version(forwarder *fw, const char *version);

/* The kiosk's own complaint for the status ("disk full"), "" or NULL when
 * none; published at once when it appears or clears. */
void forwarder_set_problem(forwarder *fw, const char *problem);

void forwarder_get_info(forwarder *fw, forwarder_info *info);

/* Waits until info.progress differs from seen or timeout_ms passes;
 * returns the current progress. For callers that wait for delivery (the
 * script's `drain`) without spinning. */
uint64_t forwarder_wait(forwarder *fw, uint64_t seen, int timeout_ms);

/* "disconnected", "connecting", "subscribing", "online", "stopping",
 * "stopped". Static. */
const char *forwarder_state_name(forwarder_state state);

#endif
