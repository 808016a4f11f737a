#include "jobs/demo/writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* The demo is the only writer of gzip in the tree (extract/source.c reads
 * it); bench mode needs deflate on its own buffers. */
#include <zlib.h>

#include "common/file.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/demo/rng.h"

#define WR_BUF   ((size_t)1 << 20)
#define Z_BUF    ((size_t)1 << 18)
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
wr_out(struct pd_demo_wr *w, const void *p, size_t n)
{
    if (n > 0 && !w->err && fwrite(p, 1, n, w->f) != n)
        w->err = errno ? errno : EIO;
}

/* Deflate the buffer into f (zpipe.c's loop: call again while deflate
 * fills the whole output buffer). */
static void
wr_deflate(struct pd_demo_wr *w, int flush)
{
    z_stream *z = w->z;

    z->next_in = (Bytef *)w->buf;
    z->avail_in = (uInt)w->len;
    do {
        z->next_out = w->zbuf;
        z->avail_out = (uInt)Z_BUF;
        if (deflate(z, flush) == Z_STREAM_ERROR && !w->err)
            w->err = EIO;
        wr_out(w, w->zbuf, Z_BUF - z->avail_out);
    } while (z->avail_out == 0);
}

static void
wr_flush(struct pd_demo_wr *w)
{
    if (w->z)
        wr_deflate(w, Z_NO_FLUSH);
    else
        wr_out(w, w->buf, w->len);
    w->len = 0;
}

/* Room for n more bytes (n is small: every field we write is bounded). */
static char *
wr_room(struct pd_demo_wr *w, size_t n)
{
    if (n > WR_BUF)
        PD_BUG("demo field of %zu bytes", n);
    if (WR_BUF - w->len < n)
        wr_flush(w);
    return w->buf + w->len;
}

void
pd_demo_wr_raw(struct pd_demo_wr *w, const char *s, size_t n)
{
    memcpy(wr_room(w, n), s, n);
    w->len += n;
}

void
pd_demo_wr_ch(struct pd_demo_wr *w, char c)
{
    *wr_room(w, 1) = c;
    w->len++;
}

void
pd_demo_wr_eol(struct pd_demo_wr *w)
{
    pd_demo_wr_raw(w, w->eol, strlen(w->eol));
}

void
pd_demo_wr_str(struct pd_demo_wr *w, const char *s)
{
    pd_demo_wr_raw(w, s, strlen(s));
}

/* A JSON string, escaped by common/json (our text is UTF-8 already). */
void
pd_demo_wr_json(struct pd_demo_wr *w, const char *s)
{
    size_t n = strlen(s);
    char *p = wr_room(w, PD_JSON_ESCAPED_MAX(n) + 2);

    p[0] = '"';
    n = 1 + pd_json_escape(p + 1, s, n);
    p[n++] = '"';
    w->len += n;
}

/* The low n hex digits of v, lower case. */
void
pd_demo_wr_hex(struct pd_demo_wr *w, uint64_t v, unsigned n)
{
    static const char hex[] = "0123456789abcdef";
    char *p = wr_room(w, 16);

    for (unsigned i = n; i > 0; i--) {
        p[i - 1] = hex[v & 15];
        v >>= 4;
    }
    w->len += n;
}

/* 8-4-4-4-12 hex; the caller sets version and variant bits in a and b. */
void
pd_demo_wr_uuid_bits(struct pd_demo_wr *w, uint64_t a, uint64_t b)
{
    pd_demo_wr_hex(w, a >> 32, 8);
    pd_demo_wr_ch(w, '-');
    pd_demo_wr_hex(w, a >> 16, 4);
    pd_demo_wr_ch(w, '-');
    pd_demo_wr_hex(w, a, 4);
    pd_demo_wr_ch(w, '-');
    pd_demo_wr_hex(w, b >> 48, 4);
    pd_demo_wr_ch(w, '-');
    pd_demo_wr_hex(w, b, 12);
}

/* A random (version 4) UUID made from r. */
void
pd_demo_wr_uuid(struct pd_demo_wr *w, uint64_t r)
{
    uint64_t a = pd_demo_mix64(r ^ UINT64_C(0x5851f42d4c957f2d));
    uint64_t b = pd_demo_mix64(r + UINT64_C(0x14057b7ef767814f));

    pd_demo_wr_uuid_bits(w, (a & ~UINT64_C(0xf000)) | 0x4000,
                         (b & ~(UINT64_C(3) << 62)) | (UINT64_C(2) << 62));
}

