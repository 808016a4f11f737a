#include "extract/members.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "common/xalloc.h"

/*
 * Members in flight sit in a ring of window = nthreads + 1 slots (member
 * k in slots[k % window]); a worker may take member k only while k <
 * cur + window, so the slot of member k - window has been drained.  Each
 * slot is a queue of batches; a batch holds up to PD_MEMBERS_BATCH items
 * whose text lives in the batch's arena.  A member's last batch is marked
 * last: it carries the member's doubts, and the caller counts them in
 * the source when it passes it.  One mutex and one condition variable:
 * three threads on two cores, and batches of 512 records make the lock
 * rare (one hand-over per ~350 KB of JSON).
 */

enum { MAX_THREADS = 8, BATCH_BYTES = 768 * 1024, ARENA_BLOCK = 1024 * 1024 };

/* One pd_stream_next() result of the worker's stream. */
struct entry {
    int rc;               /* 1 an item, -1 an error (the batch's err) */
    const char *encoding; /* a MEMBER that opened: its encoding */
    bool can_skip;        /* an error confined to its member */
    struct pd_stream_item it;
};

struct batch {
    struct batch *next;
    struct pd_arena arena; /* the items' text */
    struct entry items[PD_MEMBERS_BATCH];
    size_t n;
    size_t bytes; /* text copied, about */
    bool last;    /* the member's last batch */
    struct pd_err err;
    struct pd_source_doubts doubts; /* last: the member's */
};

struct slot {
    struct batch *head, *tail;
    size_t queued;
    bool abandoned; /* the caller skipped it: the worker stops early */
};

struct pd_members {
    pthread_mutex_t mu;
    pthread_cond_t changed;  /* a batch queued or taken, cur moved, stop */
    pthread_mutex_t open_mu; /* one pd_source_open_member() at a time */
    pthread_t threads[MAX_THREADS];
    size_t nthreads;
    struct pd_source *src;
    int64_t *entries;
    size_t n;
    struct pd_stream_opts opts;
    size_t window;
    struct slot *slots;
    size_t next_take; /* the member the next free worker takes */
    size_t cur;       /* the caller's member */
    bool stop;
    struct batch *spare; /* drained batches, for reuse */

    /* The caller's side, not shared. */
    struct batch *reading; /* taken from cur's queue */
    size_t pos;
    bool passed;        /* reading is a last batch already counted */
    struct batch *prev; /* keeps the last item of the batch before valid */
    bool skipping;      /* drop cur's items up to its end */
    bool keep_error;    /* but report an error of its opening (S_DEFERRED) */
    enum pd_stream_type last_type;
};

/* ---- batches ---------------------------------------------------------- */

static struct batch *
batch_get(struct pd_members *m)
{
    struct batch *b;

    pthread_mutex_lock(&m->mu);
    b = m->spare;
    if (b)
        m->spare = b->next;
    pthread_mutex_unlock(&m->mu);
    if (!b) {
        b = pd_xmalloc(sizeof(*b));
        pd_arena_init(&b->arena, ARENA_BLOCK);
    }
    b->next = NULL;
    b->n = 0;
    b->bytes = 0;
    b->last = false;
    pd_err_clear(&b->err);
    memset(&b->doubts, 0, sizeof(b->doubts));
    return b;
}

static void
batch_free(struct batch *b)
{
    if (!b)
        return;
    pd_arena_release(&b->arena);
    free(b);
}

/* Back to the spare list; the caller holds the lock. */
static void
batch_put_locked(struct pd_members *m, struct batch *b)
{
    if (!b)
        return;
    pd_arena_reset(&b->arena);
    b->next = m->spare;
    m->spare = b;
}

static const char *
copy_text(struct batch *b, const char *s, size_t n)
{
    b->bytes += n + 1;
    return pd_arena_strndup(&b->arena, s ? s : "", n);
}

/* Copy n bytes of s to *t, NUL-terminated; returns where it went. */
static const char *
put(char **t, const char *s, size_t n)
{
    char *at = *t;

    if (n)
        memcpy(at, s, n);
    at[n] = '\0';
    *t += n + 1;
    return at;
}

