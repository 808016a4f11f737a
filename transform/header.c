#include "header.h"

#include <string.h>

size_t
pd_header_key(const char *name, size_t n, char key[PD_HEADER_KEY_MAX])
{
    size_t k = 0;

    for (size_t i = 0; i < n && k < PD_HEADER_KEY_MAX - 1; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 'A' && c <= 'Z')
            key[k++] = (char)(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
            key[k++] = (char)c;
        /* Spaces, underscores and punctuation are not part of the key. */
    }
    /* A name of punctuation only (Typeform's "#") is its own key. */
    if (k == 0)
        for (size_t i = 0; i < n && k < PD_HEADER_KEY_MAX - 1; i++)
            if (name[i] != ' ' && name[i] != '\t')
                key[k++] = name[i];
    key[k] = '\0';
    return k;
}

bool
pd_header_same(const char *a, const char *b)
{
    char ka[PD_HEADER_KEY_MAX], kb[PD_HEADER_KEY_MAX];

    pd_header_key(a, strlen(a), ka);
    pd_header_key(b, strlen(b), kb);
    return strcmp(ka, kb) == 0;
}

bool
pd_header_is_list_field(const char *name, size_t n)
{
    static const char suffix[] = "[list]";
    const size_t sl = sizeof(suffix) - 1;

    while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
        n--;
    return n >= sl && memcmp(name + n - sl, suffix, sl) == 0;
}

void
pd_header_names_init(struct pd_header_names *u)
{
    pd_strmap_init(&u->taken);
    pd_strmap_init(&u->next);
    pd_buf_init(&u->name, 0);
}

void
pd_header_names_release(struct pd_header_names *u)
{
    pd_strmap_release(&u->taken);
    pd_strmap_release(&u->next);
    pd_buf_release(&u->name);
}

const char *
pd_header_names_take(struct pd_header_names *u, const char *name, size_t n,
                     size_t *len)
{
    int64_t k = 2;

    pd_buf_reset(&u->name);
    pd_buf_add(&u->name, name, n);
    if (!pd_strmap_put(&u->taken, name, n, 0)) {
        /* Names only ever get taken, so a suffix found taken once stays
         * taken: the search resumes where the last one for name ended. */
        (void)pd_strmap_get(&u->next, name, n, &k);
        for (;; k++) {
            pd_buf_setlen(&u->name, n);
            pd_buf_addf(&u->name, " (%lld)", (long long)k);
            if (pd_strmap_put(&u->taken, u->name.buf, u->name.len, 0))
                break;
        }
        pd_strmap_put(&u->next, name, n, k + 1);
    }
    *len = u->name.len;
    return u->name.buf;
}
