/*
 * stream - one record stream over an export file: every member of a zip,
 * gzip or plain file, CSV or JSON, read in order.
 *
 * The stream opens the source, picks the reader of each member from its
 * first non-blank byte ('{' or '[': JSON, else CSV) and hands out items:
 * a MEMBER when one begins, its HEADER (a CSV member's first row; a JSON
 * member's first record's key names), its RECORDs, and END when it is
 * exhausted.  A header-less export (opts->headerless) gets columns named
 * 1, 2, ... and its first row comes back as a record.  JSON lines that do
 * not parse before a member's first record come back as records with
 * reject set, ahead of the header.  What a header means (a survey's
 * second and third header rows, the vendor profile) is transform's.
 *
 * Ownership: pd_stream_open() returns a heap object that owns the source
 * and the readers; pd_stream_close() frees it (NULL is accepted).  A
 * RECORD's pointers are borrowed until the next pd_stream_next(); a
 * HEADER's live until the next HEADER; a MEMBER's name until the next
 * MEMBER.
 * Errors: pd_stream_next() returns -1 with *err filled (unreadable file,
 * corrupt archive or member, truncated gzip, bad CSV or JSON structure).
 * In an archive an error inside a member is that member's:
 * pd_stream_can_skip() is then true and the next call goes on with the
 * next member.  Otherwise the error is the file's, and sticky.  A file
 * without any member fails with "no data file inside the archive".
 * Limits: memory is the readers' fixed buffers and one header; an archive
 * of two or more members is read on worker threads (members.h), a few
 * bounded batches of records ahead.
 */
#ifndef PD_STREAM_H
#define PD_STREAM_H

#include <stdbool.h>

#include "common/arena.h"
#include "common/err.h"
#include "extract/record.h"
#include "extract/source.h"

struct pd_stream_opts {
    /* CSV members have no header row: columns are named 1, 2, ... (a
     * configured mapping with header = false). */
    bool headerless;
};

enum pd_stream_type {
    PD_STREAM_MEMBER = 1, /* a member begins: member */
    PD_STREAM_HEADER,     /* its header: rec */
    PD_STREAM_RECORD,     /* one record: rec */
    PD_STREAM_END         /* the member is exhausted */
};

enum pd_stream_format { PD_STREAM_CSV, PD_STREAM_JSON };

struct pd_stream_item {
    enum pd_stream_type type;
    enum pd_stream_format format; /* HEADER, RECORD: the member's format */
    const char *member;           /* MEMBER: its name, as the archive has it */
    struct pd_record rec;         /* HEADER, RECORD */
    /* RECORD: read together with the header (a JSON member's first
     * record, a header-less member's first row). */
    bool with_header;
};

struct pd_stream;

/* Open path; NULL with *err when it cannot be read.  opts may be NULL. */
struct pd_stream *pd_stream_open(const char *path,
                                 const struct pd_stream_opts *opts,
                                 struct pd_err *err);
/* The same over size bytes at data (borrowed until pd_stream_close()),
 * named name in messages: the fuzz target's way in. */
struct pd_stream *pd_stream_open_mem(const char *name, const void *data,
                                     size_t size,
                                     const struct pd_stream_opts *opts,
                                     struct pd_err *err);
/* A stream over src, which it owns from here, read member after member
 * on the caller's thread: the way in of members.c's workers. */
struct pd_stream *pd_stream_open_source(struct pd_source *src,
                                        const struct pd_stream_opts *opts);
void pd_stream_close(struct pd_stream *st);

/* The next item: 1 (*it filled), 0 end of file, -1 error. */
int pd_stream_next(struct pd_stream *st, struct pd_stream_item *it,
                   struct pd_err *err);

/* After an error: true when it was confined to the current member of an
 * archive, so that the next pd_stream_next() goes on with the next
 * member. */
bool pd_stream_can_skip(const struct pd_stream *st);

/* Drop the rest of the current member: the next pd_stream_next() opens
 * the next one (a member the caller refuses, e.g. CSV after JSON). */
void pd_stream_skip(struct pd_stream *st);

/* A zip archive (members have names of their own). */
bool pd_stream_is_archive(const struct pd_stream *st);

/* The encoding of the first member opened ("" before one was). */
const char *pd_stream_encoding(const struct pd_stream *st);

/* The source, for what decoding found and progress (borrowed). */
const struct pd_source *pd_stream_source(const struct pd_stream *st);

#endif
