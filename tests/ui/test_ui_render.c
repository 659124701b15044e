/* test_ui_render.c -- the SDL executor, headless (offscreen driver,
 * software renderer, real fonts):
 *
 *   - drawing the same screen again rasterises no text again (the cache)
 *   - ... and renders no shape again (the shape cache); a renderer reset
 *     empties it; it never holds more than its capacity
 *   - shapes drawn from the cache are pixel for pixel what drawing them
 *     directly gives: whole screens, every icon, rect styles
 *   - the QR code is big enough to scan from arm's length, drawn in whole
 *     pixels per module, with a white quiet zone of 4 modules
 *   - the five faces differ in shape, not just colour
 *   - a screenshot is a PNG of the screen's size
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>
#include <cmocka.h>

#include "content/content_load.h"
#include "core/flow.h"
#include "sdl/sdl_display.h"
#include "sdl/sdl_icons.h"
#include "sdl/sdl_qr.h"
#include "sdl/sdl_render.h"
#include "sdl/sdl_shapes.h"
#include "testutil.h"
#include "ui/ui_layout.h"

typedef struct fixture {
    sdl_display *display;
    ui_measure measure;
    content_pack pack;
    flow_config config;
    flow flow;
} fixture;

static ui_frame frame;

static int setup(void **state)
{
    static fixture fx;
    memset(&fx, 0, sizeof fx);
    char err[512], dir[1024];
    sdl_display_options o = {.headless = true, .width = 800, .height = 480};
    if (sdl_display_open(&o, &fx.display, err, sizeof err) != SR_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    fx.measure = sdl_text_measure(fx.display->text);
    content_report *report = calloc(1, sizeof *report);
    sr_status st = content_load(testutil_source_path(dir, sizeof dir, "assets/content"), &fx.pack,
                                report);
    free(report);
    if (st != SR_OK)
        return -1;
    flow_config_defaults(&fx.config);
    flow_init(&fx.flow, &fx.pack, &fx.config, 1000000);
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    content_pack_free(&fx->pack);
    sdl_display_close(fx->display);
    return 0;
}

static void build(fixture *fx)
{
    ui_input in = {&fx->flow, &fx->pack, &fx->measure, NULL, NULL, 800, 480, 1000000};
    ui_build(&frame, &in);
}

static void send(fixture *fx, flow_event_type type, int arg)
{
    flow_event ev = {type, arg, NULL};
    flow_handle(&fx->flow, &ev, 1000000, NULL);
}

static long rasterised(const fixture *fx)
{
    sdl_text_stats s;
    sdl_text_get_stats(fx->display->text, &s);
    return s.rasterised;
}

static void test_text_is_rasterised_once(void **state)
{
    fixture *fx = *state;
    flow_init(&fx->flow, &fx->pack, &fx->config, 1000000);
    build(fx);
    long before = rasterised(fx);
    sdl_render_frame(fx->display->renderer, fx->display->text, fx->display->shapes, &frame);
    long first = rasterised(fx) - before;
    assert_true(first > 5); /* the check-in screen has text */
    sdl_render_frame(fx->display->renderer, fx->display->text, fx->display->shapes, &frame);
    assert_int_equal(rasterised(fx) - before, first);
    /* to the toolkit and back: only the toolkit's own texts are new */
    send(fx, FLOW_EV_TOOLKIT, 0);
    build(fx);
    sdl_render_frame(fx->display->renderer, fx->display->text, fx->display->shapes, &frame);
    long with_toolkit = rasterised(fx);
    send(fx, FLOW_EV_HOME, 0);
    build(fx);
    sdl_render_frame(fx->display->renderer, fx->display->text, fx->display->shapes, &frame);
    assert_int_equal(rasterised(fx), with_toolkit);
    sdl_text_stats s;
    sdl_text_get_stats(fx->display->text, &s);
    assert_true(s.hits >= first);
    printf("check-in screen: %ld texts rasterised once, %ld cache hits so far\n", first, s.hits);
}

static Uint32 *read_screen(const fixture *fx)
{
    Uint32 *pixels = malloc(800 * 480 * 4);
    assert_non_null(pixels);
    assert_int_equal(SDL_RenderReadPixels(fx->display->renderer, NULL, SDL_PIXELFORMAT_ARGB8888,
                                          pixels, 800 * 4),
                     0);
    return pixels;
}

static const ui_cmd *find_qr(void)
{
    for (int i = 0; i < frame.n_cmds; i++)
        if (frame.cmds[i].type == UI_CMD_QR)
            return &frame.cmds[i];
    return NULL;
}

