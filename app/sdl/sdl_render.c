/* sdl_render.c -- the draw-list executor (see sdl_render.h). It makes no
 * layout decision: positions, sizes, colours and line breaks all come from
 * the frame, so what the tests measured is what is drawn.
 */
#include "sdl_render.h"

#include <SDL_image.h>
#include <stdio.h>

#include "sdl_draw.h"
#include "sdl_icons.h"
#include "sdl_qr.h"

static SDL_Color to_sdl(ui_color c)
{
    return (SDL_Color){c.r, c.g, c.b, c.a};
}

static void draw_rect(SDL_Renderer *r, const ui_cmd *cmd)
{
    SDL_FRect outer = {(float)cmd->rect.x, (float)cmd->rect.y, (float)cmd->rect.w,
                       (float)cmd->rect.h};
    if (cmd->border > 0 && cmd->border_color.a) {
        sdl_draw_rounded_rect(r, outer, (float)cmd->radius, to_sdl(cmd->border_color));
        float b = (float)cmd->border;
        SDL_FRect inner = {outer.x + b, outer.y + b, outer.w - 2 * b, outer.h - 2 * b};
        float radius = (float)cmd->radius - b;
        if (cmd->color.a)
            sdl_draw_rounded_rect(r, inner, radius > 0 ? radius : 0, to_sdl(cmd->color));
        return;
    }
    if (cmd->color.a)
        sdl_draw_rounded_rect(r, outer, (float)cmd->radius, to_sdl(cmd->color));
}

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

void sdl_render_frame(SDL_Renderer *r, sdl_text *text, const ui_frame *frame)
{
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    for (int i = 0; i < frame->n_cmds; i++) {
        const ui_cmd *cmd = &frame->cmds[i];
        SDL_Rect rect = {cmd->rect.x, cmd->rect.y, cmd->rect.w, cmd->rect.h};
        switch (cmd->type) {
        case UI_CMD_RECT: draw_rect(r, cmd); break;
        case UI_CMD_TEXT: draw_text(r, text, cmd); break;
        case UI_CMD_ICON:
            sdl_icon_draw(r, cmd->text, rect, to_sdl(cmd->color), to_sdl(cmd->fill));
            break;
        case UI_CMD_QR: sdl_qr_draw(r, cmd->text, rect, NULL); break;
        }
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
