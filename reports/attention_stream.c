#include "attention_stream.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/parallel.h"
#include "common/strmap.h"
#include "common/strpool.h"
#include "common/xalloc.h"
#include "reports/row_values.h"

/* The columns of reports/sql/attention_tickets.sql. */
enum {
    S_KIND,
    S_WEEK, /* a week row's */
    S_COVERED,
    S_LABEL,
    S_DIM0, /* product_area .. account_id, PD_ATT_NDIMS of them */
    S_ACCOUNT = S_DIM0 + PD_ATT_NDIMS - 1,
    S_NAME = S_DIM0 + PD_ATT_NDIMS,
    S_ARR,
    S_CREATED, /* the week, then the first reply's time */
    S_REPLY_AT,
    S_SOLVED, /* the week, then the time it was solved */
    S_SOLVED_AT,
    S_BITS,
    S_OPEN_FIRST,
    S_OPEN_LAST,
    S_CREATED_AT, /* the time the hours count from */
    S_NCOLS
};

/* A row's kind (S_KIND). */
enum { KIND_WEEK, KIND_ACCOUNT, KIND_TICKET };

/* The account's dimension: a ticket without an account is in no account
 * cell of a level (the server's HAVING kept none); a NULL of another
 * dimension is a cell as any value (the view coalesces them, so there is
 * none).  The account's cells, from its account row. */
enum {
    ACCOUNT_DIM = S_ACCOUNT - S_DIM0,
    PLAN_DIM = 4,
    NACCOUNT_CELLS = 3 /* plan, segment, region */
};
_Static_assert(PLAN_DIM + NACCOUNT_CELLS == ACCOUNT_DIM,
               "plan, segment and region come just before the account");

/* The dimensions a combination is grouped by: the ticket's own cells and
 * its account; plan, segment, region, name and ARR follow from the
 * account. */
static const int combo_dims[] = {0, 1, 2, 3, ACCOUNT_DIM};
enum { NCOMBO_DIMS = sizeof(combo_dims) / sizeof(combo_dims[0]) };

enum {
    COMBO_OUTS = 1u << PD_ATT_OUT_TICKETS | 1u << PD_ATT_OUT_CSAT |
                 1u << PD_ATT_OUT_REOPEN,
    LEVEL_OUTS = 1u << PD_ATT_OUT_MEDIAN | 1u << PD_ATT_OUT_COUNT
};
_Static_assert(PD_ATT_NAXES *PD_ATT_NOUT <= 32, "PD_ATT_WANT() fits");

/* A ticket on one axis: its strings as ids of the stream's pool (0:
 * NULL), the dimensions' then the account name's. */
struct ticket {
    uint32_t id[PD_ATT_NDIMS + 1];
    int32_t week;
    unsigned bits; /* PD_ATT_RATED ...; 0 but on the solved axis */
    double arr;    /* NAN: none */
    double hours;  /* NAN: none */
};

/* A cell of one week while grouping a level. */
struct cell {
    int32_t week;
    uint32_t value, name; /* pool ids */
    size_t n, seen;
    double arr, lo, hi;
};

/* The tickets of one time axis and the facts made of them. */
struct axis {
    unsigned outs; /* 1u << enum pd_att_out */
    struct ticket *t;
    size_t nt, capt;
    size_t week_rows[PD_ATT_WEEKS]; /* tickets of each week */
    struct pd_att_facts facts[PD_ATT_NOUT];
};

struct pd_att_stream {
    struct pd_strpool pool;
    struct pd_row_accounts accounts;
    bool week_seen[PD_ATT_WEEKS], covered[PD_ATT_WEEKS];
    const char *label[PD_ATT_WEEKS];
    struct axis axis[PD_ATT_NAXES];
};

struct pd_att_stream *
pd_attention_stream_new(unsigned wants)
{
    struct pd_att_stream *s = pd_xcalloc(1, sizeof(*s));

    for (int x = 0; x < PD_ATT_NAXES; x++)
        for (int o = 0; o < PD_ATT_NOUT; o++)
            if (wants & PD_ATT_WANT(x, o))
                s->axis[x].outs |= 1u << o;
    pd_strpool_init(&s->pool);
    return s;
}

