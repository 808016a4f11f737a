#include "extract/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "extract/readahead.h"

/*
 * Three layers, each pulling from the one below through a fixed buffer:
 *
 *   raw_read   bytes of the member as stored: the file, or a zip entry
 *              (libzip inflates zip's own deflate while streaming);
 *   dec_read   the same bytes gunzipped when the member starts with gzip
 *              magic (zlib inflate, so truncation is detected: gzread does
 *              not report it reliably).  The inflate and the raw reads
 *              under it run on a readahead thread (readahead.h) while the
 *              caller parses: two cores instead of one for Amplitude's
 *              zip of gzipped JSON;
 *   refill     decompressed bytes decoded to UTF-8 into a pending window
 *              that pd_source_read() copies out and
 *              pd_source_view() lends (the JSON reader).
 *
 * The first CHUNK decompressed bytes of a member are read ahead into raw[]
 * to sniff the encoding and are then decoded like any other chunk, so the
 * sniff costs no second read.
 */

enum { CHUNK = 64 * 1024 };

/* Grouped by layer; the small members sit at the end to keep padding
 * down. */
struct pd_source {
    char *path;
    const char *base; /* basename of path, inside path */
    zip_t *zip;
    uint64_t total;

    /* pd_source_open_mem(): the borrowed bytes stand in for fd. */
    const unsigned char *mem;
    size_t mem_len;

    /* Member iteration. */
    char *name; /* current member, NULL before the first */
    zip_int64_t next_index;
    zip_int64_t last_index; /* no member after this entry (a worker's) */
    zip_file_t *zf;
    /* Counted by the readahead thread, read for progress by the caller. */
    _Atomic uint64_t file_read; /* bytes read from fd (plain, gzip files) */
    _Atomic uint64_t mem_read;  /* bytes of the zip member read so far */
    uint64_t zip_before;        /* compressed size of finished zip members */
    uint64_t mem_comp;          /* compressed size of the current zip member */
    uint64_t mem_size;          /* its size as stored (maybe gzip) */

    /* Stored bytes of the member (gzip input, or the magic peek). */
    unsigned char *in;
    size_t in_pos, in_len;

    /* Gzip layer; while ra runs, zs and the raw layer are its thread's. */
    z_stream zs;
    struct pd_readahead *ra;

    /* Decoding layer: raw[] holds decompressed bytes not yet decoded,
     * pend the decoded window pd_source_read() copies from (or
     * pd_source_view() lends). */
    struct pd_utf16 u16;
    char *raw;
    size_t raw_start, raw_len;
    struct pd_buf out;
    const char *pend;
    size_t npend;

    /* Sticky failure: later reads repeat the first error. */
    struct pd_err ferr;

    /* Bytes decoded against the member's label (issue 12.15), and where
     * the first of them was: counted so a summary can say so. */
    struct pd_source_doubts doubts;
    uint64_t lines_out; /* line breaks handed out in this member */

    int fd; /* -1 once handed to libzip */
    enum pd_compression comp;
    enum pd_encoding enc;
    bool done_members; /* the single member of a plain/gzip file was given */
    bool in_member;    /* a member is open for reading */
    bool raw_eof;      /* the stored bytes of the member are exhausted */
    bool gz;           /* the member is gzip: dec_read inflates */
    bool gz_init;      /* zs holds an initialised inflate state */
    bool gz_end;       /* a gzip member ended; another may follow */
    bool dec_eof;      /* no more decompressed bytes */
    bool failed;
};

/* True on a readahead thread: its errors travel to the reader through
 * the readahead, which makes them sticky there (gz_pull()). */
static _Thread_local bool on_readahead;

static int
fail(struct pd_source *src, struct pd_err *err)
{
    if (on_readahead)
        return -1;
    src->failed = true;
    if (err)
        src->ferr = *err;
    return -1;
}

/* Attach the location (and, for zip members, the archive) to an error. */
static int
locate(struct pd_source *src, struct pd_err *err)
{
    pd_err_at(err, src->path, 0);
    if (src->comp == PD_COMP_ZIP)
        pd_err_detail(err, "member of archive '%s'", src->base);
    return fail(src, err);
}

