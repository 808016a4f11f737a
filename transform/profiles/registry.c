/* The built-in profiles.  Adding a vendor = a table file + a line here. */
#include "transform/profile.h"

const struct pd_profile *const pd_profiles[] = {
    &pd_profile_zendesk,
    &pd_profile_freshdesk,
    &pd_profile_jira,
    &pd_profile_hubspot,
    &pd_profile_crm,
    &pd_profile_delighted,
    &pd_profile_surveymonkey,
    &pd_profile_typeform,
    &pd_profile_qualtrics,
    &pd_profile_pendo_nps,
    &pd_profile_helpscout,
    &pd_profile_amplitude,
    &pd_profile_mixpanel,
    &pd_profile_segment,
    &pd_profile_posthog,
    &pd_profile_pendo,
    &pd_profile_releases,
    &pd_profile_jira_versions,
    /* feature requests (issue 17) */
    &pd_profile_fider,
    NULL,
};
