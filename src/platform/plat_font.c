/* plat_font.c - the UI font and its glyph cache.
 *
 * Rendering a string with SDL_ttf every frame costs a rasterization per
 * call; instead every (size, weight) gets an atlas texture that glyphs are
 * rasterized into once, white, and drawn tinted. Sizes are evicted least
 * recently used, since a UI scale change brings a new set of sizes.
 *
 * Latin text stays in the UI font (DejaVu); a character it lacks (Chinese)
 * comes from a CJK fallback font, chosen per code point when the glyph is
 * first met and cached in the same atlas, so a mixed string is drawn glyph
 * by glyph from the right font and nothing is rasterized twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/plat_internal.h"

/* ======================================================================== */
/* finding the font                                                          */
/* ======================================================================== */

static int readable(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    fclose(f);
    return 1;
}

/* The first readable of: $NNVIZ_FONT, assets/, Debian's fonts-dejavu-core,
 * other distributions' DejaVu and Liberation locations. */
static int find_font(char *out, size_t len, int bold)
{
    const char *env = getenv(bold ? "NNVIZ_FONT_BOLD" : "NNVIZ_FONT");
    if (env && readable(env)) {
        snprintf(out, len, "%s", env);
        return 0;
    }
    const char *name = bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf";
    char buf[PLAT_PATH_MAX];
#ifdef NNVIZ_ASSET_DIR
    snprintf(buf, sizeof buf, "%s/%s", NNVIZ_ASSET_DIR, name);
    if (readable(buf)) {
        snprintf(out, len, "%s", buf);
        return 0;
    }
#endif
    static const char *dirs[] = {"/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF",
                                 "/usr/share/fonts/dejavu", "/usr/share/fonts/dejavu-sans-fonts",
                                 "/usr/local/share/fonts", "/Library/Fonts"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(buf, sizeof buf, "%s/%s", dirs[i], name);
        if (readable(buf)) {
            snprintf(out, len, "%s", buf);
            return 0;
        }
    }
    const char *lib = bold ? "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"
                           : "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf";
    if (readable(lib)) {
        snprintf(out, len, "%s", lib);
        return 0;
    }
    return -1;
}

static int find_cjk_font(char *out, size_t len);

int plat_fonts_init(plat_Ctx *p, char *err, size_t err_len)
{
    if (TTF_Init() != 0) {
        snprintf(err, err_len, "cannot start SDL_ttf: %s", SDL_GetError());
        return -1;
    }
    if (find_font(p->font_path, sizeof p->font_path, 0) != 0) {
        snprintf(err, err_len,
                 "no UI font found: install fonts-dejavu-core or set NNVIZ_FONT to a .ttf file");
        TTF_Quit();
        return -1;
    }
    if (find_font(p->bold_path, sizeof p->bold_path, 1) != 0)
        snprintf(p->bold_path, sizeof p->bold_path, "%s", p->font_path);
    find_cjk_font(p->cjk_path, sizeof p->cjk_path); /* optional: only Chinese needs it */
    return 0;
}

static void font_free(plat_Font *f)
{
    if (!f)
        return;
    if (f->atlas)
        SDL_DestroyTexture(f->atlas);
    if (f->atlas_px)
        SDL_FreeSurface(f->atlas_px);
    if (f->font)
        TTF_CloseFont(f->font);
    if (f->alt)
        TTF_CloseFont(f->alt);
    free(f);
}

void plat_fonts_free(plat_Ctx *p)
{
    int had = p->font_path[0] != '\0';
    if (p->strs) {
        for (int i = 0; i < PLAT_STR_SETS * PLAT_STR_WAYS; i++)
            if (p->strs[i].tex)
                SDL_DestroyTexture(p->strs[i].tex);
        free(p->strs);
        p->strs = NULL;
    }
    for (int i = 0; i < PLAT_FONT_SLOTS; i++) {
        font_free(p->fonts[i]);
        p->fonts[i] = NULL;
    }
    if (had)
        TTF_Quit();
    p->font_path[0] = '\0';
}

/* The first readable of: $NNVIZ_FONT_CJK, Debian's fonts-wqy-microhei (small,
 * what the README installs), fonts-wqy-zenhei, fonts-noto-cjk,
 * fonts-droid-fallback, fonts-arphic-uming. */
