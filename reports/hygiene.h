/*
 * hygiene - report-time clean-up of what vendors export: tags to leave out
 * of the top tags ([report] ignore_tags, glob patterns such as plan_*),
 * product-area aliases folded into one name ([product_areas] Billing =
 * Billing issue, Billing question) and tracked events to leave out of
 * adoption and event breakdowns ([usage] ignore_events).  The warehouse
 * keeps every value; only the reports apply these, as query parameters.
 *
 * Ownership: plain data without pointers; copy it freely.  The parameter
 * strings of pd_hygiene_params() live in the struct passed in.
 * Errors: pd_hygiene_set() returns -1 with one line in msg (no file:line:
 * the configuration adds it) and keeps what was valid, so that every
 * problem of a file is reported at once.
 * Limits: PD_HYGIENE_MAX entries per list, each PD_HYGIENE_LEN - 1 bytes.
 * Active users stay SPEC §6's: ignore_events never changes them.
 */
#ifndef PD_HYGIENE_H
#define PD_HYGIENE_H

#include <stdbool.h>
#include <stddef.h>

enum { PD_HYGIENE_MAX = 32, PD_HYGIENE_LEN = 96 };

struct pd_hygiene {
    char ignore_tags[PD_HYGIENE_MAX][PD_HYGIENE_LEN]; /* globs: * and ? */
    size_t nignore_tags;
    /* alias_from[i] is shown as alias_to[i] (compared case-blind). */
    char alias_from[PD_HYGIENE_MAX][PD_HYGIENE_LEN];
    char alias_to[PD_HYGIENE_MAX][PD_HYGIENE_LEN];
    size_t naliases;
    char ignore_events[PD_HYGIENE_MAX][PD_HYGIENE_LEN];
    size_t nignore_events;
};

/* Empty lists: nothing is ignored or renamed. */
void pd_hygiene_init(struct pd_hygiene *h);

/* Is (section, key) one of ours: [report] ignore_tags, any key of
 * [product_areas], [usage] ignore_events? */
bool pd_hygiene_owns(const char *section, const char *key);

/* Set one key that pd_hygiene_owns(): a comma-separated list (items
 * trimmed, none empty).  An alias may name one product area only.  0, or
 * -1 with msg. */
int pd_hygiene_set(struct pd_hygiene *h, const char *section, const char *key,
                   const char *value, char *msg, size_t n);

/* The lists as PostgreSQL text[] literals, for PQexecParams: the tag
 * globs as LIKE patterns (\, % and _ escaped, * -> %, ? -> _), the alias
 * pairs, the ignored events.  h NULL: empty lists. */
struct pd_hygiene_params {
    char tags[PD_HYGIENE_MAX * (4 * PD_HYGIENE_LEN + 3) + 3];
    char from[PD_HYGIENE_MAX * (4 * PD_HYGIENE_LEN + 3) + 3];
    char to[PD_HYGIENE_MAX * (4 * PD_HYGIENE_LEN + 3) + 3];
    char events[PD_HYGIENE_MAX * (4 * PD_HYGIENE_LEN + 3) + 3];
};
void pd_hygiene_params(const struct pd_hygiene *h, struct pd_hygiene_params *p);

#endif
