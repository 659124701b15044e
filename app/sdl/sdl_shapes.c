/* sdl_shapes.c -- the shape texture cache (see sdl_shapes.h).
 *
 * A cached shape is a key (what it looks like, never where it is) and a
 * texture placed relative to the command's rect. Lookup compares a 64-bit
 * hash first, then the key (and a QR code's text), over a fixed array, as
 * the text cache does: a screen has a few dozen distinct shapes. "Least
 * recently used" is a counter stamped on every use.
 *
 * Nine-slicing a rounded rect of radius R and border b: with c = max(R, b)
 * the corner texture is the same shape drawn 2c x 2c. Its quarters are
 * exactly the rect's corners, because the arcs depend only on R and b (and
 * sdl_draw places every vertex relative to the shape's own origin), and
 * the rest of the rect is straight, so filled rectangles:
 *
 *        c               c
 *      +---+-----------+---+
 *    c | q |     T     | q |    q   a quarter of the corner texture
 *      +---+-----------+---+    T B the border strip (b thick) along the
 *      | L |     C     | R |        edge, then the inside
 *      +---+-----------+---+    L R the border strip, b wide
 *    c | q |     B     | q |    C   the inside
 *      +---+-----------+---+
 *
 * Swatches: the wide fills of a sliced rect are copied (blending off) from
 * a cached square of their colour rather than SDL_RenderFillRect. The same
 * pixels, but SDL's software fill streams each row past the CPU cache,
 * which costs ~0.4 us per row unless the row starts on a 64-byte line: a
 * tile's inside took up to 10x longer than copying it. Thin strips stay
 * plain fills.
 */
#include "sdl_shapes.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sdl_draw.h"
#include "sdl_icons.h"
#include "sdl_qr.h"

#define SHAPE_PIXELS_MAX (SDL_SHAPES_PIXELS_MAX / 8) /* one texture, at most */
#define SWATCH_SIDE 128
#define SWATCH_MIN_W 16 /* narrower or shorter fills are plain fills */
#define SWATCH_MIN_H 4

typedef enum shape_kind {
    SHAPE_CORNERS = 1, /* the corners of every rounded rect of one style */
    SHAPE_PANEL,       /* one rounded rect too small to slice, whole */
    SHAPE_ICON,
    SHAPE_QR,
    SHAPE_SWATCH       /* a SWATCH_SIDE square of one opaque colour */
} shape_kind;

/* What a shape looks like. Always built zeroed, so memcmp compares it. */
typedef struct shape_key {
    int kind;
    int w, h;           /* PANEL, ICON, QR: the rect's size; else 0 */
    int radius, border; /* CORNERS, PANEL */
    SDL_Color a, b;     /* rects: outer, inner colour; ICON: ink, fill; SWATCH: a */
    char name[SDL_SHAPES_NAME_MAX]; /* ICON */
} shape_key;

/* A shape to find or make. */
typedef struct shape {
    shape_key key;
    const char *text; /* QR: compared in full (the key has no room for it) */
    int tw, th;       /* its texture's size (QR: at most) */
} shape;

typedef struct shape_entry {
    uint64_t hash;
    shape_key key;
    char *text;          /* QR: owned copy; else NULL */
    SDL_Texture *texture;
    SDL_Rect at;         /* the texture, relative to the rect's top-left */
    unsigned long used;
} shape_entry;

struct sdl_shapes {
    SDL_Renderer *renderer;
    bool targets;        /* the renderer can draw into textures */
    SDL_atomic_t stale;  /* 1: a renderer reset was seen (event watch) */
    shape_entry entries[SDL_SHAPES_MAX];
    int n;
    unsigned long clock;
    sdl_shapes_stats stats;
};

typedef enum shape_result {
    SHAPE_CACHED, /* draw through the cache */
    SHAPE_PLAIN,  /* cheap or invisible: draw directly, nothing to count */
    SHAPE_DIRECT  /* cannot be cached (translucent, too big): draw directly */
} shape_result;

static SDL_Color to_sdl(ui_color c)
{
    return (SDL_Color){c.r, c.g, c.b, c.a};
}

/* ---- what a command draws --------------------------------------------------- */

/* A UI_CMD_RECT as a panel (sdl_draw_panel): its border colour is the
 * outer shape when it has a border, and its fill then goes inside. */
