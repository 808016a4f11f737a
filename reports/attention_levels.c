#include "attention_levels.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "common/strmap.h"
#include "common/xalloc.h"

/* The columns of reports/sql/attention_levels.sql. */
enum {
    L_WEEK,
    L_COVERED, /* NULL on a ticket row */
    L_LABEL,
    L_DIM0, /* product_area .. account_id, PD_ATT_NDIMS of them */
    L_ACCOUNT = L_DIM0 + PD_ATT_NDIMS - 1,
    L_NAME = L_DIM0 + PD_ATT_NDIMS,
    L_ARR,
    L_HOURS,
    L_NCOLS
};

/* The account's dimension: the server's HAVING keeps no cell of a NULL
 * account (a ticket without one); a NULL of another dimension is a cell
 * as any value (the view coalesces them, so there is none). */
enum { ACCOUNT_DIM = L_ACCOUNT - L_DIM0 };

/* A ticket row: its strings as ids of the pool (0: NULL), the dimensions'
 * then the account name's. */
struct ticket {
    uint32_t id[PD_ATT_NDIMS + 1];
    int32_t week;
    double arr; /* NAN: none */
    double hours;
};

/* A cell of one week while grouping. */
struct cell {
    int32_t week;
    uint32_t value, name; /* pool ids */
    size_t n, seen;
    double arr, lo, hi;
};

struct pd_att_levels {
    bool count;
    struct pd_arena arena;
    struct pd_strmap ids;
    const char **str; /* id -> string; str[0] NULL */
    size_t nstr, capstr;
    struct ticket *t;
    size_t nt, capt;
    bool week_seen[PD_ATT_WEEKS], covered[PD_ATT_WEEKS];
    const char *label[PD_ATT_WEEKS];
    struct pd_att_fact *facts;
    size_t nfacts, capfacts;
};

struct pd_att_levels *
pd_attention_levels_new(bool count)
{
    struct pd_att_levels *lv = pd_xcalloc(1, sizeof(*lv));

    lv->count = count;
    pd_arena_init(&lv->arena, 0);
    pd_strmap_init(&lv->ids);
    lv->capstr = 64;
    lv->str = pd_xcalloc(lv->capstr, sizeof(*lv->str));
    lv->nstr = 1;
    return lv;
}

void
pd_attention_levels_free(struct pd_att_levels *lv)
{
    if (!lv)
        return;
    pd_arena_release(&lv->arena);
    pd_strmap_release(&lv->ids);
    free(lv->str);
    free(lv->t);
    free(lv->facts);
    free(lv);
}

/* The pool's id of column col of row, 0 for NULL. */
static uint32_t
intern(struct pd_att_levels *lv, const PGresult *row, int col)
{
    const char *s;
    size_t len;
    int64_t id;

    if (PQgetisnull(row, 0, col))
        return 0;
    s = PQgetvalue(row, 0, col);
    len = (size_t)PQgetlength(row, 0, col);
    if (pd_strmap_get(&lv->ids, s, len, &id))
        return (uint32_t)id;
    if (lv->nstr == lv->capstr) {
        lv->capstr *= 2;
        lv->str = pd_xrealloc(lv->str, lv->capstr * sizeof(*lv->str));
    }
    lv->str[lv->nstr] = pd_arena_strndup(&lv->arena, s, len);
    pd_strmap_put(&lv->ids, s, len, (int64_t)lv->nstr);
    return (uint32_t)lv->nstr++;
}

/* The number in column col of row into *out; false when it is not one. */
static bool
number(const PGresult *row, int col, double *out)
{
    const char *s = PQgetvalue(row, 0, col);
    char *end;

    *out = strtod(s, &end);
    return end != s && *end == '\0';
}

static void make_facts(struct pd_att_levels *lv);

