/*
 * chart.c: bar and line charts (see chart.h). The geometry is computed once
 * in draw_chart() against a small "painter" interface (rectangles, lines,
 * circles, text); one painter appends SVG to a buffer, the other draws on a
 * cairo context with pango for text, so the web page and the PDF show the
 * same chart. Text widths are estimated from the font size (not measured) so
 * that both painters lay out identically; labels too long for their room are
 * shortened with an ellipsis.
 */
#include "chart.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "doc.h"
#include "out.h"

static const char *const palette[] = {"#1d70b8", "#f47738", "#00703c", "#4c2c92",
                                      "#d4351c", "#28a197", "#912b88", "#85994b",
                                      "#6f72af", "#b58840", "#003078", "#505a5f"};
#define INK "#0b0c0c"
#define GRID "#b1b4b6"

/* ---- construction ------------------------------------------------------ */

struct sp_chart *sp_chart_new(enum sp_chart_kind kind, const char *title, const char *x_label,
                              const char *y_label) {
  struct sp_chart *c = sp_calloc(1, sizeof(*c));
  if (!c)
    return NULL;
  c->kind = (kind >= SP_CHART_BAR && kind <= SP_CHART_LINE) ? kind : SP_CHART_BAR;
  c->title = sp_doc_clean_text(title, 0);
  c->x_label = sp_doc_clean_text(x_label, 0);
  c->y_label = sp_doc_clean_text(y_label, 0);
  if (!c->title || !c->x_label || !c->y_label) {
    sp_chart_free(c);
    return NULL;
  }
  return c;
}

void sp_chart_free(struct sp_chart *c) {
  if (!c)
    return;
  sp_free(c->title);
  sp_free(c->x_label);
  sp_free(c->y_label);
  sp_free(c->desc);
  for (size_t i = 0; i < c->ncats; i++)
    sp_free(c->cats[i]);
  sp_free(c->cats);
  for (size_t s = 0; s < c->nseries; s++) {
    sp_free(c->series[s].name);
    sp_free(c->series[s].values);
  }
  sp_free(c->series);
  sp_free(c);
}

enum sp_rc sp_chart_set_categories(struct sp_chart *c, size_t n, const char *const *labels) {
  if (c->nseries > 0 || c->ncats > 0 || n < 1 || n > SP_CHART_MAX_CATS)
    return SP_EINVAL;
  char **cats = sp_calloc(n, sizeof(char *));
  if (!cats)
    return SP_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    cats[i] = sp_doc_clean_text(labels ? labels[i] : "", 0);
    if (!cats[i]) {
      for (size_t k = 0; k < i; k++)
        sp_free(cats[k]);
      sp_free(cats);
      return SP_ENOMEM;
    }
  }
  c->cats = cats;
  c->ncats = n;
  return SP_OK;
}

struct sp_chart *sp_chart_clone(const struct sp_chart *c) {
  struct sp_chart *n = sp_chart_new(c->kind, c->title, c->x_label, c->y_label);
  if (!n)
    return NULL;
  if ((c->desc && sp_chart_set_desc(n, c->desc) != SP_OK) ||
      (c->ncats && sp_chart_set_categories(n, c->ncats, (const char *const *)c->cats) != SP_OK))
    goto fail;
  for (size_t s = 0; s < c->nseries; s++)
    if (sp_chart_add_series(n, c->series[s].name, c->series[s].values) != SP_OK)
      goto fail;
  return n;
fail:
  sp_chart_free(n);
  return NULL;
}

enum sp_rc sp_chart_add_series(struct sp_chart *c, const char *name, const double *values) {
  if (c->ncats == 0 || c->nseries >= SP_CHART_MAX_SERIES || !values)
    return SP_EINVAL;
  struct sp_chart_series *ns = sp_realloc(c->series, (c->nseries + 1) * sizeof(*ns));
  if (!ns)
    return SP_ENOMEM;
  c->series = ns;
  char *nm = sp_doc_clean_text(name, 0);
  double *v = sp_malloc(c->ncats * sizeof(double));
  if (!nm || !v) {
    sp_free(nm);
    sp_free(v);
    return SP_ENOMEM;
  }
  memcpy(v, values, c->ncats * sizeof(double));
  c->series[c->nseries].name = nm;
  c->series[c->nseries].values = v;
  c->nseries++;
  return SP_OK;
}

enum sp_rc sp_chart_set_desc(struct sp_chart *c, const char *desc) {
  char *d = sp_doc_clean_text(desc, 0);
  if (!d)
    return SP_ENOMEM;
  sp_free(c->desc);
  c->desc = d;
  return SP_OK;
}

