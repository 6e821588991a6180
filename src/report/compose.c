/*
 * compose.c: the report composed from the store (see compose.h). Reads the
 * lsip module's tables (0100_lsip.sql) and the report's own (0400_report.sql)
 * through prepared statements only, and fills the plan model of plan.h.
 * Guidance: ../shared/seeds/004_34ac84fe2e6428e6.txt sections 5.2, 6.
 */
#include "compose.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "core/audit.h"
#include "core/lsip/lsip.h"
#include "core/reference.h"
#include "base/date.h"
#include "core/policy.h"
#include "base/text.h"
#include "evidence/evidence.h"
#include "evidence_charts.h"
#include "store/store.h"
#include "base/record.h"

const char *const sp_report_part_names[5] = {"part1", "part2", "part3", "annex", "delivery"};

#define PART_TEXT_MAX 20000
#define STAGE_TEXT_MAX 4000

/* Copies column col of st into *dst, NULL for SQL NULL. */
static enum sp_rc col(struct sp_stmt *st, int c, char **dst) {
  if (sp_stmt_is_null(st, c))
    return sp_report_set(dst, NULL);
  return sp_report_set(dst, sp_stmt_text(st, c));
}

static enum sp_rc oom(struct sp_ctx *ctx) {
  return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory composing the report");
}

/* Finds the plan: its id and version among those the actor may see. Drafts
 * only when `drafts` (for reads, sp_lsip_may_read_draft: plan.read_draft;
 * issue 10, finding 9); others get the latest published version. */
static enum sp_rc find_plan(struct sp_ctx *ctx, const char *area, int version, int drafts,
                            int64_t *id, int *ver) {
  struct sp_stmt *st = NULL;
  int signed_in = drafts;
  enum sp_rc rc = sp_store_preparef(
      ctx, &st,
      "SELECT id, version FROM lsip_plans WHERE area_code = ?1 "
      "AND (?2 = 0 OR version = ?2) AND (?3 = 1 OR published_on IS NOT NULL) "
      "ORDER BY version DESC LIMIT 1",
      "sii", area, (int64_t)version, (int64_t)signed_in);
  int row = 0;
  if (rc == SP_OK)
    rc = sp_stmt_step(st, ctx, &row);
  if (rc == SP_OK && row) {
    *id = sp_stmt_int(st, 0);
    *ver = (int)sp_stmt_int(st, 1);
  }
  sp_stmt_free(st);
  if (rc == SP_OK && !row) {
    if (version > 0)
      rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "version",
                       "area %s has no plan version %d%s", area, version,
                       signed_in ? "" : " that has been published");
    else
      rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "area", "area %s has no %splan", area,
                       signed_in ? "" : "published ");
  }
  return rc;
}

static enum sp_rc load_head(struct sp_ctx *ctx, int64_t id, struct sp_report_plan *p,
                            char **summary, char **mca_stages) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_preparef(
      ctx, &st,
      "SELECT p.area_code, p.version, " SP_LSIP_STATE_ON_READ("p", "?2") ", p.net_zero,"
      " p.mca_engagement_how, "
      "COALESCE(p.published_on, p.approved_on, p.first_submitted_on, p.created_on), "
      "o.name, (SELECT n.name FROM area_names n WHERE n.code = p.area_code "
      "ORDER BY n.valid_from DESC LIMIT 1), p.summary, p.mca_engagement_stages "
      "FROM lsip_plans p JOIN lsip_designations d ON d.id = p.designation_id "
      "JOIN orgs o ON o.id = d.org_id WHERE p.id = ?1",
      "id", id, sp_ctx_today(ctx));
  int row = 0;
  if (rc == SP_OK)
    rc = sp_stmt_step(st, ctx, &row);
  if (rc == SP_OK && !row)
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "plan_id", "no plan has id %lld", (long long)id);
  if (rc == SP_OK) {
    p->version = (int)sp_stmt_int(st, 1);
    if (col(st, 0, &p->area_code) || col(st, 2, &p->status) || col(st, 3, &p->net_zero) ||
        col(st, 4, &p->mca_engagement) || col(st, 5, &p->version_date) ||
        col(st, 6, &p->erb_name) || col(st, 7, &p->area_name) || col(st, 8, summary) ||
        col(st, 9, mca_stages))
      rc = oom(ctx);
    if (rc == SP_OK && p->area_name == NULL && sp_report_set(&p->area_name, p->area_code))
      rc = oom(ctx);
  }
  sp_stmt_free(st);
  return rc;
}

