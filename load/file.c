#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/printable.h"
#include "common/sha256.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "load/copy.h"
#include "load/db.h"
#include "load/events.h"
#include "load/stage.h"
#include "transform/profile.h"
#include "transform/unmapped.h"

/* How one attempt at a file ended. */
enum attempt {
    ATTEMPT_DONE,    /* committed, or skipped */
    ATTEMPT_STAGED,  /* a direct load met a repeated key: load via staging */
    ATTEMPT_BAD,     /* the file is rejected as a whole: l->bad says why */
    ATTEMPT_RESTART, /* day/month order was wrong: run again flipped */
    ATTEMPT_ENV      /* environment failure: *err */
};

/* Where the current archive member's rows and rejects start, so that a
 * corrupt member can be taken back whole. */
struct member {
    const char *name; /* name, or NULL */
    char name_buf[1024];
    int64_t ord, read, rejected, expected;
    long spool;
};

/* The file's SHA-256 computed on a thread beside the load (fingerprint()),
 * joined before the file's row may commit (settle_fingerprint()). */
struct hasher {
    pthread_t thread;
    bool running;
    char path[4096];
    char sha[65];
    struct pd_err err;
    int rc;
};

struct load {
    PGconn *conn; /* NULL: no database (pd_file_check) */
    const struct pd_file_opts *o;
    struct pd_file_result *r;
    int64_t run_id;
    struct pd_file_info fi;
    char sha[65];
    struct hasher hasher;
    struct timespec t0;
    struct pd_rows *rows;     /* transform, across attempts */
    struct pd_stream *stream; /* extract, per attempt */
    bool archive;
    enum pd_kind kind;
    struct pd_copy copy;
    struct pd_stage_direct deferred; /* a direct load's index rebuilds */
    struct pd_events_direct *events; /* a direct usage load, or NULL */
    bool copying;
    bool direct;         /* COPY straight into the core table */
    bool force_staging;  /* direct load failed once: stage this file */
    int64_t previous_id; /* --reprocess: the load this one replaces */
    FILE *spool;
    int64_t ord;
    char first_reject[300];
    int64_t expected_rejects; /* not counted toward max_reject_ratio */
    struct pd_err bad;        /* why the file is bad */
    struct member member;
    int64_t forget[64][2]; /* staged ord ranges of corrupt members */
    size_t nforget;
};

const char *
pd_file_outcome_name(enum pd_file_outcome o)
{
    switch (o) {
    case PD_FILE_LOADED:
        return "loaded";
    case PD_FILE_SKIPPED:
        return "skipped";
    case PD_FILE_REJECTED:
        return "rejected";
    case PD_FILE_UNREADABLE:
        return "unreadable";
    }
    return "?";
}

static double
elapsed(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- fingerprint ------------------------------------------------------ */

enum { CHUNK = 1 << 20 };

/* Opened without blocking and checked to be a regular file: a FIFO put
 * in the file's place after the listing must not hang the run. */
static int
hash_file(const char *path, char hex[65], struct pd_err *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *f;
    struct stat st;
    struct pd_sha256 c;
    unsigned char digest[32];
    char *chunk;
    size_t n;

    if (fd < 0 || fstat(fd, &st) != 0) {
        pd_err_set(err, PD_E_IO, "cannot open '%s': %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return pd_err_set(err, PD_E_IO, "cannot read '%s': not a regular file",
                          path);
    }
    f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return pd_err_set(err, PD_E_IO, "cannot open '%s': %s", path,
                          strerror(errno));
    }
    chunk = pd_xmalloc(CHUNK);
    pd_sha256_init(&c);
    while ((n = fread(chunk, 1, CHUNK, f)) > 0)
        pd_sha256_update(&c, chunk, n);
    free(chunk);
    if (ferror(f)) {
        fclose(f);
        return pd_err_set(err, PD_E_IO, "cannot read '%s': %s", path,
                          strerror(errno));
    }
    fclose(f);
    pd_sha256_final(&c, digest);
    pd_sha256_hex(digest, hex);
    return 0;
}

/* 1 skipped (r filled), 0 go on, -1 env error.  With --reprocess a
 * loaded file goes on, to replace its earlier load (usage files too since
 * issue 15: the earlier load's events are taken out first, so events keyed
 * by a hash of their time cannot come back as a second copy). */
