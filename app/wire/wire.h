/* wire.h -- the MQTT protocol between kiosks and the collector, version 1.
 *
 * One place for topic names and the JSON of every message, used by the
 * kiosk's forwarder (encode answers, decode acknowledgements, encode status)
 * and by the tools (decode and validate answers, encode acknowledgements,
 * decode status). docs/protocol.md is the prose version of this file; the
 * two change together, and a change that breaks old peers bumps
 * WIRE_VERSION and the "v1" in the topics.
 *
 * Topics (DEVICE is the kiosk's MQTT user name, see wire_device_id_valid):
 *
 *   staffroom/v1/kiosk/DEVICE/answer   kiosk -> collector, QoS 1, not retained
 *   staffroom/v1/kiosk/DEVICE/ack      collector -> kiosk, QoS 1, not retained
 *   staffroom/v1/kiosk/DEVICE/status   kiosk -> anyone allowed, QoS 1, retained;
 *                                      also the kiosk's last will (online=false)
 *   staffroom/v1/content/pack          content publisher -> kiosks, retained
 *
 * Answer message (one per outbox row; "body" is the row's payload verbatim,
 * an answer from answer_json.h or a toolkit count from the outbox):
 *
 *   {"v":1,"id":"<32 hex>","period":1763805600,"shift":"day","clock":"synced",
 *    "body":{"v":1,"kind":"answer",...}}
 *   {"v":1,"id":"...","period":null,"shift":null,"clock":"unknown","body":{...}}
 *
 *   period is the coarsened start the outbox stored (UTC seconds), never
 *   anything finer; it and shift are null exactly when clock is "unknown".
 *   Members a reader does not know are ignored (new optional members may
 *   be added within v1); a repeated key is refused.
 *
 * Acknowledgement: the ids the collector has committed (stored, or already
 * held), and the ids it refused and kept in its dead-letter table. Both
 * mean "delete it from the outbox": a refused answer will never be
 * accepted, and the collector has kept its bytes.
 *
 *   {"v":1,"stored":["<id>",...],"refused":["<id>",...]}
 *
 * Status (retained): see wire_status below; times in it are coarse (whole
 * minutes or the outbox's periods), and the queue depth changes only with
 * the periodic publication, so the status can never time an answer.
 *
 * Ownership: encoders return a heap string the caller frees with free().
 * Decoders fill caller-owned structs whose strings live inside them
 * (fixed arrays) or, for wire_answer, on the heap, freed with
 * wire_answer_free(). Nothing keeps a pointer to its input.
 */
#ifndef SR_WIRE_H
#define SR_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/status.h"

#define WIRE_VERSION 1
#define WIRE_TOPIC_ROOT "staffroom/v1"
#define WIRE_ID_HEX 33          /* 32 lower-case hex digits + NUL */
#define WIRE_DEVICE_ID_MAX 65   /* 1..64 characters + NUL */
#define WIRE_NAME_MAX 65        /* question set, option, item, shift ids */
#define WIRE_TOPIC_MAX 160
#define WIRE_REASON_MAX 200
#define WIRE_ANSWER_MAX_BYTES 65536 /* larger answer messages are refused */
#define WIRE_MAX_DEPTH 8        /* deeper JSON is refused before parsing it */
#define WIRE_ACK_MAX_IDS 1000   /* ids in one acknowledgement */
#define WIRE_TEXT_MAX_BYTES 2048 /* one free-text answer: 512 characters of UTF-8 */
#define WIRE_MAX_CHOICES 256    /* follow-up options in one answer */
#define WIRE_MAX_TEXTS 16       /* free-text answers in one answer */
#define WIRE_MAX_MEMBERS 256    /* members of any one JSON object */
#define WIRE_USE_COUNT_MAX 1000000
#define WIRE_PERIOD_MIN 1577836800 /* 2020-01-01T00:00Z: earlier is a clock gone wrong */
#define WIRE_PERIOD_MAX 4102444800 /* 2100-01-01T00:00Z */
#define WIRE_TOPIC_CONTENT WIRE_TOPIC_ROOT "/content/pack"

typedef enum wire_channel {
    WIRE_CHANNEL_ANSWER,
    WIRE_CHANNEL_ACK,
    WIRE_CHANNEL_STATUS
} wire_channel;

/* A device id is 1..64 of [a-z0-9-], starting with a letter or digit: safe
 * as an MQTT user name, a topic level (no '+', '#', '/') and a file name.
 * Ids starting with "staffroom-" are the service accounts', never a kiosk's. */
bool wire_device_id_valid(const char *id);

/* "staffroom/v1/kiosk/<device>/<answer|ack|status>" into buf. Returns false
 * if the device id is not valid or buf is too small. */
bool wire_topic(char *buf, size_t size, const char *device, wire_channel channel);

/* The filter for every kiosk's topics of one channel
 * ("staffroom/v1/kiosk/+/answer"). Static string. */
const char *wire_topic_filter(wire_channel channel);

/* Splits a kiosk topic. Returns false (and leaves outputs unspecified) for
 * anything that is not exactly a v1 kiosk topic with a valid device id. */
bool wire_topic_parse(const char *topic, char device[WIRE_DEVICE_ID_MAX], wire_channel *channel);

/* ---- answers ----------------------------------------------------------- */

