/* Unit tests for extract/jsonl_reader: flattening, literals, escapes, the
 * three layouts, line numbers, rejects and resynchronization, caps, gzip
 * through pd_source and the real eventsim file of the corpus.  Inputs are
 * written to a mkdtemp() directory. */
/* cmocka.h needs these first; keep clang-format from sorting it up. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>
/* clang-format on */

#include "common/buf.h"
#include "extract/jsonl_reader.h"
#include "tests/unit/testutil.h"

#define S(lit) (lit), (sizeof(lit) - 1)
/* Ends expect()'s name/value list (a typed null for varargs). */
#define END ((const char *)NULL)

static char tmpdir[] = "/tmp/pd_test_jsonl_XXXXXX";

/* Relative to the repository root, where tests run (../shared beside it). */
#define CORPUS_EVENTS "../shared/corpus/usage/2018-11-15-events.json"

/* An open source + reader over one file. */
struct fix {
    struct pd_source *src;
    struct pd_jsonl_reader *r;
    struct pd_record rec;
    struct pd_err err;
};

static const char *
write_file(const char *data, size_t n)
{
    static unsigned seq;
    char name[32];

    snprintf(name, sizeof(name), "in%u.json", seq++);
    return pd_test_write(tmpdir, name, data, n);
}

static void
fix_open_path(struct fix *f, const char *path, const struct pd_jsonl_opts *o)
{
    const char *name;

    memset(f, 0, sizeof(*f));
    f->src = pd_source_open(path, &f->err);
    assert_non_null(f->src);
    assert_int_equal(pd_source_next_member(f->src, &name, &f->err), 1);
    f->r = pd_jsonl_open(f->src, o);
    assert_non_null(f->r);
}

static void
fix_open(struct fix *f, const char *data, size_t n,
         const struct pd_jsonl_opts *opts)
{
    fix_open_path(f, write_file(data, n), opts);
}

static void
fix_close(struct fix *f)
{
    pd_jsonl_close(f->r);
    assert_int_equal(pd_source_close(f->src), 0);
}

static int
next(struct fix *f)
{
    return pd_jsonl_next(f->r, &f->rec, &f->err);
}

/* The value of the field named name, or NULL (absent). */
static const char *
get(const struct pd_record *rec, const char *name)
{
    for (size_t i = 0; i < rec->nfields; i++)
        if (strcmp(rec->names[i].s, name) == 0) {
            assert_int_equal(strlen(rec->names[i].s), rec->names[i].len);
            return rec->fields[i].s;
        }
    return NULL;
}

/* Expect a good record on `line` with exactly these name/value pairs, in
 * order (NULL-ended). */
static void
expect(struct fix *f, long line, ...)
{
    va_list ap;
    size_t i = 0;
    const char *name;

    assert_int_equal(next(f), 1);
    assert_null(f->rec.reject);
    assert_int_equal(f->rec.line, line);
    va_start(ap, line);
    while ((name = va_arg(ap, const char *)) != NULL) {
        const char *want = va_arg(ap, const char *);

        assert_true(i < f->rec.nfields);
        assert_string_equal(f->rec.names[i].s, name);
        assert_int_equal(f->rec.names[i].len, strlen(name));
        assert_string_equal(f->rec.fields[i].s, want);
        assert_int_equal(f->rec.fields[i].len, strlen(want));
        i++;
    }
    va_end(ap);
    assert_int_equal(f->rec.nfields, i);
}

static void
expect_reject(struct fix *f, long line, const char *reason)
{
    assert_int_equal(next(f), 1);
    assert_non_null(f->rec.reject);
    assert_string_equal(f->rec.reject, reason);
    assert_int_equal(f->rec.line, line);
    assert_int_equal(f->rec.nfields, 0);
}

static void
expect_raw(const struct fix *f, const char *raw)
{
    assert_int_equal(f->rec.raw_len, strlen(raw));
    assert_memory_equal(f->rec.raw, raw, f->rec.raw_len);
}

static void
expect_end(struct fix *f)
{
    assert_int_equal(next(f), 0);
    assert_int_equal(next(f), 0); /* and stays at the end */
}

static void
expect_error(struct fix *f, const char *msg)
{
    assert_int_equal(next(f), -1);
    assert_string_equal(f->err.msg, msg);
    assert_int_equal(next(f), -1); /* sticky */
    assert_string_equal(f->err.msg, msg);
}

/* ---- flattening and values ------------------------------------------- */

static void
test_flatten(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("{\"a\":\"x\",\"b\":{\"c\":1,\"d\":{\"e\":true}},\"f\":false,"
               "\"g\":\"\"}\n"),
             NULL);
    expect(&f, 1, "a", "x", "b.c", "1", "b.d.e", "true", "f", "false", "g", "",
           END);
    expect_raw(&f, "{\"a\":\"x\",\"b\":{\"c\":1,\"d\":{\"e\":true}},"
                   "\"f\":false,\"g\":\"\"}");
    assert_null(get(&f.rec, "b"));
    expect_end(&f);
    fix_close(&f);
}

