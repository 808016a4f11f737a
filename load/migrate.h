/*
 * migrate - bring the prodops schema up to date, idempotently.
 *
 * Applies the embedded load/sql/NNN_*.sql files whose number is not yet in
 * prodops.schema_migrations, in order, in one transaction, under an
 * advisory lock so that concurrent processes never race.  Called at every
 * connect: with nothing to do it costs one query.
 *
 * Ownership: none retained.  Errors: -1 with *err (PD_E_DB), naming the
 * migration that failed; nothing is applied then.
 * Limits: migrations are forward-only and numbered 000-999; ones written
 * on parallel branches may apply in either order (a gap is filled when
 * the missing number arrives), so they must not depend on each other.
 */
#ifndef PD_MIGRATE_H
#define PD_MIGRATE_H

#include <libpq-fe.h>

#include "common/err.h"

int pd_migrate(PGconn *conn, struct pd_err *err);

/* Number of the newest migration compiled into this binary. */
int pd_migrate_latest(void);

#endif
