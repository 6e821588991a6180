/*
 * date.c: civil-date arithmetic after Howard Hinnant's days_from_civil
 * algorithm, strict ISO 8601 parsing, and month addition that clamps to the
 * month's end.
 */
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int32_t sp_date_from_ymd(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (int32_t)(era * 146097 + (int)doe - 719468);
}

void sp_date_to_ymd(int32_t day, int *y, int *m, int *d) {
  int z = day + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int yy = (int)yoe + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yy + (*m <= 2);
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

int sp_date_valid_ymd(int y, int m, int d) {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1)
    return 0;
  return d <= days_in_month(y, m);
}

static int digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return 0;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 1;
}

enum sp_rc sp_date_parse(const char *s, int32_t *out) {
  int y, m, d;
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return SP_EINVAL;
  if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
    return SP_EINVAL;
  if (!sp_date_valid_ymd(y, m, d))
    return SP_EINVAL;
  *out = sp_date_from_ymd(y, m, d);
  return SP_OK;
}

enum sp_rc sp_date_parse_dmy_text(const char *s, int32_t *out) {
  static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int y, d, m = 0;
  if (!s || strlen(s) != 11 || s[2] != ' ' || s[6] != ' ')
    return SP_EINVAL;
  if (!digits(s, 2, &d) || !digits(s + 7, 4, &y))
    return SP_EINVAL;
  for (int i = 0; i < 12; i++)
    if (strncmp(s + 3, months[i], 3) == 0)
      m = i + 1;
  if (!m || !sp_date_valid_ymd(y, m, d))
    return SP_EINVAL;
  *out = sp_date_from_ymd(y, m, d);
  return SP_OK;
}

char *sp_date_format(int32_t day, char *buf) {
  int y, m, d;
  if (day == SP_DATE_NONE) {
    buf[0] = '\0';
    return buf;
  }
  sp_date_to_ymd(day, &y, &m, &d);
  y = ((y % 10000) + 10000) % 10000;
  buf[0] = (char)('0' + y / 1000);
  buf[1] = (char)('0' + y / 100 % 10);
  buf[2] = (char)('0' + y / 10 % 10);
  buf[3] = (char)('0' + y % 10);
  buf[4] = '-';
  buf[5] = (char)('0' + m / 10);
  buf[6] = (char)('0' + m % 10);
  buf[7] = '-';
  buf[8] = (char)('0' + d / 10);
  buf[9] = (char)('0' + d % 10);
  buf[10] = '\0';
  return buf;
}

int32_t sp_date_add_months(int32_t day, int months) {
  int y, m, d;
  sp_date_to_ymd(day, &y, &m, &d);
  int total = y * 12 + (m - 1) + months;
  int ny = total / 12, nm = total % 12 + 1;
  if (total < 0) {
    ny = (total - 11) / 12;
    nm = total - ny * 12 + 1;
  }
  int dim = days_in_month(ny, nm);
  return sp_date_from_ymd(ny, nm, d > dim ? dim : d);
}

int32_t sp_date_today(void) {
  time_t now = time(NULL);
  return (int32_t)(now / 86400);
}

int sp_date_weekday(int32_t day) {
  /* 1970-01-01 was a Thursday (3 when Monday is 0). */
  int w = (int)((day % 7 + 7 + 3) % 7);
  return w;
}
