/* prodops cron: the jobs as crontab lines and systemd timer units, for
 * teams that prefer the system's scheduler to `prodops schedule`. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/log.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/schedule.h"

static void
help(void)
{
    printf("prodops cron prints, for each job of prodops.conf (or JOB), the "
           "crontab line\nand the systemd service and timer units that run "
           "it with 'prodops run': the\nsystem's scheduler instead of "
           "'prodops schedule'.\n\n"
           "Usage:\n"
           "  prodops cron [JOB]\n\n"
           "Options:\n"
           "  -h, --help   show this help and exit\n\n"
           "Exit status: 0 printed, 2 usage or no job configured.\n");
}

/* s in single quotes for sh: ' becomes '\''; and % becomes \%, as cron
 * reads a bare % in a command as a newline (crontab(5)) and drops the
 * backslash of \%.  A backslash before the % would pair with it, so the
 * quote is closed and reopened between them: a\% is 'a\''\%'. */
static void
sh_quote(struct pd_buf *b, const char *s)
{
    pd_buf_addch(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            pd_buf_addstr(b, "'\\''");
        else if (*p == '%')
            pd_buf_addstr(b, p > s && p[-1] == '\\' ? "''\\%" : "\\%");
        else
            pd_buf_addch(b, *p);
    }
    pd_buf_addch(b, '\'');
}

/* s for a unit file setting that expands specifiers (systemd.unit(5):
 * Description=, WorkingDirectory=): % becomes %%. */
static void
unit_text(struct pd_buf *b, const char *s)
{
    for (; *s; s++)
        if (*s == '%')
            pd_buf_addstr(b, "%%");
        else
            pd_buf_addch(b, *s);
}

/* s as one quoted ExecStart= argument (systemd.service(5)): \ and " get a
 * backslash, % is a specifier (%%) and $ a variable ($$). */
static void
exec_arg(struct pd_buf *b, const char *s)
{
    pd_buf_addch(b, '"');
    for (; *s; s++) {
        if (*s == '\\' || *s == '"')
            pd_buf_addch(b, '\\');
        if (*s == '%' || *s == '$')
            pd_buf_addch(b, *s);
        pd_buf_addch(b, *s);
    }
    pd_buf_addch(b, '"');
}

