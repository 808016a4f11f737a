/*
 * retheme - recompute the themes (SPEC §8) of every stored ticket and NPS
 * response after the rules changed (`prodops retheme`), in one
 * transaction: a cursor streams the texts in batches, the new themes go
 * into a temporary table by COPY, and one UPDATE per table writes only the
 * rows whose themes changed.
 *
 * Ownership: the caller owns the connection and the rules.
 * Errors: -1 with *err (PD_E_DB); the transaction is rolled back.
 * Limits: memory is one batch of rows (5,000), whatever the table size.
 */
#ifndef PD_RETHEME_H
#define PD_RETHEME_H

#include <libpq-fe.h>
#include <stdint.h>

#include "common/err.h"
#include "transform/themes.h"

struct pd_retheme_counts {
    int64_t tickets_read, tickets_changed;
    int64_t nps_read, nps_changed;
};

int pd_retheme(PGconn *conn, struct pd_themes *rules,
               struct pd_retheme_counts *n, struct pd_err *err);

#endif
