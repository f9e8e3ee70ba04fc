/* nn_status.h - status codes and the error-buffer convention shared by the engine.
 *
 * Every engine function that can fail returns an nn_Status and takes
 * (char *err, size_t err_len). On failure it writes one human-readable line
 * (no trailing newline) into err when err is not NULL; on failure nothing the
 * caller owns has been changed unless the function's comment says otherwise. */
#ifndef NN_STATUS_H
#define NN_STATUS_H

#include <stddef.h>

typedef enum {
    NN_OK = 0,
    NN_ERR_NOMEM,       /* an allocation failed */
    NN_ERR_INVALID_ARG, /* a size, name or value outside what the engine accepts */
    NN_ERR_IO,          /* a file could not be opened, read or written */
    NN_ERR_PARSE,       /* a file's contents are malformed */
    NN_DIVERGED,        /* the loss became NaN or infinite; training stopped */
    NN_DONE             /* a run stopped on its own condition (epochs, loss threshold) */
} nn_Status;

/* Short lower-case name of a status, e.g. "diverged". Never NULL. */
const char *nn_status_name(nn_Status s);

/* printf into err (if err != NULL and err_len > 0); always NUL-terminates. */
void nn_errorf(char *err, size_t err_len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
