/* fuzz_keras_run.c - Keras programs through the whole bridge (parser and
 * interpreter), up to the first fit as the window and export run them, with
 * the arrays capped at 16 MiB and no data set on disk: any bytes run or stop
 * with one line naming the program's file, and nothing crashes or leaks. */
#include <string.h>

#include "fuzz_util.h"
#include "keras/keras.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    kr_Options o = {0};
    o.out = sink;
    o.notes = sink;
    o.stop_before_fit = 1;
    o.fashion_dir = "/nonexistent/fashion-mnist";
    o.max_array_bytes = 16u << 20;
    kr_Result res;
    char err[512] = "";
    int rc = kr_run_text("fuzz.py", (const char *)data, size, &o, &res, err, sizeof err);
    if (rc != KR_OK)
        FUZZ_CHECK(err[0] && !strchr(err, '\n') && strncmp(err, "fuzz.py", 7) == 0,
                   "bad error message '%s'", err);
    else
        FUZZ_CHECK(err[0] == '\0', "an error message after success: '%s'", err);
    kr_result_free(&res);
    return 0;
}