int
pd_attention_levels_row(const PGresult *row, void *levels, struct pd_err *err)
{
    struct pd_att_levels *lv = levels;
    struct ticket *t;
    double week;

    if (!row) {
        make_facts(lv);
        return 0;
    }
    if (PQnfields(row) != L_NCOLS)
        return pd_err_set(err, PD_E_DB, "attention levels: %d columns, not %d",
                          PQnfields(row), L_NCOLS);
    if (PQgetisnull(row, 0, L_WEEK) || !number(row, L_WEEK, &week) ||
        week < 0 || week >= PD_ATT_WEEKS || week != floor(week))
        return pd_err_set(err, PD_E_DB, "attention levels: week '%s'",
                          PQgetvalue(row, 0, L_WEEK));
    if (!PQgetisnull(row, 0, L_COVERED)) { /* a week row */
        lv->week_seen[(int)week] = true;
        lv->covered[(int)week] = PQgetvalue(row, 0, L_COVERED)[0] == 't';
        lv->label[(int)week] = lv->str[intern(lv, row, L_LABEL)];
        return 0;
    }
    if (lv->nt == lv->capt) {
        lv->capt = lv->capt ? lv->capt * 2 : 4096;
        lv->t = pd_xrealloc(lv->t, lv->capt * sizeof(*lv->t));
    }
    t = &lv->t[lv->nt];
    t->week = (int32_t)week;
    for (int d = 0; d <= PD_ATT_NDIMS; d++)
        t->id[d] = intern(lv, row, L_DIM0 + d);
    t->arr = NAN;
    if (!PQgetisnull(row, 0, L_ARR) && !number(row, L_ARR, &t->arr))
        return pd_err_set(err, PD_E_DB, "attention levels: ARR '%s'",
                          PQgetvalue(row, 0, L_ARR));
    t->hours = 0;
    /* A median's ticket without hours would silently leave its cells. */
    if (!lv->count && (PQgetisnull(row, 0, L_HOURS) ||
                       !number(row, L_HOURS, &t->hours) || isnan(t->hours)))
        return pd_err_set(err, PD_E_DB, "attention levels: hours '%s'",
                          PQgetvalue(row, 0, L_HOURS));
    lv->nt++;
    return 0;
}

static int
by_hours(const void *a, const void *b)
{
    const struct ticket *x = a, *y = b;

    return (x->hours > y->hours) - (x->hours < y->hours);
}

static struct pd_att_fact *
new_fact(struct pd_att_levels *lv)
{
    if (lv->nfacts == lv->capfacts) {
        lv->capfacts = lv->capfacts ? lv->capfacts * 2 : 256;
        lv->facts = pd_xrealloc(lv->facts, lv->capfacts * sizeof(*lv->facts));
    }
    memset(&lv->facts[lv->nfacts], 0, sizeof(*lv->facts));
    return &lv->facts[lv->nfacts++];
}

/* The cell's value as the server's aggregate has it: the count, or
 * percentile_cont(0.5) in float8 (PostgreSQL's float8_lerp). */
static double
cell_value(const struct pd_att_levels *lv, const struct cell *c)
{
    if (lv->count)
        return (double)c->n;
    if ((c->n - 1) / 2 == c->n / 2)
        return c->lo;
    return c->lo + (0.5 * (c->hi - c->lo));
}

/* max(account_name) of two ids, NULL (0) the least: byte order, as the
 * embedded server's C collation has it (load/cluster.c); another
 * collation could differ only between accounts, and only an account's
 * cell shows its name, every row of which has the same one. */
static uint32_t
greater_name(const struct pd_att_levels *lv, uint32_t a, uint32_t b)
{
    if (a == b || b == 0)
        return a;
    if (a == 0)
        return b;
    return strcmp(lv->str[b], lv->str[a]) > 0 ? b : a;
}

/* The facts of one grouping: dim -1 the week's total, else the cells of
 * dimension dim.  slot[] maps (week, value id) to a cell, -1 if none. */