static sdl_shapes_stats shape_stats(const fixture *fx)
{
    sdl_shapes_stats s;
    sdl_shapes_get_stats(fx->display->shapes, &s);
    return s;
}

static void render(fixture *fx)
{
    sdl_render_frame(fx->display->renderer, fx->display->text, fx->display->shapes, &frame);
}

static void test_redraw_renders_no_shape_twice(void **state)
{
    fixture *fx = *state;
    sdl_shapes_clear(fx->display->shapes);
    flow_init(&fx->flow, &fx->pack, &fx->config, 1000000);
    build(fx);
    int icons = 0;
    for (int i = 0; i < frame.n_cmds; i++)
        icons += frame.cmds[i].type == UI_CMD_ICON;
    sdl_shapes_stats s0 = shape_stats(fx);
    render(fx);
    sdl_shapes_stats s1 = shape_stats(fx);
    long created = s1.created - s0.created, drawn = s1.hits - s0.hits;
    assert_true(icons >= 5);                    /* the five faces, at least */
    assert_true(created > icons);               /* ... and panel corners */
    assert_true(drawn >= created);              /* every shape went through the cache */
    assert_int_equal(s1.direct, s0.direct);     /* none drawn around it */
    render(fx);
    sdl_shapes_stats s2 = shape_stats(fx);
    assert_int_equal(s2.created, s1.created);   /* the redraw rendered no shape */
    assert_int_equal(s2.hits - s1.hits, drawn); /* and copied every one */
    /* to the toolkit and back: the check-in shapes are still there */
    send(fx, FLOW_EV_TOOLKIT, 0);
    build(fx);
    render(fx);
    long with_toolkit = shape_stats(fx).created;
    send(fx, FLOW_EV_HOME, 0);
    build(fx);
    render(fx);
    assert_int_equal(shape_stats(fx).created, with_toolkit);
    printf("check-in screen: %ld shapes rendered once (%d icons), %d textures, %ld texels\n",
           created, icons, s2.cached, s2.pixels);
}

static void test_renderer_reset_empties_the_shape_cache(void **state)
{
    fixture *fx = *state;
    flow_init(&fx->flow, &fx->pack, &fx->config, 1000000);
    build(fx);
    render(fx);
    sdl_shapes_stats before = shape_stats(fx);
    assert_true(before.cached > 0);
    SDL_Event ev = {.type = SDL_RENDER_TARGETS_RESET};
    assert_int_equal(SDL_PushEvent(&ev), 1);
    SDL_FlushEvent(SDL_RENDER_TARGETS_RESET);
    render(fx);
    sdl_shapes_stats after = shape_stats(fx);
    assert_int_equal(after.resets, before.resets + 1);
    /* nothing from before survived: every texture held was made anew */
    assert_true(after.cached > 0);
    assert_int_equal(after.created - before.created, after.cached);
}

/* Differing pixels between two reads of the screen; prints the first. */
static int count_differences(const Uint32 *a, const Uint32 *b, const char *what)
{
    int n = 0;
    for (int i = 0; i < 800 * 480; i++) {
        if ((a[i] & 0xFFFFFF) == (b[i] & 0xFFFFFF))
            continue;
        if (n++ == 0)
            printf("%s: first difference at (%d,%d): %06x drawn, %06x from the cache\n", what,
                   i % 800, i / 800, (unsigned)(a[i] & 0xFFFFFF), (unsigned)(b[i] & 0xFFFFFF));
    }
    return n;
}

/* The frame drawn directly, then through the cache (twice: from fresh
 * textures and from cached ones), must give the same pixels. */
static void assert_screen_matches(fixture *fx, const char *what)
{
    build(fx);
    sdl_render_frame(fx->display->renderer, fx->display->text, NULL, &frame);
    Uint32 *direct = read_screen(fx);
    for (int pass = 0; pass < 2; pass++) {
        render(fx);
        Uint32 *cached = read_screen(fx);
        int n = count_differences(direct, cached, what);
        free(cached);
        if (n)
            fail_msg("%s: %d pixels differ between direct and cached shapes", what, n);
    }
    free(direct);
}

