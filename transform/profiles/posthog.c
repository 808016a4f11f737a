/*
 * PostHog CSV export (formats.md §3.4): properties flattened to
 * "properties.<key>" columns (the set varies per export), ISO times with
 * microseconds and +00:00, the event's UUID in "id" is the key.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"id", PD_F_EVENT_KEY},
    {"uuid", PD_F_EVENT_KEY},
    {"distinct_id", PD_F_USER_ID},
    {"event", PD_F_EVENT_NAME},
    {"timestamp", PD_F_EVENT_TIME},
    {"properties.$device_id", PD_F_DEVICE_ID},
    {"properties.email", PD_F_USER_EMAIL},
    {"properties.$email", PD_F_USER_EMAIL},
    {"person.properties.email", PD_F_USER_EMAIL},
    /* SPEC §9: the email a capture call sets on the person. */
    {"properties.$set.email", PD_F_USER_EMAIL},
    {"properties.account_id", PD_F_ACCOUNT_REF},
    {"properties.$group_0", PD_F_ACCOUNT_REF},
};

static const char *const signature[] = {"id|uuid", "distinct_id", "event",
                                        "timestamp"};

PD_USAGE_PROFILE_DEFINE(pd_profile_posthog, "posthog", false);
