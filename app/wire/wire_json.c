/* wire_json.c -- the door every incoming message goes through.
 *
 * The payload of an MQTT message is whatever a peer (or an attacker with a
 * kiosk's password) chose to send, so nothing reaches cJSON before the
 * cheap checks that bound its work: the size, UTF-8 well-formedness (no
 * overlong forms, no surrogates, nothing above U+10FFFF, no NUL), and the
 * nesting depth, found by a bracket scan that skips strings -- a 10,000-deep
 * array is refused here instead of making cJSON recurse 10,000 times. The
 * scan also refuses "\u0000", which cJSON would turn into a silently cut
 * string. Then the readers below check each field and name its JSON path.
 */
#include "wire_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool wire_fail(char *reason, size_t size, const char *fmt, ...)
{
    if (reason && size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(reason, size, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* How many continuation bytes follow lead byte c, and the range the first
 * of them must be in (that range is what rules out overlong forms,
 * surrogates and code points above U+10FFFF). -1: c cannot start one. */
static int utf8_lead(unsigned c, unsigned *lo, unsigned *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        return 1;
    if (c == 0xE0)
        *lo = 0xA0; /* below: overlong */
    else if (c == 0xED)
        *hi = 0x9F; /* above: UTF-16 surrogates */
    if (c >= 0xE0 && c <= 0xEF)
        return 2;
    if (c == 0xF0)
        *lo = 0x90; /* below: overlong */
    else if (c == 0xF4)
        *hi = 0x8F; /* above: beyond U+10FFFF */
    if (c >= 0xF0 && c <= 0xF4)
        return 3;
    return -1;
}

bool wire_utf8_valid(const void *bytes, size_t len, size_t *bad_at, bool *was_nul)
{
    const unsigned char *s = bytes;
    *was_nul = false;
    for (size_t i = 0; i < len;) {
        unsigned lo, hi;
        if (s[i] == 0) {
            *was_nul = true;
            *bad_at = i;
            return false;
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int need = utf8_lead(s[i], &lo, &hi);
        if (need < 0 || len - i <= (size_t)need)
            goto bad;
        for (int k = 1; k <= need; k++) {
            unsigned b = s[i + (size_t)k];
            if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF))
                goto bad;
        }
        i += (size_t)need + 1;
        continue;
    bad:
        *bad_at = i;
        return false;
    }
    return true;
}

/* The bracket scan: refuses nesting deeper than WIRE_MAX_DEPTH and the
 * escape \u0000, skipping the insides of strings (where brackets are text). */
static bool scan_structure(const char *s, size_t len, char *reason, size_t size)
{
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\') {
                if (len - i > 5 && memcmp(s + i + 1, "u0000", 5) == 0)
                    return wire_fail(reason, size,
                                     "a string holds the NUL escape \\u0000 at byte %zu", i);
                i++; /* the escaped character, which may be '"' */
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > WIRE_MAX_DEPTH)
                return wire_fail(reason, size, "nested deeper than %d (at byte %zu)",
                                 WIRE_MAX_DEPTH, i);
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    /* Cut short: said here, because cJSON's error offset for it points
     * wherever the last unfinished token began. */
    if (in_string)
        return wire_fail(reason, size, "not JSON: it ends too early, inside a string");
    if (depth > 0)
        return wire_fail(reason, size, "not JSON: it ends too early, with %d bracket%s open",
                         depth, depth == 1 ? "" : "s");
    return true;
}

/* "not JSON: error near 'x' at line 1 column 5" from cJSON's error offset,
 * which points at or just after the offending character. */
static void parse_error(const char *text, size_t len, size_t at, char *reason, size_t size)
{
    size_t line = 1, column = 1;
    if (at > len)
        at = len;
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
    unsigned char c = at < len ? (unsigned char)text[at] : 0;
    if (at >= len)
        wire_fail(reason, size, "not JSON: it ends too early, at line %zu column %zu", line,
                  column);
    else if (c > 0x20 && c < 0x7f)
        wire_fail(reason, size, "not JSON: error near '%c' at line %zu column %zu", c, line,
                  column);
    else
        wire_fail(reason, size, "not JSON: error near byte 0x%02x at line %zu column %zu", c,
                  line, column);
}

sr_status wire_json_parse(const void *payload, size_t len, size_t max_bytes, cJSON **root,
                          char *reason, size_t reason_size)
{
    size_t bad_at;
    bool was_nul;
    *root = NULL;
    if (len > max_bytes) {
        wire_fail(reason, reason_size, "too large (%zu bytes; the limit is %zu)", len, max_bytes);
        return SR_E_INVALID;
    }
    if (len == 0 || !payload) {
        wire_fail(reason, reason_size, "empty message");
        return SR_E_INVALID;
    }
    if (!wire_utf8_valid(payload, len, &bad_at, &was_nul)) {
        wire_fail(reason, reason_size, was_nul ? "contains a NUL byte at byte %zu"
                                               : "not valid UTF-8 at byte %zu", bad_at);
        return SR_E_INVALID;
    }
    if (!scan_structure(payload, len, reason, reason_size))
        return SR_E_INVALID;
    char *text = malloc(len + 1);
    if (!text) {
        wire_fail(reason, reason_size, "out of memory");
        return SR_E_NOMEM;
    }
    memcpy(text, payload, len);
    text[len] = '\0';
    const char *end = NULL;
    *root = cJSON_ParseWithOpts(text, &end, true);
    if (!*root)
        parse_error(text, len, end ? (size_t)(end - text) : len, reason, reason_size);
    free(text);
    return *root ? SR_OK : SR_E_INVALID;
}

/* s as at most 24 printable ASCII characters ('?' for anything else). */
static void printable(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    for (; *s && n < 24 && n + 4 < size; s++, n++)
        buf[n] = *s >= 0x20 && *s < 0x7f ? *s : '?';
    if (*s && n + 4 <= size) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n < size ? n : size - 1] = '\0';
}

