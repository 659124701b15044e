/* ui_theme.c -- palette, text styles, contrast and the scaling rule
 * (see ui_theme.h). Colours are the NHS identity palette where one fits:
 * NHS blue #005EB8, dark blue #003087, text #212B32, secondary text
 * #4C6272, pale grey background #F0F4F5, emergency red #D5281B, warm
 * yellow #FFEB3B (notices).
 */
#include "ui_theme.h"

#include <math.h>

#define RGB(hex) {(hex) >> 16 & 0xff, (hex) >> 8 & 0xff, (hex) & 0xff, 255}
#define NONE {0, 0, 0, 0}

static const ui_style_colors STYLES[UI_STYLE_COUNT] = {
    [UI_STYLE_SCREEN] = {"screen", RGB(0x212B32), RGB(0xF0F4F5), NONE},
    [UI_STYLE_MUTED] = {"muted", RGB(0x4C6272), RGB(0xF0F4F5), NONE},
    [UI_STYLE_TILE] = {"tile", RGB(0x212B32), RGB(0xFFFFFF), RGB(0xAEB7BD)},
    [UI_STYLE_TILE_MUTED] = {"tile-muted", RGB(0x4C6272), RGB(0xFFFFFF), RGB(0xAEB7BD)},
    [UI_STYLE_PRIMARY] = {"primary", RGB(0xFFFFFF), RGB(0x005EB8), NONE},
    [UI_STYLE_SECONDARY] = {"secondary", RGB(0x005EB8), RGB(0xFFFFFF), RGB(0x005EB8)},
    [UI_STYLE_PRESSED] = {"pressed", RGB(0xFFFFFF), RGB(0x003087), NONE},
    [UI_STYLE_URGENT] = {"urgent", RGB(0xFFFFFF), RGB(0xD5281B), NONE},
    [UI_STYLE_HEADER] = {"header", RGB(0xFFFFFF), RGB(0x005EB8), NONE},
    [UI_STYLE_NOTICE] = {"notice", RGB(0x212B32), RGB(0xFFF9C4), RGB(0xFFEB3B)},
    [UI_STYLE_ERROR] = {"error", RGB(0xA31B12), RGB(0xFFFFFF), RGB(0xD5281B)},
};

static const ui_palette PALETTE = {
    .screen = RGB(0xF0F4F5),
    .shadow = RGB(0xD8DDE0),
    /* Pale tints, worst to best: a redundant cue next to shape and label. */
    .face_tint = {RGB(0xF9D3CF), RGB(0xFCE4C4), RGB(0xFFF6C4), RGB(0xDCEFD0), RGB(0xC8E6D2)},
    .divider = RGB(0xD8DDE0),
};

const ui_style_colors *ui_theme_style(ui_style style)
{
    if ((int)style < 0 || style >= UI_STYLE_COUNT)
        style = UI_STYLE_SCREEN;
    return &STYLES[style];
}

const ui_palette *ui_theme_palette(void)
{
    return &PALETTE;
}

/* sRGB channel to linear light, as WCAG 2.x defines it. */
static double channel_linear(uint8_t value)
{
    double c = value / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double ui_theme_luminance(ui_color color)
{
    return 0.2126 * channel_linear(color.r) + 0.7152 * channel_linear(color.g) +
           0.0722 * channel_linear(color.b);
}

double ui_theme_contrast(ui_color a, ui_color b)
{
    double la = ui_theme_luminance(a), lb = ui_theme_luminance(b);
    double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
    return (hi + 0.05) / (lo + 0.05);
}

void ui_metrics_for(ui_metrics *m, int width, int height)
{
    int short_side = width < height ? width : height;
    int long_side = width < height ? height : width;
    /* s = min(short/480, long/800), in thousandths, rounded down so that
     * scaled layouts never need more room than the screen has. */
    int by_short = short_side * 1000 / UI_BASE_HEIGHT;
    int by_long = long_side * 1000 / UI_BASE_WIDTH;
    m->width = width;
    m->height = height;
    m->portrait = height > width;
    m->scale_milli = by_short < by_long ? by_short : by_long;
    if (m->scale_milli < 300)
        m->scale_milli = 300;
    m->target = ui_px(m, UI_TARGET_MIN);
    m->gap = ui_px(m, UI_TARGET_GAP);
    m->margin = ui_px(m, UI_MARGIN);
    m->radius = ui_px(m, UI_RADIUS);
}

int ui_px(const ui_metrics *m, int logical)
{
    /* Round half up; lengths are non-negative in practice. */
    long long v = (long long)logical * m->scale_milli;
    return (int)(v >= 0 ? (v + 500) / 1000 : -((-v + 500) / 1000));
}
