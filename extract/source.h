/*
 * source - open an export file and yield its members as UTF-8 bytes.
 *
 * A source is a plain file, a gzip file, or a zip archive whose members are
 * CSV/JSON files, each possibly gzipped (Amplitude ships a zip of .json.gz).
 * Compression is detected from magic bytes, not names.  A plain or gzip file
 * has exactly one member, named after the file.  Each member's bytes are
 * decoded to UTF-8: a UTF-8 BOM is stripped, UTF-16LE/BE with BOM is
 * transcoded, and a member whose first 64 KiB hold more bytes that are
 * invalid UTF-8 than valid multi-byte sequences is read as Windows-1252
 * (SPEC §3).  Bytes read against that label are counted (doubts below):
 * invalid bytes of a UTF-8 member are read as Windows-1252, and a chunk of a
 * Windows-1252 member that is valid UTF-8 text is read as UTF-8.  Zip
 * members are streamed from the archive, never unpacked to disk.
 *
 * Ownership: pd_source_open() returns a heap object; pd_source_close() frees
 * it (NULL is accepted).  Member names are borrowed until the next
 * pd_source_next_member().  pd_source_open_mem() borrows its bytes: they
 * must outlive the source.
 * Errors: -1 / NULL with *err filled: unreadable file, corrupt archive,
 * truncated gzip ("unexpected end of gzip data"), with the member named.
 * Limits: memory is a few fixed buffers whatever the file size.
 */
#ifndef PD_SOURCE_H
#define PD_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/err.h"

enum pd_encoding {
    PD_ENC_UTF8,
    PD_ENC_UTF8_BOM,
    PD_ENC_UTF16LE,
    PD_ENC_UTF16BE,
    PD_ENC_CP1252
};

enum pd_compression { PD_COMP_NONE, PD_COMP_GZIP, PD_COMP_ZIP };

/* Characters decoded against the member's encoding label, over the whole
 * source (issue 12.15: never mojibake without a count). */
struct pd_source_doubts {
    uint64_t bytes;         /* characters read against the label */
    long first_line;        /* physical line of the first, in its member */
    char first_member[256]; /* that member's name */
    bool as_cp1252;         /* the first: bytes of a UTF-8 member read as CP1252
                               (else UTF-8 text inside a CP1252 member) */
};

struct pd_source;

struct pd_source *pd_source_open(const char *path, struct pd_err *err);

/* The same over n bytes in memory, as if they were a file named name (the
 * member name of a plain or gzip source; errors cite it as the path).  For
 * tests and fuzz targets: no temporary file, no file descriptor. */
struct pd_source *pd_source_open_mem(const char *name, const void *data,
                                     size_t n, struct pd_err *err);
int pd_source_close(struct pd_source *src);

/* Advance to the next member: 1 a member is ready (*name set), 0 no more,
 * -1 error.  Must be called once before the first read.  Zip directory
 * entries and members that are not files are skipped.  In a zip archive an
 * error inside a member (a truncated gzip member, a bad CRC) is that
 * member's: the next call goes on to the next member.  On -1, *name is set
 * when the failing member is known (NULL otherwise). */
int pd_source_next_member(struct pd_source *src, const char **name,
                          struct pd_err *err);

/* Read up to n decoded UTF-8 bytes of the current member: >0 bytes read,
 * 0 end of member, -1 error (e.g. truncated gzip). */
ssize_t pd_source_read(struct pd_source *src, char *buf, size_t n,
                       struct pd_err *err);

/* pd_source_read() without the copy: *p is set to the next up to n
 * decoded bytes, borrowed until the next read, view or member change.  A
 * view that returns 0 (the end) leaves the last one readable. */
ssize_t pd_source_view(struct pd_source *src, const char **p, size_t n,
                       struct pd_err *err);

/* The first non-blank byte of the current member, without consuming it
 * (JSON or CSV?): 1 *first set, 0 empty member, -1 error.  Looks at the
 * decoded bytes already buffered; a member that starts with more blank
 * bytes than a buffer holds reads as ' '. */
int pd_source_peek(struct pd_source *src, char *first, struct pd_err *err);

/* What was decoded against the label so far (borrowed, lives as long as
 * the source). */
const struct pd_source_doubts *pd_source_doubts(const struct pd_source *src);

/* The detected encoding of the current member. */
enum pd_encoding pd_source_encoding(const struct pd_source *src);
const char *pd_encoding_name(enum pd_encoding enc);
enum pd_compression pd_source_compression(const struct pd_source *src);

/* Compressed bytes consumed so far and the file's size, for progress. */
uint64_t pd_source_bytes_done(const struct pd_source *src);
uint64_t pd_source_bytes_total(const struct pd_source *src);

/*
 * Members on other threads: stream.c reads the members of an archive on
 * worker threads, each through its own handle, and hands out their items
 * in member order.
 */

/* The zip entry indexes of the file members not yet opened, in order, in
 * *entries (owned by caller, free with free(); NULL when there are none):
 * up to the end, or to the first entry whose name cannot be read (the
 * sequential read reports that one in its turn).  0 for a plain or gzip
 * source. */
size_t pd_source_list_members(struct pd_source *src, int64_t **entries);

/* A new handle on src's file (or bytes) whose only member is zip entry
 * entry: the next pd_source_next_member() opens it, the one after returns
 * 0.  It inflates on a readahead thread of its own, as src does.  src is
 * only read (its name and bytes), so other threads may open handles from
 * it at the same time.  NULL with *err when the file cannot be opened
 * again. */
struct pd_source *pd_source_open_member(const struct pd_source *src,
                                        int64_t entry, struct pd_err *err);

/* The next pd_source_next_member() looks for a member from zip entry
 * entry on (after the members another handle read). */
void pd_source_resume(struct pd_source *src, int64_t entry);

/* Count a member read on another handle as read here: its compressed
 * size for progress, and its doubts (d, that handle's
 * pd_source_doubts()), in member order. */
void pd_source_account(struct pd_source *src, int64_t entry,
                       const struct pd_source_doubts *d);

/* The zlib library's run-time version, a static string (prodops
 * --version). */
const char *pd_source_zlib_version(void);

#endif
