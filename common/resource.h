/*
 * resource - text files compiled into the binary (SQL, default rules).
 *
 * The build turns the SQL files of load/sql and reports/sql and the files of
 * transform/rules
 * into the pd_resources[] table, so prodops runs from any directory.
 *
 * Ownership: static storage, valid for the life of the process.
 * Errors: pd_resource_get() returns NULL for an unknown path.
 * Limits: none.
 */
#ifndef PD_RESOURCE_H
#define PD_RESOURCE_H

#include <stddef.h>

struct pd_resource {
    const char *path; /* as given to the build, e.g. "load/sql/001_core.sql" */
    const char *text; /* NUL-terminated */
    long len;
};

/* Terminated by an entry with path == NULL. */
extern const struct pd_resource pd_resources[];

/* The text of path, or NULL; *len (optional) gets its length. */
const char *pd_resource_get(const char *path, size_t *len);

#endif
