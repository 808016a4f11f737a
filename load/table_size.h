/*
 * table_size - what each table of the warehouse holds: exact rows and
 * bytes (indexes and TOAST included; a partitioned table is the sum of its
 * partitions), for `prodops db size`.
 *
 * Ownership: pd_table_sizes() fills a caller-provided list; release it
 * with pd_table_sizes_release().
 * Errors: -1 with *err (PD_E_DB).
 * Limits: counts every row (a few seconds per 10 million events): the
 * planner's estimates are unset until a table is analysed.
 */
#ifndef PD_TABLE_SIZE_H
#define PD_TABLE_SIZE_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

struct pd_table_size {
    char name[64];
    int64_t rows;
    int64_t bytes;
    int partitions; /* 0 for a plain table */
    char span[32];  /* events: "YYYY-MM-DD to YYYY-MM-DD", else "" */
};

struct pd_table_sizes {
    struct pd_table_size *t; /* largest first */
    size_t n;
    int64_t bytes; /* the sum */
};

int pd_table_sizes(PGconn *conn, struct pd_table_sizes *s, struct pd_err *err);
void pd_table_sizes_release(struct pd_table_sizes *s);

/* "1.2 GB", "830 kB", "512 bytes": 1024-based, as pg_size_pretty. */
void pd_table_size_pretty(int64_t bytes, char *buf, size_t n);

#endif
