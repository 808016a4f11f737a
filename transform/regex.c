#include "regex.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/xalloc.h"

struct pd_regex {
    pcre2_code *code;
    pcre2_match_data *md;
};

struct pd_regex *
pd_regex_compile(const char *pattern, struct pd_err *err)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                  PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP, &code,
                                  &off, NULL);
    struct pd_regex *re;

    if (!c) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof(msg));
        pd_err_set(err, PD_E_CONFIG, "bad pattern at offset %zu: %s",
                   (size_t)off, (const char *)msg);
        return NULL;
    }
    /* JIT is an optimization: without it (some platforms) matching still
     * works, interpreted. */
    (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    re = pd_xcalloc(1, sizeof(*re));
    re->code = c;
    re->md = pcre2_match_data_create_from_pattern(c, NULL);
    if (!re->md)
        PD_BUG("out of memory for pcre2 match data");
    return re;
}

void
pd_regex_free(struct pd_regex *re)
{
    if (!re)
        return;
    pcre2_match_data_free(re->md);
    pcre2_code_free(re->code);
    free(re);
}

bool
pd_regex_match(struct pd_regex *re, const char *text, size_t n)
{
    return pcre2_match(re->code, (PCRE2_SPTR)(uintptr_t)text, n, 0,
                       PCRE2_NO_UTF_CHECK, re->md, NULL) >= 0;
}
