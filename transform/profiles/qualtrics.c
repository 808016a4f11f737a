/*
 * Qualtrics CSV export (formats.md §2.4): row 1 short ids (the names bound
 * here), row 2 question texts (where the NPS question is found by its
 * wording; its Q…_NPS_GROUP twin is never a score), row 3 {"ImportId":…}
 * whose timeZone applies to the dates.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"ResponseId", PD_F_EXTERNAL_ID},
    {"RecordedDate", PD_F_RESPONDED_AT},
    {"EndDate", PD_F_RESPONDED_AT},
    {"RecipientEmail", PD_F_RESPONDENT_EMAIL},
};

static const char *const signature[] = {"ResponseId", "RecordedDate|EndDate"};

PD_SURVEY_PROFILE_DEFINE(pd_profile_qualtrics, "qualtrics");
