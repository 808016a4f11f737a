/*
 * erase - remove one person, known by an email address, from the
 * warehouse: what a data-protection erasure request needs.
 *
 * In one transaction (prodops.forget_email() of migration 018): the
 * columns that hold the address as their value are cleared (tickets'
 * requester_email, NPS respondent_email) or pseudonymized where a unique
 * key needs a value (usage_users, usage_people: 'erased:<id>'); then every
 * occurrence of the address in any text, text[], json or jsonb column of
 * any table -- subjects, comments, extra fields, event properties, the raw
 * lines and reasons of rejects, file names, run errors -- becomes
 * '[erased]'.  Rows are kept, so counts and reports do not change; the
 * person's events count for an anonymous user.  A dry run does the same
 * work and rolls it back, so its counts are exact.
 *
 * Ownership: the connection is borrowed; the result is caller-provided,
 * released with pd_erase_result_release().
 * Errors: -1 with *err: PD_E_USAGE (not an email address), PD_E_DB.
 * Limits: the address is matched whole and case-insensitively, never
 * inside a longer address; bytea columns (files.path_bytes) and files
 * outside the warehouse (reports, handoffs, the vendor exports) are not
 * touched; a later export that still holds the person brings them back.
 */
#ifndef PD_ERASE_H
#define PD_ERASE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

struct pd_erase_change {
    char table[64];
    char column[64];
    char action[16]; /* cleared, pseudonymized, scrubbed */
    int64_t rows;
};

struct pd_erase_result {
    struct pd_erase_change *changes; /* in the order they were made */
    size_t n;
};

/* true when addr looks like one email address: local@domain, no space. */
bool pd_erase_address_ok(const char *addr);

int pd_erase_email(PGconn *conn, const char *addr, bool dry_run,
                   struct pd_erase_result *r, struct pd_err *err);

void pd_erase_result_release(struct pd_erase_result *r);

#endif
