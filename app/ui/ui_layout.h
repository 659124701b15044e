/* ui_layout.h -- turns the flow's state into a frame (draw list + targets).
 *
 * This is the whole of the kiosk's look: ui_build() is a pure function of
 * the flow, the content pack, the screen size, the admin status the shell
 * gathered, the view state (scroll offsets, list pages, the target under a
 * finger) and the time. It measures text through the shell's ui_measure,
 * so it can wrap and shrink text to fit without knowing SDL; anything that
 * still does not fit is recorded in the frame (ui_frame.overflow_count).
 *
 * Screens (one per flow state; IDLE and CHECKIN look the same):
 *   checkin      the check-in question, five faces, toolkit, languages
 *   followup     chips (multi-select) or free text with a keyboard
 *   thanks       confirmation; after a low score, suggested items
 *   save_failed  calm message, try again
 *   still_there  the idle prompt with a countdown
 *   toolkit / category / item   the toolkit, item detail with a QR code
 *   admin_pin / admin           PIN pad, device status
 *
 * Stable target ids are listed in app/ui/README.md (the script language
 * and the tests rely on them).
 *
 * Ownership: every input is borrowed for the call; the frame is the
 * caller's. Strings in the frame are copies.
 */
#ifndef SR_UI_LAYOUT_H
#define SR_UI_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/content.h"
#include "../core/flow.h"
#include "ui_frame.h"
#include "ui_text.h"

/* What the admin screen shows; the shell fills it (from the config, the
 * outbox, the file system and the clock) just before building the frame. */
typedef struct ui_admin_status {
    char device_id[64];
    char site[64];
    char area[64];
    char content_version[32];
    bool content_from_cache;    /* the new pack was refused; running the last good one */
    int content_problems;       /* problems found in the refused pack */
    char content_refused[400];  /* the refused pack's first "file: path: reason", "" none */
    char app_version[32];
    long long answers_waiting;  /* unsent + sent-but-unconfirmed */
    long long oldest_age_seconds; /* age of the oldest waiting answer, -1: none/unknown */
    long long items_counted;    /* toolkit openings counted today (all items) */
    char last_send[64];         /* "never (delivery not set up yet)" until MQTT */
    char broker[64];            /* "not configured" until MQTT */
    long long disk_free_bytes;  /* where the outbox lives, -1 unknown */
    bool clock_synced;
    char last_error[256];       /* the outbox's last error, "" when none */
    int commits;                /* answers saved since start */
    int discards;               /* check-ins abandoned since start */
} ui_admin_status;

/* View state that belongs to the UI, not to the flow. The shell keeps one,
 * calls ui_view_sync() before each build and ui_view_clamp() after. */
typedef struct ui_view {
    int scroll;               /* ITEM: first line of the detail text shown */
    int page;                 /* lists: the page shown */
    int key_page;             /* on-screen keyboard: the page of keys shown */
    char pressed[UI_ID_MAX];  /* the target under a finger, drawn pressed ("" none) */
    /* The screen the offsets above belong to. */
    flow_state seen_state;
    int seen_question, seen_category, seen_item;
} ui_view;

typedef struct ui_input {
    const flow *flow;
    const content_pack *pack;
    const ui_measure *measure;
    const ui_admin_status *admin; /* may be NULL: the admin screen then shows "unknown" */
    const ui_view *view;          /* may be NULL: nothing scrolled or pressed */
    int width, height;
    int64_t now;                  /* the flow's clock, ms */
} ui_input;

/* Builds the frame for the current state. Never fails: capacity problems
 * and text that does not fit are recorded in the frame. */
void ui_build(ui_frame *frame, const ui_input *input);

/* Resets the scroll offset and pages when the flow shows another screen
 * (another state, question, category or item) than last time. */
void ui_view_reset(ui_view *view);
void ui_view_sync(ui_view *view, const flow *f);

/* Keeps the view's offsets inside what the frame says exists; returns true
 * when something had to change (the caller should build again). */
bool ui_view_clamp(ui_view *view, const ui_frame *frame);

#endif
