#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/printable.h"

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

/* Messages carry names from outside (files, sources, members): a CR, LF
 * or ESC in one must not overwrite, forge or recolour a line of the log,
 * and bytes that are not UTF-8 show as \xHH (common/printable.h).  Every
 * line is one line. */
enum { LOG_IN = 4096, LOG_OUT = 4 * LOG_IN };

/* As vfill() in err.c: the attribute keeps clang's -Wformat-nonliteral
 * quiet and checks the callers' formats instead. */
static void vlog(enum pd_log_level l, const char *tag, const char *fmt,
                 va_list ap) __attribute__((format(printf, 3, 0)));

static void
vlog(enum pd_log_level l, const char *tag, const char *fmt, va_list ap)
{
    char msg[LOG_IN], out[LOG_OUT];

    if (l < level)
        return;
    vsnprintf(msg, sizeof(msg), fmt, ap);
    if (tag)
        fprintf(stderr, "%s: %s: %s\n", progname, tag,
                pd_printable(msg, out, sizeof(out)));
    else
        fprintf(stderr, "%s: %s\n", progname,
                pd_printable(msg, out, sizeof(out)));
}

/* A detail or hint line of an error: printed with it, whatever the level. */
static void
vlog_tag(const char *tag, const char *text)
{
    char out[LOG_OUT];

    fprintf(stderr, "%s: %s: %s\n", progname, tag,
            pd_printable(text, out, sizeof(out)));
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
        pd_log_error("%s:%ld: %s", err->file, err->line, err->msg);
    else if (err->file[0])
        pd_log_error("%s: %s", err->file, err->msg);
    else
        pd_log_error("%s", err->msg);
    if (err->detail[0])
        vlog_tag("detail", err->detail);
    if (err->hint[0])
        vlog_tag("hint", err->hint);
}
