/* data_idx.c - IDX files (MNIST, Fashion-MNIST) through zlib, which reads
 * gzip-compressed and plain files alike; a whole gzip file of images is
 * decompressed in one call by libdeflate, about twice as fast. Images stay
 * bytes in memory. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "big_alloc.h"
#include "dataset.h"
#include "file_open.h"

#define IDX_UBYTE 0x08
#define IDX_MAX_BYTES ((size_t)1 << 31) /* no real IDX file comes near 2 GiB */

static const char *const fashion_classes[10] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot",
};

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Reads exactly n bytes; returns the count read (short on truncation). */
static size_t read_all(gzFile g, void *dst, size_t n)
{
    size_t total = 0;
    while (total < n) {
        unsigned chunk = n - total > (1u << 30) ? (1u << 30) : (unsigned)(n - total);
        int got = gzread(g, (char *)dst + total, chunk);
        if (got <= 0)
            break;
        total += (size_t)got;
    }
    return total;
}

/* An open IDX file: its stream, dimensions, the bytes its header promises
 * and an upper bound on the bytes it can really hold. */
typedef struct {
    gzFile g;
    uint32_t dims[3];
    size_t count;    /* bytes after the header, as the header says */
    size_t can_hold; /* bytes after the header the file can hold at most */
    int gz;          /* gzip-compressed (else plain: can_hold is exact) */
    uint64_t size;   /* bytes in the file */
    uint32_t isize;  /* gzip: the trailer's length of the stream, mod 2^32 */
} Idx;

/* Deflate expands at most 1032:1, so a gzip file of n bytes holds less than
 * 1032 n; a plain file holds its size. */
#define IDX_GZIP_RATIO 1032u

/* Opens an IDX file of unsigned bytes with `ndim` dimensions and reads its
 * dimensions. Only regular files: a FIFO or a device could block or never end. */
static nn_Status idx_open(const char *path, int ndim, Idx *x, char *err, size_t err_len)
{
    int fd;
    uint64_t size = 0;
    nn_Status st = nn_file_open_fd(path, &fd, &size, err, err_len);
    if (st != NN_OK)
        return st;
    /* a gzip member ends with its uncompressed length (RFC 1952, ISIZE,
     * little-endian); pread leaves the offset where gzdopen expects it */
    unsigned char tail[4] = {0, 0, 0, 0};
    if (size >= 18 && pread(fd, tail, 4, (off_t)(size - 4)) != 4)
        memset(tail, 0, sizeof tail);
    gzFile g = gzdopen(fd, "rb");
    if (!g) {
        close(fd);
        nn_errorf(err, err_len, "%s: out of memory", path);
        return NN_ERR_NOMEM;
    }
    gzbuffer(g, 1u << 18); /* fewer, larger reads than zlib's 8 KiB */
    unsigned char head[16];
    size_t want = 4 + 4 * (size_t)ndim;
    size_t got = read_all(g, head, want);
    if (got < 4) {
        gzclose(g);
        nn_errorf(err, err_len, "%s: truncated: no IDX header", path);
        return NN_ERR_PARSE;
    }
    if (head[0] != 0 || head[1] != 0 || head[2] != IDX_UBYTE || head[3] != ndim) {
        gzclose(g);
        nn_errorf(err, err_len,
                  "%s: wrong magic number %02x%02x%02x%02x (expected 000008%02x: unsigned bytes, "
                  "%d dimensions)", path, head[0], head[1], head[2], head[3], ndim, ndim);
        return NN_ERR_PARSE;
    }
    if (got < want) {
        gzclose(g);
        nn_errorf(err, err_len, "%s: truncated: the header ends early", path);
        return NN_ERR_PARSE;
    }
    size_t n = 1;
    for (int k = 0; k < ndim; k++) {
        const unsigned char *p = head + 4 + 4 * k;
        x->dims[k] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        if (x->dims[k] == 0 || x->dims[k] > IDX_MAX_BYTES || n > IDX_MAX_BYTES / x->dims[k]) {
            gzclose(g);
            nn_errorf(err, err_len, "%s: absurd dimension %u in the header", path, x->dims[k]);
            return NN_ERR_PARSE;
        }
        n *= x->dims[k];
    }
    uint64_t hold = gzdirect(g) ? (size > want ? size - want : 0) : size * IDX_GZIP_RATIO;
    x->g = g;
    x->count = n;
    x->can_hold = hold < (uint64_t)SIZE_MAX ? (size_t)hold : SIZE_MAX;
    x->gz = !gzdirect(g);
    x->size = size;
    x->isize = (uint32_t)tail[0] | (uint32_t)tail[1] << 8 | (uint32_t)tail[2] << 16 |
               (uint32_t)tail[3] << 24;
    return NN_OK;
}

