#!/usr/bin/env bash
# Issue 13: the three helpdesks' exports load with every SPEC §2 field they
# carry -- Zendesk's Via display names, Freshdesk's "Initial response time"
# (and its business-hours "First response time (in hrs)" never as the
# calendar first reply), Jira SM's satisfaction in its custom fields.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/tickets

# Zendesk: SPEC §2 display names reach their channel.
expect_exit 0 prodops ingest "$FX/zendesk-via.csv"
assert_eq "201:phone 202:phone 203:web 204:api 205:social 206:phone 207:other 208:other 209:other" \
  "$(sql "SELECT string_agg(external_id || ':' || channel, ' ' ORDER BY external_id) FROM prodops.tickets WHERE source = 'zendesk'")" \
  "Via display names mapped by meaning (Closed Ticket is other by SPEC)"

# Freshdesk: the first reply is "Initial response time"; the business-hours
# duration stays in extra and never makes a calendar reply.
expect_exit 0 prodops ingest "$FX/freshdesk-response.csv"
assert_eq "301|2026-11-02 11:30:00+00|01:15:00" \
  "$(sql "SELECT external_id, first_reply_at, extra->>'First response time (in hrs)' FROM prodops.tickets WHERE source = 'freshdesk' AND external_id = '301'")" \
  "Initial response time is first_reply_at"
assert_eq "302||00:00:00" \
  "$(sql "SELECT external_id, first_reply_at, extra->>'First response time (in hrs)' FROM prodops.tickets WHERE source = 'freshdesk' AND external_id = '302'")" \
  "00:00:00 without an Initial response time: no reply yet"
assert_eq "303||02:30:00|chat" \
  "$(sql "SELECT external_id, first_reply_at, extra->>'First response time (in hrs)', channel FROM prodops.tickets WHERE source = 'freshdesk' AND external_id = '303'")" \
  "business hours alone give no calendar first reply; Mobihelp is chat"

# Jira SM: satisfaction hidden in "Custom field (...)", 1-5 (4-5 good).
expect_exit 0 prodops ingest "$FX/jira-custom-satisfaction.csv"
expect_exit 0 prodops ingest "$FX/jira-custom-satisfaction-short.csv"
assert_eq "HD-1:good HD-2:bad HD-3:- HD-4:good HD-5:bad" \
  "$(sql "SELECT string_agg(external_id || ':' || coalesce(satisfaction, '-'), ' ' ORDER BY external_id) FROM prodops.tickets WHERE source = 'jira'")" \
  "Custom field (Satisfaction rating) and Custom field (Satisfaction) mapped"
assert_eq "02/Nov/26 11:00 AM" \
  "$(sql "SELECT extra->>'Custom field (Satisfaction date)' FROM prodops.tickets WHERE source = 'jira' AND external_id = 'HD-1'")" \
  "the satisfaction date is not the rating"
done_testing
