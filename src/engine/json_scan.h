/* json_scan.h - reading JSON in place: one pass checks the whole text, then
 * values are found by key or position as pointers into the text. Nothing is
 * built, so reading a document costs no memory beyond its text, whatever
 * the document holds: a model file's kernels are counted before anything
 * is allocated for them, and parsed straight into the model's floats. */
#ifndef NN_JSON_SCAN_H
#define NN_JSON_SCAN_H

#include <stddef.h>

typedef enum {
    NN_JSON_NONE = 0, /* no such value (a missing key, past an array's end) */
    NN_JSON_NULL,
    NN_JSON_BOOL,
    NN_JSON_NUMBER,
    NN_JSON_STRING,
    NN_JSON_ARRAY,
    NN_JSON_OBJECT
} nn_JsonType;

/* A value: where it starts in a checked text, and its type. */
typedef struct {
    const char *at;
    nn_JsonType type;
} nn_JsonVal;

typedef enum {
    NN_JSON_OK = 0,
    NN_JSON_SYNTAX,    /* not JSON at *where */
    NN_JSON_TRUNCATED, /* the text ends inside a value */
    NN_JSON_TOO_DEEP   /* arrays and objects nested more than NN_JSON_MAX_DEPTH */
} nn_JsonCheck;

#define NN_JSON_MAX_DEPTH 64

/* Checks that text[0..len) is one JSON value (RFC 8259) with only whitespace
 * around it; text[len] must be '\0'. On success *root is that value; on
 * failure *where points at the problem. All other functions take values of
 * a text that passed this check. */
nn_JsonCheck nn_json_check(const char *text, size_t len, nn_JsonVal *root, const char **where);

/* The first member of object obj named key (NONE if there is none, or if
 * obj is not an object). */
nn_JsonVal nn_json_get(nn_JsonVal obj, const char *key);
/* The first element of an array (NONE if empty or not an array), and the
 * element after v, an element of an array (NONE after the last). */
nn_JsonVal nn_json_first(nn_JsonVal arr);
nn_JsonVal nn_json_next(nn_JsonVal v);
/* Elements of an array (0 if not an array). */
size_t nn_json_count(nn_JsonVal arr);
/* A number's value (inf for 1e999): 1, or 0 if v is not a number. */
int nn_json_number(nn_JsonVal v, double *out);
/* A string's text, unescaped, into buf: 1, or 0 if v is not a string or its
 * text (with the terminator) does not fit n bytes. */
int nn_json_string(nn_JsonVal v, char *buf, size_t n);

#endif
