/* test_idx.c - IDX image/label files: tiny sets written at run time (raw and
 * gzip, through zlib) load as bytes with their shape; broken ones fail with
 * the right message; the installed Fashion-MNIST loads in full. */
#include "test_util.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zlib.h>

#include "bounded.h"
#include "dataset.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/nnviz-idx-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    const char *names[] = {"img", "lab", "img.gz", "lab.gz"};
    char p[128];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    return rmdir(dir) == 0 ? 0 : -1;
}

/* Writes bytes to dir/name, gzip-compressed when gz; the path goes to p. */
static void put(const char *name, int gz, const unsigned char *bytes, size_t n, char *p, size_t pn)
{
    snprintf(p, pn, "%s/%s%s", dir, name, gz ? ".gz" : "");
    if (gz) {
        gzFile g = gzopen(p, "wb");
        assert_non_null(g);
        if (n > 0)
            assert_int_equal(gzwrite(g, bytes, (unsigned)n), (int)n);
        assert_int_equal(gzclose(g), Z_OK);
    } else {
        FILE *f = fopen(p, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(bytes, 1, n, f), n);
        fclose(f);
    }
}

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* An image file: magic 00000803, n, h, w, then `pixels` bytes (pixel k = k*37 mod 256). */
static size_t images(unsigned char *buf, uint32_t n, uint32_t h, uint32_t w, size_t pixels)
{
    buf[0] = 0, buf[1] = 0, buf[2] = 8, buf[3] = 3;
    be32(buf + 4, n), be32(buf + 8, h), be32(buf + 12, w);
    for (size_t i = 0; i < pixels; i++)
        buf[16 + i] = (unsigned char)(i * 37);
    return 16 + pixels;
}

/* A label file: magic 00000801, n, then the labels. */
static size_t labels(unsigned char *buf, uint32_t n, const unsigned char *lab, size_t count)
{
    buf[0] = 0, buf[1] = 0, buf[2] = 8, buf[3] = 1;
    be32(buf + 4, n);
    memcpy(buf + 8, lab, count);
    return 8 + count;
}

static const unsigned char five_labels[5] = {0, 3, 1, 3, 2};

static void test_good_tiny_set(void **state)
{
    (void)state;
    unsigned char img[16 + 60], lab[8 + 5];
    size_t ni = images(img, 5, 4, 3, 60), nl = labels(lab, 5, five_labels, 5);
    char pi[128], pl[128], err[512];
    for (int gz = 0; gz < 2; gz++) {
        put("img", gz, img, ni, pi, sizeof pi);
        put("lab", gz, lab, nl, pl, sizeof pl);
        nn_Dataset *d = NULL;
        if (nn_data_idx(&d, pi, pl, err, sizeof err) != NN_OK) {
            print_error("%s\n", err);
            fail();
        }
        assert_int_equal(d->task, NN_TASK_CLASSIFY);
        assert_int_equal(d->n, 5);
        assert_int_equal(d->dim, 12);
        assert_int_equal(d->img_h, 4);
        assert_int_equal(d->img_w, 3);
        assert_int_equal(d->n_classes, 4); /* labels 0..3 */
        assert_true(d->x_scale == 1.0f / 255.0f);
        /* the pixels stay bytes, exactly as written */
        assert_non_null(d->x_u8);
        assert_null(d->x);
        assert_memory_equal(d->x_u8, img + 16, 60);
        assert_string_equal(d->name, gz ? "img.gz" : "img");
        for (int i = 0; i < 5; i++)
            assert_int_equal(d->label[i], five_labels[i]);
        /* read as floats only when a batch is gathered */
        assert_close(nn_dataset_x(d, 1, 1), (unsigned char)(13 * 37) / 255.0, 1e-7);
        int idx[2] = {4, 0};
        float x[24];
        nn_dataset_gather_x(d, idx, 2, NN_FEAT_X1 | NN_FEAT_X2, x);
        for (int c = 0; c < 12; c++) {
            assert_true(x[c] == (float)img[16 + 48 + c] * (1.0f / 255.0f));
            assert_true(x[12 + c] == (float)img[16 + c] * (1.0f / 255.0f));
        }
        /* a split keeps the bytes and the image shape */
        nn_Rng r;
        nn_rng_seed(&r, 5);
        nn_Dataset *tr = NULL, *te = NULL;
        assert_int_equal(nn_dataset_split(d, 0.6, &r, &tr, &te, err, sizeof err), NN_OK);
        assert_int_equal(tr->n, 3);
        assert_non_null(tr->x_u8);
        assert_int_equal(te->img_w, 3);
        assert_true(te->x_scale == d->x_scale);
        nn_dataset_destroy(tr);
        nn_dataset_destroy(te);
        /* keeping the first rows keeps their bytes and labels in a block
         * of their own (the old one is freed: ASan sees a read of it) */
        const uint8_t *old_rows = d->x_u8;
        assert_int_equal(nn_dataset_keep_rows(d, 2, err, sizeof err), NN_OK);
        assert_int_equal(d->n, 2);
        assert_true(d->x_u8 != old_rows);
        for (int i = 0; i < 2; i++) {
            assert_memory_equal(nn_dataset_row_u8(d, i), img + 16 + 12 * i, 12);
            assert_int_equal(d->label[i], five_labels[i]);
        }
        assert_true(nn_dataset_x(d, 1, 1) == (float)img[16 + 13] * (1.0f / 255.0f));
        assert_int_equal(nn_dataset_keep_rows(d, 9, err, sizeof err), NN_OK); /* more: unchanged */
        assert_int_equal(d->n, 2);
        nn_dataset_destroy(d);
    }
}

