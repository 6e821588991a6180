/*
 * doc.c: the report's document model (see doc.h): a title block and a flat,
 * growable array of blocks whose heading levels make the tree of parts and
 * sections. Text is cleaned on the way in so renderers never see bad UTF-8.
 */
#include "doc.h"

#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "out.h"


/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80)
    return 1;
  size_t len;
  unsigned cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

char *sp_doc_clean_text(const char *s, int keep_newlines) {
  if (!s)
    return sp_strdup("");
  size_t n = strlen(s);
  struct sp_buf b;
  sp_buf_init(&b, n * 3 + 16);
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    size_t len = utf8_seq(p + i, n - i);
    if (len == 0) {
      SP__PUTN(&b, "\xEF\xBF\xBD", 3);
      i++;
      continue;
    }
    if (len == 1 && p[i] < 0x20) {
      if (p[i] == '\n' && keep_newlines)
        SP__PUTC(&b, '\n');
      else if (p[i] == '\t' || (p[i] == '\n' && !keep_newlines))
        SP__PUTC(&b, ' ');
      i++;
      continue;
    }
    if (len == 1 && p[i] == 0x7F) {
      i++;
      continue;
    }
    SP__PUTN(&b, p + i, len);
    i += len;
  }
  if (b.failed)
    return NULL;
  if (b.len == 0) {
    sp_buf_free(&b);
    return sp_strdup("");
  }
  return sp_buf_take(&b);
}

struct sp_doc *sp_doc_new(void) { return sp_calloc(1, sizeof(struct sp_doc)); }

static void table_free(struct sp_doc_table *t) {
  if (!t)
    return;
  sp_free(t->caption);
  for (size_t c = 0; c < t->ncols; c++)
    sp_free(t->head ? t->head[c] : NULL);
  sp_free(t->head);
  for (size_t i = 0; i < t->nrows * t->ncols; i++)
    sp_free(t->cells[i]);
  sp_free(t->cells);
  sp_free(t);
}

void sp_doc_free(struct sp_doc *doc) {
  if (!doc)
    return;
  for (size_t i = 0; i < doc->nblocks; i++) {
    struct sp_doc_block *b = &doc->blocks[i];
    sp_free(b->text);
    sp_free(b->id);
    table_free(b->table);
    sp_chart_free(b->chart);
  }
  sp_free(doc->blocks);
  sp_free(doc->title);
  sp_free(doc->area);
  sp_free(doc->body);
  sp_free(doc->version);
  sp_free(doc->date);
  sp_free(doc->status);
  sp_free(doc);
}

static enum sp_rc set_str(char **dst, const char *s) {
  char *c = NULL;
  if (s) {
    c = sp_doc_clean_text(s, 0);
    if (!c)
      return SP_ENOMEM;
  }
  sp_free(*dst);
  *dst = c;
  return SP_OK;
}

enum sp_rc sp_doc_set_meta(struct sp_doc *doc, const char *title, const char *area,
                           const char *body, const char *version, const char *date,
                           const char *status) {
  if (set_str(&doc->title, title) || set_str(&doc->area, area) || set_str(&doc->body, body) ||
      set_str(&doc->version, version) || set_str(&doc->date, date) ||
      set_str(&doc->status, status))
    return SP_ENOMEM;
  return SP_OK;
}

static struct sp_doc_block *push(struct sp_doc *doc, enum sp_doc_kind kind) {
  if (doc->nblocks == doc->cap) {
    size_t cap = doc->cap ? doc->cap * 2 : 32;
    struct sp_doc_block *nb = sp_realloc(doc->blocks, cap * sizeof(*nb));
    if (!nb)
      return NULL;
    doc->blocks = nb;
    doc->cap = cap;
  }
  struct sp_doc_block *b = &doc->blocks[doc->nblocks++];
  memset(b, 0, sizeof(*b));
  b->kind = kind;
  return b;
}

