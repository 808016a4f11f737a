/* Unit tests for common/sha256: the FIPS 180-2 appendix B vectors, and the
 * RFC 4231 HMAC-SHA256 vectors, each with the portable compression and
 * with the processor's SHA extensions (where it has them), and the two
 * against each other on messages of every length up to 300 bytes and in
 * pieces of odd sizes. */
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

/* RFC 4231 §4: cases 1-4, 6 and 7 (case 5 is a truncated tag, which
 * pd_hmac_sha256() does not produce).  Keys and data written out as in the
 * RFC; 131-byte keys exercise the hash-the-key-first path. */
static void
test_hmac_rfc4231(void **state)
{
    static const char case6_msg[] =
        "Test Using Larger Than Block-Size Key - Hash Key First";
    static const char case7_msg[] =
        "This is a test using a larger than block-size key and a larger "
        "than block-size data. The key needs to be hashed before being "
        "used by the HMAC algorithm.";
    unsigned char key[131], data[50], mac[32];
    char hex[65];

    (void)state;
    /* Case 1: 20 bytes of 0x0b, "Hi There". */
    memset(key, 0x0b, 20);
    pd_hmac_sha256(key, 20, "Hi There", 8, mac);
    pd_sha256_hex(mac, hex);
    assert_string_equal(
        hex,
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");

    /* Case 2: a key shorter than the output. */
    pd_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac);
    pd_sha256_hex(mac, hex);
    assert_string_equal(
        hex,
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

    /* Case 3: 20 x 0xaa, 50 x 0xdd. */
    memset(key, 0xaa, 20);
    memset(data, 0xdd, 50);
    pd_hmac_sha256(key, 20, data, 50, mac);
    pd_sha256_hex(mac, hex);
    assert_string_equal(
        hex,
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");

    /* Case 4: key 0x01..0x19, 50 x 0xcd. */
    for (int i = 0; i < 25; i++)
        key[i] = (unsigned char)(i + 1);
    memset(data, 0xcd, 50);
    pd_hmac_sha256(key, 25, data, 50, mac);
    pd_sha256_hex(mac, hex);
    assert_string_equal(
        hex,
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");

    /* Case 6: 131 x 0xaa, a key longer than the block. */
    memset(key, 0xaa, 131);
    pd_hmac_sha256(key, 131, case6_msg, strlen(case6_msg), mac);
    pd_sha256_hex(mac, hex);
    assert_string_equal(
        hex,
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");

    /* Case 7: long key and data longer than one block. */
    assert_int_equal(strlen(case7_msg), 152);
    pd_hmac_sha256(key, 131, case7_msg, strlen(case7_msg), mac);
    pd_sha256_hex(mac, hex);
    assert_string_equal(
        hex,
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

/* A 64-byte key is used as is; 65 bytes is hashed first.  Cross-checked
 * against Python's hmac module (key 'k' * 64 or 65, message "abc"). */
static void
test_hmac_block_sized_keys(void **state)
{
    unsigned char key[65], mac[32];
    char hex[65];

    (void)state;
    memset(key, 'k', sizeof(key));
    pd_hmac_sha256(key, 64, "abc", 3, mac);
    pd_sha256_hex(mac, hex);
    assert_string_equal(
        hex,
        "ae0c0e4a2340cf50185eb46aaa8723f4769153661612e212fb0d1fa3170c6202");
    pd_hmac_sha256(key, 65, "abc", 3, mac);
    pd_sha256_hex(mac, hex);
    assert_string_equal(
        hex,
        "ed378e5dfa30dc98814ba09b2e610d9b6af66054922ceef9480da094a3f11b2d");
    /* Empty key and empty message are valid inputs. */
    pd_hmac_sha256("", 0, "", 0, mac);
    pd_sha256_hex(mac, hex);
    assert_string_equal(
        hex,
        "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

/* The two compressions agree on pseudo-random messages of every length
 * around the block and padding boundaries, fed whole and in pieces. */
static void
digest(const unsigned char *m, size_t n, size_t piece, unsigned char out[32])
{
    struct pd_sha256 c;

    pd_sha256_init(&c);
    for (size_t at = 0; at < n; at += piece)
        pd_sha256_update(&c, m + at, n - at < piece ? n - at : piece);
    pd_sha256_final(&c, out);
}

static void
test_portable_equals_extensions(void **state)
{
    static unsigned char m[4096 + 300];
    uint32_t x = 2463534242u;
    unsigned char a[32], b[32];

    (void)state;
    for (size_t i = 0; i < sizeof(m); i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        m[i] = (unsigned char)x;
    }
    for (size_t n = 0; n <= sizeof(m); n += n < 300 ? 1 : 997) {
        size_t piece = n % 7 ? n % 67 + 1 : n + 1;
        pd_sha256_force_portable(true);
        digest(m, n, piece, a);
        pd_sha256_force_portable(false);
        digest(m, n, n + 1, b);
        assert_memory_equal(a, b, 32);
    }
}

static int
portable(void **state)
{
    (void)state;
    pd_sha256_force_portable(true);
    return 0;
}

static int
fastest(void **state)
{
    (void)state;
    pd_sha256_force_portable(false);
    return 0;
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
        cmocka_unit_test(test_hmac_rfc4231),
        cmocka_unit_test(test_hmac_block_sized_keys),
        cmocka_unit_test(test_portable_equals_extensions),
    };
    int failed = cmocka_run_group_tests_name("fastest", tests, fastest, NULL);

    return failed +
           cmocka_run_group_tests_name("portable", tests, portable, NULL);
}
