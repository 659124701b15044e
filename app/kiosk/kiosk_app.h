/* kiosk_app.h -- the running kiosk, wired together: content pack, flow,
 * outbox, screen and the UI's view state. kiosk_run() (run.c) drives it
 * from SDL events and the real clock; the script runner (script.h) drives
 * it from a script on a virtual clock. Both go through the same calls, so
 * a script exercises exactly what a finger does.
 *
 * Every input ends in kiosk_app_press/_release (pointer) or kiosk_app_tick
 * (time); the flow's answer (FLOW_ACT_COMMIT) is stored here, and only a
 * successful outbox_put lets the flow show "thank you".
 *
 * Ownership: kiosk_app_open() fills a caller-owned struct; the config is
 * borrowed and must outlive it; kiosk_app_close() frees what open made.
 */
#ifndef SR_KIOSK_APP_H
#define SR_KIOSK_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "../config/kiosk_config.h"
#include "../core/content.h"
#include "../core/flow.h"
#include "../core/privacy.h"
#include "../net/forwarder.h"
#include "../sdl/sdl_display.h"
#include "../store/outbox.h"
#include "../ui/ui_layout.h"
#include "../ui/ui_pointer.h"
#include "kiosk.h"

/* A file's identity, to notice it was replaced or rewritten. */
typedef struct kiosk_file_stamp {
    long long mtime_ns, size;
    unsigned long long inode;
    bool exists;
} kiosk_file_stamp;

typedef struct kiosk_app {
    const kiosk_config *config;    /* borrowed */
    content_pack pack;
    bool content_from_cache;       /* the configured pack was refused */
    int content_problems;          /* of the last refused pack (0: none refused) */
    char content_refused[400];     /* its first "file: path: reason", "" none */
    /* Picking up a new pack while running (kiosk_content.c). */
    bool reload_requested;
    content_pack *pending_pack;    /* good, waiting for IDLE to be swapped in (owned) */
    kiosk_file_stamp pack_stamp;   /* pack.json when last loaded or looked at */
    int64_t next_pack_check;       /* app clock: when to look at pack.json again */
    flow_config flow_config;
    flow flow;
    outbox *outbox;                /* NULL while it cannot be opened */
    bool clock_pending;            /* answers wait for the clock to be set (kiosk_clock.c) */
    int64_t next_clock_check;      /* app clock: when to look at the clock again */
    char last_error[256];          /* for the admin screen ("" none) */
    /* Delivery (kiosk_delivery.c): NULL when [mqtt] host is empty. */
    forwarder *forwarder;          /* owned; its own thread */
    char told_content_version[CONTENT_VERSION_MAX]; /* what the forwarder was told */
    int64_t next_admin_refresh;    /* app clock: redo the admin page (live delivery state) */

    sdl_display *display;
    ui_measure measure;
    ui_view view;
    ui_pointer pointer;
    bool finger_down;              /* the finger being followed (kiosk_events.c) */
    SDL_FingerID finger;
    ui_frame *frame;               /* the frame on screen (heap: it is large) */
    ui_admin_status admin;
    int64_t now;                   /* the flow's clock at the last call */
    uint64_t presented_hash;       /* of the frame last shown, 0 none */
    bool headless;
    /* What the real-time loop (kiosk_loop.c) did, for tests and the bench:
     * an idle kiosk redraws nothing and wakes at most once a minute. */
    long wakeups;                  /* returns from the loop's sleep */
    long redraws;                  /* frames drawn and shown (kiosk_app_present) */
    /* The longest real time one pass of the UI took (events, timers, an
     * answer's commit, drawing): how long a touch could have waited for the
     * kiosk's attention. Printed at exit when delivery is on, so tests can
     * show the forwarder never stalls the screen (kiosk_app_note_busy). */
    int64_t longest_busy_ms;
} kiosk_app;

/* Loads content, opens the outbox and the display. On failure returns the
 * exit code kiosk_run() should give (1 or 2) with a message in err; *app is
 * then closed already. */
int kiosk_app_open(kiosk_app *app, const kiosk_config *config, const kiosk_options *options,
                   int64_t now, char *err, size_t err_size);
void kiosk_app_close(kiosk_app *app);

/* Pointer input at (x, y) pixels, at time now. */
void kiosk_app_press(kiosk_app *app, int x, int y, int64_t now);
void kiosk_app_release(kiosk_app *app, int x, int y, int64_t now);

/* Runs the flow's timers at now. A press held on the admin corner for the
 * flow's admin hold time opens the PIN pad here, while the finger is still
 * down (its release then taps nothing). A new content pack is picked up
 * here too (SIGHUP, a changed pack.json: kiosk_content_poll()). */
void kiosk_app_tick(kiosk_app *app, int64_t now);

/* When kiosk_app_tick() next has something to do: the flow's next deadline,
 * or, while the admin corner is held, the moment the hold is long enough,
 * or a content reload / pack.json check (kiosk_content_next_check()).
 * INT64_MAX when nothing is pending (sleep until input). */
int64_t kiosk_app_next_deadline(const kiosk_app *app, int64_t now);

/* Rebuilds app->frame for the current state (call after any input). */
void kiosk_app_build(kiosk_app *app);

/* Draws and shows the frame if it differs from the one on screen (force:
 * always, e.g. after the window was exposed). Returns true if drawn. */
bool kiosk_app_present(kiosk_app *app, bool force);

/* Draws the frame (whether or not it changed) and saves it as a PNG. */
sr_status kiosk_app_screenshot(kiosk_app *app, const char *path, char *err, size_t err_size);

/* The privacy policy of config ([privacy] time_granularity, shifts):
 * SR_E_CONFIG with the reason in err when they do not parse. */
sr_status kiosk_app_privacy_policy(const kiosk_config *config, privacy_policy *policy, char *err,
                                   size_t err_size);

/* One pass of the UI that began at started_ms (sysclock_mono_ms) has ended:
 * keeps app->longest_busy_ms. */
void kiosk_app_note_busy(kiosk_app *app, int64_t started_ms);

/* Fills app->admin from the config, outbox, disk and clock (kiosk_admin.c). */
void kiosk_admin_fill(kiosk_app *app);

#endif
