/* collector_store.h -- writing the collector's batches into its SQLite store.
 *
 * The tables are collector_schema.h's. This module writes one batch of
 * messages in one transaction and says, per message, what became of it, so
 * that the acknowledgements sent afterwards name exactly what was committed:
 *
 *   answers and toolkit counts  INSERT ... ON CONFLICT (id) DO NOTHING, with
 *                               their chosen options and texts; an id
 *                               already held counts as stored (redelivery
 *                               is normal) -- unless another device's
 *                               message holds it, which is refused
 *   dead letters                the reason, the device and answer id when
 *                               known, the full size and the first bytes
 *   statuses                    upserts of the device row
 *
 * Site, area and staff group come from the registry entry the caller puts
 * in each item (collector_store never looks at a payload for them); the day
 * is collector_local_day(period), -1 when the kiosk never knew the time.
 *
 * A row the database itself refuses (a constraint the checks before it
 * missed) is rolled back alone to a savepoint and kept as a dead letter, so
 * one bad message can never block every batch after it. Any other failure
 * (disk full, I/O error, a lock held past the busy timeout) rolls the whole
 * batch back: nothing of it is committed, no item is marked, and the kiosks
 * send it again because nothing was acknowledged.
 *
 * Ownership: the store handle is the caller's (collector_store_close accepts
 * NULL). A store_item owns its heap parts (wire_answer's, topic, raw) and is
 * emptied with store_item_clear(); collector_store_commit only reads the
 * items and writes their outcome and reason.
 */
#ifndef SR_COLLECTOR_STORE_H
#define SR_COLLECTOR_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collector/registry.h"
#include "core/status.h"
#include "wire/wire.h"

#define STORE_REASON_MAX 320

typedef enum store_kind {
    STORE_ANSWER,      /* a valid answer or toolkit count, to be stored */
    STORE_STATUS,      /* a valid status of a registered device */
    STORE_DEAD_LETTER  /* a refused message, to be kept with its reason */
} store_kind;

typedef enum store_outcome {
    STORE_PENDING,     /* not committed (yet, or the batch failed) */
    STORE_INSERTED,    /* answer: a new row */
    STORE_ALREADY_HELD,/* answer: its id was already stored, from the same device */
    STORE_REFUSED,     /* answer: refused by the store and kept as a dead letter */
    STORE_KEPT         /* status written, or dead letter kept */
} store_outcome;

typedef struct store_item {
    store_kind kind;
    registry_entry place;       /* device from the topic ("" if none); the rest from the registry */
    wire_answer answer;         /* STORE_ANSWER, owned */
    wire_status status;         /* STORE_STATUS */
    bool retained;              /* STORE_STATUS: a retained copy, maybe old */
    char *topic;                /* owned; as received */
    unsigned char *raw;         /* owned; the first raw_len bytes of the message */
    size_t raw_len;
    size_t size;                /* the message's full size */
    char answer_id[WIRE_ID_HEX];/* "" when it could not be read */
    bool ack_refusal;           /* dead letter: acknowledge answer_id as refused */
    char reason[STORE_REASON_MAX]; /* dead letter: why (also set for STORE_REFUSED) */
    store_outcome outcome;      /* written by collector_store_commit */
} store_item;

/* Frees what the item owns and zeroes it. */
void store_item_clear(store_item *item);

typedef struct collector_store collector_store;

/* Opens (creating or migrating) the store at path with
 * collector_schema_open() and prepares its statements. */
sr_status collector_store_open(const char *path, collector_store **out, char *err,
                               size_t err_size);

void collector_store_close(collector_store *store);

/* Writes items[0..n-1] in one transaction at wall-clock time now (UTC
 * seconds: dead letters get its hour, statuses its minute). On SR_OK every
 * item's outcome is set (never STORE_PENDING). On failure the transaction
 * is rolled back, every outcome is STORE_PENDING, and err says why. */
sr_status collector_store_commit(collector_store *store, store_item *items, int n, int64_t now,
                                 char *err, size_t err_size);

/* Copies the registry into the device table in one transaction: every
 * listed device gets registered = 1 and its site, area, staff group and
 * revoked flag; every other device row gets registered = 0. */
sr_status collector_store_sync_registry(collector_store *store, const registry *reg, char *err,
                                        size_t err_size);

/* The database, borrowed (for tests and read-only queries). */
sqlite3 *collector_store_db(collector_store *store);

#endif
