/* kr_npz.c - reads MNIST where Keras caches it, ~/.keras/datasets/mnist.npz:
 * a zip archive (stored or deflated, zip64 sizes as NumPy writes them) of
 * four .npy arrays of unsigned bytes: x_train (n, 28, 28), y_train (n),
 * x_test, y_test. Sizes are checked against the file before anything is
 * allocated; one line names the file and the problem. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "keras/kr_internal.h"

#define MAX_NPZ (256u << 20)

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return le16(p) | le16(p + 2) << 16; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

/* The .npy member's bytes (uncompressed), or NULL. */
static uint8_t *member(const uint8_t *z, size_t n, const char *name, size_t *out_len)
{
    size_t off = 0, want = strlen(name);
    while (off + 30 <= n && le32(z + off) == 0x04034b50) {
        uint32_t flags = le16(z + off + 6), method = le16(z + off + 8);
        uint64_t csize = le32(z + off + 18), usize = le32(z + off + 22);
        size_t nl = le16(z + off + 26), xl = le16(z + off + 28);
        size_t data = off + 30 + nl + xl;
        if (data > n || (flags & 8))
            return NULL; /* sizes after the data: not what NumPy writes */
        const uint8_t *x = z + off + 30 + nl;
        for (size_t k = 0; k + 4 <= xl;) { /* zip64: the real sizes */
            uint32_t id = le16(x + k), sz = le16(x + k + 2);
            if (id == 1 && k + 4 + sz <= xl) {
                size_t q = k + 4;
                if (usize == 0xffffffffu && q + 8 <= k + 4 + sz) usize = le64(x + q), q += 8;
                if (csize == 0xffffffffu && q + 8 <= k + 4 + sz) csize = le64(x + q);
            }
            k += 4 + sz;
        }
        if (csize > n - data || usize > MAX_NPZ)
            return NULL;
        if (nl == want && memcmp(z + off + 30, name, nl) == 0) {
            uint8_t *out = malloc(usize ? usize : 1);
            if (!out)
                return NULL;
            if (method == 0 && csize == usize) {
                memcpy(out, z + data, usize);
            } else if (method == 8) {
                z_stream s;
                memset(&s, 0, sizeof s);
                if (inflateInit2(&s, -MAX_WBITS) != Z_OK) {
                    free(out);
                    return NULL;
                }
                s.next_in = (Bytef *)(z + data);
                s.avail_in = (uInt)csize;
                s.next_out = out;
                s.avail_out = (uInt)usize;
                int rc = inflate(&s, Z_FINISH);
                size_t got = s.total_out;
                inflateEnd(&s);
                if (rc != Z_STREAM_END || got != usize) {
                    free(out);
                    return NULL;
                }
            } else {
                free(out);
                return NULL;
            }
            *out_len = usize;
            return out;
        }
        off = data + csize;
    }
    return NULL;
}

/* A .npy of unsigned bytes into an array (ndim 1 or 3). */
static kr_Value *npy(kr_Interp *in, const uint8_t *b, size_t n, int line, const char *what)
{
    if (n < 10 || memcmp(b, "\x93NUMPY", 6) != 0)
        return kr_error(in, line, "mnist.npz: %s is not a .npy array", what);
    size_t hl = b[6] == 1 ? le16(b + 8) : n >= 12 ? le32(b + 8) : n;
    size_t h0 = b[6] == 1 ? 10 : 12;
    if (hl > n - h0 || hl > 4096)
        return kr_error(in, line, "mnist.npz: %s has a bad header", what);
    char hdr[4097];
    memcpy(hdr, b + h0, hl);
    hdr[hl] = '\0';
    if (!strstr(hdr, "u1'") || strstr(hdr, "'fortran_order': True"))
        return kr_error(in, line, "mnist.npz: %s is not an array of bytes in C order", what);
    const char *sh = strstr(hdr, "'shape': (");
    if (!sh)
        return kr_error(in, line, "mnist.npz: %s has no shape", what);
    sh += 10;
    int shape[KR_MAX_DIM], nd = 0;
    while (*sh && *sh != ')' && nd < KR_MAX_DIM) {
        char *end;
        long v = strtol(sh, &end, 10);
        if (end == sh || v < 1 || v > (1 << 24))
            return kr_error(in, line, "mnist.npz: %s has a bad shape", what);
        shape[nd++] = (int)v;
        sh = end;
        while (*sh == ',' || *sh == ' ')
            sh++;
    }
    if (*sh != ')' || (nd != 1 && nd != 3))
        return kr_error(in, line, "mnist.npz: %s has a bad shape", what);
    size_t size = 1;
    for (int d = 0; d < nd; d++)
        size *= (size_t)shape[d];
    if (size != n - h0 - hl)
        return kr_error(in, line, "mnist.npz: %s holds %zu bytes, its shape says %zu", what,
                        n - h0 - hl, size);
    kr_Array *a = kr_array_new(in, nd, shape, nd == 3);
    if (!a)
        return NULL;
    const uint8_t *src = b + h0 + hl;
    if (nd == 3)
        memcpy(a->u8, src, size);
    else
        for (size_t i = 0; i < size; i++)
            a->f[i] = src[i];
    a->is_int = 1;
    return kr_array_value(in, a);
}

int kr_read_mnist_npz(kr_Interp *in, const char *path, int line, kr_Value **v)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        kr_error(in, line, "%s: cannot open", path);
        return -1;
    }
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (size < 0 || (unsigned long)size > MAX_NPZ || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        kr_error(in, line, "%s: not a readable file of at most 256 MiB", path);
        return -1;
    }
    uint8_t *z = malloc(size ? (size_t)size : 1);
    size_t n = z ? fread(z, 1, (size_t)size, f) : 0;
    fclose(f);
    if (!z) {
        kr_error(in, line, "%s: out of memory", path);
        return -1;
    }
    static const char *const names[4] = {"x_train.npy", "y_train.npy", "x_test.npy", "y_test.npy"};
    for (int k = 0; k < 4; k++) {
        size_t len = 0;
        uint8_t *b = member(z, n, names[k], &len);
        if (!b) {
            free(z);
            kr_error(in, line, "%s: no readable %s (a zip of .npy arrays, as Keras caches MNIST)",
                     path, names[k]);
            return -1;
        }
        v[k] = npy(in, b, len, line, names[k]);
        free(b);
        if (!v[k]) {
            free(z);
            return -1;
        }
    }
    free(z);
    if (v[0]->arr->shape[0] != v[1]->arr->shape[0] || v[2]->arr->shape[0] != v[3]->arr->shape[0]) {
        kr_error(in, line, "%s: images and labels differ in number", path);
        return -1;
    }
    return 0;
}
