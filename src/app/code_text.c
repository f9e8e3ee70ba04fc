/* code_text.c - the text of the Keras program the code panel shows, read
 * from the core's source file once per opening and cut into lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/code_text.h"

int app_code_shown(const app_State *a)
{
    return !a->code_hidden && a->core.keras_fit_line > 0;
}

#define CODE_MAX_BYTES (1 << 20) /* a tutorial program is a few kilobytes */
#define CODE_MAX_LINES 20000

void app_code_free(app_State *a)
{
    if (a->code) {
        free(a->code->text);
        free(a->code->lines);
        free(a->code);
        a->code = NULL;
    }
}

/* Reads the core's source file; on any failure the panel shows no lines. */
void app_code_read(app_State *a)
{
    app_code_free(a);
    struct app_CodeText *t = calloc(1, sizeof *t);
    if (!t)
        return;
    a->code = t;
    t->opened = a->core.opened;
    FILE *f = fopen(a->core.source, "rb");
    if (!f)
        return;
    t->text = malloc(CODE_MAX_BYTES + 1);
    size_t n = t->text ? fread(t->text, 1, CODE_MAX_BYTES, f) : 0;
    fclose(f);
    t->lines = t->text ? malloc(CODE_MAX_LINES * sizeof *t->lines) : NULL;
    if (!t->lines)
        return;
    t->text[n] = '\0';
    char *p = t->text;
    while (*p && t->n_lines < CODE_MAX_LINES) {
        t->lines[t->n_lines++] = p;
        char *e = strchr(p, '\n');
        if (!e)
            break;
        if (e > p && e[-1] == '\r')
            e[-1] = '\0';
        *e = '\0';
        p = e + 1;
    }
}

