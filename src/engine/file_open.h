/* file_open.h - opening the files nnviz reads: regular files only.
 *
 * A student may hand nnviz anything: a FIFO blocks open() until someone
 * writes to it, /dev/zero never ends, a directory reads as an error that
 * looks like an empty file. Every loader opens through here, so all of them
 * refuse such paths at once with one line naming the path and what it is. */
#ifndef NN_FILE_OPEN_H
#define NN_FILE_OPEN_H

#include <stdint.h>
#include <stdio.h>

#include "nn_status.h"

/* Opens path for reading if it is a regular file; *fd and *size (bytes, may
 * be NULL) on success. Errors: NN_ERR_IO "PATH: cannot open: REASON" or
 * "PATH: is a directory|FIFO|device|socket, not a regular file". Never blocks:
 * the file is opened with O_NONBLOCK, which is cleared once it is known to be
 * regular. On failure nothing is left open. */
nn_Status nn_file_open_fd(const char *path, int *fd, uint64_t *size, char *err, size_t err_len);

/* The same as a stdio stream ("r" mode). */
nn_Status nn_file_open(const char *path, FILE **f, uint64_t *size, char *err, size_t err_len);

#endif
