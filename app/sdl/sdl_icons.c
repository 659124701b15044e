/* sdl_icons.c -- every symbol the kiosk draws, as a few pen strokes in a
 * 100x100 design box (see sdl_icons.h). One small function per symbol and
 * a table from name to function; drawing is plain geometry, so the same
 * code renders crisply at 800x480 and at 1920x1080.
 */
#include "sdl_icons.h"

#include <math.h>
#include <string.h>

#include "sdl_draw.h"

#define PI_F 3.14159265f

typedef void (*icon_fn)(sdl_pen *p, SDL_Color fill);

/* ---- faces --------------------------------------------------------------- */

static void face_outline(sdl_pen *p, int face)
{
    p->width = 5;
    switch (face) {
    case 1: { /* jagged: a zigzag around the face */
        float xy[2 * 24];
        for (int i = 0; i < 24; i++) {
            float a = 2 * PI_F * (float)i / 24.0f, r = i % 2 ? 47.0f : 40.0f;
            xy[2 * i] = 50 + cosf(a) * r;
            xy[2 * i + 1] = 50 + sinf(a) * r;
        }
        p->width = 4;
        sdl_pen_polyline(p, xy, 24, 1);
        break;
    }
    case 2: /* dashed */
        for (int i = 0; i < 12; i++)
            sdl_pen_arc(p, 50, 50, 42, (float)i * 30.0f, (float)i * 30.0f + 14.0f);
        break;
    case 4: /* double */
        p->width = 4;
        sdl_pen_ring(p, 50, 50, 41);
        sdl_pen_ring(p, 50, 50, 48);
        break;
    case 5: /* rays */
        sdl_pen_ring(p, 50, 50, 41);
        p->width = 4;
        for (int i = 0; i < 12; i++) {
            float a = 2 * PI_F * (float)i / 12.0f;
            sdl_pen_line(p, 50 + cosf(a) * 45, 50 + sinf(a) * 45, 50 + cosf(a) * 50,
                         50 + sinf(a) * 50);
        }
        break;
    default: /* plain */
        sdl_pen_ring(p, 50, 50, 42);
        break;
    }
}

static void face_eyes(sdl_pen *p, int face)
{
    p->width = 5;
    if (face == 5) { /* smiling eyes: arches */
        sdl_pen_arc(p, 36, 46, 8, 200, 340);
        sdl_pen_arc(p, 64, 46, 8, 200, 340);
        return;
    }
    if (face == 1) { /* worried brows */
        sdl_pen_line(p, 26, 33, 41, 27);
        sdl_pen_line(p, 74, 33, 59, 27);
    }
    sdl_pen_circle(p, 36, 44, 5);
    sdl_pen_circle(p, 64, 44, 5);
}

static void face_mouth(sdl_pen *p, int face)
{
    p->width = 5;
    switch (face) {
    case 1: sdl_pen_arc(p, 50, 86, 20, 228, 312); break;   /* deep frown */
    case 2: sdl_pen_arc(p, 50, 100, 34, 252, 288); break;  /* slight frown */
    case 3: sdl_pen_line(p, 36, 68, 64, 68); break;        /* straight */
    case 4: sdl_pen_arc(p, 50, 52, 20, 35, 145); break;    /* smile */
    default: { /* open smile: a filled half disc */
        float xy[2 * 14];
        for (int i = 0; i < 14; i++) {
            float a = PI_F * (float)i / 13.0f;
            xy[2 * i] = 50 + cosf(a) * 20;
            xy[2 * i + 1] = 60 + sinf(a) * 18;
        }
        sdl_pen_polygon(p, xy, 14);
        break;
    }
    }
}

static void draw_face(sdl_pen *p, SDL_Color fill, int face)
{
    if (fill.a) {
        SDL_Color ink = p->ink;
        p->ink = fill;
        sdl_pen_circle(p, 50, 50, 42);
        p->ink = ink;
    }
    face_outline(p, face);
    face_eyes(p, face);
    face_mouth(p, face);
}

/* ---- interface marks ------------------------------------------------------ */

static void icon_tick(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 11;
    const float xy[] = {20, 52, 42, 72, 80, 30};
    sdl_pen_polyline(p, xy, 3, 0);
}

static void icon_tick_circle(sdl_pen *p, SDL_Color fill)
{
    sdl_pen_circle(p, 50, 50, 48);
    p->ink = fill.a ? fill : (SDL_Color){255, 255, 255, 255};
    p->width = 10;
    const float xy[] = {28, 52, 44, 68, 74, 36};
    sdl_pen_polyline(p, xy, 3, 0);
}

static void icon_box(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    sdl_pen_rect_outline(p, 16, 16, 68, 68, 12);
}

