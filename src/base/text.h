/*
 * text.h: checks on text that arrives from users and files: valid UTF-8,
 * length limits counted in characters, no control characters, and the
 * identifier rules of the domain (UKPRN, Companies House number, ONS codes).
 */
#ifndef SP_TEXT_H
#define SP_TEXT_H

#include <stddef.h>

#include "sp.h"

/* 1 when the n bytes at s are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing past U+10FFFF). */
int sp_utf8_valid(const char *s, size_t n);

/* Number of code points in valid UTF-8 s. */
size_t sp_utf8_len(const char *s);

/*
 * Checks a user-supplied text field: valid UTF-8, no control characters
 * other than tab and newline (newline only when multiline), at most max_chars
 * code points, and not empty when required. On failure writes a message
 * naming `field` onto ctx and returns SP_EINVAL.
 */
SP_MUST_USE enum sp_rc sp_text_check(struct sp_ctx *ctx, const char *field, const char *s,
                                     size_t max_chars, int required, int multiline);

/* UK Provider Reference Number: exactly 8 digits starting with 1. */
int sp_ukprn_valid(const char *s);
/* Companies House number: 8 characters, digits or two letters then six digits. */
int sp_companies_house_valid(const char *s);

/* Copies s into dst (size dstsz), trimming ASCII spaces at both ends. */
void sp_trim_copy(char *dst, size_t dstsz, const char *s);

#endif
