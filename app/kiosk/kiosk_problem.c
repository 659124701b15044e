/* kiosk_problem.c -- the configuration problem screen (see kiosk_problem.h).
 *
 * The promise: a kiosk with a bad configuration file shows which file, line
 * and key are wrong and why, and then does nothing at all -- no busy loop,
 * no restart loop -- until it is told to stop. It sleeps in sigtimedwait()
 * with SIGTERM and SIGINT blocked, so a stop request can never slip in
 * between a check and a sleep; it wakes only to feed systemd's watchdog (at
 * most every half interval) and, without one, once a minute to redraw a
 * window that was exposed. SIGHUP (`systemctl reload`) is taken too and
 * ignored: there is no content to reload, and its default action would
 * kill the process.
 */
#include "kiosk_problem.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "../core/version.h"
#include "../platform/sdnotify.h"
#include "../platform/sysclock.h"
#include "../sdl/sdl_display.h"
#include "../sdl/sdl_render.h"
#include "../ui/ui_problem.h"

#define KIOSK_PROBLEM_IDLE_MS 60000

/* "FILE:LINE" -> file and line; false when text does not end in ":digits". */
static bool split_line_number(const char *text, size_t len, kiosk_problem *p)
{
    size_t digits = 0;
    while (digits < len && text[len - 1 - digits] >= '0' && text[len - 1 - digits] <= '9')
        digits++;
    if (digits == 0 || digits > 9 || digits + 1 >= len || text[len - 1 - digits] != ':')
        return false;
    size_t file_len = len - 1 - digits;
    snprintf(p->file, sizeof p->file, "%.*s", (int)file_len, text);
    p->line = atoi(text + file_len + 1);
    return true;
}

void kiosk_problem_parse(const char *message, kiosk_problem *p)
{
    memset(p, 0, sizeof *p);
    snprintf(p->message, sizeof p->message, "%s", message);
    const char *rest = message;
    const char *colon = strstr(message, ": ");
    /* The part before the first ": " names the file (with a line number when
     * it is about one line); only a path-looking part is taken as one. */
    if (colon && colon > message && !memchr(message, ' ', (size_t)(colon - message))) {
        if (!split_line_number(message, (size_t)(colon - message), p))
            snprintf(p->file, sizeof p->file, "%.*s", (int)(colon - message), message);
        rest = colon + 2;
    }
    /* "[section] key: reason" or "[section]: reason" */
    const char *key_end = rest[0] == '[' ? strstr(rest, ": ") : NULL;
    if (key_end && memchr(rest, ']', (size_t)(key_end - rest))) {
        snprintf(p->key, sizeof p->key, "%.*s", (int)(key_end - rest), rest);
        rest = key_end + 2;
    }
    snprintf(p->reason, sizeof p->reason, "%s", *rest ? rest : message);
}

void kiosk_problem_build(const kiosk_problem *p, ui_frame *frame, const ui_measure *measure,
                         int width, int height)
{
    char line[16], footer[96];
    snprintf(line, sizeof line, "%d", p->line);
    snprintf(footer, sizeof footer, "staffroom-kiosk %s -- waiting; nothing is being recorded",
             STAFFROOM_VERSION);
    /* kiosk_content_open's words: no pack at all, not even a last good one. */
    bool content = strncmp(p->message, "no usable content pack", 22) == 0;
    ui_problem screen = {
        .title = KIOSK_PROBLEM_TITLE,
        .summary = content ? "This kiosk cannot start: it has no usable content pack."
                           : "This kiosk cannot start: its configuration file has a mistake.",
        .action = content ? "Fix the content folder (or reinstall the staffroom-kiosk "
                            "package), then restart the kiosk."
                          : "Fix staffroom.ini on the boot partition, then restart the kiosk.",
        .footer = footer,
    };
    if (p->file[0])
        screen.facts[screen.n_facts++] = (ui_problem_fact){"File", p->file, false};
    if (p->line > 0)
        screen.facts[screen.n_facts++] = (ui_problem_fact){"Line", line, false};
    if (p->key[0])
        screen.facts[screen.n_facts++] = (ui_problem_fact){"Setting", p->key, false};
    screen.facts[screen.n_facts++] = (ui_problem_fact){"Problem", p->reason, true};
    ui_problem_build(frame, &screen, measure, width, height);
}

static sr_status open_screen(const kiosk_options *o, sdl_display **display, char *err,
                             size_t err_size)
{
    kiosk_config defaults;
    kiosk_config_defaults(&defaults);
    sdl_display_options d = {
        .headless = o->headless,
        .fullscreen = defaults.fullscreen && !o->headless,
        .width = o->width > 0 ? o->width : defaults.width,
        .height = o->height > 0 ? o->height : defaults.height,
        .title = "Staffroom: " KIOSK_PROBLEM_TITLE,
    };
    return sdl_display_open(&d, display, err, err_size);
}

