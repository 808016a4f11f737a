#include "events.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/sha256.h"
#include "common/strmap.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "load/db.h"
#include "transform/row.h"

/* The lean row of migration 014, in binary: the server parses nothing. */
static const char copy_sql[] =
    "COPY prodops.events (event_time, user_ref, name_id, event_count,"
    " file_id, source_id, key_hash, properties) FROM STDIN WITH (FORMAT binary)";

/* A rollup group of the file: UTC day, person record and event name, with
 * the sums usage_file_groups() makes of the same events. */
struct group {
    int32_t day; /* days since 1970-01-01, UTC */
    int32_t user_ref;
    int32_t name_id;
    uint32_t used;
    int64_t events;
    int64_t half_hours; /* day_slot_bits() of each event */
};

/* One UTC day's groups, open addressing by person record and event name.
 * A table per day rather than one for the file: an export is in time
 * order, so the day being loaded is a few thousand groups that stay in
 * the cache, where one file-wide table (32 MB for the bench file) missed
 * the cache and the TLB on nearly every event (perf: ~10 % of the
 * client's CPU in the probe, more in page faults and doubling it). */
struct day_groups {
    int32_t day;
    struct group *slot;
    size_t cap, count;
};

/* The file's days (in order of their first event), found by a hash of the
 * day, the last event's day first.  Past GROUP_SLOTS_MAX slots in all
 * (64 MB) the groups are dropped and the server groups the inserted
 * events instead (usage_rollup_fresh.sql). */
struct groups {
    struct day_groups *days;
    size_t ndays, days_cap;
    uint32_t *index; /* day's position in days + 1, 0 = empty */
    size_t index_cap;
    size_t last;  /* the last event's day's position */
    size_t slots; /* all the days' slots */
    size_t max;   /* GROUP_SLOTS_MAX, or the tests' */
    bool overflow;
};

enum { GROUP_SLOTS_MAX = 1 << 21, DAY_SLOTS_MIN = 64 };

struct pd_events_direct {
    PGconn *conn;
    char file_id[24];
    char source_id[8];
    int64_t file, source;
    struct pd_strmap names;  /* event name -> name_id, stored and new */
    struct pd_strmap users;  /* person record -> user_ref, the file's */
    struct pd_strmap months; /* months with a partition (8-byte keys) */
    int64_t next_name, first_name;
    int64_t next_user, first_user;
    int64_t month_lo, month_hi; /* the current row's month, [lo, hi) */
    int64_t lo, hi;             /* the file's first and last event time */
    struct pd_buf key;          /* scratch: a person record's key */
    struct pd_buf line;         /* scratch: a spooled COPY text row */
    FILE *new_names, *new_users, *exposures; /* COPY text rows */
    PGresult *stored_users; /* usage_direct_users.sql's: what it stored */
    struct groups groups;
    struct pd_events_counts n;
};

/* Hashed here, on the parsing core, rather than by the server for each
 * row: the SQL function costs 3-8 s a million events (sha256(), substr(),
 * encode() and the uuid parse), the C a fraction of a second.  t2007 and
 * t2014 check that the two agree; PRODOPS_TEST_WEAK_KEY_HASH follows git's
 * GIT_TEST_* variables. */
void
pd_events_key_hash(const char *key, unsigned char out[16])
{
    static long weak = -1;
    unsigned char digest[32];
    struct pd_sha256 h;
    size_t n = strlen(key);

    if (weak < 0) {
        const char *v = getenv("PRODOPS_TEST_WEAK_KEY_HASH");
        weak = v && *v ? strtol(v, NULL, 10) : 0;
    }
    if (weak > 0 && n > (size_t)weak)
        n = (size_t)weak;
    pd_sha256_init(&h);
    pd_sha256_update(&h, key, n);
    pd_sha256_final(&h, digest);
    memcpy(out, digest, 16);
}

/* ---- begin ------------------------------------------------------------- */

static int
query_int(PGconn *conn, const char *sql, int nparams, const char *const *p,
          int64_t *v, struct pd_err *err)
{
    PGresult *res = pd_db_exec(conn, sql, nparams, p, err);

    if (!res)
        return -1;
    *v = PQntuples(res) && !PQgetisnull(res, 0, 0)
             ? strtoll(PQgetvalue(res, 0, 0), NULL, 10)
             : 0;
    PQclear(res);
    return 0;
}

/* The first id a dictionary may hand out: above the table's greatest and
 * the identity sequence's next (nextval: a value no other session gets;
 * the dictionaries' lock keeps other loaders from inserting meanwhile). */
