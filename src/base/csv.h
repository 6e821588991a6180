/*
 * csv.h: a streaming RFC 4180 CSV reader for imports and reference data,
 * and the one CSV writer (csv_write.c) every export and report uses.
 * It skips a UTF-8 byte-order mark, accepts LF and CRLF line ends and quoted
 * fields with embedded commas, quotes and newlines, checks that the file is
 * UTF-8, bounds the size of a record, and knows the line on which each
 * record starts so that errors can say file:line:field.
 *
 * The evidence engine has its own faster reader for bulk files; this one is
 * for files of up to a few hundred thousand rows.
 */
#ifndef SP_CSV_H
#define SP_CSV_H

#include <stddef.h>

#include "buf.h"
#include "sp.h"

struct sp_csv;

/* Opens path for reading. max_record bounds one record's bytes (fields and
 * separators); a longer record is an error naming its line. On failure
 * writes the reason on ctx. The reader is freed with sp_csv_close. */
SP_MUST_USE enum sp_rc sp_csv_open(struct sp_ctx *ctx, const char *path, size_t max_record,
                                   struct sp_csv **out);
/* Reads from memory (copied); `name` is used in messages. */
SP_MUST_USE enum sp_rc sp_csv_open_mem(struct sp_ctx *ctx, const char *name, const char *data,
                                       size_t len, size_t max_record, struct sp_csv **out);
void sp_csv_close(struct sp_csv *csv);

/*
 * Reads the next record. Returns SP_OK with *eof = 0 and the fields
 * available through sp_csv_field until the next call; SP_OK with *eof = 1 at
 * the end; or an error written on ctx as "file:line: reason". Blank lines
 * are skipped.
 */
SP_MUST_USE enum sp_rc sp_csv_next(struct sp_csv *csv, struct sp_ctx *ctx, int *eof);

size_t sp_csv_nfields(const struct sp_csv *csv);
/* Field i of the current record ("" past the end); borrowed. */
const char *sp_csv_field(const struct sp_csv *csv, size_t i);
/* The line (1-based) on which the current record starts. */
long sp_csv_line(const struct sp_csv *csv);
/* The name given at open (the path). */
const char *sp_csv_name(const struct sp_csv *csv);

/*
 * Reads the first record as a header and checks it names every column in
 * `want` (NULL-terminated); extra columns are allowed. Afterwards
 * sp_csv_col(csv, name) gives the index of a wanted column.
 */
SP_MUST_USE enum sp_rc sp_csv_read_header(struct sp_csv *csv, struct sp_ctx *ctx,
                                          const char *const *want);
/* Index of a column named in the header, or -1. */
int sp_csv_col(const struct sp_csv *csv, const char *name);
/* The current record's value in the named column ("" when absent). */
const char *sp_csv_get(const struct sp_csv *csv, const char *name);

/* Fails with "file:line: expected N columns, found M" unless the current
 * record has as many fields as the header. */
SP_MUST_USE enum sp_rc sp_csv_check_width(struct sp_csv *csv, struct sp_ctx *ctx);

/* Records a failure on ctx as "file:line: field: message" and returns rc. */
enum sp_rc sp_csv_fail(struct sp_csv *csv, struct sp_ctx *ctx, enum sp_rc rc,
                       const char *field, const char *fmt, ...) SP_PRINTF(5, 6);

/* ---- Writing -------------------------------------------------------------
 *
 * Fields go into an sp_buf (sticky on failure, see buf.h). Text is written as
 * RFC 4180 asks: as it is when it holds no comma, quote, CR or LF, else in
 * double quotes with each quote doubled. Text that a spreadsheet would run as
 * a formula (starting with = + - @, tab or CR) is quoted and prefixed with an
 * apostrophe ("'=SUM(A1)"), as OWASP advises against CSV injection; so write
 * numbers as numbers (sp_buf_addf, or sp_csv_put_json), never as text here.
 */

/* Appends text s as one field (no separator); NULL or "" is an empty field. */
SP_MUST_USE enum sp_rc sp_csv_put(struct sp_buf *out, const char *s);

struct json_t;
/* Appends a JSON value as one field: a string through sp_csv_put, an integer
 * or real as a number, true/false, null or NULL as an empty field. */
SP_MUST_USE enum sp_rc sp_csv_put_json(struct sp_buf *out, const struct json_t *v);

/* Appends a record: the n fields through sp_csv_put, separated by commas,
 * then eol ("\r\n" as RFC 4180 has it, or "\n"). */
SP_MUST_USE enum sp_rc sp_csv_row(struct sp_buf *out, const char *const *fields, size_t n,
                                  const char *eol);

#endif
