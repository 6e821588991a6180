/*
 * readiness.c: the readiness check (see readiness.h). Every rule cites the
 * section of ../shared/seeds/004_34ac84fe2e6428e6.txt it comes from, in the
 * code and in the message people see.
 */
#include "readiness.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "doc.h"
#include "pdf.h"

static int add(struct sp_readiness *r, enum sp_severity sev, const char *code,
               const char *section, const char *fmt, ...) SP_PRINTF(5, 6);

static int add(struct sp_readiness *r, enum sp_severity sev, const char *code,
               const char *section, const char *fmt, ...) {
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    struct sp_finding *nf = sp_realloc(r->findings, cap * sizeof(*nf));
    if (!nf)
      return -1;
    r->findings = nf;
    r->cap = cap;
  }
  struct sp_finding *f = &r->findings[r->n++];
  memset(f, 0, sizeof(*f));
  f->severity = sev;
  snprintf(f->code, sizeof(f->code), "%s", code);
  snprintf(f->section, sizeof(f->section), "%s", section);
  char msg[480];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  snprintf(f->message, sizeof(f->message), "%s (guidance section %s)", msg, section);
  /* a cut inside a UTF-8 sequence would make the message invalid */
  char *clean = sp_doc_clean_text(f->message, 0);
  if (clean) {
    snprintf(f->message, sizeof(f->message), "%s", clean);
    sp_free(clean);
  }
  if (sev == SP_SEV_BLOCKING)
    r->blocking++;
  return 0;
}

void sp_readiness_free(struct sp_readiness *r) {
  if (!r)
    return;
  sp_free(r->findings);
  sp_free(r);
}

int sp_readiness_has(const struct sp_readiness *r, const char *code) {
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->findings[i].code, code) == 0)
      return 1;
  return 0;
}

/* A short, printable name for priority i: "priority 3 (Digital skills)". */
static void pname(char *out, size_t n, size_t i, const struct sp_report_priority *p) {
  if (sp_report_blank(p->title))
    snprintf(out, n, "priority %zu", i + 1);
  else
    snprintf(out, n, "priority %zu (%.80s)", i + 1, p->title);
}

