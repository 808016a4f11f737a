#include "weekly.h"

#include <stdio.h>

#include "common/json.h"
#include "common/timeutil.h"
#include "load/db.h"

/* One family's JSON value: the single cell its SQL returns. */
static int
add_family(struct pd_buf *out, PGconn *conn, const char *key, const char *sql,
           int nparams, const char *const *params, struct pd_err *err)
{
    PGresult *res = pd_db_exec_resource(conn, sql, nparams, params, err);

    if (!res)
        return -1;
    pd_buf_addf(out, ",\n  \"%s\": %s", key, PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

int
pd_weekly_json(PGconn *conn, const struct pd_period *p, int64_t now,
               struct pd_buf *out, struct pd_err *err)
{
    char start[40], end[40], prev[40], gen[40];
    /* The fourth parameter asks for the 13-week trend: the week before
     * needs none. */
    const char *week[4] = {start, end, p->zone, "true"};
    const char *before[4] = {prev, start, p->zone, "false"};
    const char *health[2] = {end, p->zone};
    /* Parameters: start, end, zone, with trend. */
    static const struct {
        const char *key, *sql;
    } families[] = {
        {"tickets", "reports/sql/weekly_tickets.sql"},
        {"nps", "reports/sql/weekly_nps.sql"},
        {"usage", "reports/sql/weekly_usage.sql"},
    };

    pd_time_format_iso(p->start, start, sizeof(start));
    pd_time_format_iso(p->end, end, sizeof(end));
    pd_time_format_iso(p->prev_start, prev, sizeof(prev));
    pd_time_format_iso(now, gen, sizeof(gen));
    pd_buf_addf(out,
                "{\n  \"report\": \"weekly\",\n  \"period\": {\"label\": ");
    pd_json_str(out, p->label);
    pd_buf_addf(out,
                ", \"start\": \"%s\", \"end\": \"%s\", \"timezone\": ", start,
                end);
    pd_json_str(out, p->zone);
    pd_buf_addf(out, ", \"previous_label\": ");
    pd_json_str(out, p->prev_label);
    pd_buf_addf(out, "},\n  \"generated_at\": \"%s\"", gen);
    for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
        char prev_key[40];
        snprintf(prev_key, sizeof(prev_key), "%s_previous", families[i].key);
        if (add_family(out, conn, families[i].key, families[i].sql, 4, week,
                       err) < 0 ||
            add_family(out, conn, prev_key, families[i].sql, 4, before, err) <
                0)
            return -1;
    }
    if (add_family(out, conn, "accounts", "reports/sql/weekly_accounts.sql", 2,
                   health, err) < 0 ||
        add_family(out, conn, "data_quality", "reports/sql/weekly_quality.sql",
                   2, week, err) < 0)
        return -1;
    pd_buf_addstr(out, "\n}\n");
    return 0;
}
