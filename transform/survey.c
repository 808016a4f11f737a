#include "survey.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "common/utf8.h"
#include "transform/header.h"

/* Room for the parts of a combined name: question, " - ", sub-label and a
 * uniqueness suffix " (N)" all fit in PD_SURVEY_NAME_MAX - 1 bytes. */
enum { QUESTION_MAX = 760, SUBLABEL_MAX = 240, SUFFIX_MAX = 16 };
_Static_assert(QUESTION_MAX + 3 + SUBLABEL_MAX + SUFFIX_MAX <=
                   PD_SURVEY_NAME_MAX,
               "combined names must fit PD_SURVEY_NAME_MAX");

/* Qualtrics' ImportId values and zone names are short. */
enum { JSON_VALUE_MAX = 64 };

static const struct pd_field empty_field = {"", 0};

/* Cell i of r, or an empty cell past its end (rows may be ragged). */
static const struct pd_field *
cell(const struct pd_record *r, size_t i)
{
    if (r == NULL || i >= r->nfields)
        return &empty_field;
    return &r->fields[i];
}

static bool
is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool
is_blank(const struct pd_field *f)
{
    for (size_t i = 0; i < f->len; i++)
        if (!is_space((unsigned char)f->s[i]))
            return false;
    return true;
}

/* Value of a hex digit, 16 for anything else. */
static unsigned
hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return (unsigned)(c - 'a') + 10;
    return 16;
}

static bool
key_is(const struct pd_field *f, const char *want)
{
    char key[PD_HEADER_KEY_MAX];

    pd_header_key(f->s, f->len, key);
    return strcmp(key, want) == 0;
}

static bool
has_key(const struct pd_record *r, const char *want)
{
    for (size_t i = 0; i < r->nfields; i++)
        if (key_is(&r->fields[i], want))
            return true;
    return false;
}

/* ---- SurveyMonkey ------------------------------------------------------ */

bool
pd_survey_is_surveymonkey(const struct pd_record *row1)
{
    static const char *const lead[] = {"respondentid", "collectorid",
                                       "startdate", "enddate"};

    if (row1->nfields < 4)
        return false;
    for (size_t i = 0; i < 4; i++)
        if (!key_is(&row1->fields[i], lead[i]))
            return false;
    return true;
}

/* Decode the HTML entity at s (s[0] == '&') into out (4 bytes); returns the
 * decoded length and sets *used, or 0 when s is not an entity we know.
 * SurveyMonkey's exporter leaks entities from its HTML question editor
 * ("yesterday&apos;s", 3rd-party parser of formats.md §2.2). */