static void icon_box_checked(sdl_pen *p, SDL_Color fill)
{
    icon_box(p, fill);
    p->width = 10;
    const float xy[] = {30, 50, 44, 64, 70, 36};
    sdl_pen_polyline(p, xy, 3, 0);
}

/* Two strokes back from the tip (hx, hy) of something heading (dx, dy). */
static void arrow_head(sdl_pen *p, float hx, float hy, float dx, float dy, float len)
{
    sdl_pen_line(p, hx, hy, hx - (dx - dy) * len, hy - (dy + dx) * len);
    sdl_pen_line(p, hx, hy, hx - (dx + dy) * len, hy - (dy - dx) * len);
}

static void arrow(sdl_pen *p, float dx, float dy)
{
    /* A shaft through the centre and a head at the (dx, dy) end. */
    p->width = 9;
    sdl_pen_line(p, 50 - dx * 30, 50 - dy * 30, 50 + dx * 30, 50 + dy * 30);
    arrow_head(p, 50 + dx * 30, 50 + dy * 30, dx, dy, 22);
}

static void icon_arrow_left(sdl_pen *p, SDL_Color f) { (void)f; arrow(p, -1, 0); }
static void icon_arrow_right(sdl_pen *p, SDL_Color f) { (void)f; arrow(p, 1, 0); }
static void icon_arrow_up(sdl_pen *p, SDL_Color f) { (void)f; arrow(p, 0, -1); }
static void icon_arrow_down(sdl_pen *p, SDL_Color f) { (void)f; arrow(p, 0, 1); }

static void icon_home(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 8;
    const float roof[] = {12, 50, 50, 16, 88, 50};
    sdl_pen_polyline(p, roof, 3, 0);
    const float walls[] = {24, 42, 24, 86, 76, 86, 76, 42};
    sdl_pen_polyline(p, walls, 4, 0);
    sdl_pen_rect(p, 42, 60, 16, 26, 3);
}

static void icon_book(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    const float left[] = {50, 28, 12, 20, 12, 78, 50, 86};
    const float right[] = {50, 28, 88, 20, 88, 78, 50, 86};
    sdl_pen_polyline(p, left, 4, 1);
    sdl_pen_polyline(p, right, 4, 1);
}

static void exclamation(sdl_pen *p, float top, float bottom)
{
    p->width = 10;
    sdl_pen_line(p, 50, top, 50, bottom);
    sdl_pen_circle(p, 50, bottom + 14, 6);
}

static void icon_urgent(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 8;
    sdl_pen_ring(p, 50, 50, 42);
    exclamation(p, 26, 54);
}

static void icon_alert(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    const float tri[] = {50, 10, 92, 86, 8, 86};
    sdl_pen_polyline(p, tri, 3, 1);
    exclamation(p, 36, 58);
}

static void icon_info(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 8;
    sdl_pen_ring(p, 50, 50, 42);
    sdl_pen_circle(p, 50, 30, 6);
    p->width = 10;
    sdl_pen_line(p, 50, 46, 50, 74);
}

static void icon_clock(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 8;
    sdl_pen_ring(p, 50, 50, 42);
    sdl_pen_line(p, 50, 50, 50, 24);
    sdl_pen_line(p, 50, 50, 68, 62);
}

static void icon_retry(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 9;
    sdl_pen_arc(p, 50, 50, 32, -60, 240);
    float a = 240 * PI_F / 180; /* the head, heading on round the circle */
    arrow_head(p, 50 + 32 * cosf(a), 50 + 32 * sinf(a), -sinf(a), cosf(a), 15);
}

/* An almond shape (two circular arcs) from base (bx, by), len long,
 * leaning `angle` degrees from upright, outlined. */
static void lens(sdl_pen *p, float bx, float by, float len, float width, float angle)
{
    float xy[2 * 18];
    float a = (angle - 90.0f) * PI_F / 180.0f, ux = cosf(a), uy = sinf(a);
    for (int i = 0; i < 18; i++) {
        /* t runs base -> tip -> base; the side is +1 then -1 */
        float t = i < 9 ? (float)i / 8.0f : (float)(17 - i) / 8.0f;
        float side = i < 9 ? 1.0f : -1.0f;
        float bulge = sinf(t * PI_F) * width / 2 * side;
        xy[2 * i] = bx + ux * t * len - uy * bulge;
        xy[2 * i + 1] = by + uy * t * len + ux * bulge;
    }
    sdl_pen_polyline(p, xy, 18, 1);
}

/* ---- category and option symbols ------------------------------------------ */

static void icon_leaf(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    lens(p, 18, 82, 86, 44, 45);
    sdl_pen_line(p, 18, 82, 62, 38);
}