/* formats.md §0: 19-digit ids exceed a double; eventsim's registration is
 * a float literal of epoch milliseconds. */
static void
test_number_literals(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("{\"id\":3074457347487777543,\"registration\":1540919166796.0,"
               "\"e\":-1.50E+10,\"z\":0,\"big\":"
               "123456789012345678901234567890}\n"),
             NULL);
    expect(&f, 1, "id", "3074457347487777543", "registration",
           "1540919166796.0", "e", "-1.50E+10", "z", "0", "big",
           "123456789012345678901234567890", END);
    expect_end(&f);
    fix_close(&f);
}

static void
test_escapes_unicode(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("{\"s\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/x\\n\\t\","
               "\"k\\u00e9y\":\"ok\",\"raw\":\"d\xC3\xA9j\xC3\xA0\","
               "\"lone\":\"a\\udc00b\",\"ua\":\"Mozilla\\/5.0\","
               "\"nul\":\"a\\u0000b\"}\n"),
             NULL);
    expect(&f, 1, "s", "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\ /x\n\t",
           "k\xC3\xA9y", "ok", "raw", "d\xC3\xA9j\xC3\xA0", "lone",
           "a\xEF\xBF\xBD"
           "b",
           "ua", "Mozilla/5.0", "nul",
           "a\xEF\xBF\xBD"
           "b",
           END);
    expect_end(&f);
    fix_close(&f);
}

static void
test_arrays_and_deep_objects(void **state)
{
    struct fix f;
    struct pd_jsonl_opts o = {0, 2, false};
    static const char in[] =
        "{\"tags\":[\"a\",\"b\"],\"n\":[1, {\"x\":null, \"y\":[true,"
        "false]}, [], {}],\"s\":[\"q\\\"\\/\\u00e9\\n\"],"
        "\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1,\"f\":{}}}}}}\n";

    (void)state;
    fix_open(&f, S(in), NULL);
    expect(&f, 1, "tags", "[\"a\",\"b\"]", "n",
           "[1,{\"x\":null,\"y\":[true,false]},[],{}]", "s",
           "[\"q\\\"/\xC3\xA9\\n\"]", "a.b.c.d", "{\"e\":1,\"f\":{}}", END);
    expect_end(&f);
    fix_close(&f);

    /* max_depth 2: "a.b" is the deepest name. */
    fix_open(&f, S(in), &o);
    assert_int_equal(next(&f), 1);
    assert_string_equal(get(&f.rec, "a.b"),
                        "{\"c\":{\"d\":{\"e\":1,\"f\":{}}}}");
    assert_null(get(&f.rec, "a.b.c"));
    expect_end(&f);
    fix_close(&f);
}

/* Absent == null: null values and empty objects make no field. */
static void
test_nulls_omitted(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("{\"a\":null,\"b\":{\"c\":null},\"d\":1,\"e\":{},"
               "\"f\":[null]}\n{}\n"),
             NULL);
    expect(&f, 1, "d", "1", "f", "[null]", END);
    expect(&f, 2, END);
    expect_raw(&f, "{}");
    expect_end(&f);
    fix_close(&f);
}

/* ---- vendor records (formats.md §3) ----------------------------------- */

static void
test_mixpanel(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("{\"event\":\"Signed up\",\"properties\":{\"time\":1602611311,"
               "\"$insert_id\":\"hpuDqcvpltpCjBsebtxwadtEBDnFAdycabFb\","
               "\"mp_processing_time_ms\":1602625711874,"
               "\"distinct_id\":\"user123\",\"$email\":\"a@b.example\"}}\n"
               "{\"event\":\"Viewed E-commerce Page\",\"properties\":{\"time\":"
               "1623860880,\"distinct_id\":\"1d694fd9-31a5-4b99-9eef-"
               "ae63112063ed\",\"$browser\":\"Chrome\",\"$current_url\":"
               "\"https://example.com/p?a=1\",\"$insert_id\":\"c5eed127-c747-"
               "59c8-a5ed-d766f48e39a4\",\"$mp_api_endpoint\":\"api.mixpanel."
               "com\",\"mp_lib\":\"Segment: analytics-wordpress\","
               "\"mp_processing_time_ms\":1623886083321}}\n"),
             NULL);
    expect(&f, 1, "event", "Signed up", "properties.time", "1602611311",
           "properties.$insert_id", "hpuDqcvpltpCjBsebtxwadtEBDnFAdycabFb",
           "properties.mp_processing_time_ms", "1602625711874",
           "properties.distinct_id", "user123", "properties.$email",
           "a@b.example", END);
    assert_int_equal(next(&f), 1);
    assert_int_equal(f.rec.line, 2);
    assert_int_equal(f.rec.nfields, 9);
    assert_string_equal(get(&f.rec, "properties.$current_url"),
                        "https://example.com/p?a=1");
    assert_string_equal(get(&f.rec, "properties.mp_lib"),
                        "Segment: analytics-wordpress");
    expect_end(&f);
    fix_close(&f);
}

