/*
 * normalize - text rules of SPEC §3: trimming, emails, domains, tags.
 *
 * Ownership: results are allocated in the arena passed in and live as long
 * as it; input is never modified.
 * Errors: none; a value that cannot be normalized gives NULL.
 * Limits: tags are capped at 64 per value; longer lists are truncated
 * (counted by the caller as a warning, never silently).
 */
#ifndef PD_NORMALIZE_H
#define PD_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"

#define PD_MAX_TAGS 64

/* Narrow [*s, *s + *n) to drop leading/trailing ASCII whitespace and the
 * UTF-8 no-break space (U+00A0). */
void pd_trim(const char **s, size_t *n);

/* Trimmed, lower-cased email; NULL unless it has one '@' with text on both
 * sides and a dot in the domain.  *domain (optional) points into the result
 * after the '@'.  "mailto:" and "Name <a@b.c>" forms are unwrapped. */
char *pd_norm_email(struct pd_arena *a, const char *s, size_t n,
                    const char **domain);

/* Website or domain to a bare lower-case domain: scheme, "www.", port, path,
 * query and trailing dot stripped ("https://www.Acme.com/about" ->
 * "acme.com").  NULL when what is left is not a domain (no dot, spaces,
 * other punctuation: "N/A", "acme", "see notes"). */
char *pd_norm_domain(struct pd_arena *a, const char *s, size_t n);

/* gmail.com, outlook.com, yahoo.*, hotmail.*, icloud.com, ... (SPEC §3):
 * such domains never map to an account. */
bool pd_is_freemail(const char *domain);

/* Split on spaces, commas and semicolons; lower-case; drop empties and
 * duplicates; sort bytewise.  Returns the count (0..PD_MAX_TAGS); *tags is
 * an arena array of arena strings.  *truncated is set when more than
 * PD_MAX_TAGS distinct tags were present. */
size_t pd_norm_tags(struct pd_arena *a, const char *s, size_t n,
                    const char ***tags, bool *truncated);

/* Collapse runs of whitespace (and control characters, U+00A0) to one
 * space and trim; for subjects.  NULL when nothing is left. */
char *pd_norm_text(struct pd_arena *a, const char *s, size_t n);

#endif
