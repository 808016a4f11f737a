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

/* Once, early in main(): blocks from 4 MB up are mapped on their own, so
 * that growing one (pd_xrealloc()) moves its pages instead of copying
 * them.  glibc raises that threshold as big blocks are freed (up to 32
 * MB), and the weekly report's arrays of a million rows, grown by
 * doubling, were then copied at each step: 60 % of its page faults,
 * issue 15.  Blocks this big also ask for huge pages (xalloc.c).  The
 * heap keeps up to 64 MB freed at its top rather than giving it back:
 * with the threshold set, glibc gave back all but 128 KB, and each batch
 * of a streamed statement's rows (load/db_rows.h, a few MB) faulted its
 * pages in again, a third of the weekly report's page faults. */
void pd_xalloc_tune(void);

void *pd_xmalloc(size_t n);
void *pd_xcalloc(size_t count, size_t size);
void *pd_xrealloc(void *p, size_t n);
char *pd_xstrdup(const char *s);
char *pd_xstrndup(const char *s, size_t n);
/* printf into a fresh heap string. */
char *pd_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