/* The real record quoted in formats.md §3.1: most keys null, empty
 * objects, a nested "data" object. */
static void
test_amplitude(void **state)
{
    struct fix f;
    static const char line[] =
        "{\"$insert_id\":\"ea31ba7b-f543-4b9b-9aec-90fbaa96a355\","
        "\"amplitude_id\":45975551903,\"app\":100011471,\"city\":\"Hemel "
        "Hempstead\",\"client_event_time\":\"2025-07-17 10:36:28.583000\","
        "\"device_id\":\"4289c8b4-7afe-49ed-8814-51c5fc77c693\",\"event_id\":"
        "135,\"event_properties\":{},\"event_time\":\"2025-07-17 "
        "10:36:28.583000\",\"event_type\":\"session_start\",\"language\":"
        "\"English\",\"library\":\"amplitude-ts/2.16.1\",\"data\":{\"path\":"
        "\"/2/httpapi\",\"user_properties_updated\":true,"
        "\"group_first_event\":{},\"group_ids\":{}},\"data_type\":\"event\","
        "\"device_family\":\"Mac OS X\",\"device_type\":\"Mac\","
        "\"$insert_key\":null,\"adid\":null}";

    (void)state;
    fix_open(&f, line, sizeof(line) - 1, NULL); /* no final newline */
    expect(&f, 1, "$insert_id", "ea31ba7b-f543-4b9b-9aec-90fbaa96a355",
           "amplitude_id", "45975551903", "app", "100011471", "city",
           "Hemel Hempstead", "client_event_time", "2025-07-17 10:36:28.583000",
           "device_id", "4289c8b4-7afe-49ed-8814-51c5fc77c693", "event_id",
           "135", "event_time", "2025-07-17 10:36:28.583000", "event_type",
           "session_start", "language", "English", "library",
           "amplitude-ts/2.16.1", "data.path", "/2/httpapi",
           "data.user_properties_updated", "true", "data_type", "event",
           "device_family", "Mac OS X", "device_type", "Mac", END);
    expect_raw(&f, line);
    expect_end(&f);
    fix_close(&f);
}

/* formats.md §3.3: a Segment track call, context nested three deep. */
static void
test_segment(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("{\"type\":\"track\",\"event\":\"Report Created\","
               "\"userId\":\"u-42\",\"anonymousId\":null,\"messageId\":"
               "\"ajs-next-1700872205728-4c1c\",\"timestamp\":"
               "\"2023-11-25T00:30:05.728Z\",\"properties\":{\"plan\":\"pro\","
               "\"seats\":12},\"context\":{\"ip\":\"203.0.113.9\",\"library\":"
               "{\"name\":\"analytics.js\",\"version\":\"next-1.56.0\"},"
               "\"page\":{\"path\":\"/reports\"}},\"integrations\":{},"
               "\"version\":2}\r\n"),
             NULL);
    expect(&f, 1, "type", "track", "event", "Report Created", "userId", "u-42",
           "messageId", "ajs-next-1700872205728-4c1c", "timestamp",
           "2023-11-25T00:30:05.728Z", "properties.plan", "pro",
           "properties.seats", "12", "context.ip", "203.0.113.9",
           "context.library.name", "analytics.js", "context.library.version",
           "next-1.56.0", "context.page.path", "/reports", "version", "2", END);
    expect_end(&f);
    fix_close(&f);
}

/* ---- layouts ---------------------------------------------------------- */

static void
test_array_file(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("\n  [\n"                        /* 1-2 */
               "  {\"id\": 1, \"t\": \"a\"},\n" /* 3 */
               "  {\n    \"id\": 2\n  },\n"     /* 4-6 */
               "  7, {\"id\":3},{\"id\":4}\n"   /* 7 */
               "]\n\n"),                        /* 8-9 */
             NULL);
    expect(&f, 3, "id", "1", "t", "a", END);
    expect_raw(&f, "{\"id\": 1, \"t\": \"a\"}");
    expect(&f, 4, "id", "2", END);
    expect_raw(&f, "{\n    \"id\": 2\n  }");
    expect_reject(&f, 7, "not a JSON object");
    expect_raw(&f, "7");
    expect(&f, 7, "id", "3", END);
    expect(&f, 7, "id", "4", END);
    expect_raw(&f, "{\"id\":4}");
    expect_end(&f);
    fix_close(&f);

    /* Concatenated pages; an empty array. */
    fix_open(&f, S("[{\"a\":1}]\n[]\n[{\"a\":2}]"), NULL);
    expect(&f, 1, "a", "1", END);
    expect(&f, 3, "a", "2", END);
    expect_end(&f);
    fix_close(&f);

    fix_open(&f, S("[]"), NULL);
    expect_end(&f);
    fix_close(&f);
}

/* Array files have no lines to resynchronize on: bad JSON is a file error,
 * after the records before it. */