static int check(const struct sp_report_plan *p, struct sp_readiness *r) {
  static const struct {
    const char *code, *section, *what;
  } parts[SP_PART__COUNT] = {
      {"part_1_missing", "6.1",
       "Part 1, the LSIP priorities, has no text: set out the key challenges, why tackling "
       "them supports local growth, the evidence and the changes sought"},
      {"part_2_missing", "6.2",
       "Part 2, taking the priorities forward, has no text: set out the outcomes employers "
       "want, the skills they struggle to find and the changes in provision needed"},
      {"part_3_missing", "6.3",
       "Part 3, delivering the priorities, has no text: describe what needs to happen locally "
       "and the roadmap of actions"},
      {"annex_missing", "6.4",
       "The annex, background and methodology, has no text: set out the methodology and the "
       "process the ERB used to develop the LSIP"},
  };
  int e = 0;
  for (int i = 0; i < SP_PART__COUNT; i++)
    if (sp_report_blank(p->part_text[i]))
      e |= add(r, SP_SEV_BLOCKING, parts[i].code, parts[i].section, "%s", parts[i].what);
  if (p->npriorities == 0)
    e |= add(r, SP_SEV_BLOCKING, "no_priorities", "6.1, 6.2",
             "The plan has no priorities: Parts 1 and 2 set out the LSIP priorities");
  if (r->pages_counted > SP_REPORT_MAX_PAGES)
    e |= add(r, SP_SEV_BLOCKING, "too_long", "6",
             "The report runs to %d pages excluding the annex and contents; it should not "
             "exceed %d: shorten the parts or move detail to the annex",
             r->pages_counted, SP_REPORT_MAX_PAGES);
  else if (r->pages_counted > SP_REPORT_MAX_PAGES - 3)
    e |= add(r, SP_SEV_WARNING, "near_page_limit", "6",
             "The report runs to %d of at most %d pages excluding the annex and contents",
             r->pages_counted, SP_REPORT_MAX_PAGES);
  for (size_t i = 0; i < p->npriorities; i++) {
    const struct sp_report_priority *pr = p->priorities[i];
    char nm[160];
    pname(nm, sizeof(nm), i, pr);
    if (sp_report_blank(pr->route))
      e |= add(r, SP_SEV_BLOCKING, "priority_no_route", "6.2, 5.2.2",
               "%s is not on an occupational route: organise priorities by route, pathway and "
               "level (annex C)", nm);
    if (sp_report_blank(pr->pathway))
      e |= add(r, SP_SEV_BLOCKING, "priority_no_pathway", "6.2, 5.2.2",
               "%s has no occupational pathway: organise priorities by route, pathway and "
               "level (annex C)", nm);
    if (sp_report_blank(pr->level))
      e |= add(r, SP_SEV_WARNING, "priority_no_level", "5.2.2",
               "%s has no level; give one where appropriate", nm);
    if (sp_report_blank(pr->outcome))
      e |= add(r, SP_SEV_WARNING, "priority_no_outcome", "6.2",
               "%s does not say what outcome employers want from provision", nm);
    if (sp_report_blank(pr->skills))
      e |= add(r, SP_SEV_WARNING, "priority_no_skills", "6.2",
               "%s does not name the skills components and competencies employers struggle to "
               "find", nm);
    if (sp_report_blank(pr->change))
      e |= add(r, SP_SEV_WARNING, "priority_no_change", "6.2",
               "%s does not explain where and why provision needs to change", nm);
    if (pr->nactions == 0)
      e |= add(r, SP_SEV_BLOCKING, "priority_no_action", "6.3",
               "%s has no action: the roadmap sets out specific actions for employers, "
               "providers and other stakeholders", nm);
    for (size_t k = 0; k < pr->nactions; k++)
      if (sp_report_blank(pr->actions[k]->owner))
        e |= add(r, SP_SEV_BLOCKING, "action_no_owner", "6.3",
                 "Action %zu of %s (%.80s) has no owner", k + 1, nm,
                 sp_report_blank(pr->actions[k]->title) ? "untitled" : pr->actions[k]->title);
  }
  for (size_t k = 0; k < p->nactions; k++)
    if (sp_report_blank(p->actions[k]->owner))
      e |= add(r, SP_SEV_WARNING, "plan_action_no_owner", "6.3",
               "Plan-wide action %zu (%.80s) names no owner, only the group it is for; "
               "name who will lead it where you can", k + 1,
               sp_report_blank(p->actions[k]->title) ? "untitled" : p->actions[k]->title);
  if (sp_report_blank(p->delivery))
    e |= add(r, SP_SEV_WARNING, "delivery_missing", "6.3",
             "Part 3 does not set out how delivery will be managed, reviewed and its benefits "
             "seen; qualitative indicators are acceptable (footnote 19)");
  if (p->nevidence == 0)
    e |= add(r, SP_SEV_BLOCKING, "evidence_missing", "6.4",
             "The annex lists no evidence sources: set out what evidence was drawn on and why "
             "it is robust");
  for (size_t i = 0; i < p->nevidence; i++)
    if (sp_report_blank(p->evidence[i]->robustness))
      e |= add(r, SP_SEV_BLOCKING, "evidence_no_robustness", "6.4",
               "Evidence source %zu (%.80s) does not say why it is robust and meaningful", i + 1,
               sp_report_blank(p->evidence[i]->name) ? "unnamed" : p->evidence[i]->name);
  static const char *const stage_code[3] = {"stage_a_missing", "stage_b_missing",
                                            "stage_c_missing"};
  static const char *const stage_what[3] = {
      "articulating employers' skills needs", "translating needs into changes in provision",
      "addressing learner demand and employer engagement"};
  for (int s = 0; s < 3; s++) {
    const struct sp_report_stage *found = NULL;
    for (size_t i = 0; i < p->nstages; i++)
      if (p->stages[i]->code == 'A' + s)
        found = p->stages[i];
    if (!found || (sp_report_blank(found->started) && sp_report_blank(found->summary)))
      e |= add(r, SP_SEV_BLOCKING, stage_code[s], "5.2",
               "Stage %c (%s) is not recorded: give its dates, who took part and what was done",
               'A' + s, stage_what[s]);
    else if (sp_report_blank(found->participants))
      e |= add(r, SP_SEV_WARNING, "stage_no_participants", "6.5",
               "Stage %c does not say who took part; the Secretary of State checks engagement "
               "with employers, providers and stakeholders", 'A' + s);
  }
  if (sp_report_blank(p->net_zero))
    e |= add(r, SP_SEV_BLOCKING, "net_zero_missing", "1.5, 6.4",
             "The annex does not describe how the plan considered the skills for jobs that "
             "support net zero, adaptation to climate change or other environmental goals");
  if (p->mca_required) {
    if (sp_report_blank(p->mca_engagement))
      e |= add(r, SP_SEV_BLOCKING, "mca_engagement_missing", "6.4",
               "The area is covered by a mayoral combined authority or the GLA: set out at which "
               "stages it was engaged, how, and how its views were taken into account (or why "
               "not)");
    if (sp_report_blank(p->mca_statement))
      e |= add(r, SP_SEV_BLOCKING, "mca_statement_missing", "6.4, 3.5",
               "The statement of the mayoral combined authority or GLA is missing; it goes to "
               "the Secretary of State with the plan");
  }
  return e;
}

enum sp_rc sp_report_check(struct sp_ctx *ctx, const struct sp_report_plan *plan, int pages,
                           struct sp_readiness **out) {
  *out = NULL;
  struct sp_readiness *r = sp_calloc(1, sizeof(*r));
  if (!r)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory checking the plan");
  r->pages_counted = pages;
  r->pages_total = -1;
  if (pages < 0) {
    struct sp_doc *doc = NULL;
    struct sp_pdf_info info;
    enum sp_rc rc = sp_report_build(ctx, plan, &doc);
    if (rc == SP_OK)
      rc = sp_report_pdf_count(ctx, doc, &info);
    sp_doc_free(doc);
    if (rc != SP_OK) {
      sp_readiness_free(r);
      return rc;
    }
    r->pages_counted = info.pages_counted;
    r->pages_total = info.pages_total;
  }
  if (check(plan, r) != 0) {
    sp_readiness_free(r);
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory checking the plan");
  }
  *out = r;
  return SP_OK;
}

json_t *sp_readiness_json(const struct sp_readiness *r) {
  json_t *arr = json_array();
  if (!arr)
    return NULL;
  for (size_t i = 0; i < r->n; i++) {
    const struct sp_finding *f = &r->findings[i];
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "severity",
                          f->severity == SP_SEV_BLOCKING ? "blocking" : "warning", "code", f->code,
                          "section", f->section, "message", f->message);
    if (!o || json_array_append_new(arr, o) != 0) {
      json_decref(arr);
      return NULL;
    }
  }
  return json_pack("{s:b, s:I, s:I, s:i, s:i, s:s, s:o}", "ready", r->blocking == 0, "blocking",
                   (json_int_t)r->blocking, "warnings", (json_int_t)(r->n - r->blocking),
                   "pages_counted", r->pages_counted, "page_limit", SP_REPORT_MAX_PAGES,
                   "guidance", SP_REPORT_GUIDANCE, "findings", arr);
}
