/*
 * pdf.c: the PDF renderer (see pdf.h). One layout engine, `struct lay`,
 * walks the document's blocks and places them on A4 pages; with draw = 0 it
 * only measures (pass one: heading pages for the contents, page counts), with
 * draw = 1 it paints through cairo and pango (pass two). Text is laid out by
 * pango with word-or-character wrapping, so a word longer than the line is
 * broken rather than overflowing; paragraphs and table cells flow line by line
 * across page breaks; a table repeats its header row on every page and
 * shrinks its font and padding when it has many columns.
 */
#include "pdf.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "base/alloc.h"

#define PAGE_W 595.276
#define PAGE_H 841.890
#define M_LEFT 56.7
#define M_TOP 56.7
#define CONTENT_W (PAGE_W - 2 * M_LEFT)
#define BODY_BOTTOM (PAGE_H - 62.0)
#define FOOTER_Y (PAGE_H - 34.0)
#define CHART_H 230.0
#define FONT "DejaVu Sans"
#define PS ((double)PANGO_SCALE)
#define TOC_LINE 18.0
#define TOC_TOP (M_TOP + 40.0)

struct toc_entry {
  int level;
  const char *text; /* borrowed from the document */
  int page;
};

struct lay {
  cairo_t *cr;
  int draw;
  const struct sp_doc *doc;
  PangoLayout *pl;  /* text flow */
  PangoLayout *fpl; /* footer and single lines: never the flow's, whose iterator may be live */
  PangoFontDescription *fd_body, *fd_h[3], *fd_small, *fd_caption;
  double y;
  int page;
  int total; /* pass two: total pages from pass one */
  int contents_pages;
  int annex_page; /* first annex page, 0 when none */
  struct toc_entry *toc;
  size_t ntoc, itoc;
  int fig, tab;
};

static PangoFontDescription *font(double size, int bold, int italic) {
  PangoFontDescription *fd = pango_font_description_from_string(FONT);
  pango_font_description_set_absolute_size(fd, size * PS);
  if (bold)
    pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  if (italic)
    pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
  return fd;
}

static void ink(struct lay *L) { cairo_set_source_rgb(L->cr, 0x0b / 255.0, 0x0c / 255.0, 0x0c / 255.0); }

/* Draws one line of text in pl, unwrapped, at (x, baseline y). align: 0
 * left, 1 right edge at x. */
static void put_line(struct lay *L, PangoFontDescription *fd, const char *s, double x, double y,
                     int align_right) {
  pango_layout_set_font_description(L->fpl, fd);
  pango_layout_set_width(L->fpl, -1);
  pango_layout_set_text(L->fpl, s, -1);
  PangoRectangle log;
  pango_layout_get_extents(L->fpl, NULL, &log);
  double base = pango_layout_get_baseline(L->fpl) / PS;
  ink(L);
  cairo_move_to(L->cr, align_right ? x - log.width / PS : x, y - base);
  pango_cairo_show_layout(L->cr, L->fpl);
}

/* Copies at most max code points of s (NULL gives "") into out. */
static void clip(char *out, size_t outsz, const char *s, size_t max) {
  size_t i = 0, n = 0;
  if (!s)
    s = "";
  while (s[i] && n < max) {
    size_t len = 1;
    while (s[i + len] && ((unsigned char)s[i + len] & 0xC0) == 0x80)
      len++;
    if (i + len + 1 > outsz)
      break;
    i += len;
    n++;
  }
  memcpy(out, s, i);
  out[i] = '\0';
}

