#include "reports/handoff_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/file.h"
#include "common/xalloc.h"

/* The areas to write: copies of the configured ones, or one per product
 * area of the period's tickets (names owned by *names). */
struct area_list {
    struct pd_handoff_area *v;
    size_t n;
    char **names; /* pd_handoff_ticket_areas() */
    size_t nnames;
};

static void
areas_from_config(const struct pd_handoff_run *r, struct area_list *l)
{
    l->v = pd_xcalloc(r->nareas + 1, sizeof(*l->v));
    for (size_t i = 0; i < r->nareas; i++)
        l->v[l->n++] = r->areas[i];
}

static int
areas_from_tickets(PGconn *conn, const struct pd_handoff_run *r,
                   struct area_list *l, struct pd_err *err)
{
    if (pd_handoff_ticket_areas(conn, r->period, r->hygiene, &l->names,
                                &l->nnames, err) < 0)
        return -1;
    l->v = pd_xcalloc(l->nnames + 1, sizeof(*l->v));
    for (size_t i = 0; i < l->nnames; i++) {
        struct pd_handoff_area *a = &l->v[l->n++];
        a->name = l->names[i];
        a->product_areas = (const char *const *)&l->names[i];
        a->nproduct_areas = 1;
    }
    return 0;
}

static void
area_list_release(struct area_list *l)
{
    free(l->v);
    pd_handoff_names_free(l->names, l->nnames);
}

/* --area NAME (any case) keeps that area alone; an unknown name is an
 * error that lists the known ones. */
static int
pick_area(struct area_list *l, const char *name, const char *label,
          struct pd_err *err)
{
    struct pd_buf known = PD_BUF_INIT;

    for (size_t i = 0; i < l->n; i++) {
        if (strcasecmp(l->v[i].name, name) == 0) {
            l->v[0] = l->v[i];
            l->n = 1;
            return 0;
        }
    }
    for (size_t i = 0; i < l->n; i++)
        pd_buf_addf(&known, "%s'%s'", i ? ", " : "", l->v[i].name);
    pd_err_set(err, PD_E_USAGE, "unknown area '%s' (%s: %s)", name, label,
               l->n ? known.buf : "none");
    pd_buf_release(&known);
    return -1;
}

/* Two areas must not share a folder. */
static int
check_slugs(const struct area_list *l, struct pd_err *err)
{
    char a[72], b[72];

    for (size_t i = 0; i < l->n; i++)
        for (size_t j = i + 1; j < l->n; j++)
            if (!strcmp(pd_handoff_slug(l->v[i].name, a, sizeof(a)),
                        pd_handoff_slug(l->v[j].name, b, sizeof(b))))
                return pd_err_set(err, PD_E_USAGE,
                                  "areas '%s' and '%s' would share the "
                                  "folder name '%s': rename one",
                                  l->v[i].name, l->v[j].name, a);
    return 0;
}

static int
write_all(struct pd_handoff *h, const struct area_list *l,
          const struct pd_handoff_run *r, struct pd_err *err)
{
    char dir[4096];

    for (size_t i = 0; i < l->n; i++) {
        struct pd_handoff_counts c;
        if (pd_handoff_write(h, &l->v[i], dir, sizeof(dir), &c, err) < 0)
            return -1;
        if (r->wrote)
            r->wrote(r->arg, dir, &c);
    }
    return 0;
}

/* The areas, checked: 0, or -1 with *err and *bad_areas. */
static int
choose_areas(PGconn *conn, const struct pd_handoff_run *r, struct area_list *l,
             bool *bad_areas, struct pd_err *err)
{
    if (r->nareas)
        areas_from_config(r, l);
    else if (areas_from_tickets(conn, r, l, err) < 0)
        return -1;
    *bad_areas = true;
    if (r->only_area &&
        pick_area(l, r->only_area,
                  r->nareas ? "[areas] has" : "tickets of the period have",
                  err) < 0)
        return -1;
    if (check_slugs(l, err) < 0)
        return -1;
    *bad_areas = false;
    return 0;
}

int
pd_handoff_run(PGconn *conn, const struct pd_handoff_run *r, size_t *nwritten,
               bool *bad_areas, struct pd_err *err)
{
    struct pd_handoff_opts o = {r->period,       r->out_dir, NULL,
                                r->no_redact,    r->now,     r->hygiene,
                                r->requests_file};
    struct area_list l = {NULL, 0, NULL, 0};
    struct pd_handoff *h;
    int rc;

    *nwritten = 0;
    *bad_areas = false;
    if (r->nareas)
        o.area_source = r->area_source;
    /* First: the writer holds the snapshot every query below reads. */
    h = pd_handoff_new(conn, &o, err);
    if (!h)
        return -1;
    rc = choose_areas(conn, r, &l, bad_areas, err);
    if (rc == 0 && l.n > 0)
        rc = pd_file_mkdirs(r->out_dir, err);
    if (rc == 0 && l.n > 0)
        rc = write_all(h, &l, r, err);
    if (rc == 0)
        *nwritten = l.n;
    pd_handoff_free(h);
    area_list_release(&l);
    return rc;
}