/* Formats v compactly: integers without decimals, others with up to 2. */
static void fmt_num(char *out, size_t n, double v) {
  if (!isfinite(v)) {
    snprintf(out, n, "no value");
    return;
  }
  if (fabs(v - round(v)) < 1e-9 && fabs(v) < 1e15)
    snprintf(out, n, "%.0f", v);
  else
    snprintf(out, n, "%.2f", v);
  /* trim trailing zeros of a decimal */
  char *dot = strchr(out, '.');
  if (dot) {
    char *e = out + strlen(out) - 1;
    while (e > dot && *e == '0')
      *e-- = '\0';
    if (e == dot)
      *e = '\0';
  }
}

enum sp_rc sp_chart_alt_text(const struct sp_chart *c, struct sp_buf *out) {
  if (c->desc && *c->desc)
    return sp_buf_adds(out, c->desc);
  SP__PUTF(out, "%s chart: %s.",
                    c->kind == SP_CHART_LINE ? "Line" : "Bar", *c->title ? c->title : "untitled");
  for (size_t s = 0; s < c->nseries; s++) {
    const struct sp_chart_series *se = &c->series[s];
    SP__PUTF(out, " %s%s", *se->name ? se->name : "Values", ": ");
    for (size_t i = 0; i < c->ncats; i++) {
      char num[48];
      fmt_num(num, sizeof(num), se->values[i]);
      SP__PUTF(out, "%s%s %s", i ? ", " : "", c->cats[i], num);
    }
    SP__PUTC(out, '.');
  }
  return out->failed ? SP_ENOMEM : SP_OK;
}

/* ---- painters ---------------------------------------------------------- */

enum anchor { A_START, A_MIDDLE, A_END };

struct painter {
  void (*rect)(struct painter *p, double x, double y, double w, double h, const char *fill);
  void (*line)(struct painter *p, double x1, double y1, double x2, double y2, const char *stroke,
               double width);
  void (*circle)(struct painter *p, double x, double y, double r, const char *fill);
  /* Text with its baseline at y; rotated -90 degrees when vertical. */
  void (*text)(struct painter *p, double x, double y, const char *s, double size, int bold,
               enum anchor a, int vertical);
  /* SVG */
  struct sp_buf *out;
  /* cairo */
  cairo_t *cr;
  PangoLayout *layout;
  const char *font;
};

static void rgb(const char *hex, double *r, double *g, double *b) {
  unsigned v = 0;
  if (sscanf(hex + 1, "%6x", &v) != 1)
    v = 0;
  *r = ((v >> 16) & 0xFF) / 255.0;
  *g = ((v >> 8) & 0xFF) / 255.0;
  *b = (v & 0xFF) / 255.0;
}

static void svg_rect(struct painter *p, double x, double y, double w, double h, const char *fill) {
  SP__PUTF(p->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                    x, y, w, h, fill);
}
static void svg_line(struct painter *p, double x1, double y1, double x2, double y2,
                     const char *stroke, double width) {
  SP__PUTF(p->out,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    "stroke-width=\"%.1f\"/>",
                    x1, y1, x2, y2, stroke, width);
}
static void svg_circle(struct painter *p, double x, double y, double r, const char *fill) {
  SP__PUTF(p->out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>", x, y, r,
                    fill);
}
static void svg_text(struct painter *p, double x, double y, const char *s, double size, int bold,
                     enum anchor a, int vertical) {
  static const char *const an[] = {"start", "middle", "end"};
  SP__PUTF(p->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" text-anchor=\"%s\"%s",
                    x, y, size, an[a], bold ? " font-weight=\"bold\"" : "");
  if (vertical)
    SP__PUTF(p->out, " transform=\"rotate(-90 %.1f %.1f)\"", x, y);
  SP__PUTS(p->out, ">");
  SP__ESC(p->out, s);
  SP__PUTS(p->out, "</text>");
}