static enum sp_rc load_needs(struct sp_ctx *ctx, int64_t id, struct sp_report_plan *p) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_preparef(ctx, &st,
                       "SELECT n.title, n.description, "
                       "(SELECT COUNT(*) FROM lsip_need_employers e WHERE e.need_id = n.id), "
                       "(SELECT COUNT(*) FROM lsip_need_employers e WHERE e.need_id = n.id "
                       "AND e.small_firm = 1) FROM lsip_needs n WHERE n.plan_id = ? ORDER BY n.id",
                       "i", id);
  int row = 1;
  while (rc == SP_OK && (rc = sp_stmt_step(st, ctx, &row)) == SP_OK && row) {
    struct sp_report_need *n = sp_report_add_need(p);
    if (!n || col(st, 0, &n->title) || col(st, 1, &n->description)) {
      rc = oom(ctx);
      break;
    }
    n->employers = (int)sp_stmt_int(st, 2);
    n->small_firms = (int)sp_stmt_int(st, 3);
  }
  sp_stmt_free(st);
  return rc;
}

/* "3", "4-5", "Entry-2" from the level codes. */
static void level_text(char *out, size_t n, const char *lo, const char *hi) {
  const char *a = (!lo || !*lo) ? hi : lo, *b = (!hi || !*hi) ? lo : hi;
  if (!a || !*a) {
    out[0] = '\0';
    return;
  }
  const char *an = strcmp(a, "E") == 0 ? "Entry" : a, *bn = strcmp(b, "E") == 0 ? "Entry" : b;
  if (strcmp(a, b) == 0)
    snprintf(out, n, "%s", an);
  else
    snprintf(out, n, "%s-%s", an, bn);
}

static enum sp_rc load_priorities(struct sp_ctx *ctx, int64_t id, struct sp_report_plan *p,
                                  int64_t **ids) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_preparef(ctx, &st,
                       "SELECT pr.id, pr.title, r.name, pw.name, pr.level_min, pr.level_max, "
                       "pr.outcome, pr.skills_components, pr.change_needed "
                       "FROM lsip_priorities pr LEFT JOIN routes r ON r.code = pr.route_code "
                       "LEFT JOIN pathways pw ON pw.code = pr.pathway_code "
                       "WHERE pr.plan_id = ? ORDER BY pr.ord, pr.id", "i", id);
  int row = 1;
  size_t cap = 0;
  while (rc == SP_OK && (rc = sp_stmt_step(st, ctx, &row)) == SP_OK && row) {
    if (p->npriorities == cap) {
      cap = cap ? cap * 2 : 16;
      int64_t *ni = sp_realloc(*ids, cap * sizeof(int64_t));
      if (!ni) {
        rc = oom(ctx);
        break;
      }
      *ids = ni;
    }
    (*ids)[p->npriorities] = sp_stmt_int(st, 0);
    struct sp_report_priority *pr = sp_report_add_priority(p);
    char lv[64];
    if (pr) {
      char lo[8], hi[8];
      snprintf(lo, sizeof(lo), "%s", sp_stmt_text(st, 4));
      snprintf(hi, sizeof(hi), "%s", sp_stmt_text(st, 5));
      level_text(lv, sizeof(lv), lo, hi);
    }
    if (!pr || col(st, 1, &pr->title) || col(st, 2, &pr->route) || col(st, 3, &pr->pathway) ||
        (*lv && sp_report_set(&pr->level, lv)) || col(st, 6, &pr->outcome) ||
        col(st, 7, &pr->skills) || col(st, 8, &pr->change)) {
      rc = oom(ctx);
      break;
    }
  }
  sp_stmt_free(st);
  return rc;
}

