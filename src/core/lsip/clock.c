/*
 * clock.c: the statutory clock (see clock.h): the rules as one table, each
 * row with its source section of the statutory guidance
 * (seeds/004_34ac84fe2e6428e6.txt), the engine that turns a history into
 * due items, and the iCalendar writer (RFC 5545).
 */
#include <string.h>

#include "base/date.h"
#include "clock.h"
#include "base/record.h"

static const struct sp_clock_rule rules[] = {
    {"delivery_plan", "Delivery plan to the department", SP_CLOCK_FROM_DESIGNATION, 28, 0, 0, 0,
     SP_CLOCK_ONCE, SP_CLOCK_DELIVERY_PLAN, "section 4.2.1 (within 28 days of designation)"},
    {"progress_report", "Progress report against the delivery plan", SP_CLOCK_FROM_DESIGNATION,
     42, 0, 42, 0, SP_CLOCK_UNTIL_PUBLISHED, SP_CLOCK_REPORT,
     "section 4.3.1 (six-weekly progress reports)"},
    {"plan_ready", "Plan ready for approval", SP_CLOCK_FROM_DESIGNATION, 0, 9, 0, 0, SP_CLOCK_ONCE,
     SP_CLOCK_PLAN_SUBMITTED, "sections 4.2.1, 6.6 (nine months after initial designation)"},
    {"annual_review", "Annual review of the plan", SP_CLOCK_FROM_PUBLICATION, 0, 12, 0, 12,
     SP_CLOCK_UNTIL_REPLACED, SP_CLOCK_REVIEW, "section 6.6 (reviews at least once a year)"},
    {"replacement", "Replacement plan (three-year plan period ends)", SP_CLOCK_FROM_PUBLICATION, 0,
     36, 0, 0, SP_CLOCK_ONCE, SP_CLOCK_REPLACED,
     "sections 1.5, 6.6 (plans drawn up for three years)"},
    {"accountability_priorities", "Draft priorities in place for providers' accountability "
                                  "agreements",
     SP_CLOCK_EACH_31_MARCH, 0, 0, 0, 12, SP_CLOCK_WHILE_DESIGNATED, SP_CLOCK_PRIORITIES,
     "sections 3.4, 6.6 (accountability agreements prepared each March)"},
};

const struct sp_clock_rule *sp_clock_rules(size_t *n) {
  *n = SP_ARRAY_LEN(rules);
  return rules;
}

int sp_clock_status_rank(const char *s) {
  if (!s)
    return -1;
  if (!strcmp(s, "overdue"))
    return 3;
  if (!strcmp(s, "due"))
    return 2;
  if (!strcmp(s, "upcoming"))
    return 1;
  if (!strcmp(s, "met"))
    return 0;
  return -1;
}

/* The anchor date of a rule, SP_DATE_NONE when it has not started. */
static int32_t anchor_of(const struct sp_clock_rule *r, const struct sp_clock_history *h) {
  switch (r->anchor) {
  case SP_CLOCK_FROM_DESIGNATION:
    return h->designated;
  case SP_CLOCK_FROM_PUBLICATION:
    return h->published;
  case SP_CLOCK_EACH_31_MARCH: {
    if (h->designated == SP_DATE_NONE)
      return SP_DATE_NONE;
    int y, m, d;
    sp_date_to_ymd(h->designated, &y, &m, &d);
    int32_t march = sp_date_from_ymd(y, 3, 31);
    return march > h->designated ? march : sp_date_from_ymd(y + 1, 3, 31);
  }
  }
  return SP_DATE_NONE;
}

/* The k-th (0-based) due date. */
static int32_t due_of(const struct sp_clock_rule *r, int32_t anchor, int k) {
  if (r->anchor == SP_CLOCK_EACH_31_MARCH)
    return sp_date_add_months(anchor, k * r->every_months);
  if (r->months || r->every_months)
    return sp_date_add_months(anchor, r->months + k * r->every_months);
  return anchor + r->days + k * r->every_days;
}