/* Loading fails with status want, nothing returned, and the message holds frag. */
static void expect_bad(const char *pi, const char *pl, nn_Status want, const char *frag)
{
    char err[512] = "";
    nn_Dataset *d = (nn_Dataset *)&err;
    nn_Status st = nn_data_idx(&d, pi, pl, err, sizeof err);
    if (st != want || !strstr(err, frag) || strchr(err, '\n')) {
        print_error("status %d (expected %d), message '%s', expected '%s'\n", st, want, err, frag);
        fail();
    }
    assert_null(d);
}

static void test_bad_files(void **state)
{
    (void)state;
    unsigned char img[16 + 60], lab[8 + 5], big[16];
    size_t ni = images(img, 5, 4, 3, 60), nl = labels(lab, 5, five_labels, 5);
    char pi[128], pl[128];
    for (int gz = 0; gz < 2; gz++) {
        put("lab", gz, lab, nl, pl, sizeof pl);
        /* pixels cut short */
        put("img", gz, img, 16 + 24, pi, sizeof pi);
        expect_bad(pi, pl, NN_ERR_PARSE, "truncated: expected 60 bytes of pixels, got 24");
        /* the header cut inside the dimensions, and before the magic ends */
        put("img", gz, img, 10, pi, sizeof pi);
        expect_bad(pi, pl, NN_ERR_PARSE, "truncated: the header ends early");
        put("img", gz, img, 3, pi, sizeof pi);
        expect_bad(pi, pl, NN_ERR_PARSE, "truncated: no IDX header");
        put("img", gz, img, 0, pi, sizeof pi);
        expect_bad(pi, pl, NN_ERR_PARSE, "truncated");
        /* a label file where the images belong: wrong magic, and the reverse */
        put("img", gz, lab, nl, pi, sizeof pi);
        expect_bad(pi, pl, NN_ERR_PARSE, "wrong magic number 00000801 (expected 00000803");
        put("img", gz, img, ni, pi, sizeof pi);
        expect_bad(pi, pi, NN_ERR_PARSE, "wrong magic number 00000803 (expected 00000801");
        /* labels cut short */
        put("lab", gz, lab, 10, pl, sizeof pl);
        expect_bad(pi, pl, NN_ERR_PARSE, "truncated: expected 5 labels, got 2");
        /* 4 images, 5 labels */
        put("lab", gz, lab, nl, pl, sizeof pl);
        put("img", gz, img, images(img, 4, 4, 3, 48), pi, sizeof pi);
        expect_bad(pi, pl, NN_ERR_PARSE, "4 images but lab");
        /* absurd and zero dimensions are refused before anything is allocated */
        images(big, 0xFFFFFFFFu, 28, 28, 0);
        put("img", gz, big, 16, pi, sizeof pi);
        expect_bad(pi, pl, NN_ERR_PARSE, "absurd dimension 4294967295");
        images(big, 5, 0, 3, 0);
        put("img", gz, big, 16, pi, sizeof pi);
        expect_bad(pi, pl, NN_ERR_PARSE, "absurd dimension 0");
        images(big, 5, 65536, 65536, 0);
        put("img", gz, big, 16, pi, sizeof pi);
        expect_bad(pi, pl, NN_ERR_PARSE, "absurd dimension");
        /* plausible header, more pixels per image than a network takes */
        images(big, 5, 300, 300, 0);
        put("img", gz, big, 16, pi, sizeof pi);
        expect_bad(pi, pl, NN_ERR_INVALID_ARG, "5 images of 300x300 is more than nnviz handles");
        images(img, 5, 4, 3, 60); /* restore the good file */
    }
    /* missing files */
    put("lab", 0, lab, nl, pl, sizeof pl);
    put("img", 0, img, ni, pi, sizeof pi);
    expect_bad("/nonexistent/images-idx3-ubyte", pl, NN_ERR_IO, "/nonexistent/images-idx3-ubyte: cannot open");
    expect_bad(pi, "/nonexistent/labels-idx1-ubyte", NN_ERR_IO, "/nonexistent/labels-idx1-ubyte: cannot open");
    /* a gzip stream cut in the middle is reported, never padded with zeros */
    unsigned char noisy[16 + 600], packed[2048];
    size_t nn = images(noisy, 50, 4, 3, 600);
    for (size_t i = 16; i < nn; i++)
        noisy[i] = (unsigned char)((i * 2654435761u) >> 13); /* hardly compressible */
    put("img", 1, noisy, nn, pi, sizeof pi);
    FILE *f = fopen(pi, "rb");
    assert_non_null(f);
    size_t np = fread(packed, 1, sizeof packed, f);
    fclose(f);
    assert_true(np > 300);
    put("img", 0, packed, np / 2, pi, sizeof pi);
    unsigned char lab50[8 + 50] = {0};
    put("lab", 0, lab50, labels(lab50, 50, lab50 + 8, 0) + 50, pl, sizeof pl);
    expect_bad(pi, pl, NN_ERR_PARSE, "truncated: expected 600 bytes of pixels");
}

