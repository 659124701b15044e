/* intake.c -- the collector's state machine (see intake.h).
 *
 * A message's life:
 *
 *   received ──validate──> in the open batch ──COMMIT──> committed ──> acknowledged
 *   (topic, size, wire,    (answer, status or   (one            (per device: the
 *    registry, content)     dead letter)         transaction)    ids committed)
 *
 * The batch:
 *
 *                 receive (first message: deadline = now + batch_ms)
 *     ┌────────┐ ─────────────────────────────────────────────> ┌────────┐
 *     │ EMPTY  │                                                │  OPEN  │<─┐ receive
 *     └────────┘ <──┐                                           └────────┘──┘ (n < batch_max)
 *          ^        │ COMMIT failed: ROLLBACK,                       │
 *          │        │ batch dropped, nothing                         │ n == batch_max, or
 *          │        │ acknowledged (kiosks resend)                   │ deadline (intake_tick),
 *          │        │                                                │ or intake_flush
 *          │        │                                                v
 *          │        └────────────────────────────────────────── ┌────────────┐
 *          │                                                    │ COMMITTING │
 *          │      acknowledgements published                    └────────────┘
 *          │   ┌────────┐                                            │ COMMIT ok
 *          └── │ ACKING │ <──────────────────────────────────────────┘
 *              └────────┘
 *
 * Transitions: EMPTY->OPEN and OPEN->OPEN intake_receive(); OPEN->COMMITTING
 * close_batch() (from intake_receive at batch_max, intake_tick at the
 * deadline, intake_flush); COMMITTING->ACKING and COMMITTING->EMPTY
 * close_batch(); ACKING->EMPTY send_acks() then close_batch().
 *
 * Invariants (intake_check):
 *   1. EMPTY <=> no message is pending; OPEN => 1 <= pending < batch_max.
 *   2. OPEN => the deadline is the first message's arrival + batch_ms;
 *      otherwise there is no deadline.
 *   3. While OPEN or COMMITTING, no pending item has an outcome: nothing is
 *      acknowledged before COMMIT returned.
 *   4. ACKING => every pending item has an outcome (the COMMIT succeeded).
 *   5. received = pending + answers_stored + answers_duplicate +
 *      dead_letters + statuses + dropped: no message vanishes uncounted.
 *   6. Site, area and staff group of every pending item come from the
 *      registry entry of the device its topic names (never the payload).
 *
 * Acknowledgements: only answer topics' ids are acknowledged. An answer is
 * "stored" when its row was inserted or was already held from the same
 * device, "refused" when it was dead-lettered with a readable id -- except
 * for a device not in the registry: its answers stay unacknowledged, so
 * the kiosk keeps them and they are accepted once provisioning has added it
 * (its refusals are still kept and logged).
 */
#include "intake.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "collector/content_match.h"
#include "wire/wire.h"

typedef enum intake_state {
    INTAKE_EMPTY,
    INTAKE_OPEN,
    INTAKE_COMMITTING,
    INTAKE_ACKING
} intake_state;

#define REASON_UNKNOWN_DEVICE "device not in the registry"
#define REASON_REVOKED "device revoked"

struct intake {
    intake_options options;
    collector_store *store;
    intake_publish_fn publish;
    void *publish_arg;
    const registry *reg;
    const content_pack *pack;
    intake_state state;
    int n;                  /* pending items */
    int64_t opened_ms;      /* arrival of the first pending item */
    store_item *items;      /* [batch_max] */
    int *order;             /* [batch_max], for grouping acknowledgements */
    char (*stored)[WIRE_ID_HEX];
    char (*refused)[WIRE_ID_HEX];
    intake_counts counts;
};

static FILE *log_file(const intake *in)
{
    return in->options.log ? in->options.log : stderr;
}

/* A reason may quote the refused message: control characters (a newline
 * would forge a log line) are shown as '?'. */
static void log_text(FILE *out, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, out);
}

/* One line per dead letter: reason, device, size (and topic when known). */
static void log_dead_letter(const intake *in, const store_item *item)
{
    FILE *out = log_file(in);
    fputs("staffroom-collector: dead letter: ", out);
    log_text(out, item->reason);
    fprintf(out, " (device %s, %zu bytes, topic ",
            item->place.device[0] ? item->place.device : "none", item->size);
    log_text(out, item->topic ? item->topic : "none");
    fputs(")\n", out);
}

