/* forwarder_deliver.c -- moving outbox rows to the collector: the window,
 * the collector's acknowledgements and the resend timer.
 *
 * The window is the outbox's own count of SENT rows (outbox_get_stats),
 * not a number kept here: it survives nothing by accident, and a row made
 * unsent by the resend timer leaves the window by the same statement that
 * makes it due again. On top of it, lib_answers (PUBLISHes libmosquitto
 * holds without a PUBACK) never passes the window either, so a broker that
 * acknowledges slowly cannot make libmosquitto's queue grow.
 *
 * The forwarder's transactions are short, because the UI's outbox_put
 * waits for them (SQLite allows one writer): one to take a batch, one to
 * mark it sent, one per acknowledgement to delete what it names.
 */
#include "forwarder_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(OUTBOX_ID_HEX == WIRE_ID_HEX, "outbox and wire ids are the same 32 hex digits");

/* How often SENT rows are looked at for being stale: a quarter of the
 * timeout, so a row is resent between 1 and 1.25 timeouts after it went. */
static int64_t resend_check_ms(const forwarder *fw)
{
    int64_t ms = (int64_t)fw->resend_seconds * 250;
    return ms < 250 ? 250 : ms > 60000 ? 60000 : ms;
}

/* Logs an outbox complaint once, not at every retry (a read-only card
 * would otherwise fill the journal). */
static void outbox_complaint(forwarder *fw, const char *what, const char *why)
{
    char msg[sizeof fw->outbox_error];
    snprintf(msg, sizeof msg, "%.60s: %.190s", what, why);
    if (strcmp(msg, fw->outbox_error) != 0)
        forwarder_log(fw, "%s (trying again every %d s)", msg, FORWARDER_OUTBOX_RETRY_MS / 1000);
    snprintf(fw->outbox_error, sizeof fw->outbox_error, "%s", msg);
}

/* An outbox call failed: say so once, try again in a while. */
static void outbox_trouble(forwarder *fw, const char *what, int64_t now)
{
    outbox_complaint(fw, what, outbox_last_error(fw->ob));
    fw->want_fill = false;
    fw->fill_retry_at = now + FORWARDER_OUTBOX_RETRY_MS;
}

bool forwarder_deliver_outbox(forwarder *fw, int64_t now)
{
    if (fw->ob)
        return true;
    if (now < fw->outbox_retry_at)
        return false;
    char err[512] = "";
    if (!fw->entries)
        fw->entries = calloc((size_t)fw->batch, sizeof *fw->entries);
    if (!fw->ids)
        fw->ids = calloc((size_t)fw->batch, sizeof *fw->ids);
    if (!fw->entries || !fw->ids) {
        snprintf(err, sizeof err, "out of memory");
    } else if (outbox_open(fw->outbox_path, &fw->policy, &fw->ob, err, sizeof err) == SR_OK) {
        fw->want_fill = true;
        forwarder_status_snapshot(fw);
        return true;
    }
    fw->ob = NULL;
    outbox_complaint(fw, "opening the outbox", err);
    fw->outbox_retry_at = now + FORWARDER_OUTBOX_RETRY_MS;
    return false;
}

void forwarder_deliver_online(forwarder *fw, int64_t now)
{
    forwarder_set_state(fw, FORWARDER_ONLINE);
    backoff_reset(&fw->backoff);
    fw->error[0] = '\0';
    fw->counters.connections++;
    /* Whatever a former connection sent is unsent again at once: its
     * acknowledgement, if any, went to a session that no longer exists. */
    int again = 0;
    if (fw->ob && outbox_resend_stale(fw->ob, forwarder_wall_seconds(), 0, &again) != SR_OK)
        outbox_trouble(fw, "making sent answers unsent", now);
    fw->want_seal = true;
    fw->want_fill = fw->ob != NULL;
    fw->next_resend = now + resend_check_ms(fw);
    fw->next_status = now + (int64_t)fw->status_seconds * 1000;
    fw->fill_retry_at = INT64_MAX;
    forwarder_status_snapshot(fw);
    fw->status_due = true; /* on connect */
}

/* Hands one row to libmosquitto. False when the connection failed. */
static bool publish_entry(forwarder *fw, const outbox_entry *entry)
{
    assert(fw->state == FORWARDER_ONLINE); /* invariant 5 */
    wire_outgoing row = {
        .id = entry->id,
        .body = entry->payload,
        .period = entry->period_start,
        .shift = entry->shift,
        .clock = entry->clock == OUTBOX_CLOCK_SYNCED ? WIRE_CLOCK_SYNCED : WIRE_CLOCK_UNKNOWN,
    };
    char *message = wire_answer_encode(&row);
    if (!message) {
        /* Only a damaged row (its body not a JSON object) gets here; it stays
         * SENT and is tried again after the timeout, never blocking others. */
        forwarder_log(fw, "row %s cannot be encoded; left in the outbox", entry->id);
        return true;
    }
    int mid = 0;
    bool ok = forwarder_mqtt_publish(fw, fw->topic_answer, message, false, &mid);
    free(message);
    if (!ok)
        return false;
    fw->lib_answers++;
    fw->counters.published++;
    if (fw->lib_answers > fw->counters.lib_queue_max)
        fw->counters.lib_queue_max = fw->lib_answers;
    return true;
}

