/*
 * html.h: the report as HTML in the GOV.UK Design System's style: the title
 * block as a summary list, a contents list linking every part and section,
 * headings in order (the page's h1 is the title; parts are h2), paragraphs
 * as govuk-body, tables as govuk-table with <th scope="col">, charts as
 * inline SVG (role="img" with <title> and <desc>) inside a <figure> with a
 * caption and the chart's text alternative under a details element, and
 * print CSS (parts and the annex start a new printed page). All text is
 * escaped.
 */
#ifndef SP_REPORT_HTML_H
#define SP_REPORT_HTML_H

#include "base/buf.h"
#include "base/sp.h"
#include "doc.h"

/* The most bytes an HTML report held in memory may have. */
#define SP_HTML_MAX_BYTES (64u * 1024u * 1024u)

enum {
  SP_HTML_FRAGMENT = 1, /* only the report's <article>, to place in a page layout
                           under the page's own h1: every heading one level down */
};

/* Appends doc as HTML to out: a whole page, or with SP_HTML_FRAGMENT only
 * the <article>. The standalone page links GOV.UK Frontend's CSS at
 * /static/govuk/govuk-frontend.min.css and carries enough inline CSS to read
 * and print well without it. SP_ENOMEM / SP_ETOOBIG when out fails. */
SP_MUST_USE enum sp_rc sp_report_html(struct sp_ctx *ctx, const struct sp_doc *doc, int flags,
                                      struct sp_buf *out);

#endif
