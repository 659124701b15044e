/* collector_proc.h -- the built staffroom-collector (this build's, see
 * testproc_program) as a child process, connected to a broker of
 * broker.h, with its configuration, device registry and store in a scratch
 * folder <tmp>/collector-NAME/.
 *
 * Before the first start the collector's persistent session is made at the
 * broker (its client id, clean session off, subscribed at QoS 1), exactly
 * as the collector itself would make it: from then on the broker queues
 * every answer for it, so a test never races the collector's start-up.
 *
 * Ownership: the handle is the test's; collector_proc_stop() (accepts NULL)
 * ends the process and frees it. Files stay in the scratch folder.
 */
#ifndef SR_COLLECTOR_PROC_H
#define SR_COLLECTOR_PROC_H

#include <stdbool.h>

#include "broker.h"

#define COLLECTOR_PROC_SITE "St Elsewhere General" /* every registered device's site */

typedef struct collector_proc collector_proc;

typedef struct collector_proc_options {
    const char *const *devices;  /* registered kiosks (area "Ward N", N = index + 1) */
    int n_devices;
    const char *const *revoked;  /* registered with revoked = true */
    int n_revoked;
    int batch_max;               /* [ingest] batch_max; 0: the default */
} collector_proc_options;

/* Writes the files, makes the session, starts the collector. */
collector_proc *collector_proc_start(broker *b, const char *name, const collector_proc_options *o);

/* Writes the files and makes the session without starting it
 * (collector_proc_restart() starts it). */
collector_proc *collector_proc_prepare(broker *b, const char *name, const collector_proc_options *o);

void collector_proc_kill(collector_proc *c);    /* SIGKILL */
void collector_proc_restart(collector_proc *c); /* starts it (again) with the same files */
bool collector_proc_running(collector_proc *c);
int collector_proc_pid(const collector_proc *c);

/* SIGTERM; asserts that it exited 0 (it commits and acknowledges its last
 * batch first); frees. */
void collector_proc_stop(collector_proc *c);

const char *collector_proc_store(const collector_proc *c); /* the SQLite file */
const char *collector_proc_log(const collector_proc *c);   /* its stdout + stderr */

/* count(*) of the answer table. */
long long collector_proc_answers(const collector_proc *c);

/* Waits until the answer table holds at least n rows. */
bool collector_proc_wait_answers(const collector_proc *c, long long n, int timeout_ms);

#endif
