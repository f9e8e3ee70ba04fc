/* kr_ast.h - the syntax tree of the Python subset the Keras bridge reads.
 *
 * kr_parse turns a program's text into a list of statements whose nodes all
 * live in one arena (kr_Program), freed together. The subset: imports in
 * every usual spelling, assignments (tuples and chains too, and +=),
 * expression statements, calls with positional and keyword arguments,
 * attribute access, indexing and slicing, arithmetic and comparisons,
 * lists and tuples, numbers, strings and f-strings. Anything else is
 * refused at its line, by the parser (statements such as `for`) or by the
 * interpreter (names and calls it does not know). */
#ifndef KR_AST_H
#define KR_AST_H

#include <stddef.h>

typedef enum {
    KN_NUM,    /* num (is_int: written without '.', 'e') */
    KN_STR,    /* str, len (bytes, may hold NUL) */
    KN_FSTR,   /* items: KN_STR parts and KN_FIELD fields, in order */
    KN_FIELD,  /* f-string field: a = expression, str = format spec ("" if none), op = 'r','s','a' or 0 */
    KN_NAME,   /* str = identifier */
    KN_CONST,  /* op: 'T' True, 'F' False, 'N' None, 'E' Ellipsis */
    KN_ATTR,   /* a.str */
    KN_CALL,   /* a(items...), names[i] = keyword of items[i] or NULL */
    KN_INDEX,  /* a[b]; b is one subscript or a KN_TUPLE of them */
    KN_SLICE,  /* a:b:c inside a subscript, each may be NULL */
    KN_TUPLE,  /* items */
    KN_LIST,   /* items */
    KN_BINOP,  /* a op b; op: '+','-','*','/','%','@','F' (//),'P' (**) */
    KN_UNARY,  /* op a; op: '-', '+' */
    KN_CMP     /* a op b; op: '<','>','L' (<=),'G' (>=),'=' (==),'!' (!=) */
} kr_NodeKind;

typedef struct kr_Node {
    kr_NodeKind kind;
    int line;
    int op;
    int is_int;
    double num;
    char *str;
    size_t len;
    struct kr_Node *a, *b, *c;
    struct kr_Node **items;
    char **names;
    int n;
} kr_Node;

typedef enum {
    KS_EXPR,    /* value */
    KS_ASSIGN,  /* targets[0..n_targets) = value */
    KS_AUG,     /* targets[0] op= value */
    KS_IMPORT,  /* import module [as alias]: module, alias (NULL: bind the first name) */
    KS_FROM,    /* from module import names[i] [as aliases[i]] */
    KS_PASS,
    KS_DEF      /* def NAME(...): and its indented body, kept as text (module: the name,
                   alias: the text); the interpreter binds it, calling it is refused */
} kr_StmtKind;

typedef struct {
    kr_StmtKind kind;
    int line;
    int op;                 /* KS_AUG */
    kr_Node *value;
    kr_Node **targets;
    int n_targets;
    char *module, *alias;   /* KS_IMPORT, KS_FROM */
    char **names, **aliases;
    int n_names;
} kr_Stmt;

typedef struct kr_Arena kr_Arena;

typedef struct {
    kr_Stmt *stmts;
    int n_stmts;
    kr_Arena *arena;  /* every node and string */
    char file[256];   /* the name messages give (the path's last part) */
} kr_Program;

/* Parses text[0..len) (UTF-8; comments and strings in any language).
 * file names the program in messages. On failure returns -1 with one line
 * "FILE:LINE: syntax error: ..." or "FILE:LINE: X is not supported (...)"
 * in err and *out untouched; on success 0 and the caller frees *out with
 * kr_program_free. Never reads past len, bounded nesting and size. */
int kr_parse(kr_Program *out, const char *file, const char *text, size_t len, char *err,
             size_t err_len);
void kr_program_free(kr_Program *p);

/* Arena for the parser and the interpreter: one free releases all. */
kr_Arena *kr_arena_create(void);
void *kr_arena_alloc(kr_Arena *a, size_t n); /* zeroed; NULL when out of memory */
char *kr_arena_strdup(kr_Arena *a, const char *s, size_t n);
void kr_arena_destroy(kr_Arena *a);

#endif
