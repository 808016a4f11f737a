/*
 * rows - one file's records to canonical rows: the transform stage over
 * an extract stream.
 *
 * Pulls items from a pd_stream and hands out what load needs: MEMBER when
 * a member begins, PROFILE once the first member's header chose the
 * vendor profile (and the binding is made), then one ROW (a canonical
 * ticket, NPS response, account or event) or REJECT per record.  Header
 * rows are read here: SurveyMonkey's second and Qualtrics' second and
 * third rows (whose zone applies unless a zone was given), and a JSON
 * member's keys.  Later members are bound against the first's profile:
 * JSON members share one binding, each CSV member binds its own header.
 * Times are read in the configured zone, or UTC for vendors that say so,
 * with the configured day/month order until the data contradicts it
 * (pd_rows_contradiction(); the caller reads the file again after
 * pd_rows_flip_order()).
 *
 * Ownership: pd_rows_new() returns a heap object freed by pd_rows_free();
 * it owns the zone, the profiles built from opts->mappings and the
 * binding, and borrows the options' strings, the themes and (per
 * attempt) the stream.  An item's row, reject and record are valid until
 * the next pd_rows_next().
 * Errors: pd_rows_new() NULL with *err (an unknown zone).  pd_rows_next()
 * -1 with *err: a bad file (no header, no profile fits, a required column
 * missing: PD_E_FORMAT and friends), a stream error, or a bad configured
 * mapping or profile name (PD_E_CONFIG, PD_E_USAGE: the caller's fault, not
 * the file's).  pd_rows_can_skip() tells whether the error was confined to
 * an archive member.  A bad row is not an error: it is a REJECT.
 * Limits: memory is one row's arena and one header; about 1 µs per row
 * (transform/row.h).
 */
#ifndef PD_ROWS_H
#define PD_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "extract/record.h"
#include "extract/stream.h"
#include "transform/model.h"
#include "transform/profile.h"
#include "transform/row.h"
#include "transform/themes.h"

/* A configured mapping (a [profile] section): built into a profile when
 * the first header is read, so that a bad one fails only files it is
 * tried on. */
struct pd_rows_mapping {
    const char *name;
    enum pd_kind kind;
    const char *const *fields;  /* canonical field names */
    const char *const *headers; /* the columns they come from */
    size_t n;
};

struct pd_rows_opts {
    enum pd_kind kind;   /* PD_KIND_NONE: detect from the header */
    const char *profile; /* a configured or built-in profile, or NULL */
    const struct pd_rows_mapping *mappings; /* candidates before built-ins */
    size_t nmappings;
    const char *timezone;      /* zone of naive times */
    bool zone_given;           /* a zone written in the file does not apply */
    bool day_first;            /* the order slash dates start with */
    bool ignore_contradiction; /* never ask for a restart (prodops check) */
    bool parse_only;           /* count records, transform nothing */
    int64_t as_of; /* NPS exports without a response time (--as-of) */
    bool has_as_of;
    struct pd_themes *themes; /* NULL: rows get no themes */
    /* [source] keep_properties: the event properties kept beside the
     * exposure events' (transform/row.h). */
    const char *const *keep_properties;
    size_t nkeep_properties;
};

enum pd_rows_type {
    PD_ROWS_MEMBER = 1, /* a member begins: member */
    PD_ROWS_PROFILE,    /* the file's profile is chosen and bound */
    PD_ROWS_ROW,        /* kind and row; rec is the record it came from */
    PD_ROWS_REJECT      /* rej; rec is the record rejected */
};

struct pd_rows_item {
    enum pd_rows_type type;
    const char *member;          /* MEMBER: its name, as the archive has it */
    const struct pd_record *rec; /* ROW, REJECT */
    /* ROW, REJECT: read together with a header (a JSON member's first
     * record, a header-less or Qualtrics file's first data row). */
    bool with_header;
    enum pd_kind kind; /* ROW: PD_KIND_NONE when parse_only */
    union {
        struct pd_ticket ticket;
        struct pd_nps nps;
        struct pd_account account;
        struct pd_event event;
        struct pd_release release;
        struct pd_request request;
    } row;
    struct pd_row_reject rej; /* REJECT */
};

struct pd_rows;

struct pd_rows *pd_rows_new(const struct pd_rows_opts *opts,
                            struct pd_err *err);
void pd_rows_free(struct pd_rows *x);

/* Start reading st from its beginning (each attempt at a file): the
 * statistics start from zero; the zone and the day/month order stay. */
void pd_rows_begin(struct pd_rows *x, struct pd_stream *st);

/* The next item: 1 (*it filled), 0 end of file, -1 error. */
int pd_rows_next(struct pd_rows *x, struct pd_rows_item *it,
                 struct pd_err *err);

/* After an error: the member it came from can be dropped and the file
 * read on (an archive whose first member was bound); pd_rows_skip_member()
 * does that. */
bool pd_rows_can_skip(const struct pd_rows *x);
void pd_rows_skip_member(struct pd_rows *x);

/* The chosen profile (NULL before the first header), and whether a member
 * is bound to it. */
const struct pd_profile *pd_rows_profile(const struct pd_rows *x);
bool pd_rows_bound(const struct pd_rows *x);

/* A date read so far contradicts the day/month order the earlier rows
 * were read with: the file must be read again, in the other order. */
bool pd_rows_contradiction(const struct pd_rows *x);
/* Read in the other order from now on and never ask again; returns the
 * new order (true: day first). */
bool pd_rows_flip_order(struct pd_rows *x);

/* What the rows so far counted (unmapped values, repairs). */
const struct pd_row_stats *pd_rows_stats(const struct pd_rows *x);

#endif
