/*
 * markdown - data-derived text made inert in Markdown, as the HTML writer
 * escapes it for HTML.
 *
 * A tag, an account name or a survey name is whatever an export held:
 * "[x](javascript:alert(1))" or "<script>" written raw into a summary is a
 * link or raw HTML once a chat client or a wiki renders it.  Every string
 * of the data goes through pd_md_text() on its way into Markdown; our own
 * text (headings, labels, numbers we format) does not need to.
 *
 * Ownership: text is appended to the caller's buffer.
 * Errors: none.
 * Limits: the result is meant for a line of text or a table cell
 * (CommonMark and GitHub's tables), never a code span or block.
 */
#ifndef PD_MARKDOWN_H
#define PD_MARKDOWN_H

#include "common/buf.h"

/* Append s with a backslash before each character Markdown could read
 * as syntax inside a line: \ ` * _ ~ [ ] < > & | # (not an _ between
 * two ASCII letters or digits, which cannot), and a leading - + =
 * or the "." / ")" after leading digits (a list or heading marker when
 * the text starts a list item).  Control characters (a line break would
 * end the item or the table row) become spaces. */
void pd_md_text(struct pd_buf *out, const char *s);

#endif
