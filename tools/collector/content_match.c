/* content_match.c -- checking an answer's ids against the content pack (see
 * content_match.h). Packs are small (at most 8 questions of 16 options, 64
 * items), so every lookup is a plain scan.
 */
#include "content_match.h"

#include <stdio.h>
#include <string.h>

static const content_question *find_question(const content_pack *pack, const char *id)
{
    for (int q = 0; q < pack->n_questions; q++)
        if (strcmp(pack->questions[q].id, id) == 0)
            return &pack->questions[q];
    return NULL;
}

static const content_option *find_option(const content_question *q, const char *id)
{
    for (int o = 0; o < q->n_options; o++)
        if (strcmp(q->options[o].id, id) == 0)
            return &q->options[o];
    return NULL;
}

/* Unicode code points in valid UTF-8 text: every byte that does not
 * continue a sequence starts a character. */
static size_t utf8_length(const char *text)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        n += (*p & 0xc0) != 0x80;
    return n;
}

static bool match_checkin(const content_pack *pack, const wire_answer *a, char *reason,
                          size_t size)
{
    const content_question *checkin = &pack->questions[0];
    const content_option *option = find_option(checkin, a->option);
    if (!option) {
        snprintf(reason, size, "$.body.option: '%s' is not an option of question '%s'", a->option,
                 checkin->id);
        return false;
    }
    if (option->value != a->score) {
        snprintf(reason, size, "$.body.score: %d does not match option '%s' (score %d)", a->score,
                 option->id, option->value);
        return false;
    }
    return true;
}

static bool match_followups(const content_pack *pack, const wire_answer *a, char *reason,
                            size_t size)
{
    for (int i = 0; i < a->n_choices; i++) {
        const wire_choice *c = &a->choices[i];
        const content_question *q = find_question(pack, c->question);
        if (!q || q == &pack->questions[0] || q->type != QUESTION_MULTI) {
            snprintf(reason, size, "$.body.followups.%s: question set '%s' has no such "
                     "multiple-choice question", c->question, pack->question_set_id);
            return false;
        }
        if (!find_option(q, c->option)) {
            snprintf(reason, size, "$.body.followups.%s: '%s' is not an option of question '%s'",
                     c->question, c->option, q->id);
            return false;
        }
    }
    for (int i = 0; i < a->n_texts; i++) {
        const wire_text *t = &a->texts[i];
        const content_question *q = find_question(pack, t->question);
        if (!q || q->type != QUESTION_TEXT) {
            snprintf(reason, size, "$.body.text.%s: question set '%s' has no such free-text "
                     "question", t->question, pack->question_set_id);
            return false;
        }
        size_t length = utf8_length(t->text);
        if (length > (size_t)q->max_length) {
            snprintf(reason, size, "$.body.text.%s: %zu characters; the question allows %d",
                     t->question, length, q->max_length);
            return false;
        }
    }
    return true;
}

bool content_match_answer(const content_pack *pack, const wire_answer *a, char *reason,
                          size_t size)
{
    if (a->kind == WIRE_KIND_USE) {
        if (content_item_index(pack, a->item) >= 0)
            return true;
        snprintf(reason, size, "$.body.item: '%s' is not a toolkit item of content pack %s",
                 a->item, pack->version);
        return false;
    }
    if (strcmp(a->question_set, pack->question_set_id) != 0) {
        snprintf(reason, size, "$.body.question_set: unknown question set '%s' (this collector "
                 "knows '%s')", a->question_set, pack->question_set_id);
        return false;
    }
    if (pack->n_questions < 1) {
        snprintf(reason, size, "$.body.question_set: the collector's pack has no questions");
        return false;
    }
    return match_checkin(pack, a, reason, size) && match_followups(pack, a, reason, size);
}
