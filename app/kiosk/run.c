/* run.c -- kiosk_run(): opens the kiosk (kiosk_app.h) and runs it, either
 * from SDL events on the real clock or from a script on a virtual one.
 *
 * The event loop is idle when nothing happens: it sleeps until an input
 * event or the next deadline (capped at a minute), and draws only when the
 * frame differs from the one on screen (kiosk_loop.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../platform/sysclock.h"
#include "kiosk.h"
#include "kiosk_app.h"
#include "kiosk_loop.h"
#include "kiosk_problem.h"
#include "kiosk_signals.h"
#include "script.h"

/* The real-time loop (kiosk_loop.h): sleeps until input or the next
 * deadline, without polling, on every video driver. */
static int event_loop(kiosk_app *app)
{
    kiosk_loop loop;
    if (kiosk_loop_open(&loop, app) != SR_OK) {
        fprintf(stderr, "staffroom-kiosk: out of memory\n");
        return 1;
    }
    kiosk_loop_run(&loop, INT64_MAX);
    kiosk_loop_close(&loop);
    return 0;
}

int kiosk_run(const kiosk_config *config, const kiosk_options *options)
{
    char err[2048];
    kiosk_script *script = NULL;
    if (options->script_path) {
        script = kiosk_script_load(options->script_path, err, sizeof err);
        if (!script) {
            fprintf(stderr, "staffroom-kiosk: %s\n", err);
            return 2;
        }
    }
    kiosk_app *app = calloc(1, sizeof *app);
    if (!app) {
        kiosk_script_free(script);
        fprintf(stderr, "staffroom-kiosk: out of memory\n");
        return 1;
    }
    /* SIGHUP: pick up a new content pack now (kiosk_content.h); before the
     * loop opens, which waits on its wake-up pipe. Not fatal: a changed
     * pack.json is still noticed within a minute. */
    if (!script && kiosk_signals_install(err, sizeof err) != SR_OK)
        fprintf(stderr, "staffroom-kiosk: %s; new content is noticed within a minute\n", err);
    int64_t start = script ? KIOSK_SCRIPT_START_MS : sysclock_mono_ms();
    int code = kiosk_app_open(app, config, options, start, err, sizeof err);
    if (code != 0) {
        fprintf(stderr, "staffroom-kiosk: %s\n", err);
        /* No usable content pack either: under systemd, say so on the
         * screen rather than leave it black (exit 2 is not restarted). */
        if (code == 2 && options->show_problem && !script) {
            kiosk_problem problem;
            kiosk_problem_parse(err, &problem);
            code = kiosk_problem_show(&problem, options);
        }
    } else {
        code = script ? kiosk_script_run(script, app, options->screenshot_dir) : event_loop(app);
        /* For the delivery tests (app/net/README.md): the network never
         * held the screen up. */
        if (app->forwarder)
            fprintf(stderr, "staffroom-kiosk: longest frame gap %lld ms\n",
                    (long long)app->longest_busy_ms);
        kiosk_app_close(app);
    }
    free(app);
    kiosk_script_free(script);
    kiosk_signals_uninstall();
    return code;
}
