/* fuzz_idx.c - IDX image and label files through nn_data_idx. The first two
 * bytes of an input say where the image file ends and the label file
 * begins; either may be gzip-compressed. */
#include <string.h>

#include "dataset.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t split = ((size_t)data[0] | (size_t)data[1] << 8) % (size - 1);
    const char *images = fuzz_file("images", data + 2, split);
    const char *labels = fuzz_file("labels", data + 2 + split, size - 2 - split);
    nn_Dataset *d = (nn_Dataset *)&images;
    char err[512] = "";
    nn_Status st = nn_data_idx(&d, images, labels, err, sizeof err);
    if (st != NN_OK) {
        FUZZ_CHECK(d == NULL, "a failed load handed back a data set");
        FUZZ_CHECK(err[0] && !strchr(err, '\n') && (strstr(err, images) || strstr(err, labels)),
                   "bad error message '%s'", err);
        return 0;
    }
    FUZZ_CHECK(d && d->n >= 1 && d->x_u8 && d->dim == d->img_w * d->img_h, "bad shape");
    FUZZ_CHECK(d->n_classes >= 2 && d->n_classes <= NN_MAX_CLASSES, "%d classes", d->n_classes);
    for (int r = 0; r < d->n; r++)
        FUZZ_CHECK(d->label[r] >= 0 && d->label[r] < d->n_classes, "label %d", d->label[r]);
    nn_dataset_destroy(d);
    return 0;
}
