/*
 * workspace - the warehouse's own secret, which keys the pseudonymous ids
 * of PM handoffs (SPEC §7: requesters never appear as emails).
 *
 * The secret is 32 random bytes in prodops.workspace (migration 008), made
 * on first need: the first caller inserts its bytes with ON CONFLICT DO
 * NOTHING and every caller then reads the row back, so two first runs at
 * once end up with the same secret.
 *
 * Ownership: the secret is copied into the caller's buffer; wipe it with
 * pd_workspace_wipe() when done.
 * Errors: -1 with *err: PD_E_DB when the table cannot be read or written,
 * PD_E_IO when the system has no randomness to give.
 * Limits: one secret per warehouse; it is never rotated (rotating it would
 * change every id).
 */
#ifndef PD_WORKSPACE_H
#define PD_WORKSPACE_H

#include <libpq-fe.h>
#include <stddef.h>

#include "common/err.h"

#define PD_WORKSPACE_SECRET_LEN 32

/* The secret, made now if the warehouse has none yet. */
int pd_workspace_secret(PGconn *conn,
                        unsigned char secret[PD_WORKSPACE_SECRET_LEN],
                        struct pd_err *err);

/* Overwrite n bytes of key material (not optimized away). */
void pd_workspace_wipe(void *p, size_t n);

#endif
