/*
 * out.h: private to src/report/: appending to an sp_buf without checking
 * each call. The buffer's failure is sticky (see base/buf.h), so report
 * writers append many pieces and check b->failed once at the end.
 */
#ifndef SP_REPORT_OUT_H
#define SP_REPORT_OUT_H

#include "base/buf.h"
#include "base/escape.h"

#define SP__PUTS(b, s)                                                                             \
  do {                                                                                             \
    if (sp_buf_adds((b), (s))) {                                                                   \
    }                                                                                              \
  } while (0)
#define SP__PUTN(b, p, n)                                                                          \
  do {                                                                                             \
    if (sp_buf_add((b), (p), (n))) {                                                               \
    }                                                                                              \
  } while (0)
#define SP__PUTC(b, c)                                                                             \
  do {                                                                                             \
    if (sp_buf_addc((b), (c))) {                                                                   \
    }                                                                                              \
  } while (0)
/* s HTML/XML-escaped (base/escape.h). */
#define SP__ESC(b, s)                                                                              \
  do {                                                                                             \
    if (sp_html_escape((b), (s))) {                                                                \
    }                                                                                              \
  } while (0)
#define SP__PUTF(b, ...)                                                                           \
  do {                                                                                             \
    if (sp_buf_addf((b), __VA_ARGS__)) {                                                           \
    }                                                                                              \
  } while (0)

#endif