static void
put_fields(char **t, const struct pd_field *f, size_t n, struct pd_field *out)
{
    for (size_t i = 0; i < n; i++) {
        out[i].s = put(t, f[i].s, f[i].len);
        out[i].len = f[i].len;
    }
}

/* Widen [*lo, *hi) to hold the n strings of f and their NULs. */
static void
widen(const struct pd_field *f, size_t n, uintptr_t *lo, uintptr_t *hi)
{
    for (size_t i = 0; i < n; i++) {
        uintptr_t a = (uintptr_t)f[i].s, z = a + f[i].len + 1;

        *lo = a < *lo ? a : *lo;
        *hi = z > *hi ? z : *hi;
    }
}

/* out[i] = f[i] moved from the block at lo to the one at to. */
static void
rebase(const struct pd_field *f, size_t n, uintptr_t lo, char *to,
       struct pd_field *out)
{
    for (size_t i = 0; i < n; i++) {
        out[i].s = to + ((uintptr_t)f[i].s - lo);
        out[i].len = f[i].len;
    }
}

/*
 * A JSON reader's record (pd_jsonl_next()) keeps its names and fields,
 * NULs included, in one buffer, as "name\0value\0" pairs side by side:
 * when they span at most twice their own size they are copied with one
 * memcpy and rebased (issue 15: two copies per field were ~3 % of an
 * Amplitude check's instructions).  Only such records: elsewhere the span
 * could cross two allocations.  false leaves the copy to put_fields().
 */
static bool
copy_block(struct batch *b, const struct pd_record *r, size_t text,
           struct pd_field *f)
{
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    size_t n = r->nfields;
    char *t;

    widen(r->fields, n, &lo, &hi);
    if (r->names)
        widen(r->names, n, &lo, &hi);
    if (n == 0 || hi - lo > 2 * text)
        return false;
    t = pd_arena_alloc(&b->arena, hi - lo);
    memcpy(t, (const char *)lo, hi - lo);
    b->bytes += hi - lo;
    rebase(r->fields, n, lo, t, f);
    if (r->names)
        rebase(r->names, n, lo, t, f + n);
    return true;
}

/* A deep copy of a record (the reader's buffers move on), in a few arena
 * allocations: a JSON record is ~40 strings, and one allocation each was
 * a tenth of the worker's time. */
static void
copy_record(struct batch *b, const struct pd_record *r, bool json,
            struct pd_record *out)
{
    size_t n = r->nfields, text = 0, rest,
           nrej = r->reject ? strlen(r->reject) : 0;
    struct pd_field *f;
    char *t;

    for (size_t i = 0; i < n; i++)
        text += r->fields[i].len + 1 + (r->names ? r->names[i].len + 1 : 0);
    rest = (r->raw ? r->raw_len + 1 : 0) + (r->reject ? nrej + 1 : 0);
    f = pd_arena_alloc(&b->arena, (2 * n + 1) * sizeof(*f));
    *out = *r;
    if (json && copy_block(b, r, text, f)) {
        t = pd_arena_alloc(&b->arena, rest + 1);
    } else {
        t = pd_arena_alloc(&b->arena, text + rest + 1);
        b->bytes += text;
        put_fields(&t, r->fields, n, f);
        if (r->names)
            put_fields(&t, r->names, n, f + n);
    }
    b->bytes += rest;
    out->fields = f;
    out->names = r->names ? f + n : NULL;
    out->raw = r->raw ? put(&t, r->raw, r->raw_len) : NULL;
    out->reject = r->reject ? put(&t, r->reject, nrej) : NULL;
}

static void
add_item(struct batch *b, const struct pd_stream_item *it, const char *enc)
{
    struct entry *e = &b->items[b->n++];

    e->rc = 1;
    e->encoding = enc ? copy_text(b, enc, strlen(enc)) : NULL;
    e->can_skip = false;
    e->it = *it;
    if (it->member)
        e->it.member = copy_text(b, it->member, strlen(it->member));
    if (it->type == PD_STREAM_HEADER || it->type == PD_STREAM_RECORD)
        copy_record(b, &it->rec,
                    it->type == PD_STREAM_RECORD &&
                        it->format == PD_STREAM_JSON,
                    &e->it.rec);
}

