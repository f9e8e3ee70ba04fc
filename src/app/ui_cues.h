/* ui_cues.h - where the window drew its panels and controls this frame,
 * for the lesson's pointer cue (HIGHLIGHT) and hidden controls
 * (HIDE_CONTROLS): each panel registers its rectangle as it draws. The
 * functions are declared in app.h (section ui_cues.c). */
#ifndef NNVIZ_APP_UI_CUES_H
#define NNVIZ_APP_UI_CUES_H

#include "core/lesson_view.h"
#include "ui/ui.h"

typedef struct {
    ui_Rect panel[APP_PANEL_COUNT];     /* w 0: not drawn this frame */
    ui_Rect control[APP_CTL_COUNT];
    ui_Rect target;                     /* the highlight's rectangle as drawn last frame (w 0: none) */
} app_Cues;

#endif
