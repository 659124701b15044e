/* ui_text.c -- greedy line breaking and shrink-to-fit (see ui_text.h).
 *
 * Greedy breaking (as many words as fit, then a new line) is what people
 * expect from short interface text; the measurement callback is asked for
 * whole prefixes of a line, so kerning across words is measured as drawn.
 */
#include "ui_text.h"

#include <stdio.h>
#include <string.h>

int ui_text_char_len(const char *text)
{
    unsigned char c = (unsigned char)text[0];
    int len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (int i = 1; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            return 1; /* a broken sequence: step over one byte */
    return len;
}

int ui_text_chars(const char *text)
{
    int count = 0;
    for (size_t i = 0; text[i]; i += (size_t)ui_text_char_len(text + i))
        count++;
    return count;
}

static bool is_break(char c)
{
    return c == ' ' || c == '\n' || c == '\0';
}

/* The end (exclusive) of the longest run of whole characters from start
 * that fits max_width; at least one character, so that progress is made. */
static size_t split_word(const ui_measure *m, ui_font font, int size, const char *text,
                         size_t start, int max_width)
{
    size_t end = start + (size_t)ui_text_char_len(text + start);
    while (!is_break(text[end])) {
        size_t next = end + (size_t)ui_text_char_len(text + end);
        if (m->text_width(m->ctx, font, size, text + start, next - start) > max_width)
            break;
        end = next;
    }
    return end;
}

/* The end of the next piece of a line from pos: up to a space, newline or
 * the end, or just after a hyphen or slash inside a word (ids, paths and
 * compound words may break there, as in print). */
static size_t next_piece(const char *text, size_t pos)
{
    size_t end = pos;
    while (!is_break(text[end])) {
        char c = text[end++];
        if ((c == '-' || c == '/') && !is_break(text[end]) && end - pos > 1)
            break;
    }
    return end;
}

/* The end of the line starting at start: after the last whole piece that
 * fits, or at a newline. *split is set when even one piece did not fit. */
static size_t line_end(const ui_measure *m, ui_font font, int size, const char *text,
                       size_t start, int max_width, bool *split)
{
    size_t fit = start, pos = start;
    *split = false;
    for (;;) {
        while (text[pos] == ' ')
            pos++;
        size_t piece_end = next_piece(text, pos);
        if (piece_end > pos &&
            m->text_width(m->ctx, font, size, text + start, piece_end - start) > max_width)
            break;
        fit = piece_end;
        if (text[piece_end] == '\n' || text[piece_end] == '\0')
            return fit;
        pos = piece_end;
    }
    if (fit > start)
        return fit;
    *split = true;
    return split_word(m, font, size, text, start, max_width);
}

static void add_line(const ui_measure *m, ui_text_layout *layout, const char *text,
                     size_t start, size_t end)
{
    while (end > start && text[end - 1] == ' ')
        end--;
    if (layout->n_lines >= UI_TEXT_MAX_LINES) {
        layout->fits = false;
        return;
    }
    ui_text_line *line = &layout->lines[layout->n_lines++];
    line->start = start;
    line->len = end - start;
    line->width = line->len ? m->text_width(m->ctx, layout->font, layout->size, text + start,
                                            line->len)
                            : 0;
    if (line->width > layout->width)
        layout->width = line->width;
}

bool ui_text_wrap(const ui_measure *m, ui_font font, int size, const char *text, int max_width,
                  ui_text_layout *layout)
{
    layout->font = font;
    layout->size = size;
    layout->line_height = m->text_height(m->ctx, font, size);
    layout->n_lines = 0;
    layout->width = 0;
    layout->fits = true;
    size_t pos = 0;
    while (text[pos] && layout->fits) {
        while (text[pos] == ' ')
            pos++;
        if (!text[pos])
            break;
        bool split = false;
        size_t end = line_end(m, font, size, text, pos, max_width, &split);
        if (split)
            layout->fits = false;
        add_line(m, layout, text, pos, end);
        pos = end;
        while (text[pos] == ' ')
            pos++;
        if (text[pos] == '\n')
            pos++;
    }
    if (layout->width > max_width)
        layout->fits = false;
    layout->height = layout->n_lines * layout->line_height;
    return layout->fits;
}

bool ui_text_fit(const ui_measure *m, ui_font font, int size, int min_size, const char *text,
                 int max_width, int max_height, int max_lines, ui_text_layout *layout)
{
    if (min_size > size)
        min_size = size;
    for (int s = size; s >= min_size; s--) {
        ui_text_wrap(m, font, s, text, max_width, layout);
        if (max_lines > 0 && layout->n_lines > max_lines)
            layout->fits = false;
        if (layout->height > max_height)
            layout->fits = false;
        if (layout->fits)
            return true;
    }
    return false;
}

void ui_text_substitute(char *out, size_t size, const char *template_text, const char *name,
                        const char *value)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "{%s}", name);
    const char *at = strstr(template_text, pattern);
    if (!at) {
        snprintf(out, size, "%s", template_text);
        return;
    }
    snprintf(out, size, "%.*s%s%s", (int)(at - template_text), template_text, value,
             at + strlen(pattern));
}
