/* code_text.h - the program text behind the code panel (panel_code.c). */
#ifndef NNVIZ_APP_CODE_TEXT_H
#define NNVIZ_APP_CODE_TEXT_H

#include "app/app.h"

/* The program's text, read once per opening, cut into lines in place. */
struct app_CodeText {
    int opened;               /* core.opened it was read for */
    char *text;               /* the file, '\0' after each line */
    char **lines;
    int n_lines;
};

/* (Re)reads a->core.source into a->code for the current opening; on any
 * failure a->code holds no lines (the panel then shows none). */
void app_code_read(app_State *a);

#endif
