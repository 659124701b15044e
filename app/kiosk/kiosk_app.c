/* kiosk_app.c -- the kiosk's wiring between input, flow, outbox and screen
 * (see kiosk_app.h).
 *
 * The rule this file exists to keep: "thank you" is shown only after
 * outbox_put() returned SR_OK. A failed put (disk full, read-only card, an
 * outbox that cannot even be opened) becomes FLOW_EV_COMMIT_FAILED -- a calm
 * "not saved" screen -- and its reason is kept for the admin screen and
 * printed to stderr (the journal), never a crash.
 */
#include "kiosk_app.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/privacy.h"
#include "../platform/sysclock.h"
#include "../ui/ui_keyboard.h"
#include "answer_json.h"
#include "kiosk_clock.h"
#include "kiosk_content.h"
#include "kiosk_delivery.h"

/* ---- opening ------------------------------------------------------------ */

static void set_flow_config(kiosk_app *app)
{
    const kiosk_config *c = app->config;
    flow_config *f = &app->flow_config;
    flow_config_defaults(f);
    f->idle_timeout_ms = (int64_t)c->idle_timeout_seconds * 1000;
    f->still_there_ms = (int64_t)c->still_there_seconds * 1000;
    f->thanks_ms = (int64_t)c->thanks_seconds * 1000;
    f->cooldown_ms = (int64_t)c->cooldown_seconds * 1000;
    f->low_score_max = c->low_score_max;
    snprintf(f->admin_pin, sizeof f->admin_pin, "%.*s", FLOW_PIN_MAX, c->admin_pin);
}

static void note_error(kiosk_app *app, const char *what, const char *why)
{
    snprintf(app->last_error, sizeof app->last_error, "%s: %s", what, why);
    fprintf(stderr, "staffroom-kiosk: %s\n", app->last_error);
}

sr_status kiosk_app_privacy_policy(const kiosk_config *c, privacy_policy *policy, char *err,
                                   size_t err_size)
{
    privacy_policy_defaults(policy);
    err[0] = '\0';
    if (privacy_parse_grain(c->time_granularity, &policy->grain) != SR_OK ||
        (c->shifts[0] && privacy_parse_shifts(c->shifts, policy, err, err_size) != SR_OK)) {
        if (!err[0])
            snprintf(err, err_size, "[privacy] time_granularity: '%s' is not hour, shift or day",
                     c->time_granularity);
        return SR_E_CONFIG;
    }
    return SR_OK;
}

void kiosk_app_note_busy(kiosk_app *app, int64_t started_ms)
{
    int64_t busy = sysclock_mono_ms() - started_ms;
    if (busy > app->longest_busy_ms)
        app->longest_busy_ms = busy;
}

/* Opens the outbox if it is not open; a failure is kept, not fatal: the
 * kiosk still shows the toolkit, and every answer says "not saved". */
static outbox *ensure_outbox(kiosk_app *app)
{
    if (app->outbox)
        return app->outbox;
    const kiosk_config *c = app->config;
    privacy_policy policy;
    char err[512] = "";
    if (kiosk_app_privacy_policy(c, &policy, err, sizeof err) != SR_OK) {
        note_error(app, "[privacy]", err);
        return NULL;
    }
    if (outbox_open(c->store_path, &policy, &app->outbox, err, sizeof err) != SR_OK) {
        note_error(app, "outbox", err);
        app->outbox = NULL;
        return NULL;
    }
    kiosk_clock_opened(app, app->now);
    return app->outbox;
}

static int open_display(kiosk_app *app, const kiosk_options *o, char *err, size_t err_size)
{
    const kiosk_config *c = app->config;
    sdl_display_options d = {
        .headless = o->headless,
        .fullscreen = c->fullscreen && !o->headless,
        .width = o->width > 0 ? o->width : c->width,
        .height = o->height > 0 ? o->height : c->height, /* logical: as staff see it */
        .rotation = c->rotation,
        .title = "Staffroom",
    };
    sr_status st = sdl_display_open(&d, &app->display, err, err_size);
    if (st != SR_OK)
        return st == SR_E_CONFIG ? 2 : 1;
    app->measure = sdl_text_measure(app->display->text);
    return 0;
}

int kiosk_app_open(kiosk_app *app, const kiosk_config *config, const kiosk_options *options,
                   int64_t now, char *err, size_t err_size)
{
    memset(app, 0, sizeof *app);
    app->config = config;
    app->headless = options->headless;
    app->now = now;
    app->frame = calloc(1, sizeof *app->frame);
    int code = app->frame ? 0 : 1;
    if (!app->frame)
        snprintf(err, err_size, "out of memory");
    if (code == 0)
        code = kiosk_content_open(app, now, err, err_size);
    if (code == 0) {
        set_flow_config(app);
        flow_init(&app->flow, &app->pack, &app->flow_config, now);
        ensure_outbox(app);
        code = kiosk_delivery_start(app, err, err_size); /* after the outbox (it opens its own) */
    }
    if (code == 0) {
        code = open_display(app, options, err, err_size);
    }
    if (code != 0) {
        kiosk_app_close(app);
        return code;
    }
    ui_view_reset(&app->view);
    ui_pointer_reset(&app->pointer);
    kiosk_app_build(app);
    return 0;
}

