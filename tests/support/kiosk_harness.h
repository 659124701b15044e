/* kiosk_harness.h -- the whole kiosk in a test's process, on a virtual
 * clock: kiosk_app with SDL's offscreen driver and real fonts, a real
 * outbox file in the test's scratch folder, and real SDL events pushed into
 * SDL's queue (SDL_PushEvent) for the kiosk's own event handling
 * (kiosk_events.h) to consume.
 *
 * Nothing here sleeps or reads the real clock: kiosk_harness_step() hands
 * the kiosk the harness's clock, which only moves when a test says so.
 * Failures are cmocka failures naming what was missing.
 *
 * Ownership: a harness is a caller-owned struct; open allocates the app,
 * kiosk_harness_close() (safe to call twice) frees it.
 */
#ifndef SR_KIOSK_HARNESS_H
#define SR_KIOSK_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>
#include <cJSON.h>

#include "config/kiosk_config.h"
#include "kiosk/kiosk_app.h"

#define KIOSK_HARNESS_START_MS 1000000LL /* the virtual clock when the kiosk opens */
#define KIOSK_HARNESS_MAX_ANSWERS 8

typedef struct kiosk_harness {
    char dir[512];          /* this test's scratch folder */
    kiosk_config config;    /* edit between _config and _open */
    kiosk_app *app;         /* NULL until open */
    int64_t now;            /* the virtual clock */
} kiosk_harness;

/* A fresh scratch folder <tmp>/name and a config for it: outbox and last
 * good copy inside it, the shipped content pack, admin PIN 1234. */
void kiosk_harness_config(kiosk_harness *h, const char *name);

/* Opens the kiosk headless at 800x480, clock at KIOSK_HARNESS_START_MS,
 * and lets it handle what SDL queued on start (window events). */
void kiosk_harness_open(kiosk_harness *h);
/* The same at a logical size other than 800x480 (the screen as laid out). */
void kiosk_harness_open_sized(kiosk_harness *h, int width, int height);
void kiosk_harness_close(kiosk_harness *h);

/* Moves the clock on by advance_ms, then one pass of the kiosk's loop
 * (kiosk_events_step): every queued event, the timers, the frame. */
void kiosk_harness_step(kiosk_harness *h, int64_t advance_ms);

/* The centre of the target with this id on the current frame (fails the
 * test, listing the ids there, when there is none). */
void kiosk_harness_centre(const kiosk_harness *h, const char *id, int *x, int *y);

/* Queues a real SDL event at panel pixel (x, y) (the logical pixel unless
 * [ui] rotation turns the panel: ui/ui_rotation.h). Fingers are given to SDL in
 * normalised window coordinates (0..1), as a touchscreen delivers them. */
void kiosk_harness_push_finger(const kiosk_harness *h, Uint32 type, int x, int y,
                               SDL_TouchID touch, SDL_FingerID finger);
void kiosk_harness_push_mouse(const kiosk_harness *h, Uint32 type, int x, int y, Uint32 which);

/* Down and up on the target's centre, handled in one step after advance_ms. */
void kiosk_harness_finger_tap(kiosk_harness *h, const char *id, int64_t advance_ms);
void kiosk_harness_mouse_tap(kiosk_harness *h, const char *id, int64_t advance_ms);

/* The screen showing (flow_state_name). */
const char *kiosk_harness_screen(const kiosk_harness *h);

/* Is there a text command on the current frame containing needle? */
bool kiosk_harness_shows(const kiosk_harness *h, const char *needle);

/* Parses every answer waiting in the kiosk's outbox into out (oldest
 * first); returns how many. Free with kiosk_harness_answers_free(). */
int kiosk_harness_answers(const kiosk_harness *h, cJSON *out[KIOSK_HARNESS_MAX_ANSWERS]);
void kiosk_harness_answers_free(cJSON *answers[], int n);

/* The option ids chosen for follow-up question q of an answer, space-
 * separated ("" none). */
void kiosk_harness_chosen(const cJSON *answer, const char *question, char *out, size_t size);


#endif
