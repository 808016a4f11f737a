/*
 * Pendo feature/page events (formats.md §3.5): rows pre-aggregated per
 * visitor and day (or hour), numEvents events in the bucket, the bucket's
 * start as epoch ms.  A row is stored as one event with count = numEvents,
 * so that DAU counts visitors, not rows, and event totals sum counts.  Its
 * key is (visitor, feature, bucket): a re-export of the same bucket is the
 * same row.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"visitorId", PD_F_USER_ID},     {"accountId", PD_F_ACCOUNT_REF},
    {"featureId", PD_F_EVENT_NAME},  {"pageId", PD_F_EVENT_NAME},
    {"day", PD_F_EVENT_TIME},        {"hour", PD_F_EVENT_TIME},
    {"numEvents", PD_F_EVENT_COUNT},
};

static const char *const signature[] = {"visitorId", "featureId|pageId",
                                        "day|hour", "numEvents"};

PD_USAGE_PROFILE_DEFINE(pd_profile_pendo, "pendo", false);
