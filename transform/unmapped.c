#include "unmapped.h"

#include <string.h>

#include "common/json.h"
#include "common/printable.h"

/* Cut s to fit a value slot, at a character boundary (s is valid UTF-8:
 * the row code repairs cells first). */
static size_t
cut(const char *s, size_t n)
{
    if (n < PD_UNMAPPED_LEN)
        return n;
    n = PD_UNMAPPED_LEN - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void
pd_unmapped_add(struct pd_unmapped *u, enum pd_unmapped_column c, const char *s,
                size_t n)
{
    struct pd_unmapped_list *l = &u->col[c];

    n = cut(s, n);
    /* Linear: at most PD_UNMAPPED_VALUES short compares, and only for rows
     * whose value is unmapped. */
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i].text) == n && memcmp(l->v[i].text, s, n) == 0) {
            l->v[i].count++;
            return;
        }
    if (l->n == PD_UNMAPPED_VALUES) {
        l->more++;
        return;
    }
    memcpy(l->v[l->n].text, s, n);
    l->v[l->n].text[n] = '\0';
    l->v[l->n].count = 1;
    l->n++;
}

const char *
pd_unmapped_column_name(enum pd_unmapped_column c)
{
    static const char *const names[] = {"status", "priority", "channel",
                                        "satisfaction"};

    return c < PD_UNMAPPED__COUNT ? names[c] : "?";
}

const char *
pd_unmapped_target(enum pd_unmapped_column c)
{
    /* SPEC §2: satisfaction is good, bad or NULL; it has no "other". */
    return c == PD_UNMAPPED_SATISFACTION ? "NULL" : "other";
}

size_t
pd_unmapped_total(const struct pd_unmapped_list *l)
{
    size_t t = l->more;

    for (size_t i = 0; i < l->n; i++)
        t += l->v[i].count;
    return t;
}

/* Indices of l's values by count, most first (ties: first seen first). */
static void
by_count(const struct pd_unmapped_list *l, size_t order[PD_UNMAPPED_VALUES])
{
    for (size_t i = 0; i < l->n; i++) {
        size_t j = i;
        while (j > 0 && l->v[order[j - 1]].count < l->v[i].count) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
}

void
pd_unmapped_describe(const struct pd_unmapped_list *l, size_t max,
                     struct pd_buf *out)
{
    size_t order[PD_UNMAPPED_VALUES], shown = 0, rest = l->more;

    by_count(l, order);
    for (size_t i = 0; i < l->n; i++) {
        const struct pd_unmapped_value *v = &l->v[order[i]];
        if (shown == max) {
            rest += v->count;
            continue;
        }
        pd_buf_addstr(out, shown ? ", '" : "'");
        pd_printable_add(out, v->text, strlen(v->text));
        pd_buf_addf(out, "' %zu", v->count);
        shown++;
    }
    if (rest)
        pd_buf_addf(out, "%sand %zu more", shown ? " " : "", rest);
}

static void
element(struct pd_buf *out, size_t k, enum pd_unmapped_column c,
        const char *value, size_t count)
{
    pd_buf_addstr(out, k ? ", {\"column\": " : "{\"column\": ");
    pd_json_str(out, pd_unmapped_column_name(c));
    pd_buf_addstr(out, ", \"value\": ");
    pd_json_str(out, value);
    pd_buf_addf(out, ", \"count\": %zu}", count);
}

size_t
pd_unmapped_json(const struct pd_unmapped *u, struct pd_buf *out)
{
    size_t k = 0;

    for (int c = 0; c < PD_UNMAPPED__COUNT; c++) {
        const struct pd_unmapped_list *l = &u->col[c];
        size_t order[PD_UNMAPPED_VALUES];

        by_count(l, order);
        for (size_t i = 0; i < l->n; i++, k++)
            element(out, k, (enum pd_unmapped_column)c, l->v[order[i]].text,
                    l->v[order[i]].count);
        if (l->more)
            element(out, k++, (enum pd_unmapped_column)c, NULL, l->more);
    }
    return k;
}
