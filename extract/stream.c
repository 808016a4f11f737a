#include "stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "extract/csv_reader.h"
#include "extract/jsonl_reader.h"
#include "extract/members.h"

/* What the next pd_stream_next() does. */
enum state {
    S_NEXT,     /* open the next member */
    S_DEFERRED, /* report the error of the member just announced */
    S_OPEN,     /* pick the member's reader */
    S_HEAD,     /* read up to the header */
    S_PENDING,  /* hand out the record read with the header */
    S_RECORDS,  /* read records */
    S_FAILED,   /* the file failed: repeat the error */
    S_DONE
};

struct pd_stream {
    struct pd_source *src;
    struct pd_stream_opts opts;
    enum state state;
    bool archive;
    bool opened_any;   /* a member was opened */
    bool can_skip;     /* the last error was a member's */
    struct pd_err err; /* the deferred or sticky error */
    char encoding[16];
    enum pd_stream_format format;
    struct pd_csv_reader *csv;
    struct pd_jsonl_reader *json;
    struct pd_record pending; /* borrowed from the reader */
    struct pd_arena header;   /* the current member's header */
    /* An archive's members read on worker threads (members.h); NULL
     * once they are all read, or when they are read here. */
    struct pd_members *pool;
};

/* A stream over an opened source (owned by it from here). */
static struct pd_stream *
stream_over(struct pd_source *src, const struct pd_stream_opts *opts)
{
    struct pd_stream *st;

    st = pd_xcalloc(1, sizeof(*st));
    st->src = src;
    if (opts)
        st->opts = *opts;
    st->archive = pd_source_compression(src) == PD_COMP_ZIP;
    pd_arena_init(&st->header, 0);
    return st;
}

/* Worker threads for an archive's members: PRODOPS_TEST_READ_THREADS
 * (1: read them here, as before), else one per core, at most four. */
static size_t
read_threads(void)
{
    const char *v = getenv("PRODOPS_TEST_READ_THREADS");
    long n = v && *v ? strtol(v, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);

    return n < 1 ? 1 : n > 4 ? 4 : (size_t)n;
}

/* Issue 15: an archive of two or more members is read on worker threads,
 * one member each, handed out here in member order.  The members after
 * the listed ones (none, or an entry whose name cannot be read) are then
 * read here, so their error comes in its turn. */
static struct pd_stream *
stream_parallel(struct pd_stream *st)
{
    int64_t *entries = NULL;
    size_t threads = read_threads(), n = 0;

    if (st->archive && threads > 1)
        n = pd_source_list_members(st->src, &entries);
    if (n >= 2) {
        if (threads > n)
            threads = n;
        st->pool = pd_members_start(st->src, entries, n, threads, &st->opts);
        if (st->pool)
            pd_source_resume(st->src, entries[n - 1] + 1);
    }
    free(entries);
    return st;
}

struct pd_stream *
pd_stream_open(const char *path, const struct pd_stream_opts *opts,
               struct pd_err *err)
{
    struct pd_source *src = pd_source_open(path, err);

    return src ? stream_parallel(stream_over(src, opts)) : NULL;
}

struct pd_stream *
pd_stream_open_mem(const char *name, const void *data, size_t size,
                   const struct pd_stream_opts *opts, struct pd_err *err)
{
    struct pd_source *src = pd_source_open_mem(name, data, size, err);

    return src ? stream_parallel(stream_over(src, opts)) : NULL;
}

struct pd_stream *
pd_stream_open_source(struct pd_source *src, const struct pd_stream_opts *opts)
{
    return stream_over(src, opts);
}

static void
close_reader(struct pd_stream *st)
{
    pd_csv_close(st->csv);
    pd_jsonl_close(st->json);
    st->csv = NULL;
    st->json = NULL;
}

void
pd_stream_close(struct pd_stream *st)
{
    if (!st)
        return;
    pd_members_stop(st->pool); /* first: the workers read st->src's name */
    close_reader(st);
    pd_source_close(st->src);
    pd_arena_release(&st->header);
    free(st);
}

/* An error of the current member: in an archive the stream goes on with
 * the next member; otherwise the file has failed. */
static int
member_failed(struct pd_stream *st, const struct pd_err *err)
{
    close_reader(st);
    st->can_skip = st->archive;
    st->err = *err;
    st->state = st->archive ? S_NEXT : S_FAILED;
    return -1;
}

static int
file_failed(struct pd_stream *st, const struct pd_err *err)
{
    close_reader(st);
    st->can_skip = false;
    st->err = *err;
    st->state = S_FAILED;
    return -1;
}

static int
reader_next(struct pd_stream *st, struct pd_record *rec, struct pd_err *err)
{
    if (st->json)
        return pd_jsonl_next(st->json, rec, err);
    /* pd_csv_next() sets the fields it knows one by one: a CSV field is
     * the file's bytes, which transform checks (rec->utf8 false), and the
     * flag must not be whatever rec held before. */
    rec->utf8 = false;
    return pd_csv_next(st->csv, rec, err);
}