static void test_cached_screens_match_direct_drawing(void **state)
{
    fixture *fx = *state;
    flow_init(&fx->flow, &fx->pack, &fx->config, 1000000);
    assert_screen_matches(fx, "check-in");
    send(fx, FLOW_EV_SCORE, 1);
    assert_screen_matches(fx, "follow-up");
    send(fx, FLOW_EV_TOOLKIT, 0);
    assert_screen_matches(fx, "toolkit");
    send(fx, FLOW_EV_CATEGORY, 0);
    assert_screen_matches(fx, "category");
    int item = content_item_index(&fx->pack, "talking-therapies");
    assert_true(item >= 0);
    flow_init(&fx->flow, &fx->pack, &fx->config, 1000000);
    send(fx, FLOW_EV_TOOLKIT, 0);
    send(fx, FLOW_EV_CATEGORY, fx->pack.items[item].category);
    send(fx, FLOW_EV_ITEM, item);
    build(fx);
    assert_non_null(find_qr());
    long qr_textures = shape_stats(fx).created;
    assert_screen_matches(fx, "item with a QR code");
    assert_true(shape_stats(fx).created > qr_textures); /* the code is cached too */
}

/* Draws cmds[0..n) directly, then through the cache, and compares. */
static void assert_cmds_match(fixture *fx, const ui_cmd *cmds, int n, const char *what)
{
    SDL_Renderer *r = fx->display->renderer;
    Uint32 *shot[2];
    for (int pass = 0; pass < 2; pass++) {
        SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(r, 240, 244, 245, 255);
        SDL_RenderClear(r);
        for (int i = 0; i < n; i++)
            sdl_shapes_draw(pass ? fx->display->shapes : NULL, r, &cmds[i]);
        shot[pass] = read_screen(fx);
    }
    int differ = count_differences(shot[0], shot[1], what);
    free(shot[0]);
    free(shot[1]);
    if (differ)
        fail_msg("%s: %d pixels differ between direct and cached drawing", what, differ);
}

static const char *const ICON_NAMES[] = {
    "face-1", "face-2", "face-3", "face-4", "face-5", "tick", "tick-circle", "box",
    "box-checked", "arrow-left", "arrow-right", "arrow-up", "arrow-down", "home", "house",
    "book", "urgent", "alert", "info", "clock", "retry", "leaf", "people", "person", "speech",
    "heart", "star", "cup", "bed", "monitor", "calendar", "car", "apple", "sofa", "smile",
    "dash", "stack", "hands", "phone", "compass", "lifebuoy", "lotus", "sun", "no-such-icon"};

static void test_every_icon_from_the_cache_matches(void **state)
{
    fixture *fx = *state;
    /* square and not, odd and even sizes, at odd places; with and without
     * a background disc */
    static const ui_rect at[] = {{17, 11, 24, 24},   {53, 9, 57, 57},    {131, 7, 120, 120},
                                 {275, 13, 91, 60},  {391, 5, 60, 93},   {17, 201, 24, 24},
                                 {53, 199, 57, 57},  {131, 197, 120, 120}, {275, 203, 91, 60},
                                 {391, 195, 60, 93}, {480, 20, 301, 301}};
    const ui_color ink = {0x21, 0x2B, 0x32, 255}, tint = {0xDC, 0xEF, 0xD0, 255};
    for (size_t i = 0; i < sizeof ICON_NAMES / sizeof ICON_NAMES[0]; i++) {
        ui_cmd cmds[sizeof at / sizeof at[0]];
        for (size_t j = 0; j < sizeof at / sizeof at[0]; j++)
            cmds[j] = (ui_cmd){.type = UI_CMD_ICON, .rect = at[j], .color = ink,
                               .fill = at[j].y > 150 ? tint : (ui_color){0, 0, 0, 0},
                               .text = ICON_NAMES[i]};
        assert_true(sdl_icon_known(ICON_NAMES[i]) == (strcmp(ICON_NAMES[i], "no-such-icon") != 0));
        assert_cmds_match(fx, cmds, (int)(sizeof at / sizeof at[0]), ICON_NAMES[i]);
    }
}

