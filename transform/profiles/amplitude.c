/*
 * Amplitude Export API (formats.md §3.1): a zip of gzipped JSON lines, one
 * event per line, most keys present with null (the reader drops nulls).
 * Times "2025-07-17 10:36:28.583000" have no zone and are UTC whatever
 * the configured zone.  Key: $insert_id, else uuid.  Anonymous users have
 * no user_id: the device is the user (SPEC §6).  The account is a group
 * when the project sets one, else the email in user_id.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"$insert_id", PD_F_EVENT_KEY},
    {"uuid", PD_F_EVENT_UUID},
    {"user_id", PD_F_USER_ID},
    {"device_id", PD_F_DEVICE_ID},
    {"event_type", PD_F_EVENT_NAME},
    {"event_time", PD_F_EVENT_TIME},
    {"groups.account", PD_F_ACCOUNT_REF},
    {"groups.account_id", PD_F_ACCOUNT_REF},
    {"groups.company", PD_F_ACCOUNT_REF},
    {"user_properties.email", PD_F_USER_EMAIL},
    {"user_properties.$email", PD_F_USER_EMAIL},
};

static const char *const signature[] = {"event_type", "event_time",
                                        "$insert_id|uuid|amplitude_id"};

PD_USAGE_PROFILE_DEFINE(pd_profile_amplitude, "amplitude", true);
