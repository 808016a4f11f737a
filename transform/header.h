/*
 * header - header normalization and matching (SPEC §3).
 *
 * `Requester Email`, `requester_email` and `requester-email` are the same
 * column: a header key is the lower-cased letters and digits of the name,
 * with non-ASCII UTF-8 letters kept (Spanish "Creada", "Resolución"); a
 * name of punctuation only (Typeform's "#") keeps its characters.
 *
 * Ownership: keys are written into caller buffers.
 * Errors: none.  Limits: keys are truncated at PD_HEADER_KEY_MAX - 1 bytes.
 */
#ifndef PD_HEADER_H
#define PD_HEADER_H

#include <stdbool.h>
#include <stddef.h>

#define PD_HEADER_KEY_MAX 128

/* Normalize name into key (NUL-terminated).  Returns the key length. */
size_t pd_header_key(const char *name, size_t n, char key[PD_HEADER_KEY_MAX]);

/* True when both names normalize to the same key. */
bool pd_header_same(const char *a, const char *b);

/* True when the header names a Zendesk custom list field ("… [list]"),
 * where "-" means empty (SPEC §2). */
bool pd_header_is_list_field(const char *name, size_t n);

#endif
