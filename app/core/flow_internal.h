/* flow_internal.h -- what the flow's files share with each other, and with
 * nobody else. The flow is one state machine in five files: flow.c (the
 * design notes, the sessions and most states), flow_answer.c (the follow-up
 * questions and the suggestions), flow_admin.c (the hidden admin entry),
 * flow_timers.c (flow_tick and the deadlines) and flow_check.c (the
 * invariants listed at the top of flow.c). Everything here works on a flow
 * the caller already holds; none of it checks its arguments beyond what the
 * state machine guarantees.
 */
#ifndef SR_FLOW_INTERNAL_H
#define SR_FLOW_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "flow.h"

/* ---- flow.c: configuration, clamped on read (the config is borrowed) --- */

int64_t flow_idle_timeout_ms(const flow *f);
int64_t flow_still_there_ms(const flow *f);
int64_t flow_pin_lockout_ms(const flow *f);

/* ---- flow.c: readings and transitions the other files use -------------- */

/* t + ms without overflow: a huge configured time means "never". */
int64_t flow_after(int64_t t, int64_t ms);

/* The pack's default language, clamped to a real one. */
int flow_default_lang(const content_pack *pack);

/* The state under a STILL_THERE prompt, else the state itself. */
flow_state flow_underlying_state(const flow *f);

/* A score has been given and not yet committed (an answer could be lost). */
bool flow_answer_pending(const flow *f);

/* Refuses an event: sets *status to why and returns FLOW_ACT_NONE. */
flow_action flow_ignore(sr_status *status, sr_status why);

/* Back to IDLE, ending the session completely (answer, language, PIN). */
flow_action flow_session_end(flow *f);

/* An answer that could not be saved is given up: counted, then IDLE. */
flow_action flow_save_abandon(flow *f);

/* Empties the unanswered follow-ups and enters SAVING; the only source of
 * FLOW_ACT_COMMIT (invariant 11). */
flow_action flow_finish(flow *f);

/* The LANGUAGE event, the same in every state that accepts it. */
flow_action flow_on_language(flow *f, int lang, sr_status *status);

/* ---- flow_answer.c ------------------------------------------------------ */

/* An empty answer (no score) in language lang. */
void flow_answer_clear(flow_answer *answer, int lang);

/* Follow-up q of the answer: nothing chosen, typed or answered. */
void flow_answer_clear_question(flow_answer *answer, int q);

/* Follow-up q of the answer has something chosen or typed. */
bool flow_answer_has_content(const flow_answer *answer, int q);

/* The most characters a text question keeps. */
int flow_text_max_chars(const content_question *question);

/* The FOLLOWUP state's event handler. */
flow_action flow_handle_followup(flow *f, const flow_event *ev, int64_t now, sr_status *status);

/* Fills f->suggestions for the answer just committed (none unless low). */
void flow_suggestions_compute(flow *f);

/* Is item one of f's suggestions? */
bool flow_suggested(const flow *f, int item);

/* ---- flow_admin.c ------------------------------------------------------- */

/* Forgets the PIN typed so far. */
void flow_pin_clear(flow *f);

/* The CORNER_HOLD event on the check-in screen: opens the PIN pad. */
flow_action flow_on_corner_hold(flow *f, int held_ms, int64_t now, sr_status *status);

/* The ADMIN_PIN and ADMIN states' event handlers. */
flow_action flow_handle_admin_pin(flow *f, const flow_event *ev, int64_t now, sr_status *status);
flow_action flow_handle_admin(flow *f, const flow_event *ev, int64_t now, sr_status *status);

#endif