static void
test_array_errors(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("[{\"a\":1},\n{\"a\":2,,}\n]\n"), NULL);
    expect(&f, 1, "a", "1", END);
    expect_error(&f, "invalid JSON at line 2");
    assert_int_equal(f.err.code, PD_E_PARSE);
    assert_int_equal(f.err.line, 2);
    assert_true(strlen(f.err.detail) > 0);
    fix_close(&f);

    fix_open(&f, S("[{\"a\":1},\n{\"a\":2\n"), NULL);
    expect(&f, 1, "a", "1", END);
    expect_error(&f, "truncated JSON at line 2");
    fix_close(&f);

    fix_open(&f, S("[{\"a\":1}]\n{\"b\":2}\n"), NULL);
    expect(&f, 1, "a", "1", END);
    expect_error(&f, "unexpected JSON value after the top-level array at "
                     "line 2");
    fix_close(&f);
}

/* Help Scout's list response (formats.md §1.6): the records are the one
 * array of objects inside the top-level object. */
static void
test_wrapped_helpscout(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("{\n"
               "  \"_embedded\": {\n"
               "    \"surveys\": [\n"
               "      {\"id\": 11, \"value\": \"9\", \"category\": "
               "\"promoter\", \"tags\": [{\"tag\":\"x\"}]},\n" /* 4 */
               "      {\"id\": 12, \"value\": \"3\", \"comment\": null,\n"
               "       \"customer\": {\"email\": \"a@b.example\"}}\n" /* 5 */
               "    ]\n"
               "  },\n"
               "  \"_links\": {\"self\": {\"href\": \"https://api/x\"}},\n"
               "  \"page\": {\"size\": 50, \"totalElements\": 2, "
               "\"numbers\": [1, 2]}\n"
               "}\n"),
             NULL);
    expect(&f, 4, "id", "11", "value", "9", "category", "promoter", "tags",
           "[{\"tag\":\"x\"}]", END);
    expect(&f, 5, "id", "12", "value", "3", "customer.email", "a@b.example",
           END);
    expect_end(&f);
    fix_close(&f);

    /* Zendesk's incremental export on one line, records one key deep. */
    fix_open(&f,
             S("{\"tickets\":[{\"id\":1,\"via\":{\"channel\":\"email\"}},"
               "{\"id\":2}],\"after_url\":null,\"end_of_stream\":true}"),
             NULL);
    expect(&f, 1, "id", "1", "via.channel", "email", END);
    expect(&f, 1, "id", "2", END);
    expect_end(&f);
    fix_close(&f);
}

/* A wrapper larger than the record cap is decided on what the sniff saw
 * by then; a second array of records found later fails the file. */
static void
test_wrapped_large(void **state)
{
    struct fix f;
    struct pd_jsonl_opts o = {1000, 0, false};
    struct pd_buf in = PD_BUF_INIT;
    int i;

    (void)state;
    pd_buf_addstr(&in, "{\"meta\":{\"n\":3000},\"data\":{\"items\":[\n");
    for (i = 0; i < 3000; i++)
        pd_buf_addf(&in, "%s{\"id\":%d,\"pad\":\"%040d\"}\n", i ? "," : "", i,
                    i);
    pd_buf_addstr(&in, "]},\"page\":{\"next\":null}}\n");
    fix_open(&f, in.buf, in.len, &o);
    for (i = 0; i < 3000; i++) {
        char id[16];

        snprintf(id, sizeof(id), "%d", i);
        assert_int_equal(next(&f), 1);
        assert_null(f.rec.reject);
        assert_int_equal(f.rec.line, i + 2);
        assert_string_equal(get(&f.rec, "id"), id);
    }
    expect_end(&f);
    fix_close(&f);

    pd_buf_setlen(&in, in.len - 3); /* drop "}}\n" */
    pd_buf_addstr(&in, "},\n\"more\":[{\"x\":1}]}\n");
    fix_open(&f, in.buf, in.len, &o);
    for (i = 0; i < 3000; i++)
        assert_int_equal(next(&f), 1);
    expect_error(&f, "second array of records in the top-level JSON object "
                     "at line 3003");
    fix_close(&f);
    pd_buf_release(&in);
}

/* The wrapper rule is narrow: two arrays of objects, an array of objects
 * four keys deep, or more values after the object all mean JSON lines. */
static void
test_not_wrapped(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("{\"a\":[{\"x\":1}],\"b\":[{\"y\":2}]}\n"), NULL);
    expect(&f, 1, "a", "[{\"x\":1}]", "b", "[{\"y\":2}]", END);
    expect_end(&f);
    fix_close(&f);

    fix_open(&f, S("{\"a\":{\"b\":{\"c\":{\"d\":[{\"x\":1}]}}}}"), NULL);
    expect(&f, 1, "a.b.c.d", "[{\"x\":1}]", END);
    expect_end(&f);
    fix_close(&f);

    /* Zendesk NDJSON: the first ticket's one array of objects is data. */
    fix_open(&f,
             S("{\"id\":1,\"custom_fields\":[{\"id\":360001,\"value\":"
               "\"billing\"}]}\n{\"id\":2,\"custom_fields\":[]}\n"),
             NULL);
    expect(&f, 1, "id", "1", "custom_fields",
           "[{\"id\":360001,\"value\":\"billing\"}]", END);
    expect(&f, 2, "id", "2", "custom_fields", "[]", END);
    expect_end(&f);
    fix_close(&f);
}

