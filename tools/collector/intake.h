/* intake.h -- the collector's state machine: messages in, batches committed,
 * acknowledgements out (the diagram and invariants are at the top of
 * intake.c).
 *
 * The MQTT side hands every message it receives to intake_receive(). The
 * intake validates it completely (topic, size, wire format, registry,
 * content), files it in the open batch as an answer, a status or a dead
 * letter, and commits the batch in one transaction when it holds batch_max
 * messages or batch_ms have passed since its first message. Only after the
 * COMMIT does it publish, per device, one acknowledgement naming exactly
 * the answer ids committed ("stored") and those refused and kept as dead
 * letters ("refused").
 *
 * Time is an argument: now_ms is a monotonic clock in milliseconds (batch
 * deadlines), wall is UTC seconds (the hour kept with a dead letter, the
 * minute a device was last seen).
 *
 * Ownership: the intake is the caller's (intake_destroy accepts NULL). The
 * store, registry, content pack and log are borrowed: the caller keeps them
 * alive and may swap the registry or pack between calls (nothing in an open
 * batch points into them). topic and payload are borrowed for the call.
 */
#ifndef SR_INTAKE_H
#define SR_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "collector/collector_store.h"
#include "collector/registry.h"
#include "core/content.h"
#include "core/status.h"

/* Hands one acknowledgement to the network (QoS 1). SR_OK when accepted;
 * a failure is counted and logged (the kiosk sends again and is
 * acknowledged then: storing is idempotent). */
typedef sr_status (*intake_publish_fn)(void *arg, const char *topic, const char *payload);

typedef struct intake_options {
    int batch_max;            /* >= 1 */
    int batch_ms;             /* >= 0 */
    size_t max_message_bytes; /* larger messages are refused unparsed */
    size_t dead_letter_bytes; /* bytes of a refused message kept */
    FILE *log;                /* NULL: stderr */
} intake_options;

/* Every message received is, at any moment, in exactly one of: the open
 * batch, answers_stored, answers_duplicate, dead_letters, statuses, dropped.
 * intake_check() asserts that the sum adds up. */
typedef struct intake_counts {
    uint64_t received;
    uint64_t answers_stored;    /* new answer or toolkit-count rows */
    uint64_t answers_duplicate; /* ids already held: acknowledged again */
    uint64_t dead_letters;      /* refused and kept */
    uint64_t statuses;          /* device rows updated */
    uint64_t dropped;           /* in a batch whose COMMIT failed: not acknowledged */
    uint64_t batches;           /* committed */
    uint64_t store_failures;    /* batches rolled back */
    uint64_t acks;              /* acknowledgement messages handed to the network */
    uint64_t ack_failures;      /* ... that the network refused */
} intake_counts;

typedef struct intake intake;

/* NULL when out of memory. */
intake *intake_create(const intake_options *options, collector_store *store,
                      intake_publish_fn publish, void *publish_arg);

void intake_destroy(intake *in);

/* The registry and content every later message is checked against
 * (borrowed). Without a registry every device is unknown; without content
 * every answer is refused. */
void intake_set_registry(intake *in, const registry *reg);
void intake_set_content(intake *in, const content_pack *pack);

/* Takes one message (len bytes, anything at all). Returns SR_OK when it is
 * in the batch -- as a dead letter if it was refused -- or the batch it
 * filled was committed; the store's failure when that commit failed (the
 * batch is then dropped unacknowledged, and counted); SR_E_NOMEM when it
 * could not even be recorded (counted as dropped). */
sr_status intake_receive(intake *in, const char *topic, const void *payload, size_t len,
                         bool retained, int64_t now_ms, int64_t wall);

/* When the open batch must be committed (monotonic ms), or -1 when there is
 * no open batch. The caller sleeps until then at most. */
int64_t intake_deadline(const intake *in);

/* Commits the open batch if its deadline has come. */
sr_status intake_tick(intake *in, int64_t now_ms, int64_t wall);

/* Commits the open batch now (shutdown, reload). */
sr_status intake_flush(intake *in, int64_t wall);

const intake_counts *intake_get_counts(const intake *in);

/* Messages in the open batch. */
int intake_pending(const intake *in);

/* Asserts the invariants at the top of intake.c. */
void intake_check(const intake *in);

#endif