static const char *
member_name(const struct pd_source *src)
{
    return src->name ? src->name : src->base;
}

/* ---- raw layer --------------------------------------------------------- */

static ssize_t
raw_read_fd(struct pd_source *src, void *buf, size_t n, struct pd_err *err)
{
    ssize_t r;

    if (src->mem) {
        /* file_read is the offset: a memory source is read once, in order. */
        size_t at = (size_t)src->file_read, left = src->mem_len - at;

        r = (ssize_t)(n < left ? n : left);
        memcpy(buf, src->mem + at, (size_t)r);
        src->file_read += (uint64_t)r;
        return r;
    }
    do {
        r = read(src->fd, buf, n);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        pd_err_set(err, PD_E_IO, "cannot read '%s': %s", src->path,
                   strerror(errno));
        return locate(src, err);
    }
    src->file_read += (uint64_t)r;
    return r;
}

static ssize_t
raw_read(struct pd_source *src, void *buf, size_t n, struct pd_err *err)
{
    zip_int64_t r;

    if (!src->zf)
        return raw_read_fd(src, buf, n, err);
    r = zip_fread(src->zf, buf, n);
    if (r < 0) {
        pd_err_set(err, PD_E_PARSE, "cannot read '%s': %s", src->name,
                   zip_file_strerror(src->zf));
        return locate(src, err);
    }
    src->mem_read += (uint64_t)r;
    return (ssize_t)r;
}

/* Fill in[] until it holds at least want bytes or the member ends. */
static int
fill_in(struct pd_source *src, size_t want, struct pd_err *err)
{
    while (src->in_len < want && !src->raw_eof) {
        ssize_t r =
            raw_read(src, src->in + src->in_len, CHUNK - src->in_len, err);
        if (r < 0)
            return -1;
        if (r == 0)
            src->raw_eof = true;
        src->in_len += (size_t)r;
    }
    return 0;
}

/* ---- gzip layer -------------------------------------------------------- */

static int
gz_start(struct pd_source *src, struct pd_err *err)
{
    int rc;

    src->gz = true;
    src->gz_end = false;
    if (src->gz_init) {
        rc = inflateReset(&src->zs);
    } else {
        memset(&src->zs, 0, sizeof(src->zs));
        /* 15 + 32: largest window, and accept the gzip header. */
        rc = inflateInit2(&src->zs, 15 + 32);
        src->gz_init = rc == Z_OK;
    }
    if (rc != Z_OK) {
        pd_err_set(err, PD_E_INTERNAL, "cannot start gzip decoder: %s",
                   zError(rc));
        return locate(src, err);
    }
    return 0;
}

static int
gz_truncated(struct pd_source *src, struct pd_err *err)
{
    pd_err_set(err, PD_E_PARSE, "unexpected end of gzip data in '%s'",
               member_name(src));
    pd_err_hint(err, "the file was cut short; ask for it to be sent again");
    return locate(src, err);
}

/* Make input available to inflate: 1 there is some, 0 the member ended. */
static int
gz_input(struct pd_source *src, struct pd_err *err)
{
    ssize_t r;

    if (src->in_pos < src->in_len)
        return 1;
    if (src->raw_eof)
        return 0;
    r = raw_read(src, src->in, CHUNK, err);
    if (r < 0)
        return -1;
    src->in_pos = 0;
    src->in_len = (size_t)r;
    src->raw_eof = r == 0;
    return r > 0;
}

/* Inflate one step into buf.  Concatenated gzip members (what `cat a.gz
 * b.gz` and some exporters produce) are decoded one after another. */
