/*
 * events - the direct load of usage events: a source's first file is
 * COPYed in binary straight into prodops.events, its dictionary ids
 * (source, event name, person record) resolved here, without the staging
 * table, its ANALYZE and the INSERT ... SELECT (load/README.md, "Direct
 * usage load").
 *
 * Taken only when the file's source has no usage_sources row yet (no
 * stored event, rollup row or exposure can name it, retention included),
 * and never for --reprocess (nor with PRODOPS_TEST_STAGED_EVENTS=1, so
 * that tests can compare the two paths).  Under two transaction-level advisory
 * locks (the partitions' lock of ensure_usage_partitions(), then the usage
 * dictionaries', in that order everywhere, so loaders cannot deadlock),
 * the source gets its row, the event names are read into a hash map and
 * new names, and every person record of the file, get ids above both the
 * table's greatest and its identity sequence (setval()ed past them at the
 * end).  A month with no partition yet ends the COPY, makes the partition
 * and starts a new COPY.  After the COPY: the new names and person records
 * (their people and accounts resolved by the server, SPEC §3), the rollups
 * (COPYed in key order: nothing of the source can conflict) from the
 * groups the loader summed per UTC day, person record and event name as it
 * sent the rows, mapped to people and accounts and summed again per person
 * here (past its table's cap, from the inserted rows by the server,
 * usage_rollup_fresh.sql), and the exposures of the file's exposure
 * events, spooled to a temporary file during the COPY
 * (usage_direct_exposures.sql).
 *
 * A key repeated inside the file (or two keys whose 128-bit hashes meet
 * at one instant) fails the COPY with a unique violation
 * (pd_stage_is_duplicate_key()): the caller loads the file again through
 * staging, which counts the repeat as a duplicate and checks collisions.
 *
 * Ownership: pd_events_direct_begin() allocates *d; the caller frees it
 * with pd_events_direct_free() (NULL accepted).  The connection and the
 * pd_copy are the caller's; the COPY is started, restarted and left
 * running for the caller's pd_copy_end().
 * Errors: -1 with *err (PD_E_DB from the server, PD_E_IO for a spool).  A
 * row whose COPY restart failed sets the pd_copy's sticky error.
 * Limits: memory grows with the distinct event names of the warehouse and
 * the distinct person records (user id, device, email, account ref,
 * domain) of the file, never with its event count: ~100 bytes a person
 * record (1 M of them ~100 MB); the rollup groups' tables (one per UTC
 * day) stop at 2^21 slots of 32 bytes in all (64 MB, ~1.4 M groups; the
 * bench file's 1 M events make 408 k), then the server groups.  One COPY
 * restart per new month.
 */
#ifndef PD_EVENTS_H
#define PD_EVENTS_H

#include <libpq-fe.h>
#include <stdint.h>

#include "common/err.h"
#include "load/copy.h"
#include "transform/model.h"

struct pd_events_direct;

/* What a direct load stored, for the file's counts. */
struct pd_events_counts {
    int64_t events;    /* rows the server took, every COPY segment */
    int64_t names;     /* new event names */
    int64_t users;     /* new person records */
    int64_t exposures; /* exposure events spooled */
};

/* Start a direct load of the usage file file_id of source: 1 started (the
 * COPY into prodops.events is open in c), 0 not taken (the source has
 * loaded events before: stage the file), -1 on error. */
int pd_events_direct_begin(PGconn *conn, const char *source, int64_t file_id,
                           struct pd_events_direct **d, struct pd_copy *c,
                           struct pd_err *err);

/* One event: its month's partition made if needed, its ids resolved, the
 * lean row written, an exposure event spooled.  -1 with *err (and the
 * COPY's sticky error set) when a COPY restart or the spool failed. */
int pd_events_direct_row(struct pd_events_direct *d, struct pd_copy *c,
                         const struct pd_event *e, struct pd_err *err);

/* After pd_copy_end(c): store the new dictionary rows, grow the rollups,
 * add the exposures.  *n gets what was stored. */
int pd_events_direct_finish(struct pd_events_direct *d, const struct pd_copy *c,
                            struct pd_events_counts *n, struct pd_err *err);

void pd_events_direct_free(struct pd_events_direct *d);

/* Migration 014's dedupe key, prodops.event_key_hash(): the first 16
 * bytes of the SHA-256 of the key (PRODOPS_TEST_WEAK_KEY_HASH=N: of its
 * first N bytes only, so that tests can make keys collide). */
void pd_events_key_hash(const char *key, unsigned char out[16]);

#endif