/* Reads the n bytes the header promises into a new buffer that grows as the
 * data arrives, so a header claiming gigabytes costs no more memory than the
 * file really holds. *got is the count read; *out is NULL only on NOMEM. */
static nn_Status read_grown(gzFile g, size_t n, uint8_t **out, size_t *got)
{
    uint8_t *buf = NULL;
    size_t cap = 0, total = 0;
    *out = NULL;
    *got = 0;
    while (total < n) {
        size_t nc = cap ? (cap > n / 2 ? n : 2 * cap) : (n < ((size_t)1 << 20) ? n : (size_t)1 << 20);
        uint8_t *nb = realloc(buf, nc);
        if (!nb) {
            free(buf);
            return NN_ERR_NOMEM;
        }
        buf = nb;
        cap = nc;
        size_t r = read_all(g, buf + total, cap - total);
        total += r;
        if (total < cap)
            break; /* the file ends early */
    }
    if (!buf && !(buf = malloc(1)))
        return NN_ERR_NOMEM;
    *out = buf;
    *got = total;
    return NN_OK;
}

/* Reads up to n bytes of a stream only to count them; *got is the count. */
static nn_Status count_stream(gzFile g, size_t n, size_t *got)
{
    size_t chunk = (size_t)1 << 16;
    uint8_t *buf = malloc(chunk);
    if (!buf)
        return NN_ERR_NOMEM;
    size_t total = 0;
    while (total < n) {
        size_t want = n - total < chunk ? n - total : chunk;
        size_t r = read_all(g, buf, want);
        total += r;
        if (r < want)
            break;
    }
    free(buf);
    *got = total;
    return NN_OK;
}

/* The images of a whole gzip file (its trailer promises header + n bytes)
 * decompressed in one call into a block of their own, which becomes d's
 * rows, packed (stride dim). 1 on success; -1 out of memory; 0 leaves d as
 * it was, and the caller reads the stream as before (a file that is not
 * what its trailer says, a second gzip member). */
static int inflate_whole(const char *path, size_t header, size_t n, nn_Dataset *d)
{
    int fd;
    uint64_t size = 0;
    char err[256];
    if (nn_file_open_fd(path, &fd, &size, err, sizeof err) != NN_OK)
        return 0;
    int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
    flags |= MAP_POPULATE; /* the file's pages at once, not a fault each */
#endif
    void *src = size > 0 && size < SIZE_MAX ? mmap(NULL, (size_t)size, PROT_READ, flags, fd, 0)
                                            : MAP_FAILED;
    close(fd);
    if (src == MAP_FAILED)
        return 0;
    uint8_t *buf = nn_big_calloc(header + n, 1);
    struct libdeflate_decompressor *z = buf ? libdeflate_alloc_decompressor() : NULL;
    size_t got = 0;
    int ok = z && libdeflate_gzip_decompress(z, src, (size_t)size, buf, header + n, &got) ==
                      LIBDEFLATE_SUCCESS && got == header + n;
    libdeflate_free_decompressor(z);
    munmap(src, (size_t)size);
    if (!ok) {
        free(buf);
        return z ? 0 : -1;
    }
    free(d->x_u8_mem);
    d->x_u8_mem = buf;
    d->x_u8 = buf + header;
    d->x_u8_stride = (size_t)d->dim;
    return 1;
}

