/* ui_frame.c -- the draw list and target list of one frame (see ui_frame.h).
 *
 * Fixed capacities, no allocation: when a capacity is exceeded the element
 * is dropped and capacity_exceeded is set, which the layout tests treat as
 * a bug. A frame is never half-valid: every pointer in it points into it.
 */
#include "ui_frame.h"

#include <stdio.h>
#include <string.h>

void ui_frame_reset(ui_frame *frame, int width, int height)
{
    frame->width = width;
    frame->height = height;
    frame->state = FLOW_IDLE;
    frame->n_cmds = 0;
    frame->n_targets = 0;
    frame->text_used = 0;
    frame->text[0] = '\0';
    frame->overflow_count = 0;
    frame->overflow_first[0] = '\0';
    frame->capacity_exceeded = false;
    frame->scroll_max = 0;
    frame->scroll_page = 1;
    frame->page_count = 1;
    frame->key_page_count = 1;
}

const char *ui_frame_text(ui_frame *frame, const char *text, size_t len)
{
    if (frame->text_used + len + 1 > sizeof frame->text) {
        frame->capacity_exceeded = true;
        return "";
    }
    char *copy = frame->text + frame->text_used;
    memcpy(copy, text, len);
    copy[len] = '\0';
    frame->text_used += len + 1;
    return copy;
}

ui_cmd *ui_frame_push_cmd(ui_frame *frame, const ui_cmd *cmd)
{
    if (frame->n_cmds >= UI_FRAME_MAX_CMDS) {
        frame->capacity_exceeded = true;
        return NULL;
    }
    frame->cmds[frame->n_cmds] = *cmd;
    return &frame->cmds[frame->n_cmds++];
}

ui_target *ui_frame_push_target(ui_frame *frame, const ui_target *target)
{
    if (frame->n_targets >= UI_FRAME_MAX_TARGETS) {
        frame->capacity_exceeded = true;
        return NULL;
    }
    frame->targets[frame->n_targets] = *target;
    return &frame->targets[frame->n_targets++];
}

const ui_target *ui_frame_hit(const ui_frame *frame, int x, int y)
{
    /* Later targets are drawn later, so they are on top. */
    for (int i = frame->n_targets - 1; i >= 0; i--)
        if (ui_rect_contains(frame->targets[i].rect, x, y))
            return &frame->targets[i];
    return NULL;
}

const ui_target *ui_frame_find(const ui_frame *frame, const char *id)
{
    for (int i = 0; i < frame->n_targets; i++)
        if (strcmp(frame->targets[i].id, id) == 0)
            return &frame->targets[i];
    return NULL;
}

void ui_frame_list_ids(const ui_frame *frame, char *out, size_t size)
{
    size_t used = 0;
    if (size == 0)
        return;
    out[0] = '\0';
    for (int i = 0; i < frame->n_targets; i++) {
        const char *id = frame->targets[i].id;
        size_t need = strlen(id) + (used ? 1 : 0);
        if (used + need + 4 >= size) {
            snprintf(out + used, size - used, "%s...", used ? " " : "");
            return;
        }
        used += (size_t)snprintf(out + used, size - used, "%s%s", used ? " " : "", id);
    }
}

void ui_frame_note_overflow(ui_frame *frame, const char *note)
{
    if (frame->overflow_count++ == 0)
        snprintf(frame->overflow_first, sizeof frame->overflow_first, "%s", note);
}

/* FNV-1a over the fields that change what is drawn. */
static uint64_t hash_bytes(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t ui_frame_hash(const ui_frame *frame)
{
    uint64_t h = 14695981039346656037ULL;
    h = hash_bytes(h, &frame->width, sizeof frame->width);
    h = hash_bytes(h, &frame->height, sizeof frame->height);
    for (int i = 0; i < frame->n_cmds; i++) {
        const ui_cmd *c = &frame->cmds[i];
        int fields[] = {(int)c->type, c->rect.x, c->rect.y, c->rect.w, c->rect.h, c->border,
                        c->radius, (int)c->font, c->size, (int)c->align};
        h = hash_bytes(h, fields, sizeof fields);
        h = hash_bytes(h, &c->color, sizeof c->color);
        h = hash_bytes(h, &c->fill, sizeof c->fill);
        h = hash_bytes(h, &c->border_color, sizeof c->border_color);
        if (c->text)
            h = hash_bytes(h, c->text, strlen(c->text) + 1);
    }
    return h;
}
