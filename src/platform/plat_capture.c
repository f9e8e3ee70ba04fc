/* plat_capture.c - frames drawn into a texture of their own size (a render
 * target): the window saved at twice its pixels without resizing it. */
#include <stdio.h>

#include "platform/plat_internal.h"

int plat_capture_begin(plat_Ctx *p, int w, int h, char *err, size_t err_len)
{
    if (p->capture) {
        snprintf(err, err_len, "a picture is already being drawn aside");
        return -1;
    }
    if (!SDL_RenderTargetSupported(p->ren)) {
        snprintf(err, err_len, "this renderer cannot draw into a picture: %s", SDL_GetError());
        return -1;
    }
    SDL_Texture *t = SDL_CreateTexture(p->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
    if (!t || SDL_SetRenderTarget(p->ren, t) != 0) {
        snprintf(err, err_len, "cannot make a %dx%d picture: %s", w, h, SDL_GetError());
        if (t)
            SDL_DestroyTexture(t);
        return -1;
    }
    p->capture = t;
    p->capture_w0 = p->w;
    p->capture_h0 = p->h;
    p->w = w;
    p->h = h;
    return 0;
}

void plat_capture_end(plat_Ctx *p)
{
    if (!p->capture)
        return;
    SDL_SetRenderTarget(p->ren, NULL);
    SDL_DestroyTexture(p->capture);
    p->capture = NULL;
    p->w = p->capture_w0;
    p->h = p->capture_h0;
}
