#include "parse_value.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Enum values are matched on a key: the input with everything but letters
 * and digits dropped, ASCII lower-cased and the Spanish accented letters
 * folded to ASCII ("On-hold" = "on hold" = "ONHOLD" -> "onhold",
 * "Más baja" -> "masbaja").  U+00A0 counts as a space; other UTF-8 bytes
 * are kept as they are.  The
 * tables below hold keys already in that form so a lookup is one pass over
 * the input plus a few length-checked memcmp()s, well inside the per-row
 * budget of LIMITS.md; a hash map would cost more to build than it saves
 * on tables this small.
 */
enum { KEY_MAX = 48 };

/* Second byte of a two-byte UTF-8 letter after 0xC3, to its ASCII fold. */
static char
fold_c3(unsigned char b)
{
    static const struct {
        unsigned char b;
        char ascii;
    } folds[] = {
        {0xA1, 'a'}, {0x81, 'a'}, {0xA9, 'e'}, {0x89, 'e'}, {0xAD, 'i'},
        {0x8D, 'i'}, {0xB3, 'o'}, {0x93, 'o'}, {0xBA, 'u'}, {0x9A, 'u'},
        {0xBC, 'u'}, {0x9C, 'u'}, {0xB1, 'n'}, {0x91, 'n'},
    };

    for (size_t i = 0; i < sizeof(folds) / sizeof(folds[0]); i++)
        if (folds[i].b == b)
            return folds[i].ascii;
    return '\0';
}

/* Build the key of [s, s + n) into key[KEY_MAX]; returns its length, or
 * KEY_MAX when the input is too long to be any table entry. */
static size_t
make_key(const char *s, size_t n, char *key)
{
    size_t k = 0;

    for (size_t i = 0; i < n && k < KEY_MAX; i++) {
        unsigned char c = (unsigned char)s[i];
        char f;

        if (c >= 'A' && c <= 'Z') {
            key[k++] = (char)(c | 0x20);
        } else if (c == 0xC3 && i + 1 < n &&
                   (f = fold_c3((unsigned char)s[i + 1])) != '\0') {
            key[k++] = f;
            i++;
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            i++; /* a no-break space is a space */
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c >= 0x80) {
            key[k++] = (char)c;
        }
    }
    return k;
}

struct enum_entry {
    const char *key; /* in make_key() form */
    size_t len;
    int value;
};

#define E(key, value)               \
    {                               \
        key, sizeof(key) - 1, value \
    }

static int
lookup(const struct enum_entry *t, size_t count, const char *key, size_t k,
       int other)
{
    for (size_t i = 0; i < count; i++)
        if (t[i].len == k && memcmp(t[i].key, key, k) == 0)
            return t[i].value;
    return other;
}

static bool
is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Trim ASCII spaces and U+00A0 (Excel and web exports pad with it). */
static void
trim(const char **s, size_t *n)
{
    const unsigned char *p = (const unsigned char *)*s;
    size_t len = *n;

    for (;;) {
        if (len > 0 && is_space(p[0]))
            p++, len--;
        else if (len > 1 && p[0] == 0xC2 && p[1] == 0xA0)
            p += 2, len -= 2;
        else
            break;
    }
    for (;;) {
        if (len > 0 && is_space(p[len - 1]))
            len--;
        else if (len > 1 && p[len - 2] == 0xC2 && p[len - 1] == 0xA0)
            len -= 2;
        else
            break;
    }
    *s = (const char *)p;
    *n = len;
}

bool
pd_is_null_text(const char *s, size_t n)
{
    /* "-" is not here: it means "none" only in Zendesk custom list fields
     * and in the enum parsers below; elsewhere it may be real text. */
    static const struct {
        char word[5];
        size_t len;
    } nulls[] = {{"na", 2}, {"n/a", 3}, {"null", 4}, {"none", 4}, {"#n/a", 4}};

    /* Called for every cell: most are longer than any null word, and
     * with no space or U+00A0 at either end trimming cannot change that. */
    if (n > 4 && !is_space((unsigned char)s[0]) &&
        (unsigned char)s[0] != 0xC2 && !is_space((unsigned char)s[n - 1]) &&
        (unsigned char)s[n - 1] != 0xA0)
        return false;
    trim(&s, &n);
    if (n == 0)
        return true;
    if (n > 4)
        return false;
    for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++) {
        size_t j = 0;

        if (nulls[i].len != n)
            continue;
        while (j < n && (s[j] | 0x20) == nulls[i].word[j])
            j++;
        if (j == n)
            return true;
    }
    return false;
}