typedef struct {
    const char *images, *labels;
} Pair;

static nn_Status load_pair(void *arg, char *err, size_t err_len)
{
    const Pair *p = arg;
    nn_Dataset *d = NULL;
    nn_Status st = nn_data_idx(&d, p->images, p->labels, err, err_len);
    nn_dataset_destroy(d);
    return st;
}

/* A loader run in 64 MB and 2 s more fails with status want and frag. */
static void expect_cheap_failure(const char *pi, const char *pl, nn_Status want, const char *frag)
{
    Pair p = {pi, pl};
    char err[512];
    int st = run_bounded(load_pair, &p, 64, 2, err, sizeof err);
    if (st != (int)want || !strstr(err, frag)) {
        print_error("status %d (expected %d), message '%s', expected '%s'\n", st, want, err, frag);
        fail();
    }
}

/* Headers that promise more than their file holds cost no memory: a 16-byte
 * plain header claiming 600000 images of 28x28 (0.5 GB) used to allocate and
 * zero all of it before finding the pixels missing; gzip files grow their
 * buffer as the data arrives. */
static void test_header_promises(void **state)
{
    (void)state;
    unsigned char img[16 + 64], lab[8 + 64] = {0};
    char pi[128], pl[128];
    for (int gz = 0; gz < 2; gz++) {
        put("lab", gz, lab, labels(lab, 600000, lab + 8, 0) + 64, pl, sizeof pl);
        put("img", gz, img, images(img, 600000, 28, 28, 64), pi, sizeof pi);
        expect_cheap_failure(pi, pl, NN_ERR_PARSE, "truncated: expected 470400000 bytes of pixels");
        /* labels that claim 2^24 entries in a small file */
        put("lab", gz, lab, labels(lab, 1u << 24, lab + 8, 0) + 64, pl, sizeof pl);
        put("img", gz, img, images(img, 1u << 24, 1, 1, 64), pi, sizeof pi);
        expect_cheap_failure(pi, pl, NN_ERR_PARSE, "truncated: expected 16777216");
    }
    /* a FIFO is not waited on; a directory is named as one */
    char fifo[160];
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    put("lab", 0, lab, labels(lab, 5, five_labels, 5), pl, sizeof pl);
    expect_cheap_failure(fifo, pl, NN_ERR_IO, "is a FIFO (named pipe), not a regular file");
    unlink(fifo);
    expect_cheap_failure(dir, pl, NN_ERR_IO, "is a directory, not a regular file");
    expect_cheap_failure("/dev/zero", pl, NN_ERR_IO, "/dev/zero: is a device, not a regular file");
}

