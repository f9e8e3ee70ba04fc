/* alloc_count.h - counts malloc/calloc/realloc/aligned_alloc calls while
 * `counting` is set, for the tests that prove a call allocates nothing.
 * Include it in one test file of an executable: it replaces glibc's
 * allocator entry points (forwarding to glibc's own), which glibc documents
 * as allowed. Under a sanitizer, which owns malloc, it steps aside and
 * NN_TEST_COUNT_ALLOCS stays undefined. */
#ifndef NNVIZ_TEST_ALLOC_COUNT_H
#define NNVIZ_TEST_ALLOC_COUNT_H

#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NN_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define NN_TEST_ASAN 1
#endif
#endif

#if defined(__GLIBC__) && !defined(NN_TEST_ASAN)
#define NN_TEST_COUNT_ALLOCS 1
/* glibc documents replacing malloc; these forward to its own allocator. */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);
extern void *__libc_memalign(size_t alignment, size_t size);

static volatile int counting;     /* count allocations while set */
static volatile long allocations; /* malloc/calloc/realloc calls while counting */

void *malloc(size_t size)
{
    if (counting)
        allocations++;
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    if (counting)
        allocations++;
    return __libc_calloc(count, size);
}

void *realloc(void *p, size_t size)
{
    if (counting)
        allocations++;
    return __libc_realloc(p, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    if (counting)
        allocations++;
    return __libc_memalign(alignment, size);
}

void free(void *p)
{
    __libc_free(p);
}
#endif

#endif
