/*
 * sample.c: the in-memory sample plan (see sample.h): deterministic text
 * and numbers shaped like a real LSIP, used by the tests and the benchmark.
 */
#include "sample.h"

#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "out.h"

static const char *const routes[][2] = {
    {"Digital", "Digital support"},
    {"Construction and the built environment", "Onsite construction"},
    {"Engineering and manufacturing", "Maintenance, installation and repair"},
    {"Health and science", "Care services"},
    {"Agriculture, environmental and animal care", "Environmental"},
    {"Transport and logistics", "Transport"},
    {"Business and administration", "Management and administration"},
    {"Education and early years", "Education and early years"},
};

static const char *const lorem =
    "Employers across the area told us, through the survey and the sector round tables, that "
    "they struggle to recruit people with the practical skills the work now needs. Providers "
    "agreed that the current curriculum does not yet reflect new equipment and methods, and "
    "that placements are hard to arrange for small firms. ";

static enum sp_rc repeat(char **dst, const char *lead, const char *text, int times) {
  struct sp_buf b;
  sp_buf_init(&b, 1u << 20);
  SP__PUTS(&b, lead);
  for (int i = 0; i < times; i++)
    SP__PUTS(&b, text);
  if (b.failed)
    return SP_ENOMEM;
  char *s = sp_buf_take(&b);
  if (!s)
    return SP_ENOMEM;
  sp_free(*dst);
  *dst = s;
  return SP_OK;
}

static enum sp_rc add_charts(struct sp_report_plan *p, int n) {
  static const char *const years[] = {"2019", "2020", "2021", "2022", "2023", "2024"};
  for (int i = 0; i < n; i++) {
    char title[128];
    struct sp_chart *c;
    enum sp_rc rc;
    if (i % 3 == 2) {
      snprintf(title, sizeof(title), "Achievements over time, figure set %d", i + 1);
      c = sp_chart_new(SP_CHART_LINE, title, "Academic year", "Achievements");
      if (!c || (rc = sp_chart_set_categories(c, 6, years)))
        goto fail;
      double a[6], b[6];
      for (int k = 0; k < 6; k++) {
        a[k] = 200 + 35 * k + (i * 7) % 40;
        b[k] = 150 + 20 * k - (k == 3 ? 30 : 0);
      }
      if ((rc = sp_chart_add_series(c, "Digital", a)) ||
          (rc = sp_chart_add_series(c, "Construction", b)))
        goto fail;
    } else {
      snprintf(title, sizeof(title), "Vacancies and learners by route, figure set %d", i + 1);
      c = sp_chart_new(i % 3 ? SP_CHART_HBAR : SP_CHART_BAR, title, "Route", "People");
      const char *cats[6];
      double v[6], l[6];
      for (int k = 0; k < 6; k++) {
        cats[k] = routes[k][0];
        v[k] = 120 + ((k * 37 + i * 11) % 90);
        l[k] = 80 + ((k * 53 + i * 5) % 110);
      }
      if (!c || (rc = sp_chart_set_categories(c, 6, cats)))
        goto fail;
      if ((rc = sp_chart_add_series(c, "Vacancies", v)) ||
          (rc = sp_chart_add_series(c, "Learners achieving", l)))
        goto fail;
    }
    if ((rc = sp_report_add_chart_take(p, SP_PART_1, c)))
      return rc;
    continue;
  fail:
    sp_chart_free(c);
    return SP_ENOMEM;
  }
  return SP_OK;
}

