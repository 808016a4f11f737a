#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "xalloc.h"

/* Floor division and modulo: timestamps before 1970 are negative and C
 * division truncates toward zero. */
static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

/* Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms": eras of
 * 400 years, years starting in March so the leap day is last. */
int64_t
pd_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = floor_div(y, 400);
    yoe = y - era * 400;
    doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (int64_t)d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void
pd_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* n ASCII digits at s as a number, -1 if any is not a digit. */
static int
digits(const char *s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int
pd_time_parse_day(const char *s, size_t len, int64_t *days)
{
    int y, m, d;

    if (len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    y = digits(s, 4);
    m = digits(s + 5, 2);
    d = digits(s + 8, 2);
    if (y < 1970 || m < 1 || m > 12 || d < 1 ||
        (unsigned)d > pd_days_in_month(y, (unsigned)m))
        return -1;
    *days = pd_days_from_civil(y, (unsigned)m, (unsigned)d);
    return 0;
}

int64_t
pd_time_make(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi,
             unsigned s, unsigned us)
{
    int64_t secs = (int64_t)h * 3600 + (int64_t)mi * 60 + (int64_t)s;

    return pd_days_from_civil(y, mo, d) * PD_US_PER_DAY + secs * PD_US_PER_SEC +
           (int64_t)us;
}

void
pd_time_split(int64_t t, struct pd_tm *tm)
{
    int64_t days = floor_div(t, PD_US_PER_DAY);
    int64_t rest = t - days * PD_US_PER_DAY;
    int64_t secs = rest / PD_US_PER_SEC;

    pd_civil_from_days(days, &tm->year, &tm->month, &tm->day);
    tm->hour = (unsigned)(secs / 3600);
    tm->minute = (unsigned)(secs / 60 % 60);
    tm->second = (unsigned)(secs % 60);
    tm->usec = (unsigned)(rest % PD_US_PER_SEC);
    /* 1970-01-01 was a Thursday (ISO 4). */
    tm->weekday = (unsigned)(floor_mod(days + 3, 7) + 1);
}

static bool
is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned
pd_days_in_month(int64_t y, unsigned m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30,
                                          31, 31, 30, 31, 30, 31};

    if (m < 1 || m > 12)
        return 0;
    return dim[m - 1] + (m == 2 && is_leap(y) ? 1u : 0u);
}

/* ---- Time zones ------------------------------------------------------ */

/*
 * Offsets come from localtime_r() under TZ=<name>.  Each zone keeps two
 * direct-mapped caches of hour -> offset: one keyed by the UTC hour (for
 * to_local) and one keyed by the local wall-clock hour (for to_utc).  An
 * hour is cached only when one offset covers all of it, so the hours around
 * a DST transition always take the slow, exact path.
 */
enum { CACHE_SLOTS = 256 };

struct hour_slot {
    int64_t hour;   /* floor(t / 1 h); INT64_MIN when empty */
    int32_t offset; /* seconds east of UTC */
};

struct pd_tz {
    bool utc;
    char *name;
    struct hour_slot by_utc[CACHE_SLOTS];
    struct hour_slot by_local[CACHE_SLOTS];
};

/* The zone TZ currently names, so switching zones re-runs tzset() but
 * repeated conversions in one zone do not.  Process-wide state is fine:
 * prodops is single-threaded (see the header). */
static const struct pd_tz *tz_current;

static void
tz_select(const struct pd_tz *tz)
{
    if (tz_current == tz)
        return;
    if (setenv("TZ", tz->name, 1) != 0)
        PD_BUG("setenv TZ failed");
    tzset();
    tz_current = tz;
}

/* Only IANA names from the zoneinfo directory: glibc silently treats an
 * unknown name as UTC, which would shift every timestamp of a typo'd
 * config without a word. */
static bool
zone_file_exists(const char *name)
{
    const char *dir = getenv("TZDIR");
    char path[1024], magic[4];
    struct stat st;
    size_t n;
    FILE *f;
    int len;

    if (name[0] == '/' || strstr(name, "..") != NULL)
        return false;
    if (dir == NULL || dir[0] == '\0')
        dir = "/usr/share/zoneinfo";
    len = snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (len < 0 || (size_t)len >= sizeof(path))
        return false;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    /* The folder also holds zone.tab, iso3166.tab, tzdata.zi: text files
     * glibc reads as UTC just the same.  A zone file starts "TZif". */
    f = fopen(path, "rb");
    if (!f)
        return false;
    n = fread(magic, 1, sizeof(magic), f);
    fclose(f);
    return n == sizeof(magic) && memcmp(magic, "TZif", 4) == 0;
}

static void
cache_clear(struct hour_slot *slots)
{
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        slots[i].hour = INT64_MIN;
        slots[i].offset = 0;
    }
}