static int
first_free_id(PGconn *conn, const char *table, const char *column, int64_t *id,
              struct pd_err *err)
{
    char sql[512];

    snprintf(sql, sizeof(sql),
             "SELECT greatest((SELECT max(%s) + 1 FROM prodops.%s),"
             " nextval(pg_get_serial_sequence('prodops.%s', '%s')))",
             column, table, table, column);
    return query_int(conn, sql, 0, NULL, id, err);
}

/* The identity sequence past the ids handed out (setval: not rolled back
 * with the transaction, which leaves only a gap). */
static int
advance_sequence(PGconn *conn, const char *table, const char *column,
                 int64_t next, struct pd_err *err)
{
    char sql[256], v[24];
    const char *p[1] = {v};

    snprintf(v, sizeof(v), "%" PRId64, next - 1);
    snprintf(sql, sizeof(sql),
             "SELECT setval(pg_get_serial_sequence('prodops.%s', '%s'),"
             " $1::bigint)",
             table, column);
    return pd_db_run(conn, sql, 1, p, err);
}

static int64_t
month_of(int64_t y, unsigned m)
{
    return y * 12 + (int64_t)m - 1;
}

/* Every event name, and the months that have a partition. */
static int
read_dictionaries(struct pd_events_direct *d, struct pd_err *err)
{
    PGresult *res = pd_db_exec(d->conn,
                               "SELECT name_id, event_name"
                               " FROM prodops.usage_names",
                               0, NULL, err);

    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res); i++)
        pd_strmap_put(&d->names, PQgetvalue(res, i, 1),
                      (size_t)PQgetlength(res, i, 1),
                      strtoll(PQgetvalue(res, i, 0), NULL, 10));
    PQclear(res);
    res = pd_db_exec(d->conn,
                     "SELECT c.relname FROM pg_inherits i"
                     " JOIN pg_class c ON c.oid = i.inhrelid"
                     " WHERE i.inhparent = 'prodops.events'::regclass",
                     0, NULL, err);
    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res); i++) {
        unsigned y, m;
        int64_t k;
        if (sscanf(PQgetvalue(res, i, 0), "events_%4u%2u", &y, &m) != 2)
            continue;
        k = month_of(y, m);
        pd_strmap_put(&d->months, (const char *)&k, sizeof(k), 1);
    }
    PQclear(res);
    return 0;
}

static FILE *
spool(struct pd_err *err)
{
    FILE *f = tmpfile();

    if (!f)
        pd_err_set(err, PD_E_IO, "cannot create a temporary file: %s",
                   strerror(errno));
    return f;
}

/* 1: the source is new (its row inserted), 0: it has a row. */
static int
claim_source(struct pd_events_direct *d, const char *source, struct pd_err *err)
{
    const char *p[1] = {source};
    const char *staged = getenv("PRODOPS_TEST_STAGED_EVENTS");
    int64_t n;

    /* Tests compare the two paths on one file (t2021). */
    if (staged && *staged == '1')
        return 0;
    if (query_int(d->conn,
                  "SELECT count(*) FROM prodops.usage_sources"
                  " WHERE source = $1",
                  1, p, &n, err) < 0)
        return -1;
    if (n)
        return 0;
    /* Partitions before dictionaries, as merge_usage_events() takes them. */
    if (pd_db_run(d->conn,
                  "SELECT pg_advisory_xact_lock("
                  "hashtext('prodops.usage_partitions')),"
                  " pg_advisory_xact_lock("
                  "hashtext('prodops.usage_dictionaries'))",
                  0, NULL, err) < 0 ||
        query_int(d->conn,
                  "INSERT INTO prodops.usage_sources (source) VALUES ($1)"
                  " ON CONFLICT DO NOTHING RETURNING source_id",
                  1, p, &d->source, err) < 0)
        return -1;
    return d->source ? 1 : 0; /* 0: a concurrent load made it meanwhile */
}

int
pd_events_direct_begin(PGconn *conn, const char *source, int64_t file_id,
                       struct pd_events_direct **out, struct pd_copy *c,
                       struct pd_err *err)
{
    struct pd_events_direct *d = pd_xcalloc(1, sizeof(*d));
    int rc;