static size_t
decode_entity(const char *s, size_t n, char *out, size_t *used)
{
    static const struct {
        const char *name;
        char c;
    } named[] = {{"&apos;", '\''}, {"&amp;", '&'}, {"&quot;", '"'},
                 {"&lt;", '<'},    {"&gt;", '>'},  {"&nbsp;", ' '}};
    unsigned long cp = 0;
    size_t i = 2;
    bool hex;

    for (size_t k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
        size_t len = strlen(named[k].name);
        if (n >= len && memcmp(s, named[k].name, len) == 0) {
            *used = len;
            out[0] = named[k].c;
            return 1;
        }
    }
    if (n < 4 || s[1] != '#')
        return 0;
    hex = s[2] == 'x' || s[2] == 'X';
    i += hex;
    for (size_t start = i; i < n && i < start + 7; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned d = hexval(c);
        if (d >= (hex ? 16u : 10u))
            break;
        cp = cp * (hex ? 16 : 10) + d;
    }
    if (i >= n || s[i] != ';' || i == 2u + hex || cp == 0 || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *used = i + 1;
    if (cp < 0x20)
        cp = ' '; /* &#10; and friends are whitespace like the rest */
    return pd_utf8_encode((unsigned int)cp, out);
}

/* Bytes in the UTF-8 sequence led by c (1 for a stray continuation byte,
 * so a broken sequence is copied byte by byte and never split wrongly). */
static size_t
seq_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Write [s, s + n) into out (at most cap bytes, no NUL) with entities
 * decoded, whitespace runs as one space, trimmed, cut only at character
 * boundaries.  Decoding never lengthens text, so an entity cannot push a
 * name past its cap by more than the one character it decodes to. */
static size_t
clean_text(const char *s, size_t n, char *out, size_t cap)
{
    size_t len = 0;
    bool space = false;

    for (size_t i = 0; i < n;) {
        char chunk[4];
        size_t clen, used;
        unsigned char c = (unsigned char)s[i];

        clen = c == '&' ? decode_entity(s + i, n - i, chunk, &used) : 0;
        if (clen > 0) {
            i += used;
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            chunk[0] = ' '; /* U+00A0 no-break space */
            clen = 1;
            i += 2;
        } else {
            clen = seq_len(c);
            if (clen > n - i)
                clen = 1;
            memcpy(chunk, s + i, clen);
            i += clen;
        }
        if (clen == 1 && is_space((unsigned char)chunk[0])) {
            space = len > 0;
            continue;
        }
        if (len + space + clen > cap)
            break;
        if (space)
            out[len++] = ' ';
        space = false;
        memcpy(out + len, chunk, clen);
        len += clen;
    }
    return len;
}

/* The name of one column from its question q (NULL when none yet) and its
 * sub-label; returns the length written into name. */
static size_t
column_name(const struct pd_field *q, const struct pd_field *sub, char *name)
{
    char label[SUBLABEL_MAX];
    size_t qlen = q ? clean_text(q->s, q->len, name, QUESTION_MAX) : 0;
    size_t slen = clean_text(sub->s, sub->len, label, sizeof(label));

    /* SurveyMonkey's generic sub-labels say nothing the question does not. */
    if ((slen == 8 && memcmp(label, "Response", 8) == 0) ||
        (slen == 19 && memcmp(label, "Open-Ended Response", 19) == 0))
        slen = qlen ? 0 : slen;
    if (slen == 0 && qlen == 0) {
        memcpy(name, "column", sizeof("column"));
        return sizeof("column") - 1;
    }
    if (slen == 0)
        return qlen;
    if (qlen > 0) {
        memcpy(name + qlen, " - ", sizeof(" - "));
        qlen += sizeof(" - ") - 1;
    }
    memcpy(name + qlen, label, slen);
    return qlen + slen;
}

/* Store name as field f, made unique with " (2)", " (3)", … by the rule
 * the profile binding applies to repeated names (transform/header.h). */
static void
unique_name(struct pd_header_names *seen, struct pd_arena *a,
            struct pd_field *f, const char *name, size_t len)
{
    name = pd_header_names_take(seen, name, len, &len);
    f->s = pd_arena_strndup(a, name, len);
    f->len = len;
}

int
pd_survey_combine(const struct pd_record *row1, const struct pd_record *row2,
                  struct pd_arena *a, struct pd_record *out)
{
    size_t n = row1->nfields;
    const struct pd_field *question = NULL;
    struct pd_header_names seen;
    char name[QUESTION_MAX + 3 + SUBLABEL_MAX + SUFFIX_MAX];

    memset(out, 0, sizeof(*out));
    if (row2 && row2->nfields > n)
        n = row2->nfields;
    if (n == 0)
        return -1;
    out->fields = pd_arena_alloc(a, n * sizeof(*out->fields));
    pd_header_names_init(&seen);
    for (size_t i = 0; i < n; i++) {
        const struct pd_field *q = cell(row1, i);
        size_t len;

        /* formats.md §2.2: a blank row-1 cell continues the question on
         * its left ("Contact information", "", "" over Name, Email, …). */
        if (!is_blank(q))
            question = q;
        len = column_name(question, cell(row2, i), name);
        unique_name(&seen, a, &out->fields[i], name, len);
    }
    pd_header_names_release(&seen);
    out->nfields = n;
    /* raw stays NULL: row 1's is the reader's, gone after its next row. */
    out->line = row1->line;
    return 0;
}

/* ---- Qualtrics --------------------------------------------------------- */

bool
pd_survey_is_qualtrics(const struct pd_record *row1)
{
    return has_key(row1, "responseid") && !has_key(row1, "responseset") &&
           (has_key(row1, "startdate") || has_key(row1, "enddate") ||
            has_key(row1, "recordeddate"));
}

int
pd_survey_qualtrics_legacy(const struct pd_record *row1,
                           const struct pd_record *row2)
{
    if (has_key(row1, "responseid") && has_key(row1, "responseset"))
        return 0;
    /* Web exports put V1, V2, … over the ids; R's write.csv names unnamed
     * columns the same way, so the ids on row 2 are required too. */
    if (row2 && row1->nfields >= 2 && key_is(&row1->fields[0], "v1") &&
        key_is(&row1->fields[1], "v2") && has_key(row2, "responseid") &&
        has_key(row2, "responseset"))
        return 1;
    return -1;
}

static const char import_prefix[] = "{\"ImportId\"";

bool
pd_survey_is_qualtrics_import_row(const struct pd_record *row)
{
    size_t nonempty = 0, import = 0;
    const size_t plen = sizeof(import_prefix) - 1;

    for (size_t i = 0; i < row->nfields; i++) {
        const char *s = row->fields[i].s;
        size_t n = row->fields[i].len;

        while (n > 0 && is_space((unsigned char)*s))
            s++, n--;
        if (n == 0)
            continue;
        nonempty++;
        import += n >= plen && memcmp(s, import_prefix, plen) == 0;
    }
    return nonempty > 0 && import * 2 > nonempty;
}

/*
 * Just enough JSON for Qualtrics' row 3: a flat object of string values
 * ({"ImportId":"QID2","choiceId":"1"}), where a nested value is skipped.
 * yajl belongs to the JSON reader (STYLE rule 2), and one short object per
 * column does not need a streaming parser.
 */
struct jcur {
    const char *p, *e;
};

static void
jskip_space(struct jcur *c)
{
    while (c->p < c->e && is_space((unsigned char)*c->p))
        c->p++;
}

static bool
jeat(struct jcur *c, char ch)
{
    jskip_space(c);
    if (c->p >= c->e || *c->p != ch)
        return false;
    c->p++;
    return true;
}

/* Four hex digits of a \u escape. */
static bool
jhex4(struct jcur *c, unsigned *cp)
{
    *cp = 0;
    if (c->e - c->p < 4)
        return false;
    for (int k = 0; k < 4; k++) {
        unsigned d = hexval((unsigned char)*c->p++);
        if (d > 15)
            return false;
        *cp = *cp * 16 + d;
    }
    return true;
}

/* The string at the cursor (opening quote included) into out: at most
 * cap - 1 bytes are stored and NUL-terminated (out may be NULL with cap 0
 * to skip).  Returns the full decoded length, or SIZE_MAX if malformed. */
static size_t
jstring(struct jcur *c, char *out, size_t cap)
{
    static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
    size_t len = 0;

    if (!jeat(c, '"'))
        return SIZE_MAX;
    while (c->p < c->e && *c->p != '"') {
        char tmp[4];
        size_t tlen = 1;
        const char *hit;

        tmp[0] = *c->p++;
        if (tmp[0] == '\\') {
            unsigned cp;
            if (c->p >= c->e)
                return SIZE_MAX;
            if (*c->p == 'u') {
                c->p++;
                if (!jhex4(c, &cp))
                    return SIZE_MAX;
                tlen = pd_utf8_encode(cp, tmp); /* lone surrogate: U+FFFD */
            } else if (*c->p != '\0' && (hit = strchr(esc_in, *c->p)) != NULL) {
                tmp[0] = esc_out[hit - esc_in];
                c->p++;
            } else {
                return SIZE_MAX;
            }
        }
        for (size_t k = 0; k < tlen; k++, len++)
            if (len + 1 < cap)
                out[len] = tmp[k];
    }
    if (c->p >= c->e)
        return SIZE_MAX;
    c->p++;
    if (cap > 0)
        out[len < cap ? len : cap - 1] = '\0';
    return len;
}

/* Skip one value: a string, a nested object or array, or a scalar; stops
 * before the ',' or '}' that follows it at the top level. */
static bool
jskip_value(struct jcur *c)
{
    int depth = 0;

    jskip_space(c);
    while (c->p < c->e) {
        char ch = *c->p;

        if (ch == '"') {
            if (jstring(c, NULL, 0) == SIZE_MAX)
                return false;
            continue;
        }
        if (depth == 0 && (ch == ',' || ch == '}' || ch == ']' ||
                           is_space((unsigned char)ch)))
            return true;
        if (ch == '{' || ch == '[')
            depth++;
        else if (ch == '}' || ch == ']')
            depth--;
        c->p++;
    }
    return false;
}

/* The string value of key in the JSON object [s, s + n) into out (cap
 * bytes); false when absent, not a string, too long or malformed. */
static bool
json_get(const char *s, size_t n, const char *key, char *out, size_t cap)
{
    struct jcur c = {s, s + n};
    char k[32];

    if (!jeat(&c, '{'))
        return false;
    for (;;) {
        size_t klen = jstring(&c, k, sizeof(k));
        if (klen == SIZE_MAX || !jeat(&c, ':'))
            return false;
        jskip_space(&c);
        if (klen < sizeof(k) && strcmp(k, key) == 0) {
            size_t vlen =
                c.p < c.e && *c.p == '"' ? jstring(&c, out, cap) : SIZE_MAX;
            return vlen < cap;
        }
        if (!jskip_value(&c) || !jeat(&c, ','))
            return false;
    }
}

/* IANA names ("America/Argentina/Buenos_Aires", "Etc/GMT+5") and offsets
 * use only these characters; anything else is not a zone we can use. */
static bool
zone_ok(const char *z)
{
    if (*z == '\0')
        return false;
    for (; *z; z++) {
        unsigned char c = (unsigned char)*z;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || strchr("/_+-:.", c)))
            return false;
    }
    return true;
}