static enum sp_rc load_actions(struct sp_ctx *ctx, int64_t id, struct sp_report_plan *p,
                               const int64_t *ids) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_preparef(ctx, &st,
                       "SELECT a.priority_id, a.title, a.owner_kind, o.name, a.due_date "
                       "FROM lsip_actions a LEFT JOIN orgs o ON o.id = a.owner_org_id "
                       "WHERE a.plan_id = ? AND a.status <> 'dropped' ORDER BY a.id",
                       "i", id);
  int row = 1;
  while (rc == SP_OK && (rc = sp_stmt_step(st, ctx, &row)) == SP_OK && row) {
    struct sp_report_priority *pr = NULL;
    if (!sp_stmt_is_null(st, 0))
      for (size_t i = 0; i < p->npriorities; i++)
        if (ids[i] == sp_stmt_int(st, 0))
          pr = p->priorities[i];
    struct sp_report_action *a = pr ? sp_report_add_action(pr) : sp_report_add_plan_action(p);
    if (!a || col(st, 1, &a->title) || col(st, 2, &a->owner_kind) || col(st, 3, &a->owner) ||
        col(st, 4, &a->due)) {
      rc = oom(ctx);
      break;
    }
  }
  sp_stmt_free(st);
  return rc;
}

static enum sp_rc load_evidence(struct sp_ctx *ctx, int64_t id, struct sp_report_plan *p) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_preparef(ctx, &st,
                       "SELECT title, source, why_robust FROM lsip_evidence WHERE plan_id = ? "
                       "ORDER BY id", "i", id);
  int row = 1;
  while (rc == SP_OK && (rc = sp_stmt_step(st, ctx, &row)) == SP_OK && row) {
    struct sp_report_evidence *e = sp_report_add_evidence(p);
    if (!e || col(st, 0, &e->name) || col(st, 1, &e->kind) || col(st, 2, &e->robustness)) {
      rc = oom(ctx);
      break;
    }
  }
  sp_stmt_free(st);
  return rc;
}

static enum sp_rc load_mca(struct sp_ctx *ctx, int64_t id, struct sp_report_plan *p,
                           const char *stages) {
  struct sp_stmt *st = NULL;
  /* an MCA or the GLA covers the area (guidance 3.5, 6.4) on the date the
   * version is judged on: its submission once submitted, else today */
  int32_t judged = SP_DATE_NONE;
  enum sp_rc rc = sp_lsip_plan_judged_on(ctx, id, &judged);
  if (rc != SP_OK)
    return rc;
  int mayoral = sp_area_mayoral_on(ctx, p->area_code, judged);
  if (mayoral < 0)
    return sp_ctx_rc(ctx);
  p->mca_required = mayoral;
  rc = sp_store_preparef(ctx, &st,
            "SELECT s.statement, o.name FROM lsip_mca_statements s JOIN orgs o ON o.id = s.org_id "
            "WHERE s.plan_id = ? ORDER BY s.given_on DESC, s.id DESC LIMIT 1", "i", id);
  int row = 0;
  if (rc == SP_OK)
    rc = sp_stmt_step(st, ctx, &row);
  if (rc == SP_OK && row && (col(st, 0, &p->mca_statement) || col(st, 1, &p->mca_name)))
    rc = oom(ctx);
  sp_stmt_free(st);
  if (rc == SP_OK && !sp_report_blank(p->mca_engagement) && !sp_report_blank(stages)) {
    size_t n = strlen(p->mca_engagement) + strlen(stages) + 32;
    char *s = sp_malloc(n);
    if (!s)
      return oom(ctx);
    snprintf(s, n, "Engaged at stage(s) %s. %s", stages, p->mca_engagement);
    sp_free(p->mca_engagement);
    p->mca_engagement = s;
  }
  return rc;
}

static enum sp_rc load_texts(struct sp_ctx *ctx, int64_t id, struct sp_report_plan *p) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_preparef(
      ctx, &st, "SELECT part, body FROM report_part_texts WHERE plan_id = ?", "i", id);
  int row = 1;
  while (rc == SP_OK && (rc = sp_stmt_step(st, ctx, &row)) == SP_OK && row) {
    const char *part = sp_stmt_text(st, 0);
    char **dst = NULL;
    for (int i = 0; i < SP_PART__COUNT; i++)
      if (strcmp(part, sp_report_part_names[i]) == 0)
        dst = &p->part_text[i];
    if (strcmp(part, "delivery") == 0)
      dst = &p->delivery;
    if (dst && col(st, 1, dst)) {
      rc = oom(ctx);
      break;
    }
  }
  sp_stmt_free(st);
  return rc;
}

