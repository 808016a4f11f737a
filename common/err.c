#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
pd_err_clear(struct pd_err *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof(*err));
}

/* The attribute lets clang's -Wformat-nonliteral (in -Wformat=2) see that
 * fmt comes from a checked caller; gcc does not warn on a va_list. */
static void vfill(char *dst, size_t n, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
vfill(char *dst, size_t n, const char *fmt, va_list ap)
{
    int w = vsnprintf(dst, n, fmt, ap);
    if (w < 0)
        dst[0] = '\0';
}

int
pd_err_set(struct pd_err *err, enum pd_errcode code, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return -1;
    pd_err_clear(err);
    err->code = code;
    va_start(ap, fmt);
    vfill(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return -1;
}

int
pd_err_detail(struct pd_err *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return -1;
    va_start(ap, fmt);
    vfill(err->detail, sizeof(err->detail), fmt, ap);
    va_end(ap);
    return -1;
}

int
pd_err_hint(struct pd_err *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return -1;
    va_start(ap, fmt);
    vfill(err->hint, sizeof(err->hint), fmt, ap);
    va_end(ap);
    return -1;
}

int
pd_err_at(struct pd_err *err, const char *file, long line)
{
    if (!err)
        return -1;
    snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
    err->line = line;
    return -1;
}

const char *
pd_err_code_name(enum pd_errcode code)
{
    static const char *const names[] = {
        "ok",    "usage", "config", "format", "parse",   "rejected",
        "limit", "io",    "db",     "locked", "internal"};

    if ((size_t)code >= sizeof(names) / sizeof(names[0]))
        return "unknown";
    return names[code];
}

_Noreturn void
pd_bug_fl(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "BUG: %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
