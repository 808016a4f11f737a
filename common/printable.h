/*
 * printable - names made safe to print and to store as text.
 *
 * File names, paths and source names come from outside: a name can hold an
 * ESC that recolours a terminal, a CR that overwrites the summary line it
 * is printed on, an LF that forges a log line, or bytes that are not UTF-8
 * (which PostgreSQL's text type refuses).  pd_printable_add() copies such a
 * name with those bytes escaped: \n \r \t as themselves, every other
 * control character (C0, DEL, the C1 range U+0080..U+009F) and every byte
 * that is not part of valid UTF-8 as \xHH.  Everything else, including
 * non-ASCII letters and the backslash, is copied unchanged, so a plain
 * name prints as it is.
 *
 * Ownership: output goes to a caller-owned pd_buf or fixed buffer.
 * Errors: none (a capped pd_buf that is full keeps what fit).
 * Limits: the escaped form is at most four times the input; it is a
 * display form, not reversible (a name that really contains the four
 * characters "\x1b" prints the same as one with an ESC).  Keep the raw
 * bytes where identity matters.
 */
#ifndef PD_PRINTABLE_H
#define PD_PRINTABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"

/* Append the printable form of s (n bytes) to out. */
void pd_printable_add(struct pd_buf *out, const char *s, size_t n);

/* The printable form of the string s in out (size bytes, NUL-terminated),
 * cut at a character boundary when it does not fit.  Returns out, so that
 * it can be an argument of printf(); s NULL gives "". */
const char *pd_printable(const char *s, char *out, size_t size);

/* True when s (n bytes) prints as itself (nothing to escape). */
bool pd_printable_is_clean(const char *s, size_t n);

#endif