void kiosk_app_close(kiosk_app *app)
{
    sdl_display_close(app->display);
    kiosk_delivery_stop(app); /* says goodbye to the broker; before the outbox closes */
    outbox_close(app->outbox);
    kiosk_content_close(app);
    free(app->frame);
    memset(app, 0, sizeof *app);
}

/* ---- what the flow asks for ---------------------------------------------- */

static void commit(kiosk_app *app, int64_t now)
{
    char *payload = answer_json_build(&app->pack, flow_get_answer(&app->flow));
    sr_status st = SR_E_NOMEM;
    if (!payload) {
        note_error(app, "answer", "could not build the answer (out of memory)");
    } else if (ensure_outbox(app)) {
        sysclock_reading clock;
        sysclock_read(&clock);
        st = outbox_put(app->outbox, "answer", payload, &clock, NULL);
        if (st != SR_OK)
            note_error(app, "answer not saved", outbox_last_error(app->outbox));
        else
            kiosk_clock_after_put(app, &clock, now);
        kiosk_delivery_after_write(app, st);
    }
    free(payload);
    flow_event ev = {st == SR_OK ? FLOW_EV_COMMIT_OK : FLOW_EV_COMMIT_FAILED, 0, NULL};
    flow_handle(&app->flow, &ev, now, NULL);
}

static void count_item_opened(kiosk_app *app)
{
    const content_item *item = &app->pack.items[app->flow.item];
    if (!ensure_outbox(app))
        return;
    sysclock_reading clock;
    sysclock_read(&clock);
    sr_status st = outbox_count_use(app->outbox, item->id, &clock);
    if (st != SR_OK)
        note_error(app, "toolkit use not counted", outbox_last_error(app->outbox));
    kiosk_delivery_after_write(app, st);
}

static void dispatch(kiosk_app *app, flow_event_type type, int arg, const char *text, int64_t now)
{
    flow_event ev = {type, arg, text};
    switch (flow_handle(&app->flow, &ev, now, NULL)) {
    case FLOW_ACT_COMMIT: commit(app, now); break;
    case FLOW_ACT_ITEM_OPENED: count_item_opened(app); break;
    default: break;
    }
}

/* ---- input ---------------------------------------------------------------- */

static void type_key(kiosk_app *app, const ui_target *t, int64_t now)
{
    int q = app->flow.question;
    const content_question *question = &app->pack.questions[q];
    char text[sizeof app->flow.answer.text[0]];
    int max = question->max_length > 0 ? question->max_length : CONTENT_TEXT_MAX_LENGTH;
    if (app->flow.state == FLOW_FOLLOWUP && question->type == QUESTION_TEXT &&
        ui_keyboard_apply(t, app->flow.answer.text[q], max, text, sizeof text))
        dispatch(app, FLOW_EV_TEXT, 0, text, now);
    else
        dispatch(app, FLOW_EV_TOUCH, 0, NULL, now);
}

static int next_page(int page, int count)
{
    return count > 1 ? (page + 1) % count : 0;
}

static void handle_tap(kiosk_app *app, const ui_tap *tap, int64_t now)
{
    const ui_target *t = &tap->target;
    if (tap->kind == UI_TAP_NONE)
        return;
    if (tap->kind == UI_TAP_TOUCH) {
        dispatch(app, FLOW_EV_TOUCH, 0, NULL, now);
        return;
    }
    switch (t->kind) {
    case UI_TARGET_FLOW: dispatch(app, t->event, t->arg, NULL, now); return;
    case UI_TARGET_KEY:
    case UI_TARGET_KEY_DELETE: type_key(app, t, now); return;
    case UI_TARGET_KEY_PAGE:
        app->view.key_page = next_page(app->view.key_page, app->frame->key_page_count);
        break;
    case UI_TARGET_PAGE: app->view.page = next_page(app->view.page, app->frame->page_count); break;
    case UI_TARGET_SCROLL: app->view.scroll += t->arg * app->frame->scroll_page; break;
    case UI_TARGET_CORNER: {
        int held = tap->held_ms > INT_MAX ? INT_MAX : (int)tap->held_ms;
        dispatch(app, FLOW_EV_CORNER_HOLD, held, NULL, now);
        return;
    }
    }
    dispatch(app, FLOW_EV_TOUCH, 0, NULL, now); /* paging and scrolling are activity */
}

void kiosk_app_press(kiosk_app *app, int x, int y, int64_t now)
{
    app->now = now;
    if (ui_pointer_press(&app->pointer, app->frame, x, y, now))
        snprintf(app->view.pressed, sizeof app->view.pressed, "%s", app->pointer.pressed);
    kiosk_app_build(app);
}

