/*
 * survey - header rows of survey exports: SurveyMonkey's two rows and
 * Qualtrics' three turned into one header, and the NPS question and its
 * follow-up comment found by their wording (formats.md §2).
 *
 * SurveyMonkey writes the question on row 1 (blank over its continuation
 * columns) and a sub-label on row 2; pd_survey_combine() makes one named
 * header of them.  Qualtrics writes short ids, then question texts, then
 * one {"ImportId":…} JSON object per column that carries the time zone of
 * the date columns.  The NPS column is "how likely … recommend" in seven
 * languages, never a Qualtrics _NPS_GROUP/_TEXT/_DO column.
 *
 * Ownership: pd_survey_combine() and pd_survey_qualtrics_timezone() write
 * into the arena passed in; results live as long as that arena.  Input
 * records are borrowed and never modified.  Everything else returns
 * indexes, codes or booleans.
 * Errors: none beyond what the return values say (-1 / NULL / 0 / false
 * for "not found" or "not this format"); allocation exits through xalloc.
 * Limits: a combined name is at most PD_SURVEY_NAME_MAX - 1 bytes (the
 * question is cut at a character boundary first, so matrix sub-labels
 * survive); wording is looked for in the first PD_SURVEY_TEXT_MAX bytes of
 * a question; a time zone is at most 63 bytes.
 */
#ifndef PD_SURVEY_H
#define PD_SURVEY_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"
#include "extract/record.h"

#define PD_SURVEY_NAME_MAX 1024
#define PD_SURVEY_TEXT_MAX 4096

/* ---- SurveyMonkey ------------------------------------------------------ */

/* True when row 1 starts with Respondent ID, Collector ID, Start Date, End
 * Date (compared as header keys, so case and spacing do not matter): a
 * SurveyMonkey "all responses" export, whose row 2 is a sub-label row. */
bool pd_survey_is_surveymonkey(const struct pd_record *row1);

/* Combine row 1 (questions) and row 2 (sub-labels) into one header record
 * *out with max(row1, row2) fields.  Column i is named after the last
 * non-blank row-1 text at or left of i (the question) and row 2's cell:
 *   - the question alone when the sub-label is blank or is exactly
 *     "Response" or "Open-Ended Response";
 *   - "question - sub-label" otherwise (matrix rows, "Other (please
 *     specify)", "Name"/"Email" of a contact block);
 *   - the sub-label alone when no question precedes it, and "column" when
 *     both are blank.
 * HTML entities leaking into the text (&apos; &amp; &quot; &lt; &gt; and
 * numeric &#39; / &#x27;) are decoded, whitespace runs (including the
 * newlines of multi-line questions) become one space, and the result is
 * trimmed.  Names are then made unique byte for byte in column order by
 * appending " (2)", " (3)", … — the rule pd_binding_init() uses — so a
 * binding never sees two identical names.
 * row2 may be NULL (row 1 alone, cleaned and made unique).
 * *out's fields and names live in a; out->line is row 1's; out->raw and
 * out->reject are NULL.  Returns 0, or -1 (with *out empty) when both rows
 * have no fields at all. */
int pd_survey_combine(const struct pd_record *row1,
                      const struct pd_record *row2, struct pd_arena *a,
                      struct pd_record *out);

/* ---- Qualtrics --------------------------------------------------------- */

/* True for a post-2018 Qualtrics row 1: a ResponseId column and one of
 * StartDate, EndDate, RecordedDate (header keys), and no ResponseSet
 * column (that is the legacy layout below).  Row 2 of the same file
 * ("Response ID", "Start Date") also passes: test row 1. */
bool pd_survey_is_qualtrics(const struct pd_record *row1);

/* True when most non-empty cells of row begin with {"ImportId" (leading
 * spaces ignored): Qualtrics' third header row, to be skipped as data.
 * False for a row with no non-empty cell. */
bool pd_survey_is_qualtrics_import_row(const struct pd_record *row);

/* The time zone Qualtrics wrote for the startDate, endDate or recordedDate
 * column of the import row (the first of them that has a timeZone, in
 * column order): an IANA name such as "America/Denver", or "UTC" for "Z".
 * NULL when no date column carries a usable one (absent, empty, over 63
 * bytes, or with characters no zone name has).  The string is allocated in
 * a and lives as long as it. */
const char *pd_survey_qualtrics_timezone(const struct pd_record *row3,
                                         struct pd_arena *a);

/* Legacy (pre-2018) Qualtrics has two header rows and ResponseID,
 * ResponseSet columns, either on row 1 (API exports) or on row 2 under a
 * row 1 of V1, V2, … (web exports).  Returns the 0-based row holding the
 * column ids (0 or 1), or -1 when this is not a legacy export.  row2 may
 * be NULL. */
int pd_survey_qualtrics_legacy(const struct pd_record *row1,
                               const struct pd_record *row2);

/* ---- NPS question and follow-up --------------------------------------- */

/* The column asking "how likely … recommend", or -1.  texts (may be NULL)
 * holds question texts parallel to names (Qualtrics row 2); where it is
 * NULL, shorter or blank, the name itself is read.  A question matches
 * when it has both a likelihood word and a recommend word of one of
 * English (likely/likelihood, recommend), Spanish (probable/probabilidad,
 * recomend-/recomiend-), French (probab-, recommand-), German
 * (wahrscheinlich, empfehl-/empfiehl-), Portuguese (provável/probabilidade,
 * recomend-), Italian (probabil-, raccomand-/consigli-) or Dutch
 * (waarschijnlijk, aanbevel-/aanbeveel-/aanrad-); case and Latin-1 accents
 * do not matter.  "Would you recommend …?" without a likelihood word is a
 * yes/no question and does not match.  Names ending in _NPS_GROUP, _TEXT
 * or _DO (any case) are never chosen.  Among matches, one without a
 * comment word (see below) wins, then the leftmost.  With no wording
 * match, a column named NPS, NPS Score, NPS Rating, Net Promoter Score or
 * Likelihood to recommend (header keys) is taken, leftmost first. */
int pd_survey_nps_column(const struct pd_record *names,
                         const struct pd_record *texts);

/* The open-ended follow-up: a column whose question has a comment word
 * (reason, why, comment, explain/explication, feedback, motivo, raison,
 * pourquoi, porque, perché, Grund, warum, erklären, reden, waarom,
 * toelichting, opmerking, …), never nps_col itself nor an _NPS_GROUP or
 * _DO column.  The first such column right of nps_col wins, else the
 * leftmost one; only when no question has a comment word, a column named
 * Comment(s), Text, Feedback, Verbatim or Reason is taken the same way.
 * nps_col may be -1.  Returns the index or -1. */
int pd_survey_comment_column(const struct pd_record *names,
                             const struct pd_record *texts, int nps_col);

/* Qualtrics' NPS group value: "1"/"Detractor(s)" -> 1, "2"/"Passive(s)"
 * -> 2, "3"/"Promoter(s)" -> 3 (trimmed, case-insensitive), else 0.  For
 * checking a score against its group; never a score itself. */
int pd_survey_nps_group_score(const char *s, size_t n);

#endif
