#include "regex.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
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

int
pd_regex_find(struct pd_regex *re, const char *text, size_t n, size_t from,
              size_t *start, size_t *end)
{
    const PCRE2_SIZE *ov;
    int rc;

    if (from > n)
        PD_BUG("pd_regex_find: from %zu past the end %zu", from, n);
    rc = pcre2_match(re->code, (PCRE2_SPTR)(uintptr_t)text, n, from,
                     PCRE2_NO_UTF_CHECK, re->md, NULL);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0)
        return -1;
    ov = pcre2_get_ovector_pointer(re->md);
    /* \K in a lookbehind can report a start after the end; our callers
     * treat the match as a byte range, so refuse that shape outright. */
    if (ov[0] > ov[1])
        return -1;
    *start = ov[0];
    *end = ov[1];
    return 1;
}

void
pd_regex_pcre2_version(char *buf, size_t n)
{
    PCRE2_UCHAR v[64];

    if (n == 0)
        return;
    if (pcre2_config(PCRE2_CONFIG_VERSION, v) < 0)
        v[0] = '\0';
    snprintf(buf, n, "%s", (const char *)v);
}