/* Blank, null text or a lone "-": the NONE member of every enum. */
static bool
is_none(const char *s, size_t n)
{
    const char *t = s;
    size_t m = n;

    trim(&t, &m);
    return (m == 1 && t[0] == '-') || pd_is_null_text(t, m);
}

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* ---- status ---------------------------------------------------------- */

/* SPEC §2.  Zendesk "Hold" (not "On-hold"); Freshdesk custom statuses such
 * as "Waiting on Third Party" and the odd "OpenPending" seen in a real
 * export; HubSpot "Waiting on contact"/"Waiting on us"; Help Scout
 * "active"; Intercom "snoozed" (parked by the team until a set time);
 * Spanish Jira "Completado"/"Listo".  Freshdesk's API codes (2..5) are
 * deliberately not mapped: a bare number is ambiguous across vendors. */
static const struct enum_entry status_table[] = {
    E("new", PD_STATUS_NEW),
    E("nueva", PD_STATUS_NEW),
    E("nuevo", PD_STATUS_NEW),
    E("open", PD_STATUS_OPEN),
    E("inprogress", PD_STATUS_OPEN),
    E("waitingonus", PD_STATUS_OPEN),
    E("waitingforsupport", PD_STATUS_OPEN),
    E("todo", PD_STATUS_OPEN),
    E("reopened", PD_STATUS_OPEN),
    E("active", PD_STATUS_OPEN),
    E("abierta", PD_STATUS_OPEN),
    E("abierto", PD_STATUS_OPEN),
    E("encurso", PD_STATUS_OPEN),
    E("enprogreso", PD_STATUS_OPEN),
    E("porhacer", PD_STATUS_OPEN),
    E("tareasporhacer", PD_STATUS_OPEN),
    E("pending", PD_STATUS_PENDING),
    E("openpending", PD_STATUS_PENDING),
    E("waitingoncustomer", PD_STATUS_PENDING),
    E("waitingforcustomer", PD_STATUS_PENDING),
    E("waitingoncontact", PD_STATUS_PENDING),
    E("pendiente", PD_STATUS_PENDING),
    E("esperandoalcliente", PD_STATUS_PENDING),
    E("hold", PD_STATUS_ON_HOLD),
    E("onhold", PD_STATUS_ON_HOLD),
    E("waitingonthirdparty", PD_STATUS_ON_HOLD),
    E("snoozed", PD_STATUS_ON_HOLD),
    E("enespera", PD_STATUS_ON_HOLD),
    E("solved", PD_STATUS_SOLVED),
    E("resolved", PD_STATUS_SOLVED),
    E("done", PD_STATUS_SOLVED),
    E("completed", PD_STATUS_SOLVED),
    E("resuelta", PD_STATUS_SOLVED),
    E("resuelto", PD_STATUS_SOLVED),
    E("completado", PD_STATUS_SOLVED),
    E("completada", PD_STATUS_SOLVED),
    E("hecho", PD_STATUS_SOLVED),
    E("listo", PD_STATUS_SOLVED),
    E("closed", PD_STATUS_CLOSED),
    E("cerrada", PD_STATUS_CLOSED),
    E("cerrado", PD_STATUS_CLOSED),
};

/* Feature-request statuses (issue 17): Fider's slugs (open, planned,
 * started, completed, declined, duplicate; Title case in old releases),
 * Canny's (open, under review, planned, in progress, complete, closed:
 * closed is Canny's "won't do") and Productboard's feature statuses
 * (new idea, candidate, planned, in progress, released). */
static const struct enum_entry request_status_table[] = {
    E("open", PD_REQ_OPEN),           E("new", PD_REQ_OPEN),
    E("newidea", PD_REQ_OPEN),        E("underreview", PD_REQ_OPEN),
    E("candidate", PD_REQ_OPEN),      E("unprocessed", PD_REQ_OPEN),
    E("processed", PD_REQ_OPEN),      E("planned", PD_REQ_PLANNED),
    E("started", PD_REQ_STARTED),     E("inprogress", PD_REQ_STARTED),
    E("completed", PD_REQ_COMPLETED), E("complete", PD_REQ_COMPLETED),
    E("released", PD_REQ_COMPLETED),  E("shipped", PD_REQ_COMPLETED),
    E("done", PD_REQ_COMPLETED),      E("declined", PD_REQ_DECLINED),
    E("closed", PD_REQ_DECLINED),     E("wontdo", PD_REQ_DECLINED),
    E("duplicate", PD_REQ_DUPLICATE), E("merged", PD_REQ_DUPLICATE),
};