static void
add_error(struct batch *b, const struct pd_err *err, bool can_skip)
{
    struct entry *e = &b->items[b->n++];

    memset(e, 0, sizeof(*e));
    e->rc = -1;
    e->can_skip = can_skip;
    b->err = *err;
}

/* ---- workers ---------------------------------------------------------- */

/* Queue b as member k's; a full queue waits for the caller.  false when
 * the worker should stop reading this member (b is then recycled). */
static bool
push(struct pd_members *m, size_t k, struct batch *b)
{
    struct slot *s = &m->slots[k % m->window];
    bool ok;

    pthread_mutex_lock(&m->mu);
    while (!b->last && s->queued >= PD_MEMBERS_QUEUE && !m->stop &&
           !s->abandoned)
        pthread_cond_wait(&m->changed, &m->mu);
    ok = !m->stop && (b->last || !s->abandoned);
    if (ok) {
        if (s->tail)
            s->tail->next = b;
        else
            s->head = b;
        s->tail = b;
        s->queued++;
        pthread_cond_broadcast(&m->changed);
    } else {
        batch_put_locked(m, b);
    }
    pthread_mutex_unlock(&m->mu);
    return ok;
}

/* Read member k into its queue, ending with a last batch. */
static void
read_member(struct pd_members *m, size_t k)
{
    struct pd_err err = PD_ERR_INIT;
    struct batch *b = batch_get(m);
    struct pd_source *src;
    struct pd_stream *st;
    struct pd_stream_item it;
    int rc;

    /* libzip's open calls tzset(): glibc locks it, but ThreadSanitizer
     * cannot see that lock.  Opening one handle at a time keeps its
     * reports to real races, for one central-directory read per member. */
    pthread_mutex_lock(&m->open_mu);
    src = pd_source_open_member(m->src, m->entries[k], &err);
    pthread_mutex_unlock(&m->open_mu);
    st = src ? pd_stream_open_source(src, &m->opts) : NULL;
    if (!st)
        add_error(b, &err, false);
    while (st && (rc = pd_stream_next(st, &it, &err)) != 0) {
        if (rc < 0) {
            add_error(b, &err, pd_stream_can_skip(st));
            break;
        }
        /* The worker's stream has one member: an encoding means it
         * opened. */
        add_item(b, &it,
                 it.type == PD_STREAM_MEMBER && *pd_stream_encoding(st)
                     ? pd_stream_encoding(st)
                     : NULL);
        if (b->n == PD_MEMBERS_BATCH || b->bytes >= BATCH_BYTES) {
            if (!push(m, k, b)) {
                b = batch_get(m);
                break;
            }
            b = batch_get(m);
        }
    }
    if (st)
        b->doubts = *pd_source_doubts(pd_stream_source(st));
    b->last = true;
    push(m, k, b);
    pd_stream_close(st);
}

/* The next member to read, or n when there is none (or stop). */
static size_t
take(struct pd_members *m)
{
    size_t k = m->n;

    pthread_mutex_lock(&m->mu);
    while (!m->stop && m->next_take < m->n &&
           m->next_take >= m->cur + m->window)
        pthread_cond_wait(&m->changed, &m->mu);
    if (!m->stop && m->next_take < m->n) {
        k = m->next_take++;
        memset(&m->slots[k % m->window], 0, sizeof(struct slot));
    }
    pthread_mutex_unlock(&m->mu);
    return k;
}

static void *
work(void *arg)
{
    struct pd_members *m = arg;
    size_t k;

    while ((k = take(m)) < m->n)
        read_member(m, k);
    return NULL;
}

/* ---- the caller ------------------------------------------------------- */

