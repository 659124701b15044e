/* ui_text.h -- measuring, wrapping and fitting text without knowing fonts.
 *
 * The shell supplies the measurements (microui-style function pointers: the
 * SDL layer answers with SDL_ttf, a test may answer with anything); this
 * module breaks text into lines at spaces (and at explicit newlines), and
 * finds the largest font size, between a preferred and a minimum size, at
 * which the text fits a box. A word too long for a whole line is split
 * between characters only as a last resort, and that counts as not fitting.
 *
 * Text is UTF-8; lines never split a character.
 *
 * Ownership: a ui_text_layout refers to the text by byte offsets; the text
 * itself is the caller's.
 */
#ifndef SR_UI_TEXT_H
#define SR_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui_frame.h"

typedef struct ui_measure {
    void *ctx;
    /* Width in pixels of the first len bytes of text at this font and size. */
    int (*text_width)(void *ctx, ui_font font, int size, const char *text, size_t len);
    /* Height of one line (line spacing) at this font and size. */
    int (*text_height)(void *ctx, ui_font font, int size);
} ui_measure;

#define UI_TEXT_MAX_LINES 96

typedef struct ui_text_line {
    size_t start, len; /* bytes of the caller's text */
    int width;
} ui_text_line;

typedef struct ui_text_layout {
    ui_font font;
    int size;
    int line_height;
    int n_lines;
    int width;          /* widest line */
    int height;         /* n_lines * line_height */
    bool fits;          /* within the box, no word split, lines not truncated */
    ui_text_line lines[UI_TEXT_MAX_LINES];
} ui_text_layout;

/* Breaks text into lines no wider than max_width at one size. Returns
 * layout->fits (false when a word had to be split or there were more than
 * UI_TEXT_MAX_LINES lines). */
bool ui_text_wrap(const ui_measure *measure, ui_font font, int size, const char *text,
                  int max_width, ui_text_layout *layout);

/* Wraps at the largest size from `size` down to min_size at which the text
 * fits max_width x max_height in at most max_lines lines (0: no line
 * limit). When nothing fits, leaves the min_size layout with fits false. */
bool ui_text_fit(const ui_measure *measure, ui_font font, int size, int min_size,
                 const char *text, int max_width, int max_height, int max_lines,
                 ui_text_layout *layout);

/* Copies template into out, replacing "{name}" with value. */
void ui_text_substitute(char *out, size_t size, const char *template_text, const char *name,
                        const char *value);

/* Number of Unicode characters in a UTF-8 string. */
int ui_text_chars(const char *text);

/* Byte length of the UTF-8 character starting at text (1 for a bad byte). */
int ui_text_char_len(const char *text);

#endif