struct pd_tz *
pd_tz_open(const char *name, struct pd_err *err)
{
    struct pd_tz *tz;
    bool utc = name == NULL || name[0] == '\0' || strcmp(name, "UTC") == 0 ||
               strcmp(name, "Z") == 0;

    if (!utc && !zone_file_exists(name)) {
        pd_err_set(err, PD_E_CONFIG, "unknown time zone '%s'", name);
        pd_err_hint(err, "use an IANA name such as 'Europe/Berlin'");
        return NULL;
    }
    tz = pd_xcalloc(1, sizeof(*tz));
    tz->utc = utc;
    tz->name = pd_xstrdup(utc ? "UTC" : name);
    cache_clear(tz->by_utc);
    cache_clear(tz->by_local);
    return tz;
}

void
pd_tz_free(struct pd_tz *tz)
{
    if (tz == NULL)
        return;
    if (tz_current == tz)
        tz_current = NULL;
    free(tz->name);
    free(tz);
}

bool
pd_tz_is_utc(const struct pd_tz *tz)
{
    return tz == NULL || tz->utc;
}

const char *
pd_tz_name(const struct pd_tz *tz)
{
    return tz == NULL ? "UTC" : tz->name;
}

/* Offset (seconds east) in force at UTC second t. */
static int32_t
offset_at(const struct pd_tz *tz, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;

    tz_select(tz);
    if (localtime_r(&tt, &tm) == NULL)
        return 0;
    return (int32_t)tm.tm_gmtoff;
}

/*
 * Resolve local second L to UTC.  Candidate offsets are those in force a
 * day either side (DST rules never change twice in two days); a candidate
 * o is valid when the offset at L - o really is o.  Two valid candidates
 * mean a fall-back overlap: take the earlier instant (the daylight one).
 * None means a spring-forward gap: reading L with the offset from before
 * the gap moves it forward by the gap (02:30 -> 03:30).  *unique is set
 * when exactly one candidate fits, i.e. L is an ordinary time.
 */
static int64_t
resolve_local(const struct pd_tz *tz, int64_t l, bool *unique)
{
    int32_t before = offset_at(tz, l - 86400);
    int32_t after = offset_at(tz, l + 86400);
    bool ok_b = offset_at(tz, l - before) == before;
    bool ok_a = offset_at(tz, l - after) == after;

    *unique = before == after ? ok_b : ok_b != ok_a;
    if (ok_b && ok_a)
        return l - (before > after ? before : after);
    if (ok_a)
        return l - after;
    return l - before;
}

static struct hour_slot *
slot_for(struct hour_slot *slots, int64_t hour)
{
    return &slots[(uint64_t)hour % CACHE_SLOTS];
}

int64_t
pd_tz_to_utc(struct pd_tz *tz, int64_t local_us)
{
    int64_t hour = floor_div(local_us, PD_US_PER_HOUR);
    struct hour_slot *slot;
    int64_t sec, first, last;
    bool u1, u2;

    if (pd_tz_is_utc(tz))
        return local_us;
    slot = slot_for(tz->by_local, hour);
    if (slot->hour == hour)
        return local_us - (int64_t)slot->offset * PD_US_PER_SEC;
    sec = floor_div(local_us, PD_US_PER_SEC);
    first = resolve_local(tz, hour * 3600, &u1);
    last = resolve_local(tz, hour * 3600 + 3599, &u2);
    if (u1 && u2 && hour * 3600 - first == hour * 3600 + 3599 - last) {
        slot->hour = hour;
        slot->offset = (int32_t)(hour * 3600 - first);
        return local_us - (int64_t)slot->offset * PD_US_PER_SEC;
    }
    return resolve_local(tz, sec, &u1) * PD_US_PER_SEC +
           floor_mod(local_us, PD_US_PER_SEC);
}

int64_t
pd_tz_to_local(struct pd_tz *tz, int64_t utc_us)
{
    int64_t hour = floor_div(utc_us, PD_US_PER_HOUR);
    struct hour_slot *slot;
    int32_t o1, o2;

    if (pd_tz_is_utc(tz))
        return utc_us;
    slot = slot_for(tz->by_utc, hour);
    if (slot->hour == hour)
        return utc_us + (int64_t)slot->offset * PD_US_PER_SEC;
    o1 = offset_at(tz, hour * 3600);
    o2 = offset_at(tz, hour * 3600 + 3599);
    if (o1 == o2) {
        slot->hour = hour;
        slot->offset = o1;
        return utc_us + (int64_t)o1 * PD_US_PER_SEC;
    }
    o1 = offset_at(tz, floor_div(utc_us, PD_US_PER_SEC));
    return utc_us + (int64_t)o1 * PD_US_PER_SEC;
}