struct pd_members *
pd_members_start(struct pd_source *src, const int64_t *entries, size_t n,
                 size_t nthreads, const struct pd_stream_opts *opts)
{
    struct pd_members *m = pd_xcalloc(1, sizeof(*m));
    sigset_t all, old;

    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    m->src = src;
    m->n = n;
    m->entries = pd_xmalloc((n ? n : 1) * sizeof(*entries));
    memcpy(m->entries, entries, n * sizeof(*entries));
    if (opts)
        m->opts = *opts;
    m->window = nthreads + 1;
    m->slots = pd_xcalloc(m->window, sizeof(*m->slots));
    pthread_mutex_init(&m->mu, NULL);
    pthread_mutex_init(&m->open_mu, NULL);
    pthread_cond_init(&m->changed, NULL);
    /* The workers (and their readahead threads) take no signals: SIGTERM
     * and SIGINT go to the caller's thread, whose flag jobs/ checks
     * between files and whose pselect() they must wake. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    while (m->nthreads < nthreads &&
           pthread_create(&m->threads[m->nthreads], NULL, work, m) == 0)
        m->nthreads++;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (m->nthreads == 0) {
        pd_members_stop(m);
        return NULL;
    }
    return m;
}

/* Wait for the next batch of the current member. */
static void
next_batch(struct pd_members *m)
{
    struct slot *s = &m->slots[m->cur % m->window];
    struct batch *b;

    pthread_mutex_lock(&m->mu);
    while (!s->head)
        pthread_cond_wait(&m->changed, &m->mu);
    b = s->head;
    s->head = b->next;
    if (!s->head)
        s->tail = NULL;
    s->queued--;
    batch_put_locked(m, m->prev);
    pthread_cond_broadcast(&m->changed);
    pthread_mutex_unlock(&m->mu);
    m->prev = m->reading;
    m->reading = b;
    m->pos = 0;
    m->passed = false;
}

/* The current member's last batch is read: count it and move on. */
static void
member_done(struct pd_members *m)
{
    pd_source_account(m->src, m->entries[m->cur], &m->reading->doubts);
    pthread_mutex_lock(&m->mu);
    m->cur++;
    pthread_cond_broadcast(&m->changed);
    pthread_mutex_unlock(&m->mu);
    m->skipping = m->keep_error = false;
    /* reading stays until the next batch: its last item may be borrowed. */
}

int
pd_members_next(struct pd_members *m, struct pd_stream_item *it,
                const char **encoding, bool *can_skip, struct pd_err *err)
{
    for (;;) {
        const struct entry *e;

        if (m->cur == m->n)
            return 0;
        if (!m->reading || m->pos == m->reading->n) {
            if (m->reading && m->reading->last && !m->passed) {
                m->passed = true; /* counted once */
                member_done(m);
                continue;
            }
            next_batch(m);
            continue;
        }
        e = &m->reading->items[m->pos++];
        if (m->skipping && !(e->rc < 0 && m->keep_error)) {
            m->keep_error = false;
            continue;
        }
        m->keep_error = false;
        if (e->rc < 0) {
            *err = m->reading->err;
            *can_skip = e->can_skip;
            m->last_type = PD_STREAM_END;
            return -1;
        }
        *it = e->it;
        *encoding = e->encoding;
        m->last_type = it->type;
        return 1;
    }
}

void
pd_members_skip(struct pd_members *m)
{
    if (m->cur == m->n)
        return;
    m->skipping = true;
    /* Skipped right after its MEMBER, a member that could not be opened
     * still reports why (the sequential stream's S_DEFERRED). */
    m->keep_error = m->last_type == PD_STREAM_MEMBER;
    pthread_mutex_lock(&m->mu);
    m->slots[m->cur % m->window].abandoned = true;
    pthread_cond_broadcast(&m->changed);
    pthread_mutex_unlock(&m->mu);
}

void
pd_members_stop(struct pd_members *m)
{
    struct batch *b;

    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    m->stop = true;
    pthread_cond_broadcast(&m->changed);
    pthread_mutex_unlock(&m->mu);
    for (size_t i = 0; i < m->nthreads; i++)
        pthread_join(m->threads[i], NULL);
    for (size_t i = 0; i < m->window; i++)
        while ((b = m->slots[i].head)) {
            m->slots[i].head = b->next;
            batch_free(b);
        }
    while ((b = m->spare)) {
        m->spare = b->next;
        batch_free(b);
    }
    batch_free(m->reading);
    batch_free(m->prev);
    pthread_cond_destroy(&m->changed);
    pthread_mutex_destroy(&m->open_mu);
    pthread_mutex_destroy(&m->mu);
    free(m->slots);
    free(m->entries);
    free(m);
}