void
pd_attention_stream_free(struct pd_att_stream *s)
{
    if (!s)
        return;
    pd_strpool_release(&s->pool);
    pd_row_accounts_release(&s->accounts);
    for (int x = 0; x < PD_ATT_NAXES; x++) {
        free(s->axis[x].t);
        for (int o = 0; o < PD_ATT_NOUT; o++)
            free(s->axis[x].facts[o].f);
    }
    free(s);
}

static void make_facts(struct pd_att_stream *s);

/* An account row: kept until the last row, when its tickets take its
 * cells (make_facts()). */
static int
account_row(struct pd_att_stream *s, const struct pd_db_row *row,
            struct pd_err *err)
{
    static const struct pd_row_account_cols col = {S_ACCOUNT, S_DIM0 + PLAN_DIM,
                                                   S_NAME, S_ARR};
    int rc = pd_row_accounts_add(&s->accounts, &s->pool, row, &col);

    if (rc == -1)
        return pd_err_set(err, PD_E_DB,
                          "attention tickets: an account "
                          "row without an account");
    if (rc < 0)
        return pd_err_set(err, PD_E_DB, "attention tickets: ARR '%s'",
                          PD_ROW_SHOWN(row, S_ARR));
    return 0;
}

static int
week_row(struct pd_att_stream *s, const struct pd_db_row *row,
         struct pd_err *err)
{
    int64_t week;

    if (!pd_row_integer(row, S_WEEK, 0, PD_ATT_WEEKS - 1, &week))
        return pd_err_set(err, PD_E_DB, "attention tickets: week '%s'",
                          PD_ROW_SHOWN(row, S_WEEK));
    s->week_seen[week] = true;
    if (!pd_row_bool(row, S_COVERED, &s->covered[week]))
        return pd_err_set(err, PD_E_DB, "attention tickets: covered '%s'",
                          PD_ROW_SHOWN(row, S_COVERED));
    s->label[week] = s->pool.str[pd_row_text_id(&s->pool, row, S_LABEL)];
    return 0;
}

/* Ticket t (its cells, bits and ARR set) on axis x in week, with hours
 * (NAN: none). */
static void
axis_add(struct axis *x, const struct ticket *t, int32_t week, double hours)
{
    struct ticket *at;

    if (x->nt == x->capt) {
        x->capt = x->capt ? x->capt * 2 : 4096;
        x->t = pd_xrealloc(x->t, x->capt * sizeof(*x->t));
    }
    at = &x->t[x->nt++];
    *at = *t;
    at->week = week;
    at->hours = hours;
    x->week_rows[week]++;
}

/* Column col as a week on an axis into *week, -1 for NULL (not on it). */
static bool
axis_week(const struct pd_db_row *row, int col, int64_t *week)
{
    *week = -1;
    return pd_db_row_isnull(row, col) ||
           pd_row_integer(row, col, 0, PD_ATT_WEEKS - 1, week);
}

/* The hours from created (microseconds since 2000, as every time here)
 * to the time in column col into *hours, NAN without one: the
 * microseconds between them / 1e6 / 3600 in double, the value
 * extract(epoch FROM at - created_at)::float8 / 3600 has (the nearest
 * double of the exact seconds, then the same division) for spans under
 * 2^53 microseconds (285 years; a longer one is within a unit in the
 * last place of it). */
static int
hours_to(const struct pd_db_row *row, int col, int64_t created, double *hours,
         struct pd_err *err)
{
    int64_t at, span;

    *hours = NAN;
    if (pd_db_row_isnull(row, col))
        return 0;
    if (!pd_row_micros(row, col, &at) ||
        __builtin_sub_overflow(at, created, &span))
        return pd_err_set(err, PD_E_DB,
                          "attention tickets: column %d is not a time "
                          "after the ticket's creation",
                          col);
    *hours = (double)span / 1e6 / 3600;
    return 0;
}