static int find_cjk_font(char *out, size_t len)
{
    const char *env = getenv("NNVIZ_FONT_CJK");
    if (env && readable(env)) {
        snprintf(out, len, "%s", env);
        return 0;
    }
    static const char *paths[] = {
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if (readable(paths[i])) {
            snprintf(out, len, "%s", paths[i]);
            return 0;
        }
    out[0] = '\0';
    return -1;
}

const char *plat_font_path(const plat_Ctx *p)
{
    return p->font_path;
}

const char *plat_font_cjk_path(const plat_Ctx *p)
{
    return p->cjk_path;
}

int plat_font_cjk_opened(const plat_Ctx *p)
{
    return p->cjk_opened;
}

size_t plat_font_atlas_bytes(const plat_Ctx *p)
{
    size_t n = 0;
    for (int i = 0; i < PLAT_FONT_SLOTS; i++)
        if (p->fonts[i] && p->fonts[i]->atlas)
            n += (size_t)p->fonts[i]->atlas_side * (size_t)p->fonts[i]->atlas_side * 4u * 2u;
    return n;
}

/* ======================================================================== */
/* sizes and glyphs                                                          */
/* ======================================================================== */

static plat_Font *get_font(plat_Ctx *p, int px, int bold)
{
    if (px < 6)
        px = 6;
    if (px > 200)
        px = 200;
    bold = bold != 0;
    p->font_clock++;
    int free_slot = -1, oldest = 0;
    for (int i = 0; i < PLAT_FONT_SLOTS; i++) {
        plat_Font *f = p->fonts[i];
        if (!f) {
            if (free_slot < 0)
                free_slot = i;
            continue;
        }
        if (f->px == px && f->bold == bold) {
            f->last_used = p->font_clock;
            return f;
        }
        if (p->fonts[oldest] && f->last_used < p->fonts[oldest]->last_used)
            oldest = i;
    }
    int slot = free_slot >= 0 ? free_slot : oldest;
    plat_Font *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->px = px;
    f->bold = bold;
    f->font = TTF_OpenFont(bold ? p->bold_path : p->font_path, px);
    p->font_opens++;
    if (!f->font) {
        free(f);
        return NULL;
    }
    TTF_SetFontHinting(f->font, TTF_HINTING_LIGHT);
    f->height = TTF_FontHeight(f->font);
    /* The atlas starts small and doubles when a glyph no longer fits
     * (render_glyph): a size that draws a few digits keeps a small atlas,
     * and the CJK fallback is opened only when a glyph DejaVu lacks is
     * first met (ensure_alt), so English pays for neither. */
    int side = 128;
    f->atlas_side = side;
    f->atlas = SDL_CreateTexture(p->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, side,
                                 side);
    if (f->atlas)
        SDL_SetTextureBlendMode(f->atlas, SDL_BLENDMODE_BLEND);
    f->atlas_px = SDL_CreateRGBSurfaceWithFormat(0, side, side, 32, SDL_PIXELFORMAT_ARGB8888);
    f->last_used = p->font_clock;
    if (p->fonts[slot])
        font_free(p->fonts[slot]);
    p->fonts[slot] = f;
    return f;
}

/* An atlas of side `side` holding the old atlas's pixels at the same
 * places, so glyphs already placed keep their coordinates. */
static void grow_atlas(plat_Ctx *p, plat_Font *f, int side)
{
    SDL_Texture *t =
        SDL_CreateTexture(p->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, side, side);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, side, side, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!t || !s) {
        if (t)
            SDL_DestroyTexture(t);
        if (s)
            SDL_FreeSurface(s);
        return; /* keep the small atlas: glyphs that do not fit are drawn without it */
    }
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    SDL_FillRect(s, NULL, 0);
    if (f->atlas_px) {
        SDL_SetSurfaceBlendMode(f->atlas_px, SDL_BLENDMODE_NONE);
        SDL_BlitSurface(f->atlas_px, NULL, s, NULL);
        SDL_FreeSurface(f->atlas_px);
    }
    SDL_UpdateTexture(t, NULL, s->pixels, s->pitch);
    if (f->atlas) {
        /* a string being drawn glyph by glyph keeps its tint */
        Uint8 r = 255, g = 255, b = 255, a = 255;
        SDL_GetTextureColorMod(f->atlas, &r, &g, &b);
        SDL_GetTextureAlphaMod(f->atlas, &a);
        SDL_SetTextureColorMod(t, r, g, b);
        SDL_SetTextureAlphaMod(t, a);
        SDL_DestroyTexture(f->atlas);
    }
    f->atlas = t;
    f->atlas_px = s;
    f->atlas_side = side;
}

