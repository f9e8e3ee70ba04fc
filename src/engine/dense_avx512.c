/* dense_avx512.c - the dense kernels built for the avx512 instruction set
 * (compile flags set in CMakeLists.txt). */
#include "dense.h"

#define NN_DENSE_SUFFIX avx512
#define NN_DENSE_NAME "avx512"
#include "dense_body.h"

const nn_DenseKernels *nn_dense_kernels_avx512(void);
const nn_DenseKernels *nn_dense_kernels_avx512(void)
{
    return &kernels_avx512;
}
