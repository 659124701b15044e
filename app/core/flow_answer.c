/* flow_answer.c -- what goes into an answer and what it leads to: the
 * follow-up questions (the FOLLOWUP state's handler), free text cut on a
 * character boundary, and the toolkit items suggested after a low score.
 *
 * The follow-ups are optional: chips toggle, free text replaces the last
 * text, "next" and "skip" move on, "done" finishes early and "back" goes one
 * question back (from the first, back to the faces, taking the score back).
 * A follow-up counts as answered only when something is chosen or typed as
 * the person leaves it, so what is committed is exactly what was given
 * (invariants 4 and 5, and the rule for suggestions, are at the top of
 * flow.c). Nothing here commits: finishing goes through flow_finish().
 */
#include "flow.h"
#include "flow_internal.h"

#include <string.h>

/* ---- the answer -------------------------------------------------------- */

static const content_question *current_question(const flow *f)
{
    return &f->pack->questions[f->question];
}

void flow_answer_clear_question(flow_answer *answer, int q)
{
    answer->chosen[q] = 0;
    answer->answered[q] = false;
    answer->text[q][0] = '\0';
}

void flow_answer_clear(flow_answer *answer, int lang)
{
    memset(answer, 0, sizeof *answer);
    answer->score_option = -1;
    answer->lang = lang;
}

bool flow_answer_has_content(const flow_answer *answer, int q)
{
    return answer->chosen[q] != 0 || answer->text[q][0] != '\0';
}

/* ---- free text --------------------------------------------------------- */

/* Copies at most max_chars code points of src into dst (cap bytes with the
 * NUL), never cutting a multibyte sequence: a character is a lead byte and
 * the continuation bytes after it, and is copied whole or not at all. */
static void utf8_copy_truncated(char *dst, size_t cap, const char *src, int max_chars)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t out = 0;
    for (int chars = 0; *s && chars < max_chars; chars++) {
        size_t len = 1;
        while (s[len] && (s[len] & 0xC0) == 0x80)
            len++;
        if (out + len >= cap)
            break;
        memcpy(dst + out, s, len);
        out += len;
        s += len;
    }
    dst[out] = '\0';
}

int flow_text_max_chars(const content_question *question)
{
    int max = question->max_length;
    return max < 1 || max > CONTENT_TEXT_MAX_LENGTH ? CONTENT_TEXT_MAX_LENGTH : max;
}

/* ---- the follow-up questions ------------------------------------------- */

/* Emptied after an earlier "next" (came back, took the chips off): no longer
 * answered (invariant 4). Whether it is answered again is decided when the
 * person leaves the question. */
static void followup_edited(flow *f)
{
    if (!flow_answer_has_content(&f->answer, f->question))
        f->answer.answered[f->question] = false;
}

static flow_action followup_toggle(flow *f, int option, sr_status *status)
{
    const content_question *question = current_question(f);
    if (question->type != QUESTION_MULTI)
        return flow_ignore(status, SR_E_STATE);
    if (option < 0 || option >= question->n_options || option >= 32)
        return flow_ignore(status, SR_E_INVALID);
    f->answer.chosen[f->question] ^= 1u << option;
    followup_edited(f);
    return FLOW_ACT_REDRAW;
}

static flow_action followup_text(flow *f, const char *text, sr_status *status)
{
    const content_question *question = current_question(f);
    if (question->type != QUESTION_TEXT)
        return flow_ignore(status, SR_E_STATE);
    if (!text)
        return flow_ignore(status, SR_E_INVALID);
    utf8_copy_truncated(f->answer.text[f->question], sizeof f->answer.text[f->question], text,
                        flow_text_max_chars(question));
    followup_edited(f);
    return FLOW_ACT_REDRAW;
}

/* NEXT and SKIP: on to the next follow-up, or finish after the last. */
static flow_action followup_advance(flow *f, bool skip)
{
    int q = f->question;
    if (skip)
        flow_answer_clear_question(&f->answer, q);
    f->answer.answered[q] = flow_answer_has_content(&f->answer, q);
    if (q + 1 >= f->pack->n_questions)
        return flow_finish(f);
    f->question = q + 1;
    return FLOW_ACT_REDRAW;
}

static flow_action followup_done(flow *f)
{
    int q = f->question;
    f->answer.answered[q] = flow_answer_has_content(&f->answer, q);
    for (int later = q + 1; later < f->pack->n_questions; later++)
        f->answer.answered[later] = false; /* flow_finish() empties them */
    return flow_finish(f);
}

static flow_action followup_back(flow *f)
{
    if (f->question > 1) {
        f->question--;
        return FLOW_ACT_REDRAW;
    }
    /* Back to the faces: the score is taken back so another can be picked. */
    f->answer.score_option = -1;
    f->answer.score = 0;
    f->answer.answered[0] = false;
    f->question = 0;
    f->state = FLOW_CHECKIN;
    return FLOW_ACT_REDRAW;
}

flow_action flow_handle_followup(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    (void)now;
    switch (ev->type) {
    case FLOW_EV_TOGGLE: return followup_toggle(f, ev->arg, status);
    case FLOW_EV_TEXT: return followup_text(f, ev->text, status);
    case FLOW_EV_NEXT: return followup_advance(f, false);
    case FLOW_EV_SKIP: return followup_advance(f, true);
    case FLOW_EV_DONE: return followup_done(f);
    case FLOW_EV_BACK: return followup_back(f);
    case FLOW_EV_LANGUAGE: return flow_on_language(f, ev->arg, status);
    case FLOW_EV_TOUCH: return FLOW_ACT_NONE;
    default: return flow_ignore(status, SR_E_STATE);
    }
}

/* ---- suggestions after a low score ------------------------------------- */

static bool item_helps_with(const content_item *item, const char *option_id)
{
    for (int h = 0; h < item->n_helps && h < CONTENT_MAX_HELPS; h++)
        if (strcmp(item->helps_with[h], option_id) == 0)
            return true;
    return false;
}

/* Does the item help with any option chosen in a follow-up? */
static bool item_matches_followups(const flow *f, const content_item *item)
{
    for (int q = 1; q < f->pack->n_questions; q++) {
        const content_question *question = &f->pack->questions[q];
        for (int o = 0; o < question->n_options; o++)
            if ((f->answer.chosen[q] >> o & 1u) && item_helps_with(item, question->options[o].id))
                return true;
    }
    return false;
}

bool flow_suggested(const flow *f, int item)
{
    for (int i = 0; i < f->n_suggestions; i++)
        if (f->suggestions[i] == item)
            return true;
    return false;
}

/* One pass in file order: adds the non-urgent items that match. */
static void suggest_pass(flow *f, bool by_followups)
{
    const content_pack *pack = f->pack;
    const char *score_id = pack->questions[0].options[f->answer.score_option].id;
    for (int i = 0; i < pack->n_items && f->n_suggestions < FLOW_MAX_SUGGESTIONS - 1; i++) {
        const content_item *item = &pack->items[i];
        if (item->urgent || flow_suggested(f, i))
            continue;
        bool match = by_followups ? item_matches_followups(f, item)
                                  : item_helps_with(item, score_id);
        if (match)
            f->suggestions[f->n_suggestions++] = i;
    }
}

void flow_suggestions_compute(flow *f)
{
    f->n_suggestions = 0;
    if (f->answer.score > f->config->low_score_max)
        return;
    suggest_pass(f, true);
    suggest_pass(f, false);
    for (int i = 0; i < f->pack->n_items; i++) {
        if (f->pack->items[i].urgent) {
            f->suggestions[f->n_suggestions++] = i;
            break;
        }
    }
}
