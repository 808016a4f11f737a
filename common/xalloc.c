#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exit code for "out of memory": an environment failure (SPEC §5). */
enum { OOM_EXIT = 5 };

static _Noreturn void
die_oom(size_t n)
{
    fprintf(stderr, "prodops: fatal: out of memory allocating %zu bytes\n", n);
    exit(OOM_EXIT);
}

void *
pd_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die_oom(n);
    return p;
}

void *
pd_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        die_oom(count * size);
    return p;
}

void *
pd_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die_oom(n);
    return q;
}

char *
pd_xstrdup(const char *s)
{
    return pd_xstrndup(s, strlen(s));
}

char *
pd_xstrndup(const char *s, size_t n)
{
    char *p = pd_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
pd_xasprintf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        die_oom(0);
    p = pd_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
