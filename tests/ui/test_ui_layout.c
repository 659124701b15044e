/* test_ui_layout.c -- every screen, at every supported size, in every
 * language of the shipped content, laid out with real SDL_ttf measurements:
 *
 *   - no text overflows its box (nothing is clipped or cut)
 *   - no two texts, and no text and symbol, overlap on screen
 *   - every text has contrast >= 4.5:1 with what is drawn under it
 *   - every touch target is at least 88 logical px square and 16 logical px
 *     from every other target (logical px: see ui_theme.h), lies on the
 *     screen, has a unique id, and a tap on its centre finds it
 *   - every symbol named is one the SDL layer can draw
 *
 * The flow is driven through its real events (flow.c), so "every screen"
 * means every state a person can reach, every page of every list, every
 * toolkit item scrolled to its top and bottom, and every keyboard page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>
#include <cmocka.h>

#include "content/content_load.h"
#include "core/flow.h"
#include "sdl/sdl_icons.h"
#include "sdl/sdl_text.h"
#include "testutil.h"
#include "ui/ui_layout.h"
#include "ui/ui_theme.h"

static const int SIZES[][2] = {{800, 480}, {720, 1280}, {1920, 1080}, {1024, 600}, {480, 800}};

typedef struct fixture {
    sdl_text *text;
    ui_measure measure;
    content_pack pack;
    flow_config config;
    flow flow;
    ui_admin_status admin;
    int width, height, lang;
    int64_t now;
    int frames_checked;
} fixture;

static ui_frame frame; /* large: one, reused */

/* ---- the pack: the shipped one plus an optional free-text question -------- */

static char *dup_or_die(const char *s)
{
    char *copy = strdup(s);
    assert_non_null(copy);
    return copy;
}

static void add_text_question(content_pack *pack)
{
    content_question *q = &pack->questions[pack->n_questions++];
    memset(q, 0, sizeof *q);
    snprintf(q->id, sizeof q->id, "comment");
    q->type = QUESTION_TEXT;
    q->max_length = 200;
    for (int l = 0; l < pack->n_langs; l++)
        q->prompt.s[l] = dup_or_die(strcmp(pack->lang_code[l], "cy") == 0
                                        ? "Unrhyw beth arall yr hoffech ei ddweud wrth y tîm llesiant?"
                                        : "Anything else you would like the wellbeing team to know?");
}