static void cr_rect(struct painter *p, double x, double y, double w, double h, const char *fill) {
  double r, g, b;
  rgb(fill, &r, &g, &b);
  cairo_set_source_rgb(p->cr, r, g, b);
  cairo_rectangle(p->cr, x, y, w, h);
  cairo_fill(p->cr);
}
static void cr_line(struct painter *p, double x1, double y1, double x2, double y2,
                    const char *stroke, double width) {
  double r, g, b;
  rgb(stroke, &r, &g, &b);
  cairo_set_source_rgb(p->cr, r, g, b);
  cairo_set_line_width(p->cr, width);
  cairo_move_to(p->cr, x1, y1);
  cairo_line_to(p->cr, x2, y2);
  cairo_stroke(p->cr);
}
static void cr_circle(struct painter *p, double x, double y, double rad, const char *fill) {
  double r, g, b;
  rgb(fill, &r, &g, &b);
  cairo_set_source_rgb(p->cr, r, g, b);
  cairo_new_sub_path(p->cr);
  cairo_arc(p->cr, x, y, rad, 0, 2 * M_PI);
  cairo_fill(p->cr);
}
static void cr_text(struct painter *p, double x, double y, const char *s, double size, int bold,
                    enum anchor a, int vertical) {
  PangoFontDescription *fd = pango_font_description_from_string(p->font);
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(p->layout, fd);
  pango_font_description_free(fd);
  pango_layout_set_text(p->layout, s, -1);
  PangoRectangle log;
  pango_layout_get_extents(p->layout, NULL, &log);
  double w = log.width / (double)PANGO_SCALE;
  double base = pango_layout_get_baseline(p->layout) / (double)PANGO_SCALE;
  double dx = a == A_START ? 0 : a == A_MIDDLE ? -w / 2 : -w;
  cairo_save(p->cr);
  cairo_set_source_rgb(p->cr, 0x0b / 255.0, 0x0c / 255.0, 0x0c / 255.0);
  cairo_translate(p->cr, x, y);
  if (vertical)
    cairo_rotate(p->cr, -M_PI / 2);
  cairo_move_to(p->cr, dx, -base);
  pango_cairo_update_layout(p->cr, p->layout);
  pango_cairo_show_layout(p->cr, p->layout);
  cairo_restore(p->cr);
}

/* ---- geometry ---------------------------------------------------------- */

#define CHAR_W 0.56 /* estimated advance of one character, in font sizes */

/* Copies s into out shortened to at most max_chars code points, with an
 * ellipsis when cut. */
static void fit_label(char *out, size_t outsz, const char *s, double room, double size) {
  size_t max_chars = (size_t)(room / (size * CHAR_W) + 1e-6); /* room = text_w(s) fits s */
  if (max_chars < 2)
    max_chars = 2;
  size_t i = 0, chars = 0;
  while (s[i] && chars < max_chars) {
    size_t len = 1;
    while (s[i + len] && ((unsigned char)s[i + len] & 0xC0) == 0x80)
      len++;
    i += len;
    chars++;
  }
  if (!s[i]) {
    snprintf(out, outsz, "%s", s);
    return;
  }
  /* step back one code point to make room for the ellipsis */
  size_t j = i;
  if (j > 0) {
    j--;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
      j--;
  }
  if (j + 4 > outsz)
    j = outsz > 4 ? outsz - 4 : 0;
  while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
    j--;
  memcpy(out, s, j);
  memcpy(out + j, "\xE2\x80\xA6", 3);
  out[j + 3] = '\0';
}

static double text_w(const char *s, double size) {
  size_t chars = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80)
      chars++;
  return (double)chars * size * CHAR_W;
}

/* A "nice" axis from lo..hi: step of 1, 2 or 5 x 10^k, about 5 ticks. */
static void nice_axis(double lo, double hi, double *amin, double *amax, double *step) {
  if (!(hi > lo)) {
    hi = lo + 1;
  }
  double raw = (hi - lo) / 5.0;
  double mag = pow(10, floor(log10(raw)));
  double f = raw / mag;
  double s = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  *step = s * mag;
  *amin = floor(lo / *step) * *step;
  *amax = ceil(hi / *step) * *step;
  if (*amax <= *amin)
    *amax = *amin + *step;
}

