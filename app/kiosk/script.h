/* script.h -- the kiosk's script language: drive the UI from a file on a
 * virtual clock (--script FILE), for tests, screenshots and demos.
 *
 * One command per line; blank lines and lines starting with # are skipped,
 * and " #" starts a comment after a command:
 *
 *   tap ID          tap the target with this stable id (mood-3, done, ...)
 *   tap X Y         tap at pixel (X, Y)
 *   hold ID MS      press ID for MS milliseconds (admin-corner 3000)
 *   type TEXT       tap the on-screen keyboard's keys for TEXT (turning its
 *                   pages as needed)
 *   wait MS         advance the virtual clock by MS, firing every timer due
 *   shot NAME       save the screen as NAME.png in the screenshots folder
 *   expect SCREEN   fail unless this screen (flow_state_name) is showing
 *   drain SECONDS   wait in real time (the virtual clock stands still) until
 *                   the collector has confirmed everything deliverable:
 *                   toolkit counters are sealed into rows first, then no row
 *                   may be unsent or sent-and-unconfirmed (answers still
 *                   waiting for the clock to be set do not count). Fails
 *                   after SECONDS (1-3600) naming how many are left and the
 *                   delivery state ("not authorised", ...); fails at once
 *                   when delivery is off. SDL is served while it waits.
 *   quit            stop here (exit 0)
 *
 * Taps go through the same press/release path as a finger (ui_pointer.h):
 * a press and a release at the centre of the target (or at X Y), at the
 * same virtual instant. Every tap in a script is deliberate, so the
 * double-tap guard's settle time is off for scripts (it has its own unit
 * test). Nothing ever sleeps: the virtual clock starts at
 * KIOSK_SCRIPT_START_MS and only `wait` moves it -- and `hold`, whose
 * release comes MS after its press.
 *
 * Errors: the whole file is read and checked before anything runs; a
 * malformed line is reported as "FILE:LINE: reason" with exit code 2. While
 * running, a target that is not on the screen, an `expect` that does not
 * hold or a screenshot that cannot be written is reported as
 * "FILE:LINE: reason" (naming the screen and the ids there) with exit 1.
 *
 * Ownership: kiosk_script_load() returns a script owned by the caller, freed
 * by kiosk_script_free() (accepts NULL).
 */
#ifndef SR_KIOSK_SCRIPT_H
#define SR_KIOSK_SCRIPT_H

#include <stddef.h>

#include "kiosk_app.h"

#define KIOSK_SCRIPT_START_MS 1000000000LL /* the virtual clock at the start */

typedef struct kiosk_script kiosk_script;

/* Reads and checks path. NULL on error, with "FILE:LINE: reason" in err. */
kiosk_script *kiosk_script_load(const char *path, char *err, size_t err_size);
void kiosk_script_free(kiosk_script *script);

/* Runs the script against app, whose clock must start at
 * KIOSK_SCRIPT_START_MS. shot_dir: where `shot` writes (NULL: "."). Returns
 * the exit code (0, or 1 with the message on stderr). */
int kiosk_script_run(kiosk_script *script, kiosk_app *app, const char *shot_dir);

#endif
