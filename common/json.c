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

void
pd_json_strn(struct pd_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";

    pd_buf_addch(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            pd_buf_addch(b, '\\');
            pd_buf_addch(b, (char)c);
        } else if (c == '\n') {
            pd_buf_add(b, "\\n", 2);
        } else if (c == '\t') {
            pd_buf_add(b, "\\t", 2);
        } else if (c == '\r') {
            pd_buf_add(b, "\\r", 2);
        } else if (c < 0x20) {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            pd_buf_add(b, u, 6);
        } else {
            pd_buf_addch(b, (char)c);
        }
    }
    pd_buf_addch(b, '"');
}