static int
next_member(struct pd_stream *st, struct pd_stream_item *it, struct pd_err *err)
{
    const char *name = NULL;
    int rc = pd_source_next_member(st->src, &name, err);

    if (rc == 0 && !st->opened_any) {
        pd_err_set(err, PD_E_FORMAT, "no data file inside the archive");
        return file_failed(st, err);
    }
    if (rc == 0) {
        st->state = S_DONE;
        return 0;
    }
    /* A member of an archive that cannot be opened (a bad CRC, a
     * truncated gzip member) is announced first, so that the caller
     * knows which member the error is. */
    if (rc < 0 && !(st->archive && name))
        return file_failed(st, err);
    it->type = PD_STREAM_MEMBER;
    it->member = name;
    if (rc < 0) {
        st->err = *err;
        st->state = S_DEFERRED;
        pd_err_clear(err);
        return 1;
    }
    if (!st->opened_any)
        snprintf(st->encoding, sizeof(st->encoding), "%s",
                 pd_encoding_name(pd_source_encoding(st->src)));
    st->opened_any = true;
    st->state = S_OPEN;
    return 1;
}

/* JSON when the member starts with '{' or '[', else CSV. */
static int
open_reader(struct pd_stream *st, struct pd_err *err)
{
    char c;
    int rc = pd_source_peek(st->src, &c, err);

    if (rc < 0)
        return member_failed(st, err);
    if (rc > 0 && (c == '{' || c == '[')) {
        st->format = PD_STREAM_JSON;
        st->json = pd_jsonl_open(st->src, NULL);
    } else {
        struct pd_csv_opts o = {0, 0};
        st->format = PD_STREAM_CSV;
        st->csv = pd_csv_open(st->src, &o);
    }
    st->state = S_HEAD;
    return 0;
}

/* The member is exhausted: END, and the next call opens the next one. */
static int
member_end(struct pd_stream *st, struct pd_stream_item *it)
{
    close_reader(st);
    st->state = S_NEXT;
    it->type = PD_STREAM_END;
    return 1;
}

/* The member's header; before it, a JSON member's unparseable lines. */
static int
read_head(struct pd_stream *st, struct pd_stream_item *it, struct pd_err *err)
{
    struct pd_record rec;
    int rc = reader_next(st, &rec, err);

    if (rc < 0)
        return member_failed(st, err);
    if (rc == 0)
        return member_end(st, it);
    if (st->json && rec.reject) {
        it->type = PD_STREAM_RECORD;
        it->rec = rec;
        return 1;
    }
    pd_arena_reset(&st->header);
    it->type = PD_STREAM_HEADER;
    st->state = S_RECORDS;
    if (st->json) {
        pd_record_copy_names(&st->header, &rec, &it->rec);
        st->pending = rec;
        st->state = S_PENDING;
    } else if (st->opts.headerless) {
        pd_record_numbered(&st->header, rec.nfields, &it->rec);
        st->pending = rec;
        st->state = S_PENDING;
    } else {
        pd_record_copy(&st->header, &rec, &it->rec);
    }
    return 1;
}

static int
read_record(struct pd_stream *st, struct pd_stream_item *it, struct pd_err *err)
{
    int rc = reader_next(st, &it->rec, err);

    if (rc < 0)
        return member_failed(st, err);
    if (rc == 0)
        return member_end(st, it);
    it->type = PD_STREAM_RECORD;
    return 1;
}

/* The next item from the workers: what the sequential stream would give
 * (0: they are all read, go on here). */
static int
pool_next(struct pd_stream *st, struct pd_stream_item *it, struct pd_err *err)
{
    const char *encoding = NULL;
    bool can_skip = false;
    int rc = pd_members_next(st->pool, it, &encoding, &can_skip, err);

    if (rc > 0) {
        st->format = it->format;
        if (encoding && !st->opened_any)
            snprintf(st->encoding, sizeof(st->encoding), "%s", encoding);
        st->opened_any = st->opened_any || encoding;
        return 1;
    }
    if (rc < 0 && can_skip) {
        st->can_skip = true;
        return -1;
    }
    pd_members_stop(st->pool);
    st->pool = NULL;
    if (rc < 0)
        return file_failed(st, err);
    st->state = S_NEXT;
    return 0;
}

int
pd_stream_next(struct pd_stream *st, struct pd_stream_item *it,
               struct pd_err *err)
{
    memset(it, 0, sizeof(*it));
    if (st->pool && st->state == S_NEXT) {
        int rc = pool_next(st, it, err);

        if (rc != 0)
            return rc;
        memset(it, 0, sizeof(*it));
    }
    it->format = st->format;
    switch (st->state) {
    case S_NEXT:
        return next_member(st, it, err);
    case S_DEFERRED:
        st->state = S_NEXT;
        st->can_skip = true;
        *err = st->err;
        return -1;
    case S_OPEN:
        if (open_reader(st, err) < 0)
            return -1;
        it->format = st->format;
        return read_head(st, it, err);
    case S_HEAD:
        return read_head(st, it, err);
    case S_PENDING:
        st->state = S_RECORDS;
        it->type = PD_STREAM_RECORD;
        it->rec = st->pending;
        it->with_header = true;
        return 1;
    case S_RECORDS:
        return read_record(st, it, err);
    case S_FAILED:
        *err = st->err;
        return -1;
    case S_DONE:
        return 0;
    }
    return 0;
}

bool
pd_stream_can_skip(const struct pd_stream *st)
{
    return st->can_skip;
}

void
pd_stream_skip(struct pd_stream *st)
{
    if (st->pool) {
        pd_members_skip(st->pool);
        return;
    }
    close_reader(st);
    if (st->state != S_FAILED && st->state != S_DONE && st->state != S_DEFERRED)
        st->state = S_NEXT;
}

bool
pd_stream_is_archive(const struct pd_stream *st)
{
    return st->archive;
}

const char *
pd_stream_encoding(const struct pd_stream *st)
{
    return st->encoding;
}

const struct pd_source *
pd_stream_source(const struct pd_stream *st)
{
    return st->src;
}
