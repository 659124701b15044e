/* kiosk_problem.h -- the "configuration problem" screen: what the kiosk
 * shows, instead of a black screen, when its configuration file is refused.
 *
 * From the command line a bad file is printed as
 *     FILE:LINE: [section] key: reason
 * and the kiosk exits 2. Started by systemd with --show-config-problem
 * (firmware/systemd/staffroom-kiosk.service), it prints the same line and
 * then shows it, full screen and readable from a step away: "Configuration
 * problem", the file, the line, the setting and the reason, and "Fix the
 * file on the boot partition and restart the kiosk". It stays up, asleep,
 * until SIGTERM or SIGINT, so the technician who dropped the file sees it;
 * it tells systemd READY=1 with the problem as its STATUS (so `systemctl
 * status staffroom-kiosk` shows it too) and keeps feeding the watchdog, so
 * systemd does not restart it in a loop. It then exits 2.
 *
 * Ownership: everything is borrowed for the call; kiosk_problem is a plain
 * value.
 */
#ifndef SR_KIOSK_PROBLEM_H
#define SR_KIOSK_PROBLEM_H

#include "../config/kiosk_config.h"
#include "../ui/ui_frame.h"
#include "../ui/ui_text.h"
#include "kiosk.h"

#define KIOSK_PROBLEM_SHOT_NAME "config-problem.png" /* in --screenshots DIR */
#define KIOSK_PROBLEM_TITLE "Configuration problem"

typedef struct kiosk_problem {
    char file[KIOSK_CONFIG_PATH_MAX]; /* "" when the message names none */
    int line;                          /* 0: not about one line */
    char key[160];                     /* "[ui] size", "[uii]" or "" */
    char reason[1024];                 /* the rest; never empty */
    char message[2048];                /* the whole message, as printed */
} kiosk_problem;

/* Splits a configuration error ("FILE:LINE: [section] key: reason",
 * "FILE: cannot read: reason", or anything else) into its parts. A message
 * of another shape becomes the reason, whole. Never fails. */
void kiosk_problem_parse(const char *message, kiosk_problem *problem);

/* Builds the screen for problem into frame (width x height, text measured
 * by measure). Pure: no SDL, no I/O. */
void kiosk_problem_build(const kiosk_problem *problem, ui_frame *frame, const ui_measure *measure,
                         int width, int height);

/* Shows the screen (options: --headless, --size; otherwise fullscreen at
 * the configuration's default size) until SIGTERM or SIGINT, telling
 * systemd as above; with --screenshots DIR it also saves
 * DIR/KIOSK_PROBLEM_SHOT_NAME once shown. Returns the exit code: 2 (the
 * configuration is still wrong), or 1 when the screen cannot be shown. */
int kiosk_problem_show(const kiosk_problem *problem, const kiosk_options *options);

#endif
