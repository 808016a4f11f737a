#include "resource.h"

#include <string.h>

const char *
pd_resource_get(const char *path, size_t *len)
{
    for (const struct pd_resource *r = pd_resources; r->path; r++) {
        if (strcmp(r->path, path) == 0) {
            if (len)
                *len = (size_t)r->len;
            return r->text;
        }
    }
    return NULL;
}
