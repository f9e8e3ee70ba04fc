/* ui_pointer.c - the gate that tells the user's pointer from a resting one
 * (see ui_pointer.h). */
#include "ui/ui_pointer.h"

int ui_pointer_motion(ui_PointerGate *g, int x, int y, unsigned buttons)
{
    if (g->live)
        return 1;
    if (!g->seen) {
        g->seen = 1;
        g->x0 = x;
        g->y0 = y;
    } else if (x != g->x0 || y != g->y0) {
        g->live = 1;
    }
    if (buttons)
        g->live = 1; /* a drag is the user's whatever the position */
    return g->live;
}

void ui_pointer_pressed(ui_PointerGate *g)
{
    g->live = 1;
}
