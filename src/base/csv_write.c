/*
 * csv_write.c: writing CSV fields (see csv.h, "Writing"): RFC 4180 quoting
 * and the guard against spreadsheet formulas.
 */
#include <jansson.h>
#include <string.h>

#include "csv.h"

/* Text a spreadsheet would take as a formula (OWASP, CSV injection). */
static int formula_like(const char *s) {
  return *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
}

enum sp_rc sp_csv_put(struct sp_buf *out, const char *s) {
  if (!s || !*s)
    return out->failed ? SP_ENOMEM : SP_OK;
  int guard = formula_like(s);
  if (!guard && !strpbrk(s, ",\"\r\n"))
    return sp_buf_adds(out, s);
  enum sp_rc rc = sp_buf_adds(out, guard ? "\"'" : "\"");
  for (const char *q; rc == SP_OK && (q = strchr(s, '"')) != NULL; s = q + 1) {
    rc = sp_buf_add(out, s, (size_t)(q - s + 1)); /* up to and with the quote */
    if (rc == SP_OK)
      rc = sp_buf_addc(out, '"');               /* doubled */
  }
  if (rc == SP_OK)
    rc = sp_buf_adds(out, s);
  return rc == SP_OK ? sp_buf_addc(out, '"') : rc;
}

enum sp_rc sp_csv_put_json(struct sp_buf *out, const struct json_t *v) {
  if (json_is_string(v))
    return sp_csv_put(out, json_string_value(v));
  if (json_is_integer(v))
    return sp_buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
  if (json_is_real(v))
    return sp_buf_addf(out, "%.15g", json_real_value(v));
  if (json_is_boolean(v))
    return sp_buf_adds(out, json_is_true(v) ? "true" : "false");
  return out->failed ? SP_ENOMEM : SP_OK; /* null, absent: an empty field */
}

enum sp_rc sp_csv_row(struct sp_buf *out, const char *const *fields, size_t n, const char *eol) {
  enum sp_rc rc = out->failed ? SP_ENOMEM : SP_OK;
  for (size_t i = 0; rc == SP_OK && i < n; i++) {
    if (i)
      rc = sp_buf_addc(out, ',');
    if (rc == SP_OK)
      rc = sp_csv_put(out, fields[i]);
  }
  return rc == SP_OK ? sp_buf_adds(out, eol) : rc;
}