typedef enum wire_clock {
    WIRE_CLOCK_SYNCED, /* period is the coarsened time */
    WIRE_CLOCK_UNKNOWN /* the kiosk never knew the time: period is absent */
} wire_clock;

/* What the kiosk sends for one outbox row. All borrowed. */
typedef struct wire_outgoing {
    const char *id;          /* 32 hex */
    const char *body;        /* the stored payload: a JSON object, verbatim */
    int64_t period;          /* ignored unless clock == WIRE_CLOCK_SYNCED */
    const char *shift;       /* NULL or "" when none */
    wire_clock clock;
} wire_outgoing;

/* The answer message for one row, or NULL (out of memory, or body is not a
 * JSON object). */
char *wire_answer_encode(const wire_outgoing *row);

typedef enum wire_kind {
    WIRE_KIND_ANSWER, /* a check-in */
    WIRE_KIND_USE     /* a toolkit item's openings on one day */
} wire_kind;

typedef struct wire_choice {
    char question[WIRE_NAME_MAX];
    char option[WIRE_NAME_MAX];
} wire_choice;

typedef struct wire_text {
    char question[WIRE_NAME_MAX];
    char *text;                  /* owned; valid UTF-8, no NUL */
} wire_text;

/* A decoded, structurally valid answer message. Whether the question set,
 * options and items exist is for the collector to check against its
 * content (wire knows the shape, not the content). */
typedef struct wire_answer {
    char id[WIRE_ID_HEX];
    wire_clock clock;
    int64_t period;              /* 0 when clock is unknown */
    char shift[WIRE_NAME_MAX];   /* "" when none */
    wire_kind kind;
    /* kind == ANSWER */
    char question_set[WIRE_NAME_MAX];
    char content_version[WIRE_NAME_MAX];
    char lang[16];
    int score;                   /* 1..5 */
    char option[WIRE_NAME_MAX];
    int n_choices;
    wire_choice *choices;        /* owned: every chosen follow-up option */
    int n_texts;
    wire_text *texts;            /* owned */
    /* kind == USE */
    char item[WIRE_NAME_MAX];
    int64_t count;               /* 1..1000000 */
} wire_answer;

/* Decodes and validates one answer message of len bytes (not necessarily
 * NUL-terminated; it may hold anything). On success fills *out (free with
 * wire_answer_free) and returns SR_OK. Otherwise returns SR_E_INVALID (or
 * SR_E_NOMEM), leaves *out empty, and writes one precise reason into
 * reason, naming the field: "too large (70000 bytes; the limit is 65536)",
 * "not valid UTF-8 at byte 17", "nested deeper than 8", "not JSON: ... at
 * line 1 column 5", "$.body.score: must be an integer 1..5, not \"3\"",
 * "$.v: version 2 is newer than this collector understands (1)".
 * When the message is refused but its id could be read, id_out receives it
 * (else id_out[0] = 0), so the collector can still acknowledge it. */
sr_status wire_answer_decode(const void *payload, size_t len, wire_answer *out,
                             char id_out[WIRE_ID_HEX], char *reason, size_t reason_size);

void wire_answer_free(wire_answer *answer);

/* ---- acknowledgements -------------------------------------------------- */

typedef struct wire_ack {
    int n_stored;
    int n_refused;
    char (*stored)[WIRE_ID_HEX];  /* owned */
    char (*refused)[WIRE_ID_HEX]; /* owned */
} wire_ack;

/* Encodes an acknowledgement. ids are borrowed; n_stored + n_refused must
 * be at most WIRE_ACK_MAX_IDS. NULL when out of memory. */
char *wire_ack_encode(const char (*stored)[WIRE_ID_HEX], int n_stored,
                      const char (*refused)[WIRE_ID_HEX], int n_refused);

/* Decodes an acknowledgement (len bytes). SR_E_INVALID with a reason for
 * anything else; ids that are not 32 hex digits make the whole message
 * invalid. Free with wire_ack_free. */
sr_status wire_ack_decode(const void *payload, size_t len, wire_ack *out, char *reason,
                          size_t reason_size);

void wire_ack_free(wire_ack *ack);

/* ---- status ------------------------------------------------------------ */

typedef struct wire_status {
    bool online;                 /* false: the last will, or a clean goodbye */
    char app_version[32];
    char content_version[WIRE_NAME_MAX];
    int64_t waiting;             /* answers and counts not yet confirmed */
    int64_t oldest_period;       /* period of the oldest waiting answer; 0: none */
    int64_t last_delivery;       /* UTC seconds, rounded down to the minute; 0: never */
    int disk_free_percent;       /* 0..100 of the outbox's file system; -1 unknown */
    bool clock_synced;
    int64_t uptime_minutes;
    char problem[WIRE_REASON_MAX]; /* "" or the kiosk's own complaint ("disk full") */
} wire_status;

/* The status message. An offline status (the last will) carries only
 * {"v":1,"online":false}. NULL when out of memory. */
char *wire_status_encode(const wire_status *status);

/* Decodes a status message: missing fields take "unknown" values (0, "",
 * -1 for disk), wrong types are SR_E_INVALID with a reason. */
sr_status wire_status_decode(const void *payload, size_t len, wire_status *out, char *reason,
                             size_t reason_size);

#endif
