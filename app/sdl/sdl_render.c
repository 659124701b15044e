/* sdl_render.c -- the draw-list executor (see sdl_render.h). It makes no
 * layout decision: positions, sizes, colours and line breaks all come from
 * the frame, so what the tests measured is what is drawn. Rects, icons and
 * QR codes go through the shape cache (sdl_shapes.h), text through the
 * text cache.
 */
#include "sdl_render.h"

#include <SDL_image.h>
#include <stdbool.h>
#include <stdio.h>

static void draw_text(SDL_Renderer *r, sdl_text *text, const ui_cmd *cmd)
{
    int w = 0, h = 0;
    SDL_Texture *texture = sdl_text_texture(text, cmd->font, cmd->size, cmd->color, cmd->text,
                                            &w, &h);
    if (!texture)
        return;
    SDL_Rect dst = {cmd->rect.x, cmd->rect.y + (cmd->rect.h - h) / 2, w, h};
    if (cmd->align == UI_ALIGN_CENTER)
        dst.x += (cmd->rect.w - w) / 2;
    else if (cmd->align == UI_ALIGN_RIGHT)
        dst.x += cmd->rect.w - w;
    SDL_RenderCopy(r, texture, NULL, &dst);
}

/* Does cmd paint every pixel of the output in one opaque colour? */
static bool covers_output(SDL_Renderer *r, const ui_cmd *cmd)
{
    int w = 0, h = 0;
    if (cmd->type != UI_CMD_RECT || cmd->radius > 0 || cmd->color.a != 255 ||
        (cmd->border > 0 && cmd->border_color.a) || SDL_GetRendererOutputSize(r, &w, &h) != 0)
        return false;
    return cmd->rect.x <= 0 && cmd->rect.y <= 0 && cmd->rect.x + cmd->rect.w >= w &&
           cmd->rect.y + cmd->rect.h >= h;
}

/* Clears the output; when the frame starts with its background (a plain
 * rect over everything), clears to that colour instead of drawing it: the
 * same picture for one full-screen fill rather than two. Returns the
 * index of the first command still to draw. */
static int clear(SDL_Renderer *r, const ui_frame *frame)
{
    ui_color c = {255, 255, 255, 255};
    int first = 0;
    if (frame->n_cmds > 0 && covers_output(r, &frame->cmds[0])) {
        c = frame->cmds[0].color;
        first = 1;
    }
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderClear(r);
    return first;
}

void sdl_render_frame(SDL_Renderer *r, sdl_text *text, sdl_shapes *shapes,
                      const ui_frame *frame)
{
    sdl_shapes_prepare(shapes, frame);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    for (int i = clear(r, frame); i < frame->n_cmds; i++) {
        const ui_cmd *cmd = &frame->cmds[i];
        if (cmd->type == UI_CMD_TEXT)
            draw_text(r, text, cmd);
        else
            sdl_shapes_draw(shapes, r, cmd);
    }
}

sr_status sdl_render_save_png(SDL_Renderer *r, const char *path, char *err, size_t err_size)
{
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(r, &w, &h) != 0) {
        snprintf(err, err_size, "%s: cannot read the screen size: %s", path, SDL_GetError());
        return SR_E_IO;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) {
        snprintf(err, err_size, "%s: %s", path, SDL_GetError());
        return SR_E_NOMEM;
    }
    sr_status status = SR_OK;
    if (SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
        snprintf(err, err_size, "%s: cannot read the screen: %s", path, SDL_GetError());
        status = SR_E_IO;
    } else if (IMG_SavePNG(s, path) != 0) {
        snprintf(err, err_size, "%s: cannot write PNG: %s", path, IMG_GetError());
        status = SR_E_IO;
    }
    SDL_FreeSurface(s);
    return status;
}
