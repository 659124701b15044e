/* kiosk_harness.c -- the kiosk in-process on a virtual clock, fed real SDL
 * events (see kiosk_harness.h).
 */
#include "kiosk_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "content/content_load.h"
#include "kiosk/kiosk_events.h"
#include "store/outbox.h"
#include "testutil.h"

void kiosk_harness_config(kiosk_harness *h, const char *name)
{
    memset(h, 0, sizeof *h);
    testutil_fresh_dir(h->dir, sizeof h->dir, name);
    kiosk_config *c = &h->config;
    kiosk_config_defaults(c);
    snprintf(c->device_id, sizeof c->device_id, "harness-kiosk");
    snprintf(c->store_path, sizeof c->store_path, "%s/outbox.db", h->dir);
    testutil_source_path(c->content_dir, sizeof c->content_dir, "assets/content");
    snprintf(c->content_cache_dir, sizeof c->content_cache_dir, "%s/last-good", h->dir);
    snprintf(c->admin_pin, sizeof c->admin_pin, "1234");
    c->fullscreen = false;
}

void kiosk_harness_open(kiosk_harness *h)
{
    kiosk_harness_open_sized(h, 800, 480);
}

void kiosk_harness_open_sized(kiosk_harness *h, int width, int height)
{
    kiosk_options options = {.headless = true, .width = width, .height = height};
    char err[2048] = "";
    h->app = calloc(1, sizeof *h->app);
    assert_non_null(h->app);
    h->now = KIOSK_HARNESS_START_MS;
    int code = kiosk_app_open(h->app, &h->config, &options, h->now, err, sizeof err);
    if (code != 0) {
        free(h->app);
        h->app = NULL;
        fail_msg("kiosk_app_open: exit %d: %s", code, err);
    }
    kiosk_harness_step(h, 0);
}

void kiosk_harness_close(kiosk_harness *h)
{
    if (!h->app)
        return;
    kiosk_app_close(h->app);
    free(h->app);
    h->app = NULL;
}

void kiosk_harness_step(kiosk_harness *h, int64_t advance_ms)
{
    h->now += advance_ms;
    assert_true(kiosk_events_step(h->app, h->now));
}

void kiosk_harness_centre(const kiosk_harness *h, const char *id, int *x, int *y)
{
    const ui_target *t = ui_frame_find(h->app->frame, id);
    if (!t) {
        char ids[2048];
        ui_frame_list_ids(h->app->frame, ids, sizeof ids);
        fail_msg("no target '%s' on screen '%s'; targets: %s", id, kiosk_harness_screen(h), ids);
    }
    *x = t->rect.x + t->rect.w / 2;
    *y = t->rect.y + t->rect.h / 2;
}

static Uint32 window_id(const kiosk_harness *h)
{
    return SDL_GetWindowID(h->app->display->window);
}

void kiosk_harness_push_finger(const kiosk_harness *h, Uint32 type, int x, int y,
                               SDL_TouchID touch, SDL_FingerID finger)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.tfinger.touchId = touch;
    e.tfinger.fingerId = finger;
    /* The middle of the pixel, so truncating back to pixels lands on it. */
    e.tfinger.x = ((float)x + 0.5f) / (float)h->app->display->out_width;
    e.tfinger.y = ((float)y + 0.5f) / (float)h->app->display->out_height;
    e.tfinger.pressure = 1.0f;
    e.tfinger.windowID = window_id(h);
    assert_int_equal(SDL_PushEvent(&e), 1);
}

void kiosk_harness_push_mouse(const kiosk_harness *h, Uint32 type, int x, int y, Uint32 which)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.button.which = which;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = 1;
    e.button.x = x;
    e.button.y = y;
    e.button.windowID = window_id(h);
    assert_int_equal(SDL_PushEvent(&e), 1);
}

void kiosk_harness_finger_tap(kiosk_harness *h, const char *id, int64_t advance_ms)
{
    int x, y;
    kiosk_harness_centre(h, id, &x, &y);
    kiosk_harness_push_finger(h, SDL_FINGERDOWN, x, y, 1, 1);
    kiosk_harness_push_finger(h, SDL_FINGERUP, x, y, 1, 1);
    kiosk_harness_step(h, advance_ms);
}

void kiosk_harness_mouse_tap(kiosk_harness *h, const char *id, int64_t advance_ms)
{
    int x, y;
    kiosk_harness_centre(h, id, &x, &y);
    kiosk_harness_push_mouse(h, SDL_MOUSEBUTTONDOWN, x, y, 0);
    kiosk_harness_push_mouse(h, SDL_MOUSEBUTTONUP, x, y, 0);
    kiosk_harness_step(h, advance_ms);
}

const char *kiosk_harness_screen(const kiosk_harness *h)
{
    return flow_state_name(h->app->flow.state);
}

bool kiosk_harness_shows(const kiosk_harness *h, const char *needle)
{
    const ui_frame *f = h->app->frame;
    for (int i = 0; i < f->n_cmds; i++)
        if (f->cmds[i].type == UI_CMD_TEXT && strstr(f->cmds[i].text, needle))
            return true;
    return false;
}

int kiosk_harness_answers(const kiosk_harness *h, cJSON *out[KIOSK_HARNESS_MAX_ANSWERS])
{
    outbox_entry entries[KIOSK_HARNESS_MAX_ANSWERS];
    int n = 0;
    assert_non_null(h->app->outbox);
    assert_int_equal(outbox_take_unsent(h->app->outbox, KIOSK_HARNESS_MAX_ANSWERS, entries, &n),
                     SR_OK);
    for (int i = 0; i < n; i++) {
        assert_string_equal(entries[i].kind, "answer");
        out[i] = cJSON_Parse(entries[i].payload);
        assert_non_null(out[i]);
    }
    outbox_entries_free(entries, n);
    return n;
}

void kiosk_harness_answers_free(cJSON *answers[], int n)
{
    for (int i = 0; i < n; i++)
        cJSON_Delete(answers[i]);
}

void kiosk_harness_chosen(const cJSON *answer, const char *question, char *out, size_t size)
{
    const cJSON *followups = cJSON_GetObjectItemCaseSensitive(answer, "followups");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(followups, question);
    assert_true(cJSON_IsArray(list));
    out[0] = '\0';
    const cJSON *id;
    cJSON_ArrayForEach(id, list)
    {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", used ? " " : "", id->valuestring);
    }
}

