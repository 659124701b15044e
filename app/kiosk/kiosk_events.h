/* kiosk_events.h -- SDL's input and window events, delivered to the running
 * kiosk (kiosk_app.h).
 *
 * This is the one place where a finger or a mouse becomes a press/release
 * of the kiosk: run.c's event loop calls kiosk_events_handle() for every
 * event it takes from SDL, and tests push real events with SDL_PushEvent and
 * let kiosk_events_step() consume them on their own clock, so both go
 * through exactly the same code.
 *
 * Rules kept here (tested in tests/ui/test_ui_events.c):
 *   - touch (SDL_FINGERDOWN/UP, normalised 0..1 of the window) and the left
 *     mouse button both work; one finger at a time, other fingers are
 *     ignored until the first one lifts;
 *   - each touch is handled once: SDL's synthetic mouse events for a touch
 *     (which == SDL_TOUCH_MOUSEID) and synthetic touches for the mouse
 *     (touchId == SDL_MOUSE_TOUCHID) are dropped, whatever the hints say
 *     (sdl_display.c switches both off, but a platform or a future SDL may
 *     not honour that, and a chip tapped twice is a chip not chosen);
 *   - the kiosk is told the time of each event by the caller (the real
 *     monotonic clock in run.c, a virtual one in tests).
 *
 * Ownership: the app and the event are borrowed for the call.
 */
#ifndef SR_KIOSK_EVENTS_H
#define SR_KIOSK_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "kiosk_app.h"

/* Handles one SDL event at time now (the app's clock, ms). Returns false
 * when the kiosk should quit (SDL_QUIT; Escape in a desktop window). Sets
 * *force when the screen must be drawn again even if the frame did not
 * change (window exposed or resized, renderer reset); leaves it otherwise. */
bool kiosk_events_handle(kiosk_app *app, const SDL_Event *event, int64_t now, bool *force);

/* One pass of the event loop without waiting: every event already in SDL's
 * queue handled at now, then the timers (kiosk_app_tick) at now, then the
 * frame presented if it changed. Returns false when an event asked to quit.
 * For tests and scripted drivers that keep their own clock. */
bool kiosk_events_step(kiosk_app *app, int64_t now);

#endif
