/*
 * utf8 - UTF-8 validation and transcoding of the encodings exports use.
 *
 * Exports arrive as UTF-8 (with or without BOM), UTF-16LE/BE with BOM (Excel
 * "Unicode text") or Windows-1252 (SPEC §3).  Everything after extract/ is
 * UTF-8; these are the primitives extract/source.c and transform/ use.
 *
 * Ownership: output goes to caller-provided buffers.
 * Errors: transcoders never fail: an unpaired surrogate becomes U+FFFD.
 * Limits: stateless except the explicit struct pd_utf16 carry state.
 */
#ifndef PD_UTF8_H
#define PD_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

enum pd_bom { PD_BOM_NONE, PD_BOM_UTF8, PD_BOM_UTF16LE, PD_BOM_UTF16BE };

/* Which BOM starts s (n bytes); *bom_len gets its length (0, 2 or 3). */
enum pd_bom pd_utf8_detect_bom(const char *s, size_t n, size_t *bom_len);

/* True when s is entirely valid UTF-8 (no overlongs, no surrogates). */
bool pd_utf8_valid(const char *s, size_t n);

/* Evidence for sniffing: the number of valid multi-byte sequences in s,
 * and in *invalid the number of bytes that start no valid sequence.  An
 * incomplete sequence cut off at the very end counts as neither. */
size_t pd_utf8_census(const char *s, size_t n, size_t *invalid);

/* Length of the longest valid prefix.  With allow_partial, an incomplete
 * but so-far-valid sequence at the very end counts as valid (for sniffing
 * a sample cut mid-character). */
size_t pd_utf8_valid_prefix(const char *s, size_t n, bool allow_partial);

/* Append the Windows-1252 bytes s as UTF-8.  The five bytes CP1252 leaves
 * undefined (0x81 0x8D 0x8F 0x90 0x9D), and 0x82 after a letter, are read
 * as DOS code page 850 letters (files mixing the two exist); no byte is ever
 * lost.  Returns 0, or -1 when out's cap is reached. */
int pd_utf8_from_cp1252(struct pd_buf *out, const char *s, size_t n);

/* Append s as UTF-8, keeping valid UTF-8 sequences and transcoding every
 * invalid byte as Windows-1252, in context as pd_utf8_from_cp1252 does
 * (for files that mix the two).  0 / -1 cap. */
int pd_utf8_repair(struct pd_buf *out, const char *s, size_t n);

/* Streaming UTF-16 decoder: carries a half code unit / high surrogate
 * across calls. */
struct pd_utf16 {
    bool big_endian;
    unsigned char pending[2];
    size_t npending;
    unsigned int high; /* pending high surrogate, 0 if none */
};
void pd_utf16_init(struct pd_utf16 *st, bool big_endian);
/* Append the UTF-8 of n more UTF-16 bytes.  0, or -1 at out's cap. */
int pd_utf16_decode(struct pd_utf16 *st, struct pd_buf *out, const char *s,
                    size_t n);

/* Encode one code point; returns the byte count (1-4), dst needs 4 bytes. */
size_t pd_utf8_encode(unsigned int cp, char *dst);

#endif
