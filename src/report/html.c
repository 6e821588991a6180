/*
 * html.c: the HTML renderer (see html.h). One pass over the document's
 * blocks; the contents list is written first from the headings.
 */
#include "html.h"

#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "out.h"

/* Escaped text with newlines as <br>. */
static void text_br(struct sp_buf *out, const char *s) {
  const char *nl;
  while ((nl = strchr(s, '\n')) != NULL) {
    size_t n = (size_t)(nl - s);
    char tmp[512];
    while (n > 0) {
      size_t k = n < sizeof(tmp) - 1 ? n : sizeof(tmp) - 1;
      memcpy(tmp, s, k);
      tmp[k] = '\0';
      SP__ESC(out, tmp);
      s += k;
      n -= k;
    }
    SP__PUTS(out, "<br>");
    s = nl + 1;
  }
  SP__ESC(out, s);
}

static const char css[] =
    "<style>\n"
    ".sp-report{font-family:\"GDS Transport\",arial,sans-serif;color:#0b0c0c;max-width:960px;"
    "margin:0 auto;padding:0 15px;overflow-wrap:anywhere}\n"
    ".sp-report .govuk-table{border-collapse:collapse;width:100%;margin-bottom:30px}\n"
    ".sp-report .govuk-table__header,.sp-report .govuk-table__cell{border-bottom:1px solid "
    "#b1b4b6;padding:8px 12px 8px 0;text-align:left;vertical-align:top}\n"
    ".sp-table-wrap{overflow-x:auto}\n"
    ".sp-report .govuk-caption-l{display:block;color:#505a5f;font-size:60%;font-weight:normal}\n"
    ".sp-report .govuk-summary-list__row{display:flex;gap:1em}"
    ".sp-report .govuk-summary-list__key{font-weight:bold;min-width:18em}"
    ".sp-report .govuk-summary-list__value{margin:0}\n"
    ".sp-figure{margin:0 0 30px}.sp-figure svg{height:auto}\n"
    ".sp-annex{border-top:2px solid #b1b4b6;margin-top:40px}\n"
    "@media print{.sp-report{max-width:none}.sp-part,.sp-annex{break-before:page}"
    ".govuk-table__row,.sp-figure{break-inside:avoid}thead{display:table-header-group}"
    ".sp-contents a{color:#0b0c0c;text-decoration:none}details{display:none}"
    "a[href^=\"#\"]:after{content:\"\"}}\n"
    "</style>\n";

