/* ui_keyboard.c -- the keyboard's keys, and what a key press does to the
 * text (see ui_keyboard.h). The screen that draws it is ui_screen_text.c.
 */
#include "ui_keyboard.h"

#include <stdio.h>
#include <string.h>

#include "ui_text.h"

static const char *const KEYS[] = {
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
    "\xc3\xa2", "\xc3\xaa", "\xc3\xae", "\xc3\xb4", "\xc3\xbb", "\xc5\xb5", "\xc5\xb7", /* â ê î ô û ŵ ŷ */
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "0",
    ".", ",", "'", "?", "!", "-",
};

#define N_KEYS ((int)(sizeof KEYS / sizeof KEYS[0]))

int ui_keyboard_key_count(void)
{
    return N_KEYS;
}

const char *ui_keyboard_key(int index)
{
    return index >= 0 && index < N_KEYS ? KEYS[index] : "";
}

void ui_keyboard_key_id(const char *ch, size_t len, char *out, size_t size)
{
    if (len == 1 && ch[0] == ' ')
        snprintf(out, size, "key-space");
    else
        snprintf(out, size, "key-%.*s", (int)len, ch);
}

bool ui_keyboard_apply(const ui_target *target, const char *current, int max_chars, char *out,
                       size_t size)
{
    size_t len = strlen(current);
    if (len >= size)
        len = size - 1;
    memcpy(out, current, len);
    out[len] = '\0';
    if (target->kind == UI_TARGET_KEY_DELETE) {
        if (len == 0)
            return false;
        size_t cut = len - 1;
        while (cut > 0 && ((unsigned char)out[cut] & 0xC0) == 0x80)
            cut--; /* back to the lead byte of the last character */
        out[cut] = '\0';
        return true;
    }
    if (target->kind != UI_TARGET_KEY || !target->key[0])
        return false;
    size_t add = strlen(target->key);
    if (ui_text_chars(out) >= max_chars || len + add + 1 > size)
        return false;
    memcpy(out + len, target->key, add + 1);
    return true;
}
