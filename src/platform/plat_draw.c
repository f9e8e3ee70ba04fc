/* plat_draw.c - replaying ui command lists with SDL's renderer, textures,
 * reading the frame back and saving it as PNG. Lines, triangles and circles
 * are gathered into one SDL_RenderGeometry call, so hundreds of edges cost
 * one draw call even with the software renderer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>

#include "platform/plat_internal.h"

/* ======================================================================== */
/* textures                                                                  */
/* ======================================================================== */

int plat_texture_create(plat_Ctx *p, int w, int h, int smooth)
{
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, smooth ? "linear" : "nearest");
    SDL_Texture *t = SDL_CreateTexture(p->ren, SDL_PIXELFORMAT_ARGB8888,
                                       SDL_TEXTUREACCESS_STREAMING, w, h);
    if (!t)
        return 0;
    /* heatmaps and pictures are opaque: copying without blending lets the
     * software renderer move whole rows */
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_NONE);
    for (int i = 0; i < p->n_tex; i++) {
        if (!p->tex[i]) {
            p->tex[i] = t;
            return i + 1;
        }
    }
    SDL_Texture **grown = realloc(p->tex, (size_t)(p->n_tex + 16) * sizeof *grown);
    if (!grown) {
        SDL_DestroyTexture(t);
        return 0;
    }
    p->tex = grown;
    memset(p->tex + p->n_tex, 0, 16 * sizeof *grown);
    p->tex[p->n_tex] = t;
    p->n_tex += 16;
    return p->n_tex - 16 + 1;
}

static SDL_Texture *tex_of(plat_Ctx *p, int h)
{
    return h > 0 && h <= p->n_tex ? p->tex[h - 1] : NULL;
}

void plat_texture_update(plat_Ctx *p, int tex, const uint32_t *px, int pitch_px)
{
    SDL_Texture *t = tex_of(p, tex);
    if (t)
        SDL_UpdateTexture(t, NULL, px, pitch_px * 4);
}

void plat_texture_destroy(plat_Ctx *p, int tex)
{
    SDL_Texture *t = tex_of(p, tex);
    if (t) {
        SDL_DestroyTexture(t);
        p->tex[tex - 1] = NULL;
    }
}

/* ======================================================================== */
/* geometry batch                                                            */
/* ======================================================================== */

static int reserve(plat_Ctx *p, int more)
{
    if (p->n_verts + more <= p->cap_verts)
        return 0;
    int cap = p->cap_verts ? p->cap_verts : 4096;
    while (cap < p->n_verts + more)
        cap *= 2;
    SDL_Vertex *v = realloc(p->verts, (size_t)cap * sizeof *v);
    if (!v)
        return -1;
    p->verts = v;
    p->cap_verts = cap;
    return 0;
}

static void vert(plat_Ctx *p, float x, float y, SDL_Color c)
{
    if (c.a != 255)
        p->batch_blend = 1;
    SDL_Vertex *v = &p->verts[p->n_verts++];
    v->position.x = x;
    v->position.y = y;
    v->color = c;
    v->tex_coord.x = 0;
    v->tex_coord.y = 0;
}

/* Opaque batches and rects skip blending: the software renderer then
 * fills spans instead of mixing every pixel. */
static void flush(plat_Ctx *p)
{
    if (p->n_verts > 0) {
        SDL_SetRenderDrawBlendMode(p->ren, p->batch_blend ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
        SDL_RenderGeometry(p->ren, NULL, p->verts, p->n_verts, NULL, 0);
    }
    p->n_verts = 0;
    p->batch_blend = 0;
}

static SDL_Color sdl_color(ui_Color c)
{
    return (SDL_Color){c.r, c.g, c.b, c.a};
}

static void add_line(plat_Ctx *p, float x0, float y0, float x1, float y1, float w, SDL_Color c)
{
    float dx = x1 - x0, dy = y1 - y0;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-4f || reserve(p, 6) != 0)
        return;
    if (w < 1.0f)
        w = 1.0f;
    float nx = -dy / len * w * 0.5f, ny = dx / len * w * 0.5f;
    vert(p, x0 + nx, y0 + ny, c);
    vert(p, x1 + nx, y1 + ny, c);
    vert(p, x1 - nx, y1 - ny, c);
    vert(p, x0 + nx, y0 + ny, c);
    vert(p, x1 - nx, y1 - ny, c);
    vert(p, x0 - nx, y0 - ny, c);
}

/* A white anti-aliased disk of diameter d (pixels), made once per size;
 * data points are two tinted copies (ring, then fill), far cheaper than
 * triangles in the software renderer and smoother too. */
static SDL_Texture *disk(plat_Ctx *p, int d)
{
    for (int i = 0; i < p->n_disk; i++)
        if (p->disk_d[i] == d)
            return p->disk[i];
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d, d, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return NULL;
    float r = (float)d / 2.0f;
    for (int y = 0; y < d; y++)
        for (int x = 0; x < d; x++) {
            float dx = (float)x + 0.5f - r, dy = (float)y + 0.5f - r;
            float cov = r - sqrtf(dx * dx + dy * dy) + 0.5f;
            cov = cov < 0 ? 0 : cov > 1 ? 1 : cov;
            ((Uint32 *)s->pixels)[y * (s->pitch / 4) + x] =
                ((Uint32)(cov * 255.0f + 0.5f) << 24) | 0x00ffffffu;
        }
    SDL_Texture *t = SDL_CreateTextureFromSurface(p->ren, s);
    SDL_FreeSurface(s);
    if (!t)
        return NULL;
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    int slot = p->n_disk < 8 ? p->n_disk++ : 7;
    if (p->disk[slot])
        SDL_DestroyTexture(p->disk[slot]);
    p->disk[slot] = t;
    p->disk_d[slot] = d;
    return t;
}

