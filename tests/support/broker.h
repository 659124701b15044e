/* broker.h -- a real mosquitto for the tests, with the project's shipped
 * configuration (tools/broker/), on 127.0.0.1 and a free port.
 *
 * broker_start() writes a mosquitto.conf from tools/broker/mosquitto.conf.in
 * into a fresh folder under the test's scratch folder, a password file made
 * with mosquitto_passwd for the users asked for, and the shipped ACL
 * (tools/broker/staffroom.acl); starts mosquitto on a port that was free a
 * moment ago (retrying another if that one is taken meanwhile); and returns
 * once it accepts connections (waiting on that, with a deadline, never a
 * sleep). Persistence lives in the same folder, so broker_restart() after
 * broker_kill() is a real crash and restart of the same broker.
 *
 * Users: the service accounts of tools/broker/staffroom.acl
 * (BROKER_COLLECTOR_USER, ...) and any kiosk device ids the test names; every
 * password is "pw-" followed by the user name, and broker_password_file()
 * writes one for a client's config.
 *
 * Ownership: the broker handle is the test's; broker_stop() (accepts NULL)
 * stops mosquitto and frees it. Files are left in the scratch folder.
 */
#ifndef SR_TEST_BROKER_H
#define SR_TEST_BROKER_H

#include <stdbool.h>
#include <stddef.h>

#define BROKER_COLLECTOR_USER "staffroom-collector"
#define BROKER_FLEET_USER "staffroom-fleet"
#define BROKER_CONTENT_USER "staffroom-content"

typedef struct broker broker;

typedef struct broker_options {
    const char *const *kiosks; /* device ids to give passwords to (may be NULL) */
    int n_kiosks;
    bool tls;                  /* TLS listener with a test CA made by openssl */
} broker_options;

/* Starts a broker; aborts the test (cmocka fail) if it cannot. */
broker *broker_start(const char *name, const broker_options *options);

int broker_port(const broker *b);
const char *broker_dir(const broker *b);    /* its folder (config, logs, certs) */
const char *broker_ca_file(const broker *b);   /* TLS only: the test CA, else NULL */

/* TLS only: the certificate of a second CA that signed nothing this broker
 * holds (for "a wrong CA is refused" tests), else NULL. Borrowed. */
const char *broker_wrong_ca_file(const broker *b);

/* The mosquitto process id while it runs, else 0 (for SIGSTOP/SIGCONT
 * network-cut tests). */
int broker_pid(const broker *b);

/* Writes the password of user into "<broker dir>/<user>.password" (mode
 * 0600) and returns that path (borrowed until the next call). */
const char *broker_password_file(broker *b, const char *user);

/* SIGKILL: no goodbye, no persistence save beyond what is on disk. */
void broker_kill(broker *b);

/* SIGTERM and wait: an orderly stop (mosquitto writes its persistence
 * database); broker_restart() starts it again. */
void broker_shutdown(broker *b);

/* Starts it again on the same port with the same files; waits until it
 * accepts connections. */
void broker_restart(broker *b);

/* SIGTERM and wait (mosquitto saves its persistence file), then free. */
void broker_stop(broker *b);

#endif
