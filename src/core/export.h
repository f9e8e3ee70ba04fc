/* export.h - files written from a run: its loss history and its model. */
#ifndef NNVIZ_CORE_EXPORT_H
#define NNVIZ_CORE_EXPORT_H

#include <stddef.h>

#include "core/run.h"

/* Saves r's history as CSV (or its model as JSON) to path; an empty path
 * picks the next free name in dir. 0 with a message saying where, or -1
 * with the error; either way msg gets one line for the status bar. */
int app_export_history(const app_Run *r, const char *dir, const char *path, char *msg,
                       size_t msg_len);
int app_export_model(const app_Run *r, const char *dir, const char *path, char *msg,
                     size_t msg_len);
/* First free DIR/stem-NNN.ext, so repeated presses never overwrite a file. */
/* The absolute form of an existing file's path in out (a status message
 * names saved files so they can be found); path itself when it cannot be
 * resolved. */
const char *app_full_path(const char *path, char *out, size_t len);
void app_next_free_path(const char *dir, const char *stem, const char *ext, char *out,
                        size_t len);

#endif