/* A unit name from a job name: letters, digits, '_', '.', '-' only. */
static void
unit_name(const char *job, char *out, size_t n)
{
    size_t i = 0;

    for (; *job && i + 1 < n; job++, i++) {
        char c = *job;
        out[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                         c == '-'
                     ? c
                     : '-';
    }
    out[i] = '\0';
}

struct where {
    char exe[PATH_MAX];  /* this prodops binary */
    char conf[PATH_MAX]; /* the config file, absolute */
    char dir[PATH_MAX];  /* its folder */
};

static void
crontab(const struct pd_config_job *j, const struct where *w, struct pd_buf *b)
{
    char expr[PD_SCHEDULE_TEXT_MAX];

    pd_schedule_crontab(j->cron, expr);
    pd_buf_addf(b, "CRON_TZ=%s\n%s cd ", j->timezone, expr);
    sh_quote(b, w->dir);
    pd_buf_addstr(b, " && ");
    sh_quote(b, w->exe);
    pd_buf_addstr(b, " --config ");
    sh_quote(b, w->conf);
    pd_buf_addstr(b, " run ");
    sh_quote(b, j->name);
    pd_buf_addch(b, '\n');
}

static void
systemd(const struct pd_config_job *j, const struct where *w, struct pd_buf *b)
{
    char unit[128], cal[2][PD_SCHEDULE_TEXT_MAX];
    int n = pd_schedule_calendar(j->cron, j->timezone, cal);

    unit_name(j->name, unit, sizeof(unit));
    pd_buf_addf(b,
                "# /etc/systemd/system/prodops-%s.service\n"
                "[Unit]\nDescription=prodops job ",
                unit);
    unit_text(b, j->name);
    pd_buf_addstr(b, "\nWants=network-online.target\n"
                     "After=network-online.target\n\n"
                     "[Service]\nType=oneshot\nWorkingDirectory=");
    unit_text(b, w->dir);
    pd_buf_addstr(b, "\nExecStart=");
    exec_arg(b, w->exe);
    pd_buf_addstr(b, " --config ");
    exec_arg(b, w->conf);
    pd_buf_addstr(b, " run ");
    exec_arg(b, j->name);
    pd_buf_addf(b,
                "\n# 6: the job was running elsewhere (another host), not a "
                "failure\nSuccessExitStatus=6\n\n"
                "# /etc/systemd/system/prodops-%s.timer\n"
                "[Unit]\nDescription=prodops job ",
                unit);
    unit_text(b, j->name);
    pd_buf_addstr(b, ": ");
    unit_text(b, j->schedule);
    pd_buf_addstr(b, " in ");
    unit_text(b, j->timezone);
    pd_buf_addstr(b, "\n\n[Timer]\n");
    for (int i = 0; i < n; i++)
        pd_buf_addf(b, "OnCalendar=%s\n", cal[i]);
    pd_buf_addf(b,
                "# catchup = %s: a run missed while the machine was off %s\n"
                "Persistent=%s\n\n[Install]\nWantedBy=timers.target\n\n"
                "# systemctl daemon-reload && systemctl enable --now "
                "prodops-%s.timer\n"
                "# check: systemd-analyze calendar --iterations=5 '%s'\n\n",
                j->catchup ? "latest" : "none",
                j->catchup ? "runs at boot" : "is skipped",
                j->catchup ? "true" : "false", unit, cal[0]);
}

static int
locate(const struct pd_config *cfg, struct where *w)
{
    ssize_t n = readlink("/proc/self/exe", w->exe, sizeof(w->exe) - 1);
    char *slash;

    w->exe[n > 0 ? n : 0] = '\0';
    if (n <= 0)
        snprintf(w->exe, sizeof(w->exe), "prodops");
    if (!cfg->path || !realpath(cfg->path, w->conf)) {
        pd_log_error("no configuration file to point the jobs at%s%s",
                     cfg->path ? ": " : "", cfg->path ? strerror(errno) : "");
        fprintf(stderr, "prodops: hint: run in the folder of prodops.conf, or "
                        "give --config\n");
        return PD_EXIT_USAGE;
    }
    snprintf(w->dir, sizeof(w->dir), "%s", w->conf);
    slash = strrchr(w->dir, '/');
    if (slash)
        *(slash == w->dir ? slash + 1 : slash) = '\0';
    return 0;
}

int
pd_cmd_cron(int argc, char **argv, struct pd_globals *g)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const struct pd_config *cfg = g->config;
    struct pd_buf cron = PD_BUF_INIT, units = PD_BUF_INIT;
    struct where w;
    const char *only;
    int c, rc;

    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            help();
            return PD_EXIT_OK;
        }
        return pd_cli_usage_error("cron", "bad option");
    }
    only = optind < argc ? argv[optind] : NULL;
    if (optind + 1 < argc)
        return pd_cli_usage_error("cron", "unexpected argument '%s'",
                                  argv[optind + 1]);
    if (only && !pd_config_job(cfg, only))
        return pd_cli_usage_error("cron", "no job '%s'", only);
    if (!cfg->njobs)
        return pd_cli_usage_error("cron", "no [job \"NAME\"] in %s",
                                  cfg->path ? cfg->path : "the configuration");
    if ((rc = locate(cfg, &w)) != 0)
        return rc;
    for (size_t i = 0; i < cfg->njobs; i++) {
        if (only && strcmp(only, cfg->jobs[i].name) != 0)
            continue;
        crontab(&cfg->jobs[i], &w, &cron);
        systemd(&cfg->jobs[i], &w, &units);
    }
    printf("# prodops jobs of %s for the system's scheduler: use one of\n"
           "# these, or 'prodops schedule', not both.\n\n"
           "# ---- crontab (crontab -e) ----\n"
           "# CRON_TZ sets the zone of the lines after it in cronie (Fedora, "
           "RHEL, Arch)\n# and systemd-cron; Debian's and Ubuntu's cron "
           "ignore it and read the times\n# in the system's zone.  cron "
           "never runs what it missed while the machine\n# was off.\n%s\n"
           "# ---- systemd timers (systemd 235 or later for the zone) ----\n"
           "# Times that a DST change skips or repeats may fire differently "
           "from\n# 'prodops schedule' (jobs/cron.h): check with "
           "systemd-analyze.\n\n%s",
           w.conf, cron.buf, units.buf);
    pd_buf_release(&cron);
    pd_buf_release(&units);
    return fflush(stdout) == 0 ? PD_EXIT_OK : PD_EXIT_IO;
}