const char *
pd_survey_qualtrics_timezone(const struct pd_record *row3, struct pd_arena *a)
{
    static const char *const date_ids[] = {"startDate", "endDate",
                                           "recordedDate"};
    char id[JSON_VALUE_MAX], zone[JSON_VALUE_MAX];

    for (size_t i = 0; i < row3->nfields; i++) {
        const struct pd_field *f = &row3->fields[i];
        bool is_date = false;

        if (!json_get(f->s, f->len, "ImportId", id, sizeof(id)))
            continue;
        for (size_t k = 0; k < 3; k++)
            is_date = is_date || strcmp(id, date_ids[k]) == 0;
        if (!is_date ||
            !json_get(f->s, f->len, "timeZone", zone, sizeof(zone)) ||
            !zone_ok(zone))
            continue;
        /* formats.md §2.4: "Z" is how Qualtrics writes UTC. */
        return pd_arena_strdup(a, strcmp(zone, "Z") == 0 ? "UTC" : zone);
    }
    return NULL;
}

/* ---- NPS question and follow-up --------------------------------------- */

/* ASCII fold of the second byte of a UTF-8 Latin-1 character after 0xC3
 * (U+00C0..U+00FF); ' ' for × and ÷.  Upper and lower case share a row. */
static const char latin1_fold[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
                                  "aaaaaaaceeeeiiiidnooooo ouuuuyty";

/* Fold [s, s + n) for wording search: ASCII lower case, Latin-1 letters
 * to ASCII ("recomendaría" -> "recomendaria", "Grün" -> "grun"), every
 * ASCII punctuation, Latin-1 symbol (¿ ¡ « » NBSP) and U+2000..U+203F
 * (curly quotes, dashes) to one space; other UTF-8 bytes kept as letters.
 * out starts and ends with a space, so "word start" is "after a space".
 * Returns the length (at most PD_SURVEY_TEXT_MAX + 2). */
static size_t
fold_text(const char *s, size_t n, char out[PD_SURVEY_TEXT_MAX + 3])
{
    size_t len = 1;

    out[0] = ' ';
    for (size_t i = 0; i < n && len < PD_SURVEY_TEXT_MAX + 1; i++) {
        unsigned char c = (unsigned char)s[i];
        char f;

        if (c >= 'A' && c <= 'Z')
            f = (char)(c | 0x20);
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
            f = (char)c;
        else
            f = ' ';
        if (c == 0xC3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0xBF) {
            f = latin1_fold[(unsigned char)s[++i] - 0x80];
        } else if (c == 0xC2 && i + 1 < n) {
            f = ' ';
            i++;
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
            f = ' ';
            i += 2;
        }
        if (f != ' ' || out[len - 1] != ' ')
            out[len++] = f;
    }
    if (out[len - 1] != ' ')
        out[len++] = ' ';
    out[len] = '\0';
    return len;
}

enum {
    ANYWHERE = 0,
    WORD_START = 1, /* must follow a space, not sit inside a word */
    WORD_END = 2    /* must be followed by a space */
};

struct stem {
    const char *s;
    unsigned where;        /* WORD_START | WORD_END, or ANYWHERE */
    const char *not_after; /* NULL, or a continuation that disqualifies */
};

/* Likelihood words.  Word starts keep "unlikely" and "improbable" out;
 * German and Dutch build compounds ("Weiterempfehlungswahrscheinlichkeit"),
 * so theirs match anywhere. */
static const struct stem likely_stems[] = {
    {"likel", WORD_START, NULL},        /* en likely, likelihood */
    {"probab", WORD_START, NULL},       /* es/fr/it/pt probable, probabilité */
    {"provavel", WORD_START, NULL},     /* pt provável */
    {"wahrscheinlich", ANYWHERE, NULL}, /* de */
    {"waarschijnlijk", ANYWHERE, NULL}, /* nl */
};

/* Recommend words, with the stem-changing and separable forms NPS
 * questions use ("que nos recomiende", "empfiehlst", "aanbeveelt"). */
static const struct stem recommend_stems[] = {
    {"recommend", ANYWHERE, NULL}, /* en */
    {"recomend", ANYWHERE, NULL},  /* es, pt */
    {"recomiend", ANYWHERE, NULL}, /* es subjunctive */
    {"recommand", ANYWHERE, NULL}, /* fr */
    {"empfehl", ANYWHERE, NULL},   /* de (weiter)empfehlen */
    {"empfiehl", ANYWHERE, NULL},  /* de empfiehlst */
    {"raccomand", ANYWHERE, NULL}, /* it */
    {"consigli", ANYWHERE, NULL},  /* it consiglieresti, consigliare */
    {"aanbevel", ANYWHERE, NULL},  /* nl aanbevelen */
    {"aanbeveel", ANYWHERE, NULL}, /* nl aanbeveelt */
    {"aanrad", ANYWHERE, NULL},    /* nl aanraden */
    {"aanraad", ANYWHERE, NULL},   /* nl aanraadt */
};

/* Words of an open-ended follow-up ("What is the main reason for your
 * score?", "¿Por qué?", "Was ist der Hauptgrund …?").  German compounds
 * again match anywhere. */
static const struct stem comment_stems[] = {
    {"why", WORD_START | WORD_END, NULL}, /* not "Whyte" */
    {"reason", WORD_START, "abl"},        /* not "reasonable" */
    {"comment", WORD_START, NULL},        /* en, fr, it commento */
    {"comentar", WORD_START, NULL},       /* es, pt */
    {"kommentar", ANYWHERE, NULL},        /* de */
    {"expla", WORD_START, NULL},          /* explain, explanation */
    {"explic", WORD_START, "it"},         /* explication, not "explicit" */
    {"justifi", WORD_START, NULL},        /* fr justifiez, pt justifique */
    {"feedback", WORD_START, NULL},
    {"motivo", WORD_START, NULL},    /* es, pt, it */
    {"motif", WORD_START, NULL},     /* fr */
    {"razao", WORD_START, NULL},     /* pt razão */
    {"raison", WORD_START, NULL},    /* fr */
    {"pourquoi", WORD_START, NULL},  /* fr */
    {"porque", WORD_START, NULL},    /* pt porquê */
    {"por que", WORD_START, NULL},   /* es por qué, pt por que */
    {"perche", WORD_START, NULL},    /* it perché */
    {"grund", ANYWHERE, NULL},       /* de Grund, Hauptgrund, Begründung */
    {"warum", ANYWHERE, NULL},       /* de */
    {"erklar", ANYWHERE, NULL},      /* de erklären */
    {"erlauter", ANYWHERE, NULL},    /* de erläutern */
    {"reden", WORD_START, NULL},     /* nl */
    {"waarom", WORD_START, NULL},    /* nl */
    {"toelicht", WORD_START, NULL},  /* nl toelichting */
    {"opmerking", WORD_START, NULL}, /* nl */
};

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static bool
stem_in(const char *text, size_t len, const struct stem *st)
{
    size_t sl = strlen(st->s), nl = st->not_after ? strlen(st->not_after) : 0;

    for (size_t i = 1; i + sl < len; i++) {
        if (text[i] != st->s[0] || memcmp(text + i, st->s, sl) != 0)
            continue;
        if ((st->where & WORD_START) && text[i - 1] != ' ')
            continue;
        if ((st->where & WORD_END) && text[i + sl] != ' ')
            continue;
        if (nl && i + sl + nl <= len &&
            memcmp(text + i + sl, st->not_after, nl) == 0)
            continue;
        return true;
    }
    return false;
}

static bool
any_stem(const char *text, size_t len, const struct stem *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (stem_in(text, len, &t[i]))
            return true;
    return false;
}

static bool
name_is_one_of(const struct pd_field *name, const char *const *keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (key_is(name, keys[i]))
            return true;
    return false;
}

static unsigned char
ascii_upper(unsigned char c)
{
    return c >= 'a' && c <= 'z' ? (unsigned char)(c - 32u) : c;
}

static unsigned char
ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32u) : c;
}