static ssize_t
gz_read(struct pd_source *src, char *buf, size_t n, struct pd_err *err)
{
    for (;;) {
        int have = gz_input(src, err), rc;
        size_t produced;

        if (have < 0)
            return -1;
        if (src->gz_end) {
            if (!have)
                return 0;
            if (inflateReset(&src->zs) != Z_OK)
                PD_BUG("inflateReset failed on a valid stream");
            src->gz_end = false;
        }
        if (!have)
            return gz_truncated(src, err);
        src->zs.next_in = src->in + src->in_pos;
        src->zs.avail_in = (uInt)(src->in_len - src->in_pos);
        src->zs.next_out = (unsigned char *)buf;
        src->zs.avail_out = (uInt)n;
        rc = inflate(&src->zs, Z_NO_FLUSH);
        src->in_pos = src->in_len - src->zs.avail_in;
        produced = n - src->zs.avail_out;
        if (rc == Z_STREAM_END) {
            src->gz_end = true;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            pd_err_set(err, PD_E_PARSE, "invalid gzip data in '%s': %s",
                       member_name(src),
                       src->zs.msg ? src->zs.msg : zError(rc));
            return locate(src, err);
        }
        if (produced)
            return (ssize_t)produced;
    }
}

/* gz_read() as the readahead thread's producer. */
static ssize_t
gz_produce(void *ctx, char *buf, size_t n, struct pd_err *err)
{
    on_readahead = true;
    return gz_read(ctx, buf, n, err);
}

/* The gunzipped bytes, from the readahead once it runs (started on the
 * member's first read; without a thread, inflated here). */
static ssize_t
gz_pull(struct pd_source *src, char *buf, size_t n, struct pd_err *err)
{
    ssize_t r;

    if (!src->ra)
        src->ra = pd_readahead_start(gz_produce, src);
    if (!src->ra)
        return gz_read(src, buf, n, err);
    r = pd_readahead_read(src->ra, buf, n, err);
    return r < 0 ? fail(src, err) : r;
}

/* Decompressed member bytes: 0 at the end of the member. */
static ssize_t
dec_read(struct pd_source *src, char *buf, size_t n, struct pd_err *err)
{
    size_t k;

    if (n > CHUNK)
        n = CHUNK;
    if (src->gz)
        return gz_pull(src, buf, n, err);
    if (src->in_pos == src->in_len)
        return raw_read(src, buf, n, err);
    k = src->in_len - src->in_pos;
    k = k < n ? k : n;
    memcpy(buf, src->in + src->in_pos, k);
    src->in_pos += k;
    return (ssize_t)k;
}

/* ---- decoding layer ---------------------------------------------------- */

/* Length of an incomplete but so-far-valid UTF-8 sequence ending s, to be
 * carried into the next chunk (0 when s ends on a character boundary). */
static size_t
partial_tail(const char *s, size_t n)
{
    for (size_t k = 1; k <= 3 && k <= n; k++) {
        const char *t = s + n - k;

        if (pd_utf8_valid_prefix(t, k, true) == k &&
            pd_utf8_valid_prefix(t, k, false) == 0)
            return k;
    }
    return 0;
}

/*
 * Is s UTF-8 on the evidence?  Valid multi-byte sequences count for it and
 * bytes that start none count against it; a tie (and a sample of plain
 * ASCII) is UTF-8.  One stray byte in a sample of real UTF-8 text therefore
 * no longer turns the whole file into mojibake, as deciding on "is the
 * whole sample valid" did (issue 12.15); a Windows-1252 export, whose
 * accented letters are almost never valid UTF-8 pairs, stays Windows-1252.
 */
static bool
utf8_evidence(const char *s, size_t n)
{
    size_t invalid, valid = pd_utf8_census(s, n, &invalid);

    return valid >= invalid;
}

/* Read ahead the first CHUNK bytes and decide the member's encoding:
 * a BOM wins; otherwise the evidence of the sample (utf8_evidence) decides
 * between UTF-8 and Windows-1252 (SPEC §3). */
