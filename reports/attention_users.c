#include "attention_users.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strmap.h"
#include "common/strpool.h"
#include "common/xalloc.h"
#include "reports/row_values.h"

/* The columns of reports/sql/attention_users.sql. */
enum {
    U_KIND,
    U_WEEK,
    U_ID,   /* person_id, or an event name's name_id */
    U_NAME, /* an event's name_id */
    U_TEXT, /* label, account id or event name */
    U_FLAG, /* covered, or ignored */
    U_PLAN, /* an account's cells, name and ARR */
    U_SEGMENT,
    U_REGION,
    U_ACCOUNT_NAME,
    U_ARR,
    U_NCOLS
};

enum { K_WEEK, K_ACCOUNT, K_EVENT_NAME, K_USER, K_EVENT, NKINDS };

/* The dimensions of a fact (attention_facts.c's families). */
enum { D_EVENT = 0, D_PLAN = 4, D_ACCOUNT = 7, NCELL_DIMS = 3 };

struct event_name {
    int64_t id;
    uint32_t text; /* pool id */
    bool ignored;
};

/* An active user of a week: (week, person) is its key. */
struct user {
    int32_t person;
    int8_t week;      /* -1: an empty slot */
    uint32_t account; /* pool id, 0: none */
    uint32_t cell;    /* its cell's index, once the rows ended */
};

/* A user's events of one week, each once: (person, name id) as one key,
 * (uint32_t)person << 32 | (uint32_t)name.  One set a week: the rows come
 * day by day, so the set being filled stays in the cache (one set of all
 * 14 weeks, 24 MB at the bench warehouse, missed it on most rows). */
#define EMPTY UINT64_MAX

/* Open addressing, at most half full; a power-of-two size. */
struct users_table {
    struct user *slot;
    size_t size, n;
};

struct uses_table {
    uint64_t *slot; /* EMPTY: none */
    size_t size, n;
    bool has_empty_key; /* the one key equal to EMPTY is in the set */
};

struct pd_att_users {
    unsigned outs;
    struct pd_strpool pool;
    struct pd_row_accounts accounts;
    struct event_name *names;
    size_t nnames, capnames;
    struct users_table users;
    size_t active[PD_ATT_WEEKS]; /* active users of each week */
    struct uses_table uses[PD_ATT_WEEKS];
    bool week_seen[PD_ATT_WEEKS], covered[PD_ATT_WEEKS];
    const char *label[PD_ATT_WEEKS];
    struct pd_att_facts facts[PD_ATT_USERS_NOUT];
};

static uint64_t
mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

static uint64_t
user_hash(int week, int32_t person)
{
    return mix((uint64_t)(uint32_t)person << 8 | (uint8_t)week);
}

static uint64_t
use_key(int32_t person, int32_t name)
{
    return (uint64_t)(uint32_t)person << 32 | (uint32_t)name;
}

static void
users_grow(struct users_table *t)
{
    struct users_table old = *t;

    t->size = old.size ? old.size * 2 : 1024;
    t->slot = pd_xmalloc(t->size * sizeof(*t->slot));
    for (size_t i = 0; i < t->size; i++)
        t->slot[i] = (struct user){0, -1, 0, 0};
    t->n = 0;
    for (size_t i = 0; i < old.size; i++)
        if (old.slot[i].week >= 0) {
            size_t h =
                user_hash(old.slot[i].week, old.slot[i].person) & (t->size - 1);

            while (t->slot[h].week >= 0)
                h = (h + 1) & (t->size - 1);
            t->slot[h] = old.slot[i];
            t->n++;
        }
    free(old.slot);
}

/* The slot of (week, person): its user, or the empty slot where it goes;
 * NULL while the table has no slots. */
static struct user *
users_find(const struct users_table *t, int week, int32_t person)
{
    size_t h;

    if (t->size == 0)
        return NULL;
    h = user_hash(week, person) & (t->size - 1);

    while (t->slot[h].week >= 0 &&
           (t->slot[h].week != week || t->slot[h].person != person))
        h = (h + 1) & (t->size - 1);
    return &t->slot[h];
}