/* Qualtrics companion columns of a question (formats.md §2.4): the NPS
 * group (1/2/3, not a score), text entry of a choice, display order. */
static bool
companion_column(const struct pd_field *name, bool text_too)
{
    static const char *const suffixes[] = {"_NPS_GROUP", "_DO", "_TEXT"};
    size_t ns = text_too ? 3 : 2;

    for (size_t k = 0; k < ns; k++) {
        size_t sl = strlen(suffixes[k]), i = 0;
        const char *tail;

        if (name->len < sl)
            continue;
        tail = name->s + name->len - sl;
        while (i < sl && ascii_upper((unsigned char)tail[i]) ==
                             (unsigned char)suffixes[k][i])
            i++;
        if (i == sl)
            return true;
    }
    return false;
}

/* Fold the question of column i: its text when there is one, else its
 * name. */
static size_t
fold_column(const struct pd_record *names, const struct pd_record *texts,
            size_t i, char out[PD_SURVEY_TEXT_MAX + 3])
{
    const struct pd_field *f = cell(texts, i);

    if (is_blank(f))
        f = &names->fields[i];
    return fold_text(f->s, f->len, out);
}

/* Column indexes are ints in this API; a header never has 2^31 columns,
 * but the loops stop there rather than wrap. */
static size_t
ncolumns(const struct pd_record *names)
{
    return names->nfields < (size_t)INT_MAX ? names->nfields : (size_t)INT_MAX;
}

