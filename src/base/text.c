/*
 * text.c: UTF-8 validation (after the Unicode table 3-7 of well-formed byte
 * sequences) and the domain's identifier checks.
 */
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int sp_utf8_valid(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c == 0xE0) {
      need = 2;
      lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      need = 2;
    } else if (c == 0xED) {
      need = 2;
      hi = 0x9F;
    } else if (c == 0xF0) {
      need = 3;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      need = 3;
    } else if (c == 0xF4) {
      need = 3;
      hi = 0x8F;
    } else {
      return 0;
    }
    if (i + need >= n)
      return 0;
    if (s[i + 1] < lo || s[i + 1] > hi)
      return 0;
    for (size_t k = 2; k <= need; k++)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF)
        return 0;
    i += need + 1;
  }
  return 1;
}

size_t sp_utf8_len(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80)
      n++;
  return n;
}

enum sp_rc sp_text_check(struct sp_ctx *ctx, const char *field, const char *s,
                         size_t max_chars, int required, int multiline) {
  if (!s || !*s) {
    if (required)
      return sp_ctx_fail(ctx, SP_EINVAL, field, "%s is required", field);
    return SP_OK;
  }
  size_t n = strlen(s);
  if (!sp_utf8_valid(s, n))
    return sp_ctx_fail(ctx, SP_EINVAL, field, "%s is not valid UTF-8 text", field);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0x7F || (c < 0x20 && c != '\t' && !(multiline && (c == '\n' || c == '\r'))))
      return sp_ctx_fail(ctx, SP_EINVAL, field,
                         "%s contains a control character (byte %zu)", field, i + 1);
  }
  size_t chars = sp_utf8_len(s);
  if (chars > max_chars)
    return sp_ctx_fail(ctx, SP_EINVAL, field, "%s is %zu characters long; the limit is %zu",
                       field, chars, max_chars);
  return SP_OK;
}

int sp_ukprn_valid(const char *s) {
  if (!s || strlen(s) != 8 || s[0] != '1')
    return 0;
  for (int i = 0; i < 8; i++)
    if (!isdigit((unsigned char)s[i]))
      return 0;
  return 1;
}

int sp_companies_house_valid(const char *s) {
  if (!s || strlen(s) != 8)
    return 0;
  int start = 0;
  if (isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]))
    start = 2;
  for (int i = start; i < 8; i++)
    if (!isdigit((unsigned char)s[i]))
      return 0;
  return 1;
}

void sp_trim_copy(char *dst, size_t dstsz, const char *s) {
  if (!dstsz)
    return;
  while (*s == ' ')
    s++;
  size_t n = strlen(s);
  while (n && s[n - 1] == ' ')
    n--;
  if (n >= dstsz)
    n = dstsz - 1;
  memcpy(dst, s, n);
  dst[n] = '\0';
}
