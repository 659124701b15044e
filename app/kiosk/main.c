/* main.c -- staffroom-kiosk: parse the command line, load and check the
 * configuration, then hand over to kiosk_run(). Only wiring lives here.
 *
 * Exit codes (every Staffroom program): 0 success, 1 runtime failure,
 * 2 usage or configuration error, with a message naming the file, line or key.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../config/kiosk_config.h"
#include "../content/content_load.h"
#include "../core/version.h"
#include "../platform/sysclock.h"
#include "kiosk.h"
#include "kiosk_delivery.h"
#include "kiosk_problem.h"

static const char USAGE[] =
    "usage: staffroom-kiosk --config FILE [options]\n"
    "       staffroom-kiosk --check-content DIR\n"
    "\n"
    "The Staffroom wellbeing check-in kiosk.\n"
    "\n"
    "  --config FILE      the kiosk's INI configuration (required)\n"
    "  --check-config     validate the configuration and the content pack it names,\n"
    "                     print the effective values (every key, with its help)\n"
    "                     and exit: 0 good, 2 bad\n"
    "  --show-config-problem  a bad configuration is shown full screen (file, line,\n"
    "                     key, reason) until SIGTERM, then exit 2, instead of\n"
    "                     exiting 2 at once (the systemd unit uses this)\n"
    "  --check-content DIR  validate a content pack folder (for content owners),\n"
    "                     print every problem as file: path: reason; 0 good, 2 bad\n"
    "  --headless         render with SDL's offscreen driver, no window\n"
    "  --size WxH         screen size (overrides [ui] size), e.g. 720x1280\n"
    "  --script FILE      drive the UI from FILE on a virtual clock: one command a\n"
    "                     line -- tap ID | tap X Y | hold ID MS | type TEXT |\n"
    "                     wait MS | shot NAME | expect SCREEN | drain SECONDS |\n"
    "                     quit  (# comments)\n"
    "  --screenshots DIR  where `shot NAME` writes NAME.png (default: .)\n"
    "  --version          print the version and exit\n"
    "  --help             this text\n"
    "\n"
    "Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "staffroom-kiosk: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(try --help)\n");
    return 2;
}

/* Validates the pack in dir; prints every problem. Returns an exit code. */
static int check_content(const char *dir, bool quiet_when_good)
{
    content_pack *pack = calloc(1, sizeof *pack);
    content_report *report = calloc(1, sizeof *report);
    if (!pack || !report) {
        free(pack);
        free(report);
        fprintf(stderr, "staffroom-kiosk: out of memory\n");
        return 1;
    }
    sr_status status = content_load(dir, pack, report);
    int code = 0;
    if (status == SR_OK) {
        if (!quiet_when_good)
            printf("%s: content pack %s is good (%d languages, %d questions, %d toolkit items)\n",
                   dir, pack->version, pack->n_langs, pack->n_questions, pack->n_items);
    } else {
        fprintf(stderr, "staffroom-kiosk: content pack %s refused (%s):\n", dir,
                sr_status_str(status));
        content_report_print(report, stderr);
        code = 2;
    }
    content_pack_free(pack);
    free(pack);
    free(report);
    return code;
}

static int parse_size(const char *text, int *w, int *h)
{
    char tail;
    return sscanf(text, "%dx%d%c", w, h, &tail) == 2 && *w >= 240 && *h >= 240 && *w <= 8192 &&
           *h <= 8192;
}

int main(int argc, char **argv)
{
    const char *config_path = NULL;
    int check_only = 0;
    bool show_problem = false;
    kiosk_options options = {0};

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(USAGE, stdout);
            return 0;
        } else if (strcmp(arg, "--version") == 0) {
            printf("staffroom-kiosk %s\n", STAFFROOM_VERSION);
            return 0;
        } else if (strcmp(arg, "--check-config") == 0) {
            check_only = 1;
        } else if (strcmp(arg, "--show-config-problem") == 0) {
            show_problem = true;
        } else if (strcmp(arg, "--headless") == 0) {
            options.headless = true;
        } else if (strcmp(arg, "--check-content") == 0) {
            if (!next)
                return usage_error("%s needs a folder", arg);
            return check_content(next, false);
        } else if (strcmp(arg, "--config") == 0 || strcmp(arg, "--script") == 0 ||
                   strcmp(arg, "--screenshots") == 0 || strcmp(arg, "--size") == 0) {
            if (!next)
                return usage_error("%s needs a value", arg);
            i++;
            if (strcmp(arg, "--config") == 0)
                config_path = next;
            else if (strcmp(arg, "--script") == 0)
                options.script_path = next;
            else if (strcmp(arg, "--screenshots") == 0)
                options.screenshot_dir = next;
            else if (!parse_size(next, &options.width, &options.height))
                return usage_error("--size '%s' is not like 800x480", next);
        } else {
            return usage_error("unknown argument '%s'", arg);
        }
    }
    if (!config_path)
        return usage_error("%s", "--config FILE is required");

    kiosk_config config;
    char err[2048];
    /* The delivery check reads the files the keys name (password, TLS):
     * a configuration error like any other. */
    if (kiosk_config_load(config_path, &config, err, sizeof err) != SR_OK ||
        kiosk_delivery_check(&config, err, sizeof err) != SR_OK) {
        fprintf(stderr, "staffroom-kiosk: %s\n", err);
        if (show_problem && !check_only) {
            kiosk_problem problem;
            kiosk_problem_parse(err, &problem);
            return kiosk_problem_show(&problem, &options);
        }
        return 2;
    }
    if (check_only) {
        kiosk_config_print(&config, stdout);
        return check_content(config.content_dir, true);
    }
    sysclock_trust_wall_clock(config.trust_wall_clock); /* before any thread starts */
    options.show_problem = show_problem;
    return kiosk_run(&config, &options);
}