/* Draws the frame; saves it first when asked (pixels read before the
 * present, which may leave the back buffer undefined). */
static void show(sdl_display *d, const ui_frame *frame, const char *shot_path)
{
    sdl_render_frame(d->renderer, d->text, d->shapes, frame);
    char err[512];
    if (shot_path && sdl_render_save_png(d->renderer, shot_path, err, sizeof err) != SR_OK)
        fprintf(stderr, "staffroom-kiosk: %s\n", err);
    SDL_RenderPresent(d->renderer);
}

/* Handles what SDL queued while asleep: true when asked to quit (a window
 * closed); *redraw when the screen needs drawing again. */
static bool drain_events(bool *redraw)
{
    SDL_Event e;
    bool quit = false;
    while (SDL_PollEvent(&e)) {
        if (e.type == SDL_QUIT)
            quit = true;
        else if (e.type == SDL_WINDOWEVENT || e.type == SDL_RENDER_TARGETS_RESET ||
                 e.type == SDL_RENDER_DEVICE_RESET)
            *redraw = true;
    }
    return quit;
}

/* Sleeps until a stop signal; feeds the watchdog meanwhile, and draws the
 * screen again (rebuilt, if its size changed) when SDL says it was spoilt. */
static void wait_for_stop(const sigset_t *signals, sdnotify *notify, sdl_display *d,
                          ui_frame *frame, const kiosk_problem *p)
{
    for (;;) {
        int64_t now = sysclock_mono_ms();
        sdnotify_watchdog_tick(notify, now);
        int64_t wake = sdnotify_watchdog_due(notify);
        if (wake > now + KIOSK_PROBLEM_IDLE_MS)
            wake = now + KIOSK_PROBLEM_IDLE_MS;
        int64_t ms = wake > now ? wake - now : 0;
        struct timespec timeout = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
        int sig = sigtimedwait(signals, NULL, &timeout);
        if (sig == SIGTERM || sig == SIGINT)
            return;
        bool redraw = false;
        if (drain_events(&redraw))
            return;
        if (redraw) {
            if (sdl_display_update_size(d)) {
                ui_measure measure = sdl_text_measure(d->text);
                kiosk_problem_build(p, frame, &measure, d->width, d->height);
            }
            show(d, frame, NULL);
        }
    }
}

/* What systemd shows as the unit's status line. */
static void notify_ready(sdnotify *notify, const kiosk_problem *p)
{
    char status[SDNOTIFY_MESSAGE_MAX - 32];
    snprintf(status, sizeof status, "%s: %.900s", KIOSK_PROBLEM_TITLE, p->message);
    if (sdnotify_ready(notify, status) != SR_OK)
        fprintf(stderr, "staffroom-kiosk: could not tell systemd it is ready\n");
}

int kiosk_problem_show(const kiosk_problem *p, const kiosk_options *options)
{
    /* Blocked before SDL starts, so any thread SDL makes inherits the mask
     * and the signals can only be taken by sigtimedwait() below. */
    sigset_t signals, old;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, &old);
    char err[1024];
    int code = 1;
    sdnotify notify;
    if (sdnotify_open(&notify, sysclock_mono_ms(), err, sizeof err) != SR_OK)
        fprintf(stderr, "staffroom-kiosk: %s\n", err);
    sdl_display *d = NULL;
    ui_frame *frame = calloc(1, sizeof *frame);
    if (!frame) {
        fprintf(stderr, "staffroom-kiosk: out of memory\n");
        goto done;
    }
    if (open_screen(options, &d, err, sizeof err) != SR_OK) {
        fprintf(stderr, "staffroom-kiosk: cannot show the configuration problem: %s\n", err);
        goto done;
    }
    ui_measure measure = sdl_text_measure(d->text);
    kiosk_problem_build(p, frame, &measure, d->width, d->height);
    char shot[KIOSK_CONFIG_PATH_MAX + 64] = "";
    if (options->screenshot_dir)
        snprintf(shot, sizeof shot, "%s/%s", options->screenshot_dir, KIOSK_PROBLEM_SHOT_NAME);
    show(d, frame, shot[0] ? shot : NULL);
    notify_ready(&notify, p);
    wait_for_stop(&signals, &notify, d, frame, p);
    sdnotify_stopping(&notify);
    code = 2;
done:
    sdl_display_close(d);
    free(frame);
    sdnotify_close(&notify);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return code;
}
