/* content_validate.h -- the rules of pack.json, questions.json and
 * toolkit.json (internal to app/content; strings.json is content_strings.h).
 *
 * Each reader checks one parsed file completely, reports every problem
 * through the content_json reader, and fills its part of the pack as it
 * goes. The pack is only handed to a caller when no file had a problem, so
 * a half-filled pack never escapes (content_load.c frees it).
 *
 * Order matters: pack.json first (its languages are how every text is
 * checked), then questions.json (its option ids are what toolkit items'
 * helps_with may name), then toolkit.json.
 *
 * Ownership: the readers write owned strings into the pack.
 */
#ifndef SR_CONTENT_VALIDATE_H
#define SR_CONTENT_VALIDATE_H

#include <stdbool.h>

#include <cJSON.h>

#include "../core/content.h"
#include "content_json.h"

/* pack.json. Returns true when the languages are all good, so the other
 * files can be checked against them (pack->n_langs, lang_code). */
bool content_validate_pack_file(content_json *reader, const cJSON *root, content_pack *pack);

/* questions.json. */
void content_validate_questions(content_json *reader, const cJSON *root, content_pack *pack);

/* toolkit.json. options_known: questions.json was read, so helps_with can
 * be checked against its option ids (else only their form is checked). */
void content_validate_toolkit(content_json *reader, const cJSON *root, content_pack *pack,
                              bool options_known);

#endif