static int
sniff(struct pd_source *src, struct pd_err *err)
{
    size_t bom_len;

    while (src->raw_len < CHUNK && !src->dec_eof) {
        ssize_t r =
            dec_read(src, src->raw + src->raw_len, CHUNK - src->raw_len, err);
        if (r < 0)
            return -1;
        src->dec_eof = r == 0;
        src->raw_len += (size_t)r;
    }
    switch (pd_utf8_detect_bom(src->raw, src->raw_len, &bom_len)) {
    case PD_BOM_UTF8:
        src->enc = PD_ENC_UTF8_BOM;
        break;
    case PD_BOM_UTF16LE:
        src->enc = PD_ENC_UTF16LE;
        break;
    case PD_BOM_UTF16BE:
        src->enc = PD_ENC_UTF16BE;
        break;
    case PD_BOM_NONE:
        src->enc =
            utf8_evidence(src->raw, src->raw_len) ? PD_ENC_UTF8 : PD_ENC_CP1252;
        break;
    }
    pd_utf16_init(&src->u16, src->enc == PD_ENC_UTF16BE);
    src->raw_start = bom_len;
    return 0;
}

static uint64_t
count_lines(const char *s, size_t n)
{
    const char *end = s + n;
    uint64_t k = 0;

    while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
        k++;
        s++;
    }
    return k;
}

/* Count n characters of the window s (decoded bytes before it in this
 * member: lines_out line breaks) read against the member's label; the first
 * is at offset at of s. */
static void
doubt(struct pd_source *src, const char *s, size_t at, size_t n)
{
    if (src->doubts.bytes == 0) {
        src->doubts.first_line =
            (long)(src->lines_out + 1 + count_lines(s, at));
        snprintf(src->doubts.first_member, sizeof(src->doubts.first_member),
                 "%s", member_name(src));
        src->doubts.as_cp1252 = src->enc != PD_ENC_CP1252;
    }
    src->doubts.bytes += n;
}

/* UTF-8 members are still checked chunk by chunk: an export can turn to
 * Windows-1252 after the sniffed sample (a pasted comment), and everything
 * after extract/ relies on valid UTF-8.  Valid chunks pass through without
 * a copy; invalid bytes are repaired as Windows-1252. */
static void
decode_utf8(struct pd_source *src)
{
    const char *s = src->raw + src->raw_start;
    size_t have = src->raw_len - src->raw_start;
    size_t body = have - (src->dec_eof ? 0 : partial_tail(s, have));

    if (pd_utf8_valid(s, body)) {
        src->pend = s;
        src->npend = body;
    } else {
        size_t bad;

        (void)pd_utf8_census(s, body, &bad);
        doubt(src, s, pd_utf8_valid_prefix(s, body, false), bad);
        pd_buf_reset(&src->out);
        if (pd_utf8_repair(&src->out, s, body) < 0)
            PD_BUG("uncapped buffer refused to grow");
        src->pend = src->out.buf;
        src->npend = src->out.len;
    }
    src->raw_start += body;
}

/* A Windows-1252 member's chunk that holds valid UTF-8 text and not one
 * byte that is invalid UTF-8 is UTF-8 (the sample misled, or the export
 * changed encoding): read as Windows-1252 it would be mojibake.  0 when
 * the chunk is read as UTF-8 here. */
static int
decode_cp1252_as_utf8(struct pd_source *src, const char *s, size_t have)
{
    size_t body = have - (src->dec_eof ? 0 : partial_tail(s, have));
    size_t invalid, valid = pd_utf8_census(s, body, &invalid);

    size_t first = 0;

    if (valid == 0 || invalid > 0)
        return -1;
    while ((unsigned char)s[first] < 0x80)
        first++;
    doubt(src, s, first, valid);
    src->pend = s;
    src->npend = body;
    src->raw_start += body;
    return 0;
}

