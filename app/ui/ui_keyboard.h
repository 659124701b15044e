/* ui_keyboard.h -- the on-screen keyboard for optional free-text questions.
 *
 * Every key must be a full-size touch target (88 logical px, 16 apart), so a
 * QWERTY row of ten keys cannot fit an 800 px screen. The keyboard is
 * therefore alphabetical and paged: as many keys as fit the space the layout
 * gives it, then a "more" key that shows the next page. Each page also has
 * space and delete. Letters are lower case (a short free-text answer needs
 * no capitals), then the Welsh vowels with a circumflex, digits and a little
 * punctuation.
 *
 * Key target ids: "key-<character>" (key-a, key-ŵ, key-7, key-?),
 * "key-space", "key-delete", "key-more".
 *
 * Ownership: all strings are static.
 */
#ifndef SR_UI_KEYBOARD_H
#define SR_UI_KEYBOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "ui_frame.h"

/* The character keys, in order (each one UTF-8 character). */
int ui_keyboard_key_count(void);
const char *ui_keyboard_key(int index);

/* The id of the key that types ch ("key-a", "key-space"). */
void ui_keyboard_key_id(const char *ch, size_t len, char *out, size_t size);

/* Applies a keyboard target (KEY or KEY_DELETE) to current, writing the
 * result to out: a key appends its character unless the text already has
 * max_chars characters; delete removes the last character. Returns true
 * when the text changed. */
bool ui_keyboard_apply(const ui_target *target, const char *current, int max_chars, char *out,
                       size_t size);

#endif
