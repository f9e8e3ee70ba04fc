/* kr_arena.c - a bump allocator: the parser's nodes and the interpreter's
 * small values live until the program is done, then go in one free. */
#include <stdlib.h>
#include <string.h>

#include "kr_ast.h"

#define BLOCK (64 * 1024)

typedef struct Block {
    struct Block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} Block;

struct kr_Arena {
    Block *head;
};

kr_Arena *kr_arena_create(void)
{
    return calloc(1, sizeof(kr_Arena));
}

void *kr_arena_alloc(kr_Arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    Block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > BLOCK ? n : BLOCK;
        b = malloc(sizeof(Block) + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *kr_arena_strdup(kr_Arena *a, const char *s, size_t n)
{
    char *p = kr_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void kr_arena_destroy(kr_Arena *a)
{
    if (!a)
        return;
    for (Block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}
