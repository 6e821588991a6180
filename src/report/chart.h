/*
 * chart.h: the charts of the report and of the evidence pages: grouped bar
 * charts (vertical or horizontal) and line charts (trends), each with a
 * title, axis labels, category labels, a legend when there is more than one
 * series, and a text alternative.
 *
 * One chart spec draws two ways with the same geometry: as SVG text for web
 * pages (sp_chart_svg, escaped, with role="img", <title> and <desc>) and as
 * cairo vector drawing for the PDF (sp_chart_cairo, text through pango).
 *
 * Use:
 *   struct sp_chart *c = sp_chart_new(SP_CHART_BAR, "Vacancies by route",
 *                                     "Route", "Vacancies");
 *   const char *cats[] = {"Digital", "Construction"};
 *   double v[] = {120, 80};
 *   sp_chart_set_categories(c, 2, cats);
 *   sp_chart_add_series(c, "2024", v);
 *   sp_chart_svg(c, "fig1", 640, 360, &buf);
 *   sp_chart_free(c);
 *
 * Ownership: the chart copies every string and array given to it and owns
 * them; sp_chart_free releases all. Values that are NaN or infinite are
 * treated as missing (no bar, a gap in a line).
 */
#ifndef SP_REPORT_CHART_H
#define SP_REPORT_CHART_H

#include <cairo.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/sp.h"

enum sp_chart_kind {
  SP_CHART_BAR = 1, /* vertical grouped bars: categories along x */
  SP_CHART_HBAR,    /* horizontal grouped bars: categories down y */
  SP_CHART_LINE,    /* one line per series over the categories (e.g. years) */
};

#define SP_CHART_MAX_CATS 200
#define SP_CHART_MAX_SERIES 12

struct sp_chart_series {
  char *name;
  double *values; /* ncats values */
};

struct sp_chart {
  enum sp_chart_kind kind;
  char *title;
  char *x_label; /* the category axis label; may be "" */
  char *y_label; /* the value axis label; may be "" */
  char *desc;    /* the text alternative set by the caller; NULL: generated */
  size_t ncats;
  char **cats;
  size_t nseries;
  struct sp_chart_series *series;
};

/* Creates a chart; strings may be NULL (kept empty). NULL on out of memory. */
struct sp_chart *sp_chart_new(enum sp_chart_kind kind, const char *title, const char *x_label,
                              const char *y_label);
/* Frees the chart and all it owns; NULL is a no-op. */
void sp_chart_free(struct sp_chart *c);

/* A deep copy of c; NULL on out of memory. */
struct sp_chart *sp_chart_clone(const struct sp_chart *c);

/* Sets the n (1..SP_CHART_MAX_CATS) category labels. Must come before any
 * series; SP_EINVAL if series exist or n is out of range. */
SP_MUST_USE enum sp_rc sp_chart_set_categories(struct sp_chart *c, size_t n,
                                               const char *const *labels);
/* Adds a series of c->ncats values (copied). SP_EINVAL with no categories or
 * past SP_CHART_MAX_SERIES. */
SP_MUST_USE enum sp_rc sp_chart_add_series(struct sp_chart *c, const char *name,
                                           const double *values);
/* Sets the text alternative (copied). */
SP_MUST_USE enum sp_rc sp_chart_set_desc(struct sp_chart *c, const char *desc);

/* Appends the text alternative to out: the caller's desc, else a generated
 * sentence listing every series' values by category. Plain text, unescaped. */
SP_MUST_USE enum sp_rc sp_chart_alt_text(const struct sp_chart *c, struct sp_buf *out);

/* Appends the chart as one <svg> element of width x height user units to
 * out. id (may be NULL: "chart") prefixes the ids of <title> and <desc>,
 * which aria-labelledby names; it must be unique on the page and is used
 * only if it is made of [A-Za-z0-9_-]. All text is XML-escaped. */
SP_MUST_USE enum sp_rc sp_chart_svg(const struct sp_chart *c, const char *id, double width,
                                    double height, struct sp_buf *out);

/* Draws the chart as vectors on cr in the box (x, y, w, h), in cr's user
 * units (points in the PDF). Text through pango with font family `font`
 * (NULL: "DejaVu Sans"). Leaves cr's state as it found it. */
void sp_chart_cairo(const struct sp_chart *c, cairo_t *cr, double x, double y, double w,
                    double h, const char *font);

#endif
