#include "json.h"

#include <string.h>

void
pd_json_str(struct pd_buf *b, const char *s)
{
    if (!s) {
        pd_buf_addstr(b, "null");
        return;
    }
    pd_json_strn(b, s, strlen(s));
}

size_t
pd_json_escape(char *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    char *q = out;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            *q++ = '\\';
            *q++ = (char)c;
        } else if (c == '\n' || c == '\t' || c == '\r') {
            *q++ = '\\';
            *q++ = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
        } else if (c < 0x20) {
            *q++ = '\\';
            *q++ = 'u';
            *q++ = '0';
            *q++ = '0';
            *q++ = hex[c >> 4];
            *q++ = hex[c & 15];
        } else {
            *q++ = (char)c;
        }
    }
    return (size_t)(q - out);
}

void
pd_json_strn(struct pd_buf *b, const char *s, size_t n)
{
    enum { CHUNK = 256 };
    char tmp[6 * CHUNK];

    pd_buf_addch(b, '"');
    for (size_t i = 0; i < n; i += CHUNK) {
        size_t k = n - i < CHUNK ? n - i : CHUNK;
        pd_buf_add(b, tmp, pd_json_escape(tmp, s + i, k));
    }
    pd_buf_addch(b, '"');
}
