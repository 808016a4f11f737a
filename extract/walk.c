#include "extract/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/xalloc.h"

/* The folders being read, outermost first: a folder met again on this
 * stack is a loop; met elsewhere, it was read already through another
 * link (each folder is read once, so link farms stay linear). */
struct stack {
    dev_t dev[256];
    ino_t ino[256];
    const char *path[256];
    size_t depth;
};

void
pd_walk_init(struct pd_walk *w)
{
    memset(w, 0, sizeof(*w));
    pd_strmap_init(&w->files);
    pd_strmap_init(&w->dirs);
}

void
pd_walk_release(struct pd_walk *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->paths[i]);
    free(w->paths);
    for (size_t i = 0; i < w->nnotes; i++)
        free(w->notes[i].path);
    free(w->notes);
    pd_strmap_release(&w->files);
    pd_strmap_release(&w->dirs);
    memset(w, 0, sizeof(*w));
}

bool
pd_walk_note_is_error(const struct pd_walk_note *note)
{
    return note->why == PD_WALK_UNREADABLE;
}

static bool
export_name(const char *name)
{
    static const char *const exts[] = {".csv", ".tsv",  ".txt",   ".gz",
                                       ".zip", ".json", ".jsonl", ".ndjson"};
    size_t n = strlen(name);

    for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(name + n - e, exts[i]) == 0)
            return true;
    }
    return false;
}

static const char *
kind_of(mode_t m)
{
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISDIR(m))
        return "a folder";
    return "not a regular file";
}

static void
note(struct pd_walk *w, const char *path, enum pd_walk_why why,
     const char *what)
{
    struct pd_walk_note *n;

    if (w->nnotes == w->notes_cap) {
        w->notes_cap = w->notes_cap ? w->notes_cap * 2 : 8;
        w->notes = pd_xrealloc(w->notes, w->notes_cap * sizeof(*w->notes));
    }
    n = &w->notes[w->nnotes++];
    n->path = pd_xstrdup(path);
    n->why = why;
    snprintf(n->what, sizeof(n->what), "%s", what);
}

/* (dev, ino) as a map key: true when it was not in the set yet. */
static bool
first_time(struct pd_strmap *set, const struct stat *st)
{
    uint64_t key[2] = {(uint64_t)st->st_dev, (uint64_t)st->st_ino};

    return pd_strmap_put(set, (const char *)key, sizeof(key), 1);
}

static void
add_file(struct pd_walk *w, const char *path, const struct stat *st)
{
    if (!first_time(&w->files, st))
        return; /* the same file by another name: listed once */
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 16;
        w->paths = pd_xrealloc(w->paths, w->cap * sizeof(*w->paths));
    }
    w->paths[w->n++] = pd_xstrdup(path);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a folder worth a look, sorted (readdir order differs from
 * one file system to the next; sorted, the same tree always walks the
 * same way and a file reachable by two names keeps the same one).
 * NULL with errno when the folder cannot be read. */
static char **
read_names(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    size_t n = 0, cap = 0;

    if (!d)
        return NULL;
    while ((errno = 0, e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            v = pd_xrealloc(v, cap * sizeof(*v));
        }
        v[n++] = pd_xstrdup(e->d_name);
    }
    if (errno != 0) {
        int saved = errno;
        for (size_t i = 0; i < n; i++)
            free(v[i]);
        free(v);
        closedir(d);
        errno = saved;
        return NULL;
    }
    closedir(d);
    if (n)
        qsort(v, n, sizeof(*v), cmp_str);
    *count = n;
    return v ? v : pd_xcalloc(1, sizeof(*v));
}

static int walk_dir(struct pd_walk *w, struct stack *s, const char *dir,
                    const struct stat *st);

