/*
 * csv.c: the streaming CSV reader. The whole input is read into memory in
 * blocks of 64 KiB through a FILE*; each record is decoded into one
 * bounded buffer of field bytes plus an array of field offsets.
 */
#include "csv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "text.h"

#define MAX_FIELDS 512

struct sp_csv {
  FILE *fp;
  char *mem;      /* whole input when opened from memory */
  size_t mem_len, mem_pos;
  char name[512];
  unsigned char blk[65536];
  size_t blk_len, blk_pos;
  int at_eof;
  long line;       /* line of the next byte */
  long rec_line;   /* line the current record started on */
  char *rec;       /* decoded field bytes, NUL after each field */
  size_t rec_len, rec_cap, max_record;
  size_t off[MAX_FIELDS];
  size_t nfields;
  char *hdr;       /* header names, NUL separated */
  size_t hdr_off[MAX_FIELDS];
  size_t hdr_n;
  int started;
};

static int getbyte(struct sp_csv *c) {
  if (c->mem) {
    if (c->mem_pos >= c->mem_len)
      return EOF;
    return (unsigned char)c->mem[c->mem_pos++];
  }
  if (c->blk_pos >= c->blk_len) {
    if (c->at_eof)
      return EOF;
    c->blk_len = fread(c->blk, 1, sizeof(c->blk), c->fp);
    c->blk_pos = 0;
    if (c->blk_len == 0) {
      c->at_eof = 1;
      return EOF;
    }
  }
  return c->blk[c->blk_pos++];
}

static int peekbyte(struct sp_csv *c) {
  if (c->mem)
    return c->mem_pos < c->mem_len ? (unsigned char)c->mem[c->mem_pos] : EOF;
  int ch = getbyte(c);
  if (ch != EOF)
    c->blk_pos--;
  return ch;
}

static enum sp_rc alloc_common(struct sp_csv *c, size_t max_record) {
  c->max_record = max_record;
  c->rec_cap = 256;
  c->rec = sp_malloc(c->rec_cap);
  c->line = 1;
  return c->rec ? SP_OK : SP_ENOMEM;
}

enum sp_rc sp_csv_open(struct sp_ctx *ctx, const char *path, size_t max_record,
                       struct sp_csv **out) {
  struct sp_csv *c = sp_calloc(1, sizeof(*c));
  if (!c)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory opening %s", path);
  snprintf(c->name, sizeof(c->name), "%s", path);
  c->fp = fopen(path, "rb");
  if (!c->fp) {
    sp_free(c);
    return sp_ctx_fail(ctx, SP_EIO, NULL, "%s: cannot open file", path);
  }
  if (alloc_common(c, max_record) != SP_OK) {
    sp_csv_close(c);
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory opening %s", path);
  }
  *out = c;
  return SP_OK;
}

enum sp_rc sp_csv_open_mem(struct sp_ctx *ctx, const char *name, const char *data, size_t len,
                           size_t max_record, struct sp_csv **out) {
  struct sp_csv *c = sp_calloc(1, sizeof(*c));
  if (!c)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory reading %s", name);
  snprintf(c->name, sizeof(c->name), "%s", name);
  c->mem = sp_malloc(len + 1);
  if (!c->mem || alloc_common(c, max_record) != SP_OK) {
    sp_csv_close(c);
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory reading %s", name);
  }
  memcpy(c->mem, data, len);
  c->mem_len = len;
  *out = c;
  return SP_OK;
}

void sp_csv_close(struct sp_csv *c) {
  if (!c)
    return;
  if (c->fp)
    fclose(c->fp);
  sp_free(c->mem);
  sp_free(c->rec);
  sp_free(c->hdr);
  sp_free(c);
}

static enum sp_rc put(struct sp_csv *c, struct sp_ctx *ctx, char ch) {
  if (c->rec_len + 1 >= c->rec_cap) {
    if (c->rec_cap >= c->max_record + 2)
      return sp_ctx_fail(ctx, SP_ETOOBIG, NULL, "%s:%ld: record longer than %zu bytes",
                         c->name, c->rec_line, c->max_record);
    size_t cap = c->rec_cap * 2;
    if (cap > c->max_record + 2)
      cap = c->max_record + 2;
    char *p = sp_realloc(c->rec, cap);
    if (!p)
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "%s:%ld: out of memory", c->name, c->rec_line);
    c->rec = p;
    c->rec_cap = cap;
  }
  c->rec[c->rec_len++] = ch;
  return SP_OK;
}

static enum sp_rc end_field(struct sp_csv *c, struct sp_ctx *ctx, size_t start) {
  if (c->nfields >= MAX_FIELDS)
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "%s:%ld: more than %d fields", c->name,
                       c->rec_line, MAX_FIELDS);
  enum sp_rc rc = put(c, ctx, '\0');
  if (rc != SP_OK)
    return rc;
  if (!sp_utf8_valid(c->rec + start, c->rec_len - 1 - start))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "%s:%ld: field %zu is not valid UTF-8", c->name,
                       c->rec_line, c->nfields + 1);
  c->off[c->nfields++] = start;
  return SP_OK;
}

