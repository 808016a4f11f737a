/*
 * regex - pcre2 behind a small interface: compile once (caseless, UTF,
 * JIT when the platform has it), then match many texts with reusable match
 * data.  The only user of pcre2 in prodops.
 *
 * Ownership: pd_regex_compile() returns a heap object freed with
 * pd_regex_free() (NULL accepted); it owns its match data, so one regex is
 * used by one thread at a time.
 * Errors: compile returns NULL with *err (PD_E_CONFIG) quoting pcre2's
 * message and the offset in the pattern.
 * Limits: texts must be valid UTF-8 (row.c repairs input before themes
 * see it): the per-call UTF check is skipped (LIMITS.md: 1.7x faster).
 */
#ifndef PD_REGEX_H
#define PD_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"

struct pd_regex;

struct pd_regex *pd_regex_compile(const char *pattern, struct pd_err *err);
void pd_regex_free(struct pd_regex *re);

/* Does the pattern match anywhere in text[0..n)? */
bool pd_regex_match(struct pd_regex *re, const char *text, size_t n);

#endif
