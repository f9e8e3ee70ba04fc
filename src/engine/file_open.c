/* file_open.c - open a file for reading only if it is a regular file (see
 * file_open.h for why). */
#include "file_open.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISFIFO(m))
        return "a FIFO (named pipe)";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a plain file";
}

nn_Status nn_file_open_fd(const char *path, int *fd_out, uint64_t *size, char *err,
                          size_t err_len)
{
    /* O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        nn_errorf(err, err_len, "%s: cannot open: %s", path, strerror(errno));
        return NN_ERR_IO;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        int e = errno;
        close(fd);
        nn_errorf(err, err_len, "%s: cannot open: %s", path, strerror(e));
        return NN_ERR_IO;
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        nn_errorf(err, err_len, "%s: is %s, not a regular file", path, kind_of(sb.st_mode));
        return NN_ERR_IO;
    }
    /* regular files never block; clear the flag so reads behave as usual */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    *fd_out = fd;
    if (size)
        *size = sb.st_size > 0 ? (uint64_t)sb.st_size : 0;
    return NN_OK;
}

nn_Status nn_file_open(const char *path, FILE **f_out, uint64_t *size, char *err, size_t err_len)
{
    int fd;
    nn_Status st = nn_file_open_fd(path, &fd, size, err, err_len);
    if (st != NN_OK)
        return st;
    FILE *f = fdopen(fd, "r");
    if (!f) {
        int e = errno;
        close(fd);
        nn_errorf(err, err_len, "%s: cannot open: %s", path, strerror(e));
        return e == ENOMEM ? NN_ERR_NOMEM : NN_ERR_IO;
    }
    *f_out = f;
    return NN_OK;
}
