/* kiosk.h -- the kiosk program's run loop, called by main() once the
 * configuration is loaded and checked.
 *
 * main.c parses the command line and the config file (exit 2 on errors);
 * kiosk_run() opens the outbox and content, starts SDL and runs the UI until
 * quit, returning the process exit code (0 ok, 1 runtime failure,
 * 2 usage/config error such as a bad script file).
 */
#ifndef SR_KIOSK_H
#define SR_KIOSK_H

#include <stdbool.h>

#include "../config/kiosk_config.h"

typedef struct kiosk_options {
    bool headless;              /* SDL offscreen/dummy driver, no window */
    int width, height;          /* --size; 0 = from the config */
    const char *script_path;    /* --script FILE, NULL for interactive */
    const char *screenshot_dir; /* --screenshots DIR, NULL = current folder */
    bool show_problem;          /* --show-config-problem: a configuration or content
                                   problem is shown full screen, not just exit 2 */
} kiosk_options;

/* Borrowed: config and options, for the duration of the call. */
int kiosk_run(const kiosk_config *config, const kiosk_options *options);

#endif
