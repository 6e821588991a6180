/*
 * plan.c: the report's plan model (see plan.h) and sp_report_build(), which
 * lays the plan out as the document the guidance describes
 * (../shared/seeds/004_34ac84fe2e6428e6.txt section 6, Table 1): Part 1 the
 * priorities and the evidence for them (6.1), Part 2 the priorities organised
 * by route, pathway and level (6.2, 5.2.2), Part 3 the roadmap of actions by
 * owner and how delivery is managed (6.3), then the Annex: evidence sources
 * and their robustness, stages A-C, net zero, and the MCA/GLA engagement and
 * statement (6.4).
 */
#include "plan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "base/alloc.h"
#include "doc.h"

const char *const sp_report_part_heading[SP_PART__COUNT] = {
    "Part 1: The LSIP priorities",
    "Part 2: Taking the LSIP priorities forward",
    "Part 3: Delivering the LSIP priorities",
    "Annex: Background and methodology",
};

struct sp_report_plan *sp_report_plan_new(void) {
  return sp_calloc(1, sizeof(struct sp_report_plan));
}

enum sp_rc sp_report_set(char **dst, const char *s) {
  char *c = NULL;
  if (s && !(c = sp_strdup(s)))
    return SP_ENOMEM;
  sp_free(*dst);
  *dst = c;
  return SP_OK;
}

int sp_report_blank(const char *s) {
  if (!s)
    return 1;
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
      return 0;
  return 1;
}

/* Grows an array of pointers by one zeroed element of size sz. */
static void *push(void ***arr, size_t *n, size_t sz) {
  void **na = sp_realloc(*arr, (*n + 1) * sizeof(void *));
  if (!na)
    return NULL;
  *arr = na;
  void *e = sp_calloc(1, sz);
  if (!e)
    return NULL;
  na[(*n)++] = e;
  return e;
}

struct sp_report_priority *sp_report_add_priority(struct sp_report_plan *plan) {
  return push((void ***)&plan->priorities, &plan->npriorities, sizeof(struct sp_report_priority));
}
struct sp_report_action *sp_report_add_action(struct sp_report_priority *pr) {
  return push((void ***)&pr->actions, &pr->nactions, sizeof(struct sp_report_action));
}
struct sp_report_action *sp_report_add_plan_action(struct sp_report_plan *plan) {
  return push((void ***)&plan->actions, &plan->nactions, sizeof(struct sp_report_action));
}
struct sp_report_need *sp_report_add_need(struct sp_report_plan *plan) {
  return push((void ***)&plan->needs, &plan->nneeds, sizeof(struct sp_report_need));
}
struct sp_report_evidence *sp_report_add_evidence(struct sp_report_plan *plan) {
  return push((void ***)&plan->evidence, &plan->nevidence, sizeof(struct sp_report_evidence));
}
struct sp_report_stage *sp_report_add_stage(struct sp_report_plan *plan, char code) {
  struct sp_report_stage *s =
      push((void ***)&plan->stages, &plan->nstages, sizeof(struct sp_report_stage));
  if (s)
    s->code = code;
  return s;
}

enum sp_rc sp_report_add_chart_take(struct sp_report_plan *plan, enum sp_report_part part,
                                    struct sp_chart *chart) {
  if (!chart)
    return SP_EINVAL;
  struct sp_report_chart *nc = sp_realloc(plan->charts, (plan->ncharts + 1) * sizeof(*nc));
  if (!nc) {
    sp_chart_free(chart);
    return SP_ENOMEM;
  }
  plan->charts = nc;
  nc[plan->ncharts].part = part;
  nc[plan->ncharts].chart = chart;
  plan->ncharts++;
  return SP_OK;
}

static void action_free(struct sp_report_action *a) {
  if (!a)
    return;
  sp_free(a->title);
  sp_free(a->owner);
  sp_free(a->owner_kind);
  sp_free(a->due);
  sp_free(a);
}

