/* test_ui.c - the immediate-mode widget core driven by synthetic input:
 * clicks, drags, typing, dropdowns and the popup shield. Text is measured
 * by a fixed-width stand-in so no font is needed. */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "ui/ui.h"

static int fake_width(void *user, int px, int bold, const char *s, int len)
{
    (void)user;
    (void)bold;
    (void)s;
    return len * px / 2;
}

static int fake_height(void *user, int px)
{
    (void)user;
    return px + 4;
}

typedef struct {
    ui_Context ui;
    ui_Input in;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(ui_init(&f->ui, 1024, fake_width, fake_height, NULL), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    ui_free(&f->ui);
    free(f);
    return 0;
}

/* Input for one frame: the mouse at (x, y), optionally pressed or released. */
static void mouse(Fixture *f, int x, int y, int pressed, int released)
{
    f->in.mouse_x = x;
    f->in.mouse_y = y;
    f->in.mouse_pressed = pressed ? UI_MOUSE_LEFT : 0;
    f->in.mouse_released = released ? UI_MOUSE_LEFT : 0;
    if (pressed)
        f->in.mouse_down |= UI_MOUSE_LEFT;
    if (released)
        f->in.mouse_down &= ~UI_MOUSE_LEFT;
    f->in.n_keys = 0;
    f->in.text[0] = '\0';
}

static void test_button_click(void **state)
{
    Fixture *f = *state;
    ui_Rect r = {10, 10, 100, 30};
    mouse(f, 50, 20, 0, 0);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    int res = ui_button_at(&f->ui, ui_id_str(&f->ui, "ok"), r, "OK", 0);
    assert_int_equal(res, 0);
    assert_int_equal(f->ui.hover, ui_id_str(&f->ui, "ok"));
    ui_end(&f->ui);
    assert_true(f->ui.lists[UI_LAYER_BASE].n > 0); /* it drew itself */

    mouse(f, 50, 20, 1, 0);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    res = ui_button_at(&f->ui, ui_id_str(&f->ui, "ok"), r, "OK", 0);
    ui_end(&f->ui);
    assert_true(res & UI_RES_SUBMIT);

    /* a press elsewhere does nothing; a disabled button ignores presses */
    mouse(f, 300, 300, 1, 1);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    assert_int_equal(ui_button_at(&f->ui, ui_id_str(&f->ui, "ok"), r, "OK", 0), 0);
    ui_end(&f->ui);
    mouse(f, 50, 20, 1, 1);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    assert_int_equal(ui_button_at(&f->ui, ui_id_str(&f->ui, "ok"), r, "OK", UI_OPT_DISABLED), 0);
    ui_end(&f->ui);
}

static void test_checkbox_and_slider(void **state)
{
    Fixture *f = *state;
    int on = 0;
    mouse(f, 15, 15, 1, 1);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    assert_true(ui_checkbox_at(&f->ui, (ui_Rect){10, 10, 150, 24}, "Show", &on) & UI_RES_CHANGE);
    ui_end(&f->ui);
    assert_int_equal(on, 1);

    /* press on the slider, then drag to the right end: the value follows and snaps */
    float v = 10;
    ui_Rect sr = {100, 100, 218, 20}; /* knob radius 9: the track is 200 px */
    mouse(f, 110, 110, 1, 0);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    ui_slider_at(&f->ui, 42, sr, &v, 0, 100, 10);
    ui_end(&f->ui);
    assert_close(v, 0, 1e-6);
    mouse(f, 209, 110, 0, 0); /* mouse still held: the slider owns it */
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    int res = ui_slider_at(&f->ui, 42, sr, &v, 0, 100, 10);
    ui_end(&f->ui);
    assert_true(res & UI_RES_CHANGE);
    assert_close(v, 50, 1e-6);
    mouse(f, 900, 110, 0, 0); /* past the end: clamped */
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    ui_slider_at(&f->ui, 42, sr, &v, 0, 100, 10);
    ui_end(&f->ui);
    assert_close(v, 100, 1e-6);
    mouse(f, 900, 110, 0, 1);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    ui_slider_at(&f->ui, 42, sr, &v, 0, 100, 10);
    ui_end(&f->ui);
    assert_int_equal(f->ui.focus, 0); /* released */

    /* a quick click on the track (press and release in one frame) moves the
     * knob there */
    mouse(f, 159, 110, 1, 1);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    res = ui_slider_at(&f->ui, 42, sr, &v, 0, 100, 10);
    ui_end(&f->ui);
    assert_true(res & UI_RES_CHANGE);
    assert_close(v, 30, 1e-6);
    mouse(f, 300, 300, 0, 0);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    ui_slider_at(&f->ui, 42, sr, &v, 0, 100, 10);
    ui_end(&f->ui);
    assert_close(v, 30, 1e-6); /* and stays when the pointer moves on */
}

static void test_dropdown_and_shield(void **state)
{
    Fixture *f = *state;
    static const char *const items[] = {"SGD", "Adam", "RMSprop"};
    int sel = 0;
    ui_Rect dr = {10, 10, 120, 30};
    ui_Rect under = {10, 45, 120, 30}; /* a button the open list covers */
    /* open */
    mouse(f, 20, 20, 1, 1);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    ui_dropdown_at(&f->ui, 7, dr, &sel, items, 3);
    ui_button_at(&f->ui, 8, under, "under", 0);
    ui_end(&f->ui);
    assert_int_equal(f->ui.popup, 7);
    assert_true(f->ui.lists[UI_LAYER_OVERLAY].n > 0);
    /* click the second item, which lies over the button: only the list sees it */
    mouse(f, 20, 10 + 30 + 30 + 15, 1, 1);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    int res = ui_dropdown_at(&f->ui, 7, dr, &sel, items, 3);
    int below = ui_button_at(&f->ui, 8, (ui_Rect){10, 70, 120, 30}, "under", 0);
    ui_end(&f->ui);
    assert_true(res & UI_RES_CHANGE);
    assert_int_equal(sel, 1);
    assert_int_equal(below, 0);
    assert_int_equal(f->ui.popup, 0);
    /* open again, click far away: closes, and the click reaches nothing */
    mouse(f, 20, 20, 1, 1);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    ui_dropdown_at(&f->ui, 7, dr, &sel, items, 3);
    ui_end(&f->ui);
    mouse(f, 500, 500, 1, 1);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    int far = ui_button_at(&f->ui, 9, (ui_Rect){490, 490, 40, 40}, "x", 0);
    ui_dropdown_at(&f->ui, 7, dr, &sel, items, 3);
    ui_end(&f->ui);
    assert_int_equal(far, 0);
    assert_int_equal(f->ui.popup, 0);
    assert_int_equal(sel, 1);
}

static void test_textbox(void **state)
{
    Fixture *f = *state;
    char buf[16] = "0.5";
    ui_Rect r = {10, 10, 200, 30};
    mouse(f, 20, 20, 1, 1);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    ui_textbox_at(&f->ui, 3, r, buf, sizeof buf);
    ui_end(&f->ui);
    assert_int_equal(f->ui.text_focus, 3);
    /* backspace, then type "25", then Enter */
    mouse(f, 20, 20, 0, 0);
    f->in.keys[0] = UI_KEY_BACKSPACE;
    f->in.key_mods[0] = 0;
    f->in.n_keys = 1;
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    ui_textbox_at(&f->ui, 3, r, buf, sizeof buf);
    ui_end(&f->ui);
    assert_string_equal(buf, "0.");
    mouse(f, 20, 20, 0, 0);
    strcpy(f->in.text, "25");
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    assert_true(ui_textbox_at(&f->ui, 3, r, buf, sizeof buf) & UI_RES_CHANGE);
    ui_end(&f->ui);
    assert_string_equal(buf, "0.25");
    mouse(f, 20, 20, 0, 0);
    f->in.keys[0] = UI_KEY_ENTER;
    f->in.n_keys = 1;
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    assert_true(ui_textbox_at(&f->ui, 3, r, buf, sizeof buf) & UI_RES_SUBMIT);
    ui_end(&f->ui);
    assert_int_equal(f->ui.text_focus, 0);
    /* the buffer never overflows */
    char small[4] = "ab";
    mouse(f, 20, 20, 1, 1);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    ui_textbox_at(&f->ui, 4, r, small, sizeof small);
    ui_end(&f->ui);
    mouse(f, 20, 20, 0, 0);
    strcpy(f->in.text, "xyz");
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    ui_textbox_at(&f->ui, 4, r, small, sizeof small);
    ui_end(&f->ui);
    assert_string_equal(small, "ab");
}

static void test_layout_rows(void **state)
{
    Fixture *f = *state;
    mouse(f, -1, -1, 0, 0);
    ui_begin(&f->ui, &f->in, 800, 600, 1.0f);
    ui_layout_begin(&f->ui, (ui_Rect){0, 0, 306, 500});
    int w[3] = {100, 0, -50};
    ui_layout_row(&f->ui, 3, w, 20);
    ui_Rect a = ui_layout_next(&f->ui), b = ui_layout_next(&f->ui), c = ui_layout_next(&f->ui);
    assert_int_equal(a.w, 100);
    assert_int_equal(a.x, 0);
    assert_int_equal(b.x, 106);
    assert_int_equal(b.w + c.w + 50, 306 - 100 - 12);
    assert_true(c.x + c.w <= 306);
    ui_Rect d = ui_layout_next(&f->ui); /* wraps onto a new row of the same shape */
    assert_int_equal(d.y, 26);
    assert_int_equal(d.w, 100);
    ui_end(&f->ui);
    /* ids: the id stack separates equal labels */
    ui_Id x = ui_id_str(&f->ui, "+");
    ui_push_id_int(&f->ui, 1);
    ui_Id y = ui_id_str(&f->ui, "+");
    ui_pop_id(&f->ui);
    assert_true(x != y && x != 0 && y != 0);
    assert_int_equal(ui_id_str(&f->ui, "+"), x);
    /* scale */
    ui_begin(&f->ui, &f->in, 800, 600, 2.0f);
    assert_int_equal(ui_font(&f->ui, UI_FONT_BASE), 36);
    assert_int_equal(ui_px(&f->ui, 10), 20);
    ui_end(&f->ui);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_button_click, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checkbox_and_slider, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dropdown_and_shield, setup, teardown),
        cmocka_unit_test_setup_teardown(test_textbox, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layout_rows, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