static void
decode_chunk(struct pd_source *src)
{
    const char *s = src->raw + src->raw_start;
    size_t have = src->raw_len - src->raw_start;
    int rc = 0;

    if (src->enc == PD_ENC_UTF8 || src->enc == PD_ENC_UTF8_BOM) {
        decode_utf8(src);
        return;
    }
    if (src->enc == PD_ENC_CP1252 && decode_cp1252_as_utf8(src, s, have) == 0)
        return;
    pd_buf_reset(&src->out);
    if (src->enc == PD_ENC_CP1252)
        rc = pd_utf8_from_cp1252(&src->out, s, have);
    else
        rc = pd_utf16_decode(&src->u16, &src->out, s, have);
    if (rc < 0)
        PD_BUG("uncapped buffer refused to grow");
    src->raw_start = src->raw_len;
    src->pend = src->out.buf;
    src->npend = src->out.len;
}

/* End of a UTF-16 member: a dangling high surrogate or odd byte is a
 * damaged character, shown as U+FFFD rather than dropped. */
static void
decode_finish(struct pd_source *src)
{
    char rep[4];
    size_t n = pd_utf8_encode(0xFFFD, rep);

    pd_buf_reset(&src->out);
    if (src->u16.high)
        pd_buf_add(&src->out, rep, n);
    if (src->u16.npending)
        pd_buf_add(&src->out, rep, n);
    src->u16.high = 0;
    src->u16.npending = 0;
    src->pend = src->out.buf;
    src->npend = src->out.len;
}

/* Produce the next pending window: 1 ready (maybe empty), 0 member end. */
static int
refill(struct pd_source *src, struct pd_err *err)
{
    size_t have = src->raw_len - src->raw_start;

    if (!src->dec_eof && have < 4) {
        ssize_t r;

        memmove(src->raw, src->raw + src->raw_start, have);
        r = dec_read(src, src->raw + have, CHUNK - have, err);
        if (r < 0)
            return -1;
        src->dec_eof = r == 0;
        src->raw_start = 0;
        src->raw_len = have + (size_t)r;
        have = src->raw_len;
    }
    if (have) {
        decode_chunk(src);
        if (src->doubts.bytes == 0) /* lines matter until the first doubt */
            src->lines_out += count_lines(src->pend, src->npend);
        return 1;
    }
    if (!src->dec_eof)
        return 1;
    decode_finish(src);
    return src->npend ? 1 : 0;
}

/* ---- members ----------------------------------------------------------- */

static void
end_member(struct pd_source *src)
{
    pd_readahead_stop(src->ra); /* first: the thread may be reading zf */
    src->ra = NULL;
    if (src->zf) {
        /* Read-only: a close error here carries nothing the reads did not
         * already report (CRC errors surface from zip_fread). */
        (void)zip_fclose(src->zf);
        src->zf = NULL;
        src->zip_before += src->mem_comp;
        src->mem_comp = src->mem_size = 0;
        src->mem_read = 0;
    }
    src->in_pos = src->in_len = 0;
    src->raw_eof = false;
    src->gz = src->gz_end = false;
    src->raw_start = src->raw_len = 0;
    src->dec_eof = false;
    src->pend = NULL;
    src->npend = 0;
    src->lines_out = 0;
    src->in_member = false;
}

/* Look at the member's first bytes, set up gunzip if they say so, and
 * sniff the encoding. */
static int
start_member(struct pd_source *src, struct pd_err *err)
{
    if (fill_in(src, 2, err) < 0)
        return -1;
    if (src->in_len >= 2 && src->in[0] == 0x1f && src->in[1] == 0x8b &&
        gz_start(src, err) < 0)
        return -1;
    return sniff(src, err);
}

static bool
skip_zip_entry(const char *name)
{
    size_t n = strlen(name);

    /* Directories, and the resource forks macOS Finder adds to archives. */
    return n == 0 || name[n - 1] == '/' || strncmp(name, "__MACOSX/", 9) == 0;
}

static int
open_zip_entry(struct pd_source *src, zip_int64_t i, const char *name,
               struct pd_err *err)
{
    zip_stat_t st;