static int
ticket_row(struct pd_att_stream *s, const struct pd_db_row *row,
           struct pd_err *err)
{
    struct ticket t = {.arr = NAN}; /* the ARR: its account's, make_facts() */
    int64_t created, solved, bits = 0, open_first, open_last, created_at;
    double reply, resolution;

    if (!axis_week(row, S_CREATED, &created) ||
        !axis_week(row, S_SOLVED, &solved))
        return pd_err_set(err, PD_E_DB, "attention tickets: weeks '%s' '%s'",
                          PD_ROW_SHOWN(row, S_CREATED),
                          PD_ROW_SHOWN(row, S_SOLVED));
    if (!pd_row_micros(row, S_CREATED_AT, &created_at))
        return pd_err_set(err, PD_E_DB,
                          "attention tickets: a ticket without its creation");
    if (hours_to(row, S_REPLY_AT, created_at, &reply, err) < 0 ||
        hours_to(row, S_SOLVED_AT, created_at, &resolution, err) < 0)
        return -1;
    if (!pd_db_row_isnull(row, S_BITS) &&
        !pd_row_integer(row, S_BITS, 0, 15, &bits))
        return pd_err_set(err, PD_E_DB, "attention tickets: bits '%s'",
                          PD_ROW_SHOWN(row, S_BITS));
    /* The run of open weeks: 14 - (ends <= solved) to 13 - (ends <=
     * created); empty when the first is after the last. */
    if (!pd_row_integer(row, S_OPEN_FIRST, 0, PD_ATT_WEEKS, &open_first) ||
        !pd_row_integer(row, S_OPEN_LAST, -1, PD_ATT_WEEKS - 1, &open_last))
        return pd_err_set(
            err, PD_E_DB, "attention tickets: open weeks '%s' '%s'",
            PD_ROW_SHOWN(row, S_OPEN_FIRST), PD_ROW_SHOWN(row, S_OPEN_LAST));
    for (int d = 0; d < PD_ATT_NDIMS; d++)
        t.id[d] = pd_row_text_id(&s->pool, row, S_DIM0 + d);
    if (created >= 0)
        axis_add(&s->axis[PD_ATT_AXIS_CREATED], &t, (int32_t)created, reply);
    t.bits = (unsigned)bits;
    if (solved >= 0)
        axis_add(&s->axis[PD_ATT_AXIS_SOLVED], &t, (int32_t)solved, resolution);
    t.bits = 0;
    for (int64_t w = open_first; w <= open_last; w++)
        axis_add(&s->axis[PD_ATT_AXIS_OPEN], &t, (int32_t)w, NAN);
    return 0;
}

int
pd_attention_stream_row(const struct pd_db_row *row, void *stream,
                        struct pd_err *err)
{
    struct pd_att_stream *s = stream;
    int64_t kind;

    if (!row) {
        make_facts(s);
        return 0;
    }
    if (PQnfields(row->res) != S_NCOLS)
        return pd_err_set(err, PD_E_DB, "attention tickets: %d columns, not %d",
                          PQnfields(row->res), S_NCOLS);
    if (!pd_row_integer(row, S_KIND, KIND_WEEK, KIND_TICKET, &kind))
        return pd_err_set(err, PD_E_DB, "attention tickets: kind '%s'",
                          PD_ROW_SHOWN(row, S_KIND));
    if (kind == KIND_WEEK)
        return week_row(s, row, err);
    if (kind == KIND_ACCOUNT)
        return account_row(s, row, err);
    return ticket_row(s, row, err);
}

/* ---- combinations ------------------------------------------------------ */

/* One week and combination of cells: its first ticket (whose cells and
 * account it shows) and what each rate counts of its tickets. */
struct combination {
    const struct ticket *first;
    size_t n, rated, good, reported, reopened;
};