/* Stages from report_stages; where the ERB recorded none for a stage but the
 * plan has its records (needs for A, priorities for B, actions for C), the
 * stage is reported from them with who took part counted. */
static enum sp_rc load_stages(struct sp_ctx *ctx, int64_t id, struct sp_report_plan *p) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_preparef(ctx, &st,
                       "SELECT stage, started_on, completed_on, participants, summary "
                       "FROM report_stages WHERE plan_id = ? ORDER BY stage", "i", id);
  int row = 1;
  int have[3] = {0, 0, 0};
  while (rc == SP_OK && (rc = sp_stmt_step(st, ctx, &row)) == SP_OK && row) {
    char code = sp_stmt_text(st, 0)[0];
    if (code < 'A' || code > 'C')
      continue;
    have[code - 'A'] = 1;
    struct sp_report_stage *s = sp_report_add_stage(p, code);
    if (!s || col(st, 1, &s->started) || col(st, 2, &s->completed) ||
        col(st, 3, &s->participants) || col(st, 4, &s->summary)) {
      rc = oom(ctx);
      break;
    }
  }
  sp_stmt_free(st);
  st = NULL;
  if (rc != SP_OK)
    return rc;
  static const char *const derived[3] = {
      "SELECT COUNT(*), (SELECT COUNT(DISTINCT e.employer_name) FROM lsip_need_employers e "
      "JOIN lsip_needs n2 ON n2.id = e.need_id WHERE n2.plan_id = ?1) "
      "FROM lsip_needs n WHERE n.plan_id = ?1",
      "SELECT COUNT(*), (SELECT COUNT(DISTINCT pp.org_id) FROM lsip_priority_providers pp "
      "JOIN lsip_priorities p2 ON p2.id = pp.priority_id WHERE p2.plan_id = ?1) "
      "FROM lsip_priorities p WHERE p.plan_id = ?1",
      "SELECT COUNT(*), COUNT(DISTINCT owner_org_id) FROM lsip_actions WHERE plan_id = ?1"};
  static const char *const fmt[3] = {
      "%lld skills needs recorded from employers", "%lld priorities worked out with providers",
      "%lld actions for employers, providers and stakeholders"};
  static const char *const who[3] = {"%lld employers", "%lld providers", "%lld owners of actions"};
  for (int s = 0; s < 3 && rc == SP_OK; s++) {
    if (have[s])
      continue;
    rc = sp_store_preparef(ctx, &st, derived[s], "i", id);
    row = 0;
    if (rc == SP_OK)
      rc = sp_stmt_step(st, ctx, &row);
    if (rc == SP_OK && row && sp_stmt_int(st, 0) > 0) {
      char sum[128], part[64];
      snprintf(sum, sizeof(sum), fmt[s], (long long)sp_stmt_int(st, 0));
      snprintf(part, sizeof(part), who[s], (long long)sp_stmt_int(st, 1));
      struct sp_report_stage *sg = sp_report_add_stage(p, (char)('A' + s));
      if (!sg || sp_report_set(&sg->summary, sum) ||
          (sp_stmt_int(st, 1) > 0 && sp_report_set(&sg->participants, part)))
        rc = oom(ctx);
    }
    sp_stmt_free(st);
    st = NULL;
  }
  return rc;
}

/* Charts of the evidence engine's gap table (evidence_charts.h) for Part 1,
 * using only the academic years that had begun by the version's date, so an
 * older version keeps the evidence it was written on. No evidence for the
 * area: no charts. */
