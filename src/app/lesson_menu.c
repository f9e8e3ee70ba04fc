/* lesson_menu.c - the lessons menu's list: the lesson files (.ini) of the
 * lessons directory (NNVIZ_LESSON_DIR from the environment, else the one
 * built in) and their titles in the window's language, read when the menu
 * opens or the language changes. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"

static const char *lesson_dir(void)
{
    const char *d = getenv("NNVIZ_LESSON_DIR");
#ifdef NNVIZ_LESSON_DIR
    if (!d || !d[0])
        d = NNVIZ_LESSON_DIR;
#endif
    return d && d[0] ? d : ".";
}

static int by_title(const void *x, const void *y)
{
    const char *const *a = x, *const *b = y;
    return strcmp(*a, *b);
}

/* Reads the directory's lessons and their titles in the language now. */
void app_lessons_scan(app_LessonUi *L)
{
    const char *dir = lesson_dir();
    L->menu.n = 0;
    snprintf(L->menu.lang, sizeof L->menu.lang, "%s", i18n_language());
    DIR *d = opendir(dir);
    if (!d)
        return;
    char names[APP_LESSONS_MAX][256];
    const char *order[APP_LESSONS_MAX];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < APP_LESSONS_MAX) {
        size_t len = strlen(e->d_name);
        if (len < 5 || len >= sizeof names[0] || strcmp(e->d_name + len - 4, ".ini") != 0)
            continue;
        snprintf(names[n], sizeof names[n], "%s", e->d_name);
        order[n] = names[n];
        n++;
    }
    closedir(d);
    qsort(order, (size_t)n, sizeof order[0], by_title); /* by file name: a stable order */
    int zh = app_lesson_zh();
    for (int k = 0; k < n; k++) {
        char path[512], err[256];
        snprintf(path, sizeof path, "%s/%s", dir, order[k]);
        lesson_File *f = NULL;
        if (lesson_load(path, &f, err, sizeof err) != 0)
            continue; /* a broken file is not offered */
        int i = L->menu.n++;
        snprintf(L->menu.path[i], sizeof L->menu.path[i], "%s", path);
        const char *t = lesson_title(f, zh);
        snprintf(L->menu.title[i], sizeof L->menu.title[i], "%s", t[0] ? t : order[k]);
        lesson_free(f);
    }
}

