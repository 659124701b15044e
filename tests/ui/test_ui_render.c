/* test_ui_render.c -- the SDL executor, headless (offscreen driver,
 * software renderer, real fonts):
 *
 *   - drawing the same screen again rasterises no text again (the cache)
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
    sdl_render_frame(fx->display->renderer, fx->display->text, &frame);
    long first = rasterised(fx) - before;
    assert_true(first > 5); /* the check-in screen has text */
    sdl_render_frame(fx->display->renderer, fx->display->text, &frame);
    assert_int_equal(rasterised(fx) - before, first);
    /* to the toolkit and back: only the toolkit's own texts are new */
    send(fx, FLOW_EV_TOOLKIT, 0);
    build(fx);
    sdl_render_frame(fx->display->renderer, fx->display->text, &frame);
    long with_toolkit = rasterised(fx);
    send(fx, FLOW_EV_HOME, 0);
    build(fx);
    sdl_render_frame(fx->display->renderer, fx->display->text, &frame);
    assert_int_equal(rasterised(fx), with_toolkit);
    sdl_text_stats s;
    sdl_text_get_stats(fx->display->text, &s);
    assert_true(s.hits >= first);
    printf("check-in screen: %ld texts rasterised once, %ld cache hits so far\n", first, s.hits);
}

static const ui_cmd *find_qr(void)
{
    for (int i = 0; i < frame.n_cmds; i++)
        if (frame.cmds[i].type == UI_CMD_QR)
            return &frame.cmds[i];
    return NULL;
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
    sdl_render_frame(fx->display->renderer, fx->display->text, &frame);
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
    sdl_render_frame(fx->display->renderer, fx->display->text, &frame);
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
        cmocka_unit_test(test_qr_code_is_scannable_size_with_quiet_zone),
        cmocka_unit_test(test_faces_differ_without_colour),
        cmocka_unit_test(test_screenshot_is_a_png_of_the_screen),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
