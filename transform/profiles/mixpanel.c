/*
 * Mixpanel raw event export (formats.md §3.2): JSON lines of
 * {"event": ..., "properties": {"time": <epoch s or ms>, "distinct_id",
 * "$insert_id", ...}}.  distinct_id is the user (a device id for anonymous
 * users until identified).
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"event", PD_F_EVENT_NAME},
    {"properties.time", PD_F_EVENT_TIME},
    {"properties.$insert_id", PD_F_EVENT_KEY},
    {"properties.distinct_id", PD_F_USER_ID},
    {"properties.$device_id", PD_F_DEVICE_ID},
    {"properties.$email", PD_F_USER_EMAIL},
    {"properties.email", PD_F_USER_EMAIL},
    {"properties.account_id", PD_F_ACCOUNT_REF},
    {"properties.$groups.account", PD_F_ACCOUNT_REF},
    {"properties.company_id", PD_F_ACCOUNT_REF},
};

static const char *const signature[] = {"event", "properties.time"};

PD_USAGE_PROFILE_DEFINE(pd_profile_mixpanel, "mixpanel", false);