/* ---- JSON lines: lines, bad lines, truncation -------------------------- */

static void
test_pretty_printed_lines(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("{\n  \"a\": 1,\n  \"b\": {\n    \"c\": \"x\"\n  }\n}\n" /* 1 */
               "\n"                                                     /* 7 */
               "   {\"a\": 2}  {\"a\": 3}\n"                            /* 8 */
               "{\"a\":\n4}{\"a\":5}\n"), /* 9-10 */
             NULL);
    expect(&f, 1, "a", "1", "b.c", "x", END);
    expect_raw(&f, "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": \"x\"\n  }\n}");
    expect(&f, 8, "a", "2", END);
    expect_raw(&f, "{\"a\": 2}");
    expect(&f, 8, "a", "3", END);
    expect_raw(&f, "{\"a\": 3}");
    expect(&f, 9, "a", "4", END);
    expect_raw(&f, "{\"a\":\n4}");
    expect(&f, 10, "a", "5", END);
    expect_end(&f);
    fix_close(&f);
}

static void
test_invalid_line_resync(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("{\"a\":1}\n"           /* 1 */
               "{\"a\":2,\"b\":tru}\n" /* 2 */
               "not json at all\n"     /* 3 */
               "{\"a\":3}\n"           /* 4 */
               "{\"a\":4}}\n"          /* 5: a record, then junk */
               "{\"a\":\"x\ny\"}\n"    /* 6-7: raw newline in string */
               "{\"a\":5}\n"),         /* 8 */
             NULL);
    expect(&f, 1, "a", "1", END);
    assert_int_equal(next(&f), 1);
    assert_int_equal(f.rec.line, 2);
    assert_non_null(f.rec.reject);
    assert_true(strncmp(f.rec.reject, "invalid JSON: ", 14) == 0);
    assert_true(strlen(f.rec.reject) > 14);
    expect_raw(&f, "{\"a\":2,\"b\":tru}");
    assert_int_equal(next(&f), 1);
    assert_int_equal(f.rec.line, 3);
    assert_true(strncmp(f.rec.reject, "invalid JSON: ", 14) == 0);
    expect_raw(&f, "not json at all");
    expect(&f, 4, "a", "3", END);
    expect(&f, 5, "a", "4", END);
    assert_int_equal(next(&f), 1);
    assert_int_equal(f.rec.line, 5);
    assert_true(strncmp(f.rec.reject, "invalid JSON: ", 14) == 0);
    expect_raw(&f, "}");
    /* JSON forbids raw control characters in strings: line 6 is bad, and
     * its second half on line 7 is a line of its own. */
    assert_int_equal(next(&f), 1);
    assert_int_equal(f.rec.line, 6);
    assert_non_null(f.rec.reject);
    assert_int_equal(next(&f), 1);
    assert_int_equal(f.rec.line, 7);
    assert_non_null(f.rec.reject);
    expect(&f, 8, "a", "5", END);
    expect_end(&f);
    fix_close(&f);
}

static void
test_not_objects(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("5\n\"s\\u00e9\"\n[1,{\"a\":2}]\nnull\ntrue\n{\"ok\":1}\n42"),
             NULL);
    expect_reject(&f, 1, "not a JSON object");
    expect_raw(&f, "5");
    expect_reject(&f, 2, "not a JSON object");
    expect_raw(&f, "\"s\xC3\xA9\"");
    expect_reject(&f, 3, "not a JSON object");
    expect_raw(&f, "[1,{\"a\":2}]");
    expect_reject(&f, 4, "not a JSON object");
    expect_raw(&f, "null");
    expect_reject(&f, 5, "not a JSON object");
    expect(&f, 6, "ok", "1", END);
    expect_reject(&f, 7, "not a JSON object"); /* flushed at the end */
    expect_raw(&f, "42");
    expect_end(&f);
    fix_close(&f);
}

static void
test_truncated_last_record(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("{\"a\":1}\n{\"a\":2,\"b\":{\"c\":\"x"), NULL);
    expect(&f, 1, "a", "1", END);
    expect_reject(&f, 2, "truncated JSON");
    expect_raw(&f, "{\"a\":2,\"b\":{\"c\":\"x");
    expect_end(&f);
    fix_close(&f);

    /* Open over several lines. */
    fix_open(&f, S("{\"a\":1}\n{\n\"a\": [1,\n2\n"), NULL);
    expect(&f, 1, "a", "1", END);
    expect_reject(&f, 2, "truncated JSON");
    expect_raw(&f, "{\n\"a\": [1,\n2");
    expect_end(&f);
    fix_close(&f);

    fix_open(&f, S("{\"a\":1}\ntru"), NULL);
    expect(&f, 1, "a", "1", END);
    assert_int_equal(next(&f), 1);
    assert_int_equal(f.rec.line, 2);
    assert_non_null(f.rec.reject);
    expect_end(&f);
    fix_close(&f);
}