    *out = d;
    d->conn = conn;
    d->file = file_id;
    d->lo = INT64_MAX;
    d->hi = INT64_MIN;
    d->month_lo = d->month_hi = 0;
    pd_strmap_init(&d->names);
    pd_strmap_init(&d->users);
    pd_strmap_init(&d->months);
    pd_buf_init(&d->key, 0);
    pd_buf_init(&d->line, 0);
    snprintf(d->file_id, sizeof(d->file_id), "%" PRId64, file_id);
    rc = claim_source(d, source, err);
    if (rc <= 0)
        return rc;
    snprintf(d->source_id, sizeof(d->source_id), "%" PRId64, d->source);
    if (read_dictionaries(d, err) < 0 ||
        first_free_id(conn, "usage_names", "name_id", &d->first_name, err) <
            0 ||
        first_free_id(conn, "usage_users", "user_ref", &d->first_user, err) < 0)
        return -1;
    d->next_name = d->first_name;
    d->next_user = d->first_user;
    if (!(d->new_names = spool(err)) || !(d->new_users = spool(err)) ||
        !(d->exposures = spool(err)))
        return -1;
    return pd_copy_begin_binary(c, conn, copy_sql, err) < 0 ? -1 : 1;
}

/* ---- rows -------------------------------------------------------------- */

/* The COPY's sticky error, so that the caller's check after each row sees
 * a failure here as it sees one of the COPY's own. */
static int
row_failed(struct pd_copy *c, const struct pd_err *err)
{
    if (!c->failed) {
        c->failed = true;
        c->err = *err;
    }
    return -1;
}

/* t's month has a partition, else end the COPY, make it and go on in a new
 * COPY (no statement can run while a COPY is open).  The rows sent so far
 * are the server's; a unique violation among them fails here. */
static int
ensure_month(struct pd_events_direct *d, struct pd_copy *c, int64_t t,
             struct pd_err *err)
{
    struct pd_tm tm;
    int64_t k;
    char first[40];
    const char *p[2] = {first, first};

    if (t >= d->month_lo && t < d->month_hi)
        return 0;
    pd_time_split(t, &tm);
    if (tm.year < 1 || tm.year > 9999)
        return 0; /* written as NULL: the COPY fails on NOT NULL */
    d->month_lo = pd_time_make(tm.year, tm.month, 1, 0, 0, 0, 0);
    d->month_hi = tm.month == 12
                      ? pd_time_make(tm.year + 1, 1, 1, 0, 0, 0, 0)
                      : pd_time_make(tm.year, tm.month + 1, 1, 0, 0, 0, 0);
    k = month_of(tm.year, tm.month);
    if (pd_strmap_get(&d->months, (const char *)&k, sizeof(k), NULL))
        return 0;
    if (pd_copy_end(c, err) < 0)
        return row_failed(c, err);
    d->n.events += c->server_rows;
    pd_time_format_iso(d->month_lo, first, sizeof(first));
    if (pd_db_run(d->conn, "SELECT prodops.ensure_usage_partitions($1, $2)", 2,
                  p, err) < 0 ||
        pd_copy_begin_binary(c, d->conn, copy_sql, err) < 0)
        return row_failed(c, err);
    pd_strmap_put(&d->months, (const char *)&k, sizeof(k), 1);
    return 0;
}

static void
spool_field(struct pd_buf *b, const char *s, bool last)
{
    if (s)
        pd_copy_escape(b, s, strlen(s));
    pd_buf_addch(b, last ? '\n' : '\t');
}

static int
spool_line(FILE *f, struct pd_buf *b, struct pd_err *err)
{
    if (fwrite(b->buf, 1, b->len, f) != b->len)
        return pd_err_set(err, PD_E_IO, "cannot write a spool file: %s",
                          strerror(errno));
    return 0;
}

static int
name_id(struct pd_events_direct *d, const char *name, int64_t *id,
        struct pd_err *err)
{
    size_t n = strlen(name);

    if (pd_strmap_get(&d->names, name, n, id))
        return 0;
    *id = d->next_name++;
    pd_strmap_put(&d->names, name, n, *id);
    pd_buf_reset(&d->line);
    pd_buf_addf(&d->line, "%" PRId64 "\t", *id);
    spool_field(&d->line, name, true);
    return spool_line(d->new_names, &d->line, err);
}

/* A person record as usage_users keys it ('' for absent: migration 014),
 * the fields NUL-separated (a field holds no NUL). */
static int
user_ref(struct pd_events_direct *d, const struct pd_event *e, int64_t *ref,
         struct pd_err *err)
{
    const char *f[5] = {e->user_id, e->device_id, e->email, e->account_ref,
                        e->domain};
    struct pd_buf *k = &d->key;

