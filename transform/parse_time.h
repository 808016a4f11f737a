/*
 * parse_time - every timestamp form of SPEC §3 to UTC microseconds.
 *
 * Forms: ISO 8601 with Z or offset (T or space, fractional seconds);
 * YYYY-MM-DD HH:MM[:SS[.ffffff]] naive (and a trailing " UTC");
 * MM/DD/YYYY hh:mm[:ss] AM/PM; DD.MM.YYYY HH:MM[:SS]; DD/MM/YYYY HH:MM[:SS];
 * two-digit years (M/D/YY H:MM, Excel re-saves); a date with no time
 * (midnight); Jira's dd/MMM/yy h:mm a with English, Spanish, French, German,
 * Portuguese and Italian month abbreviations ("18/jul/26 9:10 AM",
 * "a. m."/"p. m." accepted); Twitter's "Tue Oct 31 22:10:47 +0000 2017";
 * Unix epoch seconds, milliseconds (also "1540919166796.0") and
 * microseconds, told apart by magnitude.  Naive times are read in the
 * context's zone.
 *
 * Day/month order of slash dates is decided per file: a part > 12 settles
 * it; until then the configured order is used.  If evidence contradicts an
 * order already used for ambiguous values, ctx->contradiction is set and the
 * caller must restart the file with ctx->day_first flipped (the values
 * parsed so far were read wrong); ctx->day_first still holds the order that
 * was used, and the contradicting value itself is returned read by its
 * evidence.  Once a part > 12 has settled the order, a value contradicting
 * it is PD_TIME_BAD.  Numeric D-M-Y dash dates follow the same rule; dot
 * dates are always day first.  The context changes only for values that
 * parse, so a bad value never moves it.
 *
 * Ownership: the context borrows its zone.
 * Errors: PD_TIME_BAD for text that is no timestamp (the caller rejects
 * the row); never allocates.
 * Limits: years 1000-9999.  About 50-100 ns per value.
 */
#ifndef PD_PARSE_TIME_H
#define PD_PARSE_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/timeutil.h"

enum pd_time_rc {
    PD_TIME_OK,
    PD_TIME_EMPTY, /* blank or a sentinel: 1900-01-01 [00:00:00],
                      0000-00-00, epoch 0, NA, N/A, null, none, - */
    PD_TIME_BAD
};

struct pd_time_ctx {
    struct pd_tz *tz;    /* zone of naive times; borrowed */
    bool day_first;      /* current order of slash dates */
    bool settled;        /* a part > 12 decided the order */
    bool used_ambiguous; /* an ambiguous slash date was parsed */
    bool contradiction;  /* restart needed: see the header comment */
};

/* Start a file: zone, configured order. */
void pd_time_ctx_init(struct pd_time_ctx *ctx, struct pd_tz *tz,
                      bool day_first);

enum pd_time_rc pd_parse_time(struct pd_time_ctx *ctx, const char *s, size_t n,
                              int64_t *utc_us);

#endif