static void person_at(sdl_pen *p, float cx, float head_y, float head_r, float body_r)
{
    sdl_pen_circle(p, cx, head_y, head_r);
    sdl_pen_arc(p, cx, head_y + head_r + body_r + 8, body_r, 180, 360);
}

static void icon_people(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 8;
    person_at(p, 32, 30, 11, 20);
    person_at(p, 68, 30, 11, 20);
}

static void icon_person(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 8;
    person_at(p, 50, 28, 15, 28);
}

static void icon_speech(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    sdl_pen_rect_outline(p, 10, 14, 80, 56, 14);
    const float tail[] = {30, 70, 22, 90, 50, 70};
    sdl_pen_polyline(p, tail, 3, 0);
}

static void icon_heart(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    sdl_pen_circle(p, 33, 38, 20);
    sdl_pen_circle(p, 67, 38, 20);
    const float tri[] = {14, 46, 86, 46, 50, 88};
    sdl_pen_polygon(p, tri, 3);
}

static void icon_star(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    float xy[2 * 10];
    for (int i = 0; i < 10; i++) {
        float a = -PI_F / 2 + PI_F * (float)i / 5.0f, r = i % 2 ? 19.0f : 46.0f;
        xy[2 * i] = 50 + cosf(a) * r;
        xy[2 * i + 1] = 54 + sinf(a) * r;
    }
    sdl_pen_polygon(p, xy, 10); /* star-shaped around its centre: a fan works */
}

static void icon_cup(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    sdl_pen_rect_outline(p, 16, 38, 50, 46, 10);
    sdl_pen_arc(p, 68, 60, 12, -80, 80);
    sdl_pen_line(p, 32, 14, 32, 26);
    sdl_pen_line(p, 48, 14, 48, 26);
}

static void icon_bed(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    sdl_pen_line(p, 12, 30, 12, 84);
    sdl_pen_line(p, 12, 70, 88, 70);
    sdl_pen_line(p, 88, 56, 88, 84);
    sdl_pen_rect_outline(p, 36, 48, 52, 22, 8);
    sdl_pen_circle(p, 24, 52, 8);
}

static void icon_monitor(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    sdl_pen_rect_outline(p, 10, 14, 80, 54, 6);
    sdl_pen_line(p, 50, 70, 50, 84);
    sdl_pen_line(p, 32, 86, 68, 86);
}

static void icon_calendar(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    sdl_pen_rect_outline(p, 12, 20, 76, 68, 8);
    sdl_pen_line(p, 12, 40, 88, 40);
    sdl_pen_line(p, 32, 10, 32, 26);
    sdl_pen_line(p, 68, 10, 68, 26);
    for (int i = 0; i < 3; i++)
        sdl_pen_circle(p, 32 + 18 * (float)i, 62, 5);
}

static void icon_car(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    const float body[] = {8, 66, 8, 50, 22, 30, 78, 30, 92, 50, 92, 66};
    sdl_pen_polyline(p, body, 6, 1);
    sdl_pen_circle(p, 28, 72, 10);
    sdl_pen_circle(p, 72, 72, 10);
}

static void icon_apple(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    sdl_pen_circle(p, 38, 58, 26);
    sdl_pen_circle(p, 62, 58, 26);
    p->width = 7;
    sdl_pen_line(p, 50, 32, 58, 12);
    sdl_pen_arc(p, 70, 26, 10, 120, 300);
}

static void icon_sofa(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    sdl_pen_rect_outline(p, 22, 26, 56, 30, 8);
    sdl_pen_rect_outline(p, 8, 44, 84, 28, 10);
    sdl_pen_line(p, 18, 74, 18, 86);
    sdl_pen_line(p, 82, 74, 82, 86);
}

static void icon_smile(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    sdl_pen_ring(p, 50, 50, 42);
    sdl_pen_circle(p, 36, 40, 6);
    sdl_pen_circle(p, 64, 40, 6);
    sdl_pen_arc(p, 50, 50, 24, 30, 150);
}

static void icon_dash(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 10;
    sdl_pen_line(p, 22, 50, 78, 50);
}

static void icon_stack(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 6;
    sdl_pen_rect_outline(p, 14, 62, 72, 22, 6);
    sdl_pen_rect_outline(p, 20, 38, 60, 20, 6);
    sdl_pen_rect_outline(p, 26, 14, 48, 20, 6);
}

/* Hands holding a heart: care and support. */
static void icon_hands(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    sdl_pen_circle(p, 41, 30, 11);
    sdl_pen_circle(p, 59, 30, 11);
    const float heart[] = {31, 35, 69, 35, 50, 56};
    sdl_pen_polygon(p, heart, 3);
    p->width = 8;
    sdl_pen_arc(p, 50, 44, 38, 25, 155);
    sdl_pen_line(p, 84, 60, 92, 48);
    sdl_pen_line(p, 16, 60, 8, 48);
}

