#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The two pieces of global state the house style allows (rule 18). */
static const char *progname = "prodops";
static enum pd_log_level level = PD_LOG_INFO;

void
pd_log_init(const char *name)
{
    const char *dbg = getenv("PRODOPS_DEBUG");

    if (name)
        progname = name;
    if (dbg && *dbg && *dbg != '0')
        level = PD_LOG_DEBUG;
}

void
pd_log_set_level(enum pd_log_level l)
{
    level = l;
}

enum pd_log_level
pd_log_get_level(void)
{
    return level;
}

bool
pd_log_stderr_is_tty(void)
{
    return isatty(STDERR_FILENO) == 1;
}

/* As vfill() in err.c: the attribute keeps clang's -Wformat-nonliteral
 * quiet and checks the callers' formats instead. */
static void vlog(enum pd_log_level l, const char *tag, const char *fmt,
                 va_list ap) __attribute__((format(printf, 3, 0)));

static void
vlog(enum pd_log_level l, const char *tag, const char *fmt, va_list ap)
{
    if (l < level)
        return;
    if (tag)
        fprintf(stderr, "%s: %s: ", progname, tag);
    else
        fprintf(stderr, "%s: ", progname);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

#define DEFINE_LOG(fn, lvl, tag)  \
    void fn(const char *fmt, ...) \
    {                             \
        va_list ap;               \
        va_start(ap, fmt);        \
        vlog(lvl, tag, fmt, ap);  \
        va_end(ap);               \
    }

DEFINE_LOG(pd_log_error, PD_LOG_ERROR, "error")
DEFINE_LOG(pd_log_warning, PD_LOG_WARNING, "warning")
DEFINE_LOG(pd_log_info, PD_LOG_INFO, NULL)
DEFINE_LOG(pd_log_debug, PD_LOG_DEBUG, "debug")

void
pd_log_err(const struct pd_err *err)
{
    if (PD_LOG_ERROR < level)
        return;
    if (err->file[0] && err->line > 0)
        fprintf(stderr, "%s: error: %s:%ld: %s\n", progname, err->file,
                err->line, err->msg);
    else if (err->file[0])
        fprintf(stderr, "%s: error: %s: %s\n", progname, err->file, err->msg);
    else
        fprintf(stderr, "%s: error: %s\n", progname, err->msg);
    if (err->detail[0])
        fprintf(stderr, "%s: detail: %s\n", progname, err->detail);
    if (err->hint[0])
        fprintf(stderr, "%s: hint: %s\n", progname, err->hint);
}
