/* content_match.h -- does a decoded answer fit the content pack?
 *
 * wire_answer_decode() knows the shape of an answer message; whether its
 * question set, options, follow-ups and toolkit item exist is a question for
 * the content the kiosks run, and the collector asks it here:
 *
 *   check-in   question_set is the pack's; option is an option of the
 *              check-in (first) question and score is that option's value;
 *              every follow-up is a multiple-choice question of the set and
 *              every chosen option one of its options; every text answers a
 *              free-text question and is no longer than it allows
 *   count      item is a toolkit item of the pack
 *
 * content_version is deliberately not compared: kiosks still running an
 * older pack are normal, and their answers are good as long as the ids they
 * name still exist.
 *
 * Ownership: everything is borrowed for the call.
 */
#ifndef SR_CONTENT_MATCH_H
#define SR_CONTENT_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/content.h"
#include "wire/wire.h"

/* True when the answer fits the pack; otherwise false with one reason
 * naming the field ("$.body.option: 'great' is not an option of question
 * 'shift'"). */
bool content_match_answer(const content_pack *pack, const wire_answer *answer, char *reason,
                          size_t reason_size);

#endif