/* The date after which no further occurrence is due, SP_DATE_NONE: none. */
static int32_t stop_of(const struct sp_clock_rule *r, const struct sp_clock_history *h) {
  int32_t stop = SP_DATE_NONE;
  if (r->anchor != SP_CLOCK_FROM_PUBLICATION)
    stop = h->designation_end;
  int32_t extra = SP_DATE_NONE;
  switch (r->until) {
  case SP_CLOCK_UNTIL_PUBLISHED:
    extra = h->first_published;
    break;
  case SP_CLOCK_UNTIL_REPLACED:
    extra = h->replaced != SP_DATE_NONE ? h->replaced : h->plan_ended;
    break;
  default:
    break;
  }
  if (r->anchor == SP_CLOCK_FROM_PUBLICATION && h->plan_ended != SP_DATE_NONE &&
      (extra == SP_DATE_NONE || h->plan_ended < extra))
    extra = h->plan_ended;
  if (extra != SP_DATE_NONE && (stop == SP_DATE_NONE || extra < stop))
    stop = extra;
  return stop;
}

/* First date in the sorted list inside (lo, hi]; SP_DATE_NONE if none. */
static int32_t in_window(const int32_t *d, size_t n, int32_t lo, int32_t hi) {
  for (size_t i = 0; i < n; i++)
    if (d[i] > lo && d[i] <= hi)
      return d[i];
  return SP_DATE_NONE;
}

/* The filing date of the earliest-filed report whose period ends inside
 * (lo, hi]; SP_DATE_NONE if none. */
static int32_t report_for(const struct sp_clock_history *h, int32_t lo, int32_t hi) {
  int32_t best = SP_DATE_NONE;
  for (size_t i = 0; i < h->n_reports; i++)
    if (h->report_period_ends[i] > lo && h->report_period_ends[i] <= hi &&
        (best == SP_DATE_NONE || h->reports[i] < best))
      best = h->reports[i];
  return best;
}

static enum sp_rc add_item(json_t *out, const struct sp_clock_rule *r, int k, int32_t due,
                           int32_t met_on, int32_t as_of) {
  const char *status;
  if (met_on != SP_DATE_NONE)
    status = "met";
  else if (as_of > due)
    status = "overdue";
  else if (due - as_of <= SP_CLOCK_DUE_DAYS)
    status = "due";
  else
    status = "upcoming";
  char dd[SP_DATE_BUFSZ], md[SP_DATE_BUFSZ];
  json_t *it = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:i}", "rule", r->code, "title",
                         r->title, "source", r->source, "due_date", sp_date_format(due, dd),
                         "status", status, "met_on",
                         met_on == SP_DATE_NONE ? json_null() : json_string(sp_date_format(met_on, md)),
                         "late", met_on != SP_DATE_NONE && met_on > due, "occurrence", k + 1);
  if (!it || json_array_append_new(out, it) != 0)
    return SP_ENOMEM;
  return SP_OK;
}