/* nn_data_idx, with rows packed (stride dim) when `packed`. */
static nn_Status data_idx(nn_Dataset **out, const char *images_path, const char *labels_path,
                          int packed, char *err, size_t err_len)
{
    *out = NULL;
    Idx im, lb;
    nn_Status st = idx_open(images_path, 3, &im, err, err_len);
    if (st != NN_OK)
        return st;
    st = idx_open(labels_path, 1, &lb, err, err_len);
    if (st != NN_OK) {
        gzclose(im.g);
        return st;
    }
    uint32_t *idims = im.dims;
    size_t ni = im.count, nl = lb.count;
    if (idims[0] != lb.dims[0]) {
        nn_errorf(err, err_len, "%s: %u images but %s has %u labels", images_path, idims[0],
                  base_name(labels_path), lb.dims[0]);
        st = NN_ERR_PARSE;
    } else if (idims[0] > NN_MAX_SAMPLES || (size_t)idims[1] * idims[2] > 65536) {
        nn_errorf(err, err_len, "%s: %u images of %ux%u is more than nnviz handles", images_path,
                  idims[0], idims[1], idims[2]);
        st = NN_ERR_INVALID_ARG;
    } else if (ni > im.can_hold || nl > lb.can_hold) {
        /* a file shorter than its header says: nothing is allocated */
        int pixels = ni > im.can_hold;
        const Idx *x = pixels ? &im : &lb;
        char holds[96];
        if (x->gz)
            snprintf(holds, sizeof holds, "a gzip file of %llu bytes holds at most %zu",
                     (unsigned long long)x->size, x->can_hold);
        else
            snprintf(holds, sizeof holds, "got %zu", x->can_hold);
        nn_errorf(err, err_len, "%s: truncated: expected %zu %s, %s",
                  pixels ? images_path : labels_path, pixels ? ni : nl,
                  pixels ? "bytes of pixels" : "labels", holds);
        st = NN_ERR_PARSE;
    }
    nn_Dataset *d = NULL;
    uint8_t *lab = NULL, skip[16];
    size_t got = 0;
    /* the labels first: they are small and tell whether the set is real */
    if (st == NN_OK && (st = read_grown(lb.g, nl, &lab, &got)) != NN_OK)
        nn_errorf(err, err_len, "%s: out of memory", labels_path);
    if (st == NN_OK && got < nl) {
        nn_errorf(err, err_len, "%s: truncated: expected %zu labels, got %zu", labels_path, nl,
                  got);
        st = NN_ERR_PARSE;
    }
    /* a gzip stream's length is known only once it is read: unless its
     * trailer already says it holds the header and every pixel (a whole
     * file's does; a cut-off file's last bytes are compressed data that
     * almost never match), count the pixels without keeping them, then read
     * them again into the data set, so memory is the pixels once and a short
     * stream costs none. Either way the read below still checks the count. */
    size_t header = 4 + 4 * 3;
    int whole = im.isize == (uint32_t)(header + ni);
    if (st == NN_OK && im.gz && !whole) {
        if ((st = count_stream(im.g, ni, &got)) != NN_OK)
            nn_errorf(err, err_len, "%s: out of memory", images_path);
        else if (got < ni) {
            nn_errorf(err, err_len, "%s: truncated: expected %zu bytes of pixels, got %zu",
                      images_path, ni, got);
            st = NN_ERR_PARSE;
        } else if (gzrewind(im.g) != 0 || read_all(im.g, skip, 16) != 16) {
            nn_errorf(err, err_len, "%s: cannot read it again", images_path);
            st = NN_ERR_IO;
        }
    }
    if (st == NN_OK)
        st = nn_dataset_create(&d, NN_TASK_CLASSIFY, (int)idims[0], (int)(idims[1] * idims[2]), 1,
                               NN_MAX_CLASSES, 1, err, err_len);
    if (st == NN_OK) {
        /* image by image: rows of the data set may be padded (x_u8_stride) */
        size_t dim = (size_t)d->dim;
        got = 0;
        int whole_read = 0;
        if (packed) {
            d->x_u8_stride = dim; /* nothing is written yet: the block only has room to spare */
            whole_read = im.gz && whole ? inflate_whole(images_path, header, ni, d) : 0;
        }
        if (whole_read < 0) {
            nn_errorf(err, err_len, "%s: out of memory", images_path);
            st = NN_ERR_NOMEM;
        }
        if (whole_read != 0)
            got = ni;
        for (int i = 0; i < d->n && got == (size_t)i * dim; i++)
            got += read_all(im.g, d->x_u8 + (size_t)i * d->x_u8_stride, dim);
        if (st == NN_OK && got < ni) {
            nn_errorf(err, err_len, "%s: truncated: expected %zu bytes of pixels, got %zu",
                      images_path, ni, got);
            st = NN_ERR_PARSE;
        }
    }
    if (st == NN_OK) {
        int max = 0;
        for (size_t i = 0; i < nl; i++) {
            d->label[i] = lab[i];
            max = lab[i] > max ? lab[i] : max;
        }
        d->n_classes = max + 1 < 2 ? 2 : max + 1;
        d->x_scale = 1.0f / 255.0f;
        d->img_h = (int)idims[1];
        d->img_w = (int)idims[2];
        snprintf(d->name, sizeof d->name, "%s", base_name(images_path));
    }
    free(lab);
    gzclose(im.g);
    gzclose(lb.g);
    if (st != NN_OK) {
        nn_dataset_destroy(d);
        return st;
    }
    *out = d;
    return NN_OK;
}

