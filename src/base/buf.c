/*
 * buf.c: the bounded growable buffer. Growth doubles up to the maximum.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

void sp_buf_init(struct sp_buf *b, size_t max) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  b->max = max;
  b->failed = 0;
}

void sp_buf_free(struct sp_buf *b) {
  sp_free(b->data);
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

void sp_buf_reset(struct sp_buf *b) {
  b->len = 0;
  b->failed = 0;
  if (b->data)
    b->data[0] = '\0';
}

static enum sp_rc fail(struct sp_buf *b, enum sp_rc rc) {
  sp_buf_free(b);
  b->failed = 1;
  return rc;
}

static enum sp_rc grow(struct sp_buf *b, size_t need) {
  if (b->failed)
    return SP_ENOMEM;
  if (need > b->max)
    return fail(b, SP_ETOOBIG);
  if (need + 1 <= b->cap)
    return SP_OK;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need + 1)
    cap *= 2;
  if (cap > b->max + 1)
    cap = b->max + 1;
  char *p = sp_realloc(b->data, cap);
  if (!p)
    return fail(b, SP_ENOMEM);
  b->data = p;
  b->cap = cap;
  return SP_OK;
}

enum sp_rc sp_buf_add(struct sp_buf *b, const void *p, size_t n) {
  if (n > b->max || b->len > b->max - n)
    return fail(b, SP_ETOOBIG);
  enum sp_rc rc = grow(b, b->len + n);
  if (rc != SP_OK)
    return rc;
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return SP_OK;
}

enum sp_rc sp_buf_adds(struct sp_buf *b, const char *s) { return sp_buf_add(b, s, strlen(s)); }

enum sp_rc sp_buf_addc(struct sp_buf *b, char c) { return sp_buf_add(b, &c, 1); }

enum sp_rc sp_buf_addf(struct sp_buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof(small), fmt, ap);
  va_end(ap);
  if (n < 0)
    return fail(b, SP_EINVAL);
  if ((size_t)n < sizeof(small))
    return sp_buf_add(b, small, (size_t)n);
  enum sp_rc rc = grow(b, b->len + (size_t)n);
  if (rc != SP_OK)
    return rc;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return SP_OK;
}

const char *sp_buf_str(const struct sp_buf *b) { return b->data ? b->data : ""; }

char *sp_buf_take(struct sp_buf *b) {
  if (b->failed)
    return NULL;
  char *p = b->data ? b->data : sp_strdup("");
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  return p;
}