/* Jira's classic scheme (Blocker ... Trivial) next to the SPEC's list;
 * Spanish Jira "Más alta"/"Más baja". */
static const struct enum_entry priority_table[] = {
    E("low", PD_PRIORITY_LOW),         E("lowest", PD_PRIORITY_LOW),
    E("p4", PD_PRIORITY_LOW),          E("p5", PD_PRIORITY_LOW),
    E("minor", PD_PRIORITY_LOW),       E("trivial", PD_PRIORITY_LOW),
    E("baja", PD_PRIORITY_LOW),        E("masbaja", PD_PRIORITY_LOW),
    E("normal", PD_PRIORITY_NORMAL),   E("medium", PD_PRIORITY_NORMAL),
    E("p3", PD_PRIORITY_NORMAL),       E("media", PD_PRIORITY_NORMAL),
    E("high", PD_PRIORITY_HIGH),       E("p2", PD_PRIORITY_HIGH),
    E("major", PD_PRIORITY_HIGH),      E("alta", PD_PRIORITY_HIGH),
    E("urgent", PD_PRIORITY_URGENT),   E("highest", PD_PRIORITY_URGENT),
    E("critical", PD_PRIORITY_URGENT), E("blocker", PD_PRIORITY_URGENT),
    E("p1", PD_PRIORITY_URGENT),       E("urgente", PD_PRIORITY_URGENT),
    E("critica", PD_PRIORITY_URGENT),  E("masalta", PD_PRIORITY_URGENT),
};

/* Zendesk "Via" display names as seen in a real export (Mail, Internal
 * Communication, OutBound, Closed Ticket = follow-up of a closed ticket,
 * Native Messaging, Instagram DM), Freshdesk sources (Portal, Feedback
 * Widget, Outbound Email, Mobihelp), Help Scout/Intercom types.  SPEC §2
 * lists the display names by meaning; a name missing here lands in other
 * (issue 13: 405 "Phone call (incoming)" tickets of one export did). */
static const struct enum_entry channel_table[] = {
    E("email", PD_CHANNEL_EMAIL),
    E("mail", PD_CHANNEL_EMAIL),
    E("outboundemail", PD_CHANNEL_EMAIL),
    E("correo", PD_CHANNEL_EMAIL),
    E("correoelectronico", PD_CHANNEL_EMAIL),
    E("web", PD_CHANNEL_WEB),
    E("webform", PD_CHANNEL_WEB),
    E("form", PD_CHANNEL_WEB),
    E("portal", PD_CHANNEL_WEB),
    E("feedbackwidget", PD_CHANNEL_WEB),
    E("webwidget", PD_CHANNEL_WEB),
    E("helpcenter", PD_CHANNEL_WEB),
    E("chat", PD_CHANNEL_CHAT),
    E("livechat", PD_CHANNEL_CHAT),
    E("messaging", PD_CHANNEL_CHAT),
    E("nativemessaging", PD_CHANNEL_CHAT),
    E("messenger", PD_CHANNEL_CHAT),
    E("whatsapp", PD_CHANNEL_CHAT),
    E("mobihelp", PD_CHANNEL_CHAT),
    E("phone", PD_CHANNEL_PHONE),
    E("voice", PD_CHANNEL_PHONE),
    E("call", PD_CHANNEL_PHONE),
    /* Zendesk "Via": "Phone call (voice)", "Voicemail", "Mobile SDK",
     * "Facebook Post", "Facebook Private Message", "SMS". */
    E("phonecall", PD_CHANNEL_PHONE),
    E("phonecallincoming", PD_CHANNEL_PHONE),
    E("phonecalloutgoing", PD_CHANNEL_PHONE),
    E("phonecallvoice", PD_CHANNEL_PHONE),
    E("voicemail", PD_CHANNEL_PHONE),
    E("mobilesdk", PD_CHANNEL_API),
    E("facebookpost", PD_CHANNEL_SOCIAL),
    E("facebookprivatemessage", PD_CHANNEL_SOCIAL),
    E("sms", PD_CHANNEL_CHAT),
    E("telefono", PD_CHANNEL_PHONE),
    E("api", PD_CHANNEL_API),
    E("webservice", PD_CHANNEL_API),
    E("webserviceapi", PD_CHANNEL_API),
    E("integration", PD_CHANNEL_API),
    E("twitter", PD_CHANNEL_SOCIAL),
    E("twitterdm", PD_CHANNEL_SOCIAL),
    E("x", PD_CHANNEL_SOCIAL),
    E("facebook", PD_CHANNEL_SOCIAL),
    E("instagram", PD_CHANNEL_SOCIAL),
    E("instagramdm", PD_CHANNEL_SOCIAL),
    E("social", PD_CHANNEL_SOCIAL),
    E("socialmedia", PD_CHANNEL_SOCIAL),
    E("internalcommunication", PD_CHANNEL_OTHER),
    E("outbound", PD_CHANNEL_OTHER),
    E("closedticket", PD_CHANNEL_OTHER),
    E("other", PD_CHANNEL_OTHER),
};