static void
uses_grow(struct uses_table *t)
{
    uint64_t *old = t->slot;
    size_t old_size = t->size;

    t->size = old_size ? old_size * 2 : 4096;
    t->slot = pd_xmalloc(t->size * sizeof(*t->slot));
    for (size_t i = 0; i < t->size; i++)
        t->slot[i] = EMPTY;
    for (size_t i = 0; i < old_size; i++)
        if (old[i] != EMPTY) {
            size_t h = mix(old[i]) & (t->size - 1);

            while (t->slot[h] != EMPTY)
                h = (h + 1) & (t->size - 1);
            t->slot[h] = old[i];
        }
    free(old);
}

/* Add key to the set unless it is there. */
static void
uses_add(struct uses_table *t, uint64_t key)
{
    size_t h;

    if (key == EMPTY) {
        t->has_empty_key = true;
        return;
    }
    if (2 * (t->n + 1) > t->size)
        uses_grow(t);
    h = mix(key) & (t->size - 1);
    while (t->slot[h] != EMPTY) {
        if (t->slot[h] == key)
            return;
        h = (h + 1) & (t->size - 1);
    }
    t->slot[h] = key;
    t->n++;
}

struct pd_att_users *
pd_attention_users_new(unsigned outs)
{
    struct pd_att_users *u = pd_xcalloc(1, sizeof(*u));

    u->outs = outs;
    pd_strpool_init(&u->pool);
    return u;
}

static void
free_rows(struct pd_att_users *u)
{
    free(u->users.slot);
    u->users = (struct users_table){NULL, 0, 0};
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        free(u->uses[w].slot);
        u->uses[w] = (struct uses_table){NULL, 0, 0, false};
    }
}

void
pd_attention_users_free(struct pd_att_users *u)
{
    if (!u)
        return;
    free_rows(u);
    pd_strpool_release(&u->pool);
    pd_row_accounts_release(&u->accounts);
    free(u->names);
    for (int o = 0; o < PD_ATT_USERS_NOUT; o++)
        free(u->facts[o].f);
    free(u);
}

/* ---- reading rows ------------------------------------------------------ */

static int
bad(struct pd_err *err, const struct pd_db_row *row, int col, const char *what)
{
    return pd_err_set(err, PD_E_DB, "attention users: %s '%s'", what,
                      PD_ROW_SHOWN(row, col));
}

static int
account_row(struct pd_att_users *u, const struct pd_db_row *row,
            struct pd_err *err)
{
    static const struct pd_row_account_cols col = {U_TEXT, U_PLAN,
                                                   U_ACCOUNT_NAME, U_ARR};
    int rc = pd_row_accounts_add(&u->accounts, &u->pool, row, &col);

    if (rc == -1)
        return bad(err, row, U_TEXT, "account");
    if (rc < 0)
        return bad(err, row, U_ARR, "ARR");
    return 0;
}

static int
name_row(struct pd_att_users *u, const struct pd_db_row *row,
         struct pd_err *err)
{
    int64_t id;
    bool ignored;

    if (!pd_row_integer(row, U_ID, INT32_MIN, INT32_MAX, &id))
        return bad(err, row, U_ID, "event name id");
    if (pd_db_row_isnull(row, U_TEXT))
        return bad(err, row, U_TEXT, "event name");
    if (!pd_row_bool(row, U_FLAG, &ignored))
        return bad(err, row, U_FLAG, "ignored flag");
    if (u->nnames == u->capnames) {
        u->capnames = u->capnames ? u->capnames * 2 : 64;
        u->names = pd_xrealloc(u->names, u->capnames * sizeof(*u->names));
    }
    u->names[u->nnames++] =
        (struct event_name){id, pd_row_text_id(&u->pool, row, U_TEXT), ignored};
    return 0;
}

static int
user_row(struct pd_att_users *u, int week, const struct pd_db_row *row,
         struct pd_err *err)
{
    int64_t person;
    struct user *x;

    if (!pd_row_integer(row, U_ID, INT32_MIN, INT32_MAX, &person))
        return bad(err, row, U_ID, "person id");
    if (2 * (u->users.n + 1) > u->users.size)
        users_grow(&u->users);
    x = users_find(&u->users, week, (int32_t)person);
    if (x->week >= 0) /* the statement groups them: once a week */
        return pd_err_set(err, PD_E_DB,
                          "attention users: person %lld twice in week %d",
                          (long long)person, week);
    *x = (struct user){(int32_t)person, (int8_t)week,
                       pd_row_text_id(&u->pool, row, U_TEXT), 0};
    u->users.n++;
    u->active[week]++;
    return 0;
}

