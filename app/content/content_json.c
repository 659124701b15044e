/* content_json.c -- checked reading of a content pack's JSON (see
 * content_json.h).
 *
 * cJSON parses; this module judges. Its promise is that every value a pack
 * puts on screen has been checked for type, presence, UTF-8 validity,
 * control characters, emptiness and length (in characters, not bytes: a
 * Welsh "ŵ" is one character on screen and two bytes in the file), and that
 * each failed check becomes one problem with a path a person can follow to
 * the spot in the file.
 */
#include "content_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUOTE_MAX 48 /* bytes of a quoted value shown in a reason */

void content_json_path_key(char out[CONTENT_PATH_MAX], const char *parent, const char *key)
{
    int n = snprintf(out, CONTENT_PATH_MAX, "%s.%s", parent, key);
    if (n < 0)
        out[0] = '\0';
}

void content_json_path_index(char out[CONTENT_PATH_MAX], const char *parent, int index)
{
    int n = snprintf(out, CONTENT_PATH_MAX, "%s[%d]", parent, index);
    if (n < 0)
        out[0] = '\0';
}

void content_json_problem(content_json *reader, const char *path, const char *reason_format, ...)
{
    char reason[sizeof ((content_problem *)0)->reason];
    va_list args;
    va_start(args, reason_format);
    vsnprintf(reason, sizeof reason, reason_format, args);
    va_end(args);
    content_report_add(reader->report, reader->file, path, "%s", reason);
}

/* Length in bytes of the valid UTF-8 sequence at s (at most left bytes), or
 * 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *s, size_t left)
{
    unsigned c = s[0];
    size_t need;
    unsigned min, cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2; min = 0x80; cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3; min = 0x800; cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4; min = 0x10000; cp = c & 0x07;
    } else {
        return 0;
    }
    if (left < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

long content_json_utf8_length(const char *s, size_t len, size_t *bad_at)
{
    const unsigned char *p = (const unsigned char *)s;
    long count = 0;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_sequence(p + i, len - i);
        if (n == 0) {
            if (bad_at)
                *bad_at = i;
            return -1;
        }
        i += n;
        count++;
    }
    return count;
}

void content_json_quote(char *out, size_t out_size, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0, room = out_size - 4; /* "..." and the NUL always fit */
    while (i < len) {
        size_t n = utf8_sequence(p + i, len - i);
        if (o + (n ? n : 1) > room) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        if (n == 0 || p[i] < 0x20 || p[i] == 0x7F) {
            out[o++] = '?';
            i += n ? n : 1;
            continue;
        }
        memcpy(out + o, p + i, n);
        o += n;
        i += n;
    }
    out[o] = '\0';
}

/* A user's value inside a reason: cut short, never invalid UTF-8. */
static void quote(char out[QUOTE_MAX + 4], const char *s)
{
    content_json_quote(out, QUOTE_MAX + 4, s, strlen(s));
}

static const char *type_name(const cJSON *value)
{
    if (cJSON_IsString(value))
        return "a string";
    if (cJSON_IsNumber(value))
        return "a number";
    if (cJSON_IsBool(value))
        return "true/false";
    if (cJSON_IsNull(value))
        return "null";
    if (cJSON_IsArray(value))
        return "a list [...]";
    if (cJSON_IsObject(value))
        return "an object {...}";
    return "something else";
}

/* Edit distance counting a swap of two neighbouring letters as one edit
 * ("titel" is one slip from "title"); words past 63 bytes are never close. */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int two_back[64], prev[64], row[64];
    if (la > 63 || lb > 63)
        return 99;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int best = prev[j - 1] + cost;
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                two_back[j - 2] + 1 < best)
                best = two_back[j - 2] + 1;
            row[j] = best;
        }
        memcpy(two_back, prev, (lb + 1) * sizeof row[0]);
        memcpy(prev, row, (lb + 1) * sizeof row[0]);
    }
    return prev[lb];
}

const char *content_json_closest(const char *word, const char *const candidates[], int n)
{
    /* One edit for short words, two for longer ones: "titel" -> "title",
     * but "id" is not a typo of "url". */
    int limit = strlen(word) >= 6 ? 2 : 1;
    const char *best = NULL;
    int best_distance = limit + 1;
    for (int i = 0; i < n; i++) {
        int d = edit_distance(word, candidates[i]);
        if (d < best_distance) {
            best = candidates[i];
            best_distance = d;
        }
    }
    return best;
}

