/*
 * redact - replace personal data in free text (ticket bodies, NPS
 * comments) with placeholders before it leaves the warehouse in a PM
 * handoff: emails become "[email]", IBANs "[iban]", payment card numbers
 * "[card]", IP addresses "[ip]" and phone numbers "[phone]".
 *
 * Ownership: pd_redact_new() returns a heap redactor freed with
 * pd_redact_free() (NULL accepted).  It owns its compiled patterns and two
 * scratch buffers (as large as the longest text seen, kept between calls),
 * so one redactor is used by one thread at a time.
 * Errors: pd_redact_new() returns NULL with *err only if a built-in
 * pattern fails to compile (a bug: PD_E_INTERNAL).  pd_redact_text()
 * returns -1 with *err when out's cap is hit (PD_E_LIMIT) or when pcre2
 * gives up on a pathological text (PD_E_LIMIT); it fails closed: out is
 * then left as it was, never holding a partly redacted text.
 * Limits: heuristics, tuned to over-redact rather than leak; see below.
 *
 * What is recognised, in this order (each detector sees the text with the
 * earlier ones' placeholders already in place, so a card number is never
 * also a phone, and digits inside an email never become a phone):
 *
 *  1. [email]  local@domain.tld: the local part is Latin letters (accents
 *     included), digits and . _ % + -, or quoted ("john doe"@x.com, up to
 *     64 characters); the domain is dot-separated labels of letters (any
 *     script), digits and hyphens, ending in an ASCII TLD of 2+ letters or
 *     an xn-- label, or an address literal (user@[10.0.0.1]), or one ASCII
 *     host name without a dot that starts with a letter (john@localhost;
 *     "react@18" stays).  "<a@b.co>" and "mailto:a@b.co" keep their
 *     brackets and scheme.
 *  2. [iban]   ISO 13616 account numbers, with or without single spaces
 *     between groups of four ("DE89 3704 0044 0532 0130 00"): 15-34
 *     characters, at least 10 digits, mod-97 check passing.
 *  3. [card]   13-19 digits passing the Luhn check, written either as one
 *     run ("4111111111111111") or in groups separated by single spaces or
 *     dashes, where the first group has 4 digits and the others 3-6
 *     ("4111 1111 1111 1111", "3782-822463-10005", "6011 0000 0000 0000
 *     001").  Inside a longer run of such groups (a card followed by its
 *     expiry, two cards in a row) the leftmost, longest valid sub-run of
 *     whole groups is taken.  Not preceded by "+" (that is a phone).
 *  4. [ip]     IPv6 in any RFC 4291 text form that inet_pton() accepts,
 *     with at least two non-empty groups and a decimal digit (so "::",
 *     "::1", "dead::beef" and C++ "std::map" are left alone); then IPv4
 *     dotted quads of 0-255, zero-padded octets included
 *     ("192.168.001.001"), except a padded quad ending in ".000" (so
 *     "1.000.000.000" and "2.050.000.000" stay).
 *  5. [phone]  international: "+" or "00", country code, then groups split
 *     by one space, dot or dash, a group may be in parentheses ("+1 (415)
 *     555-0132", "+44 (0)20 7946 0958", "0044 20 7946 0958",
 *     "+14155550132"), 9-15 digits not counting a "(0)"; national with a
 *     trunk 0 and one separator used throughout, 9-12 digits ("020 7946
 *     0958", "01 23 45 67 89", "030 1234567", "(030) 1234567"); North
 *     American 3-3-4 with an area code of 2-9 ("415-555-0132", "(415) 555
 *     0132", "415.555.0132", "1-800-555-0132").
 *
 * Numbers glued to an ASCII letter, digit or underscore ("ID4111...",
 * "v1.2.3.4"), and card candidates after a decimal point, are skipped;
 * no phone starts right after a digit and a dot or dash.  Digit runs that
 * are neither a Luhn-valid card nor phone-shaped stay as they are: dates
 * (2026-11-23, 01.12.2026), times (10:45), versions (v2.3.1), prices
 * ($1,299.00), order and ticket numbers (12345, #48213), bare 10-digit
 * runs.
 *
 * Known false negatives: obfuscated emails ("jo at x dot com"), emails
 * with non-Latin local parts, quoted local parts over 64 characters, IDN
 * TLDs written in Unicode, dotless hosts starting with a digit; IBANs
 * grouped other than by four or with a wrong checksum (their digits may
 * then be partly taken as a phone); cards in 4-4-4-1 or other groupings,
 * cards glued to letters or written with dots; zero-padded IPv4 ending in
 * ".000"; phones
 * without an area code (555-0132), bare national runs ("4155550132"),
 * separators with spaces around them ("415 - 555 - 0132"); extensions and
 * IPv6 zone ids stay after the placeholder ("[phone] x12", "[ip]%eth0");
 * postal addresses, names and national ids (US SSN 123-45-6789) are not
 * looked for at all.
 * Known false positives: a 13-19 digit run or 4-first grouping that
 * passes Luhn by chance (1 in 10), e.g. a long order id; an IBAN-shaped
 * string passing mod-97 by chance (1 in 97); four-part version numbers
 * ("version 1.2.3.4") read as IPv4, and dotted numbers with zero-padded
 * groups ("01.02.03.04"); a word glued to "@" and a word ("see foo@bar"),
 * read as a dotless host; "+" or "00" followed by 9+ digits
 * ("+250000000", "ref 00123 456 789"); a number written right after an
 * international phone with one space between may be swallowed into
 * "[phone]".
 */
#ifndef PD_REDACT_H
#define PD_REDACT_H

#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"

struct pd_redact;

/* Compile the patterns once; reuse the redactor for every text. */
struct pd_redact *pd_redact_new(struct pd_err *err);
void pd_redact_free(struct pd_redact *r);

/*
 * Append text[0..n) to out with every recognised item replaced by its
 * placeholder.  text must be valid UTF-8 (NUL bytes allowed).  Returns the
 * number of replacements (0: text appended unchanged), or -1 with *err;
 * on -1, out is unchanged.  The count saturates at INT_MAX.
 */
int pd_redact_text(struct pd_redact *r, const char *text, size_t n,
                   struct pd_buf *out, struct pd_err *err);

#endif
