#include "scheduler.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/config.h"
#include "jobs/pipeline.h"
#include "jobs/schedule.h"
#include "jobs/signals.h"

/* The longest sleep: the clock is looked at again at least this often. */
#define MAX_SLEEP_SECONDS 60.0

struct slot {
    const struct pd_config_job *job; /* borrowed from g->config */
    struct pd_tz *tz;
    int64_t after; /* instants up to this one are handled */
};

struct sched {
    struct pd_globals *g;
    const struct pd_scheduler_opts *o;
    struct slot *slots;
    size_t n;
    long runs;
    struct timespec mono0;
};

static int64_t
clock_now(const struct sched *s)
{
    struct timespec t;

    if (!s->o->has_start)
        return pd_now_us();
    clock_gettime(CLOCK_MONOTONIC, &t);
    return s->o->start + (int64_t)(t.tv_sec - s->mono0.tv_sec) * PD_US_PER_SEC +
           (t.tv_nsec - s->mono0.tv_nsec) / 1000;
}

static bool
wanted(const struct pd_scheduler_opts *o, const char *name)
{
    if (!o->njobs)
        return true;
    for (size_t i = 0; i < o->njobs; i++)
        if (!strcmp(o->jobs[i], name))
            return true;
    return false;
}

static void
free_slots(struct sched *s)
{
    for (size_t i = 0; i < s->n; i++)
        pd_tz_free(s->slots[i].tz);
    free(s->slots);
    s->slots = NULL;
    s->n = 0;
}

/* The jobs of g->config to schedule; every one named must exist. */
static int
load_slots(struct sched *s, struct pd_err *err)
{
    const struct pd_config *cfg = s->g->config;

    for (size_t i = 0; i < s->o->njobs; i++)
        if (!pd_config_job(cfg, s->o->jobs[i]))
            return pd_err_set(err, PD_E_CONFIG, "no job '%s' in %s",
                              s->o->jobs[i], cfg->path ? cfg->path : "-");
    s->slots = pd_xcalloc(cfg->njobs + 1, sizeof(*s->slots));
    for (size_t i = 0; i < cfg->njobs; i++) {
        struct slot *sl = &s->slots[s->n];
        if (!wanted(s->o, cfg->jobs[i].name))
            continue;
        sl->job = &cfg->jobs[i];
        sl->tz = pd_tz_open(sl->job->timezone, err);
        if (!sl->tz)
            return -1;
        s->n++;
    }
    if (s->n == 0)
        return pd_err_set(err, PD_E_CONFIG,
                          "no job to schedule: %s has no "
                          "[job \"NAME\"] section",
                          cfg->path ? cfg->path : "the configuration");
    return 0;
}

static void
log_next(const struct slot *sl, int64_t now)
{
    int64_t next = pd_cron_next(sl->job->cron, sl->tz, now);
    char local[48], utc[40];

    pd_log_set_context(sl->job->name, 0);
    if (next < 0) {
        pd_log_warning("'%s' never runs", sl->job->schedule);
    } else {
        pd_schedule_format_local(next, sl->tz, local, sizeof(local));
        pd_time_format_iso(next, utc, sizeof(utc));
        pd_log_info("next run at %s (%s)", local, utc);
    }
    pd_log_set_context(NULL, 0);
}

/* One run through the pipeline, its outcome logged. */
static void
run_job(struct sched *s, const struct slot *sl, enum pd_run_trigger trigger,
        int64_t at, int64_t now)
{
    struct pd_run_opts o = {trigger, at, now, false, "schedule"};
    struct pd_run_result r;
    struct pd_err err = PD_ERR_INIT;

    memset(&r, 0, sizeof(r));
    pd_log_set_context(sl->job->name, 0);
    if (pd_pipeline_run(s->g, sl->job, &o, &r, &err) < 0) {
        if (err.code == PD_E_LOCKED)
            pd_log_info("not run here: %s", err.msg);
        else
            pd_log_error("cannot run: %s", err.msg);
        pd_log_set_context(NULL, 0);
        return;
    }
    pd_log_set_context(sl->job->name, r.run_id);
    if (r.outcome == PD_RUN_SKIPPED)
        pd_log_info("nothing to run: %s", r.skip_reason);
    else
        pd_log_info("run %" PRId64 " %s in %.2f s (attempt %d)", r.run_id,
                    pd_run_outcome_name(r.outcome), r.seconds, r.attempts);
    pd_log_set_context(NULL, 0);
    if (r.outcome != PD_RUN_SKIPPED)
        s->runs++;
    pd_run_result_release(&r);
}

