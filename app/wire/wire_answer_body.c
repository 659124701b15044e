/* wire_answer_body.c -- the body of an answer message: a check-in (kind
 * "answer", made by app/kiosk/answer_json.c) or a toolkit count (kind
 * "use", made by outbox_seal_use).
 *
 * The shape is checked completely here; whether the question set, options
 * and items exist is the collector's business (it holds the content). Ids
 * must be names ([A-Za-z0-9._-]), so nothing resembling SQL, markup or a
 * path ever gets as far as a store; labels (content version, shift) and
 * free text may hold any UTF-8 and are only ever stored as bound values.
 */
#include "wire_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_LEN WIRE_TOPIC_MAX

/* A refusal with a fixed reason, for the sr_status-returning readers. */
static sr_status refuse(char *reason, size_t size, const char *why)
{
    wire_fail(reason, size, "%s", why);
    return SR_E_INVALID;
}

static sr_status out_of_memory(char *reason, size_t size)
{
    wire_fail(reason, size, "out of memory");
    return SR_E_NOMEM;
}

static sr_status read_use(const cJSON *body, wire_answer *out, char *reason, size_t size)
{
    out->kind = WIRE_KIND_USE;
    if (!wire_read_string(body, "$.body", "item", WIRE_STRING_NAME, out->item, sizeof out->item,
                          reason, size) ||
        !wire_read_int(body, "$.body", "count", 1, WIRE_USE_COUNT_MAX, &out->count, reason, size))
        return SR_E_INVALID;
    return SR_OK;
}

/* Checks one follow-up's list of chosen options (at path), and adds it to
 * the count of choices. */
static bool check_chosen(const cJSON *list, const char *path, int *total, char *reason,
                         size_t size)
{
    char what[48], at[PATH_MAX_LEN + 16];
    if (!cJSON_IsArray(list)) {
        wire_describe(list, what, sizeof what);
        return wire_fail(reason, size, "%s: must be an array of option names, not %s", path,
                         what);
    }
    int i = 0;
    for (const cJSON *option = list->child; option; option = option->next, i++) {
        snprintf(at, sizeof at, "%s[%d]", path, i);
        if (!wire_string_check(option, at, WIRE_STRING_NAME, WIRE_NAME_MAX, reason, size))
            return false;
        for (const cJSON *earlier = list->child; earlier != option; earlier = earlier->next)
            if (strcmp(earlier->valuestring, option->valuestring) == 0)
                return wire_fail(reason, size, "%s: \"%s\" is chosen twice", at,
                                 option->valuestring);
        if (++*total > WIRE_MAX_CHOICES)
            return wire_fail(reason, size, "$.body.followups: more than %d options chosen",
                             WIRE_MAX_CHOICES);
    }
    return true;
}

/* $.body.followups: {"question":["option",...],...}, every question listed
 * (an empty list: skipped or nothing chosen), flattened into out->choices. */
static sr_status read_followups(const cJSON *body, wire_answer *out, char *reason, size_t size)
{
    const cJSON *followups = cJSON_GetObjectItemCaseSensitive(body, "followups");
    char at[PATH_MAX_LEN];
    int total = 0;
    if (!followups)
        return refuse(reason, size, "$.body.followups: missing");
    if (!wire_object_check(followups, "$.body.followups", reason, size))
        return SR_E_INVALID;
    for (const cJSON *q = followups->child; q; q = q->next) {
        snprintf(at, sizeof at, "$.body.followups.%s", q->string);
        if (!wire_key_check(q, "$.body.followups", reason, size) ||
            !check_chosen(q, at, &total, reason, size))
            return SR_E_INVALID;
    }
    if (total == 0)
        return SR_OK;
    out->choices = calloc((size_t)total, sizeof *out->choices);
    if (!out->choices)
        return out_of_memory(reason, size);
    for (const cJSON *q = followups->child; q; q = q->next) {
        for (const cJSON *option = q->child; option; option = option->next) {
            wire_choice *choice = &out->choices[out->n_choices++];
            snprintf(choice->question, sizeof choice->question, "%s", q->string);
            snprintf(choice->option, sizeof choice->option, "%s", option->valuestring);
        }
    }
    return SR_OK;
}

