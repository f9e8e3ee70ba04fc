/* big_alloc.h - zeroed blocks for large data (tens of megabytes of images).
 *
 * A fresh block costs nothing until it is touched, and then one page fault
 * per 4 KiB page: on a virtual machine each fault is several microseconds,
 * so the first pass over Fashion-MNIST's 47 MB cost more than decompressing
 * it. A large block here is asked of the kernel in 2 MiB pages where Linux
 * offers them (transparent huge pages, madvise mode), 512 times fewer
 * faults. Elsewhere it is plain calloc. */
#ifndef NN_BIG_ALLOC_H
#define NN_BIG_ALLOC_H

#include <stddef.h>

/* calloc(count, size), with the block's whole 2 MiB pages advised to be
 * huge when it is large. NULL on overflow or out of memory. Free with free(). */
void *nn_big_calloc(size_t count, size_t size);

#endif
