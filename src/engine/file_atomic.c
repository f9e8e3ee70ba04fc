/* file_atomic.c - replace a file without ever leaving it half written:
 * write a temporary file beside it, flush it to disk, then rename it over
 * the target (rename is atomic within a directory). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model_io.h"

/* Creates path.tmpNNNNNN exclusively. Unlike mkstemp (always 0600) the mode is
 * 0666 less the umask, so the saved file gets the permissions any newly
 * created file would; an existing target keeps its own. */
static int create_temp(const char *path, char *tmp, size_t tmp_len)
{
    struct stat sb;
    int keep_mode = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    unsigned long salt = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 12);
    for (int attempt = 0; attempt < 100; attempt++) {
        snprintf(tmp, tmp_len, "%s.tmp%06lu", path, (salt + (unsigned long)attempt * 7919u) % 1000000u);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            if (keep_mode)
                (void)fchmod(fd, sb.st_mode & 07777);
            return fd;
        }
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

nn_Status nn_write_file_atomic(const char *path, const void *data, size_t len, char *err,
                               size_t err_len)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) {
        nn_errorf(err, err_len, "%s: out of memory", path);
        return NN_ERR_NOMEM;
    }
    int fd = create_temp(path, tmp, n);
    if (fd < 0) {
        nn_errorf(err, err_len, "%s: cannot create a file there: %s", path, strerror(errno));
        free(tmp);
        return NN_ERR_IO;
    }
    const char *p = data;
    size_t left = len;
    int saved = 0;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            saved = errno;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    int ok = left == 0;
    if (ok && fsync(fd) != 0) {
        saved = errno;
        ok = 0;
    }
    if (close(fd) != 0 && ok) {
        saved = errno;
        ok = 0;
    }
    if (ok && rename(tmp, path) != 0) {
        saved = errno;
        ok = 0;
    }
    if (!ok) {
        unlink(tmp);
        nn_errorf(err, err_len, "%s: cannot write: %s (the old file, if any, is unchanged)", path,
                  strerror(saved ? saved : EIO));
        free(tmp);
        return NN_ERR_IO;
    }
    free(tmp);
    return NN_OK;
}