static void
test_empty_and_blank(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S(""), NULL);
    expect_end(&f);
    fix_close(&f);

    fix_open(&f, S("\n \r\n\t\n"), NULL);
    expect_end(&f);
    fix_close(&f);

    /* After a bad line, blank lines to the end are still no record. */
    fix_open(&f, S("{\"a\":1}\n{oops\n\n\n"), NULL);
    expect(&f, 1, "a", "1", END);
    assert_int_equal(next(&f), 1);
    assert_non_null(f.rec.reject);
    expect_end(&f);
    fix_close(&f);
}

/* ---- caps and chunk boundaries ---------------------------------------- */

static void
test_record_cap(void **state)
{
    struct fix f;
    struct pd_jsonl_opts o = {64, 0, false};
    struct pd_buf in = PD_BUF_INIT;

    (void)state;
    pd_buf_addstr(&in, "{\"a\":1}\n");
    pd_buf_addstr(&in, "{\"big\":\"");
    for (int i = 0; i < 100; i++)
        pd_buf_addstr(&in, "xyz");
    pd_buf_addstr(&in, "\"}\n{\"a\":2}\n");
    fix_open(&f, in.buf, in.len, &o);
    expect(&f, 1, "a", "1", END);
    expect_reject(&f, 2, "record larger than 64 bytes");
    assert_true(f.rec.raw_len > 0);
    expect(&f, 3, "a", "2", END);
    expect_end(&f);
    fix_close(&f);
    pd_buf_release(&in);
}

/* Beyond the small cap, a megabyte line runs over many chunks; the next
 * line still reads.  In an array file the oversize element is a reject
 * and the parse goes on. */
static void
test_record_cap_across_chunks(void **state)
{
    struct fix f;
    struct pd_jsonl_opts o = {100 * 1024, 0, false};
    struct pd_buf in = PD_BUF_INIT;

    (void)state;
    pd_buf_addstr(&in, "{\"big\":[");
    for (int i = 0; i < 100000; i++)
        pd_buf_addstr(&in, i ? ",\"abcdefgh\"" : "\"abcdefgh\"");
    pd_buf_addstr(&in, "]}\n{\"a\":2}\n");
    fix_open(&f, in.buf, in.len, &o);
    expect_reject(&f, 1, "record larger than 102400 bytes");
    assert_int_equal(f.rec.raw_len, PD_RECORD_RAW_MAX);
    assert_memory_equal(f.rec.raw, "{\"big\":[\"abcdefgh\"", 18);
    expect(&f, 2, "a", "2", END);
    expect_end(&f);
    fix_close(&f);

    pd_buf_reset(&in);
    pd_buf_addstr(&in, "[{\"a\":1},{\"big\":[");
    for (int i = 0; i < 100000; i++)
        pd_buf_addstr(&in,
                      i ? ",{\"k\":\"abcdefgh\"}" : "{\"k\":\"abcdefgh\"}");
    pd_buf_addstr(&in, "]},{\"a\":2}]");
    fix_open(&f, in.buf, in.len, &o);
    expect(&f, 1, "a", "1", END);
    expect_reject(&f, 1, "record larger than 102400 bytes");
    expect(&f, 1, "a", "2", END);
    expect_end(&f);
    fix_close(&f);
    pd_buf_release(&in);
}

/* A single string longer than the cap in an array file: yajl would buffer
 * it whole, so it is a file error. */
static void
test_token_cap_array(void **state)
{
    struct fix f;
    struct pd_jsonl_opts o = {70 * 1024, 0, false};
    struct pd_buf in = PD_BUF_INIT;

    (void)state;
    pd_buf_addstr(&in, "[{\"a\":1},{\"s\":\"");
    for (int i = 0; i < 300000; i++)
        pd_buf_addch(&in, 'x');
    pd_buf_addstr(&in, "\"}]");
    fix_open(&f, in.buf, in.len, &o);
    expect(&f, 1, "a", "1", END);
    expect_error(&f, "JSON value larger than 71680 bytes at line 1");
    assert_int_equal(f.err.code, PD_E_LIMIT);
    fix_close(&f);
    pd_buf_release(&in);
}

/* Flattening multiplies a long key prefix; past four times the record cap
 * the record is a reject, not a memory blow-up. */
