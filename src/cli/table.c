/*
 * table.c: aligned text tables and shared option parsing for the record
 * commands (see table.h).
 */
#include "table.h"

#include <inttypes.h>
#include <string.h>

#include "base/date.h"
#include "base/sp.h"
#include "base/text.h"

const char *sp_cli_str(const json_t *v) {
  const char *s = json_string_value(v);
  return s ? s : "";
}

const char *sp_cli_cell(const json_t *v, char *buf, size_t bufsz) {
  buf[0] = '\0';
  if (!v || json_is_null(v))
    return buf;
  if (json_is_string(v)) {
    snprintf(buf, bufsz, "%s", json_string_value(v));
  } else if (json_is_integer(v)) {
    snprintf(buf, bufsz, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
  } else if (json_is_real(v)) {
    snprintf(buf, bufsz, "%g", json_real_value(v));
  } else if (json_is_boolean(v)) {
    snprintf(buf, bufsz, "%s", json_is_true(v) ? "yes" : "no");
  } else if (json_is_array(v)) {
    size_t i, used = 0;
    json_t *item;
    json_array_foreach(v, i, item) {
      char one[256];
      const json_t *shown = json_is_object(item) ? json_object_get(item, "name") : item;
      sp_cli_cell(shown, one, sizeof(one));
      int n = snprintf(buf + used, bufsz - used, "%s%s", i ? ", " : "", one);
      if (n < 0 || (size_t)n >= bufsz - used)
        break;
      used += (size_t)n;
    }
  }
  return buf;
}

/* Width in characters of UTF-8 text (cut text may end mid-character; such
 * bytes count as they come). */
static size_t width(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80)
      n++;
  return n;
}

void sp_cli_table(FILE *out, const json_t *rows, const struct sp_cli_col *cols, int ncols) {
  size_t w[16] = {0};
  char cell[512];
  if (ncols > 16)
    ncols = 16;
  for (int c = 0; c < ncols; c++)
    w[c] = width(cols[c].heading);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    for (int c = 0; c < ncols; c++) {
      size_t n = width(sp_cli_cell(json_object_get(row, cols[c].key), cell, sizeof(cell)));
      if (n > w[c])
        w[c] = n;
    }
  }
  for (int c = 0; c < ncols; c++)
    fprintf(out, "%s%s%*s", c ? "  " : "", cols[c].heading,
            c + 1 < ncols ? (int)(w[c] - width(cols[c].heading)) : 0, "");
  fputc('\n', out);
  json_array_foreach(rows, i, row) {
    for (int c = 0; c < ncols; c++) {
      sp_cli_cell(json_object_get(row, cols[c].key), cell, sizeof(cell));
      fprintf(out, "%s%s%*s", c ? "  " : "", cell,
              c + 1 < ncols ? (int)(w[c] - width(cell)) : 0, "");
    }
    fputc('\n', out);
  }
}

int sp_cli_parse_date(const char *opt, const char *value, int32_t *out) {
  if (!value || sp_date_parse(value, out) != SP_OK) {
    fprintf(stderr, "skillplan: %s: '%s' is not a real date (YYYY-MM-DD)\n", opt,
            value ? value : "");
    return 0;
  }
  return 1;
}

void sp_cli_act_as_operator(struct sp_ctx *ctx) {
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "cli operator");
}
