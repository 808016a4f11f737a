/*
 * json - the few bits of JSON text writing every stage needs: a string
 * literal and a number that is null when undefined.
 *
 * Ownership: appends to a caller-owned pd_buf.
 * Errors: none (a capped buffer silently stops growing; use uncapped ones).
 * Limits: input must be UTF-8; control characters are \u-escaped.
 */
#ifndef PD_JSON_H
#define PD_JSON_H

#include <stddef.h>

#include "common/buf.h"

/* "..." with JSON escapes; NULL s writes null. */
void pd_json_str(struct pd_buf *b, const char *s);
void pd_json_strn(struct pd_buf *b, const char *s, size_t n);

/* The escaped text of s[0..n) (no quotes) into out, which must hold
 * PD_JSON_ESCAPED_MAX(n) bytes; returns the bytes written (no NUL).  For
 * writers with their own buffers (the demo's). */
#define PD_JSON_ESCAPED_MAX(n) (6 * (n))
size_t pd_json_escape(char *out, const char *s, size_t n);

#endif