/* Opens the CJK fallback at f's size, once. Returns 1 when f->alt is open. */
static int ensure_alt(plat_Ctx *p, plat_Font *f)
{
    if (f->alt)
        return 1;
    if (f->alt_tried || !p->cjk_path[0])
        return 0;
    f->alt_tried = 1;
    f->alt = TTF_OpenFont(p->cjk_path, f->px);
    if (!f->alt)
        return 0;
    TTF_SetFontHinting(f->alt, TTF_HINTING_LIGHT);
    if (f->bold)
        TTF_SetFontStyle(f->alt, TTF_STYLE_BOLD);
    p->cjk_opened++;
    return 1;
}

/* Ideographs and full-width punctuation: every CJK font draws them one em
 * wide (checked for wqy-microhei: all 3120 sampled, at 10..40 px), so their
 * advance is known without loading the glyph, which costs as much as
 * rasterizing it. render_glyph corrects it should a font differ. */
static int full_width(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF5E);
}

static int alt_em(plat_Font *f)
{
    if (f->alt_em == 0) {
        int minx, maxx, miny, maxy, adv = 0;
        if (TTF_GlyphIsProvided32(f->alt, 0x4E00) &&
            TTF_GlyphMetrics32(f->alt, 0x4E00, &minx, &maxx, &miny, &maxy, &adv) == 0 && adv > 0)
            f->alt_em = adv;
        else
            f->alt_em = -1;
    }
    return f->alt_em;
}

int plat_font_warm_cjk(plat_Ctx *p)
{
    for (int i = 0; i < PLAT_FONT_SLOTS; i++) {
        plat_Font *f = p->fonts[i];
        if (f && !f->alt && !f->alt_tried && p->cjk_path[0]) {
            if (ensure_alt(p, f))
                alt_em(f);
            return 1;
        }
    }
    return 0;
}

void plat_font_set_budget(plat_Ctx *p, double ms)
{
    p->glyph_budget_ms = ms > 0 ? ms : 0;
}

int plat_font_pending(const plat_Ctx *p)
{
    return p->glyph_wait_frame != 0 && p->glyph_wait_frame == p->frame + 1;
}

static plat_Glyph *find_glyph(plat_Ctx *p, plat_Font *f, uint32_t cp)
{
    uint32_t h = (cp * 2654435761u) & (PLAT_GLYPH_SLOTS - 1);
    for (int n = 0; n < PLAT_GLYPH_SLOTS; n++) {
        plat_Glyph *g = &f->glyphs[(h + (uint32_t)n) & (PLAT_GLYPH_SLOTS - 1)];
        if (g->cp == cp)
            return g;
        if (g->cp == 0) {
            g->cp = cp;
            int minx, maxx, miny, maxy, adv = 0;
            if (cp > 0x7F && !TTF_GlyphIsProvided32(f->font, cp) && ensure_alt(p, f) &&
                TTF_GlyphIsProvided32(f->alt, cp)) {
                g->alt = 1;
                g->dy = (int16_t)(TTF_FontAscent(f->font) - TTF_FontAscent(f->alt));
            }
            if (g->alt && full_width(cp) && alt_em(f) > 0)
                adv = f->alt_em;
            else if (TTF_GlyphMetrics32(g->alt ? f->alt : f->font, cp, &minx, &maxx, &miny,
                                        &maxy, &adv) != 0)
                adv = f->px / 2;
            g->adv = (int16_t)adv;
            return g;
        }
    }
    return NULL; /* table full: the text is measured without this glyph */
}

/* Whether this frame may still rasterize a fallback glyph; when not, the
 * frame notes that one waits (plat_font_pending). */
static int budget_left(plat_Ctx *p)
{
    if (p->glyph_budget_ms <= 0)
        return 1;
    if (p->glyph_frame != p->frame) {
        p->glyph_frame = p->frame;
        p->glyph_spent_ms = 0;
    }
    if (p->glyph_spent_ms < p->glyph_budget_ms)
        return 1;
    p->glyph_wait_frame = p->frame + 1;
    return 0;
}

