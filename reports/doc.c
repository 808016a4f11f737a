#include "doc.h"

#include <string.h>

int
pd_doc_parse(struct pd_doc *d, const char *json, struct pd_err *err)
{
    char msg[256];

    d->root = yajl_tree_parse(json, msg, sizeof(msg));
    if (!d->root)
        return pd_err_set(err, PD_E_INTERNAL,
                          "the report's JSON does not parse: %s", msg);
    return 0;
}

void
pd_doc_free(struct pd_doc *d)
{
    yajl_tree_free(d->root);
    d->root = NULL;
}

/* The member named by path[0..len) of object v, or NULL. */
static yajl_val
member(yajl_val v, const char *name, size_t len)
{
    if (!YAJL_IS_OBJECT(v))
        return NULL;
    for (size_t i = 0; i < v->u.object.len; i++)
        if (strlen(v->u.object.keys[i]) == len &&
            memcmp(v->u.object.keys[i], name, len) == 0)
            return v->u.object.values[i];
    return NULL;
}

yajl_val
pd_doc_get(yajl_val v, const char *path)
{
    while (v && *path) {
        size_t len = strcspn(path, ".");
        v = member(v, path, len);
        path += len + (path[len] == '.');
    }
    return v;
}

bool
pd_doc_num(yajl_val v, const char *path, double *out)
{
    yajl_val n = pd_doc_get(v, path);

    if (!n || !YAJL_IS_NUMBER(n))
        return false;
    *out = YAJL_GET_DOUBLE(n);
    return true;
}

const char *
pd_doc_str(yajl_val v, const char *path)
{
    yajl_val s = pd_doc_get(v, path);

    return s && YAJL_IS_STRING(s) ? YAJL_GET_STRING(s) : NULL;
}
