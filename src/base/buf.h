/*
 * buf.h: a growable byte buffer with a maximum size given at init, after
 * curl's dynbuf. On any failure (out of memory, or growth past the maximum)
 * the buffer frees its contents and every later append fails too, so a
 * caller can append many pieces and check once at the end.
 */
#ifndef SP_BUF_H
#define SP_BUF_H

#include <stddef.h>

#include "sp.h"

struct sp_buf {
  char *data;   /* always NUL-terminated when len > 0; owned by the buffer */
  size_t len;
  size_t cap;
  size_t max;   /* largest len allowed */
  int failed;   /* set once an append failed; sticky */
};

/* Starts an empty buffer that may hold at most max bytes. */
void sp_buf_init(struct sp_buf *b, size_t max);
/* Frees the contents; the buffer may be reused after sp_buf_init. */
void sp_buf_free(struct sp_buf *b);
/* Empties the buffer, keeping its memory. Clears a failure. */
void sp_buf_reset(struct sp_buf *b);

/* Appends; SP_ENOMEM or SP_ETOOBIG on failure (and the buffer is freed). */
SP_MUST_USE enum sp_rc sp_buf_add(struct sp_buf *b, const void *p, size_t n);
SP_MUST_USE enum sp_rc sp_buf_adds(struct sp_buf *b, const char *s);
SP_MUST_USE enum sp_rc sp_buf_addc(struct sp_buf *b, char c);
SP_MUST_USE enum sp_rc sp_buf_addf(struct sp_buf *b, const char *fmt, ...) SP_PRINTF(2, 3);

/* The contents as a C string ("" when empty); borrowed. */
const char *sp_buf_str(const struct sp_buf *b);

/* Hands the contents to the caller (free with sp_free) and empties b.
 * Returns NULL if the buffer failed; an empty buffer gives "". */
char *sp_buf_take(struct sp_buf *b);

#endif
