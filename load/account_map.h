/*
 * account_map - SPEC §3's account of a ticket, resolved in the loader.
 *
 * A first (direct) tickets load used to COPY its rows without accounts and
 * resolve them afterwards with an UPDATE (load/sql/tickets_direct_accounts
 * .sql), which writes a second version of every ticket that resolves: with a
 * CRM that covers most tickets the table ends up nearly twice its size, and
 * the update costs as much as the COPY.  This map holds the three lookups of
 * that statement (the account ids, account_by_name, account_by_domain) so
 * that each row is COPYed with its account already set.
 *
 * It must give exactly the server's answer.  Two of the lookups are byte
 * equality (the database collation is deterministic); the name lookup
 * compares lower(organization), and lower() follows the database's
 * character classification.  Only where that is "C" or "POSIX" with the libc
 * provider (the embedded cluster's) does lower() change ASCII letters alone,
 * which the loader can repeat exactly; anywhere else pd_account_map_load()
 * declines and the update runs as before.
 *
 * Ownership: the map owns its query results; pd_account_map_release() frees
 * them.  Returned account ids point into the map and live as long as it.
 * Errors: -1 with *err (PD_E_DB) from pd_account_map_load().
 * Limits: memory is linear in the accounts; a CRM of more than
 * PD_ACCOUNT_MAP_MAX accounts is left to the server (the update).
 */
#ifndef PD_ACCOUNT_MAP_H
#define PD_ACCOUNT_MAP_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "common/err.h"
#include "common/strmap.h"

/* ~620 bytes an account held (200 k accounts: +124 MB of RSS) */
enum { PD_ACCOUNT_MAP_MAX = 100000 };

struct pd_account_map {
    PGresult *ids, *names, *domains;            /* rows of the three lookups */
    struct pd_strmap by_id, by_name, by_domain; /* key -> row */
    char *lowered; /* scratch for lower(organization) */
    size_t lowered_cap;
};

/* Read the lookups.  1: loaded; 0: the server's lower() cannot be repeated
 * here or the accounts are too many (the map stays empty: resolve on the
 * server); -1: error.  The caller holds a lock that keeps the accounts as
 * read until its transaction ends. */
int pd_account_map_load(PGconn *conn, struct pd_account_map *m,
                        struct pd_err *err);
/* The account of a row, in SPEC §3's order: account_ref as an account id,
 * lower(organization) as an account name, requester_domain as an account
 * domain; NULL when none matches.  NULL arguments match nothing. */
const char *pd_account_map_resolve(struct pd_account_map *m,
                                   const char *account_ref,
                                   const char *organization,
                                   const char *domain);
void pd_account_map_release(struct pd_account_map *m);

#endif
