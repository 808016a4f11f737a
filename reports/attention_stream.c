#include "attention_stream.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strmap.h"
#include "common/strpool.h"
#include "common/xalloc.h"
#include "reports/row_values.h"

/* The columns of reports/sql/attention_tickets.sql. */
enum {
    S_WEEK,
    S_COVERED, /* NULL on a ticket row */
    S_LABEL,
    S_DIM0, /* product_area .. account_id, PD_ATT_NDIMS of them */
    S_ACCOUNT = S_DIM0 + PD_ATT_NDIMS - 1,
    S_NAME = S_DIM0 + PD_ATT_NDIMS,
    S_ARR,
    S_HOURS,
    S_BITS,
    S_NCOLS
};

/* The account's dimension: a ticket without an account is in no account
 * cell of a level (the server's HAVING kept none); a NULL of another
 * dimension is a cell as any value (the view coalesces them, so there is
 * none).  The account's cells, from its account row (week -1). */
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

/* A ticket row: its strings as ids of the stream's pool (0: NULL), the
 * dimensions' then the account name's. */
struct ticket {
    uint32_t id[PD_ATT_NDIMS + 1];
    int32_t week;
    unsigned bits; /* PD_ATT_RATED ... */
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

struct pd_att_stream {
    unsigned outs;
    struct pd_strpool pool;
    struct ticket *t;
    size_t nt, capt;
    struct pd_row_accounts accounts;
    size_t week_rows[PD_ATT_WEEKS]; /* ticket rows of each week */
    bool week_seen[PD_ATT_WEEKS], covered[PD_ATT_WEEKS];
    const char *label[PD_ATT_WEEKS];
    struct pd_att_facts facts[PD_ATT_NOUT];
};

struct pd_att_stream *
pd_attention_stream_new(unsigned outs)
{
    struct pd_att_stream *s = pd_xcalloc(1, sizeof(*s));

    s->outs = outs;
    pd_strpool_init(&s->pool);
    return s;
}

void
pd_attention_stream_free(struct pd_att_stream *s)
{
    if (!s)
        return;
    pd_strpool_release(&s->pool);
    free(s->t);
    pd_row_accounts_release(&s->accounts);
    for (int o = 0; o < PD_ATT_NOUT; o++)
        free(s->facts[o].f);
    free(s);
}

static void make_facts(struct pd_att_stream *s);

/* An account row: kept until the last row, when its tickets take its
 * cells (make_facts()). */
static int
account_row(struct pd_att_stream *s, const PGresult *row, struct pd_err *err)
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
                          PQgetvalue(row, 0, S_ARR));
    return 0;
}