void sp_report_plan_free(struct sp_report_plan *plan) {
  if (!plan)
    return;
  for (size_t i = 0; i < plan->nneeds; i++) {
    if (!plan->needs[i])
      continue;
    sp_free(plan->needs[i]->title);
    sp_free(plan->needs[i]->description);
    sp_free(plan->needs[i]);
  }
  sp_free(plan->needs);
  for (size_t i = 0; i < plan->nactions; i++)
    action_free(plan->actions[i]);
  sp_free(plan->actions);
  sp_free(plan->area_code);
  sp_free(plan->area_name);
  sp_free(plan->erb_name);
  sp_free(plan->version_date);
  sp_free(plan->status);
  for (int i = 0; i < SP_PART__COUNT; i++)
    sp_free(plan->part_text[i]);
  sp_free(plan->delivery);
  sp_free(plan->net_zero);
  sp_free(plan->mca_name);
  sp_free(plan->mca_engagement);
  sp_free(plan->mca_statement);
  for (size_t i = 0; i < plan->npriorities; i++) {
    struct sp_report_priority *p = plan->priorities[i];
    if (!p)
      continue;
    sp_free(p->title);
    sp_free(p->route);
    sp_free(p->pathway);
    sp_free(p->level);
    sp_free(p->challenge);
    sp_free(p->outcome);
    sp_free(p->skills);
    sp_free(p->change);
    for (size_t k = 0; k < p->nactions; k++)
      action_free(p->actions[k]);
    sp_free(p->actions);
    sp_free(p);
  }
  sp_free(plan->priorities);
  for (size_t i = 0; i < plan->nevidence; i++) {
    struct sp_report_evidence *e = plan->evidence[i];
    if (!e)
      continue;
    sp_free(e->name);
    sp_free(e->kind);
    sp_free(e->period);
    sp_free(e->robustness);
    sp_free(e);
  }
  sp_free(plan->evidence);
  for (size_t i = 0; i < plan->nstages; i++) {
    struct sp_report_stage *s = plan->stages[i];
    if (!s)
      continue;
    sp_free(s->started);
    sp_free(s->completed);
    sp_free(s->participants);
    sp_free(s->summary);
    sp_free(s);
  }
  sp_free(plan->stages);
  for (size_t i = 0; i < plan->ncharts; i++)
    sp_chart_free(plan->charts[i].chart);
  sp_free(plan->charts);
  sp_free(plan);
}

/* ---- building the document --------------------------------------------- */

static const char *nz(const char *s) { return s ? s : ""; }
static const char *or_dash(const char *s) { return sp_report_blank(s) ? "\xE2\x80\x94" : s; }

/* A labelled paragraph ("Outcomes employers want: ...") when text is set. */
static enum sp_rc labelled(struct sp_doc *d, const char *label, const char *text) {
  if (sp_report_blank(text))
    return SP_OK;
  size_t n = strlen(label) + strlen(text) + 4;
  char *s = sp_malloc(n);
  if (!s)
    return SP_ENOMEM;
  snprintf(s, n, "%s: %s", label, text);
  enum sp_rc rc = sp_doc_para(d, s);
  sp_free(s);
  return rc;
}

static enum sp_rc charts_of(struct sp_doc *d, const struct sp_report_plan *p,
                            enum sp_report_part part) {
  for (size_t i = 0; i < p->ncharts; i++) {
    if (p->charts[i].part != part)
      continue;
    struct sp_chart *c = sp_chart_clone(p->charts[i].chart);
    if (!c)
      return SP_ENOMEM;
    enum sp_rc rc = sp_doc_chart_take(d, c);
    if (rc)
      return rc;
  }
  return SP_OK;
}

static const char *route_key(const struct sp_report_priority *p) {
  return sp_report_blank(p->route) ? "" : p->route;
}

static int by_route(const void *a, const void *b, void *arg) {
  const struct sp_report_plan *sort_plan = arg;
  size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
  const struct sp_report_priority *pa = sort_plan->priorities[ia], *pb = sort_plan->priorities[ib];
  int c = strcmp(route_key(pa), route_key(pb));
  if (c)
    return c;
  c = strcmp(nz(pa->pathway), nz(pb->pathway));
  if (c)
    return c;
  c = strcmp(nz(pa->level), nz(pb->level));
  return c ? c : (ia < ib ? -1 : ia > ib);
}

