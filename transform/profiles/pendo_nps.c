/*
 * Pendo NPS poll events (formats.md §2.5): one row per poll answer, times
 * epoch ms.  The score and the follow-up text are two poll events of one
 * guide; a follow-up row (text where the score would be) is kept in
 * rejects, marked expected, rather than guessed onto a score row.  No
 * response id: the key is derived from (visitor, browserTime, score).
 * Rows carry source "pendo", like Pendo's usage rows.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"visitorId", PD_F_RESPONDENT_ID}, {"accountId", PD_F_ACCOUNT_REF},
    {"pollResponse", PD_F_SCORE},      {"browserTime", PD_F_RESPONDED_AT},
    {"guideId", PD_F_SURVEY},
};

static const char *const signature[] = {"pollResponse", "visitorId",
                                        "browserTime"};

const struct pd_profile pd_profile_pendo_nps = {
    .name = "pendo_nps",
    .source = "pendo",
    .kind = PD_KIND_NPS,
    .columns = columns,
    .ncolumns = PD_COUNT_OF(columns),
    .signature = signature,
    .nsignature = PD_COUNT_OF(signature),
    .required = pd_nps_required,
    .nrequired = PD_COUNT_OF(pd_nps_required),
    .followup_rows = true,
};
