#include "xalloc.h"

#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Exit code for "out of memory": an environment failure (SPEC §5). */
enum { OOM_EXIT = 5 };

static _Noreturn void
die_oom(size_t n)
{
    fprintf(stderr, "prodops: fatal: out of memory allocating %zu bytes\n", n);
    exit(OOM_EXIT);
}

/* A block from HUGE_FROM bytes up asks for transparent huge pages
 * (where the kernel gives them only when asked,
 * /sys/kernel/mm/transparent_hugepage/enabled "madvise", as on Debian).
 * Issue 15: the weekly report's arrays of a million rows each (a time
 * axis' tickets, the usage users, the facts) took 70 k page faults, a
 * seventh of its own CPU on the measured VM.  Advice only: a kernel that
 * says no changes nothing, and pages already touched stay as they are.
 * The advice covers the block's whole pages, which for a block mapped on
 * its own (pd_xalloc_tune()) is its whole mapping: advice on part of a
 * mapping splits it, and glibc's realloc() can then no longer move it
 * with mremap() (one mapping only) and copies it instead. */
enum { PAGE = 4096, HUGE_FROM = 4 << 20, KEEP_FREED = 64 << 20 };

void
pd_xalloc_tune(void)
{
    (void)mallopt(M_MMAP_THRESHOLD, HUGE_FROM);
    (void)mallopt(M_TRIM_THRESHOLD, KEEP_FREED);
}

static void
advise_huge(void *p, size_t n)
{
    uintptr_t from, to;

    if (n < HUGE_FROM)
        return;
    from = (uintptr_t)p & ~(uintptr_t)(PAGE - 1);
    to = ((uintptr_t)p + malloc_usable_size(p) + PAGE - 1) &
         ~(uintptr_t)(PAGE - 1);
    (void)madvise((void *)from, to - from, MADV_HUGEPAGE);
}

void *
pd_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die_oom(n);
    advise_huge(p, n);
    return p;
}

void *
pd_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        die_oom(count * size);
    advise_huge(p, count * size);
    return p;
}

void *
pd_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die_oom(n);
    advise_huge(q, n);
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