static void test_fashion_mnist(void **state)
{
    (void)state;
    if (access(NN_FASHION_DIR "/train-images-idx3-ubyte.gz", R_OK) != 0) {
        print_message("Fashion-MNIST is not installed (dataset-fashion-mnist); skipped\n");
        skip();
    }
    char err[512];
    nn_Dataset *tr = NULL, *te = NULL;
    if (nn_data_fashion(&tr, NULL, 0, err, sizeof err) != NN_OK ||
        nn_data_fashion(&te, NULL, 1, err, sizeof err) != NN_OK) {
        print_error("%s\n", err);
        fail();
    }
    assert_int_equal(tr->n, 60000);
    assert_int_equal(te->n, 10000);
    assert_int_equal(tr->dim, 784);
    assert_int_equal(te->dim, 784);
    assert_int_equal(tr->img_w, 28);
    assert_int_equal(tr->img_h, 28);
    assert_int_equal(tr->n_classes, 10);
    assert_int_equal(te->n_classes, 10);
    assert_non_null(tr->x_u8); /* 47 MB of bytes, not 188 MB of floats */
    assert_null(tr->x);
    assert_string_equal(tr->name, "fashion-mnist");
    static const char *const names[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
    for (int k = 0; k < 10; k++) {
        assert_string_equal(tr->class_names[k], names[k]);
        assert_string_equal(te->class_names[k], names[k]);
    }
    /* figures read from the files with Python's gzip module */
    const int first_train[10] = {9, 0, 0, 3, 0, 2, 7, 2, 5, 5};
    const int first_test[10] = {9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
    for (int i = 0; i < 10; i++) {
        assert_int_equal(tr->label[i], first_train[i]);
        assert_int_equal(te->label[i], first_test[i]);
    }
    long sum0 = 0, sum_t0 = 0;
    unsigned long long total = 0;
    for (int c = 0; c < 784; c++) {
        sum0 += nn_dataset_row_u8(tr, 0)[c];
        sum_t0 += nn_dataset_row_u8(te, 0)[c];
    }
    for (int i = 0; i < 60000; i++)
        for (int c = 0; c < 784; c++)
            total += nn_dataset_row_u8(tr, i)[c];
    /* every image starts on a cache line */
    assert_int_equal(tr->x_u8_stride % 64, 0);
    assert_int_equal((uintptr_t)nn_dataset_row_u8(tr, 1) % 64, 0);
    assert_int_equal(sum0, 76247);
    assert_int_equal(sum_t0, 33456);
    assert_true(total == 3431114169ull);
    int count[10] = {0};
    for (int i = 0; i < tr->n; i++) {
        assert_in_range(tr->label[i], 0, 9);
        count[tr->label[i]]++;
    }
    for (int k = 0; k < 10; k++)
        assert_int_equal(count[k], 6000); /* Fashion-MNIST is balanced */
    for (int i = 0; i < te->n; i++)
        assert_in_range(te->label[i], 0, 9);
    nn_dataset_destroy(tr);
    nn_dataset_destroy(te);
    /* a directory without the files names the file it looked for */
    nn_Dataset *d = NULL;
    assert_int_equal(nn_data_fashion(&d, "/nonexistent", 0, err, sizeof err), NN_ERR_IO);
    assert_non_null(strstr(err, "/nonexistent/train-images-idx3-ubyte"));
    assert_null(d);
}

/* The packed loader (one libdeflate call for the whole gzip file) gives the
 * padded loader's pixels and labels, rows dim bytes apart; a gzip file whose
 * trailer does not promise the whole set takes zlib's stream instead and
 * still gives the same rows. */
static void test_fashion_packed(void **state)
{
    (void)state;
    if (access(NN_FASHION_DIR "/t10k-images-idx3-ubyte.gz", R_OK) != 0) {
        print_message("Fashion-MNIST is not installed (dataset-fashion-mnist); skipped\n");
        skip();
    }
    char err[512];
    nn_Dataset *a = NULL, *b = NULL;
    if (nn_data_fashion(&a, NULL, 1, err, sizeof err) != NN_OK ||
        nn_data_fashion_packed(&b, NULL, 1, err, sizeof err) != NN_OK) {
        print_error("%s\n", err);
        fail();
    }
    assert_int_equal(b->n, a->n);
    assert_int_equal(b->x_u8_stride, 784);
    assert_true(a->x_u8_stride != b->x_u8_stride); /* the two layouts really differ */
    assert_int_equal(b->n_classes, 10);
    assert_string_equal(b->class_names[9], "Ankle boot");
    for (int i = 0; i < a->n; i++) {
        assert_int_equal(b->label[i], a->label[i]);
        assert_memory_equal(nn_dataset_row_u8(b, i), nn_dataset_row_u8(a, i), 784);
    }
    nn_dataset_destroy(b);
    b = NULL;
    /* two gzip members: the trailer holds only the second's length, so the
     * whole-file path is not taken and zlib reads on across the members */
    char tmp[] = "/tmp/nnviz_packedXXXXXX";
    assert_non_null(mkdtemp(tmp));
    char path[256];
    snprintf(path, sizeof path, "%s/t10k-images-idx3-ubyte.gz", tmp);
    size_t half = 16 + (size_t)784 * 5000, all = 16 + (size_t)784 * 10000;
    uint8_t *raw = malloc(all);
    assert_non_null(raw);
    memcpy(raw, (const uint8_t[]){0, 0, 8, 3, 0, 0, 0x27, 0x10, 0, 0, 0, 28, 0, 0, 0, 28}, 16);
    for (int i = 0; i < a->n; i++)
        memcpy(raw + 16 + (size_t)i * 784, nn_dataset_row_u8(a, i), 784);
    for (int part = 0; part < 2; part++) {
        gzFile g = gzopen(path, part ? "ab" : "wb");
        assert_non_null(g);
        size_t off = part ? half : 0, n = part ? all - half : half;
        assert_int_equal(gzwrite(g, raw + off, (unsigned)n), (int)n);
        assert_int_equal(gzclose(g), Z_OK);
    }
    char lab[300];
    snprintf(lab, sizeof lab, "cp %s/t10k-labels-idx1-ubyte.gz %s/", NN_FASHION_DIR, tmp);
    assert_int_equal(system(lab), 0);
    if (nn_data_fashion_packed(&b, tmp, 1, err, sizeof err) != NN_OK) {
        print_error("%s\n", err);
        fail();
    }
    assert_int_equal(b->x_u8_stride, 784);
    for (int i = 0; i < a->n; i++)
        assert_memory_equal(nn_dataset_row_u8(b, i), nn_dataset_row_u8(a, i), 784);
    snprintf(lab, sizeof lab, "rm -r %s", tmp);
    assert_int_equal(system(lab), 0);
    free(raw);
    nn_dataset_destroy(a);
    nn_dataset_destroy(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_tiny_set),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_header_promises),
        cmocka_unit_test(test_fashion_mnist),
        cmocka_unit_test(test_fashion_packed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
