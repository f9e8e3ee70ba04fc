/* json_scan.c - JSON checked in one pass and then read in place (see
 * json_scan.h). The checker is strict RFC 8259, so the readers below can
 * skip values by their first character without checking again. */
#include "json_scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- checking ------------------------------------------------------------ */

typedef struct {
    const char *end; /* text + len: the '\0' after the text */
    nn_JsonCheck why;
    const char *where;
} Check;

static const char *ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

/* Records the first problem at p; the text ending there means truncation. */
static const char *bad(Check *c, const char *p)
{
    if (c->why == NN_JSON_OK) {
        c->why = p >= c->end ? NN_JSON_TRUNCATED : NN_JSON_SYNTAX;
        c->where = p;
    }
    return NULL;
}

static int hex(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

static const char *check_string(Check *c, const char *p)
{
    p++; /* the opening quote */
    for (;;) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '"')
            return p + 1;
        if (ch < 0x20) /* control characters, and the terminator or a NUL byte */
            return bad(c, p);
        if (ch == '\\') {
            p++;
            if (*p == 'u') {
                for (int k = 1; k <= 4; k++)
                    if (!hex(p[k]))
                        return bad(c, p + k);
                p += 5;
                continue;
            }
            if (!*p || !strchr("\"\\/bfnrt", *p))
                return bad(c, p);
        }
        p++;
    }
}

static int digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static const char *check_number(Check *c, const char *p)
{
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (digit(*p))
        while (digit(*p))
            p++;
    else
        return bad(c, p);
    if (*p == '.') {
        p++;
        if (!digit(*p))
            return bad(c, p);
        while (digit(*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!digit(*p))
            return bad(c, p);
        while (digit(*p))
            p++;
    }
    return p;
}

static const char *check_value(Check *c, const char *p, int depth)
{
    p = ws(p);
    switch (*p) {
    case '"':
        return check_string(c, p);
    case '{':
    case '[': {
        if (depth >= NN_JSON_MAX_DEPTH) {
            if (c->why == NN_JSON_OK) {
                c->why = NN_JSON_TOO_DEEP;
                c->where = p;
            }
            return NULL;
        }
        char close = *p == '{' ? '}' : ']';
        int object = *p == '{';
        p = ws(p + 1);
        if (*p == close)
            return p + 1;
        for (;;) {
            if (object) {
                if (*p != '"')
                    return bad(c, p);
                if (!(p = check_string(c, p)))
                    return NULL;
                p = ws(p);
                if (*p != ':')
                    return bad(c, p);
                p++;
            }
            if (!(p = check_value(c, p, depth + 1)))
                return NULL;
            p = ws(p);
            if (*p == close)
                return p + 1;
            if (*p != ',')
                return bad(c, p);
            p = ws(p + 1);
        }
    }
    case 't':
        return strncmp(p, "true", 4) == 0 ? p + 4 : bad(c, p);
    case 'f':
        return strncmp(p, "false", 5) == 0 ? p + 5 : bad(c, p);
    case 'n':
        return strncmp(p, "null", 4) == 0 ? p + 4 : bad(c, p);
    default:
        return check_number(c, p);
    }
}

static nn_JsonType type_at(const char *p)
{
    switch (*p) {
    case '"': return NN_JSON_STRING;
    case '{': return NN_JSON_OBJECT;
    case '[': return NN_JSON_ARRAY;
    case 't': case 'f': return NN_JSON_BOOL;
    case 'n': return NN_JSON_NULL;
    default: return NN_JSON_NUMBER;
    }
}

nn_JsonCheck nn_json_check(const char *text, size_t len, nn_JsonVal *root, const char **where)
{
    Check c = {text + len, NN_JSON_OK, NULL};
    const char *start = ws(text);
    const char *p = check_value(&c, text, 0);
    if (p) {
        p = ws(p);
        if (p != c.end)
            bad(&c, p); /* text after the value */
    }
    if (c.why != NN_JSON_OK) {
        /* a '\0' before the end is a NUL byte in the file, not its end */
        if (c.why == NN_JSON_TRUNCATED && c.where < c.end)
            c.why = NN_JSON_SYNTAX;
        *where = c.where;
        return c.why;
    }
    root->at = start;
    root->type = type_at(start);
    return NN_JSON_OK;
}

/* ---- reading a checked text ---------------------------------------------- */

static const char *skip_string(const char *p)
{
    for (p++; *p != '"'; p++)
        if (*p == '\\')
            p++;
    return p + 1;
}

/* The character after the checked value at p. */
static const char *skip_value(const char *p)
{
    if (*p == '"')
        return skip_string(p);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        do {
            if (*p == '"') {
                p = skip_string(p);
                continue;
            }
            if (*p == '{' || *p == '[')
                depth++;
            else if (*p == '}' || *p == ']')
                depth--;
            p++;
        } while (depth > 0);
        return p;
    }
    while (*p && !strchr(",]} \t\r\n", *p))
        p++;
    return p;
}