void wire_describe(const cJSON *item, char *buf, size_t size)
{
    char text[32];
    if (!item) {
        snprintf(buf, size, "nothing");
    } else if (cJSON_IsString(item)) {
        printable(item->valuestring, text, sizeof text);
        snprintf(buf, size, "\"%s\"", text);
    } else if (cJSON_IsNumber(item)) {
        double d = item->valuedouble;
        if (d > -9e15 && d < 9e15 && d == (double)(long long)d)
            snprintf(buf, size, "%lld", (long long)d);
        else
            snprintf(buf, size, "%.15g", d);
    } else if (cJSON_IsBool(item)) {
        snprintf(buf, size, "%s", cJSON_IsTrue(item) ? "true" : "false");
    } else if (cJSON_IsNull(item)) {
        snprintf(buf, size, "null");
    } else {
        snprintf(buf, size, "%s", cJSON_IsArray(item) ? "an array" : "an object");
    }
}

bool wire_object_check(const cJSON *obj, const char *path, char *reason, size_t size)
{
    char what[48];
    if (!cJSON_IsObject(obj)) {
        wire_describe(obj, what, sizeof what);
        return wire_fail(reason, size, "%s: must be an object, not %s", path, what);
    }
    int n = 0;
    for (const cJSON *a = obj->child; a; a = a->next) {
        if (++n > WIRE_MAX_MEMBERS)
            return wire_fail(reason, size, "%s: more than %d members", path, WIRE_MAX_MEMBERS);
        for (const cJSON *b = obj->child; b != a; b = b->next) {
            if (strcmp(a->string, b->string) == 0) {
                printable(a->string, what, sizeof what);
                return wire_fail(reason, size, "%s: the key \"%s\" appears twice", path, what);
            }
        }
    }
    return true;
}

/* The integer value of item, if it is a number that is a whole number in
 * min..max (doubles hold every integer the protocol uses exactly). */
static bool integer_in(const cJSON *item, int64_t min, int64_t max, int64_t *out)
{
    if (!cJSON_IsNumber(item))
        return false;
    double d = item->valuedouble;
    if (!(d >= (double)min && d <= (double)max) || d != (double)(int64_t)d)
        return false;
    *out = (int64_t)d;
    return true;
}

