/* dense.c - picks the dense-kernel variant the processor supports. */
#include "dense.h"

#include <stdlib.h>
#include <string.h>

const nn_DenseKernels *nn_dense_kernels_portable(void);
#if defined(__x86_64__) && defined(__GNUC__)
const nn_DenseKernels *nn_dense_kernels_avx2(void);
const nn_DenseKernels *nn_dense_kernels_avx512(void);
#endif

const nn_DenseKernels *nn_dense_kernels(void)
{
    const char *portable = getenv("NNVIZ_PORTABLE");
    if (portable && strcmp(portable, "0") != 0 && portable[0] != '\0')
        return nn_dense_kernels_portable();
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq"))
        return nn_dense_kernels_avx512();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return nn_dense_kernels_avx2();
#endif
    return nn_dense_kernels_portable();
}

void nn_dense_transpose(float *WT, const float *W, int in, int out)
{
    for (int i = 0; i < in; i++)
        for (int j = 0; j < out; j++)
            WT[(size_t)j * in + i] = W[(size_t)i * out + j];
}
