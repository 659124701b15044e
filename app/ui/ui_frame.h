/* ui_frame.h -- one frame of the kiosk's screen as plain data: a draw list
 * and a list of touch targets (microui-style).
 *
 * The layout (ui_layout.h) fills a frame from the flow's state; the SDL
 * layer (app/sdl/) only executes the draw list, and the shell hit-tests the
 * targets. Nothing here knows SDL: a frame is a fixed-capacity struct with
 * no heap pointers, so building one allocates nothing.
 *
 * Draw commands are drawn in order (later ones on top). Text commands are
 * ONE line each: the layout has already wrapped and fitted the text with
 * the shell's real font measurements, so the executor can never wrap it
 * differently from what was measured. Every string a command points to
 * lives in the frame's own text arena.
 *
 * Coordinates are pixels of the output (0,0 top-left); see ui_theme.h for
 * how sizes scale with the screen.
 *
 * Ownership: the caller owns the frame (it is large: allocate it once, on
 * the heap or statically). Pointers inside point into the frame itself and
 * live until the next ui_frame_reset().
 */
#ifndef SR_UI_FRAME_H
#define SR_UI_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/flow.h"

#define UI_FRAME_MAX_CMDS 1200
#define UI_FRAME_MAX_TARGETS 128
#define UI_FRAME_TEXT_BYTES 49152
#define UI_ID_MAX 48
#define UI_KEY_MAX 8 /* one UTF-8 character (or a short sequence) and NUL */
#define UI_OVERFLOW_NOTE_MAX 256

typedef struct ui_rect {
    int x, y, w, h;
} ui_rect;

typedef struct ui_color {
    uint8_t r, g, b, a;
} ui_color;

typedef enum ui_font {
    UI_FONT_REGULAR,
    UI_FONT_BOLD,
    UI_FONT_COUNT
} ui_font;

typedef enum ui_align {
    UI_ALIGN_LEFT,
    UI_ALIGN_CENTER,
    UI_ALIGN_RIGHT
} ui_align;

typedef enum ui_cmd_type {
    UI_CMD_RECT, /* rect filled with color, border of `border` px in border_color */
    UI_CMD_TEXT, /* one line of text in color, aligned inside rect */
    UI_CMD_ICON, /* a symbol drawn in code: text is its name, color the ink,
                    fill the background shape (alpha 0: none) */
    UI_CMD_QR    /* text encoded as a QR code, as large as fits in rect
                    (square, integer module size, 4-module quiet zone) */
} ui_cmd_type;

typedef struct ui_cmd {
    ui_cmd_type type;
    ui_rect rect;
    ui_color color;
    ui_color fill;         /* ICON: background shape */
    ui_color border_color; /* RECT */
    int border;            /* RECT: border width, px (0: none) */
    int radius;            /* RECT: corner radius, px */
    ui_font font;          /* TEXT */
    int size;              /* TEXT: font size, px */
    ui_align align;        /* TEXT */
    const char *text;      /* TEXT, ICON, QR: in the frame's arena */
} ui_cmd;

/* What a target does when tapped. */
typedef enum ui_target_kind {
    UI_TARGET_FLOW,       /* sends the flow event {event, arg} */
    UI_TARGET_KEY,        /* on-screen keyboard: types `key` */
    UI_TARGET_KEY_DELETE, /* on-screen keyboard: deletes one character */
    UI_TARGET_KEY_PAGE,   /* on-screen keyboard: shows the next page of keys */
    UI_TARGET_SCROLL,     /* scrolls the item text by arg (+1 down, -1 up) */
    UI_TARGET_PAGE,       /* shows the next (+1) / previous (-1) page of a list */
    UI_TARGET_CORNER      /* the hidden admin corner: a long press */
} ui_target_kind;

typedef struct ui_target {
    char id[UI_ID_MAX];   /* stable id for scripts: "mood-3", "cat-peer" ... */
    ui_rect rect;
    ui_target_kind kind;
    flow_event_type event; /* UI_TARGET_FLOW */
    int arg;
    char key[UI_KEY_MAX];  /* UI_TARGET_KEY */
} ui_target;

typedef struct ui_frame {
    int width, height;
    flow_state state;      /* the screen this frame shows */

    int n_cmds;
    ui_cmd cmds[UI_FRAME_MAX_CMDS];
    int n_targets;
    ui_target targets[UI_FRAME_MAX_TARGETS];

    size_t text_used;
    char text[UI_FRAME_TEXT_BYTES];

    /* Text that did not fit its box even at the smallest allowed size.
     * The layout tests require 0; the kiosk logs the first one. */
    int overflow_count;
    char overflow_first[UI_OVERFLOW_NOTE_MAX];

    /* A capacity above was exceeded (a layout bug: tests require false). */
    bool capacity_exceeded;

    /* Scrolling and paging limits the shell clamps its view state to. */
    int scroll_max;        /* ITEM: last first-line index of the detail text */
    int scroll_page;       /* ITEM: lines one scroll step moves */
    int page_count;        /* lists: number of pages (1 when all fit) */
    int key_page_count;    /* on-screen keyboard: number of pages */
} ui_frame;

/* Empties the frame for a screen of width x height. */
void ui_frame_reset(ui_frame *frame, int width, int height);

/* Copies len bytes of text (no NUL needed) into the arena. Returns the copy,
 * or "" when the arena is full (and sets capacity_exceeded). */
const char *ui_frame_text(ui_frame *frame, const char *text, size_t len);

/* Appends a command (its text pointer must already be in the arena) /
 * a target. Returns the stored element, or NULL when full. */
ui_cmd *ui_frame_push_cmd(ui_frame *frame, const ui_cmd *cmd);
ui_target *ui_frame_push_target(ui_frame *frame, const ui_target *target);

/* The topmost target containing (x, y), or NULL. */
const ui_target *ui_frame_hit(const ui_frame *frame, int x, int y);

/* The target with this id, or NULL. */
const ui_target *ui_frame_find(const ui_frame *frame, const char *id);

/* Writes the ids of all targets, space-separated, into out (cut short with
 * "..." when out is too small). For error messages. */
void ui_frame_list_ids(const ui_frame *frame, char *out, size_t size);

/* Records a text that did not fit (kept: the first one, and a count). */
void ui_frame_note_overflow(ui_frame *frame, const char *note);

/* A cheap fingerprint of everything drawn (commands and their text), so
 * the shell can skip presenting a frame identical to the last one. */
uint64_t ui_frame_hash(const ui_frame *frame);

static inline bool ui_rect_contains(ui_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

#endif
