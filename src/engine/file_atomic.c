/* file_atomic.c - replace a file without ever leaving it half written:
 * write a temporary file beside it, flush it to disk, then rename it over
 * the target (rename is atomic within a directory). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model_io.h"

nn_Status nn_write_file_atomic(const char *path, const void *data, size_t len, char *err,
                               size_t err_len)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp) {
        nn_errorf(err, err_len, "%s: out of memory", path);
        return NN_ERR_NOMEM;
    }
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmpXXXXXX", 11);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        nn_errorf(err, err_len, "%s: cannot create a file there: %s", path, strerror(errno));
        free(tmp);
        return NN_ERR_IO;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    int ok = left == 0 && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0) {
        saved = errno;
        ok = 0;
    }
    if (!ok) {
        unlink(tmp);
        nn_errorf(err, err_len, "%s: cannot write: %s (the old file, if any, is unchanged)", path,
                  strerror(saved));
        free(tmp);
        return NN_ERR_IO;
    }
    free(tmp);
    return NN_OK;
}