intake *intake_create(const intake_options *options, collector_store *store,
                      intake_publish_fn publish, void *publish_arg)
{
    assert(options->batch_max >= 1 && options->batch_ms >= 0);
    intake *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    size_t n = (size_t)options->batch_max;
    in->options = *options;
    in->store = store;
    in->publish = publish;
    in->publish_arg = publish_arg;
    in->items = calloc(n, sizeof *in->items);
    in->order = calloc(n, sizeof *in->order);
    in->stored = calloc(n, sizeof *in->stored);
    in->refused = calloc(n, sizeof *in->refused);
    if (!in->items || !in->order || !in->stored || !in->refused) {
        intake_destroy(in);
        return NULL;
    }
    return in;
}

void intake_destroy(intake *in)
{
    if (!in)
        return;
    for (int i = 0; i < in->n; i++)
        store_item_clear(&in->items[i]);
    free(in->items);
    free(in->order);
    free(in->stored);
    free(in->refused);
    free(in);
}

void intake_set_registry(intake *in, const registry *reg)
{
    in->reg = reg;
}

void intake_set_content(intake *in, const content_pack *pack)
{
    in->pack = pack;
}

/* ---- validation ------------------------------------------------------- */

/* Makes the item a dead letter with reason and logs it: one line each. */
static void refuse(intake *in, store_item *item, bool ack_refusal, const char *reason)
{
    if (item->kind == STORE_ANSWER)
        wire_answer_free(&item->answer);
    item->kind = STORE_DEAD_LETTER;
    item->ack_refusal = ack_refusal && item->answer_id[0];
    snprintf(item->reason, sizeof item->reason, "%s", reason);
    log_dead_letter(in, item);
}

/* The answer channel: decode, then the content check. */
static void validate_answer(store_item *item, const void *payload, size_t len,
                            char *reason, size_t reason_size)
{
    reason[0] = '\0';
    if (wire_answer_decode(payload, len, &item->answer, item->answer_id, reason, reason_size) ==
        SR_OK) {
        item->kind = STORE_ANSWER;
        snprintf(item->answer_id, sizeof item->answer_id, "%s", item->answer.id);
    } else if (!reason[0]) {
        snprintf(reason, reason_size, "could not be decoded (out of memory)");
    }
}

/* Fills item from the message; any refusal makes it a dead letter. */
static void validate(intake *in, store_item *item, const void *payload, size_t len, bool retained)
{
    char reason[STORE_REASON_MAX] = "";
    wire_channel channel = WIRE_CHANNEL_ACK;
    item->kind = STORE_DEAD_LETTER;
    if (!item->topic || !wire_topic_parse(item->topic, item->place.device, &channel))
        item->place.device[0] = '\0'; /* the topic names no device */
    if (!item->place.device[0] || channel == WIRE_CHANNEL_ACK) {
        refuse(in, item, false, "topic is not a kiosk's answer or status topic");
        return;
    }
    if (len > in->options.max_message_bytes) {
        snprintf(reason, sizeof reason, "too large (%zu bytes; the limit is %zu)", len,
                 in->options.max_message_bytes);
    } else if (channel == WIRE_CHANNEL_ANSWER) {
        validate_answer(item, payload, len, reason, sizeof reason);
    } else if (wire_status_decode(payload, len, &item->status, reason, sizeof reason) == SR_OK) {
        item->kind = STORE_STATUS;
        item->retained = retained;
    }
    const registry_entry *entry = registry_find(in->reg, item->place.device);
    if (!entry) {
        refuse(in, item, false, REASON_UNKNOWN_DEVICE);
        return;
    }
    item->place = *entry;
    if (entry->revoked) {
        refuse(in, item, true, REASON_REVOKED);
        return;
    }
    if (item->kind == STORE_ANSWER && !in->pack)
        snprintf(reason, sizeof reason, "the collector has no content pack to check it against");
    else if (item->kind == STORE_ANSWER)
        content_match_answer(in->pack, &item->answer, reason, sizeof reason);
    if (item->kind == STORE_DEAD_LETTER || reason[0])
        refuse(in, item, true, reason[0] ? reason : "refused");
}