static bool
same_combination(const struct ticket *x, const struct ticket *y)
{
    if (x->week != y->week)
        return false;
    for (size_t i = 0; i < NCOMBO_DIMS; i++)
        if (x->id[combo_dims[i]] != y->id[combo_dims[i]])
            return false;
    return true;
}

static uint64_t
combination_hash(const struct ticket *t)
{
    uint32_t key[1 + NCOMBO_DIMS];

    key[0] = (uint32_t)t->week;
    for (size_t i = 0; i < NCOMBO_DIMS; i++)
        key[1 + i] = t->id[combo_dims[i]];
    return pd_strmap_hash((const char *)key, sizeof(key));
}

/* The week's total of a week without a fact of out: n 0, every dimension
 * NULL, as the server's left join of the weeks gave. */
static void
empty_weeks(const struct pd_att_stream *s, struct axis *x, enum pd_att_out out,
            const bool has_fact[PD_ATT_WEEKS])
{
    for (int w = 0; w < PD_ATT_WEEKS; w++)
        if (s->week_seen[w] && !has_fact[w])
            pd_att_facts_add(&x->facts[out], w);
}

/* c as the fact of out, when out counts any of its tickets. */
static void
combination_fact(const struct pd_att_stream *s, struct axis *x,
                 enum pd_att_out out, const struct combination *c,
                 bool has_fact[PD_ATT_WEEKS])
{
    const struct ticket *t = c->first;
    size_t n = out == PD_ATT_OUT_CSAT     ? c->rated
               : out == PD_ATT_OUT_REOPEN ? c->reported
                                          : c->n;
    struct pd_att_fact *f;

    if (n == 0)
        return;
    f = pd_att_facts_add(&x->facts[out], t->week);
    for (int d = 0; d < PD_ATT_NDIMS; d++)
        f->dim[d] = s->pool.str[t->id[d]];
    if (s->pool.str[t->id[PD_ATT_NDIMS]])
        f->account_name = s->pool.str[t->id[PD_ATT_NDIMS]];
    f->arr = isnan(t->arr) ? -1 : t->arr;
    f->n = (double)n;
    f->promoters = out == PD_ATT_OUT_CSAT     ? (double)c->good
                   : out == PD_ATT_OUT_REOPEN ? (double)c->reopened
                                              : 0;
    has_fact[t->week] = true;
}

/* The combination facts of every output asked for of axis x: its
 * tickets grouped by week and combination in one pass (open addressing;
 * a sort of the 64-byte rows was a tenth of the report's client CPU). */
static void
make_combinations(const struct pd_att_stream *s, struct axis *x)
{
    size_t size = 16, ncomb = 0;
    uint32_t *slot; /* combination's index + 1, 0 = empty */
    struct combination *comb;
    bool has_fact[PD_ATT_NOUT][PD_ATT_WEEKS] = {{false}};

    while (size < 2 * x->nt)
        size *= 2;
    slot = pd_xcalloc(size, sizeof(*slot));
    comb = pd_xmalloc((x->nt ? x->nt : 1) * sizeof(*comb));
    for (size_t i = 0; i < x->nt; i++) {
        const struct ticket *t = &x->t[i];
        size_t h = (size_t)combination_hash(t) & (size - 1);
        struct combination *c;

        /* The server's join kept the weeks' rows only. */
        if (!s->week_seen[t->week])
            continue;
        while (slot[h] && !same_combination(comb[slot[h] - 1].first, t))
            h = (h + 1) & (size - 1);
        if (!slot[h]) {
            comb[ncomb] = (struct combination){.first = t};
            slot[h] = (uint32_t)++ncomb;
        }
        c = &comb[slot[h] - 1];
        c->n++;
        c->rated += (t->bits & PD_ATT_RATED) != 0;
        c->good += (t->bits & (PD_ATT_RATED | PD_ATT_GOOD)) ==
                   (PD_ATT_RATED | PD_ATT_GOOD);
        c->reported += (t->bits & PD_ATT_REPORTED) != 0;
        c->reopened += (t->bits & (PD_ATT_REPORTED | PD_ATT_REOPENED)) ==
                       (PD_ATT_REPORTED | PD_ATT_REOPENED);
    }
    for (int out = 0; out < PD_ATT_NOUT; out++) {
        if (!(x->outs & COMBO_OUTS & 1u << out))
            continue;
        for (size_t i = 0; i < ncomb; i++)
            combination_fact(s, x, (enum pd_att_out)out, &comb[i],
                             has_fact[out]);
        empty_weeks(s, x, (enum pd_att_out)out, has_fact[out]);
    }
    free(slot);
    free(comb);
}

