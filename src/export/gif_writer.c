/* gif_writer.c - animated GIF frames: libimagequant picks each frame's
 * palette and maps the pixels onto it, giflib writes the LZW stream into a
 * growing memory buffer, which is saved with nn_write_file_atomic so a
 * half-written GIF never replaces a good one. */
#include <gif_lib.h>
#include <libimagequant.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model_io.h"
#include "export/gif_writer.h"

struct ex_Gif {
    int w, h, fps, frames;
    GifFileType *gf;      /* open until the trailer is written */
    unsigned char *buf;   /* the encoded file so far */
    size_t len, cap;
    int oom;              /* the buffer could not grow: the file is lost */
    liq_attr *attr;
    unsigned char *rgba;  /* w*h*4: the frame in libimagequant's byte order */
    unsigned char *index; /* w*h: the frame in palette indices */
};

/* giflib's output callback: append to the memory buffer. */
static int put_bytes(GifFileType *gf, const GifByteType *data, int n)
{
    ex_Gif *g = gf->UserData;
    if (g->len + (size_t)n > g->cap) {
        size_t cap = g->cap ? g->cap : 65536;
        while (cap < g->len + (size_t)n)
            cap *= 2;
        unsigned char *b = realloc(g->buf, cap);
        if (!b) {
            g->oom = 1;
            return 0;
        }
        g->buf = b;
        g->cap = cap;
    }
    memcpy(g->buf + g->len, data, (size_t)n);
    g->len += (size_t)n;
    return n;
}

ex_Gif *ex_gif_create(int w, int h, int fps, char *err, size_t err_len)
{
    if (w < 1 || h < 1 || w > 65535 || h > 65535 || fps < 1 || fps > 100) {
        snprintf(err, err_len, "a GIF wants 1 to 65535 pixels a side and 1 to 100 frames a second");
        return NULL;
    }
    ex_Gif *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    g->w = w;
    g->h = h;
    g->fps = fps;
    g->rgba = malloc((size_t)w * (size_t)h * 4);
    g->index = malloc((size_t)w * (size_t)h);
    g->attr = liq_attr_create();
    int gerr = 0;
    if (g->rgba && g->index && g->attr)
        g->gf = EGifOpen(g, put_bytes, &gerr);
    if (!g->gf) {
        snprintf(err, err_len, "cannot start the GIF: %s", gerr ? GifErrorString(gerr) : "out of memory");
        ex_gif_free(g);
        return NULL;
    }
    /* speed 8: a frame of the window quantizes in milliseconds, and its few
     * dozen flat colours need no slower search */
    liq_set_speed(g->attr, 8);
    liq_set_max_colors(g->attr, 256);
    EGifSetGifVersion(g->gf, true);
    int ok = EGifPutScreenDesc(g->gf, w, h, 8, 0, NULL) == GIF_OK;
    /* NETSCAPE2.0 with a loop count of 0: the animation repeats on a slide */
    static const GifByteType loop[3] = {1, 0, 0};
    ok = ok && EGifPutExtensionLeader(g->gf, APPLICATION_EXT_FUNC_CODE) == GIF_OK;
    ok = ok && EGifPutExtensionBlock(g->gf, 11, "NETSCAPE2.0") == GIF_OK;
    ok = ok && EGifPutExtensionBlock(g->gf, 3, loop) == GIF_OK;
    ok = ok && EGifPutExtensionTrailer(g->gf) == GIF_OK;
    if (!ok || g->oom) {
        snprintf(err, err_len, "cannot start the GIF: %s", g->oom ? "out of memory" : GifErrorString(g->gf->Error));
        ex_gif_free(g);
        return NULL;
    }
    return g;
}

