/*
 * header - header normalization and matching (SPEC §3).
 *
 * `Requester Email`, `requester_email` and `requester-email` are the same
 * column: a header key is the lower-cased letters and digits of the name,
 * with non-ASCII UTF-8 letters kept (Spanish "Creada", "Resolución"); a
 * name of punctuation only (Typeform's "#") keeps its characters.
 *
 * Repeated names (Jira's Comment, Comment; a survey question over many
 * columns) are made unique with " (2)", " (3)", ... by pd_header_names.
 *
 * Ownership: keys are written into caller buffers; a pd_header_names owns
 * its copies of the names and the last name it returned.
 * Errors: none.  Limits: keys are truncated at PD_HEADER_KEY_MAX - 1 bytes.
 */
#ifndef PD_HEADER_H
#define PD_HEADER_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"
#include "common/strmap.h"

#define PD_HEADER_KEY_MAX 128

/* Normalize name into key (NUL-terminated).  Returns the key length. */
size_t pd_header_key(const char *name, size_t n, char key[PD_HEADER_KEY_MAX]);

/* True when both names normalize to the same key. */
bool pd_header_same(const char *a, const char *b);

/* True when the header names a Zendesk custom list field ("… [list]"),
 * where "-" means empty (SPEC §2). */
bool pd_header_is_list_field(const char *name, size_t n);

/* The names given so far, and per repeated name the next suffix to try. */
struct pd_header_names {
    struct pd_strmap taken;
    struct pd_strmap next;
    struct pd_buf name;
};

void pd_header_names_init(struct pd_header_names *u);
void pd_header_names_release(struct pd_header_names *u);

/*
 * Take name (n bytes) for the next column: the name itself when no earlier
 * column has it, else "name (k)" with the smallest k >= 2 not taken (a
 * column literally named "X (2)" before a second "X" makes that one
 * "X (3)").  Returns the unique name, NUL-terminated, with its length in
 * *len; it is the set's memory, valid until the next call.
 *
 * Linear: the next k is kept per name, and a taken "name (k)" can only
 * ever be skipped once (16 384 columns named x take milliseconds; a scan
 * of the earlier columns per candidate took minutes).
 */
const char *pd_header_names_take(struct pd_header_names *u, const char *name,
                                 size_t n, size_t *len);

#endif
