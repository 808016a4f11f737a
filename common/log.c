#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/printable.h"

/* The two pieces of global state the house style allows (rule 18). */
static const char *progname = "prodops";
static enum pd_log_level level = PD_LOG_INFO;
/* ... and what the log itself looks like (issue 18): not configuration
 * of any stage, set by jobs/ for the commands that run as servers. */
static enum pd_log_style style = PD_LOG_STYLE_PLAIN;
static char ctx_job[128];
static int64_t ctx_run;

static const char *const level_names[] = {"debug", "info", "warning", "error"};

bool
pd_log_style_parse(const char *name, enum pd_log_style *out)
{
    static const char *const names[] = {"plain", "text", "json"};

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(name, names[i])) {
            *out = (enum pd_log_style)i;
            return true;
        }
    return false;
}

void
pd_log_set_style(enum pd_log_style s)
{
    style = s;
}

void
pd_log_set_context(const char *job, int64_t run_id)
{
    snprintf(ctx_job, sizeof(ctx_job), "%s", job ? job : "");
    ctx_run = run_id;
}

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

/* "2026-03-17T10:00:00.123Z": the wall clock, in UTC. */
static void
timestamp(char *buf, size_t n)
{
    struct timespec ts;
    struct tm tm;
    size_t k;

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    k = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + k, n - k, ".%03uZ",
             (unsigned)(ts.tv_nsec / 1000000) % 1000u);
}

/* s as a JSON string at out (truncated to fit, quotes included).  s is
 * printable already: only quotes, backslashes and tabs need escapes. */
static void
json_str(char *out, size_t n, const char *s)
{
    size_t k = 0;

    out[k++] = '"';
    for (; *s && k + 8 < n; s++) {
        if (*s == '"' || *s == '\\')
            out[k++] = '\\';
        if ((unsigned char)*s < 0x20) {
            k += (size_t)snprintf(out + k, n - k, "\\u%04x", *s);
            continue;
        }
        out[k++] = *s;
    }
    out[k++] = '"';
    out[k] = '\0';
}

/* One line in the server styles: level, message and, for an error, its
 * detail and hint (printable text, or NULL). */
static void
emit_server(enum pd_log_level l, const char *msg, const char *detail,
            const char *hint)
{
    char ts[40], m[LOG_OUT + 16], j[300], d[LOG_OUT + 16], h[LOG_OUT + 16];

    timestamp(ts, sizeof(ts));
    if (style == PD_LOG_STYLE_TEXT) {
        fprintf(stderr, "%s %s ", ts, level_names[l]);
        if (ctx_job[0] && ctx_run)
            fprintf(stderr, "%s[%lld]: ", ctx_job, (long long)ctx_run);
        else if (ctx_job[0])
            fprintf(stderr, "%s: ", ctx_job);
        fprintf(stderr, "%s%s%s%s%s\n", msg, detail ? "; detail: " : "",
                detail ? detail : "", hint ? "; hint: " : "", hint ? hint : "");
        return;
    }
    json_str(m, sizeof(m), msg);
    fprintf(stderr, "{\"time\": \"%s\", \"level\": \"%s\"", ts, level_names[l]);
    if (ctx_job[0]) {
        json_str(j, sizeof(j), ctx_job);
        fprintf(stderr, ", \"job\": %s", j);
    }
    if (ctx_run)
        fprintf(stderr, ", \"run_id\": %lld", (long long)ctx_run);
    fprintf(stderr, ", \"msg\": %s", m);
    if (detail) {
        json_str(d, sizeof(d), detail);
        fprintf(stderr, ", \"detail\": %s", d);
    }
    if (hint) {
        json_str(h, sizeof(h), hint);
        fprintf(stderr, ", \"hint\": %s", h);
    }
    fprintf(stderr, "}\n");
}

/* As vfill() in err.c: the attribute keeps clang's -Wformat-nonliteral
 * quiet and checks the callers' formats instead. */
static void vlog(enum pd_log_level l, const char *tag, const char *fmt,
                 va_list ap) __attribute__((format(printf, 3, 0)));

static void
vlog(enum pd_log_level l, const char *tag, const char *fmt, va_list ap)
{
    char msg[LOG_IN], out[LOG_OUT];
    const char *text;

    if (l < level)
        return;
    vsnprintf(msg, sizeof(msg), fmt, ap);
    text = pd_printable(msg, out, sizeof(out));
    if (style != PD_LOG_STYLE_PLAIN)
        emit_server(l, text, NULL, NULL);
    else
        fprintf(stderr, "%s: %s%s%s%s%s\n", progname, tag ? tag : "",
                tag ? ": " : "", ctx_job, ctx_job[0] ? ": " : "", text);
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

/* An error in a server style: one line with its detail and hint. */
static void
log_err_server(const struct pd_err *err)
{
    char msg[LOG_IN], m[LOG_OUT], d[LOG_OUT], h[LOG_OUT];

    if (err->file[0] && err->line > 0)
        snprintf(msg, sizeof(msg), "%s:%ld: %s", err->file, err->line,
                 err->msg);
    else if (err->file[0])
        snprintf(msg, sizeof(msg), "%s: %s", err->file, err->msg);
    else
        snprintf(msg, sizeof(msg), "%s", err->msg);
    emit_server(PD_LOG_ERROR, pd_printable(msg, m, sizeof(m)),
                err->detail[0] ? pd_printable(err->detail, d, sizeof(d)) : NULL,
                err->hint[0] ? pd_printable(err->hint, h, sizeof(h)) : NULL);
}

void
pd_log_err(const struct pd_err *err)
{
    if (PD_LOG_ERROR < level)
        return;
    if (style != PD_LOG_STYLE_PLAIN) {
        log_err_server(err);
        return;
    }
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