static void icon_phone(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    sdl_pen_rect_outline(p, 28, 8, 44, 84, 10);
    sdl_pen_circle(p, 50, 78, 5);
}

static void icon_compass(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    sdl_pen_ring(p, 50, 50, 42);
    const float needle[] = {50, 18, 60, 50, 50, 82, 40, 50};
    sdl_pen_polygon(p, needle, 4);
    SDL_Color ink = p->ink;
    p->ink = fill.a ? fill : (SDL_Color){255, 255, 255, 255};
    sdl_pen_circle(p, 50, 50, 4);
    p->ink = ink;
}

static void icon_lifebuoy(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 8;
    sdl_pen_ring(p, 50, 50, 42);
    sdl_pen_ring(p, 50, 50, 20);
    p->width = 12;
    for (int i = 0; i < 4; i++) {
        float a = PI_F / 4 + PI_F / 2 * (float)i;
        sdl_pen_line(p, 50 + cosf(a) * 24, 50 + sinf(a) * 24, 50 + cosf(a) * 38,
                     50 + sinf(a) * 38);
    }
}

static void icon_lotus(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 6;
    lens(p, 50, 78, 62, 28, 0);
    lens(p, 46, 80, 50, 24, -52);
    lens(p, 54, 80, 50, 24, 52);
}

static void icon_sun(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    sdl_pen_circle(p, 50, 50, 20);
    p->width = 7;
    for (int i = 0; i < 8; i++) {
        float a = PI_F / 4 * (float)i;
        sdl_pen_line(p, 50 + cosf(a) * 32, 50 + sinf(a) * 32, 50 + cosf(a) * 44,
                     50 + sinf(a) * 44);
    }
}

static void icon_house(sdl_pen *p, SDL_Color fill)
{
    icon_home(p, fill);
}

static void icon_fallback(sdl_pen *p, SDL_Color fill)
{
    (void)fill;
    p->width = 7;
    sdl_pen_ring(p, 50, 50, 38);
    sdl_pen_circle(p, 50, 50, 12);
}

typedef struct icon_entry {
    const char *name;
    icon_fn draw;
} icon_entry;

static const icon_entry ICONS[] = {
    {"tick", icon_tick},           {"tick-circle", icon_tick_circle},
    {"box", icon_box},             {"box-checked", icon_box_checked},
    {"arrow-left", icon_arrow_left}, {"arrow-right", icon_arrow_right},
    {"arrow-up", icon_arrow_up},   {"arrow-down", icon_arrow_down},
    {"home", icon_home},           {"house", icon_house},
    {"book", icon_book},           {"urgent", icon_urgent},
    {"alert", icon_alert},         {"info", icon_info},
    {"clock", icon_clock},         {"retry", icon_retry},
    {"leaf", icon_leaf},           {"people", icon_people},
    {"person", icon_person},       {"speech", icon_speech},
    {"heart", icon_heart},         {"star", icon_star},
    {"cup", icon_cup},             {"bed", icon_bed},
    {"monitor", icon_monitor},     {"calendar", icon_calendar},
    {"car", icon_car},             {"apple", icon_apple},
    {"sofa", icon_sofa},           {"smile", icon_smile},
    {"dash", icon_dash},           {"stack", icon_stack},
    {"hands", icon_hands},         {"phone", icon_phone},
    {"compass", icon_compass},     {"lifebuoy", icon_lifebuoy},
    {"lotus", icon_lotus},         {"sun", icon_sun},
};

static icon_fn find_icon(const char *name)
{
    for (size_t i = 0; i < sizeof ICONS / sizeof ICONS[0]; i++)
        if (strcmp(ICONS[i].name, name) == 0)
            return ICONS[i].draw;
    return NULL;
}

static int face_number(const char *name)
{
    if (strncmp(name, "face-", 5) != 0 || name[5] < '1' || name[5] > '5' || name[6])
        return 0;
    return name[5] - '0';
}

bool sdl_icon_known(const char *name)
{
    return face_number(name) > 0 || find_icon(name) != NULL;
}

void sdl_icon_draw(SDL_Renderer *renderer, const char *name, SDL_Rect rect, SDL_Color ink,
                   SDL_Color fill)
{
    sdl_pen p = sdl_pen_for(renderer, rect, ink);
    int face = face_number(name);
    if (face) {
        draw_face(&p, fill, face);
        return;
    }
    icon_fn draw = find_icon(name);
    if (fill.a && draw != icon_tick_circle) {
        SDL_Color keep = p.ink;
        p.ink = fill;
        sdl_pen_circle(&p, 50, 50, 50);
        p.ink = keep;
    }
    (draw ? draw : icon_fallback)(&p, fill);
}