static int
use_row(struct pd_att_users *u, int week, const struct pd_db_row *row,
        struct pd_err *err)
{
    int64_t person, name;

    if (!pd_row_integer(row, U_ID, INT32_MIN, INT32_MAX, &person))
        return bad(err, row, U_ID, "person id");
    if (!pd_row_integer(row, U_NAME, INT32_MIN, INT32_MAX, &name))
        return bad(err, row, U_NAME, "event name id");
    uses_add(&u->uses[week], use_key((int32_t)person, (int32_t)name));
    return 0;
}

static int make_facts(struct pd_att_users *u, struct pd_err *err);

int
pd_attention_users_row(const struct pd_db_row *row, void *users,
                       struct pd_err *err)
{
    struct pd_att_users *u = users;
    int64_t kind, week = -1;

    if (!row)
        return make_facts(u, err);
    if (PQnfields(row->res) != U_NCOLS)
        return pd_err_set(err, PD_E_DB, "attention users: %d columns, not %d",
                          PQnfields(row->res), U_NCOLS);
    if (!pd_row_integer(row, U_KIND, 0, NKINDS - 1, &kind))
        return bad(err, row, U_KIND, "row kind");
    if (kind == K_WEEK || kind == K_USER || kind == K_EVENT)
        if (!pd_row_integer(row, U_WEEK, 0, PD_ATT_WEEKS - 1, &week))
            return bad(err, row, U_WEEK, "week");
    switch (kind) {
    case K_WEEK:
        u->week_seen[week] = true;
        if (!pd_row_bool(row, U_FLAG, &u->covered[week]))
            return bad(err, row, U_FLAG, "covered");
        u->label[week] =
            pd_strpool_str(&u->pool, pd_row_text_id(&u->pool, row, U_TEXT));
        return 0;
    case K_ACCOUNT:
        return account_row(u, row, err);
    case K_EVENT_NAME:
        return name_row(u, row, err);
    case K_USER:
        return user_row(u, (int)week, row, err);
    default:
        return use_row(u, (int)week, row, err);
    }
}

/* ---- facts ------------------------------------------------------------- */

/* A plan x segment x region cell: its pool ids, and per week its active
 * users. */
struct cell {
    uint32_t dim[NCELL_DIMS];
    size_t n[PD_ATT_WEEKS];
};

/* What the rows end with: each user's account and cell, the cells, and
 * the event names by id. */
struct resolved {
    int32_t *account_of; /* pool id -> index in u->accounts.a, -1 */
    struct cell *cell;
    size_t ncell;
    struct pd_strmap cells; /* the three pool ids -> index in cell */
    struct pd_strmap names; /* name_id -> index in u->names */
};

static size_t
cell_of(struct resolved *r, const uint32_t dim[NCELL_DIMS])
{
    int64_t k;

    if (pd_strmap_get(&r->cells, (const char *)dim, NCELL_DIMS * sizeof(*dim),
                      &k))
        return (size_t)k;
    r->cell = pd_xrealloc(r->cell, (r->ncell + 1) * sizeof(*r->cell));
    memset(&r->cell[r->ncell], 0, sizeof(*r->cell));
    memcpy(r->cell[r->ncell].dim, dim, sizeof(r->cell[r->ncell].dim));
    pd_strmap_put(&r->cells, (const char *)dim, NCELL_DIMS * sizeof(*dim),
                  (int64_t)r->ncell);
    return r->ncell++;
}

static void
resolve(struct pd_att_users *u, struct resolved *r)
{
    uint32_t unknown = pd_strpool_id(&u->pool, "unknown", strlen("unknown"));
    const uint32_t none[NCELL_DIMS] = {unknown, unknown, unknown};

    memset(r, 0, sizeof(*r));
    pd_strmap_init(&r->cells);
    pd_strmap_init(&r->names);
    r->account_of = pd_row_accounts_index(&u->accounts, u->pool.n);
    for (size_t i = 0; i < u->nnames; i++)
        pd_strmap_put(&r->names, (const char *)&u->names[i].id,
                      sizeof(u->names[i].id), (int64_t)i);
    for (size_t i = 0; i < u->users.size; i++) {
        struct user *x = &u->users.slot[i];
        int32_t a;

        if (x->week < 0)
            continue; /* an empty slot */
        a = x->account ? r->account_of[x->account] : -1;
        x->cell = (uint32_t)cell_of(r, a >= 0 ? u->accounts.a[a].cell : none);
        r->cell[x->cell].n[x->week]++;
    }
}

