/*
 * backup - the warehouse to a file and back: pg_dump and pg_restore of
 * schema prodops in PostgreSQL's custom format.
 *
 * pg_dump reads one snapshot (a repeatable-read transaction), so a backup
 * taken while a job loads holds each file either wholly or not at all.
 * The tools are those of the server's major version when Debian's
 * /usr/lib/postgresql/<major>/bin has them, else the newest installed
 * (PRODOPS_PG_BINDIR first, then PATH): a newer pg_dump reads an older
 * server, an older one refuses a newer server.  The connection goes to
 * the tools through PG* environment variables taken from the live
 * connection (PQconninfo), never on their command line, where a password
 * would show in ps.
 *
 * A restore goes into an empty warehouse: no schema prodops, or one that
 * holds no file and no run (what `prodops db start` leaves).  With force,
 * a warehouse that holds data is replaced.  Either way the old schema is
 * first renamed aside and dropped only once pg_restore succeeded in its
 * single transaction; if it fails, the old schema is put back.
 *
 * Ownership: the connection is borrowed; the result structs are plain
 * data in caller storage.
 * Errors: -1 with *err: PD_E_IO (the file, a tool that cannot run),
 * PD_E_DB (the tool failed: detail is its last line of stderr),
 * PD_E_USAGE (a warehouse not empty without force; a file that is no
 * prodops backup).
 * Limits: schema prodops only (the database's other schemas are not
 * ours); roles and ownership are not restored (--no-owner --no-acl).
 */
#ifndef PD_BACKUP_H
#define PD_BACKUP_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"

struct pd_backup_info {
    int64_t bytes;       /* size of the backup file */
    char tool[4096];     /* the pg_dump or pg_restore that ran */
    char server[64];     /* server_version of the warehouse */
    char replaced[128];  /* restore: the schema replaced, "" when empty */
    int64_t files, runs; /* restore: what the replaced warehouse held */
};

/* Write the warehouse of conn to path (through path.tmp, renamed when
 * complete, so a failed backup never leaves a truncated file under the
 * name). */
int pd_backup_dump(PGconn *conn, const char *path, struct pd_backup_info *info,
                   struct pd_err *err);

/* Restore path into the warehouse of conn (see above for force).  The
 * caller migrates afterwards: a backup of an older prodops is brought up
 * to date like any warehouse. */
int pd_backup_restore(PGconn *conn, const char *path, bool force,
                      struct pd_backup_info *info, struct pd_err *err);

#endif