    zip_stat_init(&st);
    if (zip_stat_index(src->zip, (zip_uint64_t)i, 0, &st) == 0) {
        src->mem_comp = st.valid & ZIP_STAT_COMP_SIZE ? st.comp_size : 0;
        src->mem_size = st.valid & ZIP_STAT_SIZE ? st.size : 0;
    }
    free(src->name);
    src->name = pd_xstrdup(name);
    src->zf = zip_fopen_index(src->zip, (zip_uint64_t)i, 0);
    if (!src->zf) {
        pd_err_set(err, PD_E_PARSE, "cannot open '%s': %s", name,
                   zip_strerror(src->zip));
        return locate(src, err);
    }
    return 0;
}

/* 1 the next file entry is open, 0 none left. */
static int
next_zip_entry(struct pd_source *src, struct pd_err *err)
{
    zip_int64_t n = zip_get_num_entries(src->zip, 0);

    if (n > src->last_index + 1)
        n = src->last_index + 1;
    while (src->next_index < n) {
        zip_int64_t i = src->next_index++;
        const char *name =
            zip_get_name(src->zip, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);

        if (!name) {
            pd_err_set(err, PD_E_PARSE, "corrupt zip archive '%s': %s",
                       src->base, zip_strerror(src->zip));
            return locate(src, err);
        }
        if (skip_zip_entry(name))
            continue;
        return open_zip_entry(src, i, name, err) < 0 ? -1 : 1;
    }
    return 0;
}

int
pd_source_next_member(struct pd_source *src, const char **name,
                      struct pd_err *err)
{
    int rc = 1;

    *name = NULL;
    /* An error inside a zip member is that member's: the archive goes on
     * (src->zf is open only while a member is). */
    if (src->failed && src->comp == PD_COMP_ZIP && src->zf)
        src->failed = false;
    if (src->failed) {
        if (err)
            *err = src->ferr;
        return -1;
    }
    end_member(src);
    if (src->comp == PD_COMP_ZIP) {
        rc = next_zip_entry(src, err);
    } else if (src->done_members) {
        rc = 0;
    } else {
        src->done_members = true;
    }
    if (rc <= 0)
        return rc;
    *name = member_name(src);
    if (start_member(src, err) < 0)
        return fail(src, err);
    src->in_member = true;
    return 1;
}

/* The end of a member leaves raw[] as it was (refill() moves a partial
 * character's bytes to its front only while more may follow, and those
 * come back as a window first), so the last view stays readable. */
ssize_t
pd_source_view(struct pd_source *src, const char **p, size_t n,
               struct pd_err *err)
{
    size_t k;

    if (src->failed) {
        if (err)
            *err = src->ferr;
        return -1;
    }
    if (!src->in_member)
        return 0; /* before the first member or after the last */
    while (src->npend == 0) {
        int rc = refill(src, err);

        if (rc <= 0)
            return rc;
    }
    k = src->npend < n ? src->npend : n;
    *p = src->pend;
    src->pend += k;
    src->npend -= k;
    return (ssize_t)k;
}

ssize_t
pd_source_read(struct pd_source *src, char *buf, size_t n, struct pd_err *err)
{
    const char *p = NULL;
    ssize_t k = pd_source_view(src, &p, n, err);

    if (k > 0)
        memcpy(buf, p, (size_t)k);
    return k;
}

/* ---- open and close ---------------------------------------------------- */

int
pd_source_peek(struct pd_source *src, char *first, struct pd_err *err)
{
    ssize_t rc;

    *first = '\0';
    if (src->failed) {
        if (err)
            *err = src->ferr;
        return -1;
    }
    if (!src->in_member)
        return 0;
    while (src->npend == 0)
        if ((rc = refill(src, err)) <= 0)
            return (int)rc;
    for (size_t i = 0; i < src->npend; i++)
        if (!strchr(" \t\r\n", src->pend[i]) || src->pend[i] == '\0') {
            *first = src->pend[i];
            return 1;
        }
    *first = ' ';
    return 1;
}

static enum pd_compression
magic_compression(const unsigned char *m, size_t n)
{
    if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b)
        return PD_COMP_GZIP;
    /* Local file header, or the end record alone of an empty archive. */
    if (n >= 4 && m[0] == 'P' && m[1] == 'K' &&
        ((m[2] == 3 && m[3] == 4) || (m[2] == 5 && m[3] == 6)))
        return PD_COMP_ZIP;
    return PD_COMP_NONE;
}