static int
already_loaded(struct load *l, bool may_reprocess, struct pd_err *err)
{
    char loaded_at[40], kind[16];
    int64_t id;
    int rc = pd_ledger_find_sha(l->conn, l->sha, &id, loaded_at, kind, err);
    if (rc <= 0)
        return rc;
    if (l->o->reprocess && may_reprocess) {
        l->previous_id = l->fi.reprocess_of = l->r->reprocess_of = id;
        l->force_staging = true; /* the merge is what replaces rows */
        return 0;
    }
    l->r->outcome = PD_FILE_SKIPPED;
    l->r->file_id = id;
    snprintf(l->r->reason, sizeof(l->r->reason),
             "already loaded as file %" PRId64 " on %s", id, loaded_at);
    return 1;
}

static void *
hash_thread(void *arg)
{
    struct hasher *h = arg;

    h->rc = hash_file(h->path, h->sha, &h->err);
    return NULL;
}

/* Hash on a thread while the load reads the file: the pass over the whole
 * file was serial, 0.36 s of a ~4.5 s load for the 430 MB Mixpanel bench
 * file on an idle machine, and the second core is not busy all the time
 * during a load.  Until the hash is known the file's row holds a
 * placeholder, unique to this process and moment (the row is not visible
 * to others before its commit, and settle_fingerprint() replaces it
 * first).  0 started, -1 not (the caller hashes first). */
static int
start_hasher(struct load *l, const char *path)
{
    struct hasher *h = &l->hasher;
    struct timespec t;

    if (strlen(path) >= sizeof(h->path))
        return -1;
    snprintf(h->path, sizeof(h->path), "%s", path);
    if (pthread_create(&h->thread, NULL, hash_thread, h) != 0)
        return -1;
    h->running = true;
    clock_gettime(CLOCK_REALTIME, &t);
    snprintf(l->sha, sizeof(l->sha), "pending:%ld:%lld.%09ld", (long)getpid(),
             (long long)t.tv_sec, t.tv_nsec);
    return 0;
}

/* Wait for the hash thread: 0 with l->sha the file's hash (or nothing to
 * wait for), -1 with l->bad set when the file could not be read. */
static int
join_hasher(struct load *l)
{
    struct hasher *h = &l->hasher;

    if (!h->running)
        return 0;
    pthread_join(h->thread, NULL);
    h->running = false;
    if (h->rc < 0) {
        l->bad = h->err;
        return -1;
    }
    memcpy(l->sha, h->sha, sizeof(l->sha));
    return 0;
}

/* 1 skipped (r filled), 0 go on, -1 env error.  A file whose path, size
 * and mtime match a loaded file's takes its hash from the ledger; a new
 * one is hashed beside the load (start_hasher()) unless it is to be
 * reprocessed, which must know the load it replaces first. */
static int
fingerprint(struct load *l, const char *path, struct stat *st,
            struct pd_err *err)
{
    int rc;

