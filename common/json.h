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

#endif
