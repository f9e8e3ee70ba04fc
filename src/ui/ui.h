/* ui.h - nnviz's small immediate-mode widget core (no SDL).
 *
 * Shape taken from microui: every widget hashes an id, takes a rectangle
 * (from the row layout or given), updates hover/focus from the input of this
 * frame, edits a value the application owns and pushes draw commands. The
 * command lists are replayed by the platform layer after the frame is built.
 * Two layers: BASE for the panels, OVERLAY for popups and tooltips, drawn last
 * and shielding what lies under them from the mouse.
 *
 * Frame: ui_begin(ctx, &input) ... widgets ... ui_end(ctx). */
#ifndef NNVIZ_UI_H
#define NNVIZ_UI_H

#include <stdint.h>

typedef uint32_t ui_Id;

typedef struct { int x, y, w, h; } ui_Rect;
typedef struct { uint8_t r, g, b, a; } ui_Color;

/* ---- input: filled by the platform layer once per frame ---- */

/* Keys: printable keys are their lower-case ASCII code; the rest start at 256. */
enum {
    UI_KEY_RIGHT = 256, UI_KEY_LEFT, UI_KEY_UP, UI_KEY_DOWN, UI_KEY_ENTER, UI_KEY_ESCAPE,
    UI_KEY_BACKSPACE, UI_KEY_DELETE, UI_KEY_TAB, UI_KEY_F11, UI_KEY_HOME, UI_KEY_END,
    UI_KEY_KP_PLUS, UI_KEY_KP_MINUS
};
enum { UI_MOD_SHIFT = 1, UI_MOD_CTRL = 2, UI_MOD_ALT = 4 };
enum { UI_MOUSE_LEFT = 1, UI_MOUSE_RIGHT = 2, UI_MOUSE_MIDDLE = 4 };

#define UI_MAX_KEYS 32
#define UI_TEXT_MAX 64

typedef struct {
    int mouse_x, mouse_y;     /* in drawable pixels */
    int mouse_down;           /* UI_MOUSE_* bits held now */
    int mouse_pressed;        /* bits pressed during this frame */
    int mouse_released;       /* bits released during this frame */
    int wheel;                /* wheel steps this frame, + is up */
    int mods;                 /* UI_MOD_* held */
    int n_keys;               /* keys pressed this frame, in order */
    int keys[UI_MAX_KEYS];
    int key_mods[UI_MAX_KEYS];/* modifiers held when each key went down */
    char text[UI_TEXT_MAX];   /* UTF-8 typed this frame */
} ui_Input;

/* ---- draw commands ---- */

typedef enum {
    UI_CMD_RECT,   /* filled rect */
    UI_CMD_BOX,    /* 1-px outline of width line_w */
    UI_CMD_LINE,   /* thick segment x0,y0 -> x1,y1 */
    UI_CMD_TRI,    /* filled triangle x0,y0 x1,y1 x2,y2 */
    UI_CMD_CIRCLE, /* filled circle at x0,y0 radius r, outline color2 if alpha > 0 */
    UI_CMD_TEXT,   /* text at rect.x, rect.y (top-left), font px, bold flag */
    UI_CMD_IMAGE,  /* a platform texture into rect */
    UI_CMD_CLIP    /* clip following commands to rect (w < 0: no clip) */
} ui_CmdType;

typedef struct {
    uint8_t type;
    uint8_t bold;
    int16_t font_px;
    ui_Rect rect;
    ui_Color color, color2;
    float x0, y0, x1, y1, x2, y2, r;
    int tex;        /* UI_CMD_IMAGE: platform texture handle */
    int text_off;   /* UI_CMD_TEXT: offset into the layer's text arena */
    int text_len;
} ui_Cmd;

enum { UI_LAYER_BASE = 0, UI_LAYER_OVERLAY = 1, UI_LAYERS = 2 };

typedef struct {
    ui_Cmd *cmds;
    int n, cap;
    char *text;
    int text_n, text_cap;
    int dropped; /* commands lost to a full list this frame (a bug if > 0) */
} ui_CmdList;