    pd_buf_reset(k);
    for (size_t i = 0; i < 5; i++) {
        if (f[i])
            pd_buf_add(k, f[i], strlen(f[i]));
        pd_buf_addch(k, '\0');
    }
    if (pd_strmap_get(&d->users, k->buf, k->len, ref))
        return 0;
    *ref = d->next_user++;
    pd_strmap_put(&d->users, k->buf, k->len, *ref);
    pd_buf_reset(&d->line);
    pd_buf_addf(&d->line, "%" PRId64 "\t", *ref);
    for (size_t i = 0; i < 5; i++)
        spool_field(&d->line, f[i] ? f[i] : "", i == 4);
    return spool_line(d->new_users, &d->line, err);
}

static const char hex[] = "0123456789abcdef";

/* An exposure event as a COPY text row of direct_exposures. */
static int
spool_exposure(struct pd_events_direct *d, const struct pd_event *e,
               int64_t ref, const unsigned char hash[16], struct pd_err *err)
{
    char t[40];
    struct pd_buf *b = &d->line;
    struct pd_buf json = PD_BUF_INIT;

    pd_time_format_iso(e->event_time, t, sizeof(t));
    pd_buf_reset(b);
    pd_buf_addf(b, "%s\t", t);
    for (size_t i = 0; i < 16; i++) {
        pd_buf_addch(b, hex[hash[i] >> 4]);
        pd_buf_addch(b, hex[hash[i] & 15]);
    }
    pd_buf_addf(b, "\t%" PRId64 "\t", ref);
    spool_field(b, e->event_name, false);
    if (e->nextra) {
        pd_copy_json_append(&json, e->extra, e->nextra);
        pd_copy_escape(b, json.buf, json.len);
        pd_buf_release(&json);
    } else {
        pd_buf_add(b, "\\N", 2);
    }
    pd_buf_addch(b, '\n');
    d->n.exposures++;
    return spool_line(d->exposures, b, err);
}

static size_t
group_slot(const struct day_groups *g, int32_t ref, int32_t name)
{
    uint64_t h = ((uint64_t)(uint32_t)ref * 0xC2B2AE3D27D4EB4Fu) ^
                 ((uint64_t)(uint32_t)name * 0x165667B19E3779F9u);
    size_t i = (size_t)(h ^ (h >> 29)) & (g->cap - 1);

    while (g->slot[i].used &&
           (g->slot[i].user_ref != ref || g->slot[i].name_id != name))
        i = (i + 1) & (g->cap - 1);
    return i;
}

static size_t
day_hash(int32_t day, size_t cap)
{
    uint64_t h = (uint64_t)(uint32_t)day * 0x9E3779B97F4A7C15u;

    return (size_t)(h >> 32) & (cap - 1);
}

/* Drop every group: the server groups the file's events instead. */
static void
groups_give_up(struct groups *g)
{
    for (size_t i = 0; i < g->ndays; i++)
        free(g->days[i].slot);
    free(g->days);
    free(g->index);
    memset(g, 0, sizeof(*g));
    g->overflow = true;
}

/* Room for n more slots under the cap, else give up (false). */
static bool
groups_room(struct groups *g, size_t n)
{
    if (!g->max) { /* tests reach the fallback with a small file (t2021) */
        const char *v = getenv("PRODOPS_TEST_ROLLUP_SLOTS");
        g->max = v && *v ? (size_t)strtol(v, NULL, 10) : GROUP_SLOTS_MAX;
        if (!g->max) {
            groups_give_up(g);
            return false;
        }
    }
    if (g->slots + n > g->max) {
        groups_give_up(g);
        return false;
    }
    g->slots += n;
    return true;
}

/* Double a day's table. */
static bool
day_grow(struct groups *gs, struct day_groups *g)
{
    struct day_groups n = {g->day, NULL, g->cap * 2, g->count};

    if (!groups_room(gs, g->cap))
        return false;
    n.slot = pd_xcalloc(n.cap, sizeof(*n.slot));
    for (size_t i = 0; i < g->cap; i++)
        if (g->slot[i].used)
            n.slot[group_slot(&n, g->slot[i].user_ref, g->slot[i].name_id)] =
                g->slot[i];
    free(g->slot);
    *g = n;
    return true;
}

