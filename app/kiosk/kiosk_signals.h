/* kiosk_signals.h -- SIGHUP ("the content pack changed, pick it up") for
 * the running kiosk, as a flag and a file descriptor the event loop can
 * wait on.
 *
 * A signal handler may do almost nothing safely: it may not touch SDL's
 * event queue, the content pack or stdio. So the handler only sets a flag
 * and writes one byte into a self-pipe. The loop's wait watches the pipe's
 * read end (kiosk_signals_wake_fd) so a SIGHUP wakes it at once instead of
 * at the next deadline; whoever is woken calls kiosk_signals_take_reload(),
 * and kiosk_content_poll() (kiosk_content.h) does exactly that on every
 * tick.
 *
 * SIGINT and SIGTERM are left to SDL (they become SDL_QUIT).
 *
 * Process-wide state: install once (kiosk_run does, before opening the
 * kiosk), uninstall at the end. Both are idempotent; nothing is owned by
 * the caller.
 */
#ifndef SR_KIOSK_SIGNALS_H
#define SR_KIOSK_SIGNALS_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/status.h"

/* Catches SIGHUP (sigaction, SA_RESTART) and opens the self-pipe
 * (non-blocking, close-on-exec). SR_E_IO with the reason in err when the
 * pipe or the handler cannot be set up. */
sr_status kiosk_signals_install(char *err, size_t err_size);

/* Puts SIGHUP's previous action back and closes the pipe. */
void kiosk_signals_uninstall(void);

/* The pipe's read end, readable after a SIGHUP until
 * kiosk_signals_take_reload() drains it; -1 when not installed. For the
 * loop's wait (poll it along with the input). Borrowed: do not close. */
int kiosk_signals_wake_fd(void);

/* Asks for a reload exactly as a SIGHUP would, from any thread (the
 * forwarder's, when a signed content pack has been installed). Does nothing
 * when not installed. */
void kiosk_signals_request_reload(void);

/* Has a SIGHUP arrived that nobody has taken yet? (Does not clear it.) */
bool kiosk_signals_reload_pending(void);

/* True once per SIGHUP burst: clears the flag and drains the pipe. */
bool kiosk_signals_take_reload(void);

#endif
