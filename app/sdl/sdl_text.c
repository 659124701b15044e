/* sdl_text.c -- fonts by (face, size), text measurement and the text
 * texture cache (see sdl_text.h).
 *
 * Cache keys are (face, size, colour, text). Lookup compares a 64-bit hash
 * first, then the text, over a fixed array: a screen has a few dozen texts,
 * so a scan is cheaper than keeping a hash table in step with evictions.
 * "Least recently used" is a counter stamped on every hit.
 */
#include "sdl_text.h"

#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct font_slot {
    ui_font face;
    int size;
    TTF_Font *font;
} font_slot;

typedef struct cache_entry {
    uint64_t hash;
    ui_font face;
    int size;
    ui_color color;
    char *text;
    SDL_Texture *texture;
    int w, h;
    unsigned long used;
} cache_entry;

struct sdl_text {
    SDL_Renderer *renderer;
    char path[UI_FONT_COUNT][1024];
    font_slot fonts[SDL_TEXT_FONTS_MAX];
    int n_fonts, next_font_victim;
    cache_entry cache[SDL_TEXT_CACHE_MAX];
    int n_cache;
    unsigned long clock;
    sdl_text_stats stats;
};

static TTF_Font *font_get(sdl_text *t, ui_font face, int size)
{
    if ((int)face < 0 || face >= UI_FONT_COUNT)
        face = UI_FONT_REGULAR;
    if (size < 4)
        size = 4;
    for (int i = 0; i < t->n_fonts; i++)
        if (t->fonts[i].face == face && t->fonts[i].size == size)
            return t->fonts[i].font;
    TTF_Font *font = TTF_OpenFont(t->path[face], size);
    if (!font)
        return NULL;
    font_slot *slot;
    if (t->n_fonts < SDL_TEXT_FONTS_MAX) {
        slot = &t->fonts[t->n_fonts++];
    } else { /* full: reuse slots in turn (textures do not need their font) */
        slot = &t->fonts[t->next_font_victim];
        t->next_font_victim = (t->next_font_victim + 1) % SDL_TEXT_FONTS_MAX;
        TTF_CloseFont(slot->font);
    }
    *slot = (font_slot){face, size, font};
    return font;
}

static const char *env_or(const char *name, const char *fallback)
{
    const char *value = getenv(name);
    return value && *value ? value : fallback;
}

sr_status sdl_text_create(SDL_Renderer *renderer, const char *regular_path, const char *bold_path,
                          sdl_text **out, char *err, size_t err_size)
{
    *out = NULL;
    sdl_text *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, err_size, "out of memory for the text cache");
        return SR_E_NOMEM;
    }
    t->renderer = renderer;
    snprintf(t->path[UI_FONT_REGULAR], sizeof t->path[0], "%s",
             regular_path ? regular_path : env_or("STAFFROOM_FONT", SDL_TEXT_FONT_REGULAR));
    snprintf(t->path[UI_FONT_BOLD], sizeof t->path[0], "%s",
             bold_path ? bold_path : env_or("STAFFROOM_FONT_BOLD", SDL_TEXT_FONT_BOLD));
    for (int face = 0; face < UI_FONT_COUNT; face++) {
        if (!font_get(t, (ui_font)face, 20)) {
            snprintf(err, err_size, "font %s: %s", t->path[face], TTF_GetError());
            sdl_text_destroy(t);
            return SR_E_CONFIG;
        }
    }
    *out = t;
    return SR_OK;
}

void sdl_text_clear(sdl_text *t)
{
    for (int i = 0; i < t->n_cache; i++) {
        SDL_DestroyTexture(t->cache[i].texture);
        free(t->cache[i].text);
    }
    t->n_cache = 0;
    t->stats.cached = 0;
}

void sdl_text_destroy(sdl_text *t)
{
    if (!t)
        return;
    sdl_text_clear(t);
    for (int i = 0; i < t->n_fonts; i++)
        TTF_CloseFont(t->fonts[i].font);
    free(t);
}

/* ---- measurement -------------------------------------------------------- */

