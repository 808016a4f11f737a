/*
 * cluster - the embedded PostgreSQL that prodops runs when no database is
 * configured.
 *
 * initdb into $PRODOPS_HOME/pg, listening on a unix socket only (no TCP
 * port), started on demand with pg_ctl and left running until
 * `prodops db stop`.  PostgreSQL refuses to run as root: when prodops runs
 * as root, the server runs as an unprivileged system user (PRODOPS_PG_USER,
 * else "postgres", else "nobody"), which owns the data directory; when that
 * user cannot traverse to it (a checkout under a mode-700 home), prodops
 * grants it search permission on the blocking directories with a POSIX ACL
 * (setfacl u:USER:x) and says so.  The database superuser is "prodops",
 * the database "prodops", local authentication "trust" on a socket whose
 * directory only the server user (and root) can enter.
 *
 * Ownership: struct pd_cluster is caller-owned, plain data (paths and
 * the WAL level).
 * Errors: -1 with *err filled: server binaries not found (hint: install the
 * postgresql package), initdb/pg_ctl failure (detail: the log's last line),
 * permission problems (hint says what to do).
 * Limits: concurrent starts from several processes are serialized with a
 * lock file; a socket path longer than the OS limit (107 bytes) moves the
 * socket to /tmp/prodops-<hash> and says so in debug output.
 */
#ifndef PD_CLUSTER_H
#define PD_CLUSTER_H

#include <limits.h>
#include <stdbool.h>

#include "common/err.h"

/* How much WAL the server writes: [database] wal (load/README.md). */
enum pd_cluster_wal {
    PD_CLUSTER_WAL_MINIMAL, /* wal_level=minimal, no WAL senders: a table
                             * made or truncated by the loading transaction
                             * skips WAL; no base backups, no PITR */
    PD_CLUSTER_WAL_REPLICA, /* wal_level=replica: pg_basebackup, archiving */
};

struct pd_cluster {
    enum pd_cluster_wal wal; /* pd_cluster_locate() sets MINIMAL; the
                              * caller may change it before starting */
    char home[PATH_MAX];     /* absolute $PRODOPS_HOME */
    char datadir[PATH_MAX];  /* home/pg */
    char sockdir[PATH_MAX];  /* where the unix socket lives */
    char logfile[PATH_MAX];  /* server log */
    char bindir[PATH_MAX];   /* initdb, pg_ctl, postgres */
    char uri[PATH_MAX * 3];  /* libpq URI, see pd_cluster_locate() */
};

/* Fill the paths for home (NULL: $PRODOPS_HOME, else ./.prodops).  Creates
 * nothing.  Fails only when the server binaries cannot be found (or a path
 * would exceed PATH_MAX: PD_E_LIMIT).  uri is
 * postgresql://prodops@/prodops?host=<percent-encoded sockdir>&port=5432
 * (the port is explicit so a PGPORT meant for another server is ignored). */
int pd_cluster_locate(struct pd_cluster *c, const char *home,
                      struct pd_err *err);

/* initdb when the data directory is empty, start the server when it is not
 * running, wait until it accepts connections, create the database.
 * Idempotent: a running cluster is left as it is, so a changed c->wal
 * takes effect at the server's next start (after pd_cluster_stop()); the
 * settings are written on every start, to old clusters too. */
int pd_cluster_start(struct pd_cluster *c, struct pd_err *err);

/* "minimal" or "replica" to *wal; false for anything else. */
bool pd_cluster_wal_parse(const char *name, enum pd_cluster_wal *wal);

/* The setting's name, as pd_cluster_wal_parse() reads it. */
const char *pd_cluster_wal_name(enum pd_cluster_wal wal);

/* Fast shutdown; stopping a stopped cluster succeeds. */
int pd_cluster_stop(struct pd_cluster *c, struct pd_err *err);

/* *initialized: a data directory exists; *running: the server answers. */
int pd_cluster_status(struct pd_cluster *c, bool *initialized, bool *running,
                      struct pd_err *err);

#endif
