/*
 * log - the only writer of diagnostics to stderr.
 *
 * jobs/ reports errors, warnings and notices here; any stage may emit
 * pd_log_debug() traces, which are off unless PRODOPS_DEBUG is set or -v is
 * given.  Lines look like PostgreSQL's frontend logging:
 * "prodops: error: <message>" with optional "detail:" / "hint:" lines.
 *
 * Ownership: nothing is retained.  Errors: writing to stderr is best-effort.
 * Limits: the program name and level are the only process-wide state.
 */
#ifndef PD_LOG_H
#define PD_LOG_H

#include <stdbool.h>

#include "err.h"

enum pd_log_level {
    PD_LOG_DEBUG,
    PD_LOG_INFO,
    PD_LOG_WARNING,
    PD_LOG_ERROR,
    PD_LOG_QUIET
};

void pd_log_init(const char *progname);
void pd_log_set_level(enum pd_log_level level);
enum pd_log_level pd_log_get_level(void);
/* True when stderr is a terminal (progress lines are only shown then). */
bool pd_log_stderr_is_tty(void);

void pd_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pd_log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pd_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pd_log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An error record with its detail and hint lines and location. */
void pd_log_err(const struct pd_err *err);

#endif