/* ---- style ---- */

enum { UI_FONT_SMALL = 0, UI_FONT_BASE, UI_FONT_BIG, UI_FONT_TITLE, UI_FONT_COUNT };

typedef struct {
    ui_Color bg, panel, border, text, text_muted, accent, accent_text, button, button_hover,
        button_active, field, focus, popup;
    int font_px[UI_FONT_COUNT]; /* at scale 1 */
    int pad;                    /* inner padding at scale 1 */
    int spacing;                /* between widgets at scale 1 */
} ui_Style;

/* ---- context ---- */

typedef int (*ui_TextWidthFn)(void *user, int font_px, int bold, const char *s, int len);
typedef int (*ui_TextHeightFn)(void *user, int font_px);

enum { UI_RES_CHANGE = 1, UI_RES_SUBMIT = 2, UI_RES_ACTIVE = 4, UI_RES_CANCEL = 8 };

#define UI_ID_STACK 16
#define UI_ROW_MAX 16

typedef struct {
    ui_Input in;
    ui_Style style;
    float scale;             /* UI scale (DPI x user zoom) */
    int width, height;       /* drawable size */

    ui_Id hover;             /* widget under the mouse this frame */
    ui_Id focus;             /* widget that owns the mouse or keyboard */
    int focus_seen;          /* focus widget was called this frame */
    ui_Id text_focus;        /* a text box is being edited (shortcuts off) */
    ui_Id popup;             /* dropdown whose list is open */
    ui_Rect popup_rect;      /* its list, as drawn last frame */
    ui_Rect popup_owner;     /* its button */
    int popup_seen;
    ui_Id id_stack[UI_ID_STACK];
    int id_depth;
    int layer;               /* layer commands go to */
    int in_overlay;          /* widgets being drawn in the overlay ignore the shield */
    int mouse_swallowed;     /* a press closed a popup: widgets do not see it */
    int widget_font;         /* UI_FONT_* of button, dropdown and check box text (reset each frame) */

    /* row layout (microui-like) */
    ui_Rect lay_area;
    int lay_x, lay_y, lay_row_h, lay_n, lay_i;
    int lay_widths[UI_ROW_MAX];

    ui_CmdList lists[UI_LAYERS];
    ui_TextWidthFn text_width;
    ui_TextHeightFn text_height;
    void *font_user;

    int popup_item;          /* the open list's item under the pointer this frame (-1: none) */
    ui_Id last_id;           /* the control ui_update_control saw last, and its rect */
    ui_Rect last_rect;
} ui_Context;

/* Allocates the command lists. Returns 0, or -1 when out of memory. */
int ui_init(ui_Context *ctx, int cmd_cap, ui_TextWidthFn tw, ui_TextHeightFn th, void *font_user);
void ui_free(ui_Context *ctx);
void ui_style_default(ui_Style *s);

void ui_begin(ui_Context *ctx, const ui_Input *in, int width, int height, float scale);
void ui_end(ui_Context *ctx);

/* Scaled pixels and fonts. */
int ui_px(const ui_Context *ctx, float v);
int ui_font(const ui_Context *ctx, int which);

/* Ids: FNV-1a of the bytes, mixed with the id stack. */
ui_Id ui_id(ui_Context *ctx, const void *data, int len);
ui_Id ui_id_str(ui_Context *ctx, const char *s);
void ui_push_id(ui_Context *ctx, const void *data, int len);
void ui_push_id_int(ui_Context *ctx, int v);
void ui_pop_id(ui_Context *ctx);

/* Input queries. ui_mouse_over respects the popup shield. */
int ui_mouse_over(const ui_Context *ctx, ui_Rect r);
int ui_rect_contains(ui_Rect r, int x, int y);
int ui_key_pressed(const ui_Context *ctx, int key, int mods); /* mods must match exactly */
int ui_mouse_pressed(const ui_Context *ctx, int button);
/* The hover/focus update every widget performs. */
void ui_update_control(ui_Context *ctx, ui_Id id, ui_Rect r);
/* Gives a text box the keyboard from this frame on (e.g. an editor that
 * opens with its value ready to type over); shortcuts are off meanwhile. */
