/*
 * Help Scout survey responses as JSON (formats.md §1.6): the NPS value is
 * a string "0"-"10", category promoter|passive|detractor is derived (kept
 * in extra), timestamp is ISO with Z.  A file may be the API's wrapped
 * object {"_embedded":{"surveys":[...]}} or JSON lines of webhook bodies.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"id", PD_F_EXTERNAL_ID},
    {"value", PD_F_SCORE},
    {"rating", PD_F_SCORE},
    {"comment", PD_F_COMMENT},
    {"timestamp", PD_F_RESPONDED_AT},
    {"createdAt", PD_F_RESPONDED_AT},
    {"customer.email", PD_F_RESPONDENT_EMAIL},
    {"customer.id", PD_F_RESPONDENT_ID},
    {"survey", PD_F_SURVEY},
    {"surveyName", PD_F_SURVEY},
};

static const char *const signature[] = {"value|rating", "category",
                                        "timestamp|createdAt"};

PD_PROFILE_DEFINE(pd_profile_helpscout, "helpscout", PD_KIND_NPS,
                  pd_nps_required);