/* ---- levels ------------------------------------------------------------ */

/* A ticket with hours, as sorted: the 64-byte rows themselves took
 * several times as long to sort. */
struct by_hours_key {
    double hours;
    size_t i; /* in pd_att_stream.t */
};

/* The hours as an unsigned integer of the same order (IEEE 754: the sign
 * bit flipped for a positive number, every bit for a negative one). */
static uint64_t
order_bits(double hours)
{
    uint64_t b;

    memcpy(&b, &hours, sizeof(b));
    return b >> 63 ? ~b : b | (uint64_t)1 << 63;
}

/* key[0..n) by hours, stably: a radix sort of order_bits(), a byte a pass
 * (glibc's qsort of the 570 k tickets of a report week's axis was a
 * tenth of the report's client CPU, issue 15).  No hours is NaN. */
static void
sort_by_hours(struct by_hours_key *key, size_t n)
{
    struct by_hours_key *tmp = pd_xmalloc((n ? n : 1) * sizeof(*tmp));

    for (int shift = 0; shift < 64; shift += 8) {
        size_t at[257] = {0};

        for (size_t i = 0; i < n; i++)
            at[1 + (order_bits(key[i].hours) >> shift & 0xff)]++;
        if (n == 0 || at[1 + (order_bits(key[0].hours) >> shift & 0xff)] == n)
            continue; /* every key has the same byte here */
        for (int d = 0; d < 256; d++)
            at[d + 1] += at[d];
        for (size_t i = 0; i < n; i++)
            tmp[at[order_bits(key[i].hours) >> shift & 0xff]++] = key[i];
        memcpy(key, tmp, n * sizeof(*key));
    }
    free(tmp);
}

/* The tickets of axis x with hours in the hours' order, a new array,
 * their count in *n. */
static struct ticket *
sorted_by_hours(const struct axis *x, size_t *n)
{
    struct by_hours_key *key = pd_xmalloc((x->nt ? x->nt : 1) * sizeof(*key));
    struct ticket *t;
    size_t k = 0;

    for (size_t i = 0; i < x->nt; i++)
        if (!isnan(x->t[i].hours))
            key[k++] = (struct by_hours_key){x->t[i].hours, i};
    sort_by_hours(key, k);
    t = pd_xmalloc((k ? k : 1) * sizeof(*t));
    for (size_t i = 0; i < k; i++)
        t[i] = x->t[key[i].i];
    free(key);
    *n = k;
    return t;
}

/* The cell's value as the server's aggregate has it: the count, or
 * percentile_cont(0.5) in float8 (PostgreSQL's float8_lerp). */