enum sp_rc sp_csv_next(struct sp_csv *c, struct sp_ctx *ctx, int *eof) {
  enum sp_rc rc;
  *eof = 0;
  if (!c->started) {
    c->started = 1;
    /* Skip a byte-order mark only if all three bytes are there: a file
     * may also start with U+F000..U+FFFF, whose first byte is 0xEF too. */
    if (peekbyte(c) == 0xEF) {
      const unsigned char *p = c->mem ? (const unsigned char *)c->mem + c->mem_pos
                                      : c->blk + c->blk_pos;
      size_t avail = c->mem ? c->mem_len - c->mem_pos : c->blk_len - c->blk_pos;
      if (avail >= 3 && p[1] == 0xBB && p[2] == 0xBF) {
        getbyte(c);
        getbyte(c);
        getbyte(c);
      }
    }
  }
  for (;;) {
    c->rec_len = 0;
    c->nfields = 0;
    c->rec_line = c->line;
    int ch = getbyte(c);
    if (ch == EOF) {
      *eof = 1;
      return SP_OK;
    }
    if (ch == '\n') {
      c->line++;
      continue;
    }
    if (ch == '\r' && peekbyte(c) == '\n') {
      getbyte(c);
      c->line++;
      continue;
    }
    size_t start = 0;
    int quoted = 0, after_quote = 0;
    for (;;) {
      if (ch == EOF) {
        if (quoted)
          return sp_ctx_fail(ctx, SP_EINVAL, NULL,
                             "%s:%ld: a quoted field is not closed before the end of the file",
                             c->name, c->rec_line);
        return end_field(c, ctx, start);
      }
      if (quoted) {
        if (ch == '"') {
          if (peekbyte(c) == '"') {
            getbyte(c);
            if ((rc = put(c, ctx, '"')) != SP_OK)
              return rc;
          } else {
            quoted = 0;
            after_quote = 1;
          }
        } else {
          if (ch == '\n')
            c->line++;
          if ((rc = put(c, ctx, (char)ch)) != SP_OK)
            return rc;
        }
      } else if (ch == ',') {
        if ((rc = end_field(c, ctx, start)) != SP_OK)
          return rc;
        start = c->rec_len;
        after_quote = 0;
      } else if (ch == '\n' || (ch == '\r' && peekbyte(c) == '\n')) {
        if (ch == '\r')
          getbyte(c);
        c->line++;
        return end_field(c, ctx, start);
      } else if (ch == '"' && c->rec_len == start && !after_quote) {
        quoted = 1;
      } else if (after_quote) {
        return sp_ctx_fail(ctx, SP_EINVAL, NULL,
                           "%s:%ld: field %zu has text after its closing quote", c->name,
                           c->rec_line, c->nfields + 1);
      } else if (ch == 0) {
        return sp_ctx_fail(ctx, SP_EINVAL, NULL, "%s:%ld: a NUL byte is not text", c->name,
                           c->rec_line);
      } else {
        if ((rc = put(c, ctx, (char)ch)) != SP_OK)
          return rc;
      }
      ch = getbyte(c);
    }
  }
}

size_t sp_csv_nfields(const struct sp_csv *c) { return c->nfields; }

const char *sp_csv_field(const struct sp_csv *c, size_t i) {
  return i < c->nfields ? c->rec + c->off[i] : "";
}

long sp_csv_line(const struct sp_csv *c) { return c->rec_line; }
const char *sp_csv_name(const struct sp_csv *c) { return c->name; }

enum sp_rc sp_csv_read_header(struct sp_csv *c, struct sp_ctx *ctx, const char *const *want) {
  int eof;
  enum sp_rc rc = sp_csv_next(c, ctx, &eof);
  if (rc != SP_OK)
    return rc;
  if (eof)
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "%s: the file is empty; a header row is required",
                       c->name);
  c->hdr = sp_malloc(c->rec_len ? c->rec_len : 1);
  if (!c->hdr)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  memcpy(c->hdr, c->rec, c->rec_len);
  c->hdr_n = c->nfields;
  memcpy(c->hdr_off, c->off, sizeof(size_t) * c->nfields);
  for (size_t i = 0; want && want[i]; i++) {
    if (sp_csv_col(c, want[i]) < 0)
      return sp_ctx_fail(ctx, SP_EINVAL, want[i], "%s:%ld: the header has no column '%s'",
                         c->name, c->rec_line, want[i]);
  }
  return SP_OK;
}

int sp_csv_col(const struct sp_csv *c, const char *name) {
  for (size_t i = 0; i < c->hdr_n; i++)
    if (strcmp(c->hdr + c->hdr_off[i], name) == 0)
      return (int)i;
  return -1;
}

const char *sp_csv_get(const struct sp_csv *c, const char *name) {
  int i = sp_csv_col(c, name);
  return i < 0 ? "" : sp_csv_field(c, (size_t)i);
}

enum sp_rc sp_csv_check_width(struct sp_csv *c, struct sp_ctx *ctx) {
  if (c->nfields != c->hdr_n)
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "%s:%ld: expected %zu columns, found %zu", c->name,
                       c->rec_line, c->hdr_n, c->nfields);
  return SP_OK;
}

enum sp_rc sp_csv_fail(struct sp_csv *c, struct sp_ctx *ctx, enum sp_rc rc, const char *field,
                       const char *fmt, ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  return sp_ctx_fail(ctx, rc, field, "%s:%ld: %s: %s", c->name, c->rec_line,
                     field ? field : "record", msg);
}
