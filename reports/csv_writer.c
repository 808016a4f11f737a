#include "csv_writer.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

struct pd_csv_writer {
    FILE *fp;           /* the stream, or NULL when writing to buf */
    struct pd_buf *buf; /* borrowed */
    char *name;         /* owned copy, for messages */
    struct pd_err *err; /* borrowed: where the first failure goes */
    size_t cells;       /* cells written on the current row */
    bool failed;
};

static const char bom[] = "\xEF\xBB\xBF";

/* The sink: every byte goes through here, so the sticky error is checked
 * in one place. */
static int
put(struct pd_csv_writer *w, const char *p, size_t n)
{
    if (w->failed)
        return -1;
    if (n == 0)
        return 0;
    if (w->fp) {
        if (fwrite(p, 1, n, w->fp) == n)
            return 0;
        w->failed = true;
        return pd_err_set(w->err, PD_E_IO, "cannot write '%s': %s", w->name,
                          strerror(errno));
    }
    if (pd_buf_add(w->buf, p, n) == 0)
        return 0;
    w->failed = true;
    return pd_err_set(w->err, PD_E_LIMIT,
                      "cannot write '%s': output exceeds its %zu-byte cap",
                      w->name, w->buf->max);
}

static struct pd_csv_writer *
writer_new(FILE *fp, struct pd_buf *b, const char *name, unsigned flags,
           struct pd_err *err)
{
    struct pd_csv_writer *w = pd_xcalloc(1, sizeof(*w));

    w->fp = fp;
    w->buf = b;
    w->name = pd_xstrdup(name ? name : "CSV output");
    w->err = err;
    if (flags & PD_CSV_BOM)
        (void)put(w, bom, sizeof(bom) - 1); /* a failure sticks */
    return w;
}

struct pd_csv_writer *
pd_csv_writer_open(FILE *fp, const char *name, unsigned flags,
                   struct pd_err *err)
{
    return writer_new(fp, NULL, name, flags, err);
}

struct pd_csv_writer *
pd_csv_writer_open_buf(struct pd_buf *b, const char *name, unsigned flags,
                       struct pd_err *err)
{
    return writer_new(NULL, b, name, flags, err);
}

/* The comma before every cell but a row's first. */
static int
cell_start(struct pd_csv_writer *w)
{
    if (w->failed)
        return -1;
    return w->cells++ > 0 ? put(w, ",", 1) : 0;
}

/* OWASP "CSV Injection": spreadsheets evaluate a cell starting with
 * = + - @ as a formula, and leading TAB or CR may be dropped on import,
 * exposing what follows; ASVS 1.2.10 adds NUL.  Some guides also quote
 * every such cell; a spreadsheet unquotes before it looks, so quoting here
 * follows RFC 4180 alone. */
static bool
is_formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
           c == '\r' || c == '\0';
}

static bool
needs_quotes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return true;
    return n == 0; /* "" tells an empty text from a null */
}

/* put() is a no-op once the writer has failed, so a cell is a straight
 * list of writes checked once at the end. */
int
pd_csv_writer_text(struct pd_csv_writer *w, const char *s, size_t n)
{
    bool quote = needs_quotes(s, n);
    size_t from = 0;

    if (cell_start(w) < 0)
        return -1;
    if (quote)
        put(w, "\"", 1);
    if (n > 0 && is_formula_start(s[0]))
        put(w, "'", 1);
    /* Double each quote: copy up to and including it, then one more. */
    for (size_t i = 0; quote && i < n; i++) {
        if (s[i] != '"')
            continue;
        put(w, s + from, i + 1 - from);
        put(w, "\"", 1);
        from = i + 1;
    }
    put(w, s + from, n - from);
    if (quote)
        put(w, "\"", 1);
    return w->failed ? -1 : 0;
}

int
pd_csv_writer_str(struct pd_csv_writer *w, const char *s)
{
    return s ? pd_csv_writer_text(w, s, strlen(s)) : pd_csv_writer_null(w);
}

/* -?digits[.digits][(e|E)[+-]digits], nothing else. */
static bool
is_plain_number(const char *s, size_t n)
{
    size_t i = 0, d;

    if (i < n && s[i] == '-')
        i++;
    for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        ;
    if (i == d)
        return false;
    if (i < n && s[i] == '.') {
        for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            ;
        if (i == d)
            return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            ;
        if (i == d)
            return false;
    }
    return i == n;
}

int
pd_csv_writer_number(struct pd_csv_writer *w, const char *s, size_t n)
{
    if (!is_plain_number(s, n))
        return pd_csv_writer_text(w, s, n);
    if (cell_start(w) < 0)
        return -1;
    return put(w, s, n);
}

int
pd_csv_writer_int(struct pd_csv_writer *w, int64_t v)
{
    char t[32];
    int len = snprintf(t, sizeof(t), "%" PRId64, v);

    if (cell_start(w) < 0)
        return -1;
    return put(w, t, (size_t)len);
}

/* The shortest of %.15g, %.16g and %.17g that strtod() reads back to v:
 * 0.1 is "0.1", not the "0.10000000000000001" of a bare %.17g, and 17
 * significant digits always round-trip an IEEE double.  prodops never
 * calls setlocale(), so the decimal point is '.'; should a caller set
 * LC_NUMERIC, a ',' is turned back into '.' (a comma would split the
 * cell). */
static size_t
format_double(double v, char t[32])
{
    int len = 0;

    for (int prec = 15; prec <= 17; prec++) {
        len = snprintf(t, 32, "%.*g", prec, v);
        if (strtod(t, NULL) == v)
            break;
    }
    for (int i = 0; i < len; i++)
        if (t[i] == ',')
            t[i] = '.';
    return (size_t)len;
}

int
pd_csv_writer_double(struct pd_csv_writer *w, double v)
{
    char t[32];
    size_t len;

    if (!isfinite(v))
        return pd_csv_writer_null(w);
    len = format_double(v, t);
    if (cell_start(w) < 0)
        return -1;
    return put(w, t, len);
}

int
pd_csv_writer_null(struct pd_csv_writer *w)
{
    return cell_start(w);
}

int
pd_csv_writer_end_row(struct pd_csv_writer *w)
{
    w->cells = 0;
    return put(w, "\n", 1);
}

int
pd_csv_writer_close(struct pd_csv_writer *w)
{
    int rc;

    if (!w)
        return 0;
    rc = w->failed ? -1 : 0;
    if (rc == 0 && w->fp && fflush(w->fp) == EOF)
        rc = pd_err_set(w->err, PD_E_IO, "cannot write '%s': %s", w->name,
                        strerror(errno));
    free(w->name);
    free(w);
    return rc;
}
