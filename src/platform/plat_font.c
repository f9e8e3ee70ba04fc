/* plat_font.c - the UI font and its glyph cache.
 *
 * Rendering a string with SDL_ttf every frame costs a rasterization per
 * call; instead every (size, weight) gets an atlas texture that glyphs are
 * rasterized into once, white, and drawn tinted. Sizes are evicted least
 * recently used, since a UI scale change brings a new set of sizes. */
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
    return 0;
}

static void font_free(plat_Font *f)
{
    if (!f)
        return;
    if (f->atlas)
        SDL_DestroyTexture(f->atlas);
    if (f->font)
        TTF_CloseFont(f->font);
    free(f);
}

void plat_fonts_free(plat_Ctx *p)
{
    int had = p->font_path[0] != '\0';
    for (int i = 0; i < PLAT_FONT_SLOTS; i++) {
        font_free(p->fonts[i]);
        p->fonts[i] = NULL;
    }
    if (had)
        TTF_Quit();
    p->font_path[0] = '\0';
}

const char *plat_font_path(const plat_Ctx *p)
{
    return p->font_path;
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
    if (!f->font) {
        free(f);
        return NULL;
    }
    TTF_SetFontHinting(f->font, TTF_HINTING_LIGHT);
    f->height = TTF_FontHeight(f->font);
    int side = 256;
    while (side < px * 28 && side < 4096)
        side *= 2;
    f->atlas_side = side;
    f->atlas = SDL_CreateTexture(p->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, side,
                                 side);
    if (f->atlas)
        SDL_SetTextureBlendMode(f->atlas, SDL_BLENDMODE_BLEND);
    f->last_used = p->font_clock;
    if (p->fonts[slot])
        font_free(p->fonts[slot]);
    p->fonts[slot] = f;
    return f;
}

static plat_Glyph *find_glyph(plat_Font *f, uint32_t cp)
{
    uint32_t h = (cp * 2654435761u) & (PLAT_GLYPH_SLOTS - 1);
    for (int n = 0; n < PLAT_GLYPH_SLOTS; n++) {
        plat_Glyph *g = &f->glyphs[(h + (uint32_t)n) & (PLAT_GLYPH_SLOTS - 1)];
        if (g->cp == cp)
            return g;
        if (g->cp == 0) {
            g->cp = cp;
            int minx, maxx, miny, maxy, adv = 0;
            if (TTF_GlyphMetrics32(f->font, cp, &minx, &maxx, &miny, &maxy, &adv) != 0)
                adv = f->px / 2;
            g->adv = (int16_t)adv;
            return g;
        }
    }
    return NULL; /* table full: the text is measured without this glyph */
}

static void render_glyph(plat_Font *f, plat_Glyph *g)
{
    g->rendered = 1;
    if (!f->atlas || g->cp == ' ')
        return;
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *s = TTF_RenderGlyph32_Blended(f->font, g->cp, white);
    if (!s)
        return;
    SDL_Surface *c = s->format->format == SDL_PIXELFORMAT_ARGB8888
                         ? s
                         : SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    if (c) {
        if (f->pen_x + c->w + 1 > f->atlas_side) {
            f->pen_x = 0;
            f->pen_y += f->row_h + 1;
            f->row_h = 0;
        }
        if (f->pen_y + c->h <= f->atlas_side && c->w <= f->atlas_side) {
            SDL_Rect dst = {f->pen_x, f->pen_y, c->w, c->h};
            SDL_UpdateTexture(f->atlas, &dst, c->pixels, c->pitch);
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

int plat_text_width(void *user, int font_px, int bold, const char *s, int len)
{
    plat_Ctx *p = user;
    plat_Font *f = get_font(p, font_px, bold);
    if (!f)
        return len * font_px / 2;
    int w = 0, i = 0;
    uint32_t prev = 0;
    while (i < len) {
        uint32_t cp = next_cp((const unsigned char *)s, len, &i);
        plat_Glyph *g = find_glyph(f, cp);
        if (prev)
            w += TTF_GetFontKerningSizeGlyphs32(f->font, prev, cp);
        w += g ? g->adv : font_px / 2;
        prev = cp;
    }
    return w;
}

int plat_text_height(void *user, int font_px)
{
    plat_Ctx *p = user;
    plat_Font *f = get_font(p, font_px, 0);
    return f ? f->height : font_px + font_px / 4;
}

void plat_draw_text(plat_Ctx *p, int font_px, int bold, int x, int y, const char *s, int len,
                    SDL_Color c)
{
    plat_Font *f = get_font(p, font_px, bold);
    if (!f || !f->atlas)
        return;
    SDL_SetTextureColorMod(f->atlas, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(f->atlas, c.a);
    int pen = x, i = 0;
    uint32_t prev = 0;
    while (i < len) {
        uint32_t cp = next_cp((const unsigned char *)s, len, &i);
        plat_Glyph *g = find_glyph(f, cp);
        if (!g)
            continue;
        if (prev)
            pen += TTF_GetFontKerningSizeGlyphs32(f->font, prev, cp);
        if (!g->rendered)
            render_glyph(f, g);
        if (g->w > 0) {
            SDL_Rect src = {g->x, g->y, g->w, g->h};
            SDL_Rect dst = {pen, y, g->w, g->h};
            SDL_RenderCopy(p->ren, f->atlas, &src, &dst);
        }
        pen += g->adv;
        prev = cp;
    }
}