static int measure_width(void *ctx, ui_font face, int size, const char *s, size_t len)
{
    sdl_text *t = ctx;
    TTF_Font *font = font_get(t, face, size);
    if (!font || len == 0)
        return 0;
    char stack[1024];
    char *copy = len < sizeof stack ? stack : malloc(len + 1);
    if (!copy)
        return 0;
    memcpy(copy, s, len);
    copy[len] = '\0';
    int w = 0, h = 0;
    if (TTF_SizeUTF8(font, copy, &w, &h) != 0)
        w = 0;
    if (copy != stack)
        free(copy);
    return w;
}

static int measure_height(void *ctx, ui_font face, int size)
{
    TTF_Font *font = font_get(ctx, face, size);
    return font ? TTF_FontLineSkip(font) : size;
}

ui_measure sdl_text_measure(sdl_text *t)
{
    ui_measure m = {t, measure_width, measure_height};
    return m;
}

/* ---- texture cache ------------------------------------------------------ */

static uint64_t key_hash(ui_font face, int size, ui_color color, const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    const unsigned char head[] = {(unsigned char)face, (unsigned char)(size & 0xff),
                                  (unsigned char)(size >> 8), color.r, color.g, color.b, color.a};
    for (size_t i = 0; i < sizeof head; i++)
        h = (h ^ head[i]) * 1099511628211ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static cache_entry *cache_find(sdl_text *t, uint64_t hash, ui_font face, int size,
                               ui_color color, const char *s)
{
    for (int i = 0; i < t->n_cache; i++) {
        cache_entry *e = &t->cache[i];
        if (e->hash == hash && e->face == face && e->size == size && e->color.r == color.r &&
            e->color.g == color.g && e->color.b == color.b && e->color.a == color.a &&
            strcmp(e->text, s) == 0)
            return e;
    }
    return NULL;
}

/* A free slot, evicting the least recently used entry when full. */
static cache_entry *cache_slot(sdl_text *t)
{
    if (t->n_cache < SDL_TEXT_CACHE_MAX)
        return &t->cache[t->n_cache++];
    cache_entry *oldest = &t->cache[0];
    for (int i = 1; i < t->n_cache; i++)
        if (t->cache[i].used < oldest->used)
            oldest = &t->cache[i];
    SDL_DestroyTexture(oldest->texture);
    free(oldest->text);
    t->stats.evicted++;
    return oldest;
}

static SDL_Texture *rasterise(sdl_text *t, ui_font face, int size, ui_color color, const char *s,
                              int *w, int *h)
{
    TTF_Font *font = font_get(t, face, size);
    if (!font)
        return NULL;
    SDL_Color c = {color.r, color.g, color.b, color.a};
    SDL_Surface *surface = TTF_RenderUTF8_Blended(font, s, c);
    if (!surface)
        return NULL;
    t->stats.rasterised++;
    SDL_Texture *texture = SDL_CreateTextureFromSurface(t->renderer, surface);
    *w = surface->w;
    *h = surface->h;
    SDL_FreeSurface(surface);
    return texture;
}

SDL_Texture *sdl_text_texture(sdl_text *t, ui_font face, int size, ui_color color, const char *s,
                              int *w, int *h)
{
    if (!s || !*s)
        return NULL;
    uint64_t hash = key_hash(face, size, color, s);
    cache_entry *e = cache_find(t, hash, face, size, color, s);
    if (e) {
        t->stats.hits++;
        e->used = ++t->clock;
        *w = e->w;
        *h = e->h;
        return e->texture;
    }
    int tw = 0, th = 0;
    char *copy = strdup(s);
    SDL_Texture *texture = copy ? rasterise(t, face, size, color, s, &tw, &th) : NULL;
    if (!texture) {
        free(copy);
        return NULL;
    }
    e = cache_slot(t);
    *e = (cache_entry){hash, face, size, color, copy, texture, tw, th, ++t->clock};
    t->stats.cached = t->n_cache;
    *w = tw;
    *h = th;
    return texture;
}

void sdl_text_get_stats(const sdl_text *t, sdl_text_stats *stats)
{
    *stats = t->stats;
    stats->cached = t->n_cache;
}
