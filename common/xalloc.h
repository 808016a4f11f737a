/*
 * xalloc - allocation that never returns NULL to callers.
 *
 * On out-of-memory these print one line to stderr and exit with the
 * environment exit code (PD_EXIT_ENV_MEMORY = 5), like git's xmalloc and
 * PostgreSQL's pg_malloc.  This deletes the NULL check after every call.
 *
 * Ownership: the caller owns what is returned; free it with free().
 * Errors: none returned; OOM exits the process.
 * Limits: pd_xmalloc(0) returns a unique non-NULL pointer.
 */
#ifndef PD_XALLOC_H
#define PD_XALLOC_H

#include <stddef.h>

void *pd_xmalloc(size_t n);
void *pd_xcalloc(size_t count, size_t size);
void *pd_xrealloc(void *p, size_t n);
char *pd_xstrdup(const char *s);
char *pd_xstrndup(const char *s, size_t n);
/* printf into a fresh heap string. */
char *pd_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
