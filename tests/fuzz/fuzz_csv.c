/* fuzz_csv.c - CSV files through nn_data_csv, label column "y": a load gives
 * a consistent data set, a failure one line naming the file and nothing. */
#include <math.h>
#include <string.h>

#include "dataset.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("data.csv", data, size);
    nn_Dataset *d = (nn_Dataset *)&path;
    char err[512] = "";
    nn_Status st = nn_data_csv(&d, path, "y", err, sizeof err);
    if (st != NN_OK) {
        FUZZ_CHECK(d == NULL, "a failed load handed back a data set");
        FUZZ_CHECK_MESSAGE(err, path);
        return 0;
    }
    FUZZ_CHECK(d && d->n >= 2 && d->dim >= 1 && d->x, "a loaded set without rows");
    for (size_t i = 0; i < (size_t)d->n * (size_t)d->dim; i++)
        FUZZ_CHECK(isfinite(d->x[i]), "x[%zu] is not finite", i);
    if (d->task == NN_TASK_CLASSIFY) {
        FUZZ_CHECK(d->n_classes >= 2 && d->n_classes <= NN_MAX_CLASSES && d->class_names,
                   "%d classes", d->n_classes);
        for (int r = 0; r < d->n; r++)
            FUZZ_CHECK(d->label[r] >= 0 && d->label[r] < d->n_classes, "label %d", d->label[r]);
        for (int c = 0; c < d->n_classes; c++)
            FUZZ_CHECK(d->class_names[c] != NULL, "class %d has no name", c);
    } else {
        for (int r = 0; r < d->n; r++)
            FUZZ_CHECK(isfinite(d->y[r]), "y[%d] is not finite", r);
    }
    nn_dataset_destroy(d);
    return 0;
}
