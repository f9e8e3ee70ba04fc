/* big_alloc.c - zeroed blocks for large data, in huge pages where offered
 * (see big_alloc.h for why). */
#define _DEFAULT_SOURCE /* madvise */
#include <stdint.h>
#include <stdlib.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "big_alloc.h"

#define HUGE_PAGE ((size_t)2 << 20)
#define BIG_MIN (4 * HUGE_PAGE) /* smaller blocks gain little and may come from the heap */

void *nn_big_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t n = count * size;
    void *p = calloc(count ? count : 1, size ? size : 1);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* calloc serves a block this large with fresh zero pages it does not
     * touch; the advice covers the whole huge pages inside the block, which
     * the first write then faults in 2 MiB at a time. A refusal (huge pages
     * off, an old kernel) only leaves the small pages. */
    if (p && n >= BIG_MIN) {
        uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
        uintptr_t b = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);
        if (b > a)
            (void)madvise((void *)a, b - a, MADV_HUGEPAGE);
    }
#endif
    return p;
}
