/* data_csv.c - CSV files with a header row: numeric feature columns and one
 * named label column. Integer labels become classes (sorted), text labels
 * become named classes (in order of first appearance), other numbers make a
 * regression target. Every error names the file, the line and the column. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "file_open.h"
#include "model.h"

#define CSV_MAX_COLS 4097
/* 4097 numbers of 17 characters fit many times over; a longer line is not a
 * table nnviz can use, and the bound keeps one line from taking all memory. */
#define CSV_MAX_LINE ((size_t)1 << 20)
/* Numbers below this round to a finite float (FLT_MAX plus half its ulp). */
#define CSV_FLOAT_LIMIT 3.4028235677973366e+38

typedef struct {
    char **field; /* pointers into the line buffer */
    int n;
} Fields;

/* Splits line in place at commas; double-quoted fields may hold commas and
 * "" for a quote. Leading/trailing blanks are trimmed. Returns 0, or
 * SPLIT_QUOTE for an unterminated quote, SPLIT_WIDE for too many fields. */
enum { SPLIT_QUOTE = -1, SPLIT_WIDE = -2 };

static int split(char *line, Fields *f, char **storage)
{
    f->field = storage;
    f->n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (f->n >= CSV_MAX_COLS)
            return SPLIT_WIDE;
        char *start = p, *w = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0')
                    return SPLIT_QUOTE;
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *w++ = *p++;
                }
            }
            while (*p == ' ' || *p == '\t')
                p++;
        } else {
            while (*p && *p != ',')
                *w++ = *p++;
            while (w > start && (w[-1] == ' ' || w[-1] == '\t'))
                w--;
        }
        int more = *p == ',';
        *w = '\0';
        f->field[f->n++] = start;
        if (!more)
            break;
        p++;
        if (*p == '\0') {
            /* a trailing comma: one empty field, which must fit too */
            if (f->n >= CSV_MAX_COLS)
                return SPLIT_WIDE;
            f->field[f->n++] = p;
            break;
        }
    }
    return 0;
}

/* What read_line returns besides 1 (a line) and 0 (end of file). */
enum { LINE_READ_ERROR = -1, LINE_NOMEM = -2, LINE_LONG = -3, LINE_NUL = -4 };

/* Reads one line, without its end, into *buf (grown as needed, never past
 * CSV_MAX_LINE). A line ends at LF, CRLF or a lone CR (old Mac files), so no
 * file is read as one giant line. A NUL byte means a binary file: reading on
 * would join or cut lines silently. */
static int read_line(FILE *f, char **buf, size_t *cap)
{
    size_t len = 0;
    int c = EOF;
    for (;;) {
        c = getc_unlocked(f);
        if (c == EOF || c == '\n')
            break;
        if (c == '\r') {
            int next = getc_unlocked(f);
            if (next != '\n' && next != EOF)
                ungetc(next, f);
            c = '\n';
            break;
        }
        if (c == '\0')
            return LINE_NUL;
        if (len >= CSV_MAX_LINE)
            return LINE_LONG;
        if (len + 1 >= *cap) {
            size_t nc = *cap ? 2 * *cap : 4096;
            if (nc > CSV_MAX_LINE + 1)
                nc = CSV_MAX_LINE + 1;
            char *nb = realloc(*buf, nc);
            if (!nb)
                return LINE_NOMEM;
            *buf = nb;
            *cap = nc;
        }
        (*buf)[len++] = (char)c;
    }
    if (ferror(f))
        return LINE_READ_ERROR;
    if (c == EOF && len == 0)
        return 0;
    if (!*buf) { /* an empty last line: still a buffer to hand back */
        *buf = malloc(1);
        if (!*buf)
            return LINE_NOMEM;
        *cap = 1;
    }
    (*buf)[len] = '\0';
    return 1;
}

