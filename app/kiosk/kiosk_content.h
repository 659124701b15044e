/* kiosk_content.h -- the running kiosk's content pack: loaded at start, and
 * picked up again while running when estates publish a new one.
 *
 * A reload is asked for by SIGHUP (kiosk_signals.h), by
 * kiosk_content_request_reload(), or found by watching pack.json: while the
 * kiosk is IDLE its modification time (and size and inode, so a copied-in
 * folder counts too) is looked at, at most once a minute
 * (KIOSK_CONTENT_CHECK_MS). Publishing a pack therefore means writing
 * pack.json LAST (or sending SIGHUP after writing everything).
 *
 * A reload runs content_load_keep_good() on the configured folder:
 *   - good: the pack waits until the flow is IDLE, then is swapped in with
 *     flow_set_content() -- never in the middle of someone's check-in,
 *     which it would end. The admin screen's refusal note is cleared.
 *   - bad: the running pack stays. The problems go to stderr, one
 *     "file: path: reason" per line, and the admin screen shows "New
 *     content refused" with the first problem.
 *
 * All of this runs from kiosk_app_tick() (kiosk_content_poll), so it
 * happens on the loop's thread, between inputs, at whatever clock the
 * caller uses (real or virtual).
 *
 * Ownership: the pack, any pack waiting to be swapped in and the refusal
 * note live in kiosk_app; kiosk_content_close() frees them.
 */
#ifndef SR_KIOSK_CONTENT_H
#define SR_KIOSK_CONTENT_H

#include <stddef.h>
#include <stdint.h>

#include "kiosk_app.h"

#define KIOSK_CONTENT_CHECK_MS 60000 /* pack.json is looked at no more often */

/* Loads the configured pack (or the last good copy) into app->pack at
 * start. Returns 0, or 2 with the reason in err when no pack is usable (the
 * problems are printed to stderr). Needs app->config. */
int kiosk_content_open(kiosk_app *app, int64_t now, char *err, size_t err_size);

/* Frees app->pack and any pack waiting to be swapped in. */
void kiosk_content_close(kiosk_app *app);

/* Asks for a reload at the next kiosk_content_poll() (what SIGHUP does). */
void kiosk_content_request_reload(kiosk_app *app);

/* Takes a pending SIGHUP, looks at pack.json when due, loads a new pack
 * when asked to, and swaps a good one in when the flow is IDLE. Rebuilds
 * the frame when anything visible changed. Called by kiosk_app_tick(). */
void kiosk_content_poll(kiosk_app *app, int64_t now);

/* The next app-clock time kiosk_content_poll() has something to do
 * (INT64_MAX: nothing), for the loop's wait. */
int64_t kiosk_content_next_check(const kiosk_app *app, int64_t now);

#endif
