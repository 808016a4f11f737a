/*
 * SurveyMonkey "All responses data" CSV, expanded columns (formats.md
 * §2.2): two header rows, combined by pd_survey_combine() into names like
 * "How likely is it that you would recommend Acme to a friend?" (the NPS
 * question, found by its wording) before binding.  A response completes
 * at End Date.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"Respondent ID", PD_F_EXTERNAL_ID},
    {"Email Address", PD_F_RESPONDENT_EMAIL},
    {"End Date", PD_F_RESPONDED_AT},
};

static const char *const signature[] = {"Respondent ID", "Collector ID",
                                        "End Date"};

PD_SURVEY_PROFILE_DEFINE(pd_profile_surveymonkey, "surveymonkey");
