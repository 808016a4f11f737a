#include "inbox.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common/file.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "extract/walk.h"
#include "jobs/signals.h"

static bool
is_glob(const char *p)
{
    return strpbrk(p, "*?[") != NULL;
}

/* A file under a processed/ folder was loaded already and moved there. */
static bool
in_processed(const char *path)
{
    return strstr(path, "/processed/") != NULL;
}

/* Seconds since the file last changed (negative: in the future). */
static double
age(const struct stat *st)
{
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    return (double)(now.tv_sec - st->st_mtim.tv_sec) +
           (double)(now.tv_nsec - st->st_mtim.tv_nsec) / 1e9;
}

static void
push(char ***v, size_t *n, const char *path)
{
    *v = pd_xrealloc(*v, (*n + 1) * sizeof(char *));
    (*v)[(*n)++] = pd_xstrdup(path);
}

/* A fresh file, watched until the settle time has passed. */
struct fresh {
    char **paths;
    size_t n;
    off_t *size;
    struct timespec *mtime;
    double wait; /* seconds until the youngest is settle old */
};

static void
keep(struct pd_inbox *in, struct fresh *f, const char *path, double settle)
{
    struct stat st;
    double a;

    if (in_processed(path) || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    a = age(&st);
    if (a >= settle) {
        push(&in->paths, &in->n, path);
    } else if (a < 0) {
        in->held++; /* a time in the future: being written, or a bad clock */
    } else {
        f->size = pd_xrealloc(f->size, (f->n + 1) * sizeof(*f->size));
        f->mtime = pd_xrealloc(f->mtime, (f->n + 1) * sizeof(*f->mtime));
        f->size[f->n] = st.st_size;
        f->mtime[f->n] = st.st_mtim;
        push(&f->paths, &f->n, path);
        if (settle - a > f->wait)
            f->wait = settle - a;
    }
}

/* Files that changed recently: wait until they are settle seconds old
 * and keep those whose size and mtime did not move meanwhile (a finished
 * copy); the others are still being written. */
static void
settle_fresh(struct pd_inbox *in, struct fresh *f)
{
    /* A stop signal ends the wait; the files are then held back. */
    if (f->n)
        (void)pd_signals_sleep(f->wait, false);
    for (size_t i = 0; i < f->n; i++) {
        struct stat st;
        if (!pd_signals_stop() && stat(f->paths[i], &st) == 0 &&
            st.st_size == f->size[i] &&
            st.st_mtim.tv_sec == f->mtime[i].tv_sec &&
            st.st_mtim.tv_nsec == f->mtime[i].tv_nsec)
            push(&in->paths, &in->n, f->paths[i]);
        else
            in->held++;
        free(f->paths[i]);
    }
    free(f->paths);
    free(f->size);
    free(f->mtime);
}

static int
cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list_glob(struct pd_walk *w, const char *pattern, struct pd_err *err)
{
    glob_t g;
    int rc = glob(pattern, 0, NULL, &g);

    if (rc == GLOB_NOMATCH)
        return 0;
    if (rc != 0)
        return pd_err_set(err, PD_E_IO, "cannot list '%s': %s", pattern,
                          rc == GLOB_NOSPACE ? "out of memory" : "read error");
    for (size_t i = 0; i < g.gl_pathc && rc == 0; i++)
        rc = pd_walk_add(w, g.gl_pathv[i], PD_WALK_MATCH, err);
    globfree(&g);
    return rc;
}

static int
list_path(struct pd_walk *w, const char *path, struct pd_err *err)
{
    if (pd_walk_add(w, path, PD_WALK_ARG, err) < 0)
        return pd_err_hint(err, "create the inbox folder, or fix 'path' of "
                                "the source");
    return 0;
}

size_t
pd_inbox_log_notes(const struct pd_walk *w, const char *job)
{
    size_t errors = 0;

    for (size_t i = 0; i < w->nnotes; i++) {
        const struct pd_walk_note *n = &w->notes[i];
        const char *pre = job ? job : "", *sep = job ? ": " : "";
        if (pd_walk_note_is_error(n)) {
            pd_log_error("%s%scannot read '%s': %s", pre, sep, n->path,
                         n->what);
            errors++;
        } else if (n->why == PD_WALK_LOOP) {
            pd_log_warning("%s%sskipped '%s': %s (a loop of symbolic links)",
                           pre, sep, n->path, n->what);
        } else {
            pd_log_warning("%s%sskipped '%s': %s, not a regular file", pre, sep,
                           n->path, n->what);
        }
    }
    return errors;
}

int
pd_inbox_list(const struct pd_config *cfg, const struct pd_config_source *s,
              struct pd_inbox *in, struct pd_err *err)
{
    struct fresh f = {NULL, 0, NULL, NULL, 0};
    struct pd_walk w;
    char *abs;
    int rc;

    memset(in, 0, sizeof(*in));
    if (!s->path)
        return pd_err_set(err, PD_E_CONFIG, "source '%s' has no path", s->name);
    abs = pd_config_abspath(cfg, s->path, err);
    if (!abs)
        return -1;
    pd_walk_init(&w);
    w.prune = "processed"; /* loaded files moved aside: never again */
    rc = is_glob(s->path) ? list_glob(&w, abs, err) : list_path(&w, abs, err);
    free(abs);
    for (size_t i = 0; rc == 0 && i < w.n; i++)
        keep(in, &f, w.paths[i], s->settle);
    if (rc == 0)
        in->unreadable = pd_inbox_log_notes(&w, s->name);
    pd_walk_release(&w);
    settle_fresh(in, &f);
    if (rc < 0)
        pd_inbox_release(in);
    else if (in->n)
        qsort(in->paths, in->n, sizeof(char *), cmp_path);
    return rc;
}

void
pd_inbox_release(struct pd_inbox *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->paths[i]);
    free(in->paths);
    memset(in, 0, sizeof(*in));
}

int
pd_inbox_move_processed(const char *path, char *moved, size_t n,
                        struct pd_err *err)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strchr(base, '.');
    char dir[PATH_MAX];
    int stem = dot ? (int)(dot - base) : (int)strlen(base);
    struct stat st;

    snprintf(dir, sizeof(dir), "%.*sprocessed",
             slash ? (int)(slash - path + 1) : 0, path);
    if (pd_file_mkdirs(dir, err) < 0)
        return -1;
    snprintf(moved, n, "%s/%s", dir, base);
    for (int i = 2; lstat(moved, &st) == 0; i++)
        snprintf(moved, n, "%s/%.*s~%d%s", dir, stem, base, i, dot ? dot : "");
    if (rename(path, moved) != 0)
        return pd_err_set(err, PD_E_IO, "cannot move '%s' to '%s': %s", path,
                          dir, strerror(errno));
    return 0;
}