static void
test_flattened_cap(void **state)
{
    struct fix f;
    struct pd_jsonl_opts o = {64 * 1024, 0, false};
    struct pd_buf in = PD_BUF_INIT;

    (void)state;
    pd_buf_addstr(&in, "{\"");
    for (int i = 0; i < 30000; i++)
        pd_buf_addch(&in, 'k');
    pd_buf_addstr(&in, "\":{");
    for (int i = 0; i < 2000; i++)
        pd_buf_addf(&in, "%s\"%d\":1", i ? "," : "", i);
    pd_buf_addstr(&in, "}}\n{\"a\":1}\n");
    fix_open(&f, in.buf, in.len, &o);
    expect_reject(&f, 1, "record larger than 1048576 bytes once flattened");
    expect(&f, 2, "a", "1", END);
    expect_end(&f);
    fix_close(&f);
    pd_buf_release(&in);
}

/* Many records per chunk and records cut by chunk ends: every record, its
 * line and its raw text survive; a long string field is intact. */
static void
test_many_records_across_chunks(void **state)
{
    struct fix f;
    struct pd_buf in = PD_BUF_INIT, want = PD_BUF_INIT;
    char exp[64];

    (void)state;
    for (int i = 0; i < 200; i++)
        pd_buf_addch(&want, (char)('a' + i % 26));
    for (int i = 0; i < 20000; i++)
        pd_buf_addf(&in, "{\"i\":%d,\"s\":\"%s\",\"o\":{\"t\":[%d]}}\n", i,
                    want.buf, i);
    fix_open(&f, in.buf, in.len, NULL);
    for (int i = 0; i < 20000; i++) {
        assert_int_equal(next(&f), 1);
        assert_null(f.rec.reject);
        assert_int_equal(f.rec.line, i + 1);
        assert_int_equal(f.rec.nfields, 3);
        snprintf(exp, sizeof(exp), "%d", i);
        assert_string_equal(f.rec.fields[0].s, exp);
        assert_string_equal(f.rec.fields[1].s, want.buf);
        snprintf(exp, sizeof(exp), "[%d]", i);
        assert_string_equal(get(&f.rec, "o.t"), exp);
        assert_int_equal(f.rec.raw[0], '{');
        assert_int_equal(f.rec.raw[f.rec.raw_len - 1], '}');
    }
    expect_end(&f);
    fix_close(&f);

    /* The same records as one compact array on a single 5 MB line. */
    pd_buf_reset(&in);
    pd_buf_addch(&in, '[');
    for (int i = 0; i < 20000; i++)
        pd_buf_addf(&in, "%s{\"i\":%d,\"s\":\"%s\"}", i ? "," : "", i,
                    want.buf);
    pd_buf_addch(&in, ']');
    fix_open(&f, in.buf, in.len, NULL);
    for (int i = 0; i < 20000; i++) {
        assert_int_equal(next(&f), 1);
        assert_int_equal(f.rec.line, 1);
        snprintf(exp, sizeof(exp), "%d", i);
        assert_string_equal(get(&f.rec, "i"), exp);
        assert_string_equal(get(&f.rec, "s"), want.buf);
        snprintf(exp, sizeof(exp), "{\"i\":%d,", i);
        assert_memory_equal(f.rec.raw, exp, strlen(exp));
    }
    expect_end(&f);
    fix_close(&f);
    pd_buf_release(&in);
    pd_buf_release(&want);
}

/* ---- through pd_source: gzip, and the real corpus file ---------------- */

/* Issue 15: a record's own keys are used where yajl lexed them, in the
 * source's borrowed window.  A key in one 64 KiB window whose value is
 * in the next (the sniff's buffer, then a view, then the next view) must
 * still name its field: the record is slid across both boundaries. */
static void
test_key_across_windows(void **state)
{
    static const char rec[] = "{\"key\":\n\"value\",\"k2\":{\"n\":1}}\n";
    struct pd_buf in = PD_BUF_INIT;
    struct fix f;

    (void)state;
    for (size_t shift = 0; shift < sizeof(rec) + 8; shift++) {
        pd_buf_reset(&in);
        pd_buf_addstr(&in, "{\"a\":1}\n");
        for (size_t k = 1; k <= 2; k++) {
            pd_buf_addstr(&in, "{\"p\":\"");
            while (in.len < k * 65536 - shift - 3)
                pd_buf_addch(&in, 'x');
            pd_buf_addstr(&in, "\"}\n");
            pd_buf_add(&in, rec, sizeof(rec) - 1);
        }
        /* A full window after: it overwrites the one before. */
        pd_buf_addstr(&in, "{\"p\":\"");
        while (in.len < 4 * 65536)
            pd_buf_addch(&in, 'y');
        pd_buf_addstr(&in, "\"}\n");
        fix_open(&f, in.buf, in.len, NULL);
        assert_int_equal(next(&f), 1);
        for (int k = 0; k < 2; k++) {
            assert_int_equal(next(&f), 1); /* the padding */
            assert_int_equal(next(&f), 1);
            assert_null(f.rec.reject);
            assert_string_equal(get(&f.rec, "key"), "value");
            assert_string_equal(get(&f.rec, "k2.n"), "1");
        }
        assert_int_equal(next(&f), 1);
        expect_end(&f);
        fix_close(&f);
    }
    pd_buf_release(&in);
}

