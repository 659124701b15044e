/* flow_internal.h -- what flow.c shares with flow_check.c, and nobody else.
 * The invariants are listed at the top of flow.c; flow_check.c asserts them
 * and needs a few of flow.c's own readings of the state to do so.
 */
#ifndef SR_FLOW_INTERNAL_H
#define SR_FLOW_INTERNAL_H

#include <stdbool.h>

#include "flow.h"

/* The pack's default language, clamped to a real one. */
int flow_default_lang(const content_pack *pack);

/* The state under a STILL_THERE prompt, else the state itself. */
flow_state flow_underlying_state(const flow *f);

/* A score has been given and not yet committed (an answer could be lost). */
bool flow_answer_pending(const flow *f);

/* Follow-up q of the answer has something chosen or typed. */
bool flow_answer_has_content(const flow_answer *answer, int q);

/* The most characters a text question keeps. */
int flow_text_max_chars(const content_question *question);

#endif
