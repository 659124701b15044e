/* kiosk_delivery.h -- the kiosk's side of delivery: the configuration made
 * into forwarder options (app/net/forwarder.h), the forwarder started after
 * the outbox and stopped before it, kept told of what only the UI knows
 * (new rows in the outbox, the content version, a disk that stopped taking
 * answers), and its state put into words for the admin screen.
 *
 * Delivery is off when [mqtt] host is empty: then app->forwarder stays
 * NULL and every call here does nothing (the forwarder calls accept NULL).
 *
 * Ownership: the forwarder is app->forwarder, started by
 * kiosk_delivery_start() and freed by kiosk_delivery_stop().
 */
#ifndef SR_KIOSK_DELIVERY_H
#define SR_KIOSK_DELIVERY_H

#include <stddef.h>

#include "../config/kiosk_config.h"
#include "../core/status.h"
#include "../net/forwarder.h"
#include "kiosk_app.h"

#define KIOSK_DELIVERY_ADMIN_REFRESH_MS 2000 /* the admin page follows the connection */

/* Checks what delivery needs from the configuration without starting
 * anything: the password file (readable, not by everyone, not empty), the
 * TLS files. SR_OK when delivery is off. Otherwise SR_E_CONFIG with
 * "FILE: [mqtt] key: reason" in err. For --check-config and for start. */
sr_status kiosk_delivery_check(const kiosk_config *config, char *err, size_t err_size);

/* Starts the forwarder when delivery is configured. Returns an exit code
 * for kiosk_run(): 0 (started, or delivery off), 2 (configuration, with
 * the message in err) or 1 (no thread). */
int kiosk_delivery_start(kiosk_app *app, char *err, size_t err_size);

/* Says goodbye to the broker (offline status), joins the thread. */
void kiosk_delivery_stop(kiosk_app *app);

/* After outbox_put / outbox_count_use returned status: a success nudges the
 * forwarder and clears a storage problem; a full, read-only or failing disk
 * becomes the status' problem ("answers not saved: disk full"). */
void kiosk_delivery_after_write(kiosk_app *app, sr_status status);

/* Each tick: tells the forwarder a new content version; keeps an open
 * admin page current. */
void kiosk_delivery_tick(kiosk_app *app, int64_t now);
int64_t kiosk_delivery_next_check(const kiosk_app *app, int64_t now);

/* The admin page's "last send" and "broker" words. */
void kiosk_delivery_admin(const kiosk_app *app, char *last_send, size_t last_send_size,
                          char *broker, size_t broker_size);

/* Answers in the outbox that delivery still has to do something about
 * (deliverable or sent and unconfirmed), read through the UI's own handle;
 * -1 when it cannot tell. Those still waiting for the clock to be set
 * cannot be sent yet and are not counted: *for_clock (may be NULL)
 * receives how many they are. */
long long kiosk_delivery_outstanding(kiosk_app *app, long long *for_clock);

#endif
