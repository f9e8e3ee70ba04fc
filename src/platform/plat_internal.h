/* plat_internal.h - the platform context, shared by plat_*.c only. */
#ifndef NNVIZ_PLAT_INTERNAL_H
#define NNVIZ_PLAT_INTERNAL_H

#include <SDL.h>
#include <SDL_ttf.h>

#include "platform/plat.h"
#include "ui/ui_pointer.h"

#define PLAT_FONT_SLOTS 24   /* font sizes kept open: more than one frame draws (controls, labels,
                                 figures, fitted text, bold), so a frame never reopens one */
#define PLAT_GLYPH_SLOTS 1024 /* glyphs per font size, open addressing */
#define PLAT_STR_SETS 256     /* string cache: sets of PLAT_STR_WAYS entries */
#define PLAT_STR_WAYS 4
#define PLAT_STR_MAX 96       /* longer strings are drawn glyph by glyph */

typedef struct {
    uint32_t cp;        /* code point; 0 = empty slot */
    int16_t x, y, w, h; /* place in the atlas (w == 0: not in the atlas) */
    int16_t adv;        /* advance in pixels */
    int16_t dy;         /* drawn this far down: the fallback font's baseline onto the main one's */
    uint8_t rendered;   /* tried to render into the atlas */
    uint8_t alt;        /* from the fallback (CJK) font: the main font lacks it */
} plat_Glyph;

typedef struct {
    int px, bold;          /* key */
    TTF_Font *font;
    TTF_Font *alt;         /* the CJK fallback at the same size; NULL without one */
    SDL_Texture *atlas;    /* white glyphs, tinted per text command */
    SDL_Surface *atlas_px; /* the same pixels, to compose whole strings from */
    int atlas_side;
    int pen_x, pen_y, row_h; /* shelf packer */
    int height;            /* line height */
    unsigned last_used;    /* for evicting the least recently used size */
    int alt_tried;         /* ensure_alt has tried to open the fallback */
    int alt_em;            /* the fallback's advance of an ideograph (all share it); 0 unknown */
    plat_Glyph glyphs[PLAT_GLYPH_SLOTS];
} plat_Font;

/* A string drawn in two frames becomes one white texture, so the next
 * frames draw it with one copy instead of one per glyph. */
typedef struct {
    uint32_t hash;         /* 0: empty */
    int16_t px, bold, len;
    SDL_Color color;
    char s[PLAT_STR_MAX];
    SDL_Texture *tex;      /* NULL until seen in two frames */
    int w, h;
    unsigned last_frame;   /* frame it was last drawn in */
    unsigned frames_seen;
} plat_Str;

struct plat_Ctx {
    SDL_Window *win;       /* NULL offscreen */
    SDL_Renderer *ren;
    SDL_Surface *surf;     /* offscreen target */
    int w, h;              /* drawable pixels */
    float ratio;           /* drawable pixels per window point */
    int fullscreen;
    int video_inited;
    ui_PointerGate pointer; /* positions count once the user moves or clicks */

    char font_path[PLAT_PATH_MAX];
    char bold_path[PLAT_PATH_MAX];
    char cjk_path[PLAT_PATH_MAX]; /* fallback for what DejaVu lacks (Chinese); "" none */
    plat_Font *fonts[PLAT_FONT_SLOTS];
    unsigned font_clock;
    long font_opens;  /* fonts opened so far: a frame that keeps opening them thrashes the slots */
    int cjk_opened;        /* fallback faces opened so far (lazily, per size) */
    double glyph_budget_ms; /* fallback glyphs rasterized per frame at most this long (0: no bound) */
    double glyph_spent_ms; /* ... spent so far in frame glyph_frame */
    unsigned glyph_frame;
    unsigned glyph_wait_frame; /* last frame that left a glyph for a later one (+1; 0 none) */
    plat_Str *strs;        /* PLAT_STR_SETS * PLAT_STR_WAYS */
    unsigned frame;        /* frames rendered */

    SDL_Texture **tex;     /* handle h is tex[h - 1] */
    int n_tex;

    SDL_Vertex *verts;     /* geometry batch for lines and triangles */
    int n_verts, cap_verts;
    int batch_blend;       /* a vertex in the batch is translucent */
    SDL_Texture *capture;  /* a picture drawn aside (plat_capture_begin), else NULL */
    int capture_w0, capture_h0; /* the drawable size to restore after it */
    SDL_Texture *disk[8];  /* anti-aliased disks for data points, by diameter */
    int disk_d[8];
    int n_disk;
};

/* plat_font.c */
int plat_fonts_init(plat_Ctx *p, char *err, size_t err_len);
void plat_fonts_free(plat_Ctx *p);
/* Draws UTF-8 text with its top-left at (x, y). */
void plat_draw_text(plat_Ctx *p, int font_px, int bold, int x, int y, const char *s, int len,
                    SDL_Color c);

#endif