static enum sp_rc load_charts(struct sp_ctx *ctx, struct sp_report_plan *p) {
  json_t *gaps = NULL, *names = NULL, *kept = NULL;
  struct sp_ev_filter f = {NULL, NULL, 0};
  enum sp_rc rc = sp_evidence_gaps(ctx, p->area_code, &f, &gaps);
  if (rc == SP_ENOTFOUND) {
    sp_ctx_clear(ctx);
    return SP_OK;
  }
  if (rc != SP_OK)
    return rc;
  int until = 9999;
  if (p->version_date && strlen(p->version_date) >= 4)
    until = (p->version_date[0] - '0') * 1000 + (p->version_date[1] - '0') * 100 +
            (p->version_date[2] - '0') * 10 + (p->version_date[3] - '0');
  kept = json_array();
  names = json_object();
  if (!kept || !names) {
    rc = oom(ctx);
    goto out;
  }
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(gaps, "rows"), i, r) {
    if (json_integer_value(json_object_get(r, "year")) <= until &&
        json_array_append(kept, r) != 0) {
      rc = oom(ctx);
      goto out;
    }
  }
  struct sp_stmt *st = NULL;
  rc = sp_store_preparef(ctx, &st, "SELECT code, name FROM routes", "");
  int row = 1;
  while (rc == SP_OK && (rc = sp_stmt_step(st, ctx, &row)) == SP_OK && row)
    if (json_object_set_new(names, sp_stmt_text(st, 0), json_string(sp_stmt_text(st, 1))) != 0)
      rc = oom(ctx);
  sp_stmt_free(st);
  if (rc != SP_OK)
    goto out;
  json_t *view = json_pack("{s:O}", "rows", kept);
  if (!view) {
    rc = oom(ctx);
    goto out;
  }
  if (sp_report_charts_from_gaps(p, view, names) != SP_OK)
    rc = oom(ctx);
  json_decref(view);
out:
  json_decref(gaps);
  json_decref(kept);
  json_decref(names);
  return rc;
}

enum sp_rc sp_report_load(struct sp_ctx *ctx, const char *area, int version,
                          struct sp_report_plan **out, int64_t *plan_id_out) {
  *out = NULL;
  if (!area || !*area)
    return sp_ctx_fail(ctx, SP_EINVAL, "area", "an area code is needed");
  if (version < 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "version", "version must be 1 or more (0: the latest)");
  int64_t id = 0;
  int ver = 0;
  enum sp_rc rc = find_plan(ctx, area, version, sp_lsip_may_read_draft(ctx, area), &id, &ver);
  if (rc != SP_OK)
    return rc;
  struct sp_report_plan *p = sp_report_plan_new();
  if (!p)
    return oom(ctx);
  char *summary = NULL, *stages = NULL;
  int64_t *ids = NULL;
  if ((rc = load_head(ctx, id, p, &summary, &stages)) || (rc = load_needs(ctx, id, p)) ||
      (rc = load_priorities(ctx, id, p, &ids)) || (rc = load_actions(ctx, id, p, ids)) ||
      (rc = load_evidence(ctx, id, p)) || (rc = load_mca(ctx, id, p, stages)) ||
      (rc = load_texts(ctx, id, p)) || (rc = load_stages(ctx, id, p)) ||
      (rc = load_charts(ctx, p)))
    goto out;
  /* Part 1's text falls back to the plan's summary: never typed twice */
  if (sp_report_blank(p->part_text[SP_PART_1]) && !sp_report_blank(summary) &&
      sp_report_set(&p->part_text[SP_PART_1], summary)) {
    rc = oom(ctx);
    goto out;
  }
out:
  sp_free(summary);
  sp_free(stages);
  sp_free(ids);
  if (rc != SP_OK) {
    sp_report_plan_free(p);
    return rc;
  }
  if (plan_id_out)
    *plan_id_out = id;
  *out = p;
  return SP_OK;
}

enum sp_rc sp_report_check_stored(struct sp_ctx *ctx, const char *area, int version,
                                  struct sp_readiness **out) {
  struct sp_report_plan *p = NULL;
  *out = NULL;
  enum sp_rc rc = sp_report_load(ctx, area, version, &p, NULL);
  if (rc == SP_OK)
    rc = sp_report_check(ctx, p, -1, out);
  sp_report_plan_free(p);
  return rc;
}

enum sp_rc sp_report_submit_gate(struct sp_ctx *ctx, int64_t plan_id) {
  struct sp_stmt *st = NULL;
  char area[64] = "";
  int version = 0, row = 0;
  enum sp_rc rc = sp_store_preparef(
      ctx, &st, "SELECT area_code, version FROM lsip_plans WHERE id = ?", "i", plan_id);
  if (rc == SP_OK)
    rc = sp_stmt_step(st, ctx, &row);
  if (rc == SP_OK && row) {
    snprintf(area, sizeof(area), "%s", sp_stmt_text(st, 0));
    version = (int)sp_stmt_int(st, 1);
  }
  sp_stmt_free(st);
  if (rc != SP_OK)
    return rc;
  if (!row)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "plan_id", "no plan has id %lld", (long long)plan_id);
  struct sp_readiness *r = NULL;
  if ((rc = sp_report_check_stored(ctx, area, version, &r)) != SP_OK)
    return rc;
  const struct sp_finding *first = NULL;
  for (size_t i = 0; i < r->n && !first; i++)
    if (r->findings[i].severity == SP_SEV_BLOCKING)
      first = &r->findings[i];
  if (first)
    rc = sp_ctx_fail(ctx, SP_ESTATE, "readiness",
                     "the plan cannot be submitted while %zu blocking finding%s stand%s "
                     "(guidance 6.5); first: %s",
                     r->blocking, r->blocking == 1 ? "" : "s", r->blocking == 1 ? "s" : "",
                     first->message);
  sp_readiness_free(r);
  return rc;
}

