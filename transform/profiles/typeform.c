/*
 * Typeform responses CSV (formats.md §2.3), current and legacy headers:
 *   #,<questions…>,…,Start Date (UTC),Submit Date (UTC),Network ID
 * "#" is the response token (the key); the NPS question is found by its
 * wording.  Times are UTC whatever the account's zone.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"#", PD_F_EXTERNAL_ID},
    {"Submit Date (UTC)", PD_F_RESPONDED_AT},
    {"Email", PD_F_RESPONDENT_EMAIL},
    {"email", PD_F_RESPONDENT_EMAIL},
};

static const char *const signature[] = {"#", "Submit Date (UTC)"};

PD_SURVEY_PROFILE_DEFINE(pd_profile_typeform, "typeform");
