#include "markdown.h"

#include <stdbool.h>
#include <string.h>

/* CommonMark lets any ASCII punctuation be backslash-escaped; these are
 * the ones that open syntax mid-line: emphasis, code, links and images,
 * autolinks and raw HTML, entities, strikethrough, table cells, and the
 * heading marker (a list item's content may be a heading). */
static const char inline_syntax[] = "\\`*_~[]<>&|#";

static bool
is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* An underscore between two letters or digits can neither open nor close
 * emphasis (CommonMark 6.2), so "first_reply_hours" stays readable. */
static bool
inert_underscore(const char *s, size_t i)
{
    return i > 0 && is_alnum(s[i - 1]) && is_alnum(s[i + 1]);
}

void
pd_md_text(struct pd_buf *out, const char *s)
{
    size_t digits = strspn(s, "0123456789");

    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        bool marker = (i == 0 && (c == '-' || c == '+' || c == '=')) ||
                      (i == digits && digits > 0 && (c == '.' || c == ')'));

        if (c < 0x20 || c == 0x7f) {
            pd_buf_addch(out, ' ');
            continue;
        }
        if (marker ||
            (strchr(inline_syntax, c) && !(c == '_' && inert_underscore(s, i))))
            pd_buf_addch(out, '\\');
        pd_buf_addch(out, (char)c);
    }
}
