/*
 * doc.h: the report's document model, shared by the PDF and HTML renderers.
 *
 * A document is a title block (title, area, designated body, version, date)
 * and an ordered list of blocks: headings (levels 1-3), paragraphs, tables,
 * charts, and one optional annex marker. The tree of parts and sections is
 * carried by the heading levels, as in HTML: a level-1 heading opens a part,
 * level 2 a section within it, and every block belongs to the nearest heading
 * above it. Blocks after the annex marker are the annex: the renderers start
 * it on a new page and the page count of the guidance's 30-page limit
 * (../shared/seeds/004_34ac84fe2e6428e6.txt section 6) leaves it out, as it
 * leaves out the title and contents pages.
 *
 * Text everywhere is UTF-8. Every add function copies its text and repairs it
 * on the way in: invalid UTF-8 bytes become U+FFFD and control characters
 * other than newline (and tab in paragraphs) are dropped, so the renderers
 * may trust what they get. Ownership: the document owns every block, string,
 * table and chart added to it; sp_doc_free releases them all.
 */
#ifndef SP_REPORT_DOC_H
#define SP_REPORT_DOC_H

#include <stddef.h>

#include "base/sp.h"

struct sp_chart;

enum sp_doc_kind {
  SP_DOC_HEADING = 1,
  SP_DOC_PARA,
  SP_DOC_TABLE,
  SP_DOC_CHART,
  SP_DOC_ANNEX, /* marker: what follows is the annex */
};

/* A table: a header row of ncols cells and nrows body rows of ncols cells.
 * cells[r * ncols + c]; every cell is a non-NULL UTF-8 string. */
struct sp_doc_table {
  char *caption; /* may be NULL */
  size_t ncols;
  char **head;   /* ncols strings */
  size_t nrows;
  size_t cap_rows;
  char **cells;  /* nrows * ncols strings */
};

struct sp_doc_block {
  enum sp_doc_kind kind;
  int level;                    /* headings: 1..3 */
  char *text;                   /* heading or paragraph text; NULL otherwise */
  char *id;                     /* headings: a stable anchor ("part-1") */
  struct sp_doc_table *table;   /* SP_DOC_TABLE */
  struct sp_chart *chart;       /* SP_DOC_CHART */
};

struct sp_doc {
  char *title;     /* "Local Skills Improvement Plan" */
  char *area;      /* area name */
  char *body;      /* designated employer representative body */
  char *version;   /* "Version 2" */
  char *date;      /* ISO 8601 date of the version */
  char *status;    /* "draft", "published", ... may be NULL */
  size_t nblocks;
  size_t cap;
  struct sp_doc_block *blocks;
};

/* Creates an empty document. Returns NULL on out of memory. */
struct sp_doc *sp_doc_new(void);
/* Frees the document and everything it owns; NULL is a no-op. */
void sp_doc_free(struct sp_doc *doc);

/* Sets the title block; any argument may be NULL (kept empty). Copies. */
SP_MUST_USE enum sp_rc sp_doc_set_meta(struct sp_doc *doc, const char *title, const char *area,
                                       const char *body, const char *version, const char *date,
                                       const char *status);

/* Appends a heading of level 1..3 (others are clamped) with anchor id (may be
 * NULL: one is made from the position). */
SP_MUST_USE enum sp_rc sp_doc_heading(struct sp_doc *doc, int level, const char *id,
                                      const char *text);
/* Appends a paragraph. Blank lines inside text split it into paragraphs. */
SP_MUST_USE enum sp_rc sp_doc_para(struct sp_doc *doc, const char *text);
/* Appends the annex marker (at most one; a second is ignored). */
SP_MUST_USE enum sp_rc sp_doc_annex(struct sp_doc *doc);

/* Appends a table with ncols (1..200) columns and the given header cells;
 * *out is the table, owned by the document, to add rows to. */
SP_MUST_USE enum sp_rc sp_doc_table(struct sp_doc *doc, const char *caption, size_t ncols,
                                    const char *const *head, struct sp_doc_table **out);
/* Appends a row of t->ncols cells (NULL cells become ""). */
SP_MUST_USE enum sp_rc sp_doc_table_row(struct sp_doc_table *t, const char *const *cells);

/* Appends a chart; the document takes ownership of chart, also on failure. */
SP_MUST_USE enum sp_rc sp_doc_chart_take(struct sp_doc *doc, struct sp_chart *chart);

/* 1 when the document has an annex marker. */
int sp_doc_has_annex(const struct sp_doc *doc);

/* Copies s into a new string with invalid UTF-8 replaced by U+FFFD and
 * control characters dropped (newline kept when keep_newlines). NULL gives
 * "". Caller frees with sp_free; NULL on out of memory. */
char *sp_doc_clean_text(const char *s, int keep_newlines);

#endif
