/* kiosk_content.c -- loading the content pack at start and picking up a new
 * one while running (see kiosk_content.h).
 *
 * The promise: the pack on screen is always a whole, validated pack, and it
 * never changes under someone's finger. A new pack is loaded (and checked)
 * as soon as it is asked for, so a refusal shows on the admin screen at
 * once; a good one is only swapped in when the flow is IDLE, because
 * flow_set_content() ends any session.
 *
 *     running pack ──(reload asked)──> load ──bad──> keep running, note refusal
 *                                       │
 *                                      good
 *                                       v
 *                                 pending_pack ──(flow IDLE)──> swap in
 *
 * Invariants: app->pack is always a complete pack (the flow points at it);
 * app->pending_pack is NULL or a complete pack that has not been shown;
 * a pack is swapped in only while flow.state == FLOW_IDLE and no finger
 * is down.
 */
#include "kiosk_content.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../content/content_load.h"
#include "../content/content_update.h"
#include "kiosk_signals.h"

/* pack.json's identity now; exists = false when it cannot be read. */
static kiosk_file_stamp pack_stamp(const char *dir)
{
    kiosk_file_stamp s = {0, 0, 0, false};
    char path[KIOSK_CONFIG_PATH_MAX + 16];
    struct stat st;
    snprintf(path, sizeof path, "%s/pack.json", dir);
    if (stat(path, &st) != 0)
        return s;
    s.mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    s.size = (long long)st.st_size;
    s.inode = (unsigned long long)st.st_ino;
    s.exists = true;
    return s;
}

static bool same_stamp(const kiosk_file_stamp *a, const kiosk_file_stamp *b)
{
    return a->exists == b->exists && a->mtime_ns == b->mtime_ns && a->size == b->size &&
           a->inode == b->inode;
}

/* The configured [ui] language, when the pack has it. */
static void apply_language(const kiosk_app *app, content_pack *pack)
{
    const char *code = app->config->language;
    if (!code[0])
        return;
    int lang = content_lang_index(pack, code);
    if (lang >= 0)
        pack->default_lang = lang;
    else
        fprintf(stderr, "staffroom-kiosk: [ui] language '%s' is not in the content pack; using '%s'\n",
                code, pack->lang_code[pack->default_lang]);
}

/* Keeps the first real problem of a refused pack for the admin screen. */
static void note_refused(kiosk_app *app, const content_report *report)
{
    int total = report->n_problems + report->n_more;
    app->content_problems = total;
    app->content_refused[0] = '\0';
    if (report->n_problems == 0)
        return;
    const content_problem *p = &report->problems[0];
    int n = snprintf(app->content_refused, sizeof app->content_refused, "%s: %s: %s", p->file,
                     p->path, p->reason);
    if (total > 1 && n >= 0 && (size_t)n < sizeof app->content_refused)
        snprintf(app->content_refused + n, sizeof app->content_refused - (size_t)n,
                 " (and %d more in the log)", total - 1);
}

/* A good pack could not be kept as the last good copy: not a refusal, but
 * not silent either. */
static void note_cache_problem(kiosk_app *app, const content_report *report)
{
    if (report->n_problems == 0)
        return;
    const content_problem *p = &report->problems[0];
    snprintf(app->last_error, sizeof app->last_error, "content: %.40s: %.180s", p->file,
             p->reason);
}

/* The folder to load: the pack last received over MQTT (signed, checked
 * and installed by the forwarder) when content updates are on and one has
 * arrived; otherwise the configured folder. */
static const char *source_dir(const kiosk_app *app, char *buf, size_t size)
{
    const kiosk_config *c = app->config;
    char err[256];
    if (c->content_public_key[0] &&
        content_update_current(c->content_update_dir, buf, size, err, sizeof err) == SR_OK)
        return buf;
    return c->content_dir;
}

int kiosk_content_open(kiosk_app *app, int64_t now, char *err, size_t err_size)
{
    const kiosk_config *c = app->config;
    content_report *report = calloc(1, sizeof *report);
    if (!report) {
        snprintf(err, err_size, "out of memory");
        return 1;
    }
    bool used_cache = false;
    char buf[KIOSK_CONFIG_PATH_MAX + 64];
    const char *dir = source_dir(app, buf, sizeof buf);
    app->pack_stamp = pack_stamp(dir);
    app->next_pack_check = now + KIOSK_CONTENT_CHECK_MS;
    sr_status st = content_load_keep_good(dir, c->content_cache_dir, &app->pack, report,
                                          &used_cache);
    content_report_print(report, stderr);
    app->content_from_cache = used_cache;
    if (used_cache)
        note_refused(app, report);
    else if (st == SR_OK)
        note_cache_problem(app, report);
    if (st != SR_OK) {
        const content_problem *p = &report->problems[0];
        if (report->n_problems > 0)
            snprintf(err, err_size, "no usable content pack in %s: %s: %s: %s (%d problem%s in all; "
                     "every one is in the log)", dir, p->file, p->path, p->reason,
                     report->n_problems + report->n_more,
                     report->n_problems + report->n_more == 1 ? "" : "s");
        else
            snprintf(err, err_size, "no usable content pack in %s", dir);
        free(report);
        return 2;
    }
    free(report);
    if (used_cache)
        fprintf(stderr, "staffroom-kiosk: content in %s refused; running the last good copy %s\n",
                dir, app->pack.version);
    apply_language(app, &app->pack);
    return 0;
}

