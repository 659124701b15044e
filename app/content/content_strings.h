/* content_strings.h -- the kiosk's UI strings: the table of every key a
 * pack's strings.json may hold, and the reader of that file.
 *
 * The table is the contract between the UI code (which asks for strings by
 * key with content_ui()) and content editors (who translate each one). A
 * pack missing a required key, or carrying a key the kiosk does not use (a
 * typo), is refused; optional keys (admin screen labels, which have English
 * defaults in the UI) are checked only when present. assets/README.md lists
 * the same table for editors. A new string the UI needs is a new row here.
 *
 * Ownership: the table is static and borrowed. The reader writes owned
 * strings into the pack (see content_json.h).
 */
#ifndef SR_CONTENT_STRINGS_H
#define SR_CONTENT_STRINGS_H

#include <stdbool.h>

#include <cJSON.h>

#include "../core/content.h"
#include "content_json.h"

typedef struct content_string_spec {
    const char *key;         /* "still_there_body" */
    bool optional;           /* the UI has a default; a pack may leave it out */
    int max_chars;           /* CONTENT_LIMIT_UI, _UI_BUTTON or _UI_BODY */
    const char *placeholder; /* "{seconds}" that every translation must hold, or NULL */
    const char *purpose;     /* one line: where the kiosk shows it */
} content_string_spec;

/* The table of UI strings, required ones first; *count gets its length. */
const content_string_spec *content_strings_table(int *count);

/* The spec of key, or NULL when the kiosk has no such string. */
const content_string_spec *content_strings_find(const char *key);

/* Reads and checks strings.json (root, already parsed) into pack->strings:
 * every table key present, no other key, every placeholder right. */
void content_strings_read(content_json *reader, const cJSON *root, content_pack *pack);

#endif