static int kind_rank(const char *k) {
  if (!k)
    return 3;
  if (strncmp(k, "employer", 8) == 0)
    return 0;
  if (strncmp(k, "provider", 8) == 0)
    return 1;
  return 2;
}

struct act_ref {
  size_t pri;
  const struct sp_report_action *a;
};
static int by_owner(const void *x, const void *y) {
  const struct act_ref *a = x, *b = y;
  int c = kind_rank(a->a->owner_kind) - kind_rank(b->a->owner_kind);
  if (c)
    return c;
  c = strcmp(nz(a->a->owner), nz(b->a->owner));
  if (c)
    return c;
  return a->pri < b->pri ? -1 : a->pri > b->pri;
}

static enum sp_rc build(const struct sp_report_plan *p, struct sp_doc *d) {
  enum sp_rc rc;
  char buf[2048];
  char ver[32];
  snprintf(ver, sizeof(ver), "Version %d", p->version);
  if ((rc = sp_doc_set_meta(d, "Local Skills Improvement Plan", p->area_name, p->erb_name, ver,
                            p->version_date, p->status)))
    return rc;

  /* Part 1 (6.1) */
  if ((rc = sp_doc_heading(d, 1, "part-1", sp_report_part_heading[SP_PART_1])) ||
      (rc = sp_doc_para(d, p->part_text[SP_PART_1])))
    return rc;
  if (p->nneeds) {
    if ((rc = sp_doc_heading(d, 2, "needs", "What employers told us")))
      return rc;
    static const char *const head[] = {"Skills need", "What employers said", "Employers",
                                       "Of which small firms"};
    struct sp_doc_table *t;
    if ((rc = sp_doc_table(d, "Skills needs employers raised (stage A)", 4, head, &t)))
      return rc;
    for (size_t i = 0; i < p->nneeds; i++) {
      char ne[16], ns[16];
      snprintf(ne, sizeof(ne), "%d", p->needs[i]->employers);
      snprintf(ns, sizeof(ns), "%d", p->needs[i]->small_firms);
      const char *row[] = {nz(p->needs[i]->title), or_dash(p->needs[i]->description), ne, ns};
      if ((rc = sp_doc_table_row(t, row)))
        return rc;
    }
  }
  for (size_t i = 0; i < p->npriorities; i++) {
    const struct sp_report_priority *pr = p->priorities[i];
    snprintf(buf, sizeof(buf), "Priority %zu: ", i + 1);
    size_t n = strlen(buf) + strlen(nz(pr->title)) + 1;
    char *h = sp_malloc(n);
    if (!h)
      return SP_ENOMEM;
    snprintf(h, n, "%s%s", buf, nz(pr->title));
    rc = sp_doc_heading(d, 2, NULL, h);
    sp_free(h);
    if (rc || (rc = sp_doc_para(d, sp_report_blank(pr->challenge) ? pr->outcome : pr->challenge)))
      return rc;
  }
  int any_chart = 0;
  for (size_t i = 0; i < p->ncharts; i++)
    any_chart |= p->charts[i].part == SP_PART_1;
  if (any_chart && ((rc = sp_doc_heading(d, 2, "evidence", "The evidence from employers and providers")) ||
                    (rc = charts_of(d, p, SP_PART_1))))
    return rc;