void kiosk_content_request_reload(kiosk_app *app)
{
    app->reload_requested = true;
}

static void drop_pending(kiosk_app *app)
{
    if (!app->pending_pack)
        return;
    content_pack_free(app->pending_pack);
    free(app->pending_pack);
    app->pending_pack = NULL;
}

void kiosk_content_close(kiosk_app *app)
{
    drop_pending(app);
    content_pack_free(&app->pack);
}

/* Loads the configured folder now. A good pack becomes the pending one (a
 * newer good one replaces an older pending one) and clears the refusal
 * note; a bad one is refused, and whatever runs or waits stays. */
static void reload(kiosk_app *app)
{
    const kiosk_config *c = app->config;
    content_report *report = calloc(1, sizeof *report);
    content_pack *fresh = calloc(1, sizeof *fresh);
    bool used_cache = false;
    if (!report || !fresh) { /* not retried at once: that would spin; the next signal will */
        fprintf(stderr, "staffroom-kiosk: content reload: out of memory; still running %s\n",
                app->pack.version);
        goto done;
    }
    char buf[KIOSK_CONFIG_PATH_MAX + 64];
    const char *dir = source_dir(app, buf, sizeof buf);
    app->pack_stamp = pack_stamp(dir);
    sr_status st = content_load_keep_good(dir, c->content_cache_dir, fresh, report, &used_cache);
    if (st != SR_OK || used_cache) {
        fprintf(stderr, "staffroom-kiosk: new content in %s refused; still running %s:\n", dir,
                app->pack.version);
        content_report_print(report, stderr);
        note_refused(app, report);
        if (st == SR_OK)
            content_pack_free(fresh); /* the last good copy: what already runs */
        goto done;
    }
    content_report_print(report, stderr); /* a copy that could not be kept, if any */
    note_cache_problem(app, report);
    apply_language(app, fresh);
    app->content_problems = 0;
    app->content_refused[0] = '\0';
    drop_pending(app);
    app->pending_pack = fresh;
    fresh = NULL;
    fprintf(stderr, "staffroom-kiosk: content %s loaded from %s\n", app->pending_pack->version,
            dir);
done:
    free(fresh);
    free(report);
}

/* The flow is IDLE: the pending pack replaces the running one in place
 * (the flow keeps pointing at app->pack) and the flow is reset onto it
 * before anything reads the pack again. */
static void swap_in(kiosk_app *app, int64_t now)
{
    content_pack_free(&app->pack);
    app->pack = *app->pending_pack; /* moves the owned strings; nothing is copied */
    free(app->pending_pack);
    app->pending_pack = NULL;
    flow_set_content(&app->flow, &app->pack, now);
    app->content_from_cache = false;
    ui_view_reset(&app->view); /* scroll offsets and pages of the old pack */
}

/* Only at IDLE (flow_set_content would end a check-in), and not under a
 * finger that is still down: its release belongs to the screen it pressed. */
static bool swap_allowed(const kiosk_app *app)
{
    return app->flow.state == FLOW_IDLE && !app->pointer.down;
}

/* Once a minute while IDLE: has pack.json changed since it was loaded? */
static void look_at_pack(kiosk_app *app, int64_t now)
{
    if (app->flow.state != FLOW_IDLE || now < app->next_pack_check)
        return;
    app->next_pack_check = now + KIOSK_CONTENT_CHECK_MS;
    char buf[KIOSK_CONFIG_PATH_MAX + 64];
    kiosk_file_stamp s = pack_stamp(source_dir(app, buf, sizeof buf));
    if (!same_stamp(&s, &app->pack_stamp))
        app->reload_requested = true;
}

void kiosk_content_poll(kiosk_app *app, int64_t now)
{
    if (kiosk_signals_take_reload())
        app->reload_requested = true;
    look_at_pack(app, now);
    bool changed = false;
    if (app->reload_requested) {
        app->reload_requested = false;
        reload(app);
        changed = true; /* the admin screen may show the refusal */
    }
    if (app->pending_pack && swap_allowed(app)) {
        swap_in(app, now);
        changed = true;
    }
    if (changed)
        kiosk_app_build(app);
}

int64_t kiosk_content_next_check(const kiosk_app *app, int64_t now)
{
    if (app->reload_requested || kiosk_signals_reload_pending())
        return now;
    if (app->flow.state != FLOW_IDLE)
        return INT64_MAX; /* back to IDLE is an input or a flow deadline: a tick follows */
    if (app->pending_pack)
        return swap_allowed(app) ? now : INT64_MAX; /* the finger's release is an input */
    return app->next_pack_check;
}
