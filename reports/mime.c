#include "mime.h"

#include <stdio.h>
#include <string.h>

#include "common/timeutil.h"

/* Boundaries start with "=_": neither base64 nor quoted-printable (where
 * '=' is followed by two hex digits or a line end) can produce them. */
static const char related_b[] = "=_pd_related_7f3a", alt_b[] = "=_pd_alt_7f3a";

bool
pd_mime_header_safe(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

static bool
ascii(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p >= 0x80)
            return false;
    return true;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* n bytes (1 to 3) as four characters. */
static void
b64_quad(const unsigned char *s, size_t n, struct pd_buf *out)
{
    unsigned v = (unsigned)s[0] << 16 | (n > 1 ? (unsigned)s[1] << 8 : 0) |
                 (n > 2 ? s[2] : 0);
    char q[4] = {b64[v >> 18 & 63], b64[v >> 12 & 63],
                 n > 1 ? b64[v >> 6 & 63] : '=', n > 2 ? b64[v & 63] : '='};

    pd_buf_add(out, q, 4);
}

void
pd_mime_base64(const void *data, size_t n, struct pd_buf *out)
{
    const unsigned char *s = data;

    /* RFC 2045: at most 76 characters a line, 57 bytes. */
    for (size_t i = 0; i < n; i += 3) {
        b64_quad(s + i, n - i < 3 ? n - i : 3, out);
        if ((i + 3) % 57 == 0 || i + 3 >= n)
            pd_buf_addstr(out, "\r\n");
    }
}

void
pd_mime_qp(const char *s, struct pd_buf *out)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool eol = p[1] == '\n' || (p[1] == '\r' && p[2] == '\n') || !p[1];
        char tok[4];
        size_t len = 1;

        if (*p == '\r' && p[1] == '\n')
            continue;
        if (*p == '\n') {
            pd_buf_addstr(out, "\r\n");
            col = 0;
            continue;
        }
        tok[0] = (char)*p;
        /* Encoded: '=', controls, 8-bit bytes, white space before a line
         * end (SMTP may strip it) and a leading '.' (a lone "." line ends
         * a message for sendmail without -i). */
        if (*p == '=' || *p >= 0x7f || (*p < 0x20 && *p != '\t') ||
            ((*p == ' ' || *p == '\t') && eol) || (*p == '.' && col == 0)) {
            tok[0] = '=';
            tok[1] = hex[*p >> 4];
            tok[2] = hex[*p & 15];
            len = 3;
        }
        /* Soft break: 75 characters and the '='. */
        if (col + len > 75) {
            pd_buf_addstr(out, "=\r\n");
            col = 0;
        }
        pd_buf_add(out, tok, len);
        col += len;
    }
    if (col)
        pd_buf_addstr(out, "\r\n");
}

/* Bytes of the UTF-8 character starting at p (1 for a stray byte). */
static size_t
utf8_len(const unsigned char *p)
{
    size_t n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1;

    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 1;
    return n;
}

/* RFC 2047: encoded words of at most 39 bytes (52 base64 characters, 64
 * with the =?UTF-8?B? ?= frame, 73 after "Subject: "), one per folded
 * line. */
static void
encoded_words(const char *v, struct pd_buf *out)
{
    const unsigned char *p = (const unsigned char *)v;

    while (*p) {
        size_t n = 0;
        while (p[n]) {
            size_t c = utf8_len(p + n);
            if (n + c > 39)
                break;
            n += c;
        }
        pd_buf_addstr(out, "=?UTF-8?B?");
        for (size_t i = 0; i < n; i += 3)
            b64_quad(p + i, n - i < 3 ? n - i : 3, out);
        pd_buf_addstr(out, "?=");
        p += n;
        if (*p)
            pd_buf_addstr(out, "\r\n ");
    }
}

void
pd_mime_header(const char *name, const char *value, struct pd_buf *out)
{
    size_t col = strlen(name) + 2;
    const char *p = value;

    pd_buf_addf(out, "%s: ", name);
    if (!ascii(value)) {
        encoded_words(value, out);
        pd_buf_addstr(out, "\r\n");
        return;
    }
    /* Fold at a space before column 78; a word longer than a line stays
     * whole (RFC 5322 allows 998). */
    while (*p) {
        size_t w = strcspn(p + 1, " ") + 1;
        if (*p == ' ' && col + w > 78 && col > 1) {
            pd_buf_addstr(out, "\r\n");
            col = 0;
        }
        pd_buf_add(out, p, w);
        col += w;
        p += w;
    }
    pd_buf_addstr(out, "\r\n");
}