int ex_gif_add(ex_Gif *g, const uint32_t *argb, int pitch_px, char *err, size_t err_len)
{
    if (!g->gf) {
        snprintf(err, err_len, "the GIF is already finished");
        return -1;
    }
    for (int y = 0; y < g->h; y++) {
        const uint32_t *row = argb + (size_t)y * (size_t)pitch_px;
        unsigned char *o = g->rgba + (size_t)y * (size_t)g->w * 4;
        for (int x = 0; x < g->w; x++) {
            o[4 * x + 0] = (unsigned char)(row[x] >> 16);
            o[4 * x + 1] = (unsigned char)(row[x] >> 8);
            o[4 * x + 2] = (unsigned char)row[x];
            o[4 * x + 3] = 255; /* the window is opaque */
        }
    }
    liq_image *img = liq_image_create_rgba(g->attr, g->rgba, g->w, g->h, 0);
    liq_result *res = NULL;
    if (!img || liq_image_quantize(img, g->attr, &res) != LIQ_OK) {
        snprintf(err, err_len, "cannot find a palette for frame %d", g->frames + 1);
        if (img)
            liq_image_destroy(img);
        return -1;
    }
    liq_set_dithering_level(res, 0.0f);
    int rc = -1;
    ColorMapObject *cm = NULL;
    if (liq_write_remapped_image(res, img, g->index, (size_t)g->w * (size_t)g->h) != LIQ_OK) {
        snprintf(err, err_len, "cannot map frame %d onto its palette", g->frames + 1);
        goto done;
    }
    const liq_palette *pal = liq_get_palette(res);
    int size = 2; /* a GIF colour table has a power-of-two size */
    while (size < (int)pal->count)
        size *= 2;
    cm = GifMakeMapObject(size, NULL);
    if (!cm) {
        snprintf(err, err_len, "out of memory");
        goto done;
    }
    for (int k = 0; k < size; k++) {
        liq_color c = k < (int)pal->count ? pal->entries[k] : (liq_color){0, 0, 0, 255};
        cm->Colors[k] = (GifColorType){c.r, c.g, c.b};
    }
    /* the delay is in hundredths of a second: 10 fps is 10 each */
    GraphicsControlBlock gcb = {DISPOSE_DO_NOT, false, (100 + g->fps / 2) / g->fps, NO_TRANSPARENT_COLOR};
    GifByteType ext[4];
    size_t n = EGifGCBToExtension(&gcb, ext);
    int ok = EGifPutExtension(g->gf, GRAPHICS_EXT_FUNC_CODE, (int)n, ext) == GIF_OK;
    ok = ok && EGifPutImageDesc(g->gf, 0, 0, g->w, g->h, false, cm) == GIF_OK;
    for (int y = 0; ok && y < g->h; y++)
        ok = EGifPutLine(g->gf, g->index + (size_t)y * (size_t)g->w, g->w) == GIF_OK;
    if (!ok || g->oom) {
        snprintf(err, err_len, "cannot encode frame %d: %s", g->frames + 1,
                 g->oom ? "out of memory" : GifErrorString(g->gf->Error));
        goto done;
    }
    g->frames++;
    rc = 0;
done:
    if (cm)
        GifFreeMapObject(cm);
    liq_result_destroy(res);
    liq_image_destroy(img);
    return rc;
}

int ex_gif_frames(const ex_Gif *g)
{
    return g->frames;
}

int ex_gif_save(ex_Gif *g, const char *path, char *err, size_t err_len)
{
    if (g->frames == 0) {
        snprintf(err, err_len, "%s: no frames to save", path);
        return -1;
    }
    if (g->gf) {
        int gerr = 0;
        /* writes the trailer; giflib frees the handle even when it fails */
        int ok = EGifCloseFile(g->gf, &gerr) == GIF_OK;
        g->gf = NULL;
        if (!ok || g->oom) {
            snprintf(err, err_len, "%s: cannot finish the GIF: %s", path,
                     g->oom ? "out of memory" : GifErrorString(gerr));
            g->oom = 1;
            return -1;
        }
    }
    if (g->oom) {
        snprintf(err, err_len, "%s: out of memory while encoding", path);
        return -1;
    }
    return nn_write_file_atomic(path, g->buf, g->len, err, err_len) == NN_OK ? 0 : -1;
}

void ex_gif_free(ex_Gif *g)
{
    if (!g)
        return;
    if (g->gf)
        EGifCloseFile(g->gf, NULL);
    if (g->attr)
        liq_attr_destroy(g->attr);
    free(g->rgba);
    free(g->index);
    free(g->buf);
    free(g);
}