void kiosk_app_release(kiosk_app *app, int x, int y, int64_t now)
{
    app->now = now;
    ui_tap tap = ui_pointer_release(&app->pointer, app->frame, x, y, now);
    app->view.pressed[0] = '\0';
    handle_tap(app, &tap, now);
    kiosk_app_build(app);
}

/* The admin corner under a finger that is still down, or NULL. */
static const ui_target *held_corner(const kiosk_app *app)
{
    if (!app->pointer.down || !app->pointer.pressed[0])
        return NULL;
    const ui_target *t = ui_frame_find(app->frame, app->pointer.pressed);
    return t && t->kind == UI_TARGET_CORNER ? t : NULL;
}

/* A long press is answered as soon as it is long enough, not on release:
 * the PIN pad appearing under the finger is the feedback that it worked. */
static void fire_corner_hold(kiosk_app *app, int64_t now)
{
    int64_t held = now - app->pointer.down_at;
    if (!held_corner(app) || held < flow_admin_hold_ms(&app->flow))
        return;
    app->pointer.down = false; /* the release that follows taps nothing */
    app->pointer.pressed[0] = '\0';
    app->view.pressed[0] = '\0';
    dispatch(app, FLOW_EV_CORNER_HOLD, held > INT_MAX ? INT_MAX : (int)held, NULL, now);
    kiosk_app_build(app);
}

void kiosk_app_tick(kiosk_app *app, int64_t now)
{
    app->now = now;
    if (flow_tick(&app->flow, now) != FLOW_ACT_NONE)
        kiosk_app_build(app);
    fire_corner_hold(app, now);
    kiosk_content_poll(app, now); /* after the timers: a return to IDLE may swap a new pack in */
    kiosk_clock_poll(app, now);
    kiosk_delivery_tick(app, now);
}

int64_t kiosk_app_next_deadline(const kiosk_app *app, int64_t now)
{
    int64_t deadline = flow_next_deadline(&app->flow, now);
    int64_t content = kiosk_content_next_check(app, now);
    if (content < deadline)
        deadline = content;
    int64_t clock = kiosk_clock_next_check(app, now);
    if (clock < deadline)
        deadline = clock;
    int64_t delivery = kiosk_delivery_next_check(app, now);
    if (delivery < deadline)
        deadline = delivery;
    if (held_corner(app)) {
        int64_t hold_done = app->pointer.down_at + flow_admin_hold_ms(&app->flow);
        if (hold_done < deadline)
            deadline = hold_done;
    }
    return deadline;
}

/* ---- output --------------------------------------------------------------- */

static bool screen_changed(const ui_view *v, const flow *f)
{
    return v->seen_state != f->state || v->seen_question != f->question ||
           v->seen_category != f->category || v->seen_item != f->item;
}

static void log_overflow(const ui_frame *frame)
{
    static char last[UI_OVERFLOW_NOTE_MAX];
    if (frame->overflow_count == 0 || strcmp(last, frame->overflow_first) == 0)
        return;
    snprintf(last, sizeof last, "%s", frame->overflow_first);
    fprintf(stderr, "staffroom-kiosk: layout: text does not fit: %s\n", last);
}

/* A desktop window's title names the screen ("Staffroom - followup"): handy
 * when trying the kiosk out, and what the X11 window test waits on. A
 * fullscreen kiosk shows no title, so nothing of this reaches staff. */
static void title_screen(kiosk_app *app)
{
    if (!app->display->window)
        return;
    char title[64];
    snprintf(title, sizeof title, "Staffroom - %s", flow_state_name(app->flow.state));
    SDL_SetWindowTitle(app->display->window, title);
}

void kiosk_app_build(kiosk_app *app)
{
    if (screen_changed(&app->view, &app->flow)) {
        ui_pointer_screen_changed(&app->pointer, app->now);
        title_screen(app);
    }
    ui_view_sync(&app->view, &app->flow);
    if (app->flow.state == FLOW_ADMIN)
        kiosk_admin_fill(app);
    ui_input in = {&app->flow, &app->pack, &app->measure, &app->admin, &app->view,
                   app->display->width, app->display->height, app->now};
    ui_build(app->frame, &in);
    if (ui_view_clamp(&app->view, app->frame))
        ui_build(app->frame, &in);
    log_overflow(app->frame);
}

bool kiosk_app_present(kiosk_app *app, bool force)
{
    uint64_t hash = ui_frame_hash(app->frame);
    if (!force && hash == app->presented_hash)
        return false;
    sdl_display_present(app->display, app->frame);
    app->presented_hash = hash;
    app->redraws++;
    return true;
}

sr_status kiosk_app_screenshot(kiosk_app *app, const char *path, char *err, size_t err_size)
{
    sr_status st = sdl_display_save_png(app->display, app->frame, path, err, err_size);
    app->presented_hash = 0; /* the back buffer now differs from the screen */
    return st;
}