static void rect_panel(const ui_cmd *cmd, SDL_Color *outer, SDL_Color *inner, int *border)
{
    *outer = to_sdl(cmd->color);
    *inner = (SDL_Color){0, 0, 0, 0};
    *border = 0;
    if (cmd->border > 0 && cmd->border_color.a) {
        *outer = to_sdl(cmd->border_color);
        *inner = to_sdl(cmd->color);
        *border = inner->a ? cmd->border : 0;
    }
}

static const char *cmd_text(const ui_cmd *cmd)
{
    return cmd->text ? cmd->text : "";
}

static void draw_direct(SDL_Renderer *r, const ui_cmd *cmd)
{
    SDL_Rect rect = {cmd->rect.x, cmd->rect.y, cmd->rect.w, cmd->rect.h};
    SDL_Color outer, inner;
    int border;
    switch (cmd->type) {
    case UI_CMD_RECT:
        rect_panel(cmd, &outer, &inner, &border);
        sdl_draw_panel(r, rect, cmd->radius, border, outer, inner);
        break;
    case UI_CMD_ICON:
        sdl_icon_draw(r, cmd_text(cmd), rect, to_sdl(cmd->color), to_sdl(cmd->fill));
        break;
    case UI_CMD_QR: sdl_qr_draw(r, cmd_text(cmd), rect, NULL); break;
    case UI_CMD_TEXT: break;
    }
}

/* ---- keys ------------------------------------------------------------------- */

static int corner_size(int radius, int border)
{
    return radius > border ? radius : border;
}

/* Strokes may reach a little past the icon's 100-unit design box (round
 * caps, rays): the texture has this margin on every side. */
static int icon_margin(int w, int h)
{
    return (w < h ? w : h) / 16 + 2;
}

static bool opaque_or_none(SDL_Color c)
{
    return c.a == 0 || c.a == 255;
}

static shape_result rect_shape(const ui_cmd *cmd, shape *sh)
{
    shape_key *k = &sh->key;
    rect_panel(cmd, &k->a, &k->b, &k->border);
    if (!k->a.a || cmd->radius <= 0)
        return SHAPE_PLAIN; /* nothing, or one or two plain fills */
    if (k->a.a != 255 || !opaque_or_none(k->b))
        return SHAPE_DIRECT; /* blending inside the shape: see the header */
    k->radius = cmd->radius;
    int c = corner_size(k->radius, k->border);
    if (2 * c <= cmd->rect.w && 2 * c <= cmd->rect.h) {
        k->kind = SHAPE_CORNERS;
        sh->tw = sh->th = 2 * c;
    } else {
        k->kind = SHAPE_PANEL;
        k->w = sh->tw = cmd->rect.w;
        k->h = sh->th = cmd->rect.h;
    }
    return SHAPE_CACHED;
}

static shape_result icon_shape(const ui_cmd *cmd, shape *sh)
{
    shape_key *k = &sh->key;
    const char *name = cmd_text(cmd);
    if (strlen(name) >= sizeof k->name || cmd->color.a != 255 || !opaque_or_none(to_sdl(cmd->fill)))
        return SHAPE_DIRECT;
    k->kind = SHAPE_ICON;
    k->w = cmd->rect.w;
    k->h = cmd->rect.h;
    k->a = to_sdl(cmd->color);
    k->b = cmd->fill.a ? to_sdl(cmd->fill) : (SDL_Color){0, 0, 0, 0};
    memcpy(k->name, name, strlen(name));
    int m = icon_margin(k->w, k->h);
    sh->tw = k->w + 2 * m;
    sh->th = k->h + 2 * m;
    return SHAPE_CACHED;
}

static shape_result qr_shape(const ui_cmd *cmd, shape *sh)
{
    if (!cmd->text || !cmd->text[0])
        return SHAPE_PLAIN;
    sh->key.kind = SHAPE_QR;
    sh->key.w = sh->tw = cmd->rect.w;
    sh->key.h = sh->th = cmd->rect.h;
    sh->text = cmd->text;
    return SHAPE_CACHED;
}

static shape_result shape_for(const ui_cmd *cmd, shape *sh)
{
    memset(sh, 0, sizeof *sh);
    shape_result result = SHAPE_PLAIN;
    if (cmd->rect.w <= 0 || cmd->rect.h <= 0)
        return SHAPE_PLAIN;
    switch (cmd->type) {
    case UI_CMD_RECT: result = rect_shape(cmd, sh); break;
    case UI_CMD_ICON: result = icon_shape(cmd, sh); break;
    case UI_CMD_QR: result = qr_shape(cmd, sh); break;
    case UI_CMD_TEXT: break;
    }
    if (result == SHAPE_CACHED && (long)sh->tw * sh->th > SHAPE_PIXELS_MAX)
        result = SHAPE_DIRECT;
    return result;
}

