/*
 * pdf.h: the report as PDF, through cairo's PDF surface and pango. A4 pages,
 * real selectable text in an embedded font (DejaVu Sans from Debian's
 * fonts-dejavu-core; fontconfig falls back to another installed font for a
 * character it lacks, and a character no font has shows as a box), a title
 * page, a contents page with page numbers, headings, wrapped paragraphs,
 * tables split over pages with the header row repeated, charts as vectors,
 * and "Page N of M" in the footer.
 *
 * Layout runs twice: the first pass lays the document out without drawing
 * and records the page of every heading; the second draws, with the contents
 * filled in. Page numbers printed are the PDF's own page numbers.
 *
 * The page count of the guidance's limit ("should not exceed 30 pages
 * excluding annexes and contents pages", ../shared/seeds/004_34ac84fe2e6428e6.txt
 * section 6) is the pages of the body: all pages but the title page, the
 * contents pages and the annex pages.
 */
#ifndef SP_REPORT_PDF_H
#define SP_REPORT_PDF_H

#include "base/buf.h"
#include "base/sp.h"
#include "doc.h"

struct sp_pdf_info {
  int pages_total;    /* every page of the PDF */
  int title_pages;    /* 1 */
  int contents_pages; /* the contents */
  int annex_pages;    /* from the annex marker to the end */
  int pages_counted;  /* pages_total - title - contents - annex: the 30-page rule */
};

/* The most bytes a PDF held in memory may have. */
#define SP_PDF_MAX_BYTES (256u * 1024u * 1024u)

/* Renders doc as PDF appended to out (use a buffer with max >= the size
 * expected; SP_PDF_MAX_BYTES is plenty). Fills *info when info is not NULL.
 * Returns SP_OK, SP_ENOMEM / SP_ETOOBIG (buffer), or SP_EINTERNAL if cairo
 * fails, with the message on ctx. */
SP_MUST_USE enum sp_rc sp_report_pdf(struct sp_ctx *ctx, const struct sp_doc *doc,
                                     struct sp_buf *out, struct sp_pdf_info *info);

/* Renders doc as PDF into the file at path (replaced). SP_EIO names the path. */
SP_MUST_USE enum sp_rc sp_report_pdf_file(struct sp_ctx *ctx, const struct sp_doc *doc,
                                          const char *path, struct sp_pdf_info *info);

/* Lays doc out as the PDF would be, without drawing, and fills *info: the
 * page counts of the PDF that sp_report_pdf would write. */
SP_MUST_USE enum sp_rc sp_report_pdf_count(struct sp_ctx *ctx, const struct sp_doc *doc,
                                           struct sp_pdf_info *info);

#endif