bool wire_read_version(const cJSON *obj, const char *path, const char *who, char *reason,
                       size_t size)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, "v");
    char what[48];
    int64_t v;
    if (!item)
        return wire_fail(reason, size, "%s.v: missing (the protocol version, %d)", path,
                         WIRE_VERSION);
    if (integer_in(item, WIRE_VERSION + 1, INT32_MAX, &v))
        return wire_fail(reason, size, "%s.v: version %lld is newer than this %s understands (%d)",
                         path, (long long)v, who, WIRE_VERSION);
    if (!integer_in(item, WIRE_VERSION, WIRE_VERSION, &v)) {
        wire_describe(item, what, sizeof what);
        return wire_fail(reason, size, "%s.v: must be the integer %d, not %s", path, WIRE_VERSION,
                         what);
    }
    return true;
}

bool wire_read_int(const cJSON *obj, const char *path, const char *key, int64_t min, int64_t max,
                   int64_t *out, char *reason, size_t size)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    char what[48];
    if (!item)
        return wire_fail(reason, size, "%s.%s: missing", path, key);
    if (!integer_in(item, min, max, out)) {
        wire_describe(item, what, sizeof what);
        return wire_fail(reason, size, "%s.%s: must be an integer %lld..%lld, not %s", path, key,
                         (long long)min, (long long)max, what);
    }
    return true;
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Whether s (its length len) follows rule within max bytes. */
static bool string_follows(const char *s, size_t len, wire_string_rule rule, size_t max)
{
    if (len == 0 || len > max)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool ok;
        switch (rule) {
        case WIRE_STRING_NAME:
            ok = is_alnum(c) || (i > 0 && (c == '.' || c == '_' || c == '-'));
            break;
        case WIRE_STRING_LANG:
            ok = is_alnum(c) || (i > 0 && c == '-');
            break;
        case WIRE_STRING_ID:
            ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            break;
        default: /* LABEL: any UTF-8 (checked on arrival) but control characters */
            ok = (unsigned char)c >= 0x20 && c != 0x7f;
            break;
        }
        if (!ok)
            return false;
    }
    return rule != WIRE_STRING_ID || len == WIRE_ID_HEX - 1;
}

bool wire_string_check(const cJSON *item, const char *path, wire_string_rule rule,
                       size_t out_size, char *reason, size_t size)
{
    size_t max = out_size - 1;
    if (rule == WIRE_STRING_NAME && max > WIRE_NAME_MAX - 1)
        max = WIRE_NAME_MAX - 1;
    if (cJSON_IsString(item) &&
        string_follows(item->valuestring, strlen(item->valuestring), rule, max))
        return true;
    char what[48];
    wire_describe(item, what, sizeof what);
    switch (rule) {
    case WIRE_STRING_NAME:
        return wire_fail(reason, size,
                         "%s: must be a name (1..%zu of a-z A-Z 0-9 . _ -, starting with a "
                         "letter or digit), not %s", path, max, what);
    case WIRE_STRING_LANG:
        return wire_fail(reason, size,
                         "%s: must be a language code (1..%zu of a-z A-Z 0-9 -), not %s", path,
                         max, what);
    case WIRE_STRING_ID:
        return wire_fail(reason, size, "%s: must be 32 lower-case hex digits, not %s", path,
                         what);
    default:
        return wire_fail(reason, size,
                         "%s: must be a string of 1..%zu bytes without control characters, "
                         "not %s", path, max, what);
    }
}

bool wire_key_check(const cJSON *member, const char *path, char *reason, size_t size)
{
    char what[48];
    if (string_follows(member->string, strlen(member->string), WIRE_STRING_NAME,
                       WIRE_NAME_MAX - 1))
        return true;
    printable(member->string, what, sizeof what);
    return wire_fail(reason, size,
                     "%s: the key \"%s\" must be a name (1..%d of a-z A-Z 0-9 . _ -, starting "
                     "with a letter or digit)", path, what, WIRE_NAME_MAX - 1);
}

bool wire_read_string(const cJSON *obj, const char *path, const char *key, wire_string_rule rule,
                      char *out, size_t out_size, char *reason, size_t size)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    char field[WIRE_TOPIC_MAX];
    snprintf(field, sizeof field, "%s.%s", path, key);
    if (!item)
        return wire_fail(reason, size, "%s: missing", field);
    if (!wire_string_check(item, field, rule, out_size, reason, size))
        return false;
    snprintf(out, out_size, "%s", item->valuestring);
    return true;
}