/* The day's table, made if new; NULL once the groups are given up. */
static struct day_groups *
day_of(struct groups *g, int32_t day)
{
    size_t i;

    if (g->ndays && g->days[g->last].day == day)
        return &g->days[g->last];
    if (g->index_cap) {
        for (i = day_hash(day, g->index_cap); g->index[i];
             i = (i + 1) & (g->index_cap - 1))
            if (g->days[g->index[i] - 1].day == day) {
                g->last = g->index[i] - 1;
                return &g->days[g->last];
            }
    }
    if (!groups_room(g, DAY_SLOTS_MIN))
        return NULL;
    if ((g->ndays + 1) * 10 > g->index_cap * 7) {
        free(g->index);
        g->index_cap = g->index_cap ? g->index_cap * 2 : 64;
        g->index = pd_xcalloc(g->index_cap, sizeof(*g->index));
        for (size_t k = 0; k < g->ndays; k++) {
            for (i = day_hash(g->days[k].day, g->index_cap); g->index[i];
                 i = (i + 1) & (g->index_cap - 1))
                ;
            g->index[i] = (uint32_t)k + 1;
        }
    }
    if (g->ndays == g->days_cap) {
        g->days_cap = g->days_cap ? g->days_cap * 2 : 16;
        g->days = pd_xrealloc(g->days, g->days_cap * sizeof(*g->days));
    }
    for (i = day_hash(day, g->index_cap); g->index[i];
         i = (i + 1) & (g->index_cap - 1))
        ;
    g->index[i] = (uint32_t)g->ndays + 1;
    g->last = g->ndays++;
    g->days[g->last] = (struct day_groups){
        day, pd_xcalloc(DAY_SLOTS_MIN, sizeof(struct group)), DAY_SLOTS_MIN, 0};
    return &g->days[g->last];
}

static const int64_t DAY_US = INT64_C(86400000000);
static const int64_t HALF_HOUR_US = INT64_C(1800000000);

/* prodops.half_hour_bit() of an event rem microseconds into its UTC day
 * (migration 031): its half hour's bit and, in the four half hours that
 * a quarter-hour zone's midnight splits (10:00, 11:00, 15:00, 18:00), bit
 * 48 + 2k or 49 + 2k for the first or second quarter of the k-th. */
static int64_t
day_slot_bits(int64_t rem)
{
    static const int split[] = {20, 22, 30, 36};
    int half = (int)(rem / HALF_HOUR_US);
    int64_t bits = INT64_C(1) << half;

    for (int k = 0; k < 4; k++)
        if (split[k] == half)
            bits |= INT64_C(1)
                    << (48 + 2 * k + (rem % HALF_HOUR_US >= HALF_HOUR_US / 2));
    return bits;
}

static void
group_add(struct groups *gs, int64_t t, int64_t ref, int64_t name,
          int64_t count)
{
    int64_t day = t / DAY_US, rem;
    struct day_groups *g;
    struct group *x;

    if (gs->overflow)
        return;
    if (t % DAY_US < 0)
        day--;
    rem = t - day * DAY_US;
    if (!(g = day_of(gs, (int32_t)day)))
        return;
    if ((g->count + 1) * 10 > g->cap * 7 && !day_grow(gs, g))
        return;
    x = &g->slot[group_slot(g, (int32_t)ref, (int32_t)name)];
    if (!x->used) {
        x->used = 1;
        x->day = (int32_t)day;
        x->user_ref = (int32_t)ref;
        x->name_id = (int32_t)name;
        g->count++;
    }
    x->events += count;
    x->half_hours |= day_slot_bits(rem);
}

int
pd_events_direct_row(struct pd_events_direct *d, struct pd_copy *c,
                     const struct pd_event *e, struct pd_err *err)
{
    unsigned char hash[16];
    int64_t name, ref;

    if (c->failed)
        return 0; /* the caller sees the sticky error */
    if (ensure_month(d, c, e->event_time, err) < 0)
        return -1;
    if (name_id(d, e->event_name, &name, err) < 0 ||
        user_ref(d, e, &ref, err) < 0)
        return row_failed(c, err);
    pd_events_key_hash(e->event_key, hash);
    pd_copy_time(c, e->event_time);
    pd_copy_int32(c, ref);
    pd_copy_int32(c, name);
    pd_copy_int32(c, e->count);
    pd_copy_int32(c, d->file);
    pd_copy_int16(c, d->source);
    pd_copy_uuid(c, hash);
    /* Migration 014: no kept property is NULL, not '{}' (the lean row). */
    if (e->nextra)
        pd_copy_json_object(c, e->extra, e->nextra);
    else
        pd_copy_null(c);
    pd_copy_row_end(c);
    if (e->event_time < d->lo)
        d->lo = e->event_time;
    if (e->event_time > d->hi)
        d->hi = e->event_time;
    group_add(&d->groups, e->event_time, ref, name, e->count);
    if (pd_row_is_exposure(e->event_name) &&
        spool_exposure(d, e, ref, hash, err) < 0)
        return row_failed(c, err);
    return 0;
}