static void footer(struct lay *L) {
  if (!L->draw || L->page <= 1)
    return;
  char left[1024], right[64], area[400], ver[200];
  clip(area, sizeof(area), L->doc->area, 80);
  clip(ver, sizeof(ver), L->doc->version, 40);
  snprintf(left, sizeof(left), "Local Skills Improvement Plan: %s%s%s", area, *ver ? ", " : "",
           ver);
  snprintf(right, sizeof(right), "Page %d of %d", L->page, L->total);
  cairo_set_source_rgb(L->cr, 0.69, 0.71, 0.71);
  cairo_set_line_width(L->cr, 0.5);
  cairo_move_to(L->cr, M_LEFT, FOOTER_Y - 12);
  cairo_line_to(L->cr, PAGE_W - M_LEFT, FOOTER_Y - 12);
  cairo_stroke(L->cr);
  pango_layout_set_ellipsize(L->fpl, PANGO_ELLIPSIZE_END);
  pango_layout_set_font_description(L->fpl, L->fd_small);
  pango_layout_set_width(L->fpl, (int)((CONTENT_W - 90) * PS));
  pango_layout_set_text(L->fpl, left, -1);
  ink(L);
  cairo_move_to(L->cr, M_LEFT, FOOTER_Y - pango_layout_get_baseline(L->fpl) / PS);
  pango_cairo_show_layout(L->cr, L->fpl);
  pango_layout_set_ellipsize(L->fpl, PANGO_ELLIPSIZE_NONE);
  put_line(L, L->fd_small, right, PAGE_W - M_LEFT, FOOTER_Y, 1);
}

static void new_page(struct lay *L) {
  footer(L);
  if (L->draw)
    cairo_show_page(L->cr);
  L->page++;
  L->y = M_TOP;
}

static int page_clean(const struct lay *L) { return L->y <= M_TOP + 0.5; }

/* Flows text in font fd into the column (x, width) from L->y, line by line
 * over page breaks, then adds space_after. */
