/*
 * writer - the demo's buffered file writer: CSV fields, JSON strings,
 * dates and ids formatted by hand into a 1 MiB buffer, optionally gzipped,
 * written to "<path>.tmp" and renamed into place.
 *
 * Bench mode must outrun the ingest it feeds, so nothing here goes through
 * printf: integers and dates are formatted by hand (1.3-1.5 M rows/s, about
 * 290 bytes each, on the project machine).
 *
 * Ownership: a writer owns its buffers and deflate state (freed by
 * pd_demo_wr_release() or pd_demo_wr_close()); path strings are borrowed
 * and must outlive the open file.
 * Errors: sticky (STYLE rule 13): the first failed write is remembered in
 * w->err and later writes are no-ops; pd_demo_wr_file_close() and
 * pd_demo_wr_close() report it as -1 with *err (PD_E_IO naming the path)
 * and remove the .tmp.  Opening returns -1 with *err.
 * Limits: one field or value must fit the buffer (a longer one is a bug);
 * paths must fit PD_DEMO_PATH_MAX; times are 1970..9999.
 */
#ifndef PD_DEMO_WRITER_H
#define PD_DEMO_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/err.h"
#include "jobs/demo/demo.h"

struct z_stream_s; /* zlib's, used by writer.c only */

/* Fields are private but for err, which row loops test to stop early. */
struct pd_demo_wr {
    FILE *f;
    const char *path; /* final path, for messages */
    char tmp[PD_DEMO_PATH_MAX + 8];
    char *buf;
    size_t len;
    int err; /* first errno; later writes are no-ops (STYLE rule 13) */
    const char *eol;
    struct z_stream_s *z; /* non-NULL: bytes are gzipped on their way to f */
    unsigned char *zbuf;
    int64_t day[8]; /* day numbers whose "YYYY-MM-DD" are in ymd */
    char ymd[8][10];
};

/* A plain file at path with end of line eol ("\n" or "\r\n").  On failure
 * nothing is left allocated or on disk. */
int pd_demo_wr_open(struct pd_demo_wr *w, const char *path, const char *eol,
                    struct pd_err *err);

/* Finish, close and rename into place; frees the writer either way. */
int pd_demo_wr_close(struct pd_demo_wr *w, struct pd_err *err);

/* A writer whose bytes are gzipped (a header without name or time, so the
 * bytes depend on the data only), for one file after another: open each
 * with pd_demo_wr_file_open(), finish it with pd_demo_wr_file_close() (the
 * gzip stream ends there), free with pd_demo_wr_release(). */
int pd_demo_wr_init_gz(struct pd_demo_wr *w, int level, struct pd_err *err);
int pd_demo_wr_file_open(struct pd_demo_wr *w, const char *path,
                         struct pd_err *err);
int pd_demo_wr_file_close(struct pd_demo_wr *w, struct pd_err *err);

/* Frees everything; an open file is abandoned and its .tmp removed.  Safe
 * on a zeroed writer. */
void pd_demo_wr_release(struct pd_demo_wr *w);

/* mkdir -p of the directories above a file path (common/file.h). */
int pd_demo_mkparents(const char *path, struct pd_err *err);

/* Bytes as they are. */
void pd_demo_wr_raw(struct pd_demo_wr *w, const char *s, size_t n);
void pd_demo_wr_ch(struct pd_demo_wr *w, char c);
void pd_demo_wr_str(struct pd_demo_wr *w, const char *s);
/* The writer's end of line. */
void pd_demo_wr_eol(struct pd_demo_wr *w);

/* A CSV field, quoted only when it has to be (RFC 4180). */
void pd_demo_wr_text(struct pd_demo_wr *w, const char *s);

/* A JSON string literal with its quotes. */
void pd_demo_wr_json(struct pd_demo_wr *w, const char *s);

/* Decimal; the low n hex digits, lower case. */
void pd_demo_wr_u64(struct pd_demo_wr *w, uint64_t v);
void pd_demo_wr_hex(struct pd_demo_wr *w, uint64_t v, unsigned n);

/* 8-4-4-4-12 hex of a and b (the caller sets version and variant bits);
 * a random (version 4) UUID made from r. */
void pd_demo_wr_uuid_bits(struct pd_demo_wr *w, uint64_t a, uint64_t b);
void pd_demo_wr_uuid(struct pd_demo_wr *w, uint64_t r);

/* A documentation address (RFC 5737) drawn from h. */
void pd_demo_wr_ip(struct pd_demo_wr *w, uint64_t h);

/* "YYYY-MM-DD HH:MM[:SS]", no zone: how the helpdesks export. */
void pd_demo_wr_datetime(struct pd_demo_wr *w, int64_t us, bool seconds);

/* "YYYY-MM-DD<sep>HH:MM:SS", then frac digits (0, 3 or 6) of the second
 * after a dot, then zone ("Z", "+00:00" or ""). */
void pd_demo_wr_stamp(struct pd_demo_wr *w, int64_t us, char sep, unsigned frac,
                      const char *zone);

/* Two decimal digits of v < 100 at p (no NUL). */
void pd_demo_put2(char *p, unsigned v);

#endif