/* 3: NPS wording, no comment word; 2: NPS wording with one ("How likely
 * … recommend us, and why?"); 1: named like an NPS column; 0: no. */
static int
nps_rank(const struct pd_record *names, const struct pd_record *texts, size_t i)
{
    static const char *const nps_names[] = {"nps", "npsscore", "npsrating",
                                            "netpromoterscore",
                                            "likelihoodtorecommend"};
    char text[PD_SURVEY_TEXT_MAX + 3];
    size_t len;

    if (companion_column(&names->fields[i], true))
        return 0;
    len = fold_column(names, texts, i, text);
    if (any_stem(text, len, likely_stems, COUNT(likely_stems)) &&
        any_stem(text, len, recommend_stems, COUNT(recommend_stems)))
        return any_stem(text, len, comment_stems, COUNT(comment_stems)) ? 2 : 3;
    return name_is_one_of(&names->fields[i], nps_names, COUNT(nps_names));
}

int
pd_survey_nps_column(const struct pd_record *names,
                     const struct pd_record *texts)
{
    int best = -1, best_rank = 0;

    for (size_t i = 0; i < ncolumns(names); i++) {
        int r = nps_rank(names, texts, i);
        if (r > best_rank) {
            best = (int)i;
            best_rank = r;
        }
    }
    return best;
}