static void flow(struct lay *L, const char *text, PangoFontDescription *fd, double x,
                 double width, double space_after) {
  PangoLayout *pl = L->pl;
  pango_layout_set_font_description(pl, fd);
  pango_layout_set_width(pl, (int)(width * PS));
  pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text(pl, text, -1);
  PangoLayoutIter *it = pango_layout_get_iter(pl);
  double shift = L->y;
  ink(L);
  do {
    PangoRectangle log;
    pango_layout_iter_get_line_extents(it, NULL, &log);
    double top = log.y / PS, h = log.height / PS;
    if (top + shift + h > BODY_BOTTOM && top + shift > M_TOP + 0.5) {
      new_page(L);
      shift = L->y - top;
      ink(L);
    }
    if (L->draw) {
      double base = pango_layout_iter_get_baseline(it) / PS;
      cairo_move_to(L->cr, x + log.x / PS, base + shift);
      pango_cairo_show_layout_line(L->cr, pango_layout_iter_get_line_readonly(it));
    }
    L->y = top + h + shift;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  L->y += space_after;
}

/* Height text would take in the column, unbroken. */
static double measure(struct lay *L, const char *text, PangoFontDescription *fd, double width) {
  pango_layout_set_font_description(L->pl, fd);
  pango_layout_set_width(L->pl, (int)(width * PS));
  pango_layout_set_wrap(L->pl, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text(L->pl, text, -1);
  PangoRectangle log;
  pango_layout_get_extents(L->pl, NULL, &log);
  return log.height / PS;
}

static void heading(struct lay *L, const struct sp_doc_block *b, const struct sp_doc_block *next) {
  static const double size[3] = {20, 15, 12};
  static const double before[3] = {0, 14, 10};
  int lv = b->level - 1;
  if (lv == 0 && !page_clean(L))
    new_page(L);
  else if (!page_clean(L))
    L->y += before[lv];
  double h = measure(L, b->text, L->fd_h[lv], CONTENT_W);
  /* keep a heading with what follows: a chart whole, else a few lines */
  double keep = next && next->kind == SP_DOC_CHART ? CHART_H + 24 : 3 * size[2] + 12;
  if (L->y + h + keep > BODY_BOTTOM && !page_clean(L))
    new_page(L);
  if (b->level <= 2) {
    if (L->draw) {
      cairo_surface_t *s = cairo_get_target(L->cr);
      char attr[64];
      snprintf(attr, sizeof(attr), "page=%d", L->page);
      cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, b->text, attr, 0);
    } else if (L->toc) {
      L->toc[L->ntoc].level = b->level;
      L->toc[L->ntoc].text = b->text;
      L->toc[L->ntoc].page = L->page;
      L->ntoc++;
    }
  }
  flow(L, b->text, L->fd_h[lv], M_LEFT, CONTENT_W, lv == 0 ? 12 : 6);
}

static void chart(struct lay *L, const struct sp_doc_block *b) {
  L->fig++;
  char cap[1024], ttl[900];
  clip(ttl, sizeof(ttl), b->chart->title, 200);
  snprintf(cap, sizeof(cap), "Figure %d: %s", L->fig, ttl);
  double ch = measure(L, cap, L->fd_caption, CONTENT_W);
  if (L->y + CHART_H + ch + 6 > BODY_BOTTOM && !page_clean(L))
    new_page(L);
  if (L->draw)
    sp_chart_cairo(b->chart, L->cr, M_LEFT, L->y, CONTENT_W, CHART_H, FONT);
  L->y += CHART_H + 4;
  flow(L, cap, L->fd_caption, M_LEFT, CONTENT_W, 10);
}

/* ---- tables ------------------------------------------------------------ */

struct tbl {
  const struct sp_doc_table *t;
  size_t nc;
  double pad;
  double *x, *w;
  PangoLayout **cell; /* one per column, refilled per row */
  PangoLayout **head;
  double head_h;
};

static double layout_h(PangoLayout *pl) {
  PangoRectangle log;
  pango_layout_get_extents(pl, NULL, &log);
  return log.height / PS;
}

static void set_cell(PangoLayout *pl, const char *s, double w) {
  pango_layout_set_width(pl, (int)(w * PS));
  pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text(pl, s, -1);
}

static void rule(struct lay *L, double y, double width) {
  if (!L->draw)
    return;
  cairo_set_source_rgb(L->cr, 0.69, 0.71, 0.71);
  cairo_set_line_width(L->cr, width);
  cairo_move_to(L->cr, M_LEFT, y);
  cairo_line_to(L->cr, M_LEFT + CONTENT_W, y);
  cairo_stroke(L->cr);
}

static void table_header(struct lay *L, struct tbl *T) {
  if (L->draw) {
    ink(L);
    for (size_t c = 0; c < T->nc; c++) {
      cairo_move_to(L->cr, T->x[c] + T->pad, L->y + T->pad);
      pango_cairo_show_layout(L->cr, T->head[c]);
    }
  }
  L->y += T->head_h;
  rule(L, L->y, 1.2);
}

/* Draws the lines of cell c lying within [off, off + avail) of its layout at
 * page y. Returns the layout y reached (the bottom of the last line drawn),
 * or off when none fits; *left set when lines remain below. */
static double cell_lines(struct lay *L, struct tbl *T, size_t c, double off, double avail,
                         double y, int force, int *left) {
  PangoLayoutIter *it = pango_layout_get_iter(T->cell[c]);
  double reached = off;
  *left = 0;
  do {
    PangoRectangle log;
    pango_layout_iter_get_line_extents(it, NULL, &log);
    double top = log.y / PS, bot = (log.y + log.height) / PS;
    if (top < off - 0.01)
      continue;
    if (bot - off > avail + 0.01 && !(force && reached == off)) {
      *left = 1;
      break;
    }
    if (L->draw) {
      double base = pango_layout_iter_get_baseline(it) / PS;
      cairo_move_to(L->cr, T->x[c] + T->pad + log.x / PS, y + (base - off));
      pango_cairo_show_layout_line(L->cr, pango_layout_iter_get_line_readonly(it));
    }
    reached = bot;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return reached;
}

static enum sp_rc table(struct lay *L, const struct sp_doc_block *b) {
  const struct sp_doc_table *t = b->table;
  struct tbl T = {t, t->ncols, 0, NULL, NULL, NULL, NULL, 0};
  size_t nc = t->ncols;
  enum sp_rc rc = SP_ENOMEM;
  double fsz = nc <= 6 ? 9.0 : fmax(nc > 24 ? 4.0 : 5.0, 9.0 * 6.0 / (double)nc);
  T.pad = nc <= 8 ? 4.0 : nc <= 16 ? 2.0 : 1.0;
  PangoFontDescription *fd = font(fsz, 0, 0), *fdb = font(fsz, 1, 0);
  double *nat = sp_calloc(nc, sizeof(double)), *off = sp_calloc(nc, sizeof(double));
  double *floor_w = sp_calloc(nc, sizeof(double));
  T.x = sp_calloc(nc, sizeof(double));
  T.w = sp_calloc(nc, sizeof(double));
  T.cell = sp_calloc(nc, sizeof(PangoLayout *));
  T.head = sp_calloc(nc, sizeof(PangoLayout *));
  if (!nat || !off || !floor_w || !T.x || !T.w || !T.cell || !T.head)
    goto out;
  for (size_t c = 0; c < nc; c++) {
    T.cell[c] = pango_cairo_create_layout(L->cr);
    T.head[c] = pango_cairo_create_layout(L->cr);
    pango_layout_set_font_description(T.cell[c], fd);
    pango_layout_set_font_description(T.head[c], fdb);
  }
  /* natural widths: the header and the first rows, unwrapped */
  size_t sample = t->nrows < 60 ? t->nrows : 60;
  for (size_t c = 0; c < nc; c++) {
    PangoRectangle log;
    pango_layout_set_width(T.head[c], -1);
    pango_layout_set_text(T.head[c], t->head[c], -1);
    pango_layout_get_extents(T.head[c], NULL, &log);
    nat[c] = log.width / PS;
    floor_w[c] = fmin(nat[c] + 2 * T.pad + 1, 2 * CONTENT_W / (double)nc);
    for (size_t r = 0; r < sample; r++) {
      pango_layout_set_width(T.cell[c], -1);
      pango_layout_set_text(T.cell[c], t->cells[r * nc + c], -1);
      pango_layout_get_extents(T.cell[c], NULL, &log);
      nat[c] = fmax(nat[c], log.width / PS);
    }
    nat[c] = fmin(nat[c] + 2 * T.pad + 1, CONTENT_W);
  }
  /* widths: natural when they fit, spread to the full width; otherwise in
   * proportion to the square root of the natural width (a very wide column
   * gets more, but not all), never more than natural, and what is left over
   * goes to the columns that still want more */
  double sum = 0;
  for (size_t c = 0; c < nc; c++)
    sum += nat[c];
  if (sum <= CONTENT_W) {
    for (size_t c = 0; c < nc; c++)
      T.w[c] = nat[c] + (CONTENT_W - sum) * (sum > 0 ? nat[c] / sum : 1.0 / (double)nc);
  } else {
    /* each column first gets its header's width (so short headers stay
     * whole), scaled down if even that does not fit */
    double fsum = 0, root = 0, given = 0, want = 0;
    for (size_t c = 0; c < nc; c++)
      fsum += floor_w[c];
    double fscale = fsum > CONTENT_W * 0.9 ? CONTENT_W * 0.9 / fsum : 1.0;
    for (size_t c = 0; c < nc; c++) {
      T.w[c] = fmin(floor_w[c] * fscale, nat[c]);
      given += T.w[c];
      root += sqrt(fmax(nat[c] - T.w[c], 0));
    }
    double rest = CONTENT_W - given;
    for (size_t c = 0; c < nc; c++) {
      double more = root > 0 ? rest * sqrt(fmax(nat[c] - T.w[c], 0)) / root : 0;
      more = fmin(more, nat[c] - T.w[c]);
      T.w[c] += more;
    }
    given = 0;
    for (size_t c = 0; c < nc; c++) {
      given += T.w[c];
      want += nat[c] - T.w[c];
    }
    rest = CONTENT_W - given;
    for (size_t c = 0; c < nc; c++)
      if (want > 0)
        T.w[c] += rest * (nat[c] - T.w[c]) / want;
  }
  double xx = M_LEFT;
  for (size_t c = 0; c < nc; c++) {
    T.x[c] = xx;
    xx += T.w[c];
    double inner = fmax(T.w[c] - 2 * T.pad, 1.0);
    set_cell(T.head[c], t->head[c], inner);
    T.head_h = fmax(T.head_h, layout_h(T.head[c]));
  }
  T.head_h += 2 * T.pad;
  /* caption, kept with the header and first row */
  L->tab++;
  char cap[1024], ttl[900];
  clip(ttl, sizeof(ttl), t->caption, 200);
  snprintf(cap, sizeof(cap), "Table %d%s%s", L->tab, *ttl ? ": " : "", ttl);
  double caph = measure(L, cap, L->fd_caption, CONTENT_W);
  if (L->y + caph + T.head_h + 3 * fsz > BODY_BOTTOM && !page_clean(L))
    new_page(L);
  flow(L, cap, L->fd_caption, M_LEFT, CONTENT_W, 4);
  table_header(L, &T);
  double body_h = BODY_BOTTOM - M_TOP - T.head_h;
  for (size_t r = 0; r < t->nrows; r++) {
    double rh = 0;
    for (size_t c = 0; c < nc; c++) {
      set_cell(T.cell[c], t->cells[r * nc + c], fmax(T.w[c] - 2 * T.pad, 1.0));
      rh = fmax(rh, layout_h(T.cell[c]));
      off[c] = 0;
    }
    rh += 2 * T.pad;
    if (L->y + rh > BODY_BOTTOM && rh <= body_h) {
      new_page(L);
      table_header(L, &T);
    }
    /* the row, in as many slices as pages it needs */
    for (int guard = 0; guard < 100000; guard++) {
      double avail = BODY_BOTTOM - L->y - 2 * T.pad;
      double seg = 0;
      int more = 0;
      int fresh = L->y <= M_TOP + T.head_h + 0.5;
      if (L->draw)
        ink(L);
      for (size_t c = 0; c < nc; c++) {
        int left = 0;
        double reached = cell_lines(L, &T, c, off[c], avail, L->y + T.pad, fresh, &left);
        seg = fmax(seg, reached - off[c]);
        off[c] = reached;
        more |= left;
      }
      L->y += seg + 2 * T.pad;
      rule(L, L->y, 0.5);
      if (!more)
        break;
      new_page(L);
      table_header(L, &T);
    }
  }
  L->y += 10;
  rc = SP_OK;
out:
  for (size_t c = 0; c < nc; c++) {
    if (T.cell && T.cell[c])
      g_object_unref(T.cell[c]);
    if (T.head && T.head[c])
      g_object_unref(T.head[c]);
  }
  sp_free(T.cell);
  sp_free(T.head);
  sp_free(T.x);
  sp_free(T.w);
  sp_free(nat);
  sp_free(off);
  sp_free(floor_w);
  pango_font_description_free(fd);
  pango_font_description_free(fdb);
  return rc;
}

/* ---- title and contents pages ------------------------------------------ */

static void title_page(struct lay *L) {
  const struct sp_doc *d = L->doc;
  char area[1024], bodyn[1024], ver[256], date[64], status[128];
  clip(area, sizeof(area), d->area, 120);
  clip(bodyn, sizeof(bodyn), d->body, 150);
  clip(ver, sizeof(ver), d->version, 40);
  clip(date, sizeof(date), d->date, 20);
  clip(status, sizeof(status), d->status, 30);
  PangoFontDescription *big = font(28, 1, 0), *mid = font(16, 0, 0);
  cairo_set_source_rgb(L->cr, 0x1d / 255.0, 0x70 / 255.0, 0xb8 / 255.0);
  cairo_rectangle(L->cr, 0, 0, PAGE_W, 14);
  cairo_fill(L->cr);
  L->y = 200;
  flow(L, d->title && *d->title ? d->title : "Local Skills Improvement Plan", big, M_LEFT,
       CONTENT_W, 16);
  if (*area)
    flow(L, area, mid, M_LEFT, CONTENT_W, 30);
  char line[1400];
  if (*bodyn) {
    snprintf(line, sizeof(line), "Designated employer representative body: %s", bodyn);
    flow(L, line, L->fd_body, M_LEFT, CONTENT_W, 8);
  }
  if (*ver) {
    snprintf(line, sizeof(line), "%s%s%s", ver, *status ? " \xE2\x80\x94 " : "", status);
    flow(L, line, L->fd_body, M_LEFT, CONTENT_W, 8);
  }
  if (*date) {
    snprintf(line, sizeof(line), "Date: %s", date);
    flow(L, line, L->fd_body, M_LEFT, CONTENT_W, 8);
  }
  pango_font_description_free(big);
  pango_font_description_free(mid);
}

static int toc_per_page(void) { return (int)((BODY_BOTTOM - TOC_TOP) / TOC_LINE); }

static void contents_pages(struct lay *L) {
  int per = toc_per_page();
  for (int p = 0; p < L->contents_pages; p++) {
    L->y = M_TOP;
    if (p == 0)
      flow(L, "Contents", L->fd_h[0], M_LEFT, CONTENT_W, 0);
    for (int i = p * per; i < (p + 1) * per && (size_t)i < L->ntoc; i++) {
      const struct toc_entry *e = &L->toc[i];
      double y = TOC_TOP + (i - p * per) * TOC_LINE + 12;
      double indent = e->level == 1 ? 0 : 16;
      PangoFontDescription *fd = e->level == 1 ? L->fd_caption : L->fd_body;
      pango_layout_set_font_description(L->pl, fd);
      pango_layout_set_width(L->pl, (int)((CONTENT_W - indent - 40) * PS));
      pango_layout_set_ellipsize(L->pl, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode(L->pl, TRUE);
      pango_layout_set_text(L->pl, e->text, -1);
      ink(L);
      cairo_move_to(L->cr, M_LEFT + indent, y - pango_layout_get_baseline(L->pl) / PS);
      pango_cairo_show_layout(L->cr, L->pl);
      pango_layout_set_ellipsize(L->pl, PANGO_ELLIPSIZE_NONE);
      pango_layout_set_single_paragraph_mode(L->pl, FALSE);
      char num[16];
      snprintf(num, sizeof(num), "%d", e->page);
      put_line(L, fd, num, PAGE_W - M_LEFT, y, 1);
      char attr[64];
      snprintf(attr, sizeof(attr), "page=%d", e->page);
      cairo_tag_begin(L->cr, CAIRO_TAG_LINK, attr);
      cairo_rectangle(L->cr, M_LEFT + indent, y - 12, CONTENT_W - indent, 16);
      cairo_set_source_rgba(L->cr, 1, 1, 1, 0);
      cairo_fill(L->cr);
      cairo_tag_end(L->cr, CAIRO_TAG_LINK);
    }
    L->page = 2 + p;
    new_page(L);
  }
}

/* ---- driver ------------------------------------------------------------ */

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int len) {
  (void)closure;
  (void)data;
  (void)len;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len) {
  struct sp_buf *b = closure;
  return sp_buf_add(b, data, len) == SP_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static enum sp_rc body(struct lay *L) {
  for (size_t i = 0; i < L->doc->nblocks; i++) {
    const struct sp_doc_block *b = &L->doc->blocks[i];
    switch (b->kind) {
    case SP_DOC_HEADING:
      heading(L, b, i + 1 < L->doc->nblocks ? &L->doc->blocks[i + 1] : NULL);
      break;
    case SP_DOC_PARA:
      flow(L, b->text, L->fd_body, M_LEFT, CONTENT_W, 7);
      break;
    case SP_DOC_TABLE:
      if (table(L, b) != SP_OK)
        return SP_ENOMEM;
      break;
    case SP_DOC_CHART:
      chart(L, b);
      break;
    case SP_DOC_ANNEX:
      if (!page_clean(L))
        new_page(L);
      L->annex_page = L->page;
      break;
    }
  }
  return SP_OK;
}

static void lay_fonts(struct lay *L, int make) {
  if (make) {
    L->fd_body = font(10.5, 0, 0);
    L->fd_h[0] = font(20, 1, 0);
    L->fd_h[1] = font(15, 1, 0);
    L->fd_h[2] = font(12, 1, 0);
    L->fd_small = font(8, 0, 0);
    L->fd_caption = font(9.5, 1, 0);
    return;
  }
  pango_font_description_free(L->fd_body);
  for (int i = 0; i < 3; i++)
    pango_font_description_free(L->fd_h[i]);
  pango_font_description_free(L->fd_small);
  pango_font_description_free(L->fd_caption);
}

/* One pass over a PDF surface writing through wf. */
static enum sp_rc pass(struct sp_ctx *ctx, struct lay *L, cairo_write_func_t wf, void *closure) {
  enum sp_rc rc = SP_OK;
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(wf, closure, PAGE_W, PAGE_H);
  cairo_t *cr = cairo_create(s);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
    rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "cannot create a PDF surface: %s",
                     cairo_status_to_string(cairo_status(cr)));
    goto out;
  }
  if (L->draw) {
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
                                   L->doc->area ? L->doc->area : "Local Skills Improvement Plan");
    if (L->doc->body)
      cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, L->doc->body);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "skillplan");
  }
  L->cr = cr;
  L->pl = pango_cairo_create_layout(cr);
  L->fpl = pango_cairo_create_layout(cr);
  L->fig = L->tab = 0;
  L->annex_page = 0;
  L->page = 1;
  if (L->draw) {
    title_page(L);
    new_page(L);
    contents_pages(L);
  } else {
    L->page = 2 + L->contents_pages;
  }
  L->y = M_TOP;
  rc = body(L);
  if (rc != SP_OK)
    rc = sp_ctx_fail(ctx, rc, NULL, "out of memory laying out the PDF");
  if (rc == SP_OK) {
    footer(L);
    if (L->draw)
      cairo_show_page(cr);
  }
  g_object_unref(L->pl);
  g_object_unref(L->fpl);
  L->pl = L->fpl = NULL;