nn_Status nn_data_idx(nn_Dataset **out, const char *images_path, const char *labels_path,
                      char *err, size_t err_len)
{
    return data_idx(out, images_path, labels_path, 0, err, err_len);
}

/* dir/name.gz, or dir/name when only the uncompressed file is there */
static void pick(char *out, size_t n, const char *dir, const char *name)
{
    struct stat sb;
    snprintf(out, n, "%s/%s.gz", dir, name);
    if (stat(out, &sb) != 0) {
        snprintf(out, n, "%s/%s", dir, name);
        if (stat(out, &sb) != 0)
            snprintf(out, n, "%s/%s.gz", dir, name); /* report the usual name */
    }
}

/* nn_data_fashion, with rows packed when `packed`. */
static nn_Status data_fashion(nn_Dataset **out, const char *dir, int test_split, int packed,
                              char *err, size_t err_len)
{
    *out = NULL;
    if (!dir)
        dir = NN_FASHION_DIR;
    char images[1200], labels[1200];
    pick(images, sizeof images, dir, test_split ? "t10k-images-idx3-ubyte" : "train-images-idx3-ubyte");
    pick(labels, sizeof labels, dir, test_split ? "t10k-labels-idx1-ubyte" : "train-labels-idx1-ubyte");
    nn_Status st = data_idx(out, images, labels, packed, err, err_len);
    if (st != NN_OK) {
        if (err && st == NN_ERR_IO && strcmp(dir, NN_FASHION_DIR) == 0) {
            size_t k = strlen(err);
            snprintf(err + k, err_len > k ? err_len - k : 0,
                     " (install Debian's dataset-fashion-mnist)");
        }
        return st;
    }
    nn_Dataset *d = *out;
    if (d->n_classes == 10) {
        d->class_names = calloc(10, sizeof *d->class_names);
        int ok = d->class_names != NULL;
        for (int k = 0; ok && k < 10; k++)
            ok = (d->class_names[k] = strdup(fashion_classes[k])) != NULL;
        if (!ok) { /* a NULL name would crash whoever draws the class bars */
            nn_dataset_destroy(d);
            *out = NULL;
            nn_errorf(err, err_len, "%s: out of memory for class names", images);
            return NN_ERR_NOMEM;
        }
    }
    snprintf(d->name, sizeof d->name, "fashion-mnist");
    return NN_OK;
}

nn_Status nn_data_fashion(nn_Dataset **out, const char *dir, int test_split, char *err,
                          size_t err_len)
{
    return data_fashion(out, dir, test_split, 0, err, err_len);
}

nn_Status nn_data_fashion_packed(nn_Dataset **out, const char *dir, int test_split, char *err,
                                 size_t err_len)
{
    return data_fashion(out, dir, test_split, 1, err, err_len);
}