  /* Part 2 (6.2): by route, pathway and level (5.2.2) */
  if ((rc = sp_doc_heading(d, 1, "part-2", sp_report_part_heading[SP_PART_2])) ||
      (rc = sp_doc_para(d, p->part_text[SP_PART_2])))
    return rc;
  size_t *order = sp_calloc(p->npriorities ? p->npriorities : 1, sizeof(size_t));
  if (!order)
    return SP_ENOMEM;
  for (size_t i = 0; i < p->npriorities; i++)
    order[i] = i;
  qsort_r(order, p->npriorities, sizeof(size_t), by_route, (void *)p);
  if (p->npriorities) {
    static const char *const head[] = {"Priority", "Route", "Pathway", "Level"};
    struct sp_doc_table *t;
    if ((rc = sp_doc_table(d, "Priorities by route, pathway and level", 4, head, &t)))
      goto out;
    for (size_t k = 0; k < p->npriorities; k++) {
      const struct sp_report_priority *pr = p->priorities[order[k]];
      snprintf(buf, sizeof(buf), "%zu. ", order[k] + 1);
      size_t n = strlen(buf) + strlen(nz(pr->title)) + 1;
      char *cell = sp_malloc(n);
      if (!cell) {
        rc = SP_ENOMEM;
        goto out;
      }
      snprintf(cell, n, "%s%s", buf, nz(pr->title));
      const char *row[] = {cell, or_dash(pr->route), or_dash(pr->pathway), or_dash(pr->level)};
      rc = sp_doc_table_row(t, row);
      sp_free(cell);
      if (rc)
        goto out;
    }
  }
  const char *last_route = NULL;
  for (size_t k = 0; k < p->npriorities; k++) {
    const struct sp_report_priority *pr = p->priorities[order[k]];
    const char *route = route_key(pr);
    if (!last_route || strcmp(last_route, route) != 0) {
      if ((rc = sp_doc_heading(d, 2, NULL, *route ? route : "Not yet placed on a route")))
        goto out;
      last_route = route;
    }
    size_t n = strlen(nz(pr->title)) + strlen(nz(pr->pathway)) + strlen(nz(pr->level)) + 64;
    char *h = sp_malloc(n);
    if (!h) {
      rc = SP_ENOMEM;
      goto out;
    }
    snprintf(h, n, "Priority %zu: %s (%s, level %s)", order[k] + 1, nz(pr->title),
             sp_report_blank(pr->pathway) ? "no pathway" : pr->pathway,
             sp_report_blank(pr->level) ? "not set" : pr->level);
    rc = sp_doc_heading(d, 3, NULL, h);
    sp_free(h);
    if (rc || (rc = labelled(d, "Outcomes employers want", pr->outcome)) ||
        (rc = labelled(d, "Skills and competencies employers struggle to find", pr->skills)) ||
        (rc = labelled(d, "Changes needed in provision, and why", pr->change)))
      goto out;
  }
  if ((rc = charts_of(d, p, SP_PART_2)))
    goto out;

  /* Part 3 (6.3): the roadmap of actions by owner */
  if ((rc = sp_doc_heading(d, 1, "part-3", sp_report_part_heading[SP_PART_3])) ||
      (rc = sp_doc_para(d, p->part_text[SP_PART_3])))
    goto out;
  size_t nact = p->nactions;
  for (size_t i = 0; i < p->npriorities; i++)
    nact += p->priorities[i]->nactions;
  if (nact) {
    struct act_ref *acts = sp_calloc(nact, sizeof(*acts));
    if (!acts) {
      rc = SP_ENOMEM;
      goto out;
    }
    size_t k = 0;
    for (size_t i = 0; i < p->npriorities; i++)
      for (size_t j = 0; j < p->priorities[i]->nactions; j++)
        acts[k++] = (struct act_ref){i, p->priorities[i]->actions[j]};
    for (size_t j = 0; j < p->nactions; j++)
      acts[k++] = (struct act_ref){SIZE_MAX, p->actions[j]};
    qsort(acts, nact, sizeof(*acts), by_owner);
    static const char *const head[] = {"Owner", "Type of owner", "Action", "Priority", "By"};
    struct sp_doc_table *t;
    rc = sp_doc_table(d, "Roadmap: actions by owner", 5, head, &t);
    for (size_t i = 0; i < nact && rc == SP_OK; i++) {
      char pri[24];
      if (acts[i].pri == SIZE_MAX)
        snprintf(pri, sizeof(pri), "All");
      else
        snprintf(pri, sizeof(pri), "%zu", acts[i].pri + 1);
      const char *row[] = {or_dash(acts[i].a->owner), or_dash(acts[i].a->owner_kind),
                           nz(acts[i].a->title), pri, or_dash(acts[i].a->due)};
      rc = sp_doc_table_row(t, row);
    }
    sp_free(acts);
    if (rc)
      goto out;
  }
  if ((rc = charts_of(d, p, SP_PART_3)))
    goto out;
  if (!sp_report_blank(p->delivery) &&
      ((rc = sp_doc_heading(d, 2, "delivery", "Managing delivery, review and benefits")) ||
       (rc = sp_doc_para(d, p->delivery))))
    goto out;

