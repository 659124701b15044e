/* wire_status.c -- the kiosk's retained status message, and its last will.
 *
 * Estates read it to see which kiosks are alive, behind or in trouble.
 * Because it is retained and anyone allowed can read it, it must not leak
 * when answers were made: its times are coarse (minutes, or the outbox's
 * own periods), and the kiosk publishes it on a timer, not after each
 * answer, so the queue depth cannot be watched tick by tick. The encoder
 * rounds last_delivery down to the minute itself rather than trusting every
 * caller to.
 *
 * Decoding is lenient about what is missing (an older or newer kiosk may
 * send less or more) and strict about what is there.
 */
#include "wire_internal.h"

#include <stdio.h>
#include <string.h>

#define STATUS_MAX_BYTES 4096
#define STATUS_NUMBER_MAX 1000000000000000LL /* anything larger is nonsense */

char *wire_status_encode(const wire_status *status)
{
    char *out = NULL;
    cJSON *root = cJSON_CreateObject();
    if (!root || !status)
        goto done;
    bool ok = cJSON_AddNumberToObject(root, "v", WIRE_VERSION) &&
              cJSON_AddBoolToObject(root, "online", status->online);
    if (ok && status->online) {
        int64_t last = status->last_delivery - status->last_delivery % 60;
        ok = cJSON_AddStringToObject(root, "app_version", status->app_version) &&
             cJSON_AddStringToObject(root, "content_version", status->content_version) &&
             cJSON_AddNumberToObject(root, "waiting", (double)status->waiting) &&
             cJSON_AddNumberToObject(root, "oldest_period", (double)status->oldest_period) &&
             cJSON_AddNumberToObject(root, "last_delivery", (double)last) &&
             cJSON_AddNumberToObject(root, "disk_free_percent", status->disk_free_percent) &&
             cJSON_AddBoolToObject(root, "clock_synced", status->clock_synced) &&
             cJSON_AddNumberToObject(root, "uptime_minutes", (double)status->uptime_minutes) &&
             cJSON_AddStringToObject(root, "problem", status->problem);
    }
    if (ok)
        out = cJSON_PrintUnformatted(root);
done:
    cJSON_Delete(root);
    return out;
}

/* root[key], if present, as an integer in min..max. */
static bool optional_int(const cJSON *root, const char *key, int64_t min, int64_t max,
                         int64_t *out, char *reason, size_t size)
{
    if (!cJSON_GetObjectItemCaseSensitive(root, key))
        return true;
    return wire_read_int(root, "$", key, min, max, out, reason, size);
}

/* root[key], if present and not "", as a label fitting out_size. */
static bool optional_label(const cJSON *root, const char *key, char *out, size_t out_size,
                           char *reason, size_t size)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!item || (cJSON_IsString(item) && !item->valuestring[0]))
        return true;
    return wire_read_string(root, "$", key, WIRE_STRING_LABEL, out, out_size, reason, size);
}

/* root[key] as a boolean; required says whether it may be missing. */
static bool read_bool(const cJSON *root, const char *key, bool required, bool *out, char *reason,
                      size_t size)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
    char what[48];
    if (!item)
        return !required || wire_fail(reason, size, "$.%s: missing", key);
    if (!cJSON_IsBool(item)) {
        wire_describe(item, what, sizeof what);
        return wire_fail(reason, size, "$.%s: must be true or false, not %s", key, what);
    }
    *out = cJSON_IsTrue(item);
    return true;
}

sr_status wire_status_decode(const void *payload, size_t len, wire_status *out, char *reason,
                             size_t reason_size)
{
    cJSON *root = NULL;
    int64_t disk = -1;
    memset(out, 0, sizeof *out);
    out->disk_free_percent = -1;
    sr_status status = wire_json_parse(payload, len, STATUS_MAX_BYTES, &root, reason, reason_size);
    if (status != SR_OK)
        return status;
    bool ok =
        wire_object_check(root, "$", reason, reason_size) &&
        wire_read_version(root, "$", "reader", reason, reason_size) &&
        read_bool(root, "online", true, &out->online, reason, reason_size) &&
        optional_label(root, "app_version", out->app_version, sizeof out->app_version, reason,
                       reason_size) &&
        optional_label(root, "content_version", out->content_version,
                       sizeof out->content_version, reason, reason_size) &&
        optional_int(root, "waiting", 0, STATUS_NUMBER_MAX, &out->waiting, reason, reason_size) &&
        optional_int(root, "oldest_period", 0, WIRE_PERIOD_MAX, &out->oldest_period, reason,
                     reason_size) &&
        optional_int(root, "last_delivery", 0, WIRE_PERIOD_MAX, &out->last_delivery, reason,
                     reason_size) &&
        optional_int(root, "disk_free_percent", -1, 100, &disk, reason, reason_size) &&
        read_bool(root, "clock_synced", false, &out->clock_synced, reason, reason_size) &&
        optional_int(root, "uptime_minutes", 0, STATUS_NUMBER_MAX, &out->uptime_minutes, reason,
                     reason_size) &&
        optional_label(root, "problem", out->problem, sizeof out->problem, reason, reason_size);
    cJSON_Delete(root);
    if (!ok) {
        memset(out, 0, sizeof *out);
        out->disk_free_percent = -1;
        return SR_E_INVALID;
    }
    out->disk_free_percent = (int)disk;
    return SR_OK;
}