/* Takes up to max deliverable rows, marks them sent and publishes them.
 * Returns how many were taken, or -1 after a failure. */
static int send_batch(forwarder *fw, int max, int64_t now)
{
    int n = 0;
    if (outbox_take_deliverable(fw->ob, max, fw->entries, &n) != SR_OK) {
        outbox_trouble(fw, "reading answers to send", now);
        return -1;
    }
    for (int i = 0; i < n; i++)
        memcpy(fw->ids[i], fw->entries[i].id, OUTBOX_ID_HEX);
    int taken = n;
    if (n > 0 && outbox_mark_sent_many(fw->ob, (const char (*)[OUTBOX_ID_HEX])fw->ids, n,
                                       forwarder_wall_seconds()) != SR_OK) {
        outbox_trouble(fw, "marking answers sent", now);
        taken = -1;
    }
    for (int i = 0; taken > 0 && i < n; i++) {
        if (!publish_entry(fw, &fw->entries[i]))
            taken = -1; /* connection gone: the rest stay SENT, resent on the next one */
    }
    outbox_entries_free(fw->entries, n);
    return taken;
}

void forwarder_deliver_fill(forwarder *fw, int64_t now)
{
    fw->want_fill = false;
    if (!fw->ob)
        return;
    if (fw->want_seal) {
        if (outbox_seal_use(fw->ob, NULL) != SR_OK) {
            outbox_trouble(fw, "sealing toolkit counts", now);
            return;
        }
        fw->want_seal = false;
        fw->counters.seals++;
    }
    outbox_stats stats;
    if (outbox_get_stats(fw->ob, &stats) != SR_OK) {
        outbox_trouble(fw, "counting answers", now);
        return;
    }
    int64_t sent = stats.sent;
    while (fw->state == FORWARDER_ONLINE && !fw->lost) {
        int64_t outstanding = sent > fw->lib_answers ? sent : fw->lib_answers;
        int64_t room = fw->window - outstanding;
        if (room <= 0)
            break;
        int max = room < fw->batch ? (int)room : fw->batch;
        int taken = send_batch(fw, max, now);
        if (taken <= 0)
            break;
        sent += taken;
        assert(sent <= fw->window);
        fw->outbox_error[0] = '\0'; /* working again: a new complaint is news */
        if (taken < max)
            break; /* nothing more to send */
    }
}

void forwarder_deliver_ack(forwarder *fw, const void *payload, int len)
{
    wire_ack ack;
    char reason[WIRE_REASON_MAX];
    if (wire_ack_decode(payload, len > 0 ? (size_t)len : 0, &ack, reason, sizeof reason) != SR_OK) {
        forwarder_log(fw, "acknowledgement ignored: %s", reason);
        return;
    }
    fw->counters.acks++;
    int n = ack.n_stored + ack.n_refused;
    char(*ids)[OUTBOX_ID_HEX] = n > 0 ? calloc((size_t)n, sizeof *ids) : NULL;
    if (n > 0 && !ids) {
        forwarder_log(fw, "acknowledgement of %d ignored: out of memory (resent later)", n);
    } else if (n > 0 && fw->ob) {
        if (ack.n_stored > 0)
            memcpy(ids, ack.stored, (size_t)ack.n_stored * sizeof *ids);
        if (ack.n_refused > 0)
            memcpy(ids + ack.n_stored, ack.refused, (size_t)ack.n_refused * sizeof *ids);
        int deleted = 0;
        if (outbox_confirm_many(fw->ob, (const char (*)[OUTBOX_ID_HEX])ids, n, &deleted) != SR_OK) {
            /* The rows stay SENT: resent after the timeout, acknowledged again. */
            forwarder_log(fw, "confirming delivered answers: %s", outbox_last_error(fw->ob));
        } else if (deleted > 0) {
            int64_t wall = forwarder_wall_seconds();
            fw->counters.confirmed += deleted;
            fw->last_delivery = wall - wall % 60;
        }
    }
    free(ids);
    wire_ack_free(&ack);
    fw->want_fill = true;
}

void forwarder_deliver_timers(forwarder *fw, int64_t now)
{
    if (now >= fw->fill_retry_at) {
        fw->fill_retry_at = INT64_MAX;
        fw->want_fill = true;
    }
    if (now < fw->next_resend)
        return;
    fw->next_resend = now + resend_check_ms(fw);
    outbox_stats stats;
    if (!fw->ob || (outbox_get_stats(fw->ob, &stats) == SR_OK && stats.sent == 0))
        return; /* nothing outstanding: no write transaction for nothing */
    int again = 0;
    if (outbox_resend_stale(fw->ob, forwarder_wall_seconds(), fw->resend_seconds, &again) !=
        SR_OK) {
        outbox_trouble(fw, "finding answers to send again", now);
        return;
    }
    if (again > 0)
        fw->want_fill = true;
}