/* SPEC §2 words, plus Zendesk's CSAT labels "Good, I'm satisfied" and
 * "Bad, I'm unsatisfied" and the usual 5-point scale wording.  Offered and
 * friends mean a survey went out with no answer: not rated. */
static const struct enum_entry sat_table[] = {
    E("good", PD_SAT_GOOD),
    E("awesome", PD_SAT_GOOD),
    E("satisfied", PD_SAT_GOOD),
    E("verysatisfied", PD_SAT_GOOD),
    E("extremelysatisfied", PD_SAT_GOOD),
    E("happy", PD_SAT_GOOD),
    E("goodimsatisfied", PD_SAT_GOOD),
    E("bad", PD_SAT_BAD),
    E("notgood", PD_SAT_BAD),
    E("justokay", PD_SAT_BAD),
    E("neutral", PD_SAT_BAD),
    E("unsatisfied", PD_SAT_BAD),
    E("notsatisfied", PD_SAT_BAD),
    E("dissatisfied", PD_SAT_BAD),
    E("verydissatisfied", PD_SAT_BAD),
    E("unhappy", PD_SAT_BAD),
    E("badimunsatisfied", PD_SAT_BAD),
    E("offered", PD_SAT_NONE),
    E("unoffered", PD_SAT_NONE),
    E("notoffered", PD_SAT_NONE),
};

static int
parse_enum(const char *s, size_t n, const struct enum_entry *t, size_t count,
           int other)
{
    char key[KEY_MAX];
    size_t k;

    if (is_none(s, n))
        return 0; /* every enum's NONE member is 0 */
    k = make_key(s, n, key);
    if (k == 0 || k >= KEY_MAX)
        return other;
    return lookup(t, count, key, k, other);
}

enum pd_status
pd_parse_status(const char *s, size_t n)
{
    return (enum pd_status)parse_enum(s, n, status_table, COUNT(status_table),
                                      PD_STATUS_OTHER);
}

enum pd_request_status
pd_parse_request_status(const char *s, size_t n)
{
    return (enum pd_request_status)parse_enum(
        s, n, request_status_table, COUNT(request_status_table), PD_REQ_OTHER);
}

enum pd_priority
pd_parse_priority(const char *s, size_t n)
{
    return (enum pd_priority)parse_enum(
        s, n, priority_table, COUNT(priority_table), PD_PRIORITY_OTHER);
}

enum pd_channel
pd_parse_channel(const char *s, size_t n)
{
    return (enum pd_channel)parse_enum(s, n, channel_table,
                                       COUNT(channel_table), PD_CHANNEL_OTHER);
}

enum pd_satisfaction
pd_parse_satisfaction(const char *s, size_t n)
{
    int64_t v;
    int rc = pd_parse_int64(s, n, &v);

    /* Zendesk's Plum export writes 1-5 star ratings in the same column as
     * the word "Offered". */
    if (rc == 0)
        return v >= 4 && v <= 5   ? PD_SAT_GOOD
               : v >= 1 && v <= 3 ? PD_SAT_BAD
                                  : PD_SAT_OTHER;
    return (enum pd_satisfaction)parse_enum(s, n, sat_table, COUNT(sat_table),
                                            PD_SAT_OTHER);
}

static const char *
name_of(const char *const *names, size_t count, int v)
{
    return v > 0 && (size_t)v < count ? names[v] : NULL;
}

const char *
pd_status_name(enum pd_status v)
{
    static const char *const names[] = {
        NULL, "new", "open", "pending", "on_hold", "solved", "closed", "other"};
    return name_of(names, COUNT(names), (int)v);
}