/* Copies what every item keeps of its message: the topic, the size and the
 * first bytes (for a dead letter, or an answer the store may refuse). */
static bool record_message(intake *in, store_item *item, const char *topic, const void *payload,
                           size_t len)
{
    item->size = len;
    item->topic = strdup(topic ? topic : "");
    item->raw_len = len < in->options.dead_letter_bytes ? len : in->options.dead_letter_bytes;
    item->raw = malloc(item->raw_len ? item->raw_len : 1);
    if (!item->topic || !item->raw)
        return false;
    if (item->raw_len)
        memcpy(item->raw, payload, item->raw_len);
    return true;
}

/* ---- acknowledgements ------------------------------------------------- */

/* Answer-topic items that are acknowledged, by device, then id, then
 * stored before refused (so the first of a repeated id decides). */
static int ack_rank(const store_item *item)
{
    return item->outcome == STORE_INSERTED || item->outcome == STORE_ALREADY_HELD ? 0 : 1;
}

static const intake *sorting; /* qsort has no argument pointer in C11 */

static int compare_for_ack(const void *a, const void *b)
{
    const store_item *x = &sorting->items[*(const int *)a];
    const store_item *y = &sorting->items[*(const int *)b];
    int c = strcmp(x->place.device, y->place.device);
    if (!c)
        c = strcmp(x->answer_id, y->answer_id);
    return c ? c : ack_rank(x) - ack_rank(y);
}

static bool acknowledged(const store_item *item)
{
    if (item->kind == STORE_ANSWER)
        return item->outcome != STORE_PENDING && item->answer_id[0];
    return item->kind == STORE_DEAD_LETTER && item->ack_refusal && item->answer_id[0];
}

static void publish_ack(intake *in, const char *device, int n_stored, int n_refused)
{
    char topic[WIRE_TOPIC_MAX];
    char *payload = NULL;
    sr_status status = SR_E_NOMEM;
    if (!wire_topic(topic, sizeof topic, device, WIRE_CHANNEL_ACK))
        status = SR_E_INVALID;
    else if ((payload = wire_ack_encode((const char (*)[WIRE_ID_HEX])in->stored, n_stored,
                                        (const char (*)[WIRE_ID_HEX])in->refused, n_refused)))
        status = in->publish(in->publish_arg, topic, payload);
    free(payload);
    if (status == SR_OK) {
        in->counts.acks++;
        return;
    }
    in->counts.ack_failures++;
    fprintf(log_file(in),
            "staffroom-collector: acknowledgement of %d ids to %s not sent (%s); the kiosk "
            "will send them again\n",
            n_stored + n_refused, device, sr_status_str(status));
}

/* One acknowledgement per device (more when it has over WIRE_ACK_MAX_IDS). */
static void send_acks(intake *in)
{
    int m = 0;
    for (int i = 0; i < in->n; i++)
        if (acknowledged(&in->items[i]))
            in->order[m++] = i;
    sorting = in;
    qsort(in->order, (size_t)m, sizeof *in->order, compare_for_ack);
    sorting = NULL;
    for (int i = 0; i < m;) {
        const char *device = in->items[in->order[i]].place.device;
        int n_stored = 0, n_refused = 0;
        for (; i < m && strcmp(in->items[in->order[i]].place.device, device) == 0; i++) {
            const store_item *item = &in->items[in->order[i]];
            if (i > 0 && strcmp(in->items[in->order[i - 1]].place.device, device) == 0 &&
                strcmp(in->items[in->order[i - 1]].answer_id, item->answer_id) == 0)
                continue; /* the same id twice in one batch */
            if (ack_rank(item) == 0)
                memcpy(in->stored[n_stored++], item->answer_id, WIRE_ID_HEX);
            else
                memcpy(in->refused[n_refused++], item->answer_id, WIRE_ID_HEX);
            if (n_stored + n_refused == WIRE_ACK_MAX_IDS) {
                publish_ack(in, device, n_stored, n_refused);
                n_stored = n_refused = 0;
            }
        }
        if (n_stored + n_refused)
            publish_ack(in, device, n_stored, n_refused);
    }
}

/* ---- the batch -------------------------------------------------------- */

