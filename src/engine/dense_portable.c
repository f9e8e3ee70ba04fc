/* dense_portable.c - the dense kernels built for the portable instruction set
 * (compile flags set in CMakeLists.txt). */
#include "dense.h"

#define NN_DENSE_SUFFIX portable
#define NN_DENSE_NAME "portable"
#include "dense_body.h"

const nn_DenseKernels *nn_dense_kernels_portable(void);
const nn_DenseKernels *nn_dense_kernels_portable(void)
{
    return &kernels_portable;
}
