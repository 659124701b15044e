/* ui_pointer.h -- turns presses and releases into taps on targets.
 *
 * The same rules for a finger, the mouse and a script:
 *   - a tap counts on RELEASE, and only when the release is inside the
 *     same target as the press (slide off a button to cancel it);
 *   - a press that starts within UI_POINTER_SETTLE_MS of the screen
 *     changing is ignored, so the second tap of a double tap never lands on
 *     whatever the first tap brought up (no second answer, no stray chip);
 *   - how long the press was held is reported (the admin corner's long
 *     press is measured on release);
 *   - a press that hits no target, or is cancelled, is still a touch
 *     (it keeps the idle timer from running out under someone's finger).
 *
 * Ownership: a ui_pointer is a plain value; frames are borrowed per call.
 */
#ifndef SR_UI_POINTER_H
#define SR_UI_POINTER_H

#include <stdbool.h>
#include <stdint.h>

#include "ui_frame.h"

#define UI_POINTER_SETTLE_MS 350

typedef struct ui_pointer {
    int settle_ms;           /* UI_POINTER_SETTLE_MS; 0 for scripts (see script.h) */
    bool down;
    char pressed[UI_ID_MAX]; /* the target under the press ("" none) */
    int64_t down_at;
    int64_t settle_until;    /* presses before this are ignored */
} ui_pointer;

typedef enum ui_tap_kind {
    UI_TAP_NONE,   /* nothing happened (ignored press, or no press) */
    UI_TAP_TOUCH,  /* a touch that hit no target or was cancelled */
    UI_TAP_TARGET  /* target was tapped */
} ui_tap_kind;

typedef struct ui_tap {
    ui_tap_kind kind;
    ui_target target; /* UI_TAP_TARGET: a copy of the target tapped */
    int64_t held_ms;
} ui_tap;

/* No press, settle time UI_POINTER_SETTLE_MS. */
void ui_pointer_reset(ui_pointer *pointer);

/* A finger or button went down at (x, y). Returns false if ignored. */
bool ui_pointer_press(ui_pointer *pointer, const ui_frame *frame, int x, int y, int64_t now);

/* It came up at (x, y): what, if anything, was tapped. */
ui_tap ui_pointer_release(ui_pointer *pointer, const ui_frame *frame, int x, int y, int64_t now);

/* The screen now shows something else: start the settle time. */
void ui_pointer_screen_changed(ui_pointer *pointer, int64_t now);

#endif