static enum sp_rc fill(struct sp_report_plan *p, int npri, int ncharts, int rep) {
  enum sp_rc rc;
  p->version = 2;
  p->mca_required = 1;
  if ((rc = sp_report_set(&p->area_code, "EXA")) ||
      (rc = sp_report_set(&p->area_name, "Example Area")) ||
      (rc = sp_report_set(&p->erb_name, "Example Chamber of Commerce")) ||
      (rc = sp_report_set(&p->version_date, "2026-11-01")) ||
      (rc = sp_report_set(&p->status, "draft")) ||
      (rc = repeat(&p->part_text[SP_PART_1],
                   "This plan sets out what employers in Example Area need from post-16 technical "
                   "education over the next three years, and why it matters for local growth. ",
                   lorem, 2)) ||
      (rc = repeat(&p->part_text[SP_PART_2],
                   "The priorities below are expressed as the outcomes employers want, the skills "
                   "they cannot find, and the changes in provision that would meet them. ",
                   lorem, 1)) ||
      (rc = repeat(&p->part_text[SP_PART_3],
                   "Delivering the plan needs employers, providers and stakeholders to act "
                   "together. The roadmap lists each action with its owner. ",
                   lorem, 1)) ||
      (rc = sp_report_set(&p->delivery,
                          "A delivery board of employers and providers meets every quarter to "
                          "review progress against the roadmap. Benefits are tracked with "
                          "qualitative indicators, such as employers' sense of closer engagement "
                          "with colleges (guidance footnote 19).")) ||
      (rc = repeat(&p->part_text[SP_PART_ANNEX],
                   "This annex sets out the evidence used and how the process followed the "
                   "statutory guidance. ",
                   lorem, 1)) ||
      (rc = sp_report_set(&p->net_zero,
                          "The plan considered the skills needed for jobs that contribute to net "
                          "zero, such as heat pump installation and retrofit, and for adapting to "
                          "climate change.")) ||
      (rc = sp_report_set(&p->mca_name, "the Example Combined Authority")) ||
      (rc = sp_report_set(&p->mca_engagement,
                          "The combined authority took part in stages A and B, shared its labour "
                          "market analysis and commented on the draft; its views on adult "
                          "digital skills are reflected in priority 1.")) ||
      (rc = sp_report_set(&p->mca_statement,
                          "The Example Combined Authority confirms it was able to give its views "
                          "on this plan.")))
    return rc;
  for (int i = 0; i < npri; i++) {
    struct sp_report_priority *pr = sp_report_add_priority(p);
    if (!pr)
      return SP_ENOMEM;
    const char *const *r = routes[i % 8];
    char title[160];
    snprintf(title, sizeof(title), "More people with %s skills (%d)", r[1], i + 1);
    if ((rc = sp_report_set(&pr->title, title)) || (rc = sp_report_set(&pr->route, r[0])) ||
        (rc = sp_report_set(&pr->pathway, r[1])) ||
        (rc = sp_report_set(&pr->level, i % 2 ? "3" : "4-5")) ||
        (rc = repeat(&pr->challenge, "The challenge: ", lorem, rep)) ||
        (rc = repeat(&pr->outcome, "", "Employers want new starters who can work safely and "
                                       "independently within three months. ", rep)) ||
        (rc = repeat(&pr->skills, "", "Diagnosis and fault finding; use of current software; "
                                      "working with customers. ", rep)) ||
        (rc = repeat(&pr->change, "", "Courses should add practical modules with employers' "
                                      "equipment, because learners now meet it only at work. ",
                     rep)))
      return rc;
    for (int k = 0; k < 2; k++) {
      struct sp_report_action *a = sp_report_add_action(pr);
      if (!a)
        return SP_ENOMEM;
      static const char *const owners[][2] = {{"Example College", "provider"},
                                              {"Example Builders Ltd", "employer"},
                                              {"Example Council", "stakeholder"}};
      const char *const *o = owners[(i + k) % 3];
      char at[160];
      snprintf(at, sizeof(at), "%s action %d for priority %d", k ? "Second" : "First", k + 1,
               i + 1);
      if ((rc = sp_report_set(&a->title, at)) || (rc = sp_report_set(&a->owner, o[0])) ||
          (rc = sp_report_set(&a->owner_kind, o[1])) ||
          (rc = sp_report_set(&a->due, k ? "2027-09-01" : "2027-03-31")))
        return rc;
    }
  }
  static const char *const ev[][4] = {
      {"Employer skills survey 2026", "employer survey", "2026-03 to 2026-05",
       "612 responses weighted by size and sector; reviewed by the university."},
      {"Vacancy data", "job adverts", "2025-2026",
       "Complete count of online job adverts for the area, de-duplicated."},
      {"Further education achievements", "ILR data", "2019-2024",
       "Individualised Learner Record returns from every provider."}};
  for (size_t i = 0; i < SP_ARRAY_LEN(ev); i++) {
    struct sp_report_evidence *e = sp_report_add_evidence(p);
    if (!e || (rc = sp_report_set(&e->name, ev[i][0])) || (rc = sp_report_set(&e->kind, ev[i][1])) ||
        (rc = sp_report_set(&e->period, ev[i][2])) || (rc = sp_report_set(&e->robustness, ev[i][3])))
      return SP_ENOMEM;
  }
  static const char *const st[][4] = {
      {"2026-01-10", "2026-05-30", "412 employers, 6 sector bodies, the combined authority",
       "Survey, round tables and interviews on skills employers struggle to find."},
      {"2026-06-01", "2026-08-31", "9 colleges, 14 training providers, 2 universities",
       "Workshops turning employer needs into changes in provision."},
      {"2026-06-15", "2026-09-30", "Jobcentre Plus, careers hub, 80 employers",
       "Plans to raise demand and improve employer engagement."}};
  for (int i = 0; i < 3; i++) {
    struct sp_report_stage *s = sp_report_add_stage(p, (char)('A' + i));
    if (!s || (rc = sp_report_set(&s->started, st[i][0])) ||
        (rc = sp_report_set(&s->completed, st[i][1])) ||
        (rc = sp_report_set(&s->participants, st[i][2])) || (rc = sp_report_set(&s->summary, st[i][3])))
      return SP_ENOMEM;
  }
  return add_charts(p, ncharts);
}

enum sp_rc sp_report_sample_plan(int npriorities, int ncharts, int para_repeat,
                                 struct sp_report_plan **out) {
  *out = NULL;
  struct sp_report_plan *p = sp_report_plan_new();
  if (!p)
    return SP_ENOMEM;
  enum sp_rc rc = fill(p, npriorities < 0 ? 0 : npriorities, ncharts < 0 ? 0 : ncharts,
                       para_repeat < 1 ? 1 : para_repeat);
  if (rc != SP_OK) {
    sp_report_plan_free(p);
    return rc;
  }
  *out = p;
  return SP_OK;
}