static uint64_t shape_hash(const shape *sh)
{
    uint64_t h = 14695981039346656037ULL;
    const unsigned char *p = (const unsigned char *)&sh->key;
    for (size_t i = 0; i < sizeof sh->key; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    for (p = (const unsigned char *)sh->text; p && *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

/* ---- rendering a shape into its texture ------------------------------------- */

/* Where the texture goes, relative to the rect's top-left, and its size. */
static bool placement(const shape *sh, SDL_Rect *at)
{
    const shape_key *k = &sh->key;
    *at = (SDL_Rect){0, 0, sh->tw, sh->th};
    if (k->kind == SHAPE_ICON) {
        int m = (sh->tw - k->w) / 2;
        *at = (SDL_Rect){-m, -m, sh->tw, sh->th};
    } else if (k->kind == SHAPE_QR) { /* just the code: it is opaque */
        sdl_qr_info info;
        if (sdl_qr_layout(sh->text, (SDL_Rect){0, 0, k->w, k->h}, &info) != 0)
            return false;
        *at = info.drawn;
    }
    return true;
}

/* Draws the shape onto a texture of at's size, at the same offset within
 * a pixel as on the screen. */
static void paint(SDL_Renderer *r, const shape *sh, SDL_Rect at)
{
    const shape_key *k = &sh->key;
    SDL_Rect all = {0, 0, at.w, at.h};
    switch (k->kind) {
    case SHAPE_SWATCH:
        SDL_SetRenderDrawColor(r, k->a.r, k->a.g, k->a.b, k->a.a);
        SDL_RenderFillRect(r, NULL);
        break;
    case SHAPE_ICON:
        sdl_icon_draw(r, k->name, (SDL_Rect){-at.x, -at.y, k->w, k->h}, k->a, k->b);
        break;
    case SHAPE_QR: sdl_qr_draw(r, sh->text, all, NULL); break;
    default: sdl_draw_panel(r, all, k->radius, k->border, k->a, k->b); break;
    }
}

/* A new texture holding the shape on a transparent background, or NULL.
 * The renderer's target, draw colour and blend mode are left as found. */
static SDL_Texture *render_shape(SDL_Renderer *r, const shape *sh, SDL_Rect *at)
{
    if (!placement(sh, at))
        return NULL;
    SDL_Texture *t = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                       at->w, at->h);
    if (!t)
        return NULL;
    SDL_Texture *previous = SDL_GetRenderTarget(r);
    SDL_BlendMode mode = SDL_BLENDMODE_BLEND;
    Uint8 c[4] = {0, 0, 0, 0};
    SDL_GetRenderDrawBlendMode(r, &mode);
    SDL_GetRenderDrawColor(r, &c[0], &c[1], &c[2], &c[3]);
    /* swatches and QR codes are opaque: copied as they are */
    bool opaque = sh->key.kind == SHAPE_SWATCH || sh->key.kind == SHAPE_QR;
    if (SDL_SetTextureBlendMode(t, opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND) != 0 ||
        SDL_SetRenderTarget(r, t) != 0) {
        SDL_DestroyTexture(t);
        return NULL;
    }
    SDL_SetRenderDrawColor(r, 0, 0, 0, 0);
    SDL_RenderClear(r);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    paint(r, sh, *at);
    SDL_SetRenderTarget(r, previous);
    SDL_SetRenderDrawBlendMode(r, mode);
    SDL_SetRenderDrawColor(r, c[0], c[1], c[2], c[3]);
    return t;
}

/* ---- the cache -------------------------------------------------------------- */

static void drop_entry(sdl_shapes *s, int i)
{
    shape_entry *e = &s->entries[i];
    SDL_DestroyTexture(e->texture);
    free(e->text);
    s->stats.pixels -= (long)e->at.w * e->at.h;
    *e = s->entries[--s->n];
}

/* A free entry, evicting the least recently used ones until both the
 * count and the texel budget leave room for `need` more texels. */
static shape_entry *make_room(sdl_shapes *s, long need)
{
    while (s->n > 0 &&
           (s->n >= SDL_SHAPES_MAX || s->stats.pixels + need > SDL_SHAPES_PIXELS_MAX)) {
        int oldest = 0;
        for (int i = 1; i < s->n; i++)
            if (s->entries[i].used < s->entries[oldest].used)
                oldest = i;
        drop_entry(s, oldest);
        s->stats.evicted++;
    }
    return &s->entries[s->n++];
}

static shape_entry *find(sdl_shapes *s, const shape *sh, uint64_t hash)
{
    for (int i = 0; i < s->n; i++) {
        shape_entry *e = &s->entries[i];
        if (e->hash == hash && memcmp(&e->key, &sh->key, sizeof sh->key) == 0 &&
            (!e->text || strcmp(e->text, sh->text) == 0))
            return e;
    }
    return NULL;
}

/* The entry for a shape, rendered now if it is not cached; NULL when no
 * texture could be made. `drawing`: a use that copies it now (a hit). */
static shape_entry *obtain(sdl_shapes *s, const shape *sh, bool drawing)
{
    uint64_t hash = shape_hash(sh);
    shape_entry *e = find(s, sh, hash);
    if (e) {
        e->used = ++s->clock;
        s->stats.hits += drawing;
        return e;
    }
    SDL_Rect at;
    char *text = sh->text ? strdup(sh->text) : NULL;
    SDL_Texture *t = !sh->text || text ? render_shape(s->renderer, sh, &at) : NULL;
    if (!t) {
        free(text);
        return NULL;
    }
    e = make_room(s, (long)at.w * at.h);
    *e = (shape_entry){hash, sh->key, text, t, at, ++s->clock};
    s->stats.pixels += (long)at.w * at.h;
    s->stats.created++;
    return e;
}

/* The swatch of an opaque colour, or NULL. */
static shape_entry *obtain_swatch(sdl_shapes *s, SDL_Color color)
{
    shape sh;
    memset(&sh, 0, sizeof sh);
    sh.key.kind = SHAPE_SWATCH;
    sh.key.a = color;
    sh.tw = sh.th = SWATCH_SIDE;
    return obtain(s, &sh, false);
}

/* The entry for a shape, and the swatches its slices are filled from. */
static shape_entry *obtain_shape(sdl_shapes *s, const shape *sh, bool drawing)
{
    if (sh->key.kind == SHAPE_CORNERS) {
        obtain_swatch(s, sh->key.a);
        if (sh->key.b.a)
            obtain_swatch(s, sh->key.b);
    }
    return obtain(s, sh, drawing);
}

/* Drops everything if a renderer reset was seen since the last use. */
static void check_reset(sdl_shapes *s)
{
    if (SDL_AtomicCAS(&s->stale, 1, 0)) {
        sdl_shapes_clear(s);
        s->stats.resets++;
    }
}

/* Called by SDL for every event pushed, possibly on another thread: only
 * note the reset; the textures are dropped on the rendering thread. */
static int SDLCALL watch_events(void *data, SDL_Event *e)
{
    sdl_shapes *s = data;
    if (e->type == SDL_RENDER_TARGETS_RESET || e->type == SDL_RENDER_DEVICE_RESET)
        SDL_AtomicSet(&s->stale, 1);
    return 1;
}

sr_status sdl_shapes_create(SDL_Renderer *renderer, sdl_shapes **out)
{
    *out = NULL;
    sdl_shapes *s = calloc(1, sizeof *s);
    if (!s)
        return SR_E_NOMEM;
    s->renderer = renderer;
    s->targets = SDL_RenderTargetSupported(renderer) == SDL_TRUE;
    SDL_AddEventWatch(watch_events, s);
    *out = s;
    return SR_OK;
}

void sdl_shapes_destroy(sdl_shapes *s)
{
    if (!s)
        return;
    SDL_DelEventWatch(watch_events, s);
    sdl_shapes_clear(s);
    free(s);
}

void sdl_shapes_clear(sdl_shapes *s)
{
    while (s->n > 0)
        drop_entry(s, s->n - 1);
}

void sdl_shapes_get_stats(const sdl_shapes *s, sdl_shapes_stats *stats)
{
    *stats = s->stats;
    stats->cached = s->n;
}

/* ---- drawing through the cache ---------------------------------------------- */

void sdl_shapes_prepare(sdl_shapes *s, const ui_frame *frame)
{
    if (!s || !s->targets)
        return;
    check_reset(s);
    for (int i = 0; i < frame->n_cmds; i++) {
        shape sh;
        if (shape_for(&frame->cmds[i], &sh) == SHAPE_CACHED)
            obtain_shape(s, &sh, false);
    }
}

/* Fills rects with an opaque colour: wide ones from its swatch, tiled. */
static void fill_rects(sdl_shapes *s, SDL_Renderer *r, SDL_Color color, const SDL_Rect *rects,
                       int n)
{
    shape_entry *swatch = NULL;
    SDL_SetRenderDrawColor(r, color.r, color.g, color.b, color.a);
    for (int i = 0; i < n; i++) {
        SDL_Rect f = rects[i];
        if (f.w <= 0 || f.h <= 0)
            continue;
        if (f.w < SWATCH_MIN_W || f.h < SWATCH_MIN_H ||
            !(swatch || (swatch = obtain_swatch(s, color)))) {
            SDL_RenderFillRect(r, &f);
            continue;
        }
        for (int y = 0; y < f.h; y += SWATCH_SIDE) {
            for (int x = 0; x < f.w; x += SWATCH_SIDE) {
                SDL_Rect dst = {f.x + x, f.y + y, f.w - x, f.h - y};
                dst.w = dst.w > SWATCH_SIDE ? SWATCH_SIDE : dst.w;
                dst.h = dst.h > SWATCH_SIDE ? SWATCH_SIDE : dst.h;
                SDL_Rect src = {0, 0, dst.w, dst.h};
                SDL_RenderCopy(r, swatch->texture, &src, &dst);
            }
        }
    }
}

/* A rounded rect from its corner texture and fills (see the top). k is a
 * copy: finding a swatch may move cache entries. */
static void draw_sliced(sdl_shapes *s, SDL_Renderer *r, SDL_Texture *t, SDL_Rect rc,
                        shape_key k)
{
    int c = corner_size(k.radius, k.border), b = k.border;
    for (int i = 0; i < 4; i++) {
        int right = i & 1, bottom = i >> 1;
        SDL_Rect src = {right * c, bottom * c, c, c};
        SDL_Rect dst = {right ? rc.x + rc.w - c : rc.x, bottom ? rc.y + rc.h - c : rc.y, c, c};
        SDL_RenderCopy(r, t, &src, &dst);
    }
    int mid_w = rc.w - 2 * c, mid_h = rc.h - 2 * c;
    /* Opaque colours only (see rect_shape): writing them is blending them. */
    SDL_BlendMode mode = SDL_BLENDMODE_BLEND;
    SDL_GetRenderDrawBlendMode(r, &mode);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    if (k.b.a) {
        const SDL_Rect border[4] = {{rc.x + c, rc.y, mid_w, b},
                                    {rc.x + c, rc.y + rc.h - b, mid_w, b},
                                    {rc.x, rc.y + c, b, mid_h},
                                    {rc.x + rc.w - b, rc.y + c, b, mid_h}};
        const SDL_Rect inside[3] = {{rc.x + b, rc.y + c, rc.w - 2 * b, mid_h},
                                    {rc.x + c, rc.y + b, mid_w, c - b},
                                    {rc.x + c, rc.y + rc.h - c, mid_w, c - b}};
        fill_rects(s, r, k.a, border, 4);
        fill_rects(s, r, k.b, inside, 3);
    } else {
        const SDL_Rect all[3] = {{rc.x, rc.y + c, rc.w, mid_h},
                                 {rc.x + c, rc.y, mid_w, c},
                                 {rc.x + c, rc.y + rc.h - c, mid_w, c}};
        fill_rects(s, r, k.a, all, 3);
    }
    SDL_SetRenderDrawBlendMode(r, mode);
}

void sdl_shapes_draw(sdl_shapes *s, SDL_Renderer *r, const ui_cmd *cmd)
{
    shape sh;
    shape_result result = shape_for(cmd, &sh);
    shape_entry *e = NULL;
    if (s && result == SHAPE_CACHED && s->targets && r == s->renderer) {
        check_reset(s);
        e = obtain_shape(s, &sh, true);
    }
    if (!e) {
        if (s && result != SHAPE_PLAIN)
            s->stats.direct++;
        draw_direct(r, cmd);
        return;
    }
    SDL_Rect rect = {cmd->rect.x, cmd->rect.y, cmd->rect.w, cmd->rect.h};
    if (e->key.kind == SHAPE_CORNERS) {
        draw_sliced(s, r, e->texture, rect, e->key);
        return;
    }
    SDL_Rect dst = {rect.x + e->at.x, rect.y + e->at.y, e->at.w, e->at.h};
    SDL_RenderCopy(r, e->texture, NULL, &dst);
}
