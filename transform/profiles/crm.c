/*
 * CRM accounts export (SPEC §3): Salesforce, HubSpot companies and most
 * CRMs write some spelling of id, name, website/domain, plan, segment,
 * region, ARR and owner.  Only loaded with --kind accounts.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"Account ID", PD_F_ACCOUNT_ID},
    {"Account Id", PD_F_ACCOUNT_ID},
    {"Company ID", PD_F_ACCOUNT_ID},
    {"Record ID", PD_F_ACCOUNT_ID},
    {"Id", PD_F_ACCOUNT_ID},
    {"Account Name", PD_F_NAME},
    {"Company name", PD_F_NAME},
    {"Name", PD_F_NAME},
    {"Website", PD_F_DOMAIN},
    {"Website URL", PD_F_DOMAIN},
    {"Domain", PD_F_DOMAIN},
    {"Company Domain Name", PD_F_DOMAIN},
    {"Plan", PD_F_PLAN},
    {"Tier", PD_F_PLAN},
    {"Segment", PD_F_SEGMENT},
    {"Region", PD_F_REGION},
    {"Territory", PD_F_REGION},
    {"ARR", PD_F_ARR},
    {"Annual Recurring Revenue", PD_F_ARR},
    {"Account Owner", PD_F_OWNER},
    {"Company owner", PD_F_OWNER},
    {"Owner", PD_F_OWNER},
};

static const char *const signature[] = {
    "Account ID|Account Id|Company ID|Record ID|Id"};

static const enum pd_field_id required[] = {PD_F_ACCOUNT_ID};

PD_PROFILE_DEFINE(pd_profile_crm, "crm", PD_KIND_ACCOUNTS, required);