/* Rasterizes g into the atlas, unless it is a fallback glyph and this
 * frame's budget is spent: then it stays unrendered (drawn as nothing) and
 * a later frame renders it. */
static void render_glyph(plat_Ctx *p, plat_Font *f, plat_Glyph *g)
{
    if (g->alt && !budget_left(p))
        return;
    g->rendered = 1;
    if (!f->atlas || g->cp == ' ')
        return;
    SDL_Color white = {255, 255, 255, 255};
    Uint64 t0 = g->alt && p->glyph_budget_ms > 0 ? SDL_GetPerformanceCounter() : 0;
    SDL_Surface *s = TTF_RenderGlyph32_Blended(g->alt ? f->alt : f->font, g->cp, white);
    if (g->alt && s) {
        /* the glyph is loaded now: its true advance costs nothing */
        int minx, maxx, miny, maxy, adv = 0;
        if (TTF_GlyphMetrics32(f->alt, g->cp, &minx, &maxx, &miny, &maxy, &adv) == 0)
            g->adv = (int16_t)adv;
    }
    if (t0)
        p->glyph_spent_ms +=
            (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
    if (!s)
        return;
    SDL_Surface *c = s->format->format == SDL_PIXELFORMAT_ARGB8888
                         ? s
                         : SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    /* a glyph that does not fit doubles the atlas, up to 4096 pixels */
    while (c && f->atlas_side < 4096 &&
           (c->w + 1 > f->atlas_side ||
            (f->pen_x + c->w + 1 > f->atlas_side && f->pen_y + f->row_h + 1 + c->h > f->atlas_side) ||
            f->pen_y + c->h > f->atlas_side)) {
        int before = f->atlas_side;
        grow_atlas(p, f, before * 2);
        if (f->atlas_side == before)
            break; /* out of memory: the glyph is drawn without the atlas */
    }
    if (c) {
        if (f->pen_x + c->w + 1 > f->atlas_side) {
            f->pen_x = 0;
            f->pen_y += f->row_h + 1;
            f->row_h = 0;
        }
        if (f->pen_y + c->h <= f->atlas_side && c->w <= f->atlas_side) {
            SDL_Rect dst = {f->pen_x, f->pen_y, c->w, c->h};
            SDL_UpdateTexture(f->atlas, &dst, c->pixels, c->pitch);
            if (f->atlas_px) {
                SDL_SetSurfaceBlendMode(c, SDL_BLENDMODE_NONE);
                SDL_BlitSurface(c, NULL, f->atlas_px, &dst);
            }
            g->x = (int16_t)f->pen_x;
            g->y = (int16_t)f->pen_y;
            g->w = (int16_t)c->w;
            g->h = (int16_t)c->h;
            f->pen_x += c->w + 1;
            if (c->h > f->row_h)
                f->row_h = c->h;
        }
        if (c != s)
            SDL_FreeSurface(c);
    }
    SDL_FreeSurface(s);
}

/* Kerning between two glyphs of the main font; none across fonts. */
static int kern(plat_Font *f, const plat_Glyph *prev, const plat_Glyph *g)
{
    if (!prev || !g || prev->alt || g->alt)
        return 0;
    return TTF_GetFontKerningSizeGlyphs32(f->font, prev->cp, g->cp);
}

/* The part of glyph g that is drawn at pen (x, y): a fallback glyph moved
 * up past y loses only its empty top rows. Returns 0 when nothing shows. */
static int glyph_rects(const plat_Glyph *g, int x, int y, SDL_Rect *src, SDL_Rect *dst)
{
    int cut = g->dy < 0 ? -g->dy : 0;
    *src = (SDL_Rect){g->x, g->y + cut, g->w, g->h - cut};
    *dst = (SDL_Rect){x, y + g->dy + cut, g->w, g->h - cut};
    return g->w > 0 && g->h - cut > 0;
}

/* Decodes one UTF-8 code point; invalid bytes become U+FFFD. */
static uint32_t next_cp(const unsigned char *s, int len, int *i)
{
    unsigned char c = s[*i];
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || *i + n > len) {
        (*i)++;
        return 0xFFFD;
    }
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (int k = 1; k < n; k++)
        cp = (cp << 6) | (s[*i + k] & 0x3Fu);
    *i += n;
    return cp;
}

