/*
 * doc - read access to a report's JSON document (a yajl tree), so that
 * every rendering reads the numbers the JSON holds and nothing else.
 *
 * Ownership: pd_doc_parse() builds a tree freed by pd_doc_free(); values
 * returned by the getters are borrowed from it.
 * Errors: pd_doc_parse() returns -1 with *err (PD_E_INTERNAL: the document
 * is ours, so a parse failure is a bug).
 * Limits: the document is small (kilobytes); it is held whole.
 */
#ifndef PD_DOC_H
#define PD_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <yajl/yajl_tree.h>

#include "common/err.h"

struct pd_doc {
    yajl_val root;
};

int pd_doc_parse(struct pd_doc *d, const char *json, struct pd_err *err);
void pd_doc_free(struct pd_doc *d);

/* The value at a dotted path ("tickets.csat_pct") under v, or NULL. */
yajl_val pd_doc_get(yajl_val v, const char *path);
/* A number at path: true and *out, or false when absent or null. */
bool pd_doc_num(yajl_val v, const char *path, double *out);
/* A string at path, or NULL. */
const char *pd_doc_str(yajl_val v, const char *path);

#endif
