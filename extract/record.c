#include "record.h"

#include <stdio.h>
#include <string.h>

/* The copy takes its field text from fields (rec->fields, or a JSON
 * record's names used as a header row). */
static void
copy_fields(struct pd_arena *a, const struct pd_record *rec,
            const struct pd_field *fields, struct pd_record *out)
{
    struct pd_field *f = pd_arena_alloc(a, (rec->nfields + 1) * sizeof(*f));

    for (size_t i = 0; i < rec->nfields; i++) {
        f[i].s = pd_arena_strndup(a, fields[i].s, fields[i].len);
        f[i].len = fields[i].len;
    }
    *out = *rec;
    out->fields = f;
    out->names = NULL;
    out->raw = pd_arena_strndup(a, rec->raw ? rec->raw : "", rec->raw_len);
}

void
pd_record_copy(struct pd_arena *a, const struct pd_record *rec,
               struct pd_record *out)
{
    copy_fields(a, rec, rec->fields, out);
}

void
pd_record_copy_names(struct pd_arena *a, const struct pd_record *rec,
                     struct pd_record *out)
{
    copy_fields(a, rec, rec->names, out);
}

void
pd_record_numbered(struct pd_arena *a, size_t n, struct pd_record *out)
{
    struct pd_field *f = pd_arena_alloc(a, (n + 1) * sizeof(*f));

    for (size_t i = 0; i < n; i++) {
        char *s = pd_arena_printf(a, "%zu", i + 1);
        f[i].s = s;
        f[i].len = strlen(s);
    }
    memset(out, 0, sizeof(*out));
    out->fields = f;
    out->nfields = n;
    out->raw = "";
}