int plat_font_warm_text(plat_Ctx *p, const char *s, double until, int max_px)
{
    const unsigned char *u = (const unsigned char *)s;
    int len = (int)strlen(s);
    double keep = p->glyph_budget_ms;
    p->glyph_budget_ms = 0; /* ahead of time: no frame's budget applies */
    for (int k = 0; k < PLAT_FONT_SLOTS; k++) {
        plat_Font *f = p->fonts[k];
        if (f && f->px > max_px)
            continue; /* large sizes hold few glyphs: their frame budget suffices */
        for (int i = 0; f && i < len;) {
            uint32_t cp = next_cp(u, len, &i);
            if (cp <= 0x7F)
                continue;
            plat_Glyph *g = find_glyph(p, f, cp);
            if (g && g->alt && !g->rendered) {
                render_glyph(p, f, g);
                if (plat_now() > until) {
                    p->glyph_budget_ms = keep;
                    return 0; /* the next call skips what is drawn */
                }
            }
        }
    }
    p->glyph_budget_ms = keep;
    return 1;
}

long plat_font_opens(const plat_Ctx *p)
{
    return p->font_opens;
}

int plat_font_open_sizes(const plat_Ctx *p)
{
    int n = 0;
    for (int k = 0; k < PLAT_FONT_SLOTS; k++)
        n += p->fonts[k] != NULL;
    return n;
}

int plat_text_width(void *user, int font_px, int bold, const char *s, int len)
{
    plat_Ctx *p = user;
    plat_Font *f = get_font(p, font_px, bold);
    if (!f)
        return len * font_px / 2;
    int w = 0, i = 0;
    const plat_Glyph *prev = NULL;
    while (i < len) {
        uint32_t cp = next_cp((const unsigned char *)s, len, &i);
        plat_Glyph *g = find_glyph(p, f, cp);
        w += kern(f, prev, g);
        w += g ? g->adv : font_px / 2;
        prev = g;
    }
    return w;
}

int plat_text_height(void *user, int font_px)
{
    plat_Ctx *p = user;
    plat_Font *f = get_font(p, font_px, 0);
    return f ? f->height : font_px + font_px / 4;
}

static void draw_glyphs(plat_Ctx *p, plat_Font *f, int x, int y, const char *s, int len)
{
    int pen = x, i = 0;
    const plat_Glyph *prev = NULL;
    while (i < len) {
        uint32_t cp = next_cp((const unsigned char *)s, len, &i);
        plat_Glyph *g = find_glyph(p, f, cp);
        if (!g)
            continue;
        pen += kern(f, prev, g);
        if (!g->rendered)
            render_glyph(p, f, g);
        SDL_Rect src, dst;
        if (glyph_rects(g, pen, y, &src, &dst))
            SDL_RenderCopy(p->ren, f->atlas, &src, &dst);
        pen += g->adv;
        prev = g;
    }
}

/* The string as one texture in colour c, glyphs placed exactly as
 * draw_glyphs places them. NULL when a glyph is missing from the atlas. */