bool content_json_is_id(const char *s)
{
    size_t len = strlen(s);
    if (len < 1 || len >= CONTENT_ID_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

static void report_unknown_key(content_json *reader, const char *path, const char *key,
                               const char *const allowed[])
{
    int n = 0;
    char list[160] = "", quoted[QUOTE_MAX + 4];
    size_t used = 0;
    while (allowed[n]) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", n ? ", " : "", allowed[n]);
        if (w > 0 && used + (size_t)w < sizeof list)
            used += (size_t)w;
        n++;
    }
    quote(quoted, key);
    const char *near = content_json_closest(key, allowed, n);
    if (near)
        content_json_problem(reader, path, "unknown key \"%s\" (did you mean \"%s\"?)", quoted,
                             near);
    else
        content_json_problem(reader, path, "unknown key \"%s\" (expected one of: %s)", quoted,
                             list);
}

void content_json_keys(content_json *reader, const cJSON *obj, const char *path,
                       const char *const allowed[])
{
    char child_path[CONTENT_PATH_MAX];
    for (const cJSON *child = obj ? obj->child : NULL; child; child = child->next) {
        const char *key = child->string ? child->string : "";
        bool known = false;
        for (int i = 0; allowed[i] && !known; i++)
            known = strcmp(allowed[i], key) == 0;
        content_json_path_key(child_path, path, key);
        if (!known)
            report_unknown_key(reader, child_path, key, allowed);
        for (const cJSON *earlier = obj->child; earlier != child; earlier = earlier->next) {
            if (earlier->string && strcmp(earlier->string, key) == 0) {
                content_json_problem(reader, child_path,
                                     "key given twice in one object (only one is allowed)");
                break;
            }
        }
    }
}

/* obj[key], or NULL with a "missing" problem when required. */
static const cJSON *member(content_json *reader, const cJSON *obj, const char *path,
                           const char *key, bool required, const char *what)
{
    const cJSON *value = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (!value && required) {
        char child_path[CONTENT_PATH_MAX];
        content_json_path_key(child_path, path, key);
        content_json_problem(reader, child_path, "missing (%s is required)", what);
    }
    return value;
}

static void wrong_type(content_json *reader, const char *path, const char *key,
                       const char *expected, const cJSON *found)
{
    char child_path[CONTENT_PATH_MAX];
    content_json_path_key(child_path, path, key);
    content_json_problem(reader, child_path, "expected %s, found %s", expected, type_name(found));
}

const cJSON *content_json_object(content_json *reader, const cJSON *obj, const char *path,
                                 const char *key, bool required)
{
    const cJSON *value = member(reader, obj, path, key, required, "an object {...}");
    if (value && !cJSON_IsObject(value)) {
        wrong_type(reader, path, key, "an object {...}", value);
        return NULL;
    }
    return value;
}

const cJSON *content_json_array(content_json *reader, const cJSON *obj, const char *path,
                                const char *key, bool required, int min, int max)
{
    const cJSON *value = member(reader, obj, path, key, required, "a list [...]");
    if (!value)
        return NULL;
    if (!cJSON_IsArray(value)) {
        wrong_type(reader, path, key, "a list [...]", value);
        return NULL;
    }
    int n = cJSON_GetArraySize(value);
    char child_path[CONTENT_PATH_MAX];
    content_json_path_key(child_path, path, key);
    if (n < min)
        content_json_problem(reader, child_path, "too few entries (%d, at least %d)", n, min);
    else if (n > max)
        content_json_problem(reader, child_path,
                             "too many entries (%d, the kiosk holds at most %d)", n, max);
    return value;
}

/* Checks one string value at path: UTF-8, controls, empty, length. */
static bool check_string(content_json *reader, const cJSON *value, const char *path, int max_chars,
                         bool multiline)
{
    if (!cJSON_IsString(value) || !value->valuestring) {
        content_json_problem(reader, path, "expected a string, found %s", type_name(value));
        return false;
    }
    const char *s = value->valuestring;
    size_t bad_at = 0, len = strlen(s);
    long chars = content_json_utf8_length(s, len, &bad_at);
    if (chars < 0) {
        content_json_problem(reader, path, "invalid UTF-8 at byte %zu of the text "
                             "(save the file as UTF-8)", bad_at + 1);
        return false;
    }
    bool blank = true;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' && !multiline) {
            content_json_problem(reader, path, "contains a line break (not allowed here)");
            return false;
        }
        if ((c < 0x20 && c != '\n') || c == 0x7F) {
            content_json_problem(reader, path, "contains a control character (U+%04X)", c);
            return false;
        }
        if (c != ' ' && c != '\n')
            blank = false;
    }
    if (blank) {
        content_json_problem(reader, path, "empty");
        return false;
    }
    if (chars > max_chars) {
        content_json_problem(reader, path, "too long (%ld characters, at most %d)", chars,
                             max_chars);
        return false;
    }
    return true;
}

const char *content_json_string(content_json *reader, const cJSON *obj, const char *path,
                                const char *key, bool required, int max_chars)
{
    const cJSON *value = member(reader, obj, path, key, required, "a string");
    if (!value)
        return NULL;
    char child_path[CONTENT_PATH_MAX];
    content_json_path_key(child_path, path, key);
    return check_string(reader, value, child_path, max_chars, false) ? value->valuestring : NULL;
}