static double
cell_value(enum pd_att_out out, const struct cell *c)
{
    if (out == PD_ATT_OUT_COUNT)
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
greater_name(const struct pd_att_stream *s, uint32_t a, uint32_t b)
{
    if (a == b || b == 0)
        return a;
    if (a == 0)
        return b;
    return strcmp(s->pool.str[b], s->pool.str[a]) > 0 ? b : a;
}

/* The groupings of a level: the week's total (0), then each dimension's
 * cells (1 + the dimension). */
enum { NGROUPINGS = 1 + PD_ATT_NDIMS };

/* The cells of one grouping, and where each (week, value id) is. */
struct grouping {
    struct cell *cell;
    size_t n, cap;
    int32_t *slot; /* PD_ATT_WEEKS * the pool's ids, -1: no cell */
};

/* Grouping g's value of ticket t (pool id; 0 for the total), false when
 * t is in no cell of it. */
static bool
grouping_value(int g, const struct ticket *t, uint32_t *v)
{
    int dim = g - 1;

    *v = dim < 0 ? 0 : t->id[dim];
    return !(dim == ACCOUNT_DIM && *v == 0);
}

/* The facts of out of axis x for the tickets tk[0..nt) (in the hours'
 * order for a median): the week's total and the cells of every
 * dimension, all in one pass over the tickets (a pass per grouping read
 * each axis' tickets 18 times, most of the facts' making).  The facts
 * come in no particular order: the families sort them (by_cell() in
 * attention_facts.c). */
static void
group(const struct pd_att_stream *s, struct axis *x, enum pd_att_out out,
      const struct ticket *tk, size_t nt)
{
    size_t width = PD_ATT_WEEKS * s->pool.n;
    struct grouping g[NGROUPINGS];

    for (int k = 0; k < NGROUPINGS; k++) {
        g[k] =
            (struct grouping){NULL, 0, 0, pd_xmalloc(width * sizeof(int32_t))};
        memset(g[k].slot, 0xff, width * sizeof(int32_t)); /* -1 */
    }
    for (size_t i = 0; i < nt; i++) {
        const struct ticket *t = &tk[i];

        for (int k = 0; k < NGROUPINGS; k++) {
            struct grouping *gr = &g[k];
            size_t at;
            uint32_t v;
            struct cell *c;

            if (!grouping_value(k, t, &v))
                continue;
            at = (size_t)t->week * s->pool.n + v;
            if (gr->slot[at] < 0) {
                if (gr->n == gr->cap) {
                    gr->cap = gr->cap ? gr->cap * 2 : 64;
                    gr->cell = pd_xrealloc(gr->cell, gr->cap * sizeof(*c));
                }
                gr->slot[at] = (int32_t)gr->n;
                gr->cell[gr->n++] = (struct cell){
                    t->week, v, t->id[PD_ATT_NDIMS], 0, 0, NAN, 0, 0};
            }
            c = &gr->cell[gr->slot[at]];
            c->n++;
            c->name = greater_name(s, c->name, t->id[PD_ATT_NDIMS]);
            if (!isnan(t->arr) && (isnan(c->arr) || t->arr > c->arr))
                c->arr = t->arr;
        }
    }
    /* The tickets are in the hours' order (sorted_by_hours()), so each cell
     * meets its rows sorted: its median's two rows are its
     * ((n - 1) / 2)-th and (n / 2)-th. */
    for (size_t i = 0; out == PD_ATT_OUT_MEDIAN && i < nt; i++) {
        const struct ticket *t = &tk[i];

        for (int k = 0; k < NGROUPINGS; k++) {
            uint32_t v;
            struct cell *c;

            if (!grouping_value(k, t, &v))
                continue;
            c = &g[k].cell[g[k].slot[(size_t)t->week * s->pool.n + v]];
            if (c->seen == (c->n - 1) / 2)
                c->lo = t->hours;
            if (c->seen == c->n / 2)
                c->hi = t->hours;
            c->seen++;
        }
    }
    for (int w = 0; w < PD_ATT_WEEKS; w++)
        if (s->week_seen[w] && g[0].slot[(size_t)w * s->pool.n] < 0)
            pd_att_facts_add(&x->facts[out], w); /* a week without tickets */
    for (int k = 0; k < NGROUPINGS; k++) {
        for (size_t i = 0; i < g[k].n; i++) {
            const struct cell *c = &g[k].cell[i];
            struct pd_att_fact *f;

            if (!s->week_seen[c->week])
                continue; /* the server's join kept the weeks' rows only */
            f = pd_att_facts_add(&x->facts[out], c->week);
            if (k > 0)
                f->dim[k - 1] = s->pool.str[c->value];
            if (s->pool.str[c->name])
                f->account_name = s->pool.str[c->name];
            f->arr = isnan(c->arr) ? -1 : c->arr;
            f->n = (double)c->n;
            f->promoters = cell_value(out, c);
        }
        free(g[k].cell);
        free(g[k].slot);
    }
}

/* The level facts of every output asked for of axis x. */
static void
make_levels(const struct pd_att_stream *s, struct axis *x)
{
    /* Sorted once, the tickets serve every cell's median. */
    if (x->outs & 1u << PD_ATT_OUT_MEDIAN) {
        size_t n;
        struct ticket *t = sorted_by_hours(x, &n);

        group(s, x, PD_ATT_OUT_MEDIAN, t, n);
        free(t);
    }
    if (x->outs & 1u << PD_ATT_OUT_COUNT)
        group(s, x, PD_ATT_OUT_COUNT, x->t, x->nt);
}

/* Each ticket's plan, segment, region, name and ARR on axis x: its
 * account's, as the view's left join of the accounts gave them ('unknown'
 * cells, the account's id for its name when the account is not known;
 * 'unknown' too without an account); of_id from
 * pd_row_accounts_index(), unknown the pool's id of 'unknown'. */
static void
resolve_accounts(const struct pd_att_stream *s, struct axis *x,
                 const int32_t *of_id, uint32_t unknown)
{
    for (size_t i = 0; i < x->nt; i++) {
        struct ticket *t = &x->t[i];
        uint32_t id = t->id[ACCOUNT_DIM];
        const struct pd_row_account *a =
            id && of_id[id] >= 0 ? &s->accounts.a[of_id[id]] : NULL;

        for (int c = 0; c < NACCOUNT_CELLS; c++)
            t->id[PLAN_DIM + c] = a ? a->cell[c] : unknown;
        t->id[PD_ATT_NDIMS] = a ? a->name : id ? id : unknown;
        t->arr = a ? a->arr : NAN;
    }
}

/* What make_facts() shares with the axes' pieces of work. */
struct axes_job {
    struct pd_att_stream *s;
    const int32_t *of_id;
    uint32_t unknown;
};

/* Axis i's facts (a pd_parallel_for() piece). */
static void
axis_facts(void *arg, size_t i)
{
    const struct axes_job *j = arg;
    struct axis *x = &j->s->axis[i];

    resolve_accounts(j->s, x, j->of_id, j->unknown);
    if (x->outs & COMBO_OUTS)
        make_combinations(j->s, x);
    if (x->outs & LEVEL_OUTS)
        make_levels(j->s, x);
    free(x->t); /* the facts hold what the report needs */
    x->t = NULL;
    x->nt = x->capt = 0;
}

/* Every axis' facts, on both cores: the created and solved axes take
 * about as long, the open one a tenth of that; one after another they
 * were the report's last 0.7 s with a core idle (issue 15).  Each axis
 * writes only its own; the pool, the accounts and the weeks are only
 * read. */
static void
make_facts(struct pd_att_stream *s)
{
    /* Before the pieces: pd_strpool_id() may add to the pool. */
    struct axes_job j = {s, NULL,
                         pd_strpool_id(&s->pool, "unknown", strlen("unknown"))};
    int32_t *of_id = pd_row_accounts_index(&s->accounts, s->pool.n);

    j.of_id = of_id;
    pd_parallel_for(PD_ATT_NAXES, axis_facts, &j);
    free(of_id);
}

size_t
pd_attention_stream_week_rows(const struct pd_att_stream *s,
                              enum pd_att_axis axis, int week)
{
    return s->axis[axis].week_rows[week];
}

const struct pd_att_fact *
pd_attention_stream_facts(const struct pd_att_stream *s, enum pd_att_axis axis,
                          enum pd_att_out out, size_t *n,
                          bool covered[PD_ATT_WEEKS],
                          const char *label[PD_ATT_WEEKS])
{
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        covered[w] = s->covered[w];
        label[w] = s->label[w];
    }
    *n = s->axis[axis].facts[out].n;
    return s->axis[axis].facts[out].f;
}