static void
resolved_free(struct resolved *r)
{
    free(r->account_of);
    free(r->cell);
    pd_strmap_release(&r->cells);
    pd_strmap_release(&r->names);
}

/* One week and account's active users, while counting. */
struct account_week {
    uint32_t account; /* pool id, 0: none */
    int week;
    size_t n;
};

/* SPEC §10 active users: per week and account, as the server's
 * GROUP BY gave them. */
static void
make_active(struct pd_att_users *u, const struct resolved *r)
{
    struct pd_att_facts *fs = &u->facts[PD_ATT_USERS_ACTIVE];
    uint32_t unknown = pd_strpool_id(&u->pool, "unknown", strlen("unknown"));
    struct pd_strmap groups = PD_STRMAP_INIT; /* (week, account) -> index */
    struct account_week *g = NULL;
    size_t ng = 0, cap = 0;
    bool has_fact[PD_ATT_WEEKS] = {false};

    for (size_t i = 0; i < u->users.size; i++) {
        const struct user *x = &u->users.slot[i];
        uint32_t key[2] = {(uint32_t)x->week, x->account};
        int64_t k;

        if (x->week < 0 || !u->week_seen[x->week])
            continue;
        if (!pd_strmap_get(&groups, (const char *)key, sizeof(key), &k)) {
            if (ng == cap) {
                cap = cap ? 2 * cap : 64;
                g = pd_xrealloc(g, cap * sizeof(*g));
            }
            g[ng] = (struct account_week){x->account, x->week, 0};
            k = (int64_t)ng++;
            pd_strmap_put(&groups, (const char *)key, sizeof(key), k);
        }
        g[k].n++;
    }
    for (size_t i = 0; i < ng; i++) {
        int32_t a = g[i].account ? r->account_of[g[i].account] : -1;
        struct pd_att_fact *f = pd_att_facts_add(fs, g[i].week);

        for (int c = 0; c < NCELL_DIMS; c++)
            f->dim[D_PLAN + c] = pd_strpool_str(
                &u->pool, a >= 0 ? u->accounts.a[a].cell[c] : unknown);
        f->dim[D_ACCOUNT] = pd_strpool_str(&u->pool, g[i].account);
        f->account_name = pd_strpool_str(
            &u->pool, a >= 0 ? u->accounts.a[a].name
                             : (g[i].account ? g[i].account : unknown));
        f->arr =
            a >= 0 && !isnan(u->accounts.a[a].arr) ? u->accounts.a[a].arr : -1;
        f->n = (double)g[i].n;
        has_fact[g[i].week] = true;
    }
    /* A week without users: the left join's row, n 0. */
    for (int w = 0; w < PD_ATT_WEEKS; w++)
        if (u->week_seen[w] && !has_fact[w]) {
            struct pd_att_fact *f = pd_att_facts_add(fs, w);

            for (int c = 0; c < NCELL_DIMS; c++)
                f->dim[D_PLAN + c] = pd_strpool_str(&u->pool, unknown);
            f->account_name = pd_strpool_str(&u->pool, unknown);
        }
    free(g);
    pd_strmap_release(&groups);
}

/* The adoption fact of week w, event e (NULL: none) and cell c, users
 * of the event in it. */
static void
adoption_fact(struct pd_att_users *u, int w, const struct event_name *e,
              const struct cell *c, int64_t users)
{
    struct pd_att_fact *f =
        pd_att_facts_add(&u->facts[PD_ATT_USERS_ADOPTION], w);

    if (e)
        f->dim[D_EVENT] = pd_strpool_str(&u->pool, e->text);
    for (int d = 0; d < NCELL_DIMS; d++)
        f->dim[D_PLAN + d] = pd_strpool_str(&u->pool, c->dim[d]);
    f->n = (double)c->n[w];
    f->promoters = (double)users;
}