/* ---- finish ------------------------------------------------------------ */

/* COPY a spool's text rows (sql: a COPY ... FROM STDIN). */
static int
copy_spool(PGconn *conn, FILE *f, const char *sql, struct pd_err *err)
{
    struct pd_copy c;
    char chunk[65536];
    size_t n;

    if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
        return pd_err_set(err, PD_E_IO, "cannot read back a spool file: %s",
                          strerror(errno));
    if (pd_copy_begin(&c, conn, sql, err) < 0)
        return -1;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        pd_copy_raw(&c, chunk, n);
    if (ferror(f)) {
        pd_copy_abort(&c, "spool read error");
        return pd_err_set(err, PD_E_IO, "cannot read back a spool file");
    }
    return pd_copy_end(&c, err);
}

/* The new event names, straight into the dictionary (ids are ours, under
 * the dictionaries' lock). */
static int
store_names(struct pd_events_direct *d, struct pd_err *err)
{
    d->n.names = d->next_name - d->first_name;
    if (!d->n.names)
        return 0;
    if (copy_spool(d->conn, d->new_names,
                   "COPY prodops.usage_names (name_id, event_name) FROM STDIN",
                   err) < 0)
        return -1;
    return advance_sequence(d->conn, "usage_names", "name_id", d->next_name,
                            err);
}

/* The file's person records: through a temporary table, so that the
 * server adds their people (usage_people) and resolves their accounts
 * (SPEC §3) as usage_users.sql does for staged files. */
static int
store_users(struct pd_events_direct *d, struct pd_err *err)
{
    const char *p[1] = {d->source_id};
    PGresult *res;

    d->n.users = d->next_user - d->first_user;
    if (!d->n.users)
        return 0;
    if (pd_db_run(d->conn,
                  "CREATE TEMP TABLE direct_users (user_ref integer NOT NULL,"
                  " user_id text NOT NULL, device_id text NOT NULL,"
                  " email text NOT NULL, account_ref text NOT NULL,"
                  " email_domain text NOT NULL) ON COMMIT DROP",
                  0, NULL, err) < 0 ||
        copy_spool(d->conn, d->new_users, "COPY direct_users FROM STDIN", err) <
            0)
        return -1;
    res = pd_db_exec_resource(d->conn, "load/sql/usage_direct_people.sql", 0,
                              NULL, err);
    if (!res)
        return -1;
    PQclear(res);
    d->stored_users = pd_db_exec_resource(
        d->conn, "load/sql/usage_direct_users.sql", 1, p, err);
    if (!d->stored_users)
        return -1;
    return advance_sequence(d->conn, "usage_users", "user_ref", d->next_user,
                            err);
}

static int
store_exposures(struct pd_events_direct *d, struct pd_err *err)
{
    const char *p[2] = {d->file_id, d->source_id};
    PGresult *res;

    if (!d->n.exposures)
        return 0;
    if (pd_db_run(d->conn,
                  "CREATE TEMP TABLE direct_exposures ("
                  " event_time timestamptz NOT NULL, key_hash uuid NOT NULL,"
                  " user_ref integer NOT NULL, event_name text NOT NULL,"
                  " properties jsonb) ON COMMIT DROP",
                  0, NULL, err) < 0 ||
        copy_spool(d->conn, d->exposures, "COPY direct_exposures FROM STDIN",
                   err) < 0)
        return -1;
    res = pd_db_exec_resource(d->conn, "load/sql/usage_direct_exposures.sql", 2,
                              p, err);
    if (!res)
        return -1;
    PQclear(res);
    return 0;
}

/* The file's person records: person and account (its rank among the
 * source's account ids in the server's collation, 0 for none, so that the
 * greatest of several is max(account_id)'s), by user_ref - first_user.
 * The account names point into the stored-users result, which the load
 * owns. */
struct persons {
    int32_t *person;
    int32_t *rank;
    const char **account; /* by rank */
    size_t n;
};

/* From what usage_direct_users.sql stored and returned (none when the
 * file named no person). */
