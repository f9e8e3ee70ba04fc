/* dense_avx2.c - the dense kernels built for the avx2 instruction set
 * (compile flags set in CMakeLists.txt). */
#include "dense.h"

#define NN_DENSE_SUFFIX avx2
#define NN_DENSE_NAME "avx2"
#include "dense_body.h"

const nn_DenseKernels *nn_dense_kernels_avx2(void);
const nn_DenseKernels *nn_dense_kernels_avx2(void)
{
    return &kernels_avx2;
}
