/* wire_ack.c -- the collector's acknowledgement: the ids it has committed
 * ("stored": now or earlier) and the ids it refused and kept in its
 * dead-letter table ("refused"). The kiosk deletes both from its outbox.
 *
 * The kiosk decodes this from the network, so it gets the same door as an
 * answer (wire_json_parse) and is all-or-nothing: one bad id and the whole
 * message is refused, since a half-understood acknowledgement could delete
 * an answer nobody stored.
 */
#include "wire_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds a JSON array of n ids under key; false when out of memory. */
static bool add_ids(cJSON *root, const char *key, const char (*ids)[WIRE_ID_HEX], int n)
{
    cJSON *list = cJSON_AddArrayToObject(root, key);
    for (int i = 0; list && i < n; i++) {
        cJSON *id = cJSON_CreateString(ids[i]);
        if (!id || !cJSON_AddItemToArray(list, id)) {
            cJSON_Delete(id);
            return false;
        }
    }
    return list != NULL;
}

char *wire_ack_encode(const char (*stored)[WIRE_ID_HEX], int n_stored,
                      const char (*refused)[WIRE_ID_HEX], int n_refused)
{
    char *out = NULL;
    if (n_stored < 0 || n_refused < 0 || n_stored + n_refused > WIRE_ACK_MAX_IDS)
        return NULL;
    cJSON *root = cJSON_CreateObject();
    if (root && cJSON_AddNumberToObject(root, "v", WIRE_VERSION) &&
        add_ids(root, "stored", stored, n_stored) && add_ids(root, "refused", refused, n_refused))
        out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}

/* root[key] (absent: none) as an array of ids, copied into *ids. */
static sr_status read_ids(const cJSON *root, const char *key, char (**ids)[WIRE_ID_HEX], int *n,
                          int *total, char *reason, size_t size)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, key);
    char what[48], at[48];
    *n = 0;
    if (!list)
        return SR_OK;
    if (!cJSON_IsArray(list)) {
        wire_describe(list, what, sizeof what);
        wire_fail(reason, size, "$.%s: must be an array of ids, not %s", key, what);
        return SR_E_INVALID;
    }
    int count = cJSON_GetArraySize(list);
    *total += count;
    if (*total > WIRE_ACK_MAX_IDS) {
        wire_fail(reason, size, "$.%s: more than %d ids in one acknowledgement", key,
                  WIRE_ACK_MAX_IDS);
        return SR_E_INVALID;
    }
    if (count == 0)
        return SR_OK;
    *ids = calloc((size_t)count, sizeof **ids);
    if (!*ids) {
        wire_fail(reason, size, "out of memory");
        return SR_E_NOMEM;
    }
    for (const cJSON *id = list->child; id; id = id->next) {
        snprintf(at, sizeof at, "$.%s[%d]", key, *n);
        if (!wire_string_check(id, at, WIRE_STRING_ID, WIRE_ID_HEX, reason, size))
            return SR_E_INVALID;
        memcpy((*ids)[(*n)++], id->valuestring, WIRE_ID_HEX);
    }
    return SR_OK;
}

sr_status wire_ack_decode(const void *payload, size_t len, wire_ack *out, char *reason,
                          size_t reason_size)
{
    cJSON *root = NULL;
    int total = 0;
    memset(out, 0, sizeof *out);
    /* 1000 ids of 35 bytes each fit well inside the answer's limit. */
    sr_status status =
        wire_json_parse(payload, len, WIRE_ANSWER_MAX_BYTES, &root, reason, reason_size);
    if (status != SR_OK)
        return status;
    status = SR_E_INVALID;
    if (!wire_object_check(root, "$", reason, reason_size) ||
        !wire_read_version(root, "$", "kiosk", reason, reason_size))
        goto fail;
    status = read_ids(root, "stored", &out->stored, &out->n_stored, &total, reason, reason_size);
    if (status == SR_OK)
        status = read_ids(root, "refused", &out->refused, &out->n_refused, &total, reason,
                          reason_size);
    if (status != SR_OK)
        goto fail;
    cJSON_Delete(root);
    return SR_OK;
fail:
    cJSON_Delete(root);
    wire_ack_free(out);
    return status;
}

void wire_ack_free(wire_ack *ack)
{
    if (!ack)
        return;
    free(ack->stored);
    free(ack->refused);
    memset(ack, 0, sizeof *ack);
}