out:
  cairo_destroy(cr);
  cairo_surface_finish(s);
  if (rc == SP_OK && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
    rc = sp_ctx_fail(ctx, cairo_surface_status(s) == CAIRO_STATUS_WRITE_ERROR ? SP_ETOOBIG
                                                                                : SP_EINTERNAL,
                     NULL, "writing the PDF failed: %s",
                     cairo_status_to_string(cairo_surface_status(s)));
  cairo_surface_destroy(s);
  return rc;
}

static enum sp_rc render(struct sp_ctx *ctx, const struct sp_doc *doc, cairo_write_func_t wf,
                         void *closure, struct sp_pdf_info *info) {
  struct lay L;
  memset(&L, 0, sizeof(L));
  L.doc = doc;
  size_t nh = 0;
  for (size_t i = 0; i < doc->nblocks; i++)
    if (doc->blocks[i].kind == SP_DOC_HEADING && doc->blocks[i].level <= 2)
      nh++;
  L.toc = sp_calloc(nh ? nh : 1, sizeof(struct toc_entry));
  if (!L.toc)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory laying out the PDF");
  int per = toc_per_page();
  L.contents_pages = nh == 0 ? 1 : (int)((nh + (size_t)per - 1) / (size_t)per);
  lay_fonts(&L, 1);
  enum sp_rc rc = pass(ctx, &L, discard, NULL);
  int total = L.page;
  int annex = L.annex_page;
  if (rc == SP_OK && wf) {
    L.draw = 1;
    L.total = total;
    rc = pass(ctx, &L, wf, closure);
    if (rc == SP_OK && L.page != total)
      rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "PDF layout passes disagree: %d and %d pages",
                       total, L.page);
  }
  if (rc == SP_OK && info) {
    info->pages_total = total;
    info->title_pages = 1;
    info->contents_pages = L.contents_pages;
    info->annex_pages = annex ? total - annex + 1 : 0;
    info->pages_counted = total - 1 - L.contents_pages - info->annex_pages;
  }
  lay_fonts(&L, 0);
  sp_free(L.toc);
  return rc;
}