static void draw_chart(const struct sp_chart *c, struct painter *p, double W, double H) {
  char lab[256];
  const double fs = 10, tfs = 12;
  p->rect(p, 0, 0, W, H, "#ffffff");
  fit_label(lab, sizeof(lab), c->title, W - 8, tfs);
  p->text(p, 4, tfs + 2, lab, tfs, 1, A_START, 0);
  double top = tfs + 10;
  /* legend */
  if (c->nseries > 1) {
    double lx = 4, ly = top + fs;
    for (size_t s = 0; s < c->nseries; s++) {
      fit_label(lab, sizeof(lab), c->series[s].name, W / 3, fs);
      double need = 14 + text_w(lab, fs) + 12;
      if (lx + need > W && lx > 4) {
        lx = 4;
        ly += fs + 6;
      }
      p->rect(p, lx, ly - fs + 1, 10, 10, palette[s % SP_ARRAY_LEN(palette)]);
      p->text(p, lx + 14, ly, lab, fs, 0, A_START, 0);
      lx += need;
    }
    top = ly + 8;
  }
  /* value range */
  double lo = 0, hi = 0;
  int any = 0;
  for (size_t s = 0; s < c->nseries; s++)
    for (size_t i = 0; i < c->ncats; i++) {
      double v = c->series[s].values[i];
      if (!isfinite(v))
        continue;
      if (!any) {
        lo = hi = v;
        any = 1;
      }
      lo = fmin(lo, v);
      hi = fmax(hi, v);
    }
  if (c->kind != SP_CHART_LINE || !any) {
    lo = fmin(lo, 0);
    hi = fmax(hi, 0);
  }
  double amin, amax, step;
  nice_axis(lo, hi, &amin, &amax, &step);
  int nticks = (int)floor((amax - amin) / step + 0.5);
  if (nticks > 50)
    nticks = 50;
  double tick_w = 0;
  for (int k = 0; k <= nticks; k++) {
    fmt_num(lab, sizeof(lab), amin + k * step);
    tick_w = fmax(tick_w, text_w(lab, fs));
  }
  int horiz = c->kind == SP_CHART_HBAR;
  double ylab_room = *c->y_label ? fs + 6 : 0; /* vertical label left of the axis */
  double xlab_room = *c->x_label ? fs + 8 : 0;
  double n = c->ncats ? (double)c->ncats : 1;
  double left, right = W - 10, bottom = H - 6 - xlab_room - (fs + 6);
  if (horiz) {
    /* category labels on the left take up to 35% of the width */
    double cat_w = 0;
    for (size_t i = 0; i < c->ncats; i++)
      cat_w = fmax(cat_w, text_w(c->cats[i], fs));
    left = 6 + ylab_room + fmin(cat_w, W * 0.35) + 6;
  } else {
    left = 6 + ylab_room + tick_w + 6;
  }
  if (bottom < top + 20)
    bottom = top + 20;
  if (right < left + 20)
    right = left + 20;
  double pw = right - left, ph = bottom - top;
  /* axis labels */
  if (*c->x_label) {
    fit_label(lab, sizeof(lab), horiz ? c->y_label : c->x_label, pw, fs);
    p->text(p, left + pw / 2, H - 6, lab, fs, 1, A_MIDDLE, 0);
  }
  if (*c->y_label) {
    fit_label(lab, sizeof(lab), horiz ? c->x_label : c->y_label, ph, fs);
    p->text(p, 6 + fs, top + ph / 2, lab, fs, 1, A_MIDDLE, 1);
  }
  /* value grid and ticks */
  for (int k = 0; k <= nticks; k++) {
    double v = amin + k * step;
    double f = (v - amin) / (amax - amin);
    fmt_num(lab, sizeof(lab), v);
    if (horiz) {
      double x = left + f * pw;
      p->line(p, x, top, x, bottom, GRID, 0.5);
      p->text(p, x, bottom + fs + 3, lab, fs, 0, A_MIDDLE, 0);
    } else {
      double y = bottom - f * ph;
      p->line(p, left, y, right, y, GRID, 0.5);
      p->text(p, left - 4, y + fs * 0.35, lab, fs, 0, A_END, 0);
    }
  }
  double zero_f = (0 - amin) / (amax - amin);
  if (zero_f < 0)
    zero_f = 0;
  if (zero_f > 1)
    zero_f = 1;
  /* category labels */
  double band = (horiz ? ph : pw) / n;
  for (size_t i = 0; i < c->ncats; i++) {
    if (horiz) {
      fit_label(lab, sizeof(lab), c->cats[i], left - 12 - ylab_room, fs);
      p->text(p, left - 4, top + band * (i + 0.5) + fs * 0.35, lab, fs, 0, A_END, 0);
    } else {
      /* thin out labels that would collide */
      size_t every = 1;
      while (band * every < fs * CHAR_W * 3 && every < c->ncats)
        every++;
      if (i % every)
        continue;
      fit_label(lab, sizeof(lab), c->cats[i], band * every - 2, fs);
      /* lines and bars alike put a category at the middle of its band */
      double cx = left + band * (i + 0.5);
      p->text(p, cx, bottom + fs + 3, lab, fs, 0, A_MIDDLE, 0);
    }
  }
  /* data */
  if (c->kind == SP_CHART_LINE) {
    for (size_t s = 0; s < c->nseries; s++) {
      const char *col = palette[s % SP_ARRAY_LEN(palette)];
      double px = 0, py = 0;
      int have = 0;
      for (size_t i = 0; i < c->ncats; i++) {
        double v = c->series[s].values[i];
        if (!isfinite(v)) {
          have = 0;
          continue;
        }
        double x = left + band * (i + 0.5);
        double y = bottom - (v - amin) / (amax - amin) * ph;
        if (have)
          p->line(p, px, py, x, y, col, 2);
        p->circle(p, x, y, 2.5, col);
        px = x;
        py = y;
        have = 1;
      }
    }
  } else if (c->nseries > 0) {
    double inner = band * 0.8;
    double bw = inner / (double)c->nseries;
    for (size_t i = 0; i < c->ncats; i++)
      for (size_t s = 0; s < c->nseries; s++) {
        double v = c->series[s].values[i];
        if (!isfinite(v))
          continue;
        double f = (v - amin) / (amax - amin);
        double a = fmin(f, zero_f), b = fmax(f, zero_f);
        const char *col = palette[s % SP_ARRAY_LEN(palette)];
        double off = band * (i + 0.1) + bw * s;
        if (horiz)
          p->rect(p, left + a * pw, top + off, (b - a) * pw, bw * 0.92, col);
        else
          p->rect(p, left + off, bottom - b * ph, bw * 0.92, (b - a) * ph, col);
      }
  }
  /* axes */
  if (horiz)
    p->line(p, left + zero_f * pw, top, left + zero_f * pw, bottom, INK, 1);
  else
    p->line(p, left, bottom - zero_f * ph, right, bottom - zero_f * ph, INK, 1);
  p->line(p, left, top, left, bottom, INK, 1);
}