static int
read_persons(struct pd_events_direct *d, struct persons *p, struct pd_err *err)
{
    const PGresult *res = d->stored_users;

    p->n = (size_t)(d->next_user - d->first_user);
    p->person = pd_xcalloc(p->n ? p->n : 1, sizeof(*p->person));
    p->rank = pd_xcalloc(p->n ? p->n : 1, sizeof(*p->rank));
    p->account = pd_xcalloc((size_t)PQntuples(res) + 1, sizeof(char *));
    for (int i = 0; i < PQntuples(res); i++) {
        int64_t ref = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        int32_t rank = (int32_t)strtol(PQgetvalue(res, i, 2), NULL, 10);
        size_t at = (size_t)(ref - d->first_user);
        if (ref < d->first_user || at >= p->n)
            return pd_err_set(err, PD_E_DB,
                              "usage_users holds a record %" PRId64
                              " of the new source that this load did not make",
                              ref);
        p->person[at] = (int32_t)strtol(PQgetvalue(res, i, 1), NULL, 10);
        p->rank[at] = rank;
        if (rank > 0)
            p->account[rank] = PQgetvalue(res, i, 3);
    }
    return 0;
}

static void
persons_release(struct persons *p)
{
    free(p->person);
    free(p->rank);
    free(p->account);
}

/* Rollup groups of one day by person and event name: rollup_daily's key
 * order (its source is the file's, one). */
static int
group_order(const void *a, const void *b)
{
    const struct group *x = a, *y = b;

    if (x->user_ref != y->user_ref)
        return x->user_ref < y->user_ref ? -1 : 1;
    if (x->name_id != y->name_id)
        return x->name_id < y->name_id ? -1 : 1;
    return 0;
}

static int
day_order(const void *a, const void *b)
{
    const struct day_groups *x = a, *y = b;

    return x->day < y->day ? -1 : x->day > y->day;
}

/* One rollup row: the groups [from, to) of one key summed. */
static void
copy_rollup_row(struct pd_copy *c, const struct persons *p,
                const struct group *from, const struct group *to,
                int64_t source, bool with_name)
{
    int64_t events = 0, half_hours = 0;
    uint32_t rank = 0;

    for (const struct group *g = from; g < to; g++) {
        events += g->events;
        half_hours |= g->half_hours;
        if (g->used > rank)
            rank = g->used;
    }
    pd_copy_date(c, from->day);
    pd_copy_int32(c, from->user_ref);
    if (with_name)
        pd_copy_int32(c, from->name_id);
    pd_copy_int16(c, source);
    pd_copy_int64(c, events);
    pd_copy_int64(c, half_hours);
    if (rank)
        pd_copy_str(c, p->account[rank]);
    else
        pd_copy_null(c);
    pd_copy_row_end(c);
}

/* A day's groups for its rollup rows: each group's person record becomes
 * its person and account rank, packed at the front of the day's table
 * and sorted by person and event name (its hash order is not needed any
 * more: no second copy of the table). */
static int
prepare_day(struct pd_events_direct *d, const struct persons *p,
            struct day_groups *day, struct pd_err *err)
{
    struct group *g = day->slot;
    size_t n = 0;

    for (size_t i = 0; i < day->cap; i++) {
        size_t at;
        if (!g[i].used)
            continue;
        at = (size_t)(g[i].user_ref - d->first_user);
        if (g[i].user_ref < d->first_user || at >= p->n)
            return pd_err_set(err, PD_E_DB,
                              "a rollup group names person record %" PRId32 ","
                              " which this load did not make",
                              g[i].user_ref);
        g[n] = g[i];
        g[n].user_ref = p->person[at];
        g[n].used = (uint32_t)p->rank[at];
        n++;
    }
    qsort(g, n, sizeof(*g), group_order);
    return 0;
}

/* COPY the days' groups into one rollup table, a row per (day, person,
 * name) for rollup_daily, per (day, person) for rollup_user_days: both
 * keys' order, so the rows go in key order.  rollup_daily's COPY prepares
 * each day just before sending it, so that the client's sorting overlaps
 * the server's inserting of the days before (the server is the slower of
 * the two here); rollup_user_days reuses the prepared days. */
static int
copy_rollup(struct pd_events_direct *d, const struct persons *p, bool daily,
            struct pd_err *err)
{
    struct pd_copy c;