/* Free text: 1..WIRE_TEXT_MAX_BYTES of UTF-8 (checked on arrival) with no
 * control characters but newline and tab. */
static bool check_text(const cJSON *text, const char *path, char *reason, size_t size)
{
    char what[48];
    if (!cJSON_IsString(text)) {
        wire_describe(text, what, sizeof what);
        return wire_fail(reason, size, "%s: must be a string, not %s", path, what);
    }
    size_t len = strlen(text->valuestring);
    if (len == 0 || len > WIRE_TEXT_MAX_BYTES)
        return wire_fail(reason, size, "%s: must be 1..%d bytes long, not %zu", path,
                         WIRE_TEXT_MAX_BYTES, len);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text->valuestring[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
            return wire_fail(reason, size, "%s: holds the control character 0x%02x at byte %zu",
                             path, c, i);
    }
    return true;
}

/* $.body.text (optional): {"question":"free text",...}. */
static sr_status read_texts(const cJSON *body, wire_answer *out, char *reason, size_t size)
{
    const cJSON *texts = cJSON_GetObjectItemCaseSensitive(body, "text");
    char at[PATH_MAX_LEN];
    int n = 0;
    if (!texts)
        return SR_OK;
    if (!wire_object_check(texts, "$.body.text", reason, size))
        return SR_E_INVALID;
    for (const cJSON *t = texts->child; t; t = t->next, n++) {
        snprintf(at, sizeof at, "$.body.text.%s", t->string);
        if (!wire_key_check(t, "$.body.text", reason, size) || !check_text(t, at, reason, size))
            return SR_E_INVALID;
        if (n + 1 > WIRE_MAX_TEXTS) {
            wire_fail(reason, size, "$.body.text: more than %d answers", WIRE_MAX_TEXTS);
            return SR_E_INVALID;
        }
    }
    if (n == 0)
        return SR_OK;
    out->texts = calloc((size_t)n, sizeof *out->texts);
    if (!out->texts)
        return out_of_memory(reason, size);
    out->n_texts = n; /* entries are zeroed, so a failure below frees cleanly */
    int i = 0;
    for (const cJSON *t = texts->child; t; t = t->next, i++) {
        snprintf(out->texts[i].question, sizeof out->texts[i].question, "%s", t->string);
        out->texts[i].text = strdup(t->valuestring);
        if (!out->texts[i].text)
            return out_of_memory(reason, size);
    }
    return SR_OK;
}

static sr_status read_checkin(const cJSON *body, wire_answer *out, char *reason, size_t size)
{
    int64_t score;
    out->kind = WIRE_KIND_ANSWER;
    if (!wire_read_string(body, "$.body", "question_set", WIRE_STRING_NAME, out->question_set,
                          sizeof out->question_set, reason, size) ||
        !wire_read_string(body, "$.body", "content_version", WIRE_STRING_LABEL,
                          out->content_version, sizeof out->content_version, reason, size) ||
        !wire_read_string(body, "$.body", "lang", WIRE_STRING_LANG, out->lang, sizeof out->lang,
                          reason, size) ||
        !wire_read_int(body, "$.body", "score", 1, 5, &score, reason, size) ||
        !wire_read_string(body, "$.body", "option", WIRE_STRING_NAME, out->option,
                          sizeof out->option, reason, size))
        return SR_E_INVALID;
    out->score = (int)score;
    sr_status status = read_followups(body, out, reason, size);
    return status != SR_OK ? status : read_texts(body, out, reason, size);
}

sr_status wire_answer_body_read(const cJSON *body, wire_answer *out, char *reason, size_t size)
{
    char what[48];
    if (!wire_object_check(body, "$.body", reason, size) ||
        !wire_read_version(body, "$.body", "collector", reason, size))
        return SR_E_INVALID;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(body, "kind");
    if (cJSON_IsString(kind) && strcmp(kind->valuestring, "answer") == 0)
        return read_checkin(body, out, reason, size);
    if (cJSON_IsString(kind) && strcmp(kind->valuestring, "use") == 0)
        return read_use(body, out, reason, size);
    if (!kind)
        return refuse(reason, size, "$.body.kind: missing");
    wire_describe(kind, what, sizeof what);
    wire_fail(reason, size, "$.body.kind: must be \"answer\" or \"use\", not %s", what);
    return SR_E_INVALID;
}