/* The error for a read_line result below 1; the status to return. */
static nn_Status line_error(int r, const char *path, long lineno, char *err, size_t err_len)
{
    switch (r) {
    case LINE_NOMEM:
        nn_errorf(err, err_len, "%s:%ld: out of memory", path, lineno);
        return NN_ERR_NOMEM;
    case LINE_LONG:
        nn_errorf(err, err_len, "%s:%ld: line longer than %zu MiB", path, lineno,
                  CSV_MAX_LINE >> 20);
        return NN_ERR_PARSE;
    case LINE_NUL:
        nn_errorf(err, err_len, "%s:%ld: a NUL byte: not a text file", path, lineno);
        return NN_ERR_PARSE;
    default:
        nn_errorf(err, err_len, "%s:%ld: cannot read: %s", path, lineno,
                  strerror(errno ? errno : EIO));
        return NN_ERR_IO;
    }
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

/* strtod of the whole field; 1 = number, 0 = not a number */
static int parse_number(const char *s, double *out)
{
    if (!*s)
        return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end)
        return 0;
    *out = v;
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

nn_Status nn_data_csv(nn_Dataset **out, const char *path, const char *label, char *err,
                      size_t err_len)
{
    *out = NULL;
    FILE *f = NULL;
    nn_Status st = nn_file_open(path, &f, NULL, err, err_len);
    if (st != NN_OK)
        return st;
    char *line = NULL, *header = NULL;
    size_t cap = 0;
    int got;
    long lineno = 0;
    char **storage = malloc(CSV_MAX_COLS * sizeof *storage);
    char **names = NULL;
    float *x = NULL;
    char **labels = NULL;
    size_t rows = 0, rows_cap = 0;
    int ncols = 0, label_col = -1, dim = 0;
    Fields fl;
    nn_Dataset *d = NULL;
    if (!storage) {
        st = NN_ERR_NOMEM;
        nn_errorf(err, err_len, "%s: out of memory", path);
        goto done;
    }
    /* header */
    errno = 0;
    while ((got = read_line(f, &line, &cap)) > 0) {
        lineno++;
        if (!blank(line))
            break;
    }
    if (got < 0) {
        st = line_error(got, path, lineno + 1, err, err_len);
        goto done;
    }
    if (got == 0) {
        nn_errorf(err, err_len, "%s: empty file (a header row is needed)", path);
        st = NN_ERR_PARSE;
        goto done;
    }
    header = strdup(line + (strncmp(line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0));
    if (!header) {
        nn_errorf(err, err_len, "%s: out of memory", path);
        st = NN_ERR_NOMEM;
        goto done;
    }
    if (split(header, &fl, storage) != 0) {
        nn_errorf(err, err_len, "%s:%ld: the header row cannot be read (unclosed quote or more "
                                "than %d columns)", path, lineno, CSV_MAX_COLS);
        st = NN_ERR_PARSE;
        goto done;
    }
    ncols = fl.n;
    names = malloc((size_t)ncols * sizeof *names);
    if (!names) {
        st = NN_ERR_NOMEM;
        nn_errorf(err, err_len, "%s: out of memory", path);
        goto done;
    }
    memcpy(names, fl.field, (size_t)ncols * sizeof *names);
    for (int c = 0; c < ncols; c++)
        if (strcmp(names[c], label) == 0)
            label_col = c;
    if (label_col < 0) {
        char list[200] = "";
        size_t k = 0;
        for (int c = 0; c < ncols && k + 1 < sizeof list; c++)
            k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", c ? ", " : "", names[c]);
        nn_errorf(err, err_len, "%s:%ld: no column named '%s' (columns: %s)", path, lineno, label,
                  list);
        st = NN_ERR_PARSE;
        goto done;
    }
    dim = ncols - 1;
    if (dim < 1) {
        nn_errorf(err, err_len, "%s:%ld: only the label column; no input columns", path, lineno);
        st = NN_ERR_PARSE;
        goto done;
    }
    /* rows */
    while ((got = read_line(f, &line, &cap)) > 0) {
        lineno++;
        if (blank(line))
            continue;
        int sp = split(line, &fl, storage);
        if (sp == SPLIT_QUOTE) {
            nn_errorf(err, err_len, "%s:%ld: unclosed quote (a quoted field must end on its line)",
                      path, lineno);
            st = NN_ERR_PARSE;
            goto done;
        }
        if (sp == SPLIT_WIDE || fl.n != ncols) {
            nn_errorf(err, err_len, "%s:%ld: %s%d columns, the header has %d", path, lineno,
                      sp == SPLIT_WIDE ? "more than " : "", sp == SPLIT_WIDE ? CSV_MAX_COLS : fl.n,
                      ncols);
            st = NN_ERR_PARSE;
            goto done;
        }
        if (rows >= (size_t)NN_MAX_SAMPLES || rows * (size_t)dim > ((size_t)1 << 28)) {
            nn_errorf(err, err_len, "%s:%ld: too many rows", path, lineno);
            st = NN_ERR_INVALID_ARG;
            goto done;
        }
        if (rows == rows_cap) {
            size_t nc = rows_cap ? 2 * rows_cap : 256;
            float *nx = realloc(x, nc * (size_t)dim * sizeof *nx);
            if (nx)
                x = nx;
            char **nl = realloc(labels, nc * sizeof *nl);
            if (nl)
                labels = nl;
            if (!nx || !nl) {
                nn_errorf(err, err_len, "%s: out of memory at line %ld", path, lineno);
                st = NN_ERR_NOMEM;
                goto done;
            }
            rows_cap = nc;
        }
        int k = 0;
        for (int c = 0; c < ncols; c++) {
            if (c == label_col)
                continue;
            double v;
            if (!parse_number(fl.field[c], &v)) {
                nn_errorf(err, err_len, "%s:%ld: column '%s': '%.30s' is not a number", path,
                          lineno, names[c], fl.field[c]);
                st = NN_ERR_PARSE;
                goto done;
            }
            if (!isfinite(v) || fabs(v) >= CSV_FLOAT_LIMIT) {
                nn_errorf(err, err_len, "%s:%ld: column '%s': value is not finite", path, lineno,
                          names[c]);
                st = NN_ERR_PARSE;
                goto done;
            }
            x[rows * (size_t)dim + (size_t)k++] = (float)v;
        }
        if (!*fl.field[label_col]) {
            nn_errorf(err, err_len, "%s:%ld: column '%s': empty label", path, lineno, label);
            st = NN_ERR_PARSE;
            goto done;
        }
        /* a numeric label must fit a float: NaN, inf or 1e300 would poison training */
        double lv;
        if (parse_number(fl.field[label_col], &lv) && (!isfinite(lv) || fabs(lv) >= CSV_FLOAT_LIMIT)) {
            nn_errorf(err, err_len, "%s:%ld: column '%s': value is not finite", path, lineno,
                      label);
            st = NN_ERR_PARSE;
            goto done;
        }
        labels[rows] = strdup(fl.field[label_col]);
        if (!labels[rows]) {
            nn_errorf(err, err_len, "%s: out of memory", path);
            st = NN_ERR_NOMEM;
            goto done;
        }
        rows++;
    }
    if (got < 0) {
        st = line_error(got, path, lineno + 1, err, err_len);
        goto done;
    }
    if (rows < 2) {
        nn_errorf(err, err_len, "%s: needs at least 2 data rows, found %zu", path, rows);
        st = NN_ERR_PARSE;
        goto done;
    }
    /* what the label column holds */
    int all_numeric = 1, all_integer = 1;
    for (size_t r = 0; r < rows; r++) {
        double v;
        if (!parse_number(labels[r], &v) || !isfinite(v)) {
            all_numeric = 0;
            all_integer = 0;
            break;
        }
        if (v != floor(v) || fabs(v) > 1e9)
            all_integer = 0;
    }
    if (all_numeric && !all_integer) {
        st = nn_dataset_create(&d, NN_TASK_REGRESS, (int)rows, dim, 1, 0, 0, err, err_len);
        if (st != NN_OK)
            goto done;
        for (size_t r = 0; r < rows; r++)
            d->y[r] = (float)strtod(labels[r], NULL);
    } else {
        /* classes: sorted distinct integers, or text in order of appearance */
        double *values = NULL;
        char **cls = calloc(NN_MAX_CLASSES + 1, sizeof *cls);
        int k = 0;
        if (all_integer)
            values = malloc(rows * sizeof *values);
        if (!cls || (all_integer && !values)) {
            free(values);
            free(cls);
            nn_errorf(err, err_len, "%s: out of memory", path);
            st = NN_ERR_NOMEM;
            goto done;
        }
        if (all_integer) {
            for (size_t r = 0; r < rows; r++)
                values[r] = strtod(labels[r], NULL);
            qsort(values, rows, sizeof *values, cmp_double);
            for (size_t r = 0; r < rows && k <= NN_MAX_CLASSES; r++)
                if (r == 0 || values[r] != values[r - 1])
                    values[k++] = values[r];
        } else {
            for (size_t r = 0; r < rows && k <= NN_MAX_CLASSES; r++) {
                int found = 0;
                for (int j = 0; j < k && !found; j++)
                    found = strcmp(cls[j], labels[r]) == 0;
                if (!found)
                    cls[k++] = labels[r];
            }
        }
        if (k < 2 || k > NN_MAX_CLASSES) {
            free(values);
            free(cls);
            nn_errorf(err, err_len, "%s: column '%s' has %s%d classes; 2 to %d are needed", path,
                      label, k > NN_MAX_CLASSES ? "more than " : "", k > NN_MAX_CLASSES ? NN_MAX_CLASSES : k,
                      NN_MAX_CLASSES);
            st = NN_ERR_INVALID_ARG;
            goto done;
        }
        st = nn_dataset_create(&d, NN_TASK_CLASSIFY, (int)rows, dim, 1, k, 0, err, err_len);
        if (st == NN_OK)
            d->class_names = calloc((size_t)k, sizeof *d->class_names);
        if (st == NN_OK && !d->class_names) {
            st = NN_ERR_NOMEM;
            nn_errorf(err, err_len, "%s: out of memory", path);
        }
        for (int j = 0; st == NN_OK && j < k; j++) {
            char buf[64];
            if (all_integer)
                snprintf(buf, sizeof buf, "%.0f", values[j]);
            d->class_names[j] = strdup(all_integer ? buf : cls[j]);
            if (!d->class_names[j]) {
                st = NN_ERR_NOMEM;
                nn_errorf(err, err_len, "%s: out of memory", path);
            }
        }
        for (size_t r = 0; st == NN_OK && r < rows; r++) {
            int c = 0;
            if (all_integer) {
                double v = strtod(labels[r], NULL);
                while (values[c] != v)
                    c++;
            } else {
                while (strcmp(cls[c], labels[r]) != 0)
                    c++;
            }
            d->label[r] = c;
        }
        free(values);
        free(cls);
        if (st != NN_OK)
            goto done;
    }
    memcpy(d->x, x, rows * (size_t)dim * sizeof *x);
    snprintf(d->name, sizeof d->name, "%s", base_name(path));
    /* the feature columns' names, so the diagram can label its inputs */
    d->col_names = calloc((size_t)dim, sizeof *d->col_names);
    for (int c = 0, j = 0; d->col_names && c < ncols; c++)
        if (c != label_col && !(d->col_names[j++] = strdup(names[c])))
            break;
    if (!d->col_names || (dim > 0 && !d->col_names[dim - 1])) {
        st = NN_ERR_NOMEM;
        nn_errorf(err, err_len, "%s: out of memory", path);
    }
done:
    if (st != NN_OK) {
        nn_dataset_destroy(d);
        d = NULL;
    }
    for (size_t r = 0; labels && r < rows; r++)
        free(labels[r]);
    free(labels);
    free(x);
    free(names);
    free(header);
    free(storage);
    free(line);
    fclose(f);
    *out = d;
    return st;
}