static SDL_Texture *compose(plat_Ctx *p, plat_Font *f, const char *s, int len, SDL_Color c, int *w,
                            int *h)
{
    if (!f->atlas_px)
        return NULL;
    int pen = 0, i = 0, right = 1, bottom = f->height;
    const plat_Glyph *prev = NULL;
    while (i < len) {
        uint32_t cp = next_cp((const unsigned char *)s, len, &i);
        plat_Glyph *g = find_glyph(p, f, cp);
        if (!g)
            return NULL;
        pen += kern(f, prev, g);
        if (!g->rendered)
            render_glyph(p, f, g);
        if (!g->rendered) {
            *w = 0; /* waits for a later frame's budget: try again then */
            return NULL;
        }
        if (g->w == 0 && cp != ' ' && g->adv > 0)
            return NULL; /* not in the atlas (full): keep drawing it glyph by glyph */
        if (pen < 0)
            return NULL;
        if (pen + g->w > right)
            right = pen + g->w;
        if (g->h + g->dy > bottom)
            bottom = g->h + g->dy;
        pen += g->adv;
        prev = g;
    }
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, right, bottom, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!out)
        return NULL;
    /* white with no coverage: blending white glyphs keeps every pixel white
     * and only adds coverage where glyphs overlap */
    SDL_FillRect(out, NULL, 0x00ffffffu);
    SDL_SetSurfaceBlendMode(f->atlas_px, SDL_BLENDMODE_BLEND);
    pen = 0;
    i = 0;
    prev = NULL;
    while (i < len) {
        uint32_t cp = next_cp((const unsigned char *)s, len, &i);
        plat_Glyph *g = find_glyph(p, f, cp);
        pen += kern(f, prev, g);
        SDL_Rect src, dst;
        if (g && glyph_rects(g, pen, 0, &src, &dst))
            SDL_BlitSurface(f->atlas_px, &src, out, &dst);
        pen += g ? g->adv : 0;
        prev = g;
    }
    /* coloured now, so drawing needs no colour modulation (the software
     * renderer's plain alpha blit is several times faster) */
    for (int y = 0; y < out->h; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)out->pixels + (size_t)y * (size_t)out->pitch);
        for (int x = 0; x < out->w; x++) {
            Uint32 a = (row[x] >> 24) * c.a / 255u;
            row[x] = (a << 24) | ((Uint32)c.r << 16) | ((Uint32)c.g << 8) | c.b;
        }
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(p->ren, out);
    SDL_FreeSurface(out);
    if (!t)
        return NULL;
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    *w = right;
    *h = bottom;
    return t;
}

static uint32_t str_hash(int px, int bold, SDL_Color c, const char *s, int len)
{
    uint32_t h = 2166136261u ^ (uint32_t)(px * 2 + bold);
    h = (h ^ ((uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a)) * 16777619u;
    for (int i = 0; i < len; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h ? h : 1;
}

/* The cache entry of a string: found, or a new one replacing the entry of
 * its set drawn longest ago. */
static plat_Str *str_entry(plat_Ctx *p, int px, int bold, SDL_Color c, const char *s, int len)
{
    if (!p->strs) {
        p->strs = calloc((size_t)PLAT_STR_SETS * PLAT_STR_WAYS, sizeof *p->strs);
        if (!p->strs)
            return NULL;
    }
    uint32_t h = str_hash(px, bold, c, s, len);
    plat_Str *set = p->strs + (size_t)(h % PLAT_STR_SETS) * PLAT_STR_WAYS;
    plat_Str *old = set;
    for (int k = 0; k < PLAT_STR_WAYS; k++) {
        plat_Str *e = &set[k];
        if (e->hash == h && e->px == px && e->bold == bold && e->len == len &&
            memcmp(&e->color, &c, sizeof c) == 0 && memcmp(e->s, s, (size_t)len) == 0)
            return e;
        if (e->hash == 0 || (old->hash != 0 && e->last_frame < old->last_frame))
            old = e;
    }
    if (old->tex)
        SDL_DestroyTexture(old->tex);
    memset(old, 0, sizeof *old);
    old->hash = h;
    old->px = (int16_t)px;
    old->bold = (int16_t)bold;
    old->len = (int16_t)len;
    old->color = c;
    memcpy(old->s, s, (size_t)len);
    old->last_frame = p->frame - 1;
    return old;
}

void plat_draw_text(plat_Ctx *p, int font_px, int bold, int x, int y, const char *s, int len,
                    SDL_Color c)
{
    plat_Font *f = get_font(p, font_px, bold);
    if (!f || !f->atlas)
        return;
    plat_Str *e = len > 0 && len <= PLAT_STR_MAX ? str_entry(p, f->px, f->bold, c, s, len) : NULL;
    if (e) {
        if (e->last_frame != p->frame) {
            e->last_frame = p->frame;
            e->frames_seen++;
        }
        /* a string drawn in two frames is likely to stay: make it one texture */
        if (!e->tex && e->frames_seen >= 2 && e->w >= 0) {
            e->w = -1;
            e->tex = compose(p, f, s, len, c, &e->w, &e->h);
            /* do not try again, unless a glyph waited for a later frame */
            if (!e->tex && e->w != 0)
                e->w = -1;
        }
        if (e->tex) {
            SDL_Rect dst = {x, y, e->w, e->h};
            SDL_RenderCopy(p->ren, e->tex, NULL, &dst);
            return;
        }
    }
    SDL_SetTextureColorMod(f->atlas, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(f->atlas, c.a);
    draw_glyphs(p, f, x, y, s, len);
}
