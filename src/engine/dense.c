/* dense.c - picks the dense-kernel variant the processor supports. */
#include "dense.h"

#include <stdlib.h>
#include <string.h>

const nn_DenseKernels *nn_dense_kernels_portable(void);
#if defined(__x86_64__) && defined(__GNUC__)
const nn_DenseKernels *nn_dense_kernels_avx2(void);
const nn_DenseKernels *nn_dense_kernels_avx512(void);
#endif

#if defined(__x86_64__) && defined(__GNUC__)
static int cpu_has_avx512(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512dq");
}

static int cpu_has_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

const nn_DenseKernels *nn_dense_kernels(void)
{
    const char *portable = getenv("NNVIZ_PORTABLE");
    if (portable && strcmp(portable, "0") != 0 && portable[0] != '\0')
        return nn_dense_kernels_portable();
#if defined(__x86_64__) && defined(__GNUC__)
    if (cpu_has_avx512())
        return nn_dense_kernels_avx512();
    if (cpu_has_avx2())
        return nn_dense_kernels_avx2();
#endif
    return nn_dense_kernels_portable();
}

int nn_dense_kernels_all(const nn_DenseKernels *out[NN_DENSE_VARIANTS])
{
    int n = 0;
    out[n++] = nn_dense_kernels_portable();
#if defined(__x86_64__) && defined(__GNUC__)
    if (cpu_has_avx2())
        out[n++] = nn_dense_kernels_avx2();
    if (cpu_has_avx512())
        out[n++] = nn_dense_kernels_avx512();
#endif
    return n;
}

void nn_dense_transpose(float *WT, const float *W, int in, int out)
{
    for (int i = 0; i < in; i++)
        for (int j = 0; j < out; j++)
            WT[(size_t)j * in + i] = W[(size_t)i * out + j];
}

/* idx and val get 16 spare entries: the vector lister stores whole vectors. */
size_t nn_sparse_work_size(int rows, int in)
{
    size_t cells = (size_t)rows * in + 16, blocks = (size_t)(in + NN_SPARSE_BLOCK - 1) / NN_SPARSE_BLOCK;
    size_t a = (cells * sizeof(int) + 63) / 64 * 64, b = (cells * sizeof(float) + 63) / 64 * 64;
    return a + b + (size_t)rows * (blocks + 1) * sizeof(int);
}

void nn_sparse_work_init(nn_SparseWork *w, void *mem, int rows, int in)
{
    size_t cells = (size_t)rows * in + 16;
    char *p = mem;
    w->idx = (int *)p;
    p += (cells * sizeof(int) + 63) / 64 * 64;
    w->val = (float *)p;
    p += (cells * sizeof(float) + 63) / 64 * 64;
    w->seg = (int *)p;
}