    l->fi.size = (int64_t)st->st_size;
    l->fi.mtime_ns =
        (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
    /* Same path, size and mtime as a loaded file: no need to hash it. */
    rc = pd_ledger_find_stat(l->conn, path, l->fi.size, l->fi.mtime_ns, l->sha,
                             err);
    if (rc < 0)
        return -1;
    if (rc == 0 && !l->o->reprocess && start_hasher(l, path) == 0)
        return 0;
    if (rc == 0 && hash_file(path, l->sha, &l->bad) < 0)
        return 0; /* unreadable: a bad file, reported by the caller */
    return already_loaded(l, true, err);
}

static void rollback(struct load *l);

/* After the unique index on loaded hashes refused this file's row (its
 * transaction rolled back): the loaded file that holds the hash, as a
 * skip.  Should that row be gone by now (reprocessed or forgotten
 * meanwhile), an error that says to run again -- never a silent
 * outcome for a file whose load was rolled back.  0 skipped, -1 *err. */
static int
skip_as_loaded(struct load *l, struct pd_err *err)
{
    int rc = already_loaded(l, false, err);

    if (rc > 0)
        return 0;
    if (rc == 0)
        pd_err_set(err, PD_E_DB,
                   "'%s': another run recorded the same content and then "
                   "changed its record; nothing of this file was kept: "
                   "run the ingest again",
                   l->r->name);
    return -1;
}

/* Once the file is read, before anything of it may commit: the hash
 * joined and put in the file's row.  1 the file goes on; 0 the same file
 * was loaded before (or by a concurrent run meanwhile: the unique index
 * waits for it), the transaction rolled back and l->r says skipped; -1
 * with l->bad (the file became unreadable); -2 with *err (the database).
 * A file loaded before under another path or mtime is so found only after
 * its load, which is then rolled back: the price of hashing beside it. */
static int
settle_fingerprint(struct load *l, struct pd_err *err)
{
    const char *p[2];
    char id[24];
    PGresult *res;

    if (!l->hasher.running)
        return 1;
    if (join_hasher(l) < 0)
        return -1;
    snprintf(id, sizeof(id), "%" PRId64, l->r->file_id);
    p[0] = id;
    p[1] = l->sha;
    res = PQexecParams(l->conn,
                       "UPDATE prodops.files SET sha256 = $2"
                       " WHERE file_id = $1::bigint",
                       2, NULL, p, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_COMMAND_OK) {
        PQclear(res);
        return 1;
    }
    if (strcmp(pd_db_sqlstate(res), "23505") != 0) {
        pd_db_fail(err, l->conn, res, "cannot record the file's hash");
        PQclear(res);
        return -2;
    }
    PQclear(res);
    rollback(l);
    return skip_as_loaded(l, err) < 0 ? -2 : 0;
}

/* ---- rows ------------------------------------------------------------- */

static int
spool_reject(struct load *l, const struct pd_record *rec,
             const struct pd_row_reject *rej)
{
    struct pd_buf raw = PD_BUF_INIT;
    int rc;

    pd_utf8_repair(&raw, rec->raw ? rec->raw : "", rec->raw_len);
    rc = pd_stage_spool_reject(l->spool, l->archive ? l->member.name : NULL,
                               rec->line, rej->column, rej->reason, raw.buf,
                               raw.len);
    pd_buf_release(&raw);
    if (!l->first_reject[0] && !rej->expected)
        snprintf(l->first_reject, sizeof(l->first_reject), "line %ld%s%s%s: %s",
                 rec->line, rej->column ? ", '" : "",
                 rej->column ? rej->column : "", rej->column ? "'" : "",
                 rej->reason);
    l->r->n.rejected++;
    l->expected_rejects += rej->expected;
    return rc;
}

/* The rejects spool is a temporary file: failing to write it is an
 * environment failure (disk full), not bad input. */
static enum attempt
spool_failed(struct pd_err *err)
{
    pd_err_set(err, PD_E_IO, "cannot write the rejects spool: %s",
               strerror(errno));
    return ATTEMPT_ENV;
}

/* A canonical row into the COPY of its kind.  A direct usage load's
 * failure (a COPY restart, its spools) is the COPY's sticky error. */
static void
stage_row(struct load *l, const struct pd_rows_item *it)
{
    long line = it->rec->line;
    struct pd_err ignored = PD_ERR_INIT;

    switch (it->kind) {
    case PD_KIND_USAGE:
        if (l->events)
            (void)pd_events_direct_row(l->events, &l->copy, &it->row.event,
                                       &ignored);
        else
            pd_stage_event(&l->copy, ++l->ord, l->r->source, &it->row.event);
        break;
    case PD_KIND_TICKETS:
        if (l->direct)
            pd_stage_direct_ticket(&l->deferred, &l->copy, l->r->file_id,
                                   l->r->source, &it->row.ticket);
        else
            pd_stage_ticket(&l->copy, ++l->ord, line, l->r->source,
                            &it->row.ticket);
        break;
    case PD_KIND_NPS:
        pd_stage_nps(&l->copy, ++l->ord, line, l->r->source, &it->row.nps);
        break;
    case PD_KIND_RELEASES:
        pd_stage_release(&l->copy, ++l->ord, line, l->r->source,
                         &it->row.release);
        break;
    case PD_KIND_REQUESTS:
        pd_stage_request(&l->copy, ++l->ord, line, l->r->source,
                         &it->row.request);
        break;
    default:
        pd_stage_account(&l->copy, ++l->ord, line, &it->row.account);
        break;
    }
}

/* A row or a reject: counted, then COPYed or spooled.  -1: the spool
 * could not be written. */
static int
take_row(struct load *l, const struct pd_rows_item *it)
{
    l->r->n.read++;
    if (it->type == PD_ROWS_REJECT)
        return spool_reject(l, it->rec, &it->rej);
    if (it->kind == PD_KIND_NONE) /* parse only */
        return 0;
    if (l->conn)
        stage_row(l, it);
    else
        l->r->n.loaded++;
    return 0;
}

static void
progress(struct load *l, bool done)
{
    const struct pd_source *src = pd_stream_source(l->stream);

    if (!l->o->progress || (!done && (l->r->n.read & 0xffff) != 0))
        return;
    l->o->progress(l->o->progress_ctx, l->r, pd_source_bytes_done(src),
                   pd_source_bytes_total(src), elapsed(&l->t0), done);
}

/* ---- members ---------------------------------------------------------- */

/* The profile the first header chose: the file's kind, profile and
 * source (also when the file turns out bad: the ledger says what it was
 * read as). */
static void
note_profile(struct load *l)
{
    const struct pd_profile *p = pd_rows_profile(l->rows);

    if (!p)
        return;
    l->kind = p->kind;
    snprintf(l->r->profile, sizeof(l->r->profile), "%s", p->name);
    snprintf(l->r->kind, sizeof(l->r->kind), "%s", pd_kind_name(l->kind));
    /* Stored in every row and printed by reports: printable, like names. */
    pd_printable(l->o->source ? l->o->source
                 : p->source  ? p->source
                              : p->name,
                 l->r->source, sizeof(l->r->source));
}

/* The profile is known: start the COPY, straight into the core table on
 * a source's first load, else into the staging table. */
static enum attempt
start_copy(struct load *l, struct pd_err *err)
{
    int rc;

    note_profile(l);
    if (!l->conn)
        return ATTEMPT_DONE;
    if (l->force_staging)
        rc = 0;
    else if (l->kind == PD_KIND_USAGE)
        rc = pd_events_direct_begin(l->conn, l->r->source, l->r->file_id,
                                    &l->events, &l->copy, err);
    else
        rc = pd_stage_begin_direct(l->conn, l->kind, l->r->source, &l->deferred,
                                   &l->copy, err);
    if (rc == 0) {
        pd_events_direct_free(l->events);
        l->events = NULL;
    } else if (rc > 0) {
        pd_log_debug("%s: a first load of '%s': straight into the table",
                     l->r->name, l->r->source);
    }
    if (rc == 0)
        rc = pd_stage_begin(l->conn, l->kind, &l->copy, err) < 0 ? -1 : 0;
    else
        l->direct = true;
    if (rc < 0)
        return ATTEMPT_ENV;
    l->copying = true;
    return ATTEMPT_DONE;
}

static void
begin_member(struct load *l, const char *name)
{
    struct member *m = &l->member;

    /* A member's name is stored with its rejects and printed: printable
     * (zip names are whatever the archiver wrote). */
    m->name =
        name ? pd_printable(name, m->name_buf, sizeof(m->name_buf)) : NULL;
    m->ord = l->ord + 1;
    m->read = l->r->n.read;
    m->rejected = l->r->n.rejected;
    m->expected = l->expected_rejects;
    if (l->spool) {
        fflush(l->spool);
        m->spool = ftell(l->spool);
    }
}

/* A corrupt archive member (truncated gzip, bad JSON array, bad CRC) is
 * taken back whole -- its rows staged so far are dropped before the merge
 * and its rejects unspooled -- and becomes one reject naming the member;
 * the other members still load (issue 3). */
static enum attempt
take_back_member(struct load *l, struct pd_err *err)
{
    struct pd_row_reject rej = {NULL, NULL, false};
    struct member *m = &l->member;
    char why[4 * sizeof(l->bad.msg)];
    char reason[sizeof(why) + sizeof(m->name_buf) + 128];
    struct pd_record rec;
    int64_t lost = l->r->n.read - m->read;

    /* Rows COPYed straight into the core table cannot be taken back. */
    if (l->direct)
        return ATTEMPT_STAGED;
    if (l->nforget == sizeof(l->forget) / sizeof(l->forget[0]))
        return ATTEMPT_BAD;
    if (l->ord >= m->ord) {
        l->forget[l->nforget][0] = m->ord;
        l->forget[l->nforget][1] = l->ord;
        l->nforget++;
    }
    l->r->n.read = m->read + 1;
    l->r->n.rejected = m->rejected;
    l->expected_rejects = m->expected;
    if (fflush(l->spool) != 0 || ftruncate(fileno(l->spool), m->spool) != 0 ||
        fseek(l->spool, m->spool, SEEK_SET) != 0)
        return pd_err_set(err, PD_E_IO, "cannot rewind the rejects spool"),
               ATTEMPT_ENV;
    memset(&rec, 0, sizeof(rec));
    rec.line = l->bad.line;
    pd_printable(l->bad.msg, why, sizeof(why));
    snprintf(reason, sizeof(reason),
             "corrupt archive member '%s' (%s): none of its %" PRId64
             " records read are loaded",
             m->name ? m->name : "?", why, lost);
    rej.reason = reason;
    pd_log_warning("%s: %s", l->r->name, rej.reason);
    pd_err_clear(&l->bad);
    return spool_reject(l, &rec, &rej) < 0 ? spool_failed(err) : ATTEMPT_DONE;
}

static enum attempt
take_item(struct load *l, const struct pd_rows_item *it, struct pd_err *err)
{
    switch (it->type) {
    case PD_ROWS_MEMBER:
        begin_member(l, it->member);
        return ATTEMPT_DONE;
    case PD_ROWS_PROFILE:
        return start_copy(l, err);
    case PD_ROWS_ROW:
    case PD_ROWS_REJECT:
        break;
    }
    if (take_row(l, it) < 0)
        return spool_failed(err);
    /* Records read with a header are not checked: the next one is. */
    if (it->with_header)
        return ATTEMPT_DONE;
    if (pd_rows_contradiction(l->rows))
        return ATTEMPT_RESTART;
    if (l->copying && l->copy.failed) {
        *err = l->copy.err;
        /* A direct usage load restarts its COPY at a new month: a key
         * repeated among the rows before shows here. */
        return l->direct && pd_stage_is_duplicate_key(err) ? ATTEMPT_STAGED
                                                           : ATTEMPT_ENV;
    }
    progress(l, false);
    return ATTEMPT_DONE;
}

/* The file's error: a bad configured profile is the caller's (the run
 * stops), an error confined to an archive member takes that member back,
 * anything else rejects the file. */
static enum attempt
read_failed(struct load *l, struct pd_err *err)
{
    enum attempt a;

    note_profile(l);
    if (l->bad.code == PD_E_CONFIG || l->bad.code == PD_E_USAGE) {
        *err = l->bad;
        return ATTEMPT_ENV;
    }
    if (!pd_rows_can_skip(l->rows))
        return ATTEMPT_BAD;
    a = take_back_member(l, err);
    pd_rows_skip_member(l->rows);
    return a;
}

/* Extract -> transform -> load: the stream's records through the rows
 * stage into the COPY and the rejects spool. */
static enum attempt
read_file(struct load *l, struct pd_err *err)
{
    struct pd_rows_item it;
    enum attempt a = ATTEMPT_DONE;
    int rc;

    l->stream = pd_stream_open(l->r->path, &l->o->stream, &l->bad);
    if (!l->stream)
        return ATTEMPT_BAD;
    l->archive = pd_stream_is_archive(l->stream);
    pd_rows_begin(l->rows, l->stream);
    while (a == ATTEMPT_DONE && (rc = pd_rows_next(l->rows, &it, &l->bad)) != 0)
        a = rc < 0 ? read_failed(l, err) : take_item(l, &it, err);
    progress(l, true);
    snprintf(l->r->encoding, sizeof(l->r->encoding), "%s",
             pd_stream_encoding(l->stream));
    l->r->doubts = *pd_source_doubts(pd_stream_source(l->stream));
    pd_stream_close(l->stream);
    l->stream = NULL;
    return a;
}

/* ---- commit ----------------------------------------------------------- */

static char *
warnings_json(const struct pd_row_stats *s, const struct pd_source_doubts *d)
{
    struct pd_buf b = PD_BUF_INIT, list = PD_BUF_INIT;
    const struct {
        const char *key;
        size_t v;
    } w[] = {{"status_other", s->status_other},
             {"priority_other", s->priority_other},
             {"channel_other", s->channel_other},
             {"satisfaction_other", s->satisfaction_other},
             {"tags_truncated", s->tags_truncated},
             {"text_repaired", s->text_repaired}};
    size_t k = 0;

    pd_buf_addch(&b, '{');
    for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
        if (w[i].v)
            pd_buf_addf(&b, "%s\"%s\": %zu", k++ ? ", " : "", w[i].key, w[i].v);
    /* Issue 12.15: what the decoder read against the file's label. */
    if (d->bytes)
        pd_buf_addf(&b, "%s\"%s\": %" PRIu64 ", \"first_decoded_line\": %ld",
                    k++ ? ", " : "",
                    d->as_cp1252 ? "bytes_not_utf8" : "utf8_in_cp1252",
                    d->bytes, d->first_line);
    /* Issue 13: which values landed in other (or NULL), not only how many
     * (load/README.md, "Unmapped values"). */
    if (pd_unmapped_json(&s->unmapped, &list))
        pd_buf_addf(&b, "%s\"unmapped\": [%s]", k++ ? ", " : "", list.buf);
    pd_buf_release(&list);
    pd_buf_addch(&b, '}');
    return pd_buf_detach(&b, NULL);
}

static bool
too_many_rejects(struct load *l)
{
    const struct pd_file_counts *n = &l->r->n;
    int64_t bad = n->rejected - l->expected_rejects;

    if (bad <= 0 || n->read == 0)
        return false;
    if ((double)bad <= l->o->max_reject_ratio * (double)n->read)
        return false;
    pd_err_set(&l->bad, PD_E_REJECTED,
               "%" PRId64 " of %" PRId64 " rows rejected (%.1f%%, more than "
               "max_reject_ratio %.0f%%): a mapping problem, not dirty data; "
               "first: %s",
               bad, n->read, 100.0 * (double)bad / (double)n->read,
               100.0 * l->o->max_reject_ratio, l->first_reject);
    return true;
}

/* A direct usage load's dictionaries, rollups and exposures; its counts
 * are the server's over every COPY it ran. */
static int
direct_events_finish(struct load *l, struct pd_merge_counts *m,
                     struct pd_err *err)
{
    struct pd_events_counts ev;