/* ---- writes ------------------------------------------------------------ */

/* The actor is the area's designated body and the plan version may be
 * edited; *id gets the plan id. */
static enum sp_rc editable(struct sp_ctx *ctx, const char *area, int version, int64_t *id) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_PLAN_EDIT);
  if (rc != SP_OK)
    return rc;
  int ver = 0;
  /* any version: the designation check below refuses all but the area's body */
  if ((rc = find_plan(ctx, area, version, 1, id, &ver)) != SP_OK)
    return rc;
  struct sp_stmt *st = NULL;
  rc = sp_store_preparef(
      ctx, &st,
      "SELECT p.state, (SELECT COUNT(*) FROM lsip_designations d WHERE d.area_code = "
      "p.area_code AND d.live = 1 AND d.org_id = ?2) FROM lsip_plans p WHERE p.id = ?1",
      "ii", *id, (int64_t)sp_ctx_org_id(ctx));
  int row = 0;
  if (rc == SP_OK)
    rc = sp_stmt_step(st, ctx, &row);
  if (rc == SP_OK && row) {
    const char *state = sp_stmt_text(st, 0);
    if (sp_stmt_int(st, 1) == 0)
      rc = sp_ctx_fail(ctx, SP_EFORBIDDEN, "area",
                       "only the body designated for area %s writes its plan (guidance 4.1)",
                       area);
    else if (strcmp(state, "draft") && strcmp(state, "returned") && strcmp(state, "under_review"))
      rc = sp_ctx_fail(ctx, SP_ESTATE, "state",
                       "plan version %d of %s is %s: the body edits a plan while it is a draft, "
                       "returned with feedback, or under review (guidance 6.5, 6.6)",
                       ver, area, state);
  }
  sp_stmt_free(st);
  return rc;
}

int sp_report_can_edit(struct sp_ctx *ctx, const char *area, int version) {
  int64_t id = 0;
  if (!sp_policy_allows(sp_ctx_role(ctx), SP_ACT_PLAN_EDIT))
    return 0;
  enum sp_rc rc = editable(ctx, area, version, &id);
  sp_ctx_clear(ctx);
  return rc == SP_OK;
}