/* One name inside a folder. */
static void
walk_entry(struct pd_walk *w, struct stack *s, const char *path,
           const char *name)
{
    struct stat st;
    bool wanted = export_name(name);

    if (stat(path, &st) != 0) {
        /* A link to nowhere, or a file gone since the listing. */
        if (errno == ENOENT && wanted)
            note(w, path, PD_WALK_NOT_REGULAR, "a link to nothing");
        else if (errno == ELOOP && wanted)
            note(w, path, PD_WALK_LOOP, "a loop of symbolic links");
        else if (errno != ENOENT && errno != ELOOP)
            note(w, path, PD_WALK_UNREADABLE, strerror(errno));
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!w->prune || strcmp(name, w->prune) != 0)
            (void)walk_dir(w, s, path, &st);
    } else if (!wanted) {
        return;
    } else if (S_ISREG(st.st_mode)) {
        add_file(w, path, &st);
    } else {
        note(w, path, PD_WALK_NOT_REGULAR, kind_of(st.st_mode));
    }
}

static bool
on_stack(const struct stack *s, const struct stat *st, size_t *at)
{
    for (size_t i = 0; i < s->depth; i++)
        if (s->dev[i] == st->st_dev && s->ino[i] == st->st_ino) {
            *at = i;
            return true;
        }
    return false;
}

/* Read a folder and everything below it.  -1 with errno when the folder
 * itself cannot be read: the caller's error at the top, a note below. */
static int
walk_dir(struct pd_walk *w, struct stack *s, const char *dir,
         const struct stat *st)
{
    char what[200];
    char **names;
    size_t n = 0, at;

    if (on_stack(s, st, &at)) {
        snprintf(what, sizeof(what), "leads back to '%s'", s->path[at]);
        note(w, dir, PD_WALK_LOOP, what);
        return 0;
    }
    if (s->depth == sizeof(s->dev) / sizeof(s->dev[0])) {
        note(w, dir, PD_WALK_UNREADABLE, "folders nested too deep (256)");
        return 0;
    }
    if (!first_time(&w->dirs, st))
        return 0; /* read already, through another link */
    names = read_names(dir, &n);
    if (!names) {
        if (s->depth > 0)
            note(w, dir, PD_WALK_UNREADABLE, strerror(errno));
        return -1;
    }
    s->dev[s->depth] = st->st_dev;
    s->ino[s->depth] = st->st_ino;
    s->path[s->depth++] = dir;
    for (size_t i = 0; i < n; i++) {
        char *p = pd_xasprintf("%s/%s", dir, names[i]);
        walk_entry(w, s, p, names[i]);
        free(p);
        free(names[i]);
    }
    s->depth--;
    free(names);
    return 0;
}

/* A folder named by the user must be readable: that is an error, not a
 * note (a job whose inbox cannot be read must not look empty). */
static int
walk_top_dir(struct pd_walk *w, const char *path, const struct stat *st,
             struct pd_err *err)
{
    struct stack s;
    size_t first = w->n;

    s.depth = 0;
    if (walk_dir(w, &s, path, st) < 0) {
        w->errnum = errno;
        return pd_err_set(err, PD_E_IO, "cannot read folder '%s': %s", path,
                          strerror(errno));
    }
    if (w->n > first + 1)
        qsort(w->paths + first, w->n - first, sizeof(*w->paths), cmp_str);
    return 0;
}

int
pd_walk_add(struct pd_walk *w, const char *path, enum pd_walk_mode mode,
            struct pd_err *err)
{
    struct stat st;

    w->errnum = 0;
    if (stat(path, &st) != 0 && mode == PD_WALK_MATCH) {
        /* A match gone since the glob read its folder is no news. */
        if (errno != ENOENT)
            note(w, path, PD_WALK_UNREADABLE, strerror(errno));
        return 0;
    }
    if (stat(path, &st) != 0) {
        w->errnum = errno;
        return pd_err_set(err, PD_E_IO, "cannot open '%s': %s", path,
                          strerror(errno));
    }
    if (S_ISREG(st.st_mode)) {
        add_file(w, path, &st);
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return mode == PD_WALK_ARG ? walk_top_dir(w, path, &st, err) : 0;
    if (mode == PD_WALK_MATCH) {
        note(w, path, PD_WALK_NOT_REGULAR, kind_of(st.st_mode));
        return 0;
    }
    pd_err_set(err, PD_E_IO, "cannot read '%s': %s, not a file or folder", path,
               kind_of(st.st_mode));
    return pd_err_hint(err, "only regular files are loaded: copy the data "
                            "to a file first");
}