static void
group(struct pd_att_levels *lv, int dim, int32_t *slot)
{
    struct cell *cell = NULL;
    size_t ncell = 0, cap = 0;

    for (size_t i = 0; i < PD_ATT_WEEKS * lv->nstr; i++)
        slot[i] = -1;
    for (size_t i = 0; i < lv->nt; i++) {
        const struct ticket *t = &lv->t[i];
        uint32_t v = dim < 0 ? 0 : t->id[dim];
        size_t k = (size_t)t->week * lv->nstr + v;
        struct cell *c;

        if (dim == ACCOUNT_DIM && v == 0)
            continue;
        if (slot[k] < 0) {
            if (ncell == cap) {
                cap = cap ? cap * 2 : 64;
                cell = pd_xrealloc(cell, cap * sizeof(*cell));
            }
            slot[k] = (int32_t)ncell;
            cell[ncell++] =
                (struct cell){t->week, v, t->id[PD_ATT_NDIMS], 0, 0, NAN, 0, 0};
        }
        c = &cell[slot[k]];
        c->n++;
        c->name = greater_name(lv, c->name, t->id[PD_ATT_NDIMS]);
        if (!isnan(t->arr) && (isnan(c->arr) || t->arr > c->arr))
            c->arr = t->arr;
    }
    /* The tickets are in the hours' order (make_facts()), so each cell
     * meets its rows sorted: its median's two rows are its
     * ((n - 1) / 2)-th and (n / 2)-th. */
    for (size_t i = 0; !lv->count && i < lv->nt; i++) {
        const struct ticket *t = &lv->t[i];
        uint32_t v = dim < 0 ? 0 : t->id[dim];
        struct cell *c;

        if (dim == ACCOUNT_DIM && v == 0)
            continue;
        c = &cell[slot[(size_t)t->week * lv->nstr + v]];
        if (c->seen == (c->n - 1) / 2)
            c->lo = t->hours;
        if (c->seen == c->n / 2)
            c->hi = t->hours;
        c->seen++;
    }
    for (int w = 0; dim < 0 && w < PD_ATT_WEEKS; w++)
        if (lv->week_seen[w] && slot[(size_t)w * lv->nstr] < 0) {
            struct pd_att_fact *f = new_fact(lv); /* a week without tickets */
            f->week = w;
            f->account_name = "";
            f->arr = -1;
        }
    for (size_t i = 0; i < ncell; i++) {
        struct pd_att_fact *f;

        if (!lv->week_seen[cell[i].week])
            continue; /* the server's join kept the weeks' rows only */
        f = new_fact(lv);
        f->week = cell[i].week;
        if (dim >= 0)
            f->dim[dim] = lv->str[cell[i].value];
        f->account_name = lv->str[cell[i].name] ? lv->str[cell[i].name] : "";
        f->arr = isnan(cell[i].arr) ? -1 : cell[i].arr;
        f->n = (double)cell[i].n;
        f->promoters = cell_value(lv, &cell[i]);
    }
    free(cell);
}

static void
make_facts(struct pd_att_levels *lv)
{
    int32_t *slot = pd_xmalloc(PD_ATT_WEEKS * lv->nstr * sizeof(*slot));

    /* Sorted once, the tickets serve every cell's median, and each pass
     * of group() reads them in memory order. */
    if (!lv->count && lv->nt > 0)
        qsort(lv->t, lv->nt, sizeof(*lv->t), by_hours);
    for (int dim = -1; dim < PD_ATT_NDIMS; dim++)
        group(lv, dim, slot);
    free(slot);
    free(lv->t); /* the facts hold what the report needs */
    lv->t = NULL;
    lv->nt = lv->capt = 0;
}

const struct pd_att_fact *
pd_attention_levels_facts(const struct pd_att_levels *lv, size_t *n,
                          bool covered[PD_ATT_WEEKS],
                          const char *label[PD_ATT_WEEKS])
{
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        covered[w] = lv->covered[w];
        label[w] = lv->label[w];
    }
    *n = lv->nfacts;
    return lv->facts;
}
