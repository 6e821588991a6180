/*
 * escape.c: HTML and XML escaping (see escape.h). Copies runs of ordinary
 * bytes at once and replaces the five special characters.
 */
#include "escape.h"

enum sp_rc sp_html_escape(struct sp_buf *out, const char *s) {
  if (!s)
    return out->failed ? SP_ENOMEM : SP_OK;
  const char *run = s;
  for (; *s; s++) {
    const char *rep = NULL;
    switch (*s) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default: continue;
    }
    if (sp_buf_add(out, run, (size_t)(s - run)) != SP_OK || sp_buf_adds(out, rep) != SP_OK)
      return SP_ENOMEM;
    run = s + 1;
  }
  return sp_buf_add(out, run, (size_t)(s - run));
}