static void count_outcomes(intake *in)
{
    for (int i = 0; i < in->n; i++) {
        store_item *item = &in->items[i];
        switch (item->outcome) {
        case STORE_INSERTED:
            in->counts.answers_stored++;
            break;
        case STORE_ALREADY_HELD:
            in->counts.answers_duplicate++;
            break;
        case STORE_REFUSED:
            in->counts.dead_letters++;
            log_dead_letter(in, item);
            break;
        default:
            if (item->kind == STORE_STATUS)
                in->counts.statuses++;
            else
                in->counts.dead_letters++;
            break;
        }
    }
}

static sr_status close_batch(intake *in, int64_t wall)
{
    if (in->state == INTAKE_EMPTY)
        return SR_OK;
    assert(in->state == INTAKE_OPEN);
    in->state = INTAKE_COMMITTING;
    intake_check(in);
    char err[512];
    sr_status status = collector_store_commit(in->store, in->items, in->n, wall, err, sizeof err);
    if (status == SR_OK) {
        in->state = INTAKE_ACKING;
        intake_check(in);
        count_outcomes(in);
        in->counts.batches++;
        send_acks(in);
    } else {
        in->counts.store_failures++;
        in->counts.dropped += (uint64_t)in->n;
        fprintf(log_file(in),
                "staffroom-collector: %s (%s); %d messages not acknowledged, the kiosks will "
                "send them again\n",
                err, sr_status_str(status), in->n);
    }
    for (int i = 0; i < in->n; i++)
        store_item_clear(&in->items[i]);
    in->n = 0;
    in->state = INTAKE_EMPTY;
    intake_check(in);
    return status;
}

sr_status intake_receive(intake *in, const char *topic, const void *payload, size_t len,
                         bool retained, int64_t now_ms, int64_t wall)
{
    assert(in->state == INTAKE_EMPTY || in->state == INTAKE_OPEN);
    in->counts.received++;
    store_item *item = &in->items[in->n];
    memset(item, 0, sizeof *item);
    if (!record_message(in, item, topic, payload, len)) {
        store_item_clear(item);
        in->counts.dropped++;
        fprintf(log_file(in), "staffroom-collector: out of memory: a message of %zu bytes was "
                "dropped unacknowledged\n", len);
        return SR_E_NOMEM;
    }
    validate(in, item, payload, len, retained);
    if (in->n++ == 0) {
        in->opened_ms = now_ms;
        in->state = INTAKE_OPEN;
    }
    if (in->n == in->options.batch_max)
        return close_batch(in, wall);
    intake_check(in);
    return SR_OK;
}

int64_t intake_deadline(const intake *in)
{
    return in->state == INTAKE_OPEN ? in->opened_ms + in->options.batch_ms : -1;
}

sr_status intake_tick(intake *in, int64_t now_ms, int64_t wall)
{
    if (in->state == INTAKE_OPEN && now_ms >= intake_deadline(in))
        return close_batch(in, wall);
    return SR_OK;
}

sr_status intake_flush(intake *in, int64_t wall)
{
    return close_batch(in, wall);
}

const intake_counts *intake_get_counts(const intake *in)
{
    return &in->counts;
}

int intake_pending(const intake *in)
{
    return in->n;
}

void intake_check(const intake *in)
{
    const intake_counts *c = &in->counts;
    /* 1 */
    assert(in->n >= 0 && in->n <= in->options.batch_max);
    assert((in->state == INTAKE_EMPTY) == (in->n == 0));
    assert(in->state != INTAKE_OPEN || in->n < in->options.batch_max);
    /* 2 */
    assert((intake_deadline(in) >= 0) == (in->state == INTAKE_OPEN));
    for (int i = 0; i < in->n; i++) {
        const store_item *item = &in->items[i];
        /* 3, 4 */
        assert((item->outcome == STORE_PENDING) == (in->state != INTAKE_ACKING));
        /* 6: only a registered device's messages are stored, with its place
         * (the registry refuses entries without site and area) */
        if (item->kind != STORE_DEAD_LETTER)
            assert(item->place.device[0] && item->place.site[0] && item->place.area[0]);
        (void)item;
    }
    /* 5 */
    assert(c->received == c->answers_stored + c->answers_duplicate + c->dead_letters +
                              c->statuses + c->dropped + (uint64_t)in->n);
    (void)c;
}