static int setup(void **state)
{
    static fixture fx;
    memset(&fx, 0, sizeof fx);
    if (TTF_Init() != 0)
        return -1;
    char err[512], dir[1024];
    if (sdl_text_create(NULL, NULL, NULL, &fx.text, err, sizeof err) != SR_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    fx.measure = sdl_text_measure(fx.text);
    content_report *report = calloc(1, sizeof *report);
    sr_status st = content_load(testutil_source_path(dir, sizeof dir, "assets/content"), &fx.pack,
                                report);
    if (st != SR_OK)
        content_report_print(report, stderr);
    free(report);
    if (st != SR_OK)
        return -1;
    add_text_question(&fx.pack);
    flow_config_defaults(&fx.config);
    snprintf(fx.config.admin_pin, sizeof fx.config.admin_pin, "1234");
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    sdl_text_destroy(fx->text);
    content_pack_free(&fx->pack);
    TTF_Quit();
    return 0;
}

/* ---- the checks on one frame ------------------------------------------------ */

static int min_target(const fixture *fx)
{
    int s_short = fx->width < fx->height ? fx->width : fx->height;
    int s_long = fx->width < fx->height ? fx->height : fx->width;
    double s = (double)s_short / 480.0 < (double)s_long / 800.0 ? (double)s_short / 480.0
                                                                  : (double)s_long / 800.0;
    return (int)(UI_TARGET_MIN * s);
}

static int min_gap(const fixture *fx)
{
    return min_target(fx) * UI_TARGET_GAP / UI_TARGET_MIN;
}

/* Distance between two rectangles along the axis where they are apart. */
static int rect_gap(ui_rect a, ui_rect b)
{
    int dx = b.x - (a.x + a.w) > a.x - (b.x + b.w) ? b.x - (a.x + a.w) : a.x - (b.x + b.w);
    int dy = b.y - (a.y + a.h) > a.y - (b.y + b.h) ? b.y - (a.y + a.h) : a.y - (b.y + b.h);
    return dx > dy ? dx : dy;
}

static bool on_screen(const fixture *fx, ui_rect r)
{
    return r.x >= 0 && r.y >= 0 && r.x + r.w <= fx->width && r.y + r.h <= fx->height;
}

static void check_targets(const fixture *fx, const char *where)
{
    int min = min_target(fx), gap = min_gap(fx);
    for (int i = 0; i < frame.n_targets; i++) {
        const ui_target *t = &frame.targets[i];
        if (t->rect.w < min || t->rect.h < min)
            fail_msg("%s: target '%s' is %dx%d, smaller than %dx%d", where, t->id, t->rect.w,
                     t->rect.h, min, min);
        if (!on_screen(fx, t->rect))
            fail_msg("%s: target '%s' (%d,%d %dx%d) is off the screen", where, t->id, t->rect.x,
                     t->rect.y, t->rect.w, t->rect.h);
        const ui_target *hit = ui_frame_hit(&frame, t->rect.x + t->rect.w / 2,
                                            t->rect.y + t->rect.h / 2);
        if (hit != t)
            fail_msg("%s: a tap on the centre of '%s' finds '%s'", where, t->id,
                     hit ? hit->id : "nothing");
        for (int j = i + 1; j < frame.n_targets; j++) {
            const ui_target *u = &frame.targets[j];
            if (strcmp(t->id, u->id) == 0)
                fail_msg("%s: two targets are called '%s'", where, t->id);
            if (rect_gap(t->rect, u->rect) < gap)
                fail_msg("%s: targets '%s' and '%s' are %d px apart, need %d", where, t->id,
                         u->id, rect_gap(t->rect, u->rect), gap);
        }
    }
}

/* Where the ink of a text command actually is (its measured width). */
static ui_rect ink_rect(const fixture *fx, const ui_cmd *c)
{
    int w = fx->measure.text_width(fx->measure.ctx, c->font, c->size, c->text, strlen(c->text));
    ui_rect r = {c->rect.x, c->rect.y, w, c->rect.h};
    if (c->align == UI_ALIGN_CENTER)
        r.x += (c->rect.w - w) / 2;
    else if (c->align == UI_ALIGN_RIGHT)
        r.x += c->rect.w - w;
    return r;
}

static bool overlaps(ui_rect a, ui_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The fill colour under point (x, y) just before command `before`. */
static ui_color colour_under(int before, int x, int y)
{
    for (int i = before - 1; i >= 0; i--) {
        const ui_cmd *c = &frame.cmds[i];
        if (c->type != UI_CMD_RECT || !ui_rect_contains(c->rect, x, y))
            continue;
        int b = c->border;
        ui_rect inner = {c->rect.x + b, c->rect.y + b, c->rect.w - 2 * b, c->rect.h - 2 * b};
        if (b > 0 && !ui_rect_contains(inner, x, y))
            return c->border_color;
        if (c->color.a)
            return c->color;
    }
    return (ui_color){255, 255, 255, 255};
}

static void check_text(const fixture *fx, const char *where)
{
    for (int i = 0; i < frame.n_cmds; i++) {
        const ui_cmd *c = &frame.cmds[i];
        if (c->type == UI_CMD_ICON && !sdl_icon_known(c->text))
            fail_msg("%s: no drawing for symbol '%s'", where, c->text);
        if (c->type != UI_CMD_TEXT)
            continue;
        ui_rect ink = ink_rect(fx, c);
        if (!on_screen(fx, ink))
            fail_msg("%s: text \"%s\" is off the screen", where, c->text);
        ui_color bg = colour_under(i, ink.x + ink.w / 2, ink.y + ink.h / 2);
        double ratio = ui_theme_contrast(c->color, bg);
        if (ratio < UI_CONTRAST_MIN)
            fail_msg("%s: text \"%s\" has contrast %.2f:1 with its background", where, c->text,
                     ratio);
        for (int j = i + 1; j < frame.n_cmds; j++) {
            const ui_cmd *d = &frame.cmds[j];
            ui_rect other = d->type == UI_CMD_TEXT ? ink_rect(fx, d) : d->rect;
            if ((d->type == UI_CMD_TEXT || d->type == UI_CMD_ICON) && overlaps(ink, other))
                fail_msg("%s: text \"%s\" overlaps %s \"%s\"", where, c->text,
                         d->type == UI_CMD_TEXT ? "text" : "symbol", d->text);
        }
    }
}

static void check_frame(fixture *fx, const char *where)
{
    if (frame.overflow_count > 0)
        fail_msg("%s: %d text(s) do not fit, first: %s", where, frame.overflow_count,
                 frame.overflow_first);
    if (frame.capacity_exceeded)
        fail_msg("%s: the frame ran out of room", where);
    check_targets(fx, where);
    check_text(fx, where);
    fx->frames_checked++;
}

static void build(fixture *fx, const ui_view *view)
{
    ui_input in = {&fx->flow, &fx->pack, &fx->measure, &fx->admin, view, fx->width, fx->height,
                   fx->now};
    ui_build(&frame, &in);
}

/* Checks the current screen with every page, keyboard page and scroll end
 * it has. */
static void visit(fixture *fx, const char *what)
{
    char where[256];
    ui_view view;
    ui_view_reset(&view);
    ui_view_sync(&view, &fx->flow);
    build(fx, &view);
    int pages = frame.page_count, key_pages = frame.key_page_count, scroll = frame.scroll_max;
    for (int p = 0; p < pages; p++) {
        for (int k = 0; k < key_pages; k++) {
            view.page = p;
            view.key_page = k;
            view.scroll = 0;
            build(fx, &view);
            snprintf(where, sizeof where, "%dx%d %s %s (page %d, keys %d)", fx->width, fx->height,
                     fx->pack.lang_code[fx->lang], what, p + 1, k + 1);
            check_frame(fx, where);
        }
    }
    if (scroll > 0) {
        view.page = view.key_page = 0;
        view.scroll = scroll;
        build(fx, &view);
        snprintf(where, sizeof where, "%dx%d %s %s (scrolled to the end)", fx->width, fx->height,
                 fx->pack.lang_code[fx->lang], what);
        check_frame(fx, where);
    }
}

/* ---- driving the flow ---------------------------------------------------------- */

static void send(fixture *fx, flow_event_type type, int arg, const char *text)
{
    flow_event ev = {type, arg, text};
    fx->now += 1000;
    flow_handle(&fx->flow, &ev, fx->now, NULL);
}

/* A fresh session in language lang (language chosen: CHECKIN). */
static void start(fixture *fx)
{
    fx->now += 3600 * 1000; /* past any cooldown */
    flow_init(&fx->flow, &fx->pack, &fx->config, fx->now);
    send(fx, FLOW_EV_LANGUAGE, fx->lang, NULL);
}

static void long_text(char *out, size_t size, int chars)
{
    static const char words[] = "the night was long and the ward was busy but we coped ";
    size_t n = 0;
    for (int i = 0; i < chars && n + 1 < size; i++)
        out[n++] = words[i % (int)(sizeof words - 1)];
    out[n] = '\0';
}

static void visit_checkin(fixture *fx, int score_option, bool fail_commit)
{
    start(fx);
    fx->flow.state = FLOW_IDLE; /* the attract screen looks the same in any language */
    visit(fx, "checkin");
    fx->flow.state = FLOW_CHECKIN;
    send(fx, FLOW_EV_SCORE, score_option, NULL);
    for (int q = 1; q < fx->pack.n_questions; q++) {
        char what[64];
        snprintf(what, sizeof what, "followup %d", q);
        visit(fx, what);
        if (fx->pack.questions[q].type == QUESTION_MULTI) {
            for (int o = 0; o < fx->pack.questions[q].n_options; o += 2)
                send(fx, FLOW_EV_TOGGLE, o, NULL);
        } else {
            char text[512];
            long_text(text, sizeof text, fx->pack.questions[q].max_length);
            send(fx, FLOW_EV_TEXT, 0, text);
        }
        snprintf(what, sizeof what, "followup %d answered", q);
        visit(fx, what);
        if (q + 1 < fx->pack.n_questions)
            send(fx, FLOW_EV_NEXT, 0, NULL);
    }
    send(fx, FLOW_EV_DONE, 0, NULL);
    visit(fx, "saving");
    send(fx, fail_commit ? FLOW_EV_COMMIT_FAILED : FLOW_EV_COMMIT_OK, 0, NULL);
    visit(fx, fail_commit ? "save-failed" : score_option == 0 ? "thanks (suggestions)" : "thanks");
}

static void visit_toolkit(fixture *fx)
{
    start(fx);
    send(fx, FLOW_EV_TOOLKIT, 0, NULL);
    visit(fx, "toolkit");
    for (int c = 0; c < fx->pack.n_categories; c++) {
        send(fx, FLOW_EV_CATEGORY, c, NULL);
        char what[96];
        snprintf(what, sizeof what, "category %s", fx->pack.categories[c].id);
        visit(fx, what);
        int items[CONTENT_MAX_ITEMS];
        int n = content_items_in_category(&fx->pack, c, items, CONTENT_MAX_ITEMS);
        for (int i = 0; i < n; i++) {
            send(fx, FLOW_EV_ITEM, items[i], NULL);
            snprintf(what, sizeof what, "item %s", fx->pack.items[items[i]].id);
            visit(fx, what);
            send(fx, FLOW_EV_BACK, 0, NULL);
        }
        send(fx, FLOW_EV_BACK, 0, NULL);
    }
}

static void visit_still_there(fixture *fx)
{
    start(fx);
    send(fx, FLOW_EV_SCORE, 1, NULL);
    fx->now += fx->config.idle_timeout_ms;
    flow_tick(&fx->flow, fx->now);
    assert_int_equal(fx->flow.state, FLOW_STILL_THERE);
    visit(fx, "still-there");
}

static void fill_admin(ui_admin_status *a)
{
    memset(a, 0, sizeof *a);
    snprintf(a->device_id, sizeof a->device_id, "kiosk-royal-infirmary-ward-27-staffroom");
    snprintf(a->site, sizeof a->site, "Royal Infirmary of Somewhere Quite Long");
    snprintf(a->area, sizeof a->area, "Ward 27 (Acute Medical Unit)");
    snprintf(a->content_version, sizeof a->content_version, "2026.11-sample");
    a->content_from_cache = true;
    a->content_problems = 3;
    snprintf(a->content_refused, sizeof a->content_refused,
             "toolkit.json: $.items[12].helps_with[3]: unknown answer option "
             "\"rest-space-2\" (the options are in questions.json) (and 2 more in the log)");
    snprintf(a->app_version, sizeof a->app_version, "0.1.0");
    a->answers_waiting = 123456;
    a->oldest_age_seconds = 3 * 86400;
    a->items_counted = 42;
    snprintf(a->last_send, sizeof a->last_send, "never (delivery not set up yet)");
    snprintf(a->broker, sizeof a->broker, "not configured");
    a->disk_free_bytes = 12LL << 30;
    snprintf(a->last_error, sizeof a->last_error,
             "answer not saved: /var/lib/staffroom/outbox.db: put: database or disk is full "
             "(SQLite error 13, SQLITE_FULL) while writing the answer");
    a->commits = 1234;
    a->discards = 56;
}

static void visit_admin(fixture *fx)
{
    start(fx);
    send(fx, FLOW_EV_CORNER_HOLD, 5000, NULL);
    assert_int_equal(fx->flow.state, FLOW_ADMIN_PIN);
    visit(fx, "admin-pin");
    for (int d = 1; d <= 4; d++)
        send(fx, FLOW_EV_PIN_DIGIT, d + 4, NULL);
    visit(fx, "admin-pin (4 digits)");
    send(fx, FLOW_EV_PIN_ENTER, 0, NULL);
    visit(fx, "admin-pin (wrong)");
    for (int d = 1; d <= 4; d++)
        send(fx, FLOW_EV_PIN_DIGIT, d, NULL);
    send(fx, FLOW_EV_PIN_ENTER, 0, NULL);
    assert_int_equal(fx->flow.state, FLOW_ADMIN);
    fill_admin(&fx->admin);
    visit(fx, "admin");
}

/* ---- the test ------------------------------------------------------------------ */

static void test_every_screen_every_size_every_language(void **state)
{
    fixture *fx = *state;
    for (size_t s = 0; s < sizeof SIZES / sizeof SIZES[0]; s++) {
        fx->width = SIZES[s][0];
        fx->height = SIZES[s][1];
        for (fx->lang = 0; fx->lang < fx->pack.n_langs; fx->lang++) {
            visit_checkin(fx, 0, false); /* worst score: suggestions */
            visit_checkin(fx, fx->pack.questions[0].n_options - 1, false);
            visit_checkin(fx, 2, true);
            visit_toolkit(fx);
            visit_still_there(fx);
            visit_admin(fx);
        }
    }
    printf("checked %d frames\n", fx->frames_checked);
}

/* The screens the issue names exist and carry the ids scripts rely on. */
static void test_stable_ids(void **state)
{
    fixture *fx = *state;
    fx->width = 800;
    fx->height = 480;
    fx->lang = 0;
    start(fx);
    build(fx, NULL);
    const char *checkin_ids[] = {"mood-1", "mood-2", "mood-3", "mood-4", "mood-5", "toolkit",
                                 "lang-en", "lang-cy", "admin-corner"};
    for (size_t i = 0; i < sizeof checkin_ids / sizeof checkin_ids[0]; i++)
        if (!ui_frame_find(&frame, checkin_ids[i]))
            fail_msg("checkin screen has no '%s'", checkin_ids[i]);
    send(fx, FLOW_EV_SCORE, 1, NULL);
    build(fx, NULL);
    const char *followup_ids[] = {"back", "skip", "next", "done", "chip-workload"};
    for (size_t i = 0; i < sizeof followup_ids / sizeof followup_ids[0]; i++)
        if (!ui_frame_find(&frame, followup_ids[i]))
            fail_msg("followup screen has no '%s'", followup_ids[i]);
}

/* ---- item text scrolling, chips' symbols ------------------------------------ */

static const ui_cmd *find_icon_in(ui_rect r, const char *name)
{
    for (int i = 0; i < frame.n_cmds; i++) {
        const ui_cmd *c = &frame.cmds[i];
        if (c->type == UI_CMD_ICON && strcmp(c->text, name) == 0 &&
            ui_rect_contains(r, c->rect.x + c->rect.w / 2, c->rect.y + c->rect.h / 2))
            return c;
    }
    return NULL;
}

static const ui_cmd *find_icon(const char *name)
{
    return find_icon_in((ui_rect){0, 0, frame.width, frame.height}, name);
}

/* After a check-in the faces rest until the cooldown ends: drawn without
 * their colour tint (so a tap that does nothing does not surprise anyone),
 * yet still targets, so the flow can refuse the tap; then they come back. */
static void test_faces_rest_during_the_cooldown(void **state)
{
    fixture *fx = *state;
    fx->width = 800;
    fx->height = 480;
    fx->lang = 0;
    start(fx);
    send(fx, FLOW_EV_SCORE, 4, NULL);
    send(fx, FLOW_EV_DONE, 0, NULL);
    send(fx, FLOW_EV_COMMIT_OK, 0, NULL);
    send(fx, FLOW_EV_HOME, 0, NULL);
    assert_int_equal(fx->flow.state, FLOW_IDLE);
    assert_false(flow_can_check_in(&fx->flow, fx->now));
    build(fx, NULL);
    ui_color screen = ui_theme_palette()->screen;
    for (int i = 1; i <= 5; i++) {
        char face[32], id[32];
        snprintf(face, sizeof face, "face-%d", i);
        snprintf(id, sizeof id, "mood-%d", i);
        const ui_cmd *icon = find_icon(face);
        assert_non_null(icon);
        assert_memory_equal(&icon->fill, &screen, sizeof screen); /* no tint */
        assert_non_null(ui_frame_find(&frame, id));
    }
    fx->now += fx->config.cooldown_ms;
    flow_tick(&fx->flow, fx->now);
    build(fx, NULL);
    const ui_cmd *icon = find_icon("face-1");
    assert_non_null(icon);
    assert_memory_not_equal(&icon->fill, &screen, sizeof screen); /* tinted again */
}

/* The scroll buttons at scroll position `scroll`: both drawn (they never
 * jump), each a target only when it can move the text. */
static void check_scroll_buttons(const char *item, int scroll)
{
    bool up = scroll > 0, down = scroll < frame.scroll_max;
    if (!find_icon("arrow-up") || !find_icon("arrow-down"))
        fail_msg("item %s scrolled to %d: a scroll button is not drawn", item, scroll);
    if ((ui_frame_find(&frame, "scroll-up") != NULL) != up ||
        (ui_frame_find(&frame, "scroll-down") != NULL) != down)
        fail_msg("item %s scrolled to %d of %d: scroll-up %s, scroll-down %s", item, scroll,
                 frame.scroll_max, up ? "should work" : "should be off",
                 down ? "should work" : "should be off");
}

static bool shows_bold(const char *text)
{
    for (int i = 0; i < frame.n_cmds; i++)
        if (frame.cmds[i].type == UI_CMD_TEXT && frame.cmds[i].font == UI_FONT_BOLD &&
            strcmp(frame.cmds[i].text, text) == 0)
            return true;
    return false;
}

/* Every item, every size: text that fits has no scroll buttons; text that
 * scrolls has both, the one that cannot go further dimmed (no target); and
 * "Good for" is a bold heading over the good_for text (seen at the end). */
static void test_item_scroll_buttons_and_good_for_heading(void **state)
{
    fixture *fx = *state;
    int scrolling = 0, fitting = 0;
    fx->lang = 0;
    for (size_t s = 0; s < sizeof SIZES / sizeof SIZES[0]; s++) {
        fx->width = SIZES[s][0];
        fx->height = SIZES[s][1];
        for (int item = 0; item < fx->pack.n_items; item++) {
            const char *id = fx->pack.items[item].id;
            start(fx);
            send(fx, FLOW_EV_TOOLKIT, 0, NULL);
            send(fx, FLOW_EV_CATEGORY, fx->pack.items[item].category, NULL);
            send(fx, FLOW_EV_ITEM, item, NULL);
            ui_view view;
            ui_view_reset(&view);
            ui_view_sync(&view, &fx->flow);
            build(fx, &view);
            if (frame.scroll_max == 0) {
                fitting++;
                if (ui_frame_find(&frame, "scroll-up") || ui_frame_find(&frame, "scroll-down") ||
                    find_icon("arrow-up") || find_icon("arrow-down"))
                    fail_msg("item %s fits, yet shows scroll buttons", id);
                assert_true(shows_bold("Good for"));
                continue;
            }
            scrolling++;
            for (view.scroll = 0; view.scroll <= frame.scroll_max; view.scroll++) {
                build(fx, &view);
                check_scroll_buttons(id, view.scroll);
            }
            assert_true(shows_bold("Good for")); /* at the end of the text */
        }
    }
    assert_true(scrolling > 0 && fitting > 0);
}

/* A page of chips shows the options' own symbols on every chip or on none
 * (never a ragged mix), and where there is room it does. */
static void test_chip_symbols_all_or_none(void **state)
{
    fixture *fx = *state;
    int pages_with_symbols = 0;
    for (size_t s = 0; s < sizeof SIZES / sizeof SIZES[0]; s++) {
        fx->width = SIZES[s][0];
        fx->height = SIZES[s][1];
        for (fx->lang = 0; fx->lang < fx->pack.n_langs; fx->lang++) {
            start(fx);
            send(fx, FLOW_EV_SCORE, 1, NULL);
            for (int q = 1; q < fx->pack.n_questions; q++) {
                const content_question *question = &fx->pack.questions[q];
                if (question->type != QUESTION_MULTI)
                    break;
                ui_view view;
                ui_view_reset(&view);
                ui_view_sync(&view, &fx->flow);
                build(fx, &view);
                for (view.page = 0; view.page < frame.page_count; view.page++) {
                    build(fx, &view);
                    int chips = 0, with = 0;
                    for (int o = 0; o < question->n_options; o++) {
                        char id[UI_ID_MAX];
                        snprintf(id, sizeof id, "chip-%s", question->options[o].id);
                        const ui_target *t = ui_frame_find(&frame, id);
                        if (!t)
                            continue;
                        chips++;
                        with += find_icon_in(t->rect, question->options[o].icon) != NULL;
                    }
                    if (with != 0 && with != chips)
                        fail_msg("%dx%d %s %s page %d: %d of %d chips show their symbol",
                                 fx->width, fx->height, fx->pack.lang_code[fx->lang],
                                 question->id, view.page + 1, with, chips);
                    pages_with_symbols += with > 0;
                }
                send(fx, FLOW_EV_NEXT, 0, NULL);
            }
        }
    }
    assert_true(pages_with_symbols > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stable_ids),
        cmocka_unit_test(test_faces_rest_during_the_cooldown),
        cmocka_unit_test(test_every_screen_every_size_every_language),
        cmocka_unit_test(test_item_scroll_buttons_and_good_for_heading),
        cmocka_unit_test(test_chip_symbols_all_or_none),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