int
pd_attention_stream_row(const PGresult *row, void *stream, struct pd_err *err)
{
    struct pd_att_stream *s = stream;
    struct ticket *t;
    double week, bits;

    if (!row) {
        make_facts(s);
        return 0;
    }
    if (PQnfields(row) != S_NCOLS)
        return pd_err_set(err, PD_E_DB, "attention tickets: %d columns, not %d",
                          PQnfields(row), S_NCOLS);
    if (PQgetisnull(row, 0, S_WEEK) || !pd_row_number(row, S_WEEK, &week) ||
        week < -1 || week >= PD_ATT_WEEKS || week != floor(week))
        return pd_err_set(err, PD_E_DB, "attention tickets: week '%s'",
                          PQgetvalue(row, 0, S_WEEK));
    if (!PQgetisnull(row, 0, S_COVERED)) { /* a week row */
        if (week < 0)
            return pd_err_set(err, PD_E_DB, "attention tickets: week -1");
        s->week_seen[(int)week] = true;
        s->covered[(int)week] = PQgetvalue(row, 0, S_COVERED)[0] == 't';
        s->label[(int)week] =
            s->pool.str[pd_row_text_id(&s->pool, row, S_LABEL)];
        return 0;
    }
    if (week < 0)
        return account_row(s, row, err);
    if (s->nt == s->capt) {
        s->capt = s->capt ? s->capt * 2 : 4096;
        s->t = pd_xrealloc(s->t, s->capt * sizeof(*s->t));
    }
    t = &s->t[s->nt];
    t->week = (int32_t)week;
    for (int d = 0; d <= PD_ATT_NDIMS; d++)
        t->id[d] = pd_row_text_id(&s->pool, row, S_DIM0 + d);
    t->arr = NAN; /* its account's, from make_facts() */
    if (!pd_row_number(row, S_HOURS, &t->hours))
        return pd_err_set(err, PD_E_DB, "attention tickets: hours '%s'",
                          PQgetvalue(row, 0, S_HOURS));
    if (!pd_row_number(row, S_BITS, &bits) ||
        (!isnan(bits) && (bits < 0 || bits > 15 || bits != floor(bits))))
        return pd_err_set(err, PD_E_DB, "attention tickets: bits '%s'",
                          PQgetvalue(row, 0, S_BITS));
    t->bits = isnan(bits) ? 0 : (unsigned)bits;
    s->week_rows[t->week]++;
    s->nt++;
    return 0;
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
empty_weeks(struct pd_att_stream *s, enum pd_att_out out,
            const bool has_fact[PD_ATT_WEEKS])
{
    for (int w = 0; w < PD_ATT_WEEKS; w++)
        if (s->week_seen[w] && !has_fact[w])
            pd_att_facts_add(&s->facts[out], w);
}

/* c as the fact of out, when out counts any of its tickets. */
static void
combination_fact(struct pd_att_stream *s, enum pd_att_out out,
                 const struct combination *c, bool has_fact[PD_ATT_WEEKS])
{
    const struct ticket *t = c->first;
    size_t n = out == PD_ATT_OUT_CSAT     ? c->rated
               : out == PD_ATT_OUT_REOPEN ? c->reported
                                          : c->n;
    struct pd_att_fact *f;

    if (n == 0)
        return;
    f = pd_att_facts_add(&s->facts[out], t->week);
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

/* The combination facts of every output asked for: the tickets grouped
 * by week and combination in one pass (open addressing; a sort of the
 * 64-byte rows was a tenth of the report's client CPU). */
static void
make_combinations(struct pd_att_stream *s)
{
    size_t size = 16, ncomb = 0;
    uint32_t *slot; /* combination's index + 1, 0 = empty */
    struct combination *comb;
    bool has_fact[PD_ATT_NOUT][PD_ATT_WEEKS] = {{false}};

    while (size < 2 * s->nt)
        size *= 2;
    slot = pd_xcalloc(size, sizeof(*slot));
    comb = pd_xmalloc((s->nt ? s->nt : 1) * sizeof(*comb));
    for (size_t i = 0; i < s->nt; i++) {
        const struct ticket *t = &s->t[i];
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
        if (!(s->outs & COMBO_OUTS & 1u << out))
            continue;
        for (size_t i = 0; i < ncomb; i++)
            combination_fact(s, (enum pd_att_out)out, &comb[i], has_fact[out]);
        empty_weeks(s, (enum pd_att_out)out, has_fact[out]);
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

/* The tickets with hours in the hours' order, a new array, their count
 * in *n. */
static struct ticket *
sorted_by_hours(const struct pd_att_stream *s, size_t *n)
{
    struct by_hours_key *key = pd_xmalloc((s->nt ? s->nt : 1) * sizeof(*key));
    struct ticket *t;
    size_t k = 0;

    for (size_t i = 0; i < s->nt; i++)
        if (!isnan(s->t[i].hours))
            key[k++] = (struct by_hours_key){s->t[i].hours, i};
    sort_by_hours(key, k);
    t = pd_xmalloc((k ? k : 1) * sizeof(*t));
    for (size_t i = 0; i < k; i++)
        t[i] = s->t[key[i].i];
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

/* The facts of out for one grouping of the tickets t[0..nt) (in the
 * hours' order for a median): dim -1 the week's total, else the cells of
 * dimension dim.  slot[] maps (week, value id) to a cell, -1 if none. */
static void
group(struct pd_att_stream *s, enum pd_att_out out, const struct ticket *tk,
      size_t nt, int dim, int32_t *slot)
{
    struct cell *cell = NULL;
    size_t ncell = 0, cap = 0;

    for (size_t i = 0; i < PD_ATT_WEEKS * s->pool.n; i++)
        slot[i] = -1;
    for (size_t i = 0; i < nt; i++) {
        const struct ticket *t = &tk[i];
        uint32_t v = dim < 0 ? 0 : t->id[dim];
        size_t k = (size_t)t->week * s->pool.n + v;
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
        c->name = greater_name(s, c->name, t->id[PD_ATT_NDIMS]);
        if (!isnan(t->arr) && (isnan(c->arr) || t->arr > c->arr))
            c->arr = t->arr;
    }
    /* The tickets are in the hours' order (sorted_by_hours()), so each cell
     * meets its rows sorted: its median's two rows are its
     * ((n - 1) / 2)-th and (n / 2)-th. */
    for (size_t i = 0; out == PD_ATT_OUT_MEDIAN && i < nt; i++) {
        const struct ticket *t = &tk[i];
        uint32_t v = dim < 0 ? 0 : t->id[dim];
        struct cell *c;

        if (dim == ACCOUNT_DIM && v == 0)
            continue;
        c = &cell[slot[(size_t)t->week * s->pool.n + v]];
        if (c->seen == (c->n - 1) / 2)
            c->lo = t->hours;
        if (c->seen == c->n / 2)
            c->hi = t->hours;
        c->seen++;
    }
    for (int w = 0; dim < 0 && w < PD_ATT_WEEKS; w++)
        if (s->week_seen[w] && slot[(size_t)w * s->pool.n] < 0)
            pd_att_facts_add(&s->facts[out], w); /* a week without tickets */
    for (size_t i = 0; i < ncell; i++) {
        struct pd_att_fact *f;

        if (!s->week_seen[cell[i].week])
            continue; /* the server's join kept the weeks' rows only */
        f = pd_att_facts_add(&s->facts[out], cell[i].week);
        if (dim >= 0)
            f->dim[dim] = s->pool.str[cell[i].value];
        if (s->pool.str[cell[i].name])
            f->account_name = s->pool.str[cell[i].name];
        f->arr = isnan(cell[i].arr) ? -1 : cell[i].arr;
        f->n = (double)cell[i].n;
        f->promoters = cell_value(out, &cell[i]);
    }
    free(cell);
}

/* The level facts of every output asked for. */
static void
make_levels(struct pd_att_stream *s)
{
    int32_t *slot = pd_xmalloc(PD_ATT_WEEKS * s->pool.n * sizeof(*slot));

    /* Sorted once, the tickets serve every cell's median, and each pass
     * of group() reads them in memory order. */
    if (s->outs & 1u << PD_ATT_OUT_MEDIAN) {
        size_t n;
        struct ticket *t = sorted_by_hours(s, &n);

        for (int dim = -1; dim < PD_ATT_NDIMS; dim++)
            group(s, PD_ATT_OUT_MEDIAN, t, n, dim, slot);
        free(t);
    }
    for (int dim = -1; s->outs & 1u << PD_ATT_OUT_COUNT && dim < PD_ATT_NDIMS;
         dim++)
        group(s, PD_ATT_OUT_COUNT, s->t, s->nt, dim, slot);
    free(slot);
}

/* Each ticket's plan, segment, region, name and ARR: its account's, as
 * the view's left join of the accounts gave them ('unknown' cells, the
 * account's id for its name when the account is not known; 'unknown'
 * too without an account). */
static void
resolve_accounts(struct pd_att_stream *s)
{
    uint32_t unknown = pd_strpool_id(&s->pool, "unknown", strlen("unknown"));
    int32_t *of_id = pd_row_accounts_index(&s->accounts, s->pool.n);
    for (size_t i = 0; i < s->nt; i++) {
        struct ticket *t = &s->t[i];
        uint32_t id = t->id[ACCOUNT_DIM];
        const struct pd_row_account *a =
            id && of_id[id] >= 0 ? &s->accounts.a[of_id[id]] : NULL;

        for (int c = 0; c < NACCOUNT_CELLS; c++)
            t->id[PLAN_DIM + c] = a ? a->cell[c] : unknown;
        t->id[PD_ATT_NDIMS] = a ? a->name : id ? id : unknown;
        t->arr = a ? a->arr : NAN;
    }
    free(of_id);
}

static void
make_facts(struct pd_att_stream *s)
{
    resolve_accounts(s);
    if (s->outs & COMBO_OUTS)
        make_combinations(s);
    if (s->outs & LEVEL_OUTS)
        make_levels(s);
    free(s->t); /* the facts hold what the report needs */
    s->t = NULL;
    s->nt = s->capt = 0;
}

size_t
pd_attention_stream_week_rows(const struct pd_att_stream *s, int week)
{
    return s->week_rows[week];
}

const struct pd_att_fact *
pd_attention_stream_facts(const struct pd_att_stream *s, enum pd_att_out out,
                          size_t *n, bool covered[PD_ATT_WEEKS],
                          const char *label[PD_ATT_WEEKS])
{
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        covered[w] = s->covered[w];
        label[w] = s->label[w];
    }
    *n = s->facts[out].n;
    return s->facts[out].f;
}