bool content_json_int(content_json *reader, const cJSON *obj, const char *path, const char *key,
                      bool required, int min, int max, int *out)
{
    const cJSON *value = member(reader, obj, path, key, required, "a whole number");
    if (!value)
        return false;
    char child_path[CONTENT_PATH_MAX];
    content_json_path_key(child_path, path, key);
    if (!cJSON_IsNumber(value)) {
        content_json_problem(reader, child_path, "expected a whole number, found %s",
                             type_name(value));
        return false;
    }
    double d = value->valuedouble;
    if (d < min || d > max) {
        content_json_problem(reader, child_path, "out of range (%g, expected %d to %d)", d, min,
                             max);
        return false;
    }
    if ((double)(int)d != d) {
        content_json_problem(reader, child_path, "expected a whole number, found %g", d);
        return false;
    }
    *out = (int)d;
    return true;
}

bool content_json_bool(content_json *reader, const cJSON *obj, const char *path, const char *key,
                       bool required, bool *out)
{
    const cJSON *value = member(reader, obj, path, key, required, "true or false");
    if (!value)
        return false;
    if (!cJSON_IsBool(value)) {
        wrong_type(reader, path, key, "true or false", value);
        return false;
    }
    *out = cJSON_IsTrue(value);
    return true;
}

bool content_json_id_value(content_json *reader, const cJSON *value, const char *path,
                           char out[CONTENT_ID_MAX])
{
    out[0] = '\0';
    if (!cJSON_IsString(value) || !value->valuestring) {
        content_json_problem(reader, path, "expected an id (a string), found %s", type_name(value));
        return false;
    }
    if (!content_json_is_id(value->valuestring)) {
        char quoted[QUOTE_MAX + 4];
        quote(quoted, value->valuestring);
        content_json_problem(reader, path, "not a valid id \"%s\" (use 1 to 31 of a-z, 0-9 and -)",
                             quoted);
        return false;
    }
    memcpy(out, value->valuestring, strlen(value->valuestring) + 1);
    return true;
}

bool content_json_id(content_json *reader, const cJSON *obj, const char *path, const char *key,
                     char out[CONTENT_ID_MAX])
{
    out[0] = '\0';
    const cJSON *value = member(reader, obj, path, key, true, "an id");
    if (!value)
        return false;
    char child_path[CONTENT_PATH_MAX];
    content_json_path_key(child_path, path, key);
    return content_json_id_value(reader, value, child_path, out);
}

/* Language keys of a text that are not languages of the pack, or given
 * twice. */
static void check_text_languages(content_json *reader, const cJSON *text, const char *path)
{
    char child_path[CONTENT_PATH_MAX], list[64] = "", quoted[QUOTE_MAX + 4];
    for (int i = 0; i < reader->n_langs; i++) {
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", reader->lang_code[i]);
    }
    for (const cJSON *child = text->child; child; child = child->next) {
        const char *code = child->string ? child->string : "";
        content_json_path_key(child_path, path, code);
        bool known = false;
        for (int i = 0; i < reader->n_langs; i++)
            known = known || strcmp(reader->lang_code[i], code) == 0;
        quote(quoted, code);
        if (!known)
            content_json_problem(reader, child_path,
                                 "unknown language \"%s\" (this pack's languages are %s)", quoted,
                                 list);
        for (const cJSON *earlier = text->child; earlier != child; earlier = earlier->next)
            if (earlier->string && strcmp(earlier->string, code) == 0) {
                content_json_problem(reader, child_path, "language given twice in one text");
                break;
            }
    }
}

bool content_json_text(content_json *reader, const cJSON *obj, const char *path, const char *key,
                       int max_chars, int flags, content_text *out)
{
    char text_path[CONTENT_PATH_MAX], lang_path[CONTENT_PATH_MAX];
    const cJSON *text = member(reader, obj, path, key, flags & CONTENT_TEXT_REQUIRED,
                               "a text in each language");
    if (!text)
        return !(flags & CONTENT_TEXT_REQUIRED);
    content_json_path_key(text_path, path, key);
    if (!cJSON_IsObject(text)) {
        content_json_problem(reader, text_path, "expected one text per language, like "
                             "{\"en\": \"...\"}, found %s", type_name(text));
        return false;
    }
    bool multiline = flags & CONTENT_TEXT_MULTILINE;
    bool good = true;
    if (reader->n_langs == 0) {
        /* pack.json is broken: still check each text's own shape and length. */
        for (const cJSON *child = text->child; child; child = child->next) {
            content_json_path_key(lang_path, text_path, child->string ? child->string : "");
            good = check_string(reader, child, lang_path, max_chars, multiline) && good;
        }
        return good;
    }
    check_text_languages(reader, text, text_path);
    for (int i = 0; i < reader->n_langs; i++) {
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(text, reader->lang_code[i]);
        content_json_path_key(lang_path, text_path, reader->lang_code[i]);
        if (!value) {
            content_json_problem(reader, lang_path, "missing translation");
            good = false;
            continue;
        }
        if (!check_string(reader, value, lang_path, max_chars, multiline)) {
            good = false;
            continue;
        }
        if (out && !out->s[i] && !(out->s[i] = strdup(value->valuestring)))
            reader->nomem = true;
    }
    return good;
}
