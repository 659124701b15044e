/* ui_problem.h -- a full-screen notice for a kiosk that cannot start: a
 * title, a sentence, a few labelled facts and what to do about it.
 *
 * It is what a technician sees instead of a black screen when the kiosk's
 * configuration is refused (app/kiosk/kiosk_problem.h supplies the words:
 * file, line, key, reason). It needs no content pack -- there may be none
 * -- so every string comes from the caller, and it has no touch targets:
 * nothing on the screen can fix the problem.
 *
 * Layout: designed, like every screen, for 800x480 logical pixels and
 * scaled (ui_theme.h); the facts sit beside their labels in landscape and
 * under them in portrait. The whole notice is shrunk step by step until it
 * fits, then any text that still does not is recorded in the frame
 * (overflow_count), as on every screen.
 *
 * Ownership: every input is borrowed for the call; strings are copied into
 * the caller's frame, whose state is FLOW_STATE_COUNT (not a flow screen).
 */
#ifndef SR_UI_PROBLEM_H
#define SR_UI_PROBLEM_H

#include <stdbool.h>

#include "ui_frame.h"
#include "ui_text.h"

#define UI_PROBLEM_FACTS_MAX 6

typedef struct ui_problem_fact {
    const char *label;   /* "File" */
    const char *value;   /* "/boot/firmware/staffroom-kiosk.ini" */
    bool alert;          /* drawn as an error (the reason itself) */
} ui_problem_fact;

typedef struct ui_problem {
    const char *title;   /* "Configuration problem" */
    const char *summary; /* one or two sentences under the title; may be NULL */
    int n_facts;
    ui_problem_fact facts[UI_PROBLEM_FACTS_MAX];
    const char *action;  /* what to do, in a notice at the bottom; may be NULL */
    const char *footer;  /* small print (program, version); may be NULL */
} ui_problem;

/* Builds the notice for a width x height screen, text measured by measure. */
void ui_problem_build(ui_frame *frame, const ui_problem *problem, const ui_measure *measure,
                      int width, int height);

#endif