/* The start-up pass: catch up what each job missed. */
static void
start_up(struct sched *s)
{
    int64_t now = clock_now(s);

    for (size_t i = 0; i < s->n && !pd_signals_stop(); i++) {
        struct slot *sl = &s->slots[i];
        if (sl->job->catchup)
            run_job(s, sl, PD_RUN_CATCHUP, 0, now);
        sl->after = now;
    }
    for (size_t i = 0; i < s->n; i++)
        log_next(&s->slots[i], clock_now(s));
}

static void
reload(struct sched *s)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_config *cfg = pd_config_load(s->g->config->path, &err);
    struct pd_config *old = s->g->config;

    if (!cfg) {
        pd_log_error("reload failed, keeping the running configuration: %s",
                     err.msg);
        return;
    }
    free_slots(s);
    s->g->config = cfg;
    if (load_slots(s, &err) < 0) {
        pd_log_error("reload failed, keeping the running configuration: %s",
                     err.msg);
        free_slots(s);
        s->g->config = old;
        pd_config_free(cfg);
        (void)load_slots(s, &err);
        for (size_t i = 0; i < s->n; i++)
            s->slots[i].after = clock_now(s);
        return;
    }
    pd_config_free(old);
    pd_log_info("reloaded %s: %zu job%s", cfg->path ? cfg->path : "defaults",
                s->n, s->n == 1 ? "" : "s");
    start_up(s);
}

/* The slot due first and its instant (-1 when no job ever runs). */
static struct slot *
earliest(struct sched *s, int64_t *at)
{
    struct slot *best = NULL;

    *at = -1;
    for (size_t i = 0; i < s->n; i++) {
        int64_t t = pd_cron_next(s->slots[i].job->cron, s->slots[i].tz,
                                 s->slots[i].after);
        if (t >= 0 && (!best || t < *at)) {
            best = &s->slots[i];
            *at = t;
        }
    }
    return best;
}

static void
loop(struct sched *s)
{
    while (!pd_signals_stop() &&
           !(s->o->exit_after && s->runs >= s->o->exit_after)) {
        int64_t now = clock_now(s), at;
        struct slot *sl;
        double wait;
        if (pd_signals_reload()) {
            reload(s);
            continue;
        }
        sl = earliest(s, &at);
        if (sl && at <= now) {
            /* Late (a long run, a suspended machine): one run for the
             * latest instant passed, not one per instant. */
            at = pd_schedule_latest(sl->job->cron, sl->tz, sl->after, now);
            sl->after = at;
            run_job(s, sl, PD_RUN_SCHEDULE, at, now);
            log_next(sl, at);
            continue;
        }
        wait = sl ? (double)(at - now) / 1e6 : MAX_SLEEP_SECONDS;
        pd_signals_sleep(wait < MAX_SLEEP_SECONDS ? wait : MAX_SLEEP_SECONDS,
                         true);
    }
}

int
pd_scheduler_run(struct pd_globals *g, const struct pd_scheduler_opts *o,
                 struct pd_err *err)
{
    struct sched s = {g, o, NULL, 0, 0, {0, 0}};

    clock_gettime(CLOCK_MONOTONIC, &s.mono0);
    if (load_slots(&s, err) < 0) {
        free_slots(&s);
        return -1;
    }
    pd_log_info("scheduling %zu job%s from %s (pid %ld)", s.n,
                s.n == 1 ? "" : "s", g->config->path ? g->config->path : "-",
                (long)getpid());
    start_up(&s);
    if (!o->once)
        loop(&s);
    if (pd_signals_stop())
        pd_log_info("stopped by signal %d", pd_signals_stop());
    free_slots(&s);
    return 0;
}
