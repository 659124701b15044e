/* ui_theme.h -- the kiosk's colours and sizes, and the rule that scales them.
 *
 * Colours: a calm, NHS-like palette. Every piece of text is drawn in one of
 * the ui_style pairs below (ink on a background), never in a free colour,
 * so checking every style's contrast (WCAG 2.x, >= 4.5:1) checks every text
 * the kiosk can show. Faces and symbols differ by shape, never by colour
 * alone; their tints are a third, redundant cue.
 *
 * Sizes: the layout is designed in LOGICAL pixels for an 800x480 screen.
 * One logical pixel is
 *     s = min(short side / 480, long side / 800)  physical pixels,
 * so 800x480 is 1:1, 720x1280 portrait is 1.5 (a 480x853 logical screen),
 * and 1920x1080 is 2.25. Every touch target is at least 88 logical px
 * square with 16 logical px between targets, i.e. 88*s and 16*s physical.
 *
 * Ownership: everything here is static and read-only.
 */
#ifndef SR_UI_THEME_H
#define SR_UI_THEME_H

#include <stdbool.h>

#include "ui_frame.h"

/* Design sizes, logical pixels (see above). */
#define UI_BASE_WIDTH 800
#define UI_BASE_HEIGHT 480
#define UI_TARGET_MIN 88  /* smallest touch target side */
#define UI_TARGET_GAP 16  /* smallest gap between two targets */
#define UI_MARGIN 16      /* screen edge to content */
#define UI_RADIUS 12      /* corner radius of buttons and tiles */
#define UI_CONTRAST_MIN 4.5

/* Font sizes, logical px. Text is shrunk to fit its box down to
 * UI_SIZE_MIN, never below (it is then reported as overflowing). */
#define UI_SIZE_TITLE 32
#define UI_SIZE_HEADING 26
#define UI_SIZE_BODY 22
#define UI_SIZE_LABEL 20
#define UI_SIZE_SMALL 18
#define UI_SIZE_MIN 16

typedef enum ui_style {
    UI_STYLE_SCREEN,    /* dark text on the screen background */
    UI_STYLE_MUTED,     /* secondary text on the screen background */
    UI_STYLE_TILE,      /* dark text on a white tile or card */
    UI_STYLE_TILE_MUTED,/* secondary text on a white tile */
    UI_STYLE_PRIMARY,   /* white on NHS blue: main buttons, selected chips */
    UI_STYLE_SECONDARY, /* NHS blue on white: other buttons */
    UI_STYLE_PRESSED,   /* white on dark blue: a target under a finger */
    UI_STYLE_URGENT,    /* white on emergency red: urgent help */
    UI_STYLE_HEADER,    /* white on NHS blue: title bars */
    UI_STYLE_NOTICE,    /* dark text on a pale yellow notice */
    UI_STYLE_ERROR,     /* dark red text on white: admin errors */
    UI_STYLE_COUNT
} ui_style;

typedef struct ui_style_colors {
    const char *name;
    ui_color ink;       /* text and symbols */
    ui_color background;
    ui_color border;    /* outline of buttons in this style (alpha 0: none) */
} ui_style_colors;

typedef struct ui_palette {
    ui_color screen;     /* the screen background */
    ui_color shadow;     /* subtle edge under tiles */
    ui_color face_tint[5]; /* pale backgrounds of the five faces, worst first */
    ui_color divider;
} ui_palette;

const ui_style_colors *ui_theme_style(ui_style style);
const ui_palette *ui_theme_palette(void);

/* WCAG 2.x relative luminance of an sRGB colour (0..1) and the contrast
 * ratio of two colours (1..21, order does not matter). */
double ui_theme_luminance(ui_color color);
double ui_theme_contrast(ui_color a, ui_color b);

/* Sizes for one screen, in physical pixels. */
typedef struct ui_metrics {
    int width, height;
    bool portrait;
    int scale_milli;   /* s * 1000 */
    int target;        /* UI_TARGET_MIN scaled */
    int gap;           /* UI_TARGET_GAP scaled */
    int margin;
    int radius;
} ui_metrics;

void ui_metrics_for(ui_metrics *metrics, int width, int height);

/* A logical length in physical pixels (rounded). */
int ui_px(const ui_metrics *metrics, int logical);

#endif