void ui_set_text_focus(ui_Context *ctx, ui_Id id);

/* Layout: rows of cells inside an area. widths > 0 are pixels (already
 * scaled), 0 fills what is left, < 0 fills what is left minus -w. */
void ui_layout_begin(ui_Context *ctx, ui_Rect area);
void ui_layout_row(ui_Context *ctx, int n, const int *widths, int height);
ui_Rect ui_layout_next(ui_Context *ctx);
void ui_layout_space(ui_Context *ctx, int dy);
int ui_layout_y(const ui_Context *ctx);

/* Drawing into the current layer. */
void ui_set_layer(ui_Context *ctx, int layer);
void ui_draw_rect(ui_Context *ctx, ui_Rect r, ui_Color c);
void ui_draw_box(ui_Context *ctx, ui_Rect r, ui_Color c, int line_w);
void ui_draw_line(ui_Context *ctx, float x0, float y0, float x1, float y1, float width, ui_Color c);
void ui_draw_tri(ui_Context *ctx, float x0, float y0, float x1, float y1, float x2, float y2,
                 ui_Color c);
void ui_draw_circle(ui_Context *ctx, float cx, float cy, float r, ui_Color fill, ui_Color outline);
void ui_draw_text(ui_Context *ctx, int font_px, int bold, int x, int y, const char *s, ui_Color c);
void ui_draw_image(ui_Context *ctx, int tex, ui_Rect r);
void ui_clip(ui_Context *ctx, ui_Rect r);
void ui_unclip(ui_Context *ctx);

/* Text helpers. align: -1 left, 0 centre, 1 right (vertically centred). */
int ui_text_width(const ui_Context *ctx, int font_px, int bold, const char *s);
int ui_text_height(const ui_Context *ctx, int font_px);
void ui_draw_text_in(ui_Context *ctx, ui_Rect r, int font_px, int bold, const char *s, ui_Color c,
                     int align);

/* ---- widgets (ui_widgets.c) ---- */

enum { UI_OPT_NONE = 0, UI_OPT_ACCENT = 1, UI_OPT_DISABLED = 2, UI_OPT_SELECTED = 4 };

int ui_button_at(ui_Context *ctx, ui_Id id, ui_Rect r, const char *label, int opt);
int ui_button(ui_Context *ctx, const char *label);
int ui_checkbox_at(ui_Context *ctx, ui_Rect r, const char *label, int *value);
int ui_checkbox(ui_Context *ctx, const char *label, int *value);
/* A horizontal slider over [lo, hi] snapped to step (0: continuous). */
int ui_slider_at(ui_Context *ctx, ui_Id id, ui_Rect r, float *v, float lo, float hi, float step);
/* A label line "label: value" above a slider, using two layout rows. */
int ui_slider_labeled(ui_Context *ctx, const char *label, float *v, float lo, float hi,
                      float step, const char *fmt);
/* A button showing items[*sel]; opens a list in the overlay layer. */
int ui_dropdown_at(ui_Context *ctx, ui_Id id, ui_Rect r, int *sel, const char *const *items, int n);
/* The value a slider drawn in r over [lo, hi] (snapped to step) would take
 * with its knob at pointer x: what a hovered slider points at. */
float ui_slider_value_at(const ui_Context *ctx, ui_Rect r, int x, float lo, float hi, float step);
int ui_dropdown(ui_Context *ctx, const char *label, int *sel, const char *const *items, int n);
/* A one-line text field editing buf (NUL-terminated, cap bytes). SUBMIT on
 * Enter, CANCEL on Escape; both give the focus up. */
int ui_textbox_at(ui_Context *ctx, ui_Id id, ui_Rect r, char *buf, int cap);
void ui_label(ui_Context *ctx, const char *text);
void ui_label_muted(ui_Context *ctx, const char *text);
/* A box with text near (x, y), kept inside the screen, in the overlay. */
void ui_tooltip(ui_Context *ctx, int x, int y, const char *text);

#endif
