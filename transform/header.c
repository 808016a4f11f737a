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
