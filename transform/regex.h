/*
 * regex - pcre2 behind a small interface: compile once (caseless, UTF,
 * JIT when the platform has it), then match many texts with reusable match
 * data.  The only user of pcre2 in prodops.
 *
 * Ownership: pd_regex_compile() returns a heap object freed with
 * pd_regex_free() (NULL accepted); it owns its match data, so one regex is
 * used by one thread at a time.
 * Errors: compile returns NULL with *err (PD_E_CONFIG) quoting pcre2's
 * message and the offset in the pattern.  pd_regex_match() reads a matching
 * error (a pcre2 match or JIT stack limit) as "no match";
 * pd_regex_find() reports it as -1 so that callers which must not miss a
 * match (redaction) can fail closed.
 * Limits: texts must be valid UTF-8 (row.c repairs input before themes
 * see it): the per-call UTF check is skipped (LIMITS.md: 1.7x faster).
 * With PCRE2_UCP, \d, \w and \b follow Unicode properties: write [0-9]
 * where only ASCII digits are meant.
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

/*
 * Find the leftmost match in text[0..n) that starts at or after byte
 * offset from (from <= n, on a character boundary).  Returns 1 and sets
 * [*start, *end) to the match, 0 when there is none, -1 when pcre2 gave up
 * (match, depth, heap or JIT stack limit: pathological input).
 *
 * Lookbehinds and \b see the text before from, so a scan loop resuming at
 * the end of the previous match treats boundaries as a whole-text search
 * would.  A pattern that can match the empty string returns start == end;
 * such a loop must then step one character before calling again.
 */
int pd_regex_find(struct pd_regex *re, const char *text, size_t n, size_t from,
                  size_t *start, size_t *end);

/* The pcre2 library's version, "10.42 2022-12-11", into buf of n bytes
 * (prodops --version). */
void pd_regex_pcre2_version(char *buf, size_t n);

#endif
