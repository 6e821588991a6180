/*
 * date.h: civil dates as days since 1970-01-01 (int32_t), parsed and printed
 * as ISO 8601 (YYYY-MM-DD). No time zones: rules work on dates. Month
 * arithmetic clamps to the month's end (2023-05-31 + 1 month = 2023-06-30),
 * which is how the statutory clock counts "nine months after designation".
 */
#ifndef SP_DATE_H
#define SP_DATE_H

#include <stdint.h>

#include "sp.h"

#define SP_DATE_NONE INT32_MIN /* "no date" in records and arguments */
#define SP_DATE_BUFSZ 11       /* "YYYY-MM-DD" and the terminator */

/* Days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
int32_t sp_date_from_ymd(int y, int m, int d);
/* Splits day into year, month (1-12), day of month (1-31). */
void sp_date_to_ymd(int32_t day, int *y, int *m, int *d);

/* 1 when y-m-d is a real date (2023-02-30 is not), years 1000 to 9999. */
int sp_date_valid_ymd(int y, int m, int d);

/* Parses exactly "YYYY-MM-DD" (a real date); SP_EINVAL otherwise. */
SP_MUST_USE enum sp_rc sp_date_parse(const char *s, int32_t *out);

/* Parses LARS's "01 Aug 2014" form; SP_EINVAL otherwise. */
SP_MUST_USE enum sp_rc sp_date_parse_dmy_text(const char *s, int32_t *out);

/* Writes "YYYY-MM-DD" into buf (at least SP_DATE_BUFSZ bytes); returns buf.
 * SP_DATE_NONE prints as "". */
char *sp_date_format(int32_t day, char *buf);

/* Adds months, clamping the day to the end of the target month. */
int32_t sp_date_add_months(int32_t day, int months);

/* Today's UTC date. */
int32_t sp_date_today(void);

/* 0 = Monday ... 6 = Sunday. */
int sp_date_weekday(int32_t day);

#endif