enum sp_rc sp_report_part_set(struct sp_ctx *ctx, const char *area, int version, const char *part,
                              const char *text) {
  int known = 0;
  for (size_t i = 0; i < SP_ARRAY_LEN(sp_report_part_names); i++)
    known |= part && strcmp(part, sp_report_part_names[i]) == 0;
  if (!known)
    return sp_ctx_fail(ctx, SP_EINVAL, "part",
                       "part must be one of part1, part2, part3, annex, delivery (guidance 6, "
                       "Table 1)");
  if (!text)
    text = "";
  enum sp_rc rc = sp_text_check(ctx, part, text, PART_TEXT_MAX, 0, 1);
  if (rc != SP_OK)
    return rc;
  int64_t id = 0;
  if ((rc = editable(ctx, area, version, &id)) != SP_OK)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  struct sp_stmt *st = NULL;
  char today[16];
  int y, m, d;
  sp_date_to_ymd(sp_ctx_today(ctx), &y, &m, &d);
  snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
  rc = sp_store_preparef(ctx, &st,
                         "INSERT INTO report_part_texts (plan_id, part, body, updated_on, "
                         "updated_by) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (plan_id, part) "
                         "DO UPDATE SET body = excluded.body, updated_on = excluded.updated_on, "
                         "updated_by = excluded.updated_by",
                         "issss", id, part, text, today, sp_ctx_actor_name(ctx));
  if (rc == SP_OK)
    rc = sp_stmt_run(st, ctx);
  sp_stmt_free(st);
  if (rc == SP_OK) {
    char eid[64];
    snprintf(eid, sizeof(eid), "%lld/%s", (long long)id, part);
    json_t *after = json_pack("{s:I, s:s, s:I}", "plan_id", (json_int_t)id, "part", part,
                              "chars", (json_int_t)sp_utf8_len(text));
    rc = after ? sp_audit_append(ctx, "report.part_set", "report_part_text", eid, NULL, after)
               : oom(ctx);
    json_decref(after);
  }
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_report_stage_set(struct sp_ctx *ctx, const char *area, int version,
                               const json_t *in) {
  if (!json_is_object(in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "the stage must be a JSON object");
  const char *stage = sp_rec_str(in, "stage", NULL);
  if (!stage || strlen(stage) != 1 || stage[0] < 'A' || stage[0] > 'C')
    return sp_ctx_fail(ctx, SP_EINVAL, "stage",
                       "stage must be A, B or C (guidance 5.2: articulating needs, translating "
                       "them into provision, learner demand and engagement)");
  const char *keys[] = {"started_on", "completed_on"};
  int32_t days[2] = {0, 0};
  for (int i = 0; i < 2; i++) {
    const json_t *v = json_object_get(in, keys[i]);
    if (v && !json_is_null(v) &&
        (!json_is_string(v) || (*json_string_value(v) &&
                                sp_date_parse(json_string_value(v), &days[i]) != SP_OK)))
      return sp_ctx_fail(ctx, SP_EINVAL, keys[i], "%s must be a real date as YYYY-MM-DD", keys[i]);
  }
  const char *sd = sp_rec_str(in, "started_on", NULL), *cd = sp_rec_str(in, "completed_on", NULL);
  if (sd && *sd && cd && *cd && days[1] < days[0])
    return sp_ctx_fail(ctx, SP_EINVAL, "completed_on",
                       "completed_on must not be before started_on");
  const char *participants = sp_rec_str(in, "participants", NULL), *summary = sp_rec_str(in, "summary", NULL);
  enum sp_rc rc;
  if ((rc = sp_text_check(ctx, "participants", participants ? participants : "", STAGE_TEXT_MAX,
                          0, 1)) != SP_OK ||
      (rc = sp_text_check(ctx, "summary", summary ? summary : "", STAGE_TEXT_MAX, 0, 1)) != SP_OK)
    return rc;
  int64_t id = 0;
  if ((rc = editable(ctx, area, version, &id)) != SP_OK)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  struct sp_stmt *st = NULL;
  rc = sp_store_preparef(
      ctx, &st,
      "INSERT INTO report_stages (plan_id, stage, started_on, completed_on, participants, "
      "summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (plan_id, stage) DO UPDATE SET "
      "started_on = excluded.started_on, completed_on = excluded.completed_on, "
      "participants = excluded.participants, summary = excluded.summary",
      "isssss", id, stage, sd && *sd ? sd : NULL, cd && *cd ? cd : NULL,
      participants ? participants : "", summary ? summary : "");
  if (rc == SP_OK)
    rc = sp_stmt_run(st, ctx);
  sp_stmt_free(st);
  if (rc == SP_OK) {
    char eid[64];
    snprintf(eid, sizeof(eid), "%lld/%s", (long long)id, stage);
    rc = sp_audit_append(ctx, "report.stage_set", "report_stage", eid, NULL, in);
  }
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_report_versions(struct sp_ctx *ctx, const char *area, json_t **out) {
  *out = NULL;
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_preparef(ctx, &st,
                                    "SELECT p.version, " SP_LSIP_STATE_ON_READ("p", "?3")
                                    " AS state, p.published_on, p.title FROM lsip_plans p "
                                    "WHERE p.area_code = ?1 AND (?2 = 1 OR p.published_on IS NOT "
                                    "NULL) ORDER BY p.version DESC",
                                    "sid", area, (int64_t)sp_lsip_may_read_draft(ctx, area),
                                    sp_ctx_today(ctx));
  if (rc == SP_OK)
    rc = sp_stmt_all_json(st, ctx, out);
  sp_stmt_free(st);
  return rc;
}
