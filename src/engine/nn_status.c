/* nn_status.c - status names and the error-buffer writer. */
#include "nn_status.h"

#include <stdarg.h>
#include <stdio.h>

const char *nn_status_name(nn_Status s)
{
    switch (s) {
    case NN_OK: return "ok";
    case NN_ERR_NOMEM: return "out of memory";
    case NN_ERR_INVALID_ARG: return "invalid argument";
    case NN_ERR_IO: return "i/o error";
    case NN_ERR_PARSE: return "parse error";
    case NN_DIVERGED: return "diverged";
    case NN_DONE: return "done";
    }
    return "unknown status";
}

void nn_errorf(char *err, size_t err_len, const char *fmt, ...)
{
    if (!err || err_len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
}