const char *
pd_request_status_name(enum pd_request_status v)
{
    static const char *const names[] = {NULL,        "duplicate", "open",
                                        "declined",  "planned",   "started",
                                        "completed", "other"};
    return name_of(names, COUNT(names), (int)v);
}

const char *
pd_priority_name(enum pd_priority v)
{
    static const char *const names[] = {NULL,   "low",    "normal",
                                        "high", "urgent", "other"};
    return name_of(names, COUNT(names), (int)v);
}

const char *
pd_channel_name(enum pd_channel v)
{
    static const char *const names[] = {NULL,    "email", "web",    "chat",
                                        "phone", "api",   "social", "other"};
    return name_of(names, COUNT(names), (int)v);
}

const char *
pd_satisfaction_name(enum pd_satisfaction v)
{
    /* OTHER is stored as NULL (SPEC §2: good, bad or NULL). */
    static const char *const names[] = {NULL, "good", "bad", NULL};
    return name_of(names, COUNT(names), (int)v);
}

/* ---- numbers --------------------------------------------------------- */

int
pd_parse_int64(const char *s, size_t n, int64_t *out)
{
    const char *e;
    bool neg = false;
    uint64_t v = 0, limit;

    if (is_none(s, n))
        return 1;
    trim(&s, &n);
    e = s + n;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (s == e || *s < '0' || *s > '9')
        return -1;
    limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; s < e && *s >= '0' && *s <= '9'; s++) {
        unsigned d = (unsigned)(*s - '0');
        if (v > (limit - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    /* "12.0", "12.00": spreadsheets re-save integer columns as floats. */
    if (s < e && *s == '.' && s + 1 < e) {
        for (s++; s < e && *s == '0'; s++)
            ;
    }
    if (s != e)
        return -1;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

/* Copy the digits of an integer part with optional thousands commas
 * ("1,234,567") into dst, checking that every group after the first has
 * three digits so a decimal comma ("12,5") is refused, not misread. */
static bool
copy_int_part(const char **sp, const char *e, char *dst, size_t *k, size_t cap)
{
    const char *s = *sp;
    size_t group = 0;
    bool commas = false;

    for (; s < e; s++) {
        if (*s >= '0' && *s <= '9') {
            if (*k + 1 >= cap)
                return false;
            dst[(*k)++] = *s;
            group++;
        } else if (*s == ',' && group > 0 && (!commas || group == 3) &&
                   (commas || group <= 3)) {
            commas = true;
            group = 0;
        } else {
            break;
        }
    }
    *sp = s;
    return group > 0 && (!commas || group == 3);
}

int
pd_parse_double(const char *s, size_t n, double *out)
{
    char buf[256];
    size_t k = 0;
    const char *e;
    char *end;
    double v;

    if (is_none(s, n))
        return 1;
    trim(&s, &n);
    /* Plain digits (minute columns are whole numbers in most exports):
     * exact as a double up to 15 digits, as strtod() would read them. */
    if (n > 0 && n <= 15) {
        uint64_t u = 0;
        size_t i = 0;

        while (i < n && s[i] >= '0' && s[i] <= '9')
            u = u * 10 + (uint64_t)(s[i++] - '0');
        if (i == n) {
            *out = (double)u;
            return 0;
        }
    }
    e = s + n;
    if (s < e && (*s == '-' || *s == '+'))
        buf[k++] = *s++;
    if (s + 1 < e && s[0] == '.' && s[1] >= '0' && s[1] <= '9') {
        buf[k++] = '0'; /* ".5" */
    } else if (!copy_int_part(&s, e, buf, &k, sizeof(buf))) {
        return -1;
    }
    /* Fraction and exponent: plain digits, checked here so strtod()
     * never sees "nan", "inf" or hex. */
    for (; s < e && k + 1 < sizeof(buf); s++) {
        if ((*s >= '0' && *s <= '9') || *s == '.' || *s == 'e' || *s == 'E' ||
            *s == '+' || *s == '-')
            buf[k++] = *s;
        else
            return -1;
    }
    if (s != e)
        return -1;
    buf[k] = '\0';
    errno = 0;
    v = strtod(buf, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int
pd_parse_nps_score(const char *s, size_t n, int *out)
{
    int64_t v;
    int rc = pd_parse_int64(s, n, &v);

    if (rc != 0)
        return rc;
    if (v < 0 || v > 10)
        return -1;
    *out = (int)v;
    return 0;
}
