/*
 * plan.h: the report's view of one version of an area's Local Skills
 * Improvement Plan: everything the report and its readiness check need, in
 * plain C structs. A composer fills it (compose.c from the store; tests and
 * the benchmark build it in memory); sp_report_build() turns it into the
 * document model, and sp_report_check() (readiness.h) checks it against the
 * guidance (../shared/seeds/004_34ac84fe2e6428e6.txt section 6).
 *
 * The parts follow the guidance's Table 1 (section 6): Part 1 the LSIP
 * priorities (6.1), Part 2 taking them forward (6.2), Part 3 delivering them
 * (6.3), and the Annex, background and methodology (6.4). part_text[] is the
 * text the employer representative body (ERB) writes for each part; the rest
 * comes from the plan's records and is never typed twice.
 *
 * Ownership: the plan owns every string, entry and chart in it; strings are
 * set with sp_report_set() (which copies), entries added with the add
 * functions, which return a zeroed entry owned by the plan (stable pointers:
 * entries are allocated one by one). sp_report_plan_free releases all.
 */
#ifndef SP_REPORT_PLAN_H
#define SP_REPORT_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "base/sp.h"

struct sp_chart;

enum sp_report_part {
  SP_PART_1 = 0,  /* the LSIP priorities (6.1) */
  SP_PART_2,      /* taking the priorities forward (6.2) */
  SP_PART_3,      /* delivering the priorities (6.3) */
  SP_PART_ANNEX,  /* background and methodology (6.4) */
  SP_PART__COUNT
};

struct sp_report_action {
  char *title;
  char *owner;      /* who delivers it: an organisation's name */
  char *owner_kind; /* "employer", "provider", "stakeholder", ... */
  char *due;        /* ISO date or a period; may be NULL */
};

struct sp_report_priority {
  char *title;
  char *route;     /* occupational route (annex C); NULL when not set */
  char *pathway;
  char *level;     /* "3", "4-5", "Entry" ...; may be NULL */
  char *challenge; /* Part 1: the challenge and why tackling it supports growth */
  char *outcome;   /* Part 2: what employers want from provision, and for what end */
  char *skills;    /* Part 2: skills components and competencies hard to find */
  char *change;    /* Part 2: where and why provision must change */
  size_t nactions;
  struct sp_report_action **actions;
};

/* A skills need employers raised at stage A (5.2.1): a challenge of Part 1. */
struct sp_report_need {
  char *title;
  char *description;
  int employers;   /* how many employers raised it */
  int small_firms; /* of whom small firms */
};

struct sp_report_evidence {
  char *name;
  char *kind;       /* "employer survey", "ONS data", ... */
  char *period;     /* when it was collected; may be NULL */
  char *robustness; /* why the ERB considers it robust (6.4) */
};

struct sp_report_stage {
  char code;          /* 'A', 'B' or 'C' (guidance 5.2) */
  char *started;      /* ISO dates; may be NULL */
  char *completed;
  char *participants; /* who took part */
  char *summary;
};

struct sp_report_chart {
  enum sp_report_part part; /* the part it illustrates */
  struct sp_chart *chart;
};

struct sp_report_plan {
  char *area_code;
  char *area_name;
  char *erb_name;     /* the designated employer representative body */
  int version;        /* 1, 2, ... */
  char *version_date; /* ISO 8601 */
  char *status;       /* "draft", "submitted", "published" ... */
  char *part_text[SP_PART__COUNT];
  char *delivery;     /* Part 3: managing delivery, review, benefits (6.3, footnote 19) */
  char *net_zero;     /* Annex: net zero and climate consideration (1.5, 6.4) */
  int mca_required;   /* the area is covered by an MCA or the GLA */
  char *mca_name;
  char *mca_engagement; /* at which stages, how, how views were taken into account */
  char *mca_statement;  /* the MCA/GLA's own statement (6.4, 3.5) */
  size_t nneeds;
  struct sp_report_need **needs;
  size_t npriorities;
  struct sp_report_priority **priorities;
  size_t nactions;                     /* plan-wide actions, on no one priority */
  struct sp_report_action **actions;
  size_t nevidence;
  struct sp_report_evidence **evidence;
  size_t nstages;
  struct sp_report_stage **stages;
  size_t ncharts;
  struct sp_report_chart *charts;
};

/* A new empty plan; NULL on out of memory. */
struct sp_report_plan *sp_report_plan_new(void);
/* Frees the plan and all it owns; NULL is a no-op. */
void sp_report_plan_free(struct sp_report_plan *plan);

/* Replaces *dst (freed) with a copy of s (NULL clears). SP_ENOMEM on failure. */
SP_MUST_USE enum sp_rc sp_report_set(char **dst, const char *s);

/* Add a zeroed entry owned by the plan; NULL on out of memory. */
struct sp_report_priority *sp_report_add_priority(struct sp_report_plan *plan);
struct sp_report_action *sp_report_add_action(struct sp_report_priority *pr);
struct sp_report_action *sp_report_add_plan_action(struct sp_report_plan *plan);
struct sp_report_need *sp_report_add_need(struct sp_report_plan *plan);
struct sp_report_evidence *sp_report_add_evidence(struct sp_report_plan *plan);
struct sp_report_stage *sp_report_add_stage(struct sp_report_plan *plan, char code);
/* Adds chart to the given part; the plan takes the chart, also on failure. */
SP_MUST_USE enum sp_rc sp_report_add_chart_take(struct sp_report_plan *plan,
                                                enum sp_report_part part,
                                                struct sp_chart *chart);

/* 1 when s is NULL or only white space. */
int sp_report_blank(const char *s);

struct sp_doc;
/* Builds the report's document from plan: title block, Parts 1-3, the
 * Annex (after the annex marker), in the order of guidance section 6.
 * *out is a new document the caller frees with sp_doc_free. */
SP_MUST_USE enum sp_rc sp_report_build(struct sp_ctx *ctx, const struct sp_report_plan *plan,
                                       struct sp_doc **out);

/* Headings of the parts as the report prints them (for tests and checks). */
extern const char *const sp_report_part_heading[SP_PART__COUNT];

#endif
