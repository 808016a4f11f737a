/*
 * support - the configuration of SPEC §6's "Support operations" metrics:
 * the business hours ([business_hours]) and the first-reply targets per
 * priority ([sla]) of prodops.conf, and their form as the parameters of
 * reports/sql/weekly_tickets.sql, which computes the business durations
 * at report time (so a changed schedule applies to every loaded ticket).
 *
 * Ownership: plain data without pointers; copy it freely.  The parameter
 * strings of pd_support_params() live in the struct passed in.
 * Errors: pd_support_set() and pd_support_holidays_file() return -1 with
 * one line in msg (no file:line: the configuration adds it); they keep
 * going, so that every problem of a file is reported at once.
 * Limits: PD_SUPPORT_MAX_HOLIDAYS holidays; a holidays file's lines of at
 * most 255 bytes.
 */
#ifndef PD_SUPPORT_H
#define PD_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/hygiene.h"

enum { PD_SUPPORT_MAX_HOLIDAYS = 512, PD_SUPPORT_NPRIORITIES = 4 };

struct pd_support {
    bool business; /* a [business_hours] section is present */
    char zone[64]; /* its timezone; "" = the report zone */
    /* Per ISO weekday (0 = Monday): minutes after local midnight; a
     * closed day has opens < 0.  closes may be 1440 (24:00). */
    int opens[7], closes[7];
    char holidays[PD_SUPPORT_MAX_HOLIDAYS][11]; /* "YYYY-MM-DD", closed */
    size_t nholidays;
    /* [sla] first_reply_hours.<priority>, in the order of
     * pd_support_priorities: low, normal, high, urgent. */
    double sla_hours[PD_SUPPORT_NPRIORITIES];
    bool has_sla[PD_SUPPORT_NPRIORITIES];
    /* Report-time hygiene (reports/hygiene.h).  It rides here because
     * this struct is already the configuration every report query takes
     * (weekly, OKR and handoff builders), so adding it changes no
     * builder's signature. */
    struct pd_hygiene hygiene;
};

/* The canonical priorities an [sla] target names (SPEC §2). */
extern const char *const pd_support_priorities[PD_SUPPORT_NPRIORITIES];

/* SPEC §6 defaults: Monday to Friday 09:00-17:00, weekend closed, no
 * holidays, no [business_hours] and no [sla] yet. */
void pd_support_init(struct pd_support *s);

/* One key of section "business_hours" (timezone, monday ... sunday,
 * holidays) or "sla" (first_reply_hours.<priority>).  A business_hours
 * key also marks the section present.  0, or -1 with msg. */
int pd_support_set(struct pd_support *s, const char *section, const char *key,
                   const char *value, char *msg, size_t n);

/* The holidays listed in the file at path: dates separated by commas or
 * line ends, '#' starting a comment.  0, or -1 with msg. */
int pd_support_holidays_file(struct pd_support *s, const char *path, char *msg,
                             size_t n);

/* $5 ... $10 of weekly_tickets.sql: the business zone (NULL without
 * [business_hours]), opens and closes (interval[] by ISO weekday), the
 * holidays (date[]), the priorities with a target (text[]) and their
 * hours (float8[]) (both NULL without [sla]). */
struct pd_support_params {
    const char *values[6];
    char zone[64], opens[96], closes[96];
    char holidays[PD_SUPPORT_MAX_HOLIDAYS * 11 + 4];
    char sla_priorities[64], sla_hours[128];
};

/* s NULL: no configuration.  report_zone is the business zone when
 * [business_hours] names none. */
void pd_support_params(const struct pd_support *s, const char *report_zone,
                       struct pd_support_params *p);

#endif