    if (pd_copy_begin_binary(
            &c, d->conn,
            daily ? "COPY prodops.rollup_daily (day, person_id, name_id,"
                    " source_id, events, half_hours, account_id)"
                    " FROM STDIN WITH (FORMAT binary)"
                  : "COPY prodops.rollup_user_days (day, person_id,"
                    " source_id, events, half_hours, account_id)"
                    " FROM STDIN WITH (FORMAT binary)",
            err) < 0)
        return -1;
    for (size_t k = 0; k < d->groups.ndays; k++) {
        const struct group *g = d->groups.days[k].slot;
        size_t n = d->groups.days[k].count, run = 0;
        if (daily && prepare_day(d, p, &d->groups.days[k], err) < 0) {
            pd_copy_abort(&c, "a rollup group names an unknown person record");
            return -1;
        }
        for (size_t i = 1; i <= n; i++)
            if (i == n || g[i].user_ref != g[run].user_ref ||
                (daily && g[i].name_id != g[run].name_id)) {
                copy_rollup_row(&c, p, g + run, g + i, d->source, daily);
                run = i;
            }
    }
    return pd_copy_end(&c, err);
}

/* The rollup rows of the file's groups, made here rather than by the
 * server: each group's person record becomes its person (one person may
 * have several records) and account, the days are put in order and each
 * day's groups sorted by person and event name, and the runs of one key
 * summed, COPYed in key order into rollup_daily and again per day and
 * person into rollup_user_days -- the rows usage_file_groups() would give.
 * The server's grouping of the same groups (a hash join, two hash
 * aggregates and a sort) took 5-8 s for the 1 M-event bench files, most of
 * their load's server time. */
static int
store_groups(struct pd_events_direct *d, struct pd_err *err)
{
    struct persons p = {0};
    int rc = -1;

    if (read_persons(d, &p, err) < 0)
        goto out;
    qsort(d->groups.days, d->groups.ndays, sizeof(*d->groups.days), day_order);
    if (copy_rollup(d, &p, true, err) < 0 || copy_rollup(d, &p, false, err) < 0)
        goto out;
    rc = 0;
out:
    persons_release(&p);
    return rc;
}

/* The rollups: nothing of a new source can conflict, so plain inserts,
 * from the loader's groups, or when there were too many of them from the
 * rows the file inserted (usage_rollup_fresh.sql).  Grouped in memory, as
 * the staged merge is (the 4 MB default spilled 63 MB to disk for the 1 M
 * event bench file). */
static int
store_rollups(struct pd_events_direct *d, struct pd_err *err)
{
    char lo[40], hi[40];
    const char *p[3] = {d->file_id, lo, hi};
    PGresult *res;

    if (pd_db_run(d->conn, "SET LOCAL work_mem = '256MB'", 0, NULL, err) < 0)
        return -1;
    if (!d->groups.overflow)
        return store_groups(d, err);
    pd_log_debug("more rollup groups than the loader keeps: the server groups"
                 " the inserted events");
    pd_time_format_iso(d->lo, lo, sizeof(lo));
    pd_time_format_iso(d->hi, hi, sizeof(hi));
    res = pd_db_exec_resource(d->conn, "load/sql/usage_rollup_fresh.sql", 3, p,
                              err);
    if (!res)
        return -1;
    PQclear(res);
    return 0;
}

int
pd_events_direct_finish(struct pd_events_direct *d, const struct pd_copy *c,
                        struct pd_events_counts *n, struct pd_err *err)
{
    d->n.events += c->server_rows;
    *n = d->n;
    if (!d->n.events) /* as a staged file without events: no source row */
        return pd_db_run(d->conn,
                         "DELETE FROM prodops.usage_sources"
                         " WHERE source_id = $1::smallint",
                         1, (const char *const[]){d->source_id}, err);
    if (store_names(d, err) < 0 || store_users(d, err) < 0 ||
        store_rollups(d, err) < 0 || store_exposures(d, err) < 0)
        return -1;
    *n = d->n;
    return 0;
}

void
pd_events_direct_free(struct pd_events_direct *d)
{
    if (!d)
        return;
    pd_strmap_release(&d->names);
    pd_strmap_release(&d->users);
    pd_strmap_release(&d->months);
    for (size_t i = 0; i < d->groups.ndays; i++)
        free(d->groups.days[i].slot);
    free(d->groups.days);
    free(d->groups.index);
    PQclear(d->stored_users);
    pd_buf_release(&d->key);
    pd_buf_release(&d->line);
    if (d->new_names)
        fclose(d->new_names);
    if (d->new_users)
        fclose(d->new_users);
    if (d->exposures)
        fclose(d->exposures);
    free(d);
}