    if (pd_events_direct_finish(l->events, &l->copy, &ev, err) < 0)
        return -1;
    m->staged = m->distinct = m->inserted = ev.events;
    return 0;
}

/* Merge, rejects, ledger: the file's transaction is still open. */
static enum attempt
finish_load(struct load *l, struct pd_err *err)
{
    struct pd_merge_counts m;
    struct pd_file_counts *n = &l->r->n;
    char *warn;
    int rc;

    for (size_t i = 0; i < l->nforget; i++)
        if (pd_stage_forget(l->conn, l->kind, l->forget[i][0], l->forget[i][1],
                            err) < 0)
            return ATTEMPT_ENV;
    if (l->direct) {
        /* A first load went straight into the table: all rows are new. */
        m.staged = m.distinct = m.inserted = l->copy.server_rows;
        m.updated = 0;
        m.withdrawn = 0;
        if (l->events
                ? direct_events_finish(l, &m, err) < 0
                : pd_stage_direct_finish(l->conn, l->kind, l->r->file_id,
                                         l->r->source, &l->deferred, err) < 0)
            return pd_stage_is_duplicate_key(err) ? ATTEMPT_STAGED
                                                  : ATTEMPT_ENV;
    } else if (pd_stage_merge(l->conn, l->kind, l->r->file_id, l->previous_id,
                              &m, err) < 0) {
        /* PD_E_PARSE: the file's data cannot load (two event keys with one
         * hash), not the database: reject the file, load the others. */
        if (err->code != PD_E_PARSE)
            return ATTEMPT_ENV;
        l->bad = *err;
        pd_err_clear(err);
        return ATTEMPT_BAD;
    }
    /* SPEC §5: a file that does not reconcile is a bug and fails loudly. */
    if (m.staged != n->read - n->rejected) {
        pd_err_set(err, PD_E_INTERNAL,
                   "'%s' does not reconcile: %" PRId64 " rows read, %" PRId64
                   " rejected, but %" PRId64 " staged",
                   l->r->name, n->read, n->rejected, m.staged);
        return ATTEMPT_ENV;
    }
    n->loaded = m.inserted;
    n->updated = m.updated;
    n->duplicate = m.staged - m.inserted - m.updated;
    n->withdrawn = m.withdrawn;
    if (n->rejected &&
        pd_stage_load_rejects(l->conn, l->spool, l->r->file_id, err) < 0)
        return ATTEMPT_ENV;
    if (l->kind == PD_KIND_ACCOUNTS &&
        pd_stage_reresolve_accounts(l->conn, err) < 0)
        return ATTEMPT_ENV;
    l->r->stats = *pd_rows_stats(l->rows);
    l->r->seconds = elapsed(&l->t0);
    warn = warnings_json(&l->r->stats, &l->r->doubts);
    rc = pd_ledger_file_finish(l->conn, l->r->file_id, &l->fi, n, warn,
                               l->r->seconds, err);
    free(warn);
    if (rc < 0 || pd_db_run(l->conn, "COMMIT", 0, NULL, err) < 0)
        return ATTEMPT_ENV;
    l->r->outcome = PD_FILE_LOADED;
    return ATTEMPT_DONE;
}

/* ---- attempts --------------------------------------------------------- */

static void
reset_attempt(struct load *l)
{
    memset(&l->r->n, 0, sizeof(l->r->n));
    l->nforget = 0;
    l->ord = 0;
    l->first_reject[0] = '\0';
    l->expected_rejects = 0;
    l->copying = false;
    l->direct = false;
    pd_stage_direct_release(&l->deferred);
    pd_events_direct_free(l->events);
    l->events = NULL;
    pd_err_clear(&l->bad);
    if (l->spool)
        fclose(l->spool);
    l->spool = tmpfile();
}

static void
rollback(struct load *l)
{
    if (l->copying) {
        pd_copy_abort(&l->copy, "file abandoned");
        l->copying = false;
    }
    PQclear(PQexec(l->conn, "ROLLBACK"));
}

static enum attempt
attempt(struct load *l, struct pd_err *err)
{
    enum attempt a;
    int rc;

    reset_attempt(l);
    if (!l->spool)
        return pd_err_set(err, PD_E_IO, "cannot create a temporary file: %s",
                          strerror(errno)),
               ATTEMPT_ENV;
    if (pd_db_run(l->conn, "BEGIN", 0, NULL, err) < 0)
        return ATTEMPT_ENV;
    if (l->previous_id &&
        (rc = pd_ledger_file_supersede(l->conn, l->previous_id, err)) <= 0) {
        rollback(l);
        if (rc < 0)
            return ATTEMPT_ENV;
        l->r->outcome = PD_FILE_SKIPPED;
        snprintf(l->r->reason, sizeof(l->r->reason),
                 "file %" PRId64 " was reprocessed by another run meanwhile",
                 l->previous_id);
        return ATTEMPT_DONE;
    }
    rc = pd_ledger_file_begin(l->conn, &l->fi, l->run_id, &l->r->file_id, err);
    if (rc <= 0) {
        rollback(l);
        if (rc < 0)
            return ATTEMPT_ENV;
        /* Loaded by a concurrent run meanwhile. */
        return skip_as_loaded(l, err) < 0 ? ATTEMPT_ENV : ATTEMPT_DONE;
    }
    a = read_file(l, err);
    if (a == ATTEMPT_DONE && l->copying) {
        l->copying = false;
        if (pd_copy_end(&l->copy, err) < 0)
            a = l->direct && pd_stage_is_duplicate_key(err) ? ATTEMPT_STAGED
                                                            : ATTEMPT_ENV;
    }
    if (a == ATTEMPT_DONE) {
        rc = settle_fingerprint(l, err);
        if (rc == 0)
            return ATTEMPT_DONE; /* skipped: rolled back */
        if (rc < 0)
            a = rc == -1 ? ATTEMPT_BAD : ATTEMPT_ENV;
    }
    if (a == ATTEMPT_DONE && too_many_rejects(l))
        a = ATTEMPT_BAD;
    if (a == ATTEMPT_DONE)
        a = finish_load(l, err);
    if (a != ATTEMPT_DONE)
        rollback(l);
    return a;
}

/* Run attempts until one settles: a direct load that met a repeated key
 * goes again through staging; a file whose day/month order was read wrong
 * goes again the other way (a second contradiction is left to per-row
 * rejects).  Each retry starts from a rolled-back transaction. */
static enum attempt
attempt_until_settled(struct load *l, struct pd_err *err)
{
    enum attempt a = ATTEMPT_ENV;

    for (int tries = 0; tries < 3; tries++) {
        a = attempt(l, err);
        if (a == ATTEMPT_STAGED) {
            pd_log_debug("%s: repeated keys: loading through staging",
                         l->r->name);
            pd_err_clear(err);
            l->force_staging = true;
        } else if (a == ATTEMPT_RESTART) {
            pd_log_debug("%s: restarting with day_first = %d", l->r->name,
                         pd_rows_flip_order(l->rows));
        } else {
            return a;
        }
    }
    pd_err_set(err, PD_E_INTERNAL, "'%s' did not settle after 3 attempts",
               l->r->name);
    return ATTEMPT_ENV;
}

/* ---- outcome ---------------------------------------------------------- */

/* Why the file failed, printable: the message may quote the raw path or
 * an archive member's name, and it is stored as text. */
static void
set_reason(struct pd_file_result *r, const struct pd_err *bad)
{
    char msg[sizeof(r->reason)];

    snprintf(msg, sizeof(msg), "%s", bad->msg);
    if (bad->line > 0 && !strstr(msg, "line"))
        snprintf(msg, sizeof(msg), "%s (line %ld)", bad->msg, bad->line);
    pd_printable(msg, r->reason, sizeof(r->reason));
    pd_printable(bad->hint, r->hint, sizeof(r->hint));
}

/* The file is rejected as a whole: record why, with its row rejects. */
static int
record_rejected(struct load *l, struct pd_err *err)
{
    struct pd_file_result *r = l->r;
    int64_t id;

    if (l->bad.file[0] == '\0' && l->bad.line > 0)
        pd_err_at(&l->bad, r->name, l->bad.line);
    set_reason(r, &l->bad);
    r->outcome = PD_FILE_REJECTED;
    r->seconds = elapsed(&l->t0);
    if (pd_db_run(l->conn, "BEGIN", 0, NULL, err) < 0)
        return -1;
    if (pd_ledger_file_rejected(l->conn, &l->fi, l->run_id, r->reason, &r->n,
                                &id, err) < 0 ||
        (r->n.rejected &&
         pd_stage_load_rejects(l->conn, l->spool, id, err) < 0) ||
        pd_db_run(l->conn, "COMMIT", 0, NULL, err) < 0) {
        PQclear(PQexec(l->conn, "ROLLBACK"));
        return -1;
    }
    r->file_id = id;
    return 0;
}

/* The file could not be read (gone, no permission, an I/O error, not a
 * regular file any more): the environment's fault, not the file's.  It is
 * not recorded in prodops.files -- a rejected row there would say the data
 * is bad, and would be added again at every attempt -- and the caller
 * reports it (exit 4, SPEC §5). */
static int
unreadable(struct load *l)
{
    set_reason(l->r, &l->bad);
    l->r->outcome = PD_FILE_UNREADABLE;
    l->r->seconds = elapsed(&l->t0);
    return 0;
}

/* ---- entry points ----------------------------------------------------- */

static void
init_load(struct load *l, PGconn *conn, const struct pd_file_opts *o,
          int64_t run_id, const char *path, struct pd_file_result *r)
{
    const char *base = strrchr(path, '/');

    memset(l, 0, sizeof(*l));
    memset(r, 0, sizeof(*r));
    l->conn = conn;
    l->o = o;
    l->r = r;
    l->run_id = run_id;
    snprintf(r->path, sizeof(r->path), "%s", path);
    /* Names go to the ledger (text: UTF-8 only) and to terminals: their
     * printable forms.  The raw path is what the file system knows, and
     * what the skip-by-path check compares (files.path_bytes). */
    pd_printable(path, r->shown, sizeof(r->shown));
    pd_printable(base ? base + 1 : path, r->name, sizeof(r->name));
    clock_gettime(CLOCK_MONOTONIC, &l->t0);
    l->fi.sha256 = l->sha;
    l->fi.name = r->name;
    l->fi.path = r->shown;
    l->fi.path_bytes = r->path;
    l->fi.source = r->source;
    l->fi.kind = r->kind;
    l->fi.profile = r->profile;
    l->fi.encoding = r->encoding;
    l->fi.mapping_version = PD_MAPPING_VERSION;
}

static void
release(struct load *l)
{
    if (l->hasher.running) /* an environment error left it running */
        pthread_join(l->hasher.thread, NULL);
    pd_stage_direct_release(&l->deferred);
    pd_events_direct_free(l->events);
    pd_rows_free(l->rows);
    if (l->spool)
        fclose(l->spool);
}

int
pd_file_load(PGconn *conn, const struct pd_file_opts *o, int64_t run_id,
             const char *path, struct pd_file_result *r, struct pd_err *err)
{
    struct load l;
    struct stat st;
    enum attempt a = ATTEMPT_BAD;
    int rc = 0;

    init_load(&l, conn, o, run_id, path, r);
    if (stat(path, &st) != 0) {
        pd_err_set(&l.bad, PD_E_IO, "cannot open '%s': %s", path,
                   strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        pd_err_set(&l.bad, PD_E_IO, "cannot read '%s': not a regular file",
                   path);
    } else if ((rc = fingerprint(&l, path, &st, err)) != 0) {
        release(&l);
        return rc < 0 ? -1 : 0;
    } else if (!l.bad.msg[0] && !(l.rows = pd_rows_new(&o->rows, err))) {
        release(&l);
        return -1;
    } else if (!l.bad.msg[0]) {
        a = attempt_until_settled(&l, err);
    }
    /* A bad file's row needs its hash; the same bytes loaded before are
     * skipped as before the load (a setting may have changed since). */
    if (a == ATTEMPT_BAD && l.hasher.running && join_hasher(&l) == 0 &&
        (rc = already_loaded(&l, false, err)) != 0) {
        release(&l);
        return rc < 0 ? -1 : 0;
    }
    if (a == ATTEMPT_BAD && l.bad.code == PD_E_IO)
        rc = unreadable(&l);
    else if (a == ATTEMPT_BAD)
        rc = record_rejected(&l, err);
    else if (a == ATTEMPT_ENV)
        rc = -1;
    release(&l);
    return rc;
}

int
pd_file_check(const struct pd_file_opts *o, const char *path,
              struct pd_file_result *r, struct pd_err *err)
{
    struct pd_file_opts co = *o;
    struct load l;
    enum attempt a;

    co.rows.ignore_contradiction = true;
    init_load(&l, NULL, &co, 0, path, r);
    l.rows = pd_rows_new(&co.rows, err);
    if (!l.rows) {
        release(&l);
        return -1;
    }
    reset_attempt(&l);
    a = read_file(&l, err);
    r->stats = *pd_rows_stats(l.rows);
    r->seconds = elapsed(&l.t0);
    if (a == ATTEMPT_BAD) {
        *err = l.bad;
        snprintf(r->reason, sizeof(r->reason), "%s", l.bad.msg);
    }
    release(&l);
    return a == ATTEMPT_DONE ? 0 : -1;
}