static int id_ok(const char *id) {
  if (!id || !*id || strlen(id) > 64)
    return 0;
  for (const char *s = id; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
          *s == '-' || *s == '_'))
      return 0;
  return 1;
}

enum sp_rc sp_chart_svg(const struct sp_chart *c, const char *id, double width, double height,
                        struct sp_buf *out) {
  if (!id_ok(id))
    id = "chart";
  if (!(width >= 100 && width <= 4000))
    width = 640;
  if (!(height >= 80 && height <= 4000))
    height = 360;
  struct sp_buf alt;
  sp_buf_init(&alt, 1u << 20);
  if (sp_chart_alt_text(c, &alt) != SP_OK) {
    sp_buf_free(&alt);
    return SP_ENOMEM;
  }
  SP__PUTF(out,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sp-chart\" role=\"img\" "
                    "viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" style=\"max-width:%.0fpx\" "
                    "aria-labelledby=\"%s-title %s-desc\" font-family=\"Arial, sans-serif\" "
                    "fill=\"" INK "\"><title id=\"%s-title\">",
                    width, height, width, id, id, id);
  SP__ESC(out, c->title);
  SP__PUTF(out, "</title><desc id=\"%s-desc\">", id);
  SP__ESC(out, sp_buf_str(&alt));
  SP__PUTS(out, "</desc>");
  sp_buf_free(&alt);
  struct painter p = {svg_rect, svg_line, svg_circle, svg_text, out, NULL, NULL, NULL};
  draw_chart(c, &p, width, height);
  SP__PUTS(out, "</svg>");
  if (out->failed)
    return out->len > out->max ? SP_ETOOBIG : SP_ENOMEM;
  return SP_OK;
}

void sp_chart_cairo(const struct sp_chart *c, cairo_t *cr, double x, double y, double w,
                    double h, const char *font) {
  if (w < 20 || h < 20)
    return;
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_rectangle(cr, 0, 0, w, h);
  cairo_clip(cr);
  PangoLayout *layout = pango_cairo_create_layout(cr);
  struct painter p = {cr_rect, cr_line, cr_circle, cr_text, NULL, cr, layout,
                      font ? font : "DejaVu Sans"};
  draw_chart(c, &p, w, h);
  g_object_unref(layout);
  cairo_restore(cr);
}

/* Leak checkers (LeakSanitizer, in the ASan builds of `make test`): the
 * caches fontconfig, pango and cairo fill on first use live until the
 * process exits, by their design; they are not ours to free, and freeing
 * them (FcFini) while cairo still holds a font asserts. LeakSanitizer reads
 * this hook when the program defines it; other builds never call it. It
 * lives here because every program that draws text links this file. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:libfontconfig.so\nleak:libpango\nleak:libcairo.so\nleak:libharfbuzz.so\n"
         "leak:libglib-2.0.so\nleak:libgobject-2.0.so\nleak:libfreetype.so\n";
}
