/*
 * clock.h: the statutory clock of the LSIP process. The rules are data (one
 * table in clock.c, each row citing its section of the statutory guidance,
 * seeds/004_34ac84fe2e6428e6.txt); one engine turns an area's record history
 * into due items, each with a status:
 *
 *   met       the event happened (met_on; late when after the due date)
 *   overdue   the due date has passed and it did not happen (in its window)
 *   due       not met and due within SP_CLOCK_DUE_DAYS days (today counts)
 *   upcoming  not met and due later than that
 *
 * Repeating rules list every past occurrence and the next one to come.
 * Each occurrence of a repeating rule is met only by what was done for it
 * (issue 13): the progress report whose period ends in the occurrence's
 * window (previous due date, this due date], on the day it was filed; the
 * review begun in the window; the priority work done in the year to that
 * 31 March. One event never meets two occurrences.
 * Month arithmetic clamps to the month's end and always counts from the
 * anchor (2023-05-31 + 9 months = 2024-02-29; 2024-02-29 + 12 months =
 * 2025-02-28, + 48 months = 2028-02-29), so dates never drift.
 * Pure: no store; sp_lsip_deadlines (lsip.h) loads histories and calls it.
 */
#ifndef SP_LSIP_CLOCK_H
#define SP_LSIP_CLOCK_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/sp.h"

/* "due" means due within this many days of the as-of date (inclusive). */
#define SP_CLOCK_DUE_DAYS 14

/* What a rule counts from. */
enum sp_clock_anchor {
  SP_CLOCK_FROM_DESIGNATION, /* the designation's effective date */
  SP_CLOCK_FROM_PUBLICATION, /* publication of the plan in force */
  SP_CLOCK_EACH_31_MARCH,    /* every 31 March after designation */
};

/* What meets an occurrence. */
enum sp_clock_event {
  SP_CLOCK_DELIVERY_PLAN,  /* the first delivery plan filed */
  SP_CLOCK_REPORT,         /* the progress report for the occurrence's period */
  SP_CLOCK_PLAN_SUBMITTED, /* the plan's first submission for approval */
  SP_CLOCK_REVIEW,         /* a review begun in the occurrence's window */
  SP_CLOCK_REPLACED,       /* the next plan published, replacing this one */
  SP_CLOCK_PRIORITIES,     /* priority work done in the occurrence's year */
};

/* How long a repeating rule runs. */
enum sp_clock_until {
  SP_CLOCK_ONCE,
  SP_CLOCK_UNTIL_PUBLISHED,  /* until the first plan is published */
  SP_CLOCK_UNTIL_REPLACED,   /* while the plan is in force */
  SP_CLOCK_WHILE_DESIGNATED, /* while a body is designated */
};

struct sp_clock_rule {
  const char *code;  /* "delivery_plan" */
  const char *title; /* "Delivery plan to the department" */
  enum sp_clock_anchor anchor;
  int days;          /* offset in days (days or months, not both) */
  int months;        /* offset in months */
  int every_days;    /* repeat every N days (0: see every_months) */
  int every_months;  /* repeat every N months (0 with every_days 0: once) */
  enum sp_clock_until until;
  enum sp_clock_event event;
  const char *source; /* "section 4.2.1" */
};

/* The rules table and its length. */
const struct sp_clock_rule *sp_clock_rules(size_t *n);

/* An area's history. Dates are days since 1970-01-01, SP_DATE_NONE when
 * the event has not happened. Arrays are sorted ascending; borrowed. */
struct sp_clock_history {
  int32_t designated;          /* effective date of the designation */
  int32_t designation_end;     /* removal or area termination */
  int32_t delivery_plan;       /* first delivery plan filed */
  const int32_t *reports;      /* progress reports filed (submission dates) */
  const int32_t *report_period_ends; /* each report's period end, parallel to reports
                                        (NULL: match reports by their filing date) */
  size_t n_reports;
  int32_t first_published;     /* first publication of any plan of the area */
  int32_t plan_submitted;      /* first submission for approval */
  int32_t published;           /* publication of the plan in force */
  const int32_t *reviews;      /* reviews begun on the plan in force */
  size_t n_reviews;
  int32_t replaced;            /* the plan in force was replaced */
  int32_t plan_ended;          /* the plan ended with its area */
  const int32_t *priorities;   /* days priority work was done: a priority recorded, a
                                  version with priorities published or updated */
  size_t n_priorities;
};

/*
 * Appends the due items of `h` as of `as_of` to the array `out` (borrowed):
 * {rule, title, source, due_date, status, met_on (null), late (bool),
 *  occurrence (1-based)}, in rule order then date order.
 * Returns SP_ENOMEM when JSON cannot be built.
 */
SP_MUST_USE enum sp_rc sp_clock_items(const struct sp_clock_history *h, int32_t as_of, json_t *out);

/* Rank of a status for "worst": overdue 3, due 2, upcoming 1, met 0, -1 unknown. */
int sp_clock_status_rank(const char *status);

/*
 * Writes an iCalendar (RFC 5545) calendar of `items` (each with due_date,
 * title, status, rule, source and optionally area_code, area_name) into out:
 * VCALENDAR with one all-day VEVENT per item (DTSTART;VALUE=DATE, DTEND the
 * next day, UID stable per area/rule/date, DTSTAMP = dtstamp, e.g.
 * "20261123T000000Z"), CRLF line ends, text escaped, lines folded at 75
 * octets without splitting UTF-8 sequences. cal_name names the calendar.
 */
SP_MUST_USE enum sp_rc sp_clock_ics(const json_t *items, const char *cal_name, const char *dtstamp,
                                    struct sp_buf *out);

#endif