/* Count week w's use of event name_id by person in its cell of users
 * (week, name index, cell -> n), marking the name used.  -1 when the name
 * id has no name row. */
static int
count_use(const struct pd_att_users *u, const struct resolved *r, int w,
          int32_t person, int32_t name_id, struct pd_strmap *users, bool *used,
          size_t *nused)
{
    const struct user *who;
    uint32_t key[3];
    int64_t name, n;

    if (!pd_strmap_get(&r->names, (const char *)&(int64_t){name_id},
                       sizeof(int64_t), &name))
        return -1;
    /* The join to the week's active users (which every event's user is)
     * and the [usage] ignore_events filter. */
    who = users_find(&u->users, w, person);
    if (!who || who->week < 0 || u->names[name].ignored)
        return 0;
    key[0] = (uint32_t)w;
    key[1] = (uint32_t)name;
    key[2] = who->cell;
    if (!pd_strmap_get(users, (const char *)key, sizeof(key), &n))
        n = 0;
    pd_strmap_put(users, (const char *)key, sizeof(key), n + 1);
    if (!used[name]) {
        used[name] = true;
        (*nused)++;
    }
    return 0;
}

/* SPEC §6 adoption(e) per week, event and cell: the distinct (week, user,
 * event) of active users, counted per cell; every event with a user in
 * any week against every active cell of every week. */
static int
make_adoption(struct pd_att_users *u, const struct resolved *r,
              struct pd_err *err)
{
    struct pd_att_facts *fs = &u->facts[PD_ATT_USERS_ADOPTION];
    struct pd_strmap users = PD_STRMAP_INIT; /* (week, name, cell) -> n */
    bool *used = pd_xcalloc(u->nnames + 1, sizeof(*used)); /* has users */
    size_t nused = 0;

    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        const struct uses_table *t = &u->uses[w];

        for (size_t i = 0; i <= t->size; i++) {
            uint64_t key = i < t->size ? t->slot[i] : EMPTY;

            if (i < t->size ? key == EMPTY : !t->has_empty_key)
                continue;
            if (count_use(u, r, w, (int32_t)(key >> 32), (int32_t)key, &users,
                          used, &nused) < 0) {
                free(used);
                pd_strmap_release(&users);
                return pd_err_set(err, PD_E_DB,
                                  "attention users: event name id %d has "
                                  "no name",
                                  (int)(int32_t)key);
            }
        }
    }
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        bool active = false;

        if (!u->week_seen[w])
            continue;
        for (size_t c = 0; c < r->ncell; c++) {
            if (r->cell[c].n[w] == 0)
                continue;
            active = true;
            if (nused == 0) /* no event at all: the cell alone */
                adoption_fact(u, w, NULL, &r->cell[c], 0);
            for (size_t e = 0; e < u->nnames; e++) {
                uint32_t key[3] = {(uint32_t)w, (uint32_t)e, (uint32_t)c};
                int64_t n = 0;

                if (!used[e])
                    continue;
                (void)pd_strmap_get(&users, (const char *)key, sizeof(key), &n);
                adoption_fact(u, w, &u->names[e], &r->cell[c], n);
            }
        }
        if (!active) /* the left join's row: n 0, every dimension NULL */
            pd_att_facts_add(fs, w);
    }
    free(used);
    pd_strmap_release(&users);
    return 0;
}

static int
make_facts(struct pd_att_users *u, struct pd_err *err)
{
    struct resolved r;
    int rc = 0;

    resolve(u, &r);
    if (u->outs & 1u << PD_ATT_USERS_ACTIVE)
        make_active(u, &r);
    if (u->outs & 1u << PD_ATT_USERS_ADOPTION)
        rc = make_adoption(u, &r, err);
    resolved_free(&r);
    free_rows(u); /* the facts hold what the report needs */
    return rc;
}

size_t
pd_attention_users_active(const struct pd_att_users *u, int week)
{
    return u->active[week];
}

const struct pd_att_fact *
pd_attention_users_facts(const struct pd_att_users *u,
                         enum pd_att_users_out out, size_t *n,
                         bool covered[PD_ATT_WEEKS],
                         const char *label[PD_ATT_WEEKS])
{
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        covered[w] = u->covered[w];
        label[w] = u->label[w];
    }
    *n = u->facts[out].n;
    return u->facts[out].f;
}
