/*
 * themes - the theme rules of SPEC §8: a text of "theme = pattern" lines
 * compiled once, then the themes of a text (ticket subject and tags, NPS
 * comment).  A text can have several themes; they come back in rule order,
 * each once.
 *
 * Ownership: pd_themes_parse() returns a heap rule set freed with
 * pd_themes_free(); theme names returned by pd_themes_of() are borrowed
 * from it.
 * Errors: parse returns NULL with *err (PD_E_CONFIG) naming the source,
 * the line and the problem (no '=', empty name or pattern, a pattern pcre2
 * refuses, more than PD_THEMES_MAX rules).
 * Limits: PD_THEMES_MAX rules; at most PD_THEMES_PER_TEXT themes a text.
 * A rule set remembers which rules matched its last ~4 k distinct short
 * texts (~0.5 MB, allocated on the first match): one rule set per thread.
 */
#ifndef PD_THEMES_H
#define PD_THEMES_H

#include <stddef.h>

#include "common/err.h"

enum { PD_THEMES_MAX = 64, PD_THEMES_PER_TEXT = 8 };

struct pd_themes;

/* text: the rule file's contents; origin names it in errors. */
struct pd_themes *pd_themes_parse(const char *text, const char *origin,
                                  struct pd_err *err);
/* The same rule format for other named patterns (issue 17: the request
 * rules of [requests] file); noun names a rule in errors ("request"). */
struct pd_themes *pd_themes_parse_as(const char *text, const char *origin,
                                     const char *noun, struct pd_err *err);
void pd_themes_free(struct pd_themes *t);

/* The built-in rules (transform/rules/themes.conf). */
struct pd_themes *pd_themes_default(struct pd_err *err);

size_t pd_themes_count(const struct pd_themes *t);

/* Add the themes matching text[0..n) to names[0..*count) (up to
 * PD_THEMES_PER_TEXT, no repeats): call once per text of a row. */
void pd_themes_of(struct pd_themes *t, const char *text, size_t n,
                  const char **names, size_t *count);

#endif