enum sp_rc sp_clock_items(const struct sp_clock_history *h, int32_t as_of, json_t *out) {
  for (size_t ri = 0; ri < SP_ARRAY_LEN(rules); ri++) {
    const struct sp_clock_rule *r = &rules[ri];
    int32_t anchor = anchor_of(r, h);
    if (anchor == SP_DATE_NONE)
      continue;
    int32_t stop = stop_of(r, h);
    int repeating = r->every_days || r->every_months;
    int32_t prev = r->anchor == SP_CLOCK_EACH_31_MARCH ? h->designated : anchor;
    int future = 0; /* occurrences listed that fall after as_of */
    for (int k = 0; k < 10000; k++) {
      int32_t due = due_of(r, anchor, k);
      int32_t met_on = SP_DATE_NONE;
      switch (r->event) {
      case SP_CLOCK_DELIVERY_PLAN:
        met_on = h->delivery_plan;
        break;
      case SP_CLOCK_PLAN_SUBMITTED:
        met_on = h->plan_submitted != SP_DATE_NONE ? h->plan_submitted : h->first_published;
        break;
      case SP_CLOCK_REPLACED:
        met_on = h->replaced;
        break;
      case SP_CLOCK_REPORT:
        met_on = h->report_period_ends
                     ? report_for(h, k == 0 ? anchor - 1 : prev, due)
                     : in_window(h->reports, h->n_reports, k == 0 ? anchor - 1 : prev, due);
        break;
      case SP_CLOCK_REVIEW:
        met_on = in_window(h->reviews, h->n_reviews, prev, due);
        break;
      case SP_CLOCK_PRIORITIES:
        /* Each year's accountability agreements need that year's priorities:
         * only work done in the year to this 31 March (after the last one;
         * the first year from the designation day) meets it. */
        met_on = in_window(h->priorities, h->n_priorities, k == 0 ? h->designated - 1 : prev, due);
        break;
      }
      /* what had not happened by the as-of date has not met anything yet */
      if (met_on != SP_DATE_NONE && met_on > as_of)
        met_on = SP_DATE_NONE;
      /* an occurrence after the rule stopped is not due, unless it was met */
      if (stop != SP_DATE_NONE && due > stop && met_on == SP_DATE_NONE)
        break;
      if (add_item(out, r, k, due, met_on, as_of) != SP_OK)
        return SP_ENOMEM;
      /* once; or the next open occurrence to come has been listed; or two to
       * come (one already met early, as a report filed ahead of its date) */
      if (due > as_of)
        future++;
      if (!repeating || (due > as_of && met_on == SP_DATE_NONE) || future >= 2)
        break;
      prev = due;
    }
  }
  return SP_OK;
}

/* ---- iCalendar ---- */

/* Appends one content line: folded at 75 octets (continuations start with
 * a space and carry at most 74 octets), never inside a UTF-8 sequence,
 * ended with CRLF. */
static enum sp_rc ics_line(struct sp_buf *out, const char *line) {
  size_t len = strlen(line), pos = 0, limit = 75;
  while (len - pos > limit) {
    size_t cut = pos + limit;
    while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
      cut--; /* do not split a multi-byte character */
    if (sp_buf_add(out, line + pos, cut - pos) != SP_OK || sp_buf_adds(out, "\r\n ") != SP_OK)
      return SP_ENOMEM;
    pos = cut;
    limit = 74;
  }
  if (sp_buf_add(out, line + pos, len - pos) != SP_OK || sp_buf_adds(out, "\r\n") != SP_OK)
    return SP_ENOMEM;
  return SP_OK;
}

/* Escapes TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma, newline. */
static enum sp_rc ics_text(struct sp_buf *b, const char *s) {
  for (; s && *s; s++) {
    enum sp_rc rc;
    if (*s == '\\' || *s == ';' || *s == ',')
      rc = sp_buf_addc(b, '\\') == SP_OK ? sp_buf_addc(b, *s) : SP_ENOMEM;
    else if (*s == '\n')
      rc = sp_buf_adds(b, "\\n");
    else if (*s == '\r')
      rc = SP_OK;
    else
      rc = sp_buf_addc(b, *s);
    if (rc != SP_OK)
      return rc;
  }
  return SP_OK;
}

