/*
 * Delighted dashboard CSV export (formats.md §2.1; the exact header is not
 * confirmed by a real file, so unknown columns stay in extra):
 *   Response ID,Email,Name,Score,Comment,Response timestamp,Permalink,...
 * Exports are cumulative: each one repeats every earlier response, and a
 * response edited later (score or comment) comes back with the same id.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"Response ID", PD_F_EXTERNAL_ID},
    {"Email", PD_F_RESPONDENT_EMAIL},
    {"Score", PD_F_SCORE},
    {"Comment", PD_F_COMMENT},
    {"Response timestamp", PD_F_RESPONDED_AT},
    {"Created at", PD_F_RESPONDED_AT},
    {"Updated at", PD_F_UPDATED_AT},
    {"Company", PD_F_ORGANIZATION},
    {"Company Name", PD_F_ORGANIZATION},
    {"Account ID", PD_F_ACCOUNT_REF},
    {"Survey", PD_F_SURVEY},
};

static const char *const signature[] = {
    "Score", "Response timestamp|Created at", "Response ID|Email|Permalink"};

PD_PROFILE_DEFINE(pd_profile_delighted, "delighted", PD_KIND_NPS,
                  pd_nps_required);