enum sp_rc sp_report_pdf(struct sp_ctx *ctx, const struct sp_doc *doc, struct sp_buf *out,
                         struct sp_pdf_info *info) {
  enum sp_rc rc = render(ctx, doc, to_buf, out, info);
  if (rc == SP_OK && out->failed)
    rc = sp_ctx_fail(ctx, SP_ETOOBIG, NULL,
                     "the PDF could not be held: out of memory, or over %zu bytes", out->max);
  return rc;
}

enum sp_rc sp_report_pdf_count(struct sp_ctx *ctx, const struct sp_doc *doc,
                               struct sp_pdf_info *info) {
  return render(ctx, doc, NULL, NULL, info);
}

enum sp_rc sp_report_pdf_file(struct sp_ctx *ctx, const struct sp_doc *doc, const char *path,
                              struct sp_pdf_info *info) {
  struct sp_buf b;
  sp_buf_init(&b, SP_PDF_MAX_BYTES);
  enum sp_rc rc = sp_report_pdf(ctx, doc, &b, info);
  if (rc == SP_OK) {
    FILE *f = fopen(path, "wb");
    if (!f) {
      rc = sp_ctx_fail(ctx, SP_EIO, "pdf", "cannot write %s", path);
    } else {
      size_t w = fwrite(b.data, 1, b.len, f);
      if (fclose(f) != 0 || w != b.len)
        rc = sp_ctx_fail(ctx, SP_EIO, "pdf", "cannot write %s", path);
    }
  }
  sp_buf_free(&b);
  return rc;
}

