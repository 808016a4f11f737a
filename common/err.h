/*
 * err - the one error record every fallible function fills.
 *
 * A failed file or run is reported through a caller-provided struct pd_err:
 * a code from one enum, a one-line message, optional detail and hint, and
 * the input file and line it concerns.  Bad *rows* are not errors (see
 * transform/reject.h); programmer errors abort through PD_BUG().
 *
 * Ownership: the caller owns the struct; all text lives in fixed buffers,
 * so reporting an error never allocates (SQLite's zErr[CSV_MXERR]).
 * Errors: pd_err_set() always returns -1 so callers can write
 * `return pd_err_set(err, PD_E_PARSE, "...");`.
 * Limits: messages longer than the buffers are truncated, never overflowed.
 */
#ifndef PD_ERR_H
#define PD_ERR_H

#include <stddef.h>

enum pd_errcode {
    PD_E_OK = 0,
    PD_E_USAGE,    /* bad command line or argument */
    PD_E_CONFIG,   /* bad configuration file */
    PD_E_FORMAT,   /* unknown format, missing required column */
    PD_E_PARSE,    /* undecodable, truncated, malformed beyond a row */
    PD_E_REJECTED, /* too many bad rows: the file is rejected whole */
    PD_E_LIMIT,    /* a ceiling was exceeded (field size, memory cap) */
    PD_E_IO,       /* read/write/disk failure */
    PD_E_DB,       /* database unreachable or failed */
    PD_E_LOCKED,   /* another process holds the lock */
    PD_E_INTERNAL  /* a bug: should not happen */
};

struct pd_err {
    enum pd_errcode code;
    char msg[512];
    char detail[512];
    char hint[256];
    char file[256];
    long line;
};

#define PD_ERR_INIT                \
    {                              \
        PD_E_OK, "", "", "", "", 0 \
    }

/* Reset to "no error". */
void pd_err_clear(struct pd_err *err);

/* Fill code and message (printf-style); clears detail, hint and location.
 * Returns -1.  err may be NULL (the error is then dropped). */
int pd_err_set(struct pd_err *err, enum pd_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Add a detail or hint line to an error already set.  Returns -1. */
int pd_err_detail(struct pd_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int pd_err_hint(struct pd_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Record the input location the error is about.  Returns -1. */
int pd_err_at(struct pd_err *err, const char *file, long line);

/* The code's short name ("parse", "db", ...), for JSON output. */
const char *pd_err_code_name(enum pd_errcode code);

/* Abort with file:line: an invariant was broken (git's BUG()). */
#define PD_BUG(...) pd_bug_fl(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void pd_bug_fl(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
