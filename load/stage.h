/*
 * stage - the per-file staging table of each kind and its set-based merge
 * into the core tables (SPEC §4), plus the spooled rejects.
 *
 * A file's rows are COPYed into a temporary table (dropped at commit), then
 * one INSERT ... ON CONFLICT statement per kind keeps, per key, the row
 * with the greatest updated_at (ties: the later row) and counts what was
 * new, updated, and unchanged.  Rejects are spooled to a temporary file
 * during the COPY (one COPY at a time per connection) and loaded after it.
 *
 * Ownership: the caller owns the connection, the pd_copy and the FILE.
 * Errors: -1 with *err (PD_E_DB).
 * Limits: the merge sorts the file's rows once (DISTINCT ON); memory on
 * this side is the COPY buffer.
 */
#ifndef PD_STAGE_H
#define PD_STAGE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common/err.h"
#include "load/account_map.h"
#include "load/copy.h"
#include "transform/model.h"

struct pd_merge_counts {
    int64_t staged;   /* rows the server received */
    int64_t distinct; /* distinct keys among them */
    int64_t inserted;
    int64_t updated;
    int64_t withdrawn; /* rows of the replaced load no longer yielded */
};

/* Create the kind's staging table and start COPYing into it. */
int pd_stage_begin(PGconn *conn, enum pd_kind kind, struct pd_copy *c,
                   struct pd_err *err);

/* A direct load's deferred work: on a first load (the table empty) its
 * indexes and primary key are dropped before the COPY and built after it,
 * in the same transaction; these are the statements that rebuild them. */
struct pd_stage_direct {
    bool deferred;
    bool no_row_triggers; /* session_replication_role = replica */
    char *keys[4];        /* primary key and unique constraints */
    size_t nkeys;
    char *indexes[16]; /* the other indexes */
    size_t nindexes;
    /* Tickets: each row's account, resolved as it is COPYed (when
     * accounts_resolved; otherwise by an update after the COPY). */
    struct pd_account_map accounts;
    bool accounts_resolved;
};

/* Direct load: when the core table has no row of this source yet (a first
 * load), rows are COPYed straight into it in binary (no staging, no merge:
 * past the \copy ceiling of LIMITS.md).  When the table is empty it is
 * locked (ACCESS EXCLUSIVE, until commit) and its indexes are dropped, to
 * be built after the COPY (d).  The COPY skips the per-row check of the
 * file_id foreign key when the session may (a superuser, as on the
 * embedded cluster): every row carries the files row this transaction
 * inserted.  A key repeated inside the file fails the COPY, or the
 * primary key's rebuild, with a unique violation
 * (pd_stage_is_duplicate_key), and the caller loads the file again
 * through staging.  Returns 1 started, 0 when the source already has rows
 * (nothing started), -1 on error.  d is filled in either case;
 * pd_stage_direct_release() frees it. */
int pd_stage_begin_direct(PGconn *conn, enum pd_kind kind, const char *source,
                          struct pd_stage_direct *d, struct pd_copy *c,
                          struct pd_err *err);
bool pd_stage_is_duplicate_key(const struct pd_err *err);
/* After a direct load (pd_copy_end): rebuild what was deferred, resolve
 * the new rows' accounts (SPEC §3) unless they were COPYed with them. */
int pd_stage_direct_finish(PGconn *conn, enum pd_kind kind, int64_t file_id,
                           const char *source, struct pd_stage_direct *d,
                           struct pd_err *err);
void pd_stage_direct_release(struct pd_stage_direct *d);

/* One staged row: its position in the file (ord), then its line. */
void pd_stage_ticket(struct pd_copy *c, int64_t ord, long line,
                     const char *source, const struct pd_ticket *t);
/* One row of a direct load: file_id first, and its account when d
 * resolves accounts. */
void pd_stage_direct_ticket(struct pd_stage_direct *d, struct pd_copy *c,
                            int64_t file_id, const char *source,
                            const struct pd_ticket *t);
void pd_stage_account(struct pd_copy *c, int64_t ord, long line,
                      const struct pd_account *a);
void pd_stage_nps(struct pd_copy *c, int64_t ord, long line, const char *source,
                  const struct pd_nps *r);
void pd_stage_request(struct pd_copy *c, int64_t ord, long line,
                      const char *source, const struct pd_request *r);

/* A release (issue 17): text COPY, merged like accounts (the later file
 * wins). */
void pd_stage_release(struct pd_copy *c, int64_t ord, long line,
                      const char *source, const struct pd_release *r);

void pd_stage_event(struct pd_copy *c, int64_t ord, const char *source,
                    const struct pd_event *e);

/* Drop the staged rows ord first..last (after pd_copy_end): the rows of an
 * archive member that turned out corrupt. */
int pd_stage_forget(PGconn *conn, enum pd_kind kind, int64_t first_ord,
                    int64_t last_ord, struct pd_err *err);

/* Merge the staged rows (after pd_copy_end) into the core table.
 * replaces (--reprocess, issue 13; 0 otherwise) is the file's earlier
 * load: its rows take the file's row whatever their updated_at, those the
 * file no longer yields are deleted (counted in n->withdrawn) and the rest
 * move to file_id (requests and accounts: a plain merge).  Tickets, NPS,
 * requests and accounts only: usage events are
 * immutable (a programmer error, PD_BUG). */
int pd_stage_merge(PGconn *conn, enum pd_kind kind, int64_t file_id,
                   int64_t replaces, struct pd_merge_counts *n,
                   struct pd_err *err);

/* Re-resolve every row's account after accounts changed (SPEC §3). */
int pd_stage_reresolve_accounts(PGconn *conn, struct pd_err *err);

/* Append one reject to the spool (a COPY row without the file id, which
 * is only final once the file's outcome is known).  member names the
 * archive member, NULL for a plain file. */
int pd_stage_spool_reject(FILE *spool, const char *member, long line,
                          const char *column, const char *reason,
                          const char *raw, size_t raw_len);

/* COPY the spooled rejects into prodops.rejects as rows of file_id. */
int pd_stage_load_rejects(PGconn *conn, FILE *spool, int64_t file_id,
                          struct pd_err *err);

#endif
