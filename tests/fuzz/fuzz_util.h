/* fuzz_util.h - what the loader harnesses share. The loaders read paths, so
 * each input is written to a file of this process's own first; a finding
 * aborts, which libFuzzer reports as a crash and the replay test as a
 * failure. */
#ifndef NNVIZ_FUZZ_UTIL_H
#define NNVIZ_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The path of a file of this process holding data[0..size); tag tells files
 * apart (a harness may need two). Aborts if the file cannot be written. */
static inline const char *fuzz_file(const char *tag, const uint8_t *data, size_t size)
{
    static char path[8][128];
    static int used;
    char *p = path[used++ % 8];
    snprintf(p, 128, "%s/nnviz-fuzz-%d-%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid(), tag);
    FILE *f = fopen(p, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(p);
        abort();
    }
    return p;
}

/* A finding: say what, and stop so the input is kept. */
#define FUZZ_CHECK(cond, ...)                                                                 \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "finding: " __VA_ARGS__);                                         \
            fprintf(stderr, "\n");                                                            \
            abort();                                                                          \
        }                                                                                     \
    } while (0)

/* An error message is one line that names the file. */
#define FUZZ_CHECK_MESSAGE(err, path)                                                         \
    FUZZ_CHECK((err)[0] && !strchr((err), '\n') && strstr((err), (path)),                     \
               "bad error message '%s'", (err))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