/* RFC 5322 date: "Sat, 21 Nov 2026 08:00:00 +0000". */
static void
date_header(int64_t t, struct pd_buf *out)
{
    static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu",
                                     "Fri", "Sat", "Sun"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct pd_tm tm;

    pd_time_split(t, &tm);
    pd_buf_addf(out, "Date: %s, %02u %s %04lld %02u:%02u:%02u +0000\r\n",
                wd[tm.weekday - 1], tm.day, mon[tm.month - 1],
                (long long)tm.year, tm.hour, tm.minute, tm.second);
}

/* Message-ID from the date and the sender's domain: unique per report
 * run, and the same bytes for the same run (the file is reproducible). */
static void
message_id(const struct pd_mime_msg *m, struct pd_buf *out)
{
    const char *at = strrchr(m->from, '@');
    size_t n = at ? strcspn(at + 1, "> ") : 0;

    pd_buf_addf(out, "Message-ID: <prodops.%lld@", (long long)m->date);
    if (n)
        pd_buf_add(out, at + 1, n);
    else
        pd_buf_addstr(out, "prodops.invalid");
    pd_buf_addstr(out, ">\r\n");
}

static int
check_msg(const struct pd_mime_msg *m, struct pd_err *err)
{
    const char *const vals[] = {m->from, m->to, m->subject};
    const char *const names[] = {"from", "to", "subject"};

    if (!m->from || !strchr(m->from, '@') || !ascii(m->from))
        return pd_err_set(err, PD_E_USAGE,
                          "email sender '%s' is not an ASCII address",
                          m->from ? m->from : "");
    if (m->to && (!strchr(m->to, '@') || !ascii(m->to)))
        return pd_err_set(err, PD_E_USAGE,
                          "email recipient '%s' is not an ASCII address",
                          m->to);
    for (size_t i = 0; i < 3; i++)
        if (vals[i] && !pd_mime_header_safe(vals[i]))
            return pd_err_set(err, PD_E_USAGE,
                              "email %s holds a line break or control "
                              "character",
                              names[i]);
    if (m->nparts > PD_MIME_MAX_PARTS)
        return pd_err_set(err, PD_E_LIMIT, "more than %d email parts",
                          PD_MIME_MAX_PARTS);
    for (size_t i = 0; i < m->nparts; i++)
        if (!m->parts[i].cid || !ascii(m->parts[i].cid) ||
            !pd_mime_header_safe(m->parts[i].cid) ||
            strpbrk(m->parts[i].cid, "<>\" "))
            return pd_err_set(err, PD_E_USAGE, "bad email content id");
    return 0;
}

static void
text_part(const char *type, const char *body, struct pd_buf *out)
{
    pd_buf_addf(out,
                "--%s\r\nContent-Type: %s; charset=utf-8\r\n"
                "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
                alt_b, type);
    pd_mime_qp(body, out);
}

int
pd_mime_write(const struct pd_mime_msg *m, struct pd_buf *out,
              struct pd_err *err)
{
    if (check_msg(m, err) < 0)
        return -1;
    pd_mime_header("From", m->from, out);
    if (m->to)
        pd_mime_header("To", m->to, out);
    pd_mime_header("Subject", m->subject ? m->subject : "", out);
    date_header(m->date, out);
    message_id(m, out);
    pd_buf_addf(out,
                "MIME-Version: 1.0\r\n"
                "Content-Type: multipart/related; boundary=\"%s\";\r\n"
                " type=\"multipart/alternative\"\r\n\r\n"
                "This is a MIME message.\r\n\r\n"
                "--%s\r\n"
                "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n",
                related_b, related_b, alt_b);
    text_part("text/plain", m->text ? m->text : "", out);
    text_part("text/html", m->html ? m->html : "", out);
    pd_buf_addf(out, "--%s--\r\n", alt_b);
    for (size_t i = 0; i < m->nparts; i++) {
        const struct pd_mime_part *p = &m->parts[i];
        pd_buf_addf(out,
                    "--%s\r\nContent-Type: %s\r\n"
                    "Content-Transfer-Encoding: base64\r\n"
                    "Content-ID: <%s>\r\n"
                    "Content-Disposition: inline; filename=\"%s\"\r\n\r\n",
                    related_b, p->type, p->cid,
                    p->filename ? p->filename : "image");
        pd_mime_base64(p->data, p->len, out);
    }
    pd_buf_addf(out, "--%s--\r\n", related_b);
    return 0;
}