static void test_rect_styles_from_the_cache_match(void **state)
{
    fixture *fx = *state;
    const ui_color white = {255, 255, 255, 255}, blue = {0, 0x5E, 0xB8, 255},
                   grey = {0xAE, 0xB7, 0xBD, 255}, glass = {0, 0x5E, 0xB8, 128},
                   none = {0, 0, 0, 0};
    const ui_cmd cmds[] = {
        /* tiles and buttons: radius 12, border 2 */
        {.type = UI_CMD_RECT, .rect = {16, 16, 137, 205}, .color = white, .border_color = grey,
         .border = 2, .radius = 12},
        {.type = UI_CMD_RECT, .rect = {171, 17, 174, 87}, .color = blue, .radius = 12},
        {.type = UI_CMD_RECT, .rect = {361, 15, 99, 61}, .color = white, .border_color = blue,
         .border = 3, .radius = 19},
        /* border wider than the radius; a border with no fill inside */
        {.type = UI_CMD_RECT, .rect = {481, 13, 120, 80}, .color = white, .border_color = blue,
         .border = 9, .radius = 5},
        {.type = UI_CMD_RECT, .rect = {621, 19, 90, 70}, .color = none, .border_color = blue,
         .border = 4, .radius = 14},
        /* pills and discs: too small to nine-slice, cached whole */
        {.type = UI_CMD_RECT, .rect = {17, 241, 201, 31}, .color = blue, .radius = 24},
        {.type = UI_CMD_RECT, .rect = {233, 237, 41, 41}, .color = grey, .radius = 20},
        {.type = UI_CMD_RECT, .rect = {289, 239, 150, 25}, .color = white, .border_color = grey,
         .border = 2, .radius = 12},
        /* square corners, and a translucent fill (both drawn directly) */
        {.type = UI_CMD_RECT, .rect = {457, 241, 60, 40}, .color = blue, .border_color = grey,
         .border = 2},
        {.type = UI_CMD_RECT, .rect = {535, 243, 100, 60}, .color = glass, .radius = 12},
        /* a big panel */
        {.type = UI_CMD_RECT, .rect = {17, 301, 700, 170}, .color = white, .border_color = grey,
         .border = 2, .radius = 31},
    };
    long direct = shape_stats(fx).direct;
    assert_cmds_match(fx, cmds, (int)(sizeof cmds / sizeof cmds[0]), "rects");
    assert_int_equal(shape_stats(fx).direct, direct + 1); /* the translucent one */
}

static void test_shape_cache_keeps_to_its_capacity(void **state)
{
    fixture *fx = *state;
    SDL_Renderer *r = fx->display->renderer;
    sdl_shapes_clear(fx->display->shapes);
    sdl_shapes_stats before = shape_stats(fx);
    ui_cmd cmd = {.type = UI_CMD_ICON, .rect = {10, 10, 40, 40}, .text = "dash"};
    int distinct = SDL_SHAPES_MAX + 40;
    for (int i = 0; i < distinct; i++) {
        cmd.color = (ui_color){(uint8_t)i, (uint8_t)(i >> 8), 0, 255};
        sdl_shapes_draw(fx->display->shapes, r, &cmd);
    }
    sdl_shapes_stats after = shape_stats(fx);
    assert_int_equal(after.created - before.created, distinct);
    assert_int_equal(after.cached, SDL_SHAPES_MAX);
    assert_int_equal(after.evicted - before.evicted, distinct - SDL_SHAPES_MAX);
    assert_true(after.pixels <= SDL_SHAPES_PIXELS_MAX);
    /* big icons: the texel budget, not the count, is what evicts */
    for (int i = 0; i < 40; i++) {
        cmd.rect = (ui_rect){0, 0, 300 + i, 300};
        sdl_shapes_draw(fx->display->shapes, r, &cmd);
    }
    after = shape_stats(fx);
    assert_true(after.pixels <= SDL_SHAPES_PIXELS_MAX);
    assert_true(after.cached < SDL_SHAPES_MAX);
    sdl_shapes_clear(fx->display->shapes);
    assert_int_equal(shape_stats(fx).cached, 0);
    assert_int_equal(shape_stats(fx).pixels, 0);
}