/* A field, quoted only when it has to be (RFC 4180).  The common case, a
 * short field with nothing to quote, is copied while it is scanned: a
 * separate strlen + strpbrk + memcpy took a fifth of bench mode. */
void
pd_demo_wr_text(struct pd_demo_wr *w, const char *s)
{
    static const unsigned char stop[256] = {
        [0] = 1, [','] = 2, ['"'] = 2, ['\n'] = 2, ['\r'] = 2};
    enum { FAST = 512 };
    char *p = wr_room(w, FAST), *q = p;
    const char *e = s;
    size_t n;

    while (!stop[(unsigned char)*e] && q < p + FAST)
        *q++ = *e++;
    if (!*e) {
        w->len += (size_t)(q - p);
        return;
    }
    n = strlen(s); /* long or needs quotes: start over */
    if (!strpbrk(s, ",\"\r\n")) {
        pd_demo_wr_raw(w, s, n);
        return;
    }
    p = q = wr_room(w, 2 * n + 2);
    *q++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *q++ = '"';
        *q++ = *s;
    }
    *q++ = '"';
    w->len += (size_t)(q - p);
}

void
pd_demo_wr_u64(struct pd_demo_wr *w, uint64_t v)
{
    char tmp[20];
    size_t n = 0;

    do {
        tmp[sizeof(tmp) - ++n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    pd_demo_wr_raw(w, tmp + sizeof(tmp) - n, n);
}

void
pd_demo_put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DD" of a day, from a small direct-mapped cache: a row's
 * created, updated and solved dates are different days, but the same few
 * recur row after row. */
static const char *
wr_ymd(struct pd_demo_wr *w, int64_t days)
{
    size_t slot = (size_t)days & (NELEM(w->day) - 1);
    char *ymd = w->ymd[slot];
    int64_t y;
    unsigned mo, d;

    if (w->day[slot] == days)
        return ymd;
    pd_civil_from_days(days, &y, &mo, &d);
    pd_demo_put2(ymd, (unsigned)(y / 100));
    pd_demo_put2(ymd + 2, (unsigned)(y % 100));
    ymd[4] = '-';
    pd_demo_put2(ymd + 5, mo);
    ymd[7] = '-';
    pd_demo_put2(ymd + 8, d);
    w->day[slot] = days;
    return ymd;
}

/* "YYYY-MM-DD HH:MM[:SS]", no zone: how the vendors export.  Times before
 * 1970 never reach here (pd_demo_generate checks the range). */
void
pd_demo_wr_datetime(struct pd_demo_wr *w, int64_t us, bool seconds)
{
    int64_t s = us / PD_US_PER_SEC, days = s / 86400;
    unsigned sod = (unsigned)(s % 86400);
    char *p = wr_room(w, 19);

    memcpy(p, wr_ymd(w, days), 10);
    p[10] = ' ';
    pd_demo_put2(p + 11, sod / 3600);
    p[13] = ':';
    pd_demo_put2(p + 14, sod / 60 % 60);
    if (seconds) {
        p[16] = ':';
        pd_demo_put2(p + 17, sod % 60);
    }
    w->len += seconds ? 19 : 16;
}

/* "YYYY-MM-DD<sep>HH:MM:SS", then `frac` digits (0, 3 or 6) of the second
 * after a dot, then `zone` ("Z", "+00:00" or "").  us must be >= 0. */
void
pd_demo_wr_stamp(struct pd_demo_wr *w, int64_t us, char sep, unsigned frac,
                 const char *zone)
{
    int64_t s = us / PD_US_PER_SEC, days = s / 86400;
    unsigned sod = (unsigned)(s % 86400);
    unsigned sub = (unsigned)(us % PD_US_PER_SEC), div = 100000;
    size_t zl = strlen(zone), n = 19;
    char *p = wr_room(w, 27 + zl);

    memcpy(p, wr_ymd(w, days), 10);
    p[10] = sep;
    pd_demo_put2(p + 11, sod / 3600);
    p[13] = ':';
    pd_demo_put2(p + 14, sod / 60 % 60);
    p[16] = ':';
    pd_demo_put2(p + 17, sod % 60);
    if (frac)
        p[n++] = '.';
    for (unsigned i = 0; i < frac; i++, div /= 10)
        p[n++] = (char)('0' + sub / div % 10);
    for (size_t i = 0; i < zl; i++)
        p[n++] = zone[i];
    w->len += n;
}

int
pd_demo_mkparents(const char *path, struct pd_err *err)
{
    char dir[PD_DEMO_PATH_MAX];
    char *slash;

    (void)snprintf(dir, sizeof(dir), "%s", path); /* fits: checked by caller */
    slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    return pd_file_mkdirs(dir, err);
}

/* A writer is buffers (wr_init, wr_release) plus a file (wr_file_open,
 * wr_file_close): a zip's members reuse one writer's buffers and deflate
 * state instead of allocating 1.5 MB per member. */
static void
wr_init(struct pd_demo_wr *w, const char *eol)
{
    memset(w, 0, sizeof(*w));
    w->eol = eol;
    for (size_t i = 0; i < NELEM(w->day); i++)
        w->day[i] = -1;
    w->buf = pd_xmalloc(WR_BUF);
}

/* Gzip output (a header without name or time, so the bytes depend on the
 * data only). */
int
pd_demo_wr_init_gz(struct pd_demo_wr *w, int level, struct pd_err *err)
{
    wr_init(w, "\n");
    w->z = pd_xcalloc(1, sizeof(*w->z));
    w->zbuf = pd_xmalloc(Z_BUF);
    if (deflateInit2(w->z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) ==
        Z_OK)
        return 0;
    free(w->z);
    w->z = NULL;
    return pd_err_set(err, PD_E_INTERNAL, "cannot start gzip compression");
}

/* Frees everything; an open file is abandoned and its .tmp removed. */
void
pd_demo_wr_release(struct pd_demo_wr *w)
{
    if (w->f) {
        (void)fclose(w->f);
        (void)remove(w->tmp);
        w->f = NULL;
    }
    if (w->z)
        (void)deflateEnd(w->z);
    free(w->z);
    free(w->zbuf);
    free(w->buf);
    w->z = NULL;
    w->zbuf = NULL;
    w->buf = NULL;
}

int
pd_demo_wr_file_open(struct pd_demo_wr *w, const char *path, struct pd_err *err)
{
    w->path = path;
    w->len = 0;
    w->err = 0;
    (void)snprintf(w->tmp, sizeof(w->tmp), "%s.tmp", path); /* sized for it */
    if (pd_demo_mkparents(path, err) < 0)
        return -1;
    w->f = fopen(w->tmp, "wb");
    if (!w->f)
        return pd_err_set(err, PD_E_IO, "cannot create \"%s\": %s", w->tmp,
                          strerror(errno));
    return 0;
}

/* Flush (finishing the gzip stream), close and rename into place; the
 * full disk shows up here. */
int
pd_demo_wr_file_close(struct pd_demo_wr *w, struct pd_err *err)
{
    /* Reset only after the last deflate: the next deflate call writes the
     * next stream's header, which belongs in the next file. */
    if (w->z) {
        wr_deflate(w, Z_FINISH);
        w->len = 0;
        if (deflateReset(w->z) != Z_OK && !w->err)
            w->err = EIO;
    } else {
        wr_flush(w);
    }
    if (fclose(w->f) != 0 && !w->err)
        w->err = errno;
    w->f = NULL;
    if (!w->err && rename(w->tmp, w->path) != 0)
        w->err = errno;
    if (!w->err)
        return 0;
    (void)remove(w->tmp);
    return pd_err_set(err, PD_E_IO, "cannot write \"%s\": %s", w->path,
                      strerror(w->err));
}

int
pd_demo_wr_open(struct pd_demo_wr *w, const char *path, const char *eol,
                struct pd_err *err)
{
    wr_init(w, eol);
    if (pd_demo_wr_file_open(w, path, err) == 0)
        return 0;
    pd_demo_wr_release(w);
    return -1;
}

int
pd_demo_wr_close(struct pd_demo_wr *w, struct pd_err *err)
{
    int rc = pd_demo_wr_file_close(w, err);

    pd_demo_wr_release(w);
    return rc;
}

/* Documentation addresses only (RFC 5737): invented data must not point
 * at real hosts. */
void
pd_demo_wr_ip(struct pd_demo_wr *w, uint64_t h)
{
    static const char *const nets[] = {"192.0.2.", "198.51.100.", "203.0.113."};

    pd_demo_wr_str(w, nets[h % NELEM(nets)]);
    pd_demo_wr_u64(w, (h >> 8) % 254 + 1);
}
