/* ui_pointer.h - when the pointer counts as the user's.
 *
 * A window that opens under a resting pointer gets motion events at that
 * spot although nobody moved: hovering on them shows a tooltip wherever the
 * pointer happened to be. The gate ignores pointer positions until the
 * pointer leaves the spot where it was first seen, or a button is pressed;
 * from then on every position counts. No timing: a slow start under load
 * decides nothing. */
#ifndef NNVIZ_UI_POINTER_H
#define NNVIZ_UI_POINTER_H

typedef struct {
    int seen;   /* a first position is known */
    int x0, y0; /* where the pointer was first seen */
    int live;   /* the user has moved or clicked: positions count */
} ui_PointerGate;

/* A motion to (x, y) with `buttons` held (a mask, 0 for none): 1 when the
 * position is to be used, 0 when it is still the resting pointer's. */
int ui_pointer_motion(ui_PointerGate *g, int x, int y, unsigned buttons);
/* A button press: the user is here, positions count from now on. */
void ui_pointer_pressed(ui_PointerGate *g);

#endif