/* ---- Formatting and the clock ----------------------------------------- */

size_t
pd_time_format_iso(int64_t utc_us, char *buf, size_t n)
{
    struct pd_tm tm;
    int len;

    pd_time_split(utc_us, &tm);
    if (tm.usec != 0)
        len = snprintf(buf, n, "%04lld-%02u-%02uT%02u:%02u:%02u.%06uZ",
                       (long long)tm.year, tm.month, tm.day, tm.hour, tm.minute,
                       tm.second, tm.usec);
    else
        len = snprintf(buf, n, "%04lld-%02u-%02uT%02u:%02u:%02uZ",
                       (long long)tm.year, tm.month, tm.day, tm.hour, tm.minute,
                       tm.second);
    if (len < 0)
        return 0;
    return (size_t)len < n ? (size_t)len : (n > 0 ? n - 1 : 0);
}

/* Reads exactly `width` digits. */
static bool
read_num(const char **p, unsigned width, unsigned *out)
{
    unsigned v = 0;

    for (unsigned i = 0; i < width; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (unsigned)(c - '0');
    }
    *p += width;
    *out = v;
    return true;
}

static bool
expect(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

/* PRODOPS_NOW: "YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM|-HH:MM]".  A small parser
 * of its own because common/ may not use transform/parse_time. */
static bool
parse_now(const char *p, int64_t *out)
{
    unsigned y, mo, d, h = 0, mi = 0, s = 0, oh = 0, om = 0;
    int sign = 0;

    if (!read_num(&p, 4, &y) || !expect(&p, '-') || !read_num(&p, 2, &mo) ||
        !expect(&p, '-') || !read_num(&p, 2, &d))
        return false;
    if ((*p == 'T' || *p == ' ') &&
        !(p++, read_num(&p, 2, &h) && expect(&p, ':') && read_num(&p, 2, &mi)))
        return false;
    if (*p == ':' && !(p++, read_num(&p, 2, &s)))
        return false;
    if (*p == '+' || *p == '-') {
        sign = *p++ == '-' ? -1 : 1;
        if (!read_num(&p, 2, &oh) || !expect(&p, ':') || !read_num(&p, 2, &om))
            return false;
    } else if (*p == 'Z') {
        p++;
    }
    if (*p != '\0' || mo < 1 || mo > 12 || d < 1 ||
        d > pd_days_in_month(y, mo) || h > 23 || mi > 59 || s > 59)
        return false;
    *out = pd_time_make(y, mo, d, h, mi, s, 0) -
           sign * (int64_t)(oh * 3600 + om * 60) * PD_US_PER_SEC;
    return true;
}

int64_t
pd_now_us(void)
{
    const char *env = getenv("PRODOPS_NOW");
    struct timespec ts;
    int64_t t;

    /* An unparseable PRODOPS_NOW falls back to the real clock: there is
     * no error channel here, and jobs/ validates the variable at start. */
    if (env != NULL && env[0] != '\0' && parse_now(env, &t))
        return t;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec * PD_US_PER_SEC + ts.tv_nsec / 1000;
}

/* ---- ISO weeks -------------------------------------------------------- */

void
pd_iso_week(int64_t local_us, int *iso_year, int *iso_week)
{
    int64_t days = floor_div(local_us, PD_US_PER_DAY);
    int64_t weekday = floor_mod(days + 3, 7); /* 0 = Monday */
    int64_t thursday = days - weekday + 3;
    int64_t y;
    unsigned m, d;

    /* The ISO year is the year of the week's Thursday. */
    pd_civil_from_days(thursday, &y, &m, &d);
    *iso_year = (int)y;
    *iso_week = (int)((thursday - pd_days_from_civil(y, 1, 1)) / 7 + 1);
}

int64_t
pd_iso_week_start(int iso_year, int iso_week)
{
    /* 4 January is always in week 1. */
    int64_t jan4 = pd_days_from_civil(iso_year, 1, 4);
    int64_t monday = jan4 - floor_mod(jan4 + 3, 7);

    return (monday + (int64_t)(iso_week - 1) * 7) * PD_US_PER_DAY;
}
