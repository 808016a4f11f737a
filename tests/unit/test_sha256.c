/* Unit tests for common/sha256: the FIPS 180-2 appendix B vectors. */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "common/sha256.h"

static void
hash_hex(const void *data, size_t n, char hex[65])
{
    struct pd_sha256 c;
    unsigned char d[32];

    pd_sha256_init(&c);
    pd_sha256_update(&c, data, n);
    pd_sha256_final(&c, d);
    pd_sha256_hex(d, hex);
}

static void
test_empty(void **state)
{
    char hex[65];

    (void)state;
    hash_hex("", 0, hex);
    assert_string_equal(
        hex,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void
test_abc(void **state)
{
    char hex[65];

    (void)state;
    hash_hex("abc", 3, hex);
    assert_string_equal(
        hex,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_448_bits(void **state)
{
    static const char msg[] =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[65];

    (void)state;
    assert_int_equal(strlen(msg) * 8, 448);
    hash_hex(msg, strlen(msg), hex);
    assert_string_equal(
        hex,
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* One million 'a' fed in odd-sized pieces, so every path through update()
 * (partial block, whole blocks, tail) is taken many times. */
static void
test_million_a_chunked(void **state)
{
    static const size_t sizes[] = {1, 7, 63, 64, 65, 127, 1000, 4099};
    unsigned char a[4099];
    struct pd_sha256 c;
    unsigned char d[32];
    char hex[65];
    size_t left = 1000000, k = 0;

    (void)state;
    memset(a, 'a', sizeof(a));
    pd_sha256_init(&c);
    while (left > 0) {
        size_t n = sizes[k++ % (sizeof(sizes) / sizeof(sizes[0]))];
        if (n > left)
            n = left;
        pd_sha256_update(&c, a, n);
        left -= n;
    }
    pd_sha256_final(&c, d);
    pd_sha256_hex(d, hex);
    assert_string_equal(
        hex,
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths 55, 56 and 64 straddle the padding boundary. */
static void
test_padding_boundaries(void **state)
{
    static const struct {
        size_t n;
        const char *hex;
    } cases[] = {
        {55,
         "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56,
         "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {64,
         "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    };
    char buf[64], hex[65];

    (void)state;
    memset(buf, 'a', sizeof(buf));
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        hash_hex(buf, cases[i].n, hex);
        assert_string_equal(hex, cases[i].hex);
    }
}

static void
test_hex_format(void **state)
{
    unsigned char d[32];
    char hex[65];

    (void)state;
    for (int i = 0; i < 32; i++)
        d[i] = (unsigned char)(i * 8 + 0x0f);
    memset(hex, 'x', sizeof(hex));
    pd_sha256_hex(d, hex);
    assert_int_equal(hex[64], '\0');
    assert_int_equal(strlen(hex), 64);
    assert_memory_equal(hex, "0f171f272f373f47", 16);
    /* 30 * 8 + 15 = 0xff; 31 * 8 + 15 wraps to 0x07. */
    assert_memory_equal(hex + 60, "ff07", 4);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_abc),
        cmocka_unit_test(test_448_bits),
        cmocka_unit_test(test_million_a_chunked),
        cmocka_unit_test(test_padding_boundaries),
        cmocka_unit_test(test_hex_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
