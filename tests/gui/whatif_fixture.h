/* whatif_fixture.h - the window the what-if tests share: the spiral
 * lesson offscreen, a frame that clears the input it consumed, and the
 * wait for a ghost that trains a few ms a frame (whatif_hover.c). */
#ifndef NNVIZ_WHATIF_FIXTURE_H
#define NNVIZ_WHATIF_FIXTURE_H

#include "test_util.h"

#include "app/app.h"

/* One frame; the keys and clicks it had are consumed. */
static inline void wf_frame(app_State *a)
{
    app_frame(a, plat_now());
    a->input.n_keys = 0;
    a->input.mouse_pressed = 0;
    a->input.mouse_released = 0;
}

/* The spiral lesson in a w x h offscreen window (*p), the pointer off it,
 * one frame drawn. */
static inline app_State *wf_open_spiral(int w, int h, plat_Ctx **p)
{
    char err[512] = "";
    *p = plat_open_offscreen(w, h, err, sizeof err);
    assert_non_null(*p);
    app_State *a = NULL;
    assert_int_equal(app_create(&a, *p, NNVIZ_SOURCE_DIR "/lessons/spiral.ini", err, sizeof err), 0);
    a->input.mouse_x = a->input.mouse_y = -1000;
    wf_frame(a);
    return a;
}

/* Frames until the shown preview has its result at step (at most 200). */
static inline const app_WhEntry *wf_wait_ghost(app_State *a, int64_t step)
{
    for (int frames = 0;; frames++) {
        wf_frame(a);
        const app_WhEntry *en = app_wh_shown(a);
        assert_non_null(en);
        if (en->have_res && en->res.steps == step)
            return en;
        assert_true(frames < 200);
    }
}

#endif