static int
open_zip(struct pd_source *src, struct pd_err *err)
{
    int zerr = 0;
    zip_error_t ze;

    src->zip = zip_fdopen(src->fd, 0, &zerr);
    if (!src->zip) {
        zip_error_init_with_code(&ze, zerr);
        pd_err_set(err, PD_E_PARSE, "cannot open zip archive '%s': %s",
                   src->path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return pd_err_at(err, src->path, 0);
    }
    src->fd = -1; /* libzip owns it now */
    return 0;
}

static int
open_file(struct pd_source *src, struct pd_err *err)
{
    struct stat st;
    unsigned char magic[4];
    ssize_t m;

    /* O_NONBLOCK: opening a FIFO for reading would wait for a writer
     * (forever); regular files ignore the flag. */
    src->fd = open(src->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (src->fd < 0 || fstat(src->fd, &st) < 0) {
        pd_err_set(err, PD_E_IO, "cannot open '%s': %s", src->path,
                   strerror(errno));
        return pd_err_at(err, src->path, 0);
    }
    if (!S_ISREG(st.st_mode)) {
        pd_err_set(err, PD_E_IO, "cannot read '%s': %s", src->path,
                   S_ISDIR(st.st_mode) ? "is a directory"
                                       : "not a regular file");
        return pd_err_at(err, src->path, 0);
    }
    src->total = (uint64_t)st.st_size;
    /* pread leaves the offset at 0 for the plain and gzip paths. */
    m = pread(src->fd, magic, sizeof(magic), 0);
    if (m < 0) {
        pd_err_set(err, PD_E_IO, "cannot read '%s': %s", src->path,
                   strerror(errno));
        return pd_err_at(err, src->path, 0);
    }
    src->comp = magic_compression(magic, (size_t)m);
    return src->comp == PD_COMP_ZIP ? open_zip(src, err) : 0;
}

static struct pd_source *
source_new(const char *path)
{
    struct pd_source *src = pd_xcalloc(1, sizeof(*src));
    const char *slash = strrchr(path, '/');

    src->path = pd_xstrdup(path);
    src->base = src->path + (slash ? (size_t)(slash - path) + 1 : 0);
    src->fd = -1;
    src->last_index = INT64_MAX - 1;
    src->in = pd_xmalloc(CHUNK);
    src->raw = pd_xmalloc(CHUNK);
    pd_buf_init(&src->out, 0);
    return src;
}

struct pd_source *
pd_source_open(const char *path, struct pd_err *err)
{
    struct pd_source *src = source_new(path);

    if (open_file(src, err) < 0) {
        pd_source_close(src);
        return NULL;
    }
    return src;
}

/* libzip reads an archive in memory through a buffer source; the archive
 * owns the zip source once zip_open_from_source() succeeds. */
static int
open_zip_mem(struct pd_source *src, struct pd_err *err)
{
    zip_error_t ze;
    zip_source_t *zs;

    zip_error_init(&ze);
    zs = zip_source_buffer_create(src->mem, src->mem_len, 0, &ze);
    if (zs && !(src->zip = zip_open_from_source(zs, ZIP_RDONLY, &ze)))
        zip_source_free(zs);
    if (!src->zip) {
        pd_err_set(err, PD_E_PARSE, "cannot open zip archive '%s': %s",
                   src->path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return pd_err_at(err, src->path, 0);
    }
    zip_error_fini(&ze);
    return 0;
}

struct pd_source *
pd_source_open_mem(const char *name, const void *data, size_t n,
                   struct pd_err *err)
{
    struct pd_source *src = source_new(name);

    /* A non-NULL pointer marks the source as in memory, even when empty. */
    src->mem = n ? data : (const unsigned char *)"";
    src->mem_len = n;
    src->total = n;
    src->comp = magic_compression(src->mem, n);
    if (src->comp == PD_COMP_ZIP && open_zip_mem(src, err) < 0) {
        pd_source_close(src);
        return NULL;
    }
    return src;
}

int
pd_source_close(struct pd_source *src)
{
    int rc = 0;

    if (!src)
        return 0;
    end_member(src);
    if (src->gz_init)
        inflateEnd(&src->zs);
    if (src->zip)
        zip_discard(src->zip);
    if (src->fd >= 0)
        rc = close(src->fd);
    pd_buf_release(&src->out);
    free(src->in);
    free(src->raw);
    free(src->name);
    free(src->path);
    free(src);
    return rc < 0 ? -1 : 0;
}

/* ---- members on other threads (stream.c's workers) --------------------- */

size_t
pd_source_list_members(struct pd_source *src, int64_t **entries)
{
    zip_int64_t n = src->zip ? zip_get_num_entries(src->zip, 0) : 0;
    size_t count = 0;

    *entries = NULL;
    for (zip_int64_t i = src->next_index; i < n; i++) {
        const char *name =
            zip_get_name(src->zip, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);

        if (!name)
            break; /* the sequential read reports it, in its turn */
        if (skip_zip_entry(name))
            continue;
        *entries = pd_xrealloc(*entries, (count + 1) * sizeof(**entries));
        (*entries)[count++] = i;
    }
    return count;
}

struct pd_source *
pd_source_open_member(const struct pd_source *src, int64_t entry,
                      struct pd_err *err)
{
    struct pd_source *m =
        src->mem ? pd_source_open_mem(src->path, src->mem, src->mem_len, err)
                 : pd_source_open(src->path, err);

    if (m && m->comp != PD_COMP_ZIP) {
        pd_err_set(err, PD_E_IO, "'%s' changed while it was read", src->path);
        pd_err_at(err, src->path, 0);
        pd_source_close(m);
        return NULL;
    }
    if (m) {
        m->next_index = entry;
        m->last_index = entry;
    }
    return m;
}

void
pd_source_resume(struct pd_source *src, int64_t entry)
{
    src->next_index = entry;
}

void
pd_source_account(struct pd_source *src, int64_t entry,
                  const struct pd_source_doubts *d)
{
    zip_stat_t st;

    zip_stat_init(&st);
    if (src->zip &&
        zip_stat_index(src->zip, (zip_uint64_t)entry, 0, &st) == 0 &&
        (st.valid & ZIP_STAT_COMP_SIZE))
        src->zip_before += st.comp_size;
    if (d->bytes && !src->doubts.bytes) {
        src->doubts = *d;
        return;
    }
    src->doubts.bytes += d->bytes;
}

/* ---- queries ----------------------------------------------------------- */

const struct pd_source_doubts *
pd_source_doubts(const struct pd_source *src)
{
    return &src->doubts;
}

enum pd_encoding
pd_source_encoding(const struct pd_source *src)
{
    return src->enc;
}

const char *
pd_encoding_name(enum pd_encoding enc)
{
    /* Short and lower-case: they are stored in prodops.files. */
    static const char *const names[] = {"utf-8", "utf-8-bom", "utf-16le",
                                        "utf-16be", "cp1252"};

    if ((size_t)enc >= sizeof(names) / sizeof(names[0]))
        return "unknown";
    return names[enc];
}

enum pd_compression
pd_source_compression(const struct pd_source *src)
{
    return src->comp;
}

uint64_t
pd_source_bytes_done(const struct pd_source *src)
{
    double frac;

    if (src->comp != PD_COMP_ZIP)
        return src->file_read;
    /* libzip does not say how much of an entry's compressed data it has
     * consumed; scale the bytes read by the entry's compression ratio. */
    if (!src->mem_size)
        return src->zip_before;
    frac = (double)src->mem_read / (double)src->mem_size;
    return src->zip_before + (uint64_t)(frac * (double)src->mem_comp);
}

uint64_t
pd_source_bytes_total(const struct pd_source *src)
{
    return src->total;
}

const char *
pd_source_zlib_version(void)
{
    return zlibVersion();
}
