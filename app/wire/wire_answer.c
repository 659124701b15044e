/* wire_answer.c -- the answer message's envelope: encoding on the kiosk,
 * decoding and validating at the collector.
 *
 * The envelope carries what the outbox filed beside the payload (id,
 * period, shift, clock) and the payload itself, verbatim, as "body". The
 * decoder checks the envelope here and the body in wire_answer_body.c; it
 * never trusts anything it has not checked, and names the JSON path of the
 * first thing it refuses. Unknown members are ignored (see docs/protocol.md,
 * "Versioning"): a v1 peer may add fields without breaking older ones.
 */
#include "wire_internal.h"

#include <stdlib.h>
#include <string.h>

static const char BODY_KEY[] = ",\"body\":";

char *wire_answer_encode(const wire_outgoing *row)
{
    char *head = NULL, *out = NULL;
    if (!row || !row->id || !row->body)
        return NULL;
    cJSON *body = cJSON_Parse(row->body);
    bool is_object = cJSON_IsObject(body);
    cJSON_Delete(body);
    if (!is_object)
        return NULL;
    cJSON *env = cJSON_CreateObject();
    bool synced = row->clock == WIRE_CLOCK_SYNCED;
    bool shift = synced && row->shift && row->shift[0]; /* a band of a known time only */
    bool ok = env && cJSON_AddNumberToObject(env, "v", WIRE_VERSION) &&
              cJSON_AddStringToObject(env, "id", row->id) &&
              (synced ? cJSON_AddNumberToObject(env, "period", (double)row->period)
                      : cJSON_AddNullToObject(env, "period")) &&
              (shift ? cJSON_AddStringToObject(env, "shift", row->shift)
                     : cJSON_AddNullToObject(env, "shift")) &&
              cJSON_AddStringToObject(env, "clock", synced ? "synced" : "unknown");
    if (ok)
        head = cJSON_PrintUnformatted(env);
    cJSON_Delete(env);
    if (!head)
        return NULL;
    /* The body goes in as stored rather than re-printed by cJSON, so the
     * collector receives exactly the bytes the kiosk committed. */
    size_t head_len = strlen(head) - 1; /* without the closing '}' */
    size_t body_len = strlen(row->body);
    out = malloc(head_len + sizeof BODY_KEY - 1 + body_len + 2);
    if (out) {
        memcpy(out, head, head_len);
        memcpy(out + head_len, BODY_KEY, sizeof BODY_KEY - 1);
        memcpy(out + head_len + sizeof BODY_KEY - 1, row->body, body_len);
        memcpy(out + head_len + sizeof BODY_KEY - 1 + body_len, "}", 2);
    }
    cJSON_free(head);
    return out;
}

/* $.clock and $.period, which must agree: a time exactly when synced. */
static bool read_clock(const cJSON *root, wire_answer *out, char *reason, size_t size)
{
    const cJSON *clock = cJSON_GetObjectItemCaseSensitive(root, "clock");
    const cJSON *period = cJSON_GetObjectItemCaseSensitive(root, "period");
    char what[48];
    wire_describe(clock, what, sizeof what);
    if (cJSON_IsString(clock) && strcmp(clock->valuestring, "synced") == 0)
        out->clock = WIRE_CLOCK_SYNCED;
    else if (cJSON_IsString(clock) && strcmp(clock->valuestring, "unknown") == 0)
        out->clock = WIRE_CLOCK_UNKNOWN;
    else
        return wire_fail(reason, size, "$.clock: must be \"synced\" or \"unknown\", not %s",
                         what);
    bool none = !period || cJSON_IsNull(period);
    wire_describe(period, what, sizeof what);
    if (out->clock == WIRE_CLOCK_UNKNOWN) {
        out->period = 0;
        return none || wire_fail(reason, size,
                                 "$.period: must be null when $.clock is \"unknown\", not %s",
                                 what);
    }
    if (none)
        return wire_fail(reason, size,
                         "$.period: must be a time when $.clock is \"synced\", not %s", what);
    if (!wire_read_int(root, "$", "period", WIRE_PERIOD_MIN, WIRE_PERIOD_MAX, &out->period,
                       reason, size))
        return false;
    if (out->period % 60 != 0)
        return wire_fail(reason, size,
                         "$.period: must be a whole minute (UTC seconds divisible by 60), not %s",
                         what);
    return true;
}

/* $.shift: absent, null or "" for none, else a label; a band of a known
 * time, so none when the clock is unknown. */
static bool read_shift(const cJSON *root, wire_answer *out, char *reason, size_t size)
{
    const cJSON *shift = cJSON_GetObjectItemCaseSensitive(root, "shift");
    char what[48];
    out->shift[0] = '\0';
    if (!shift || cJSON_IsNull(shift) || (cJSON_IsString(shift) && !shift->valuestring[0]))
        return true;
    if (out->clock == WIRE_CLOCK_UNKNOWN) {
        wire_describe(shift, what, sizeof what);
        return wire_fail(reason, size, "$.shift: must be null when $.clock is \"unknown\", not %s",
                         what);
    }
    if (!wire_string_check(shift, "$.shift", WIRE_STRING_LABEL, sizeof out->shift, reason, size))
        return false;
    memcpy(out->shift, shift->valuestring, strlen(shift->valuestring) + 1);
    return true;
}

/* The id, if the message has a readable one, so that even a refused
 * message can be acknowledged (and so deleted from its kiosk). */
static void peek_id(const cJSON *root, char id_out[WIRE_ID_HEX])
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    if (cJSON_IsObject(root) && wire_string_check(id, "$.id", WIRE_STRING_ID, WIRE_ID_HEX, NULL, 0))
        memcpy(id_out, id->valuestring, WIRE_ID_HEX);
}

sr_status wire_answer_decode(const void *payload, size_t len, wire_answer *out,
                             char id_out[WIRE_ID_HEX], char *reason, size_t reason_size)
{
    cJSON *root = NULL;
    memset(out, 0, sizeof *out);
    if (id_out)
        id_out[0] = '\0';
    if (reason && reason_size)
        reason[0] = '\0';
    sr_status status =
        wire_json_parse(payload, len, WIRE_ANSWER_MAX_BYTES, &root, reason, reason_size);
    if (status != SR_OK)
        return status;
    status = SR_E_INVALID;
    if (id_out)
        peek_id(root, id_out);
    if (!wire_object_check(root, "$", reason, reason_size) ||
        !wire_read_version(root, "$", "collector", reason, reason_size) ||
        !wire_read_string(root, "$", "id", WIRE_STRING_ID, out->id, sizeof out->id, reason,
                          reason_size) ||
        !read_clock(root, out, reason, reason_size) || !read_shift(root, out, reason, reason_size))
        goto fail;
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(root, "body");
    if (!body) {
        wire_fail(reason, reason_size, "$.body: missing");
        goto fail;
    }
    status = wire_answer_body_read(body, out, reason, reason_size);
    if (status != SR_OK)
        goto fail;
    cJSON_Delete(root);
    return SR_OK;
fail:
    cJSON_Delete(root);
    wire_answer_free(out);
    return status;
}

void wire_answer_free(wire_answer *answer)
{
    if (!answer)
        return;
    for (int i = 0; i < answer->n_texts; i++)
        free(answer->texts[i].text);
    free(answer->texts);
    free(answer->choices);
    memset(answer, 0, sizeof *answer);
}