static void draw_disk(plat_Ctx *p, float cx, float cy, float r, SDL_Color c)
{
    int d = (int)lroundf(2.0f * r);
    if (d < 2)
        d = 2;
    SDL_Texture *t = disk(p, d);
    if (!t)
        return;
    SDL_SetTextureColorMod(t, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(t, c.a);
    SDL_Rect dst = {(int)lroundf(cx - (float)d / 2.0f), (int)lroundf(cy - (float)d / 2.0f), d, d};
    SDL_RenderCopy(p->ren, t, NULL, &dst);
}

static void add_circle(plat_Ctx *p, float cx, float cy, float r, SDL_Color fill, SDL_Color ring)
{
    if (ring.a) {
        draw_disk(p, cx, cy, r, ring);
        draw_disk(p, cx, cy, r - (r > 4 ? 1.5f : 1.0f), fill);
    } else {
        draw_disk(p, cx, cy, r, fill);
    }
}

/* ======================================================================== */
/* replay                                                                    */
/* ======================================================================== */

static void replay(plat_Ctx *p, const ui_CmdList *l)
{
    for (int i = 0; i < l->n; i++) {
        const ui_Cmd *c = &l->cmds[i];
        switch (c->type) {
        case UI_CMD_LINE:
            add_line(p, c->x0, c->y0, c->x1, c->y1, c->r, sdl_color(c->color));
            continue;
        case UI_CMD_TRI:
            if (reserve(p, 3) == 0) {
                SDL_Color col = sdl_color(c->color);
                vert(p, c->x0, c->y0, col);
                vert(p, c->x1, c->y1, col);
                vert(p, c->x2, c->y2, col);
            }
            continue;
        default:
            break;
        }
        flush(p);
        switch (c->type) {
        case UI_CMD_CIRCLE:
            add_circle(p, c->x0, c->y0, c->r, sdl_color(c->color), sdl_color(c->color2));
            break;
        case UI_CMD_RECT: {
            /* consecutive rects of one colour (box outlines, grids) go in one call */
            SDL_Rect rs[64];
            int n = 0;
            ui_Color col = c->color;
            while (n < 64) {
                rs[n++] = (SDL_Rect){c->rect.x, c->rect.y, c->rect.w, c->rect.h};
                const ui_Cmd *nx = i + 1 < l->n ? &l->cmds[i + 1] : NULL;
                if (!nx || nx->type != UI_CMD_RECT || memcmp(&nx->color, &col, sizeof col) != 0)
                    break;
                c = nx;
                i++;
            }
            SDL_SetRenderDrawBlendMode(p->ren, col.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(p->ren, col.r, col.g, col.b, col.a);
            SDL_RenderFillRects(p->ren, rs, n);
            break;
        }
        case UI_CMD_TEXT:
            plat_draw_text(p, c->font_px, c->bold, c->rect.x, c->rect.y, l->text + c->text_off,
                           c->text_len, sdl_color(c->color));
            break;
        case UI_CMD_IMAGE: {
            SDL_Texture *t = tex_of(p, c->tex);
            SDL_Rect r = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
            if (t)
                SDL_RenderCopy(p->ren, t, NULL, &r);
            break;
        }
        case UI_CMD_CLIP:
            if (c->rect.w < 0) {
                SDL_RenderSetClipRect(p->ren, NULL);
            } else {
                SDL_Rect r = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
                SDL_RenderSetClipRect(p->ren, &r);
            }
            break;
        default:
            break;
        }
    }
    flush(p);
    SDL_RenderSetClipRect(p->ren, NULL);
}

void plat_render(plat_Ctx *p, const ui_Context *ui, ui_Color bg)
{
    SDL_RenderSetClipRect(p->ren, NULL);
    SDL_SetRenderDrawColor(p->ren, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(p->ren);
    p->frame++;
    for (int layer = 0; layer < UI_LAYERS; layer++)
        replay(p, &ui->lists[layer]);
    SDL_RenderFlush(p->ren);
}

void plat_present(plat_Ctx *p)
{
    if (p->win)
        SDL_RenderPresent(p->ren);
}

int plat_read_pixels(plat_Ctx *p, uint32_t *dst, int w, int h)
{
    if (w != p->w || h != p->h)
        return -1;
    if (p->surf && !p->capture) {
        /* the software renderer drew straight into our surface */
        SDL_RenderFlush(p->ren);
        for (int y = 0; y < h; y++)
            memcpy(dst + (size_t)y * (size_t)w, (const uint8_t *)p->surf->pixels + (size_t)y * (size_t)p->surf->pitch,
                   (size_t)w * 4);
        return 0;
    }
    return SDL_RenderReadPixels(p->ren, NULL, SDL_PIXELFORMAT_ARGB8888, dst, w * 4) == 0 ? 0 : -1;
}

int plat_save_png(plat_Ctx *p, const char *path, char *err, size_t err_len)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, p->w, p->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) {
        snprintf(err, err_len, "cannot allocate the screenshot: %s", SDL_GetError());
        return -1;
    }
    int rc = -1;
    if (s->pitch == p->w * 4 && plat_read_pixels(p, s->pixels, p->w, p->h) == 0) {
        if (IMG_SavePNG(s, path) == 0)
            rc = 0;
        else
            snprintf(err, err_len, "cannot write %s: %s", path, IMG_GetError());
    } else {
        snprintf(err, err_len, "cannot read the frame back: %s", SDL_GetError());
    }
    SDL_FreeSurface(s);
    return rc;
}