/* 2: a comment word in the question; 1: named like a comment column. */
static int
comment_rank(const struct pd_record *names, const struct pd_record *texts,
             size_t i)
{
    static const char *const comment_names[] = {
        "comment", "comments", "text", "feedback", "verbatim", "reason"};
    char text[PD_SURVEY_TEXT_MAX + 3];
    size_t len;

    if (companion_column(&names->fields[i], false))
        return 0;
    len = fold_column(names, texts, i, text);
    if (any_stem(text, len, comment_stems, COUNT(comment_stems)))
        return 2;
    return name_is_one_of(&names->fields[i], comment_names,
                          COUNT(comment_names));
}

int
pd_survey_comment_column(const struct pd_record *names,
                         const struct pd_record *texts, int nps_col)
{
    int best = -1, best_score = 0;

    for (size_t i = 0; i < ncolumns(names); i++) {
        int score;

        if ((int)i == nps_col)
            continue;
        /* Rank first; within a rank, right of the NPS column beats left
         * of it, and the scan order makes the leftmost of each win. */
        score = comment_rank(names, texts, i) * 2;
        if (score == 0)
            continue;
        score += (int)i > nps_col;
        if (score > best_score) {
            best = (int)i;
            best_score = score;
        }
    }
    return best;
}

int
pd_survey_nps_group_score(const char *s, size_t n)
{
    static const struct {
        const char *word;
        int group;
    } groups[] = {{"1", 1},          {"2", 2},        {"3", 3},
                  {"detractor", 1},  {"passive", 2},  {"promoter", 3},
                  {"detractors", 1}, {"passives", 2}, {"promoters", 3}};

    while (n > 0 && is_space((unsigned char)*s))
        s++, n--;
    while (n > 0 && is_space((unsigned char)s[n - 1]))
        n--;
    for (size_t k = 0; k < COUNT(groups); k++) {
        size_t wl = strlen(groups[k].word), i = 0;
        if (wl != n)
            continue;
        while (i < n && ascii_lower((unsigned char)s[i]) ==
                            (unsigned char)groups[k].word[i])
            i++;
        if (i == n)
            return groups[k].group;
    }
    return 0;
}