static nn_JsonVal val_at(const char *p)
{
    nn_JsonVal v = {p, type_at(p)};
    return v;
}

static const nn_JsonVal none = {NULL, NN_JSON_NONE};

nn_JsonVal nn_json_first(nn_JsonVal arr)
{
    if (arr.type != NN_JSON_ARRAY)
        return none;
    const char *p = ws(arr.at + 1);
    return *p == ']' ? none : val_at(p);
}

nn_JsonVal nn_json_next(nn_JsonVal v)
{
    if (v.type == NN_JSON_NONE)
        return none;
    const char *p = ws(skip_value(v.at));
    return *p == ',' ? val_at(ws(p + 1)) : none;
}

size_t nn_json_count(nn_JsonVal arr)
{
    size_t n = 0;
    for (nn_JsonVal v = nn_json_first(arr); v.type != NN_JSON_NONE; v = nn_json_next(v))
        n++;
    return n;
}

/* Appends code point u as UTF-8; returns the bytes written or 0 if no room. */
static size_t put_utf8(char *out, size_t room, uint32_t u)
{
    unsigned char b[4];
    size_t n;
    if (u < 0x80) {
        b[0] = (unsigned char)u, n = 1;
    } else if (u < 0x800) {
        b[0] = (unsigned char)(0xC0 | u >> 6), b[1] = (unsigned char)(0x80 | (u & 0x3F)), n = 2;
    } else if (u < 0x10000) {
        b[0] = (unsigned char)(0xE0 | u >> 12), b[1] = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (u & 0x3F)), n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | u >> 18), b[1] = (unsigned char)(0x80 | ((u >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((u >> 6) & 0x3F)), b[3] = (unsigned char)(0x80 | (u & 0x3F));
        n = 4;
    }
    if (n > room)
        return 0;
    memcpy(out, b, n);
    return n;
}

static uint32_t hex4(const char *p)
{
    uint32_t u = 0;
    for (int k = 0; k < 4; k++) {
        char ch = p[k];
        u = u << 4 | (uint32_t)(ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10);
    }
    return u;
}

int nn_json_string(nn_JsonVal v, char *buf, size_t n)
{
    if (v.type != NN_JSON_STRING || n == 0)
        return 0;
    size_t k = 0;
    for (const char *p = v.at + 1; *p != '"';) {
        if (*p != '\\') {
            if (k + 1 >= n)
                return 0;
            buf[k++] = *p++;
            continue;
        }
        p++;
        char ch = *p++;
        uint32_t u;
        switch (ch) {
        case 'b': u = '\b'; break;
        case 'f': u = '\f'; break;
        case 'n': u = '\n'; break;
        case 'r': u = '\r'; break;
        case 't': u = '\t'; break;
        case 'u':
            u = hex4(p);
            p += 4;
            /* a surrogate pair is one code point; a lone half becomes U+FFFD */
            if (u >= 0xD800 && u < 0xDC00 && p[0] == '\\' && p[1] == 'u') {
                uint32_t lo = hex4(p + 2);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            if (u >= 0xD800 && u < 0xE000)
                u = 0xFFFD;
            break;
        default: u = (unsigned char)ch; break; /* " \ / */
        }
        size_t w = k + 1 < n ? put_utf8(buf + k, n - 1 - k, u) : 0;
        if (w == 0 && u != 0)
            return 0;
        k += w;
    }
    buf[k] = '\0';
    return 1;
}

/* Compares a checked string with key without copying it. */
static int key_is(const char *p, const char *key)
{
    char buf[64];
    nn_JsonVal v = {p, NN_JSON_STRING};
    /* the common case, no escapes: compare in place */
    size_t n = strlen(key);
    if (strncmp(p + 1, key, n) == 0 && p[1 + n] == '"')
        return 1;
    if (!memchr(p + 1, '\\', (size_t)(skip_string(p) - p - 1)))
        return 0;
    return n < sizeof buf && nn_json_string(v, buf, sizeof buf) && strcmp(buf, key) == 0;
}

nn_JsonVal nn_json_get(nn_JsonVal obj, const char *key)
{
    if (obj.type != NN_JSON_OBJECT)
        return none;
    const char *p = ws(obj.at + 1);
    while (*p == '"') {
        int match = key_is(p, key);
        p = ws(skip_string(p));
        p = ws(p + 1); /* the ':' */
        if (match)
            return val_at(p);
        p = ws(skip_value(p));
        if (*p != ',')
            break;
        p = ws(p + 1);
    }
    return none;
}

int nn_json_number(nn_JsonVal v, double *out)
{
    if (v.type != NN_JSON_NUMBER)
        return 0;
    /* the checker allowed only JSON's number syntax, which strtod reads alike */
    *out = strtod(v.at, NULL);
    return 1;
}
