/* flow_check.c -- flow_check(): asserts the invariants numbered at the top
 * of flow.c after every event and tick (a no-op under NDEBUG). Kept apart
 * from flow.c so the state machine reads on its own; the numbers in the
 * comments refer to that list.
 */
#include <assert.h>
#include <string.h>

#include "flow.h"
#include "flow_internal.h"

#ifndef NDEBUG
/* The helpers below only serve the checks. */

static bool is_toolkit_state(flow_state s)
{
    return s == FLOW_TOOLKIT || s == FLOW_CATEGORY || s == FLOW_ITEM;
}

/* After a commit: THANKS, or the toolkit opened from it. */
static bool committed_state(const flow *f)
{
    flow_state s = flow_underlying_state(f);
    return s == FLOW_THANKS || (is_toolkit_state(s) && f->toolkit_return == FLOW_THANKS);
}

static int utf8_length(const char *text)
{
    int chars = 0;
    for (const unsigned char *s = (const unsigned char *)text; *s; s++)
        chars += (*s & 0xC0) != 0x80;
    return chars;
}

static void check_answer(const flow *f)
{
    const content_pack *pack = f->pack;
    const flow_answer *a = &f->answer;
    bool has_score = a->score_option >= 0;
    bool finished = flow_underlying_state(f) == FLOW_SAVING || flow_underlying_state(f) == FLOW_SAVE_FAILED ||
                    committed_state(f);
    assert(has_score == (flow_answer_pending(f) || committed_state(f)));            /* 3 */
    assert(a->answered[0] == has_score);
    if (has_score) {
        assert(a->score_option < pack->questions[0].n_options);
        assert(a->score == pack->questions[0].options[a->score_option].value);
        assert(a->lang >= 0 && a->lang < pack->n_langs);
    }
    assert(a->chosen[0] == 0 && a->text[0][0] == '\0');
    for (int q = 1; q < pack->n_questions; q++) {
        const content_question *question = &pack->questions[q];
        assert(question->type == QUESTION_MULTI || a->chosen[q] == 0);             /* 4 */
        assert(question->n_options >= 32 || (a->chosen[q] >> question->n_options) == 0);
        assert(question->type == QUESTION_TEXT || a->text[q][0] == '\0');
        assert(utf8_length(a->text[q]) <= flow_text_max_chars(question));
        assert(!a->answered[q] || flow_answer_has_content(a, q));
        assert(!finished || a->answered[q] == flow_answer_has_content(a, q));          /* 5 */
    }
}

static void check_suggestions(const flow *f)
{
    assert(f->n_suggestions >= 0 && f->n_suggestions <= FLOW_MAX_SUGGESTIONS);  /* 10 */
    assert(f->n_suggestions == 0 || committed_state(f));
    for (int i = 0; i < f->n_suggestions; i++) {
        int item = f->suggestions[i];
        assert(item >= 0 && item < f->pack->n_items);
        assert(!f->pack->items[item].urgent || i == f->n_suggestions - 1);
        for (int j = 0; j < i; j++)
            assert(f->suggestions[j] != item);
    }
    if (f->n_suggestions == FLOW_MAX_SUGGESTIONS)
        assert(f->pack->items[f->suggestions[FLOW_MAX_SUGGESTIONS - 1]].urgent);
}

static void check_toolkit(const flow *f)
{
    flow_state s = flow_underlying_state(f);
    if (is_toolkit_state(s))                                                       /* 7 */
        assert(f->toolkit_return == FLOW_IDLE || f->toolkit_return == FLOW_CHECKIN ||
               f->toolkit_return == FLOW_THANKS);
    if (s == FLOW_CATEGORY || s == FLOW_ITEM)
        assert(f->category >= 0 && f->category < f->pack->n_categories);
    if (s == FLOW_ITEM)
        assert(f->item >= 0 && f->item < f->pack->n_items &&
               f->pack->items[f->item].category == f->category);
    if (f->item_from_thanks)
        assert(s == FLOW_ITEM && f->toolkit_return == FLOW_THANKS);
}
#endif

void flow_check(const flow *f)
{
#ifndef NDEBUG
    assert(f && f->pack && f->config);
    assert((int)f->state >= 0 && f->state < FLOW_STATE_COUNT);                    /* 1 */
    assert(f->lang >= 0 && f->lang < f->pack->n_langs);
    if (f->state == FLOW_IDLE)                                                     /* 2 */
        assert(f->answer.score_option == -1 && f->lang == flow_default_lang(f->pack) &&
               f->pin[0] == '\0' && f->n_suggestions == 0 && !f->item_from_thanks);
    check_answer(f);
    if (flow_underlying_state(f) == FLOW_FOLLOWUP)                                      /* 6 */
        assert(f->question >= 1 && f->question < f->pack->n_questions);
    check_toolkit(f);
    if (f->state == FLOW_STILL_THERE)                                              /* 8 */
        assert(f->interrupted == FLOW_CHECKIN || f->interrupted == FLOW_FOLLOWUP ||
               is_toolkit_state(f->interrupted));
    size_t pin_len = strnlen(f->pin, sizeof f->pin);                               /* 9 */
    assert(pin_len <= FLOW_PIN_MAX && (pin_len == 0 || f->state == FLOW_ADMIN_PIN));
    for (size_t i = 0; i < pin_len; i++)
        assert(f->pin[i] >= '0' && f->pin[i] <= '9');
    assert(f->pin_failures >= 0 && f->pin_failures < FLOW_PIN_MAX_ATTEMPTS);
    check_suggestions(f);
    assert(f->commits >= 0 && f->discards >= 0);
#else
    (void)f;
#endif
}
