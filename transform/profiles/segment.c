/*
 * Segment track/page/screen calls as JSON lines (formats.md §3.3).  Key:
 * messageId.  userId is "" before identify: the anonymousId is then the
 * user.  Page and screen calls have no event name (the call type is it);
 * identify, group and alias calls describe people, not usage, and are
 * rejects marked expected.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"messageId", PD_F_EVENT_KEY},
    {"type", PD_F_EVENT_TYPE},
    {"event", PD_F_EVENT_NAME},
    {"timestamp", PD_F_EVENT_TIME},
    {"userId", PD_F_USER_ID},
    {"anonymousId", PD_F_DEVICE_ID},
    {"context.groupId", PD_F_ACCOUNT_REF},
    {"properties.groupId", PD_F_ACCOUNT_REF},
    {"context.traits.email", PD_F_USER_EMAIL},
    {"properties.email", PD_F_USER_EMAIL},
};

static const char *const signature[] = {"messageId", "type",
                                        "timestamp|originalTimestamp"};

PD_USAGE_PROFILE_DEFINE(pd_profile_segment, "segment", false);