  /* Annex (6.4) */
  if ((rc = sp_doc_annex(d)) ||
      (rc = sp_doc_heading(d, 1, "annex", sp_report_part_heading[SP_PART_ANNEX])) ||
      (rc = sp_doc_para(d, p->part_text[SP_PART_ANNEX])))
    goto out;
  if (p->nevidence) {
    if ((rc = sp_doc_heading(d, 2, "evidence-sources", "Evidence sources and why they are robust")))
      goto out;
    static const char *const head[] = {"Source", "Type", "When", "Why it is robust"};
    struct sp_doc_table *t;
    if ((rc = sp_doc_table(d, "Evidence sources", 4, head, &t)))
      goto out;
    for (size_t i = 0; i < p->nevidence; i++) {
      const struct sp_report_evidence *e = p->evidence[i];
      const char *row[] = {nz(e->name), or_dash(e->kind), or_dash(e->period),
                           or_dash(e->robustness)};
      if ((rc = sp_doc_table_row(t, row)))
        goto out;
    }
  }
  if ((rc = charts_of(d, p, SP_PART_ANNEX)))
    goto out;
  if (p->nstages) {
    if ((rc = sp_doc_heading(d, 2, "process", "How the process followed the guidance")))
      goto out;
    static const char *const head[] = {"Stage", "Dates", "Who took part", "What was done"};
    struct sp_doc_table *t;
    if ((rc = sp_doc_table(d, "Stages A, B and C", 4, head, &t)))
      goto out;
    for (size_t i = 0; i < p->nstages; i++) {
      const struct sp_report_stage *s = p->stages[i];
      char stage[16], dates[128];
      snprintf(stage, sizeof(stage), "Stage %c", s->code);
      snprintf(dates, sizeof(dates), "%.40s to %.40s", or_dash(s->started), or_dash(s->completed));
      const char *row[] = {stage, dates, or_dash(s->participants), or_dash(s->summary)};
      if ((rc = sp_doc_table_row(t, row)))
        goto out;
    }
  }
  if (!sp_report_blank(p->net_zero) &&
      ((rc = sp_doc_heading(d, 2, "net-zero", "Net zero, climate change and other environmental goals")) ||
       (rc = sp_doc_para(d, p->net_zero))))
    goto out;
  if (p->mca_required) {
    snprintf(buf, sizeof(buf), "Engagement with %.200s",
             sp_report_blank(p->mca_name) ? "the mayoral combined authority" : p->mca_name);
    if ((rc = sp_doc_heading(d, 2, "mca", buf)) || (rc = sp_doc_para(d, p->mca_engagement)))
      goto out;
    if (!sp_report_blank(p->mca_statement) &&
        ((rc = sp_doc_heading(d, 3, "mca-statement", "Statement of the mayoral combined authority")) ||
         (rc = sp_doc_para(d, p->mca_statement))))
      goto out;
  }
out:
  sp_free(order);
  return rc;
}

enum sp_rc sp_report_build(struct sp_ctx *ctx, const struct sp_report_plan *plan,
                           struct sp_doc **out) {
  *out = NULL;
  struct sp_doc *d = sp_doc_new();
  if (!d)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory building the report");
  enum sp_rc rc = build(plan, d);
  if (rc != SP_OK) {
    sp_doc_free(d);
    return sp_ctx_fail(ctx, rc, NULL, "building the report failed: %s", sp_strerror(rc));
  }
  *out = d;
  return SP_OK;
}
