/*
 * log - the only writer of diagnostics to stderr.
 *
 * jobs/ reports errors, warnings and notices here; any stage may emit
 * pd_log_debug() traces, which are off unless PRODOPS_DEBUG is set or -v is
 * given.  Lines look like PostgreSQL's frontend logging:
 * "prodops: error: <message>" with optional "detail:" / "hint:" lines.
 *
 * Long-running commands (`prodops schedule`, `prodops run`) choose a style
 * for servers instead (issue 18): "text" puts an ISO 8601 UTC timestamp
 * (milliseconds), the level and the job with its run id first --
 * "2026-03-17T10:00:00.123Z info weekly[12]: loaded ..." -- and "json"
 * writes one object per line for log shippers:
 * {"time": ..., "level": ..., "job": ..., "run_id": ..., "msg": ...,
 * "detail": ..., "hint": ...} (job, run_id, detail and hint only when
 * there are).  An error's detail and hint stay on its line in both.
 *
 * Ownership: nothing is retained but a copy of the context's job name.
 * Errors: writing to stderr is best-effort.
 * Limits: the program name, level, style and context (job, run id) are the
 * only process-wide state: they describe the log itself, as the level
 * does, and are set by jobs/ only.
 */
#ifndef PD_LOG_H
#define PD_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

enum pd_log_level {
    PD_LOG_DEBUG,
    PD_LOG_INFO,
    PD_LOG_WARNING,
    PD_LOG_ERROR,
    PD_LOG_QUIET
};

enum pd_log_style {
    PD_LOG_STYLE_PLAIN, /* "prodops: warning: job: message" (default) */
    PD_LOG_STYLE_TEXT,  /* timestamp, level, job[run]: message */
    PD_LOG_STYLE_JSON   /* one JSON object per line */
};

void pd_log_init(const char *progname);
/* "plain", "text" or "json" to *style; false for anything else. */
bool pd_log_style_parse(const char *name, enum pd_log_style *style);
void pd_log_set_style(enum pd_log_style style);
/* The job and run the next lines are about: job NULL for none, run_id 0
 * for none.  The job's name is copied (up to 127 bytes). */
void pd_log_set_context(const char *job, int64_t run_id);
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