static void meta_row(struct sp_buf *out, const char *key, const char *val) {
  if (!val || !*val)
    return;
  SP__PUTS(out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
  SP__ESC(out, key);
  SP__PUTS(out, "</dt><dd class=\"govuk-summary-list__value\">");
  SP__ESC(out, val);
  SP__PUTS(out, "</dd></div>");
}

static void contents(struct sp_buf *out, const struct sp_doc *doc, int shift) {
  SP__PUTF(out, "<nav class=\"sp-contents\" aria-labelledby=\"contents-title\">"
                "<h%d class=\"govuk-heading-m\" id=\"contents-title\">Contents</h%d>"
                "<ol class=\"govuk-list govuk-list--number\">", 2 + shift, 2 + shift);
  int open1 = 0, open2 = 0;
  for (size_t i = 0; i < doc->nblocks; i++) {
    const struct sp_doc_block *b = &doc->blocks[i];
    if (b->kind != SP_DOC_HEADING || b->level > 2)
      continue;
    if (b->level == 1) {
      if (open2)
        SP__PUTS(out, "</ul>");
      if (open1)
        SP__PUTS(out, "</li>");
      open2 = 0;
      open1 = 1;
      SP__PUTS(out, "<li>");
    } else {
      if (!open1) {
        SP__PUTS(out, "<li>");
        open1 = 1;
      }
      if (!open2) {
        SP__PUTS(out, "<ul class=\"govuk-list\">");
        open2 = 1;
      }
      SP__PUTS(out, "<li>");
    }
    SP__PUTS(out, "<a class=\"govuk-link\" href=\"#");
    SP__ESC(out, b->id);
    SP__PUTS(out, "\">");
    SP__ESC(out, b->text);
    SP__PUTS(out, "</a>");
    if (b->level == 2)
      SP__PUTS(out, "</li>");
  }
  if (open2)
    SP__PUTS(out, "</ul>");
  if (open1)
    SP__PUTS(out, "</li>");
  SP__PUTS(out, "</ol></nav>");
}

static void table(struct sp_buf *out, const struct sp_doc_table *t, int n) {
  SP__PUTF(out, "<div class=\"sp-table-wrap\" role=\"region\" tabindex=\"0\" "
                "aria-labelledby=\"table-%d\"><table class=\"govuk-table\">"
                "<caption class=\"govuk-table__caption govuk-table__caption--s\" id=\"table-%d\">"
                "Table %d",
           n, n, n);
  if (t->caption) {
    SP__PUTS(out, ": ");
    SP__ESC(out, t->caption);
  }
  SP__PUTS(out, "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
  for (size_t c = 0; c < t->ncols; c++) {
    SP__PUTS(out, "<th scope=\"col\" class=\"govuk-table__header\">");
    SP__ESC(out, t->head[c]);
    SP__PUTS(out, "</th>");
  }
  SP__PUTS(out, "</tr></thead><tbody class=\"govuk-table__body\">");
  for (size_t r = 0; r < t->nrows; r++) {
    SP__PUTS(out, "<tr class=\"govuk-table__row\">");
    for (size_t c = 0; c < t->ncols; c++) {
      SP__PUTS(out, "<td class=\"govuk-table__cell\">");
      text_br(out, t->cells[r * t->ncols + c]);
      SP__PUTS(out, "</td>");
    }
    SP__PUTS(out, "</tr>");
  }
  SP__PUTS(out, "</tbody></table></div>");
}

static void figure(struct sp_buf *out, const struct sp_chart *c, int n) {
  char id[32];
  snprintf(id, sizeof(id), "figure-%d", n);
  SP__PUTS(out, "<figure class=\"sp-figure\">");
  if (sp_chart_svg(c, id, 640, 360, out) != SP_OK)
    return;
  SP__PUTF(out, "<figcaption class=\"govuk-body-s\">Figure %d: ", n);
  SP__ESC(out, c->title);
  SP__PUTS(out, "</figcaption><details class=\"govuk-details\"><summary class=\"govuk-details__"
                "summary\"><span class=\"govuk-details__summary-text\">Figure as text</span>"
                "</summary><div class=\"govuk-details__text\">");
  struct sp_buf alt;
  sp_buf_init(&alt, 1u << 20);
  if (sp_chart_alt_text(c, &alt) == SP_OK)
    SP__ESC(out, sp_buf_str(&alt));
  sp_buf_free(&alt);
  SP__PUTS(out, "</div></details></figure>");
}

enum sp_rc sp_report_html(struct sp_ctx *ctx, const struct sp_doc *doc, int flags,
                          struct sp_buf *out) {
  const char *title = doc->title ? doc->title : "Local Skills Improvement Plan";
  if (!(flags & SP_HTML_FRAGMENT)) {
    SP__PUTS(out, "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\"><head>"
                  "<meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\"><title>");
    SP__ESC(out, title);
    if (doc->area) {
      SP__PUTS(out, ": ");
      SP__ESC(out, doc->area);
    }
    SP__PUTS(out, "</title><link rel=\"stylesheet\" href=\"/static/govuk/govuk-frontend.min.css\">\n");
    SP__PUTS(out, css);
    SP__PUTS(out, "</head><body class=\"govuk-template__body\"><div class=\"govuk-width-container\">"
                  "<main class=\"govuk-main-wrapper\" id=\"main-content\">");
  } else {
    SP__PUTS(out, css);
  }
  /* a fragment sits under the page's own h1: its headings go one level down */
  int shift = (flags & SP_HTML_FRAGMENT) ? 1 : 0;
  SP__PUTF(out, "<article class=\"sp-report\"><h%d class=\"govuk-heading-xl\">"
                "<span class=\"govuk-caption-l\">", 1 + shift);
  SP__ESC(out, title);
  SP__PUTS(out, "</span>");
  SP__ESC(out, doc->area ? doc->area : "");
  SP__PUTF(out, "</h%d><dl class=\"govuk-summary-list\">", 1 + shift);
  meta_row(out, "Designated employer representative body", doc->body);
  meta_row(out, "Version", doc->version);
  meta_row(out, "Date", doc->date);
  meta_row(out, "Status", doc->status);
  SP__PUTS(out, "</dl>");
  contents(out, doc, shift);
  int fig = 0, tab = 0, in_section = 0;
  for (size_t i = 0; i < doc->nblocks; i++) {
    const struct sp_doc_block *b = &doc->blocks[i];
    switch (b->kind) {
    case SP_DOC_HEADING:
      if (b->level == 1) {
        if (in_section)
          SP__PUTS(out, "</section>");
        SP__PUTS(out, "<section class=\"sp-part\" aria-labelledby=\"");
        SP__ESC(out, b->id);
        SP__PUTS(out, "\">");
        in_section = 1;
      }
      SP__PUTF(out, "<h%d class=\"govuk-heading-%s\" id=\"", b->level + 1 + shift,
               b->level == 1 ? "l" : b->level == 2 ? "m" : "s");
      SP__ESC(out, b->id);
      SP__PUTS(out, "\">");
      SP__ESC(out, b->text);
      SP__PUTF(out, "</h%d>", b->level + 1 + shift);
      break;
    case SP_DOC_PARA:
      SP__PUTS(out, "<p class=\"govuk-body\">");
      text_br(out, b->text);
      SP__PUTS(out, "</p>");
      break;
    case SP_DOC_TABLE:
      table(out, b->table, ++tab);
      break;
    case SP_DOC_CHART:
      figure(out, b->chart, ++fig);
      break;
    case SP_DOC_ANNEX:
      if (in_section)
        SP__PUTS(out, "</section>");
      in_section = 0;
      SP__PUTS(out, "<div class=\"sp-annex\"></div>");
      break;
    }
  }
  if (in_section)
    SP__PUTS(out, "</section>");
  SP__PUTS(out, "</article>");
  if (!(flags & SP_HTML_FRAGMENT))
    SP__PUTS(out, "</main></div></body></html>\n");
  if (out->failed)
    return sp_ctx_fail(ctx, SP_ETOOBIG, NULL,
                       "the HTML report could not be held: out of memory, or over %zu bytes",
                       out->max);
  return SP_OK;
}
