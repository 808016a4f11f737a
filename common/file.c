#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xalloc.h"

int
pd_file_mkdirs(const char *dir, struct pd_err *err)
{
    char buf[4096];
    size_t n = strlen(dir);

    if (n == 0 || n >= sizeof(buf))
        return pd_err_set(err, PD_E_IO, "bad directory name '%s'", dir);
    memcpy(buf, dir, n + 1);
    for (char *p = buf + 1;; p++) {
        char c = *p;
        if (c != '/' && c != '\0')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return pd_err_set(err, PD_E_IO, "cannot create directory '%s': %s",
                              buf, strerror(errno));
        if (c == '\0')
            return 0;
        *p = '/';
    }
}

void
pd_file_tmp_name(const char *path, char *tmp, size_t n)
{
    (void)snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
}

int
pd_file_commit(const char *tmp, const char *path, struct pd_err *err)
{
    int fd = open(tmp, O_RDONLY);
    int rc = fd < 0 ? -1 : fsync(fd);

    if (fd >= 0)
        close(fd);
    if (rc == 0 && rename(tmp, path) == 0)
        return 0;
    pd_err_set(err, PD_E_IO, "cannot write '%s': %s", path, strerror(errno));
    (void)remove(tmp);
    return -1;
}

char *
pd_file_read_all(const char *path, size_t max, struct pd_err *err)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;

    if (!f) {
        pd_err_set(err, PD_E_IO, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    buf = pd_xmalloc(max + 1);
    n = fread(buf, 1, max + 1, f);
    if (ferror(f) || n > max) {
        pd_err_set(err, PD_E_IO, "cannot read '%s': %s", path,
                   n > max ? "file too large" : strerror(errno));
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    return buf;
}

int
pd_file_write_atomic(const char *path, const void *data, size_t n,
                     struct pd_err *err)
{
    char tmp[4200];
    FILE *f;
    size_t w;

    pd_file_tmp_name(path, tmp, sizeof(tmp));
    f = fopen(tmp, "wb");
    if (!f)
        return pd_err_set(err, PD_E_IO, "cannot create '%s': %s", tmp,
                          strerror(errno));
    w = fwrite(data, 1, n, f);
    if (fclose(f) != 0 || w != n) {
        pd_err_set(err, PD_E_IO, "cannot write '%s': %s", path,
                   strerror(errno ? errno : EIO));
        (void)remove(tmp);
        return -1;
    }
    return pd_file_commit(tmp, path, err);
}