enum sp_rc sp_doc_heading(struct sp_doc *doc, int level, const char *id, const char *text) {
  if (level < 1)
    level = 1;
  if (level > 3)
    level = 3;
  char *t = sp_doc_clean_text(text, 0);
  char idbuf[32];
  if (!id) {
    snprintf(idbuf, sizeof(idbuf), "s%zu", doc->nblocks + 1);
    id = idbuf;
  }
  char *i = sp_strdup(id);
  struct sp_doc_block *b = (t && i) ? push(doc, SP_DOC_HEADING) : NULL;
  if (!b) {
    sp_free(t);
    sp_free(i);
    return SP_ENOMEM;
  }
  b->level = level;
  b->text = t;
  b->id = i;
  return SP_OK;
}

enum sp_rc sp_doc_para(struct sp_doc *doc, const char *text) {
  char *all = sp_doc_clean_text(text, 1);
  if (!all)
    return SP_ENOMEM;
  /* Split on blank lines; single newlines stay as line breaks. */
  enum sp_rc rc = SP_OK;
  char *p = all;
  while (*p && rc == SP_OK) {
    while (*p == '\n')
      p++;
    if (!*p)
      break;
    char *end = strstr(p, "\n\n");
    size_t len = end ? (size_t)(end - p) : strlen(p);
    while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == ' '))
      len--;
    char *t = sp_strndup(p, len);
    struct sp_doc_block *b = t ? push(doc, SP_DOC_PARA) : NULL;
    if (!b) {
      sp_free(t);
      rc = SP_ENOMEM;
      break;
    }
    b->text = t;
    p = end ? end : p + strlen(p);
  }
  sp_free(all);
  return rc;
}

int sp_doc_has_annex(const struct sp_doc *doc) {
  for (size_t i = 0; i < doc->nblocks; i++)
    if (doc->blocks[i].kind == SP_DOC_ANNEX)
      return 1;
  return 0;
}

enum sp_rc sp_doc_annex(struct sp_doc *doc) {
  if (sp_doc_has_annex(doc))
    return SP_OK;
  return push(doc, SP_DOC_ANNEX) ? SP_OK : SP_ENOMEM;
}

enum sp_rc sp_doc_table(struct sp_doc *doc, const char *caption, size_t ncols,
                        const char *const *head, struct sp_doc_table **out) {
  *out = NULL;
  if (ncols < 1 || ncols > 200)
    return SP_EINVAL;
  struct sp_doc_table *t = sp_calloc(1, sizeof(*t));
  if (!t)
    return SP_ENOMEM;
  t->ncols = ncols;
  t->head = sp_calloc(ncols, sizeof(char *));
  if (!t->head)
    goto oom;
  if (caption && !(t->caption = sp_doc_clean_text(caption, 0)))
    goto oom;
  for (size_t c = 0; c < ncols; c++)
    if (!(t->head[c] = sp_doc_clean_text(head ? head[c] : "", 0)))
      goto oom;
  struct sp_doc_block *b = push(doc, SP_DOC_TABLE);
  if (!b)
    goto oom;
  b->table = t;
  *out = t;
  return SP_OK;
oom:
  table_free(t);
  return SP_ENOMEM;
}

enum sp_rc sp_doc_table_row(struct sp_doc_table *t, const char *const *cells) {
  if (t->nrows == t->cap_rows) {
    size_t cap = t->cap_rows ? t->cap_rows * 2 : 8;
    char **nc = sp_realloc(t->cells, cap * t->ncols * sizeof(char *));
    if (!nc)
      return SP_ENOMEM;
    t->cells = nc;
    t->cap_rows = cap;
  }
  char **row = t->cells + t->nrows * t->ncols;
  for (size_t c = 0; c < t->ncols; c++) {
    row[c] = sp_doc_clean_text(cells ? cells[c] : "", 1);
    if (!row[c]) {
      for (size_t k = 0; k < c; k++)
        sp_free(row[k]);
      return SP_ENOMEM;
    }
  }
  t->nrows++;
  return SP_OK;
}

enum sp_rc sp_doc_chart_take(struct sp_doc *doc, struct sp_chart *chart) {
  if (!chart)
    return SP_EINVAL;
  struct sp_doc_block *b = push(doc, SP_DOC_CHART);
  if (!b) {
    sp_chart_free(chart);
    return SP_ENOMEM;
  }
  b->chart = chart;
  return SP_OK;
}
