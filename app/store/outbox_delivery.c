/* outbox_delivery.c -- what the forwarder does to the outbox in batches,
 * and the sealing of toolkit counters into deliverable entries.
 *
 * The forwarder sends many answers per round trip and gets their
 * acknowledgements in batches, so marking and deleting go by the batch: one
 * transaction (one fsync) per call instead of one per answer, and a failure
 * (full disk, I/O error) rolls the whole call back, leaving the queue as it
 * was -- the forwarder simply tries again later. Losing a mark is harmless
 * (the answer is sent again); losing a delete is harmless (it is
 * acknowledged again); only a half-applied batch could confuse, and there
 * is none.
 *
 * Sealing: a toolkit counter (item_use) keeps growing while its day lasts,
 * so it cannot itself be the thing that is sent and confirmed -- a count
 * made between sending and confirming would be deleted unseen. Instead
 * outbox_seal_use() turns every counter into an ordinary entry of kind
 * "use" and deletes the counters, in one transaction: from then on the
 * entry is immutable and travels like an answer, and an opening counted
 * afterwards starts a new counter that the next seal picks up. The
 * collector adds up the entries of one (device, day, item). How often the
 * forwarder seals sets how finely the counts are spread over time; it
 * should be no more often than the periods answers are filed under.
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "outbox_internal.h"

sr_status outbox_take_deliverable(outbox *ob, int max, outbox_entry *out, int *n)
{
    return outbox_take(ob, STMT_TAKE_DELIVERABLE, max, out, n);
}

/* Runs statement `which` (?1 = each id, ?2 = value for STMT_MARK) for n
 * ids in one transaction; *changed receives the rows it touched. */
static sr_status change_many(outbox *ob, int which, const char (*ids)[OUTBOX_ID_HEX], int n,
                             int64_t value, const char *operation, int *changed)
{
    *changed = 0;
    if (n < 0 || (n > 0 && !ids))
        return outbox_invalid_argument(ob, operation, "no ids given");
    if (n == 0)
        return SR_OK;
    int total = 0;
    int rc = outbox_run_statement(ob->stmt[STMT_BEGIN]);
    for (int i = 0; rc == SQLITE_OK && i < n; i++) {
        sqlite3_stmt *st = ob->stmt[which];
        sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
        if (which == STMT_MARK)
            sqlite3_bind_int64(st, 2, value);
        rc = outbox_run_statement(st);
        total += rc == SQLITE_OK ? sqlite3_changes(ob->db) : 0;
    }
    if (rc == SQLITE_OK)
        rc = outbox_run_statement(ob->stmt[STMT_COMMIT]);
    if (rc != SQLITE_OK)
        return outbox_fail(ob, operation, rc); /* rolls back: nothing changed */
    *changed = total;
    return SR_OK;
}

sr_status outbox_mark_sent_many(outbox *ob, const char (*ids)[OUTBOX_ID_HEX], int n, int64_t now)
{
    int changed;
    return change_many(ob, STMT_MARK, ids, n, now, "marking answers sent", &changed);
}

sr_status outbox_confirm_many(outbox *ob, const char (*ids)[OUTBOX_ID_HEX], int n, int *deleted)
{
    int changed;
    sr_status status =
        change_many(ob, STMT_CONFIRM, ids, n, 0, "deleting confirmed answers", &changed);
    if (deleted)
        *deleted = changed;
    return status;
}

/* {"v":1,"kind":"use","item":"<id>","count":N}, or NULL (out of memory). */
static char *use_payload(const char *item, int64_t count)
{
    char *out = NULL;
    cJSON *root = cJSON_CreateObject();
    if (root && cJSON_AddNumberToObject(root, "v", 1) &&
        cJSON_AddStringToObject(root, "kind", "use") &&
        cJSON_AddStringToObject(root, "item", item) &&
        cJSON_AddNumberToObject(root, "count", (double)count))
        out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}

/* Queues the counter in the current row of STMT_USE_LIST as a "use" entry:
 * filed under its day, or as time unknown. */
static int queue_counter(outbox *ob, sqlite3_stmt *list, bool *no_memory)
{
    int64_t day = sqlite3_column_int64(list, 0);
    const char *item = (const char *)sqlite3_column_text(list, 1);
    char *payload = use_payload(item ? item : "", sqlite3_column_int64(list, 2));
    char id[OUTBOX_ID_HEX];
    if (!payload) {
        *no_memory = true;
        return SQLITE_NOMEM;
    }
    outbox_new_id(id);
    sqlite3_stmt *put = ob->stmt[STMT_PUT];
    sqlite3_bind_text(put, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(put, 2, "use", -1, SQLITE_STATIC);
    sqlite3_bind_text(put, 3, payload, -1, SQLITE_STATIC);
    if (day == OUTBOX_USE_DAY_UNKNOWN) {
        sqlite3_bind_int(put, 6, OUTBOX_CLOCK_UNKNOWN); /* 4, 5, 7 and 8 stay NULL */
    } else {
        sqlite3_bind_int64(put, 4, day);
        sqlite3_bind_int(put, 6, OUTBOX_CLOCK_SYNCED); /* no shift: a whole day */
    }
    int rc = outbox_run_statement(put);
    cJSON_free(payload);
    return rc;
}

sr_status outbox_seal_use(outbox *ob, int *sealed)
{
    static const char *const OPERATION = "queueing toolkit counts";
    bool no_memory = false;
    int n = 0;
    if (sealed)
        *sealed = 0;
    int rc = outbox_run_statement(ob->stmt[STMT_BEGIN]);
    sqlite3_stmt *list = ob->stmt[STMT_USE_LIST];
    while (rc == SQLITE_OK && (rc = sqlite3_step(list)) == SQLITE_ROW) {
        rc = queue_counter(ob, list, &no_memory);
        n += rc == SQLITE_OK;
    }
    sqlite3_reset(list);
    if (rc == SQLITE_DONE)
        rc = outbox_run_statement(ob->stmt[STMT_USE_CLEAR]);
    if (rc == SQLITE_OK)
        rc = outbox_run_statement(ob->stmt[STMT_COMMIT]);
    if (rc != SQLITE_OK) {
        sr_status status = outbox_fail(ob, OPERATION, rc); /* rolls back */
        if (no_memory)
            outbox_set_error(ob, SR_E_NOMEM, OPERATION, "out of memory");
        return no_memory ? SR_E_NOMEM : status;
    }
    if (sealed)
        *sealed = n;
    return SR_OK;
}