static void test_qr_code_is_scannable_size_with_quiet_zone(void **state)
{
    fixture *fx = *state;
    flow_init(&fx->flow, &fx->pack, &fx->config, 1000000);
    send(fx, FLOW_EV_TOOLKIT, 0);
    int item = content_item_index(&fx->pack, "talking-therapies"); /* the longest URL */
    assert_true(item >= 0);
    send(fx, FLOW_EV_CATEGORY, fx->pack.items[item].category);
    send(fx, FLOW_EV_ITEM, item);
    build(fx);
    const ui_cmd *qr = find_qr();
    assert_non_null(qr);
    assert_string_equal(qr->text, fx->pack.items[item].url);
    sdl_render_frame(fx->display->renderer, fx->display->text, fx->display->shapes, &frame);
    sdl_qr_info info;
    SDL_Rect r = {qr->rect.x, qr->rect.y, qr->rect.w, qr->rect.h};
    assert_int_equal(sdl_qr_draw(fx->display->renderer, qr->text, r, &info), 0);
    printf("QR: %d modules, %d px each, %d px with the quiet zone\n", info.modules,
           info.module_px, info.drawn.w);
    assert_true(info.drawn.w >= 200);
    assert_int_equal(info.drawn.w, (info.modules + 2 * SDL_QR_QUIET_MODULES) * info.module_px);
    Uint32 *px = read_screen(fx);
    int quiet = SDL_QR_QUIET_MODULES * info.module_px;
    for (int y = info.drawn.y; y < info.drawn.y + info.drawn.h; y++) {
        for (int x = info.drawn.x; x < info.drawn.x + info.drawn.w; x++) {
            bool in_zone = x < info.drawn.x + quiet || x >= info.drawn.x + info.drawn.w - quiet ||
                           y < info.drawn.y + quiet || y >= info.drawn.y + info.drawn.h - quiet;
            if (in_zone && (px[y * 800 + x] & 0xFFFFFF) != 0xFFFFFF)
                fail_msg("quiet zone pixel (%d,%d) is not white", x, y);
        }
    }
    /* the finder pattern's corner module, just inside the zone, is dark */
    assert_int_equal(px[(info.drawn.y + quiet) * 800 + info.drawn.x + quiet] & 0xFFFFFF, 0);
    free(px);
}

/* Draws a face in black, no tint, and returns its dark-pixel mask. */
static unsigned char *face_mask(fixture *fx, int face)
{
    SDL_Renderer *r = fx->display->renderer;
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    char name[32];
    snprintf(name, sizeof name, "face-%d", face);
    sdl_icon_draw(r, name, (SDL_Rect){0, 0, 120, 120}, (SDL_Color){0, 0, 0, 255},
                  (SDL_Color){0, 0, 0, 0});
    Uint32 *px = read_screen(fx);
    unsigned char *mask = malloc(120 * 120);
    assert_non_null(mask);
    for (int y = 0; y < 120; y++)
        for (int x = 0; x < 120; x++)
            mask[y * 120 + x] = (px[y * 800 + x] & 0xFF) < 128;
    free(px);
    return mask;
}

static void test_faces_differ_without_colour(void **state)
{
    fixture *fx = *state;
    unsigned char *masks[5];
    for (int i = 0; i < 5; i++)
        masks[i] = face_mask(fx, i + 1);
    for (int i = 0; i < 5; i++) {
        for (int j = i + 1; j < 5; j++) {
            int differ = 0;
            for (int k = 0; k < 120 * 120; k++)
                differ += masks[i][k] != masks[j][k];
            /* at least 4% of the icon's area: a shape you can see, not noise */
            if (differ < 120 * 120 / 25)
                fail_msg("face-%d and face-%d differ in only %d pixels", i + 1, j + 1, differ);
        }
    }
    for (int i = 0; i < 5; i++)
        free(masks[i]);
}

static void test_screenshot_is_a_png_of_the_screen(void **state)
{
    fixture *fx = *state;
    flow_init(&fx->flow, &fx->pack, &fx->config, 1000000);
    build(fx);
    sdl_render_frame(fx->display->renderer, fx->display->text, fx->display->shapes, &frame);
    char path[1024], err[512];
    testutil_path(path, sizeof path, "checkin.png");
    assert_int_equal(sdl_render_save_png(fx->display->renderer, path, err, sizeof err), SR_OK);
    SDL_Surface *s = IMG_Load(path);
    assert_non_null(s);
    assert_int_equal(s->w, 800);
    assert_int_equal(s->h, 480);
    SDL_FreeSurface(s);
    assert_int_equal(sdl_render_save_png(fx->display->renderer, "/nonexistent/dir/x.png", err,
                                         sizeof err),
                     SR_E_IO);
    assert_non_null(strstr(err, "/nonexistent/dir/x.png"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_is_rasterised_once),
        cmocka_unit_test(test_redraw_renders_no_shape_twice),
        cmocka_unit_test(test_renderer_reset_empties_the_shape_cache),
        cmocka_unit_test(test_cached_screens_match_direct_drawing),
        cmocka_unit_test(test_every_icon_from_the_cache_matches),
        cmocka_unit_test(test_rect_styles_from_the_cache_match),
        cmocka_unit_test(test_shape_cache_keeps_to_its_capacity),
        cmocka_unit_test(test_qr_code_is_scannable_size_with_quiet_zone),
        cmocka_unit_test(test_faces_differ_without_colour),
        cmocka_unit_test(test_screenshot_is_a_png_of_the_screen),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
