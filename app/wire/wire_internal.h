/* wire_internal.h -- what the wire_*.c files share; not for other modules
 * (they use wire.h).
 *
 * wire_json.c is the one door every incoming message goes through: it
 * checks the raw bytes (size, UTF-8, nesting, escaped NULs) before cJSON
 * sees them, then parses, and offers field readers that name the JSON path
 * of whatever they refuse. A reader returns false after writing the reason.
 */
#ifndef SR_WIRE_INTERNAL_H
#define SR_WIRE_INTERNAL_H

#include <cJSON.h>

#include "wire.h"

/* What a string field may hold. */
typedef enum wire_string_rule {
    WIRE_STRING_NAME,  /* 1..64 of [A-Za-z0-9._-], starting alphanumeric: ids */
    WIRE_STRING_LABEL, /* 1..size-1 bytes of UTF-8 without control characters */
    WIRE_STRING_LANG,  /* 1..15 of [A-Za-z0-9-]: "en", "pt-BR" */
    WIRE_STRING_ID     /* exactly 32 lower-case hex digits */
} wire_string_rule;

/* Writes the formatted reason (when reason is not NULL) and returns false,
 * so a check can end with `return wire_fail(...)`. */
bool wire_fail(char *reason, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* True when len bytes are well-formed UTF-8 with no NUL byte; otherwise
 * false with the offset of the first offending byte in *bad_at, and
 * *was_nul set when it is a NUL (an encoded NUL is refused as overlong). */
bool wire_utf8_valid(const void *bytes, size_t len, size_t *bad_at, bool *was_nul);

/* Checks the raw bytes (at most max_bytes, UTF-8, nesting at most
 * WIRE_MAX_DEPTH, no \u0000 escape) and parses them. SR_OK with *root set
 * (free with cJSON_Delete), SR_E_INVALID with a reason, or SR_E_NOMEM. */
sr_status wire_json_parse(const void *payload, size_t len, size_t max_bytes, cJSON **root,
                          char *reason, size_t reason_size);

/* A short printable picture of a value for reasons: "\"3\"", "3.5",
 * "null", "an array". Never more than size-1 bytes. */
void wire_describe(const cJSON *item, char *buf, size_t size);

/* Refuses an object (at path) that is not an object, has more than
 * WIRE_MAX_MEMBERS members, or repeats a key. */
bool wire_object_check(const cJSON *obj, const char *path, char *reason, size_t size);

/* obj[key] as the integer version 1. who names the reader in the reason
 * ("collector", "kiosk") when the version is newer. */
bool wire_read_version(const cJSON *obj, const char *path, const char *who, char *reason,
                       size_t size);

/* obj[key] as an integer in min..max. */
bool wire_read_int(const cJSON *obj, const char *path, const char *key, int64_t min, int64_t max,
                   int64_t *out, char *reason, size_t size);

/* Whether item (named by path) is a string following rule that fits in out_size. */
bool wire_string_check(const cJSON *item, const char *path, wire_string_rule rule,
                       size_t out_size, char *reason, size_t size);

/* Refuses an object member (of the object at path) whose key is not a name:
 * for maps keyed by question id. */
bool wire_key_check(const cJSON *member, const char *path, char *reason, size_t size);

/* obj[key] as a string following rule, copied into out (out_size bytes). */
bool wire_read_string(const cJSON *obj, const char *path, const char *key, wire_string_rule rule,
                      char *out, size_t out_size, char *reason, size_t size);

/* Reads the body of an answer message (wire_answer_body.c) into out's
 * kind-specific fields, allocating its choices and texts. SR_E_INVALID
 * with a reason, or SR_E_NOMEM; out is the caller's to free either way. */
sr_status wire_answer_body_read(const cJSON *body, wire_answer *out, char *reason, size_t size);

/* Reads the body of an answer message (wire_answer_body.c) into out's
 * kind-specific fields, allocating its choices and texts. SR_E_INVALID
 * with a reason, or SR_E_NOMEM; out is the caller's to free either way. */
sr_status wire_answer_body_read(const cJSON *body, wire_answer *out, char *reason, size_t size);

#endif
