/* content_json.h -- checked reading of one parsed JSON file of a content
 * pack (internal to app/content).
 *
 * Every getter takes the JSON path of the object it reads from, reports a
 * problem (file, path.key, reason) into the reader's report when the value
 * is missing, of the wrong type, out of bounds or not valid UTF-8, and
 * returns "nothing" (NULL / false) so the caller carries on with the next
 * field. Nothing here stops at the first problem: that is the point.
 *
 * Ownership: a content_json reader borrows its report and file name. The
 * texts it reads into a content_text are strdup'ed; the content_text (and
 * so the pack holding it) owns them.
 */
#ifndef SR_CONTENT_JSON_H
#define SR_CONTENT_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "../core/content.h"
#include "content_load.h"

#define CONTENT_PATH_MAX 128

typedef struct content_json {
    content_report *report;
    const char *file;          /* "toolkit.json", for every problem */
    int n_langs;               /* 0 while pack.json's languages are unknown */
    char lang_code[CONTENT_MAX_LANGS][CONTENT_LANG_CODE_MAX];
    bool nomem;                /* an allocation failed: the load must fail */
} content_json;

/* Flags for content_json_text(). */
enum {
    CONTENT_TEXT_REQUIRED = 1 << 0,  /* missing is a problem (else: all NULL) */
    CONTENT_TEXT_MULTILINE = 1 << 1  /* may contain line breaks */
};

/* out = parent + "." + key / parent + "[" + index + "]" (cut to fit). */
void content_json_path_key(char out[CONTENT_PATH_MAX], const char *parent, const char *key);
void content_json_path_index(char out[CONTENT_PATH_MAX], const char *parent, int index);

/* Reports a problem at path in the reader's file (printf-style). */
void content_json_problem(content_json *reader, const char *path, const char *reason_format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Checks that obj (at path) has no key outside allowed (NULL-terminated)
 * and no key twice. Unknown keys are reported with the closest allowed key
 * when one is close ("did you mean"). */
void content_json_keys(content_json *reader, const cJSON *obj, const char *path,
                       const char *const allowed[]);

/* obj[key] when it is present and an object / array with min..max
 * elements; NULL (and a problem when required, or when present but wrong). */
const cJSON *content_json_object(content_json *reader, const cJSON *obj, const char *path,
                                 const char *key, bool required);
const cJSON *content_json_array(content_json *reader, const cJSON *obj, const char *path,
                                const char *key, bool required, int min, int max);

/* obj[key] as a string of 1..max_chars characters, valid UTF-8 without
 * control characters. Borrowed from the cJSON tree. */
const char *content_json_string(content_json *reader, const cJSON *obj, const char *path,
                                const char *key, bool required, int max_chars);

/* obj[key] as an integer in min..max. Returns false when absent or bad. */
bool content_json_int(content_json *reader, const cJSON *obj, const char *path, const char *key,
                      bool required, int min, int max, int *out);

/* obj[key] as true/false; *out unchanged when absent. */
bool content_json_bool(content_json *reader, const cJSON *obj, const char *path, const char *key,
                       bool required, bool *out);

/* obj[key] as an id ([a-z0-9-], 1..31) copied into out (always terminated,
 * "" when absent or bad). */
bool content_json_id(content_json *reader, const cJSON *obj, const char *path, const char *key,
                     char out[CONTENT_ID_MAX]);

/* Checks value (an element at path, e.g. of helps_with) as an id. */
bool content_json_id_value(content_json *reader, const cJSON *value, const char *path,
                           char out[CONTENT_ID_MAX]);

/* obj[key] as a text in every language of the pack: an object with one
 * non-empty string per language code, no other keys, each at most
 * max_chars characters. Fills out (owned strings) when the reader knows the
 * languages. Returns true when the text is good. */
bool content_json_text(content_json *reader, const cJSON *obj, const char *path, const char *key,
                       int max_chars, int flags, content_text *out);

/* Counts the characters (code points) of s[0..len), or returns -1 and sets
 * *bad_at to the byte offset of the first byte that is not valid UTF-8
 * (overlong forms, surrogates and values past U+10FFFF are invalid). */
long content_json_utf8_length(const char *s, size_t len, size_t *bad_at);

/* Copies s[0..len) into out for printing inside a reason: valid UTF-8
 * kept, control characters and invalid bytes shown as '?', cut short with
 * "..." to fit out_size (which must be at least 8). */
void content_json_quote(char *out, size_t out_size, const char *s, size_t len);

/* The candidate closest to word by edit distance, if close enough to be a
 * likely typo; else NULL. Borrowed from candidates. */
const char *content_json_closest(const char *word, const char *const candidates[], int n);

/* True when s is a valid id: [a-z0-9-]{1,31}. */
bool content_json_is_id(const char *s);

#endif