enum sp_rc sp_clock_ics(const json_t *items, const char *cal_name, const char *dtstamp,
                        struct sp_buf *out) {
  struct sp_buf line;
  sp_buf_init(&line, 64 * 1024);
  enum sp_rc rc = SP_ENOMEM;
  if (ics_line(out, "BEGIN:VCALENDAR") != SP_OK || ics_line(out, "VERSION:2.0") != SP_OK ||
      ics_line(out, "PRODID:-//skillplan//LSIP statutory clock//EN") != SP_OK ||
      ics_line(out, "CALSCALE:GREGORIAN") != SP_OK || ics_line(out, "METHOD:PUBLISH") != SP_OK)
    goto out;
  sp_buf_reset(&line);
  if (sp_buf_adds(&line, "X-WR-CALNAME:") != SP_OK || ics_text(&line, cal_name) != SP_OK ||
      ics_line(out, sp_buf_str(&line)) != SP_OK)
    goto out;
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    int32_t due;
    if (sp_date_parse(sp_rec_str(it, "due_date", ""), &due) != SP_OK)
      continue;
    int y, m, d, y2, m2, d2;
    sp_date_to_ymd(due, &y, &m, &d);
    sp_date_to_ymd(due + 1, &y2, &m2, &d2);
    const char *area = sp_rec_str(it, "area_code", "");
    if (ics_line(out, "BEGIN:VEVENT") != SP_OK)
      goto out;
    sp_buf_reset(&line);
    if (sp_buf_addf(&line, "UID:%s-%s-%04d%02d%02d@skillplan", *area ? area : "lsip",
                    sp_rec_str(it, "rule", ""), y, m, d) != SP_OK ||
        ics_line(out, sp_buf_str(&line)) != SP_OK)
      goto out;
    sp_buf_reset(&line);
    if (sp_buf_addf(&line, "DTSTAMP:%s", dtstamp) != SP_OK || ics_line(out, sp_buf_str(&line)) != SP_OK)
      goto out;
    sp_buf_reset(&line);
    if (sp_buf_addf(&line, "DTSTART;VALUE=DATE:%04d%02d%02d", y, m, d) != SP_OK ||
        ics_line(out, sp_buf_str(&line)) != SP_OK)
      goto out;
    sp_buf_reset(&line);
    if (sp_buf_addf(&line, "DTEND;VALUE=DATE:%04d%02d%02d", y2, m2, d2) != SP_OK ||
        ics_line(out, sp_buf_str(&line)) != SP_OK)
      goto out;
    sp_buf_reset(&line);
    if (sp_buf_adds(&line, "SUMMARY:") != SP_OK ||
        (*sp_rec_str(it, "area_name", "") &&
         (ics_text(&line, sp_rec_str(it, "area_name", "")) != SP_OK || sp_buf_adds(&line, ": ") != SP_OK)) ||
        ics_text(&line, sp_rec_str(it, "title", "")) != SP_OK || sp_buf_adds(&line, " (") != SP_OK ||
        ics_text(&line, sp_rec_str(it, "status", "")) != SP_OK || sp_buf_adds(&line, ")") != SP_OK ||
        ics_line(out, sp_buf_str(&line)) != SP_OK)
      goto out;
    sp_buf_reset(&line);
    if (sp_buf_adds(&line, "DESCRIPTION:") != SP_OK ||
        ics_text(&line, "Statutory guidance ") != SP_OK ||
        ics_text(&line, sp_rec_str(it, "source", "")) != SP_OK ||
        ics_text(&line, ". Status: ") != SP_OK || ics_text(&line, sp_rec_str(it, "status", "")) != SP_OK ||
        ics_line(out, sp_buf_str(&line)) != SP_OK)
      goto out;
    sp_buf_reset(&line);
    if (sp_buf_adds(&line, "CATEGORIES:") != SP_OK || ics_text(&line, sp_rec_str(it, "rule", "")) != SP_OK ||
        ics_line(out, sp_buf_str(&line)) != SP_OK || ics_line(out, "TRANSP:TRANSPARENT") != SP_OK ||
        ics_line(out, "END:VEVENT") != SP_OK)
      goto out;
  }
  if (ics_line(out, "END:VCALENDAR") != SP_OK)
    goto out;
  rc = SP_OK;
out:
  sp_buf_free(&line);
  return rc;
}