static void
test_gzip_jsonl(void **state)
{
    struct fix f;
    struct pd_buf in = PD_BUF_INIT, gz = PD_BUF_INIT;

    (void)state;
    for (int i = 0; i < 5000; i++)
        pd_buf_addf(&in,
                    "{\"event\":\"e%d\",\"properties\":{\"time\":%d,"
                    "\"distinct_id\":\"u%d\"}}\n",
                    i % 7, 1602611311 + i, i % 100);
    pd_test_gzip(&gz, in.buf, in.len);
    fix_open(&f, gz.buf, gz.len, NULL);
    assert_int_equal(pd_source_compression(f.src), PD_COMP_GZIP);
    for (int i = 0; i < 5000; i++) {
        char t[32];

        assert_int_equal(next(&f), 1);
        assert_int_equal(f.rec.line, i + 1);
        snprintf(t, sizeof(t), "%d", 1602611311 + i);
        assert_string_equal(get(&f.rec, "properties.time"), t);
    }
    expect_end(&f);
    fix_close(&f);

    /* A truncated gzip is a file error from the source. */
    fix_open(&f, gz.buf, gz.len / 2, NULL);
    while (next(&f) == 1)
        ;
    assert_int_equal(next(&f), -1);
    assert_non_null(strstr(f.err.msg, "unexpected end of gzip data"));
    fix_close(&f);
    pd_buf_release(&in);
    pd_buf_release(&gz);
}

/* formats.md §3.6: eventsim JSONL, 533 lines, no final newline, escaped
 * slashes, float registration, userId "" when logged out. */
static void
test_corpus_events(void **state)
{
    struct fix f;
    size_t n = 0, logged_out = 0, with_reg = 0;

    (void)state;
    if (access(CORPUS_EVENTS, R_OK) != 0)
        skip();
    fix_open_path(&f, CORPUS_EVENTS, NULL);
    while (next(&f) == 1) {
        const char *ts = get(&f.rec, "ts");
        const char *reg = get(&f.rec, "registration");
        const char *uid = get(&f.rec, "userId");
        const char *ua = get(&f.rec, "userAgent");

        n++;
        assert_null(f.rec.reject);
        assert_int_equal(f.rec.line, (long)n);
        assert_non_null(ts);
        assert_int_equal(strlen(ts), 13); /* epoch ms, literal */
        assert_non_null(uid);
        if (!*uid)
            logged_out++;
        if (reg) {
            with_reg++;
            assert_true(strlen(reg) > 2);
            assert_string_equal(reg + strlen(reg) - 2, ".0");
        }
        if (ua)
            assert_null(strstr(ua, "\\/"));
        if (n == 1) {
            assert_string_equal(get(&f.rec, "artist"), "Harmonia");
            assert_string_equal(reg, "1541016707796.0");
            assert_string_equal(ts, "1542241826796");
            assert_string_equal(get(&f.rec, "length"), "655.77751");
            assert_string_equal(uid, "26");
            assert_string_equal(ua, "Mozilla/5.0 (X11; Linux x86_64) "
                                    "AppleWebKit/537.36 (KHTML, like Gecko) "
                                    "Ubuntu Chromium/36.0.1985.125 "
                                    "Chrome/36.0.1985.125 Safari/537.36");
        }
    }
    assert_int_equal(next(&f), 0);
    assert_int_equal(n, 533);
    assert_true(logged_out > 0);
    assert_true(with_reg > 0);
    fix_close(&f);
}

static void
test_close_null(void **state)
{
    (void)state;
    pd_jsonl_close(NULL);
}

static int
setup(void **state)
{
    (void)state;
    return pd_test_mkdtemp(tmpdir);
}

static int
teardown(void **state)
{
    (void)state;
    return pd_test_rm_tree(tmpdir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flatten),
        cmocka_unit_test(test_number_literals),
        cmocka_unit_test(test_escapes_unicode),
        cmocka_unit_test(test_arrays_and_deep_objects),
        cmocka_unit_test(test_nulls_omitted),
        cmocka_unit_test(test_mixpanel),
        cmocka_unit_test(test_amplitude),
        cmocka_unit_test(test_segment),
        cmocka_unit_test(test_array_file),
        cmocka_unit_test(test_array_errors),
        cmocka_unit_test(test_wrapped_helpscout),
        cmocka_unit_test(test_wrapped_large),
        cmocka_unit_test(test_not_wrapped),
        cmocka_unit_test(test_pretty_printed_lines),
        cmocka_unit_test(test_invalid_line_resync),
        cmocka_unit_test(test_not_objects),
        cmocka_unit_test(test_truncated_last_record),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_record_cap),
        cmocka_unit_test(test_record_cap_across_chunks),
        cmocka_unit_test(test_token_cap_array),
        cmocka_unit_test(test_flattened_cap),
        cmocka_unit_test(test_many_records_across_chunks),
        cmocka_unit_test(test_key_across_windows),
        cmocka_unit_test(test_gzip_jsonl),
        cmocka_unit_test(test_corpus_events),
        cmocka_unit_test(test_close_null),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
