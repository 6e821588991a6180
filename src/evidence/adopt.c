/*
 * adopt.c: an ERB turns a candidate priority from the evidence into a
 * priority of its LSIP plan (stage B, 004_34ac84fe2e6428e6.txt section
 * 5.2.2: priorities organised by route, pathway and level), with the
 * evidence attached: an evidence record of the plan (section 6.4: title,
 * source, why it is robust) written from the numbers, and a snapshot of
 * the candidate and its evidence rows in ev_adopted. The plan's own
 * functions (sp_lsip_priority_add, sp_lsip_evidence_add) check that the
 * actor is the area's ERB and the plan is editable, and audit their
 * writes; all three writes are one transaction (theirs nest inside it as
 * savepoints), so a failure leaves no priority without its evidence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/audit.h"
#include "../base/buf.h"
#include "../core/lsip/lsip.h"
#include "../core/policy.h"
#include "../store/store.h"
#include "evidence.h"

static const char *text_or(const json_t *in, const char *key, const char *dflt) {
  const char *v = in ? json_string_value(json_object_get(in, key)) : NULL;
  return v && *v ? v : dflt;
}

/* The candidate of (pathway, level) among the area's priorities of year. */
static enum sp_rc find_candidate(struct sp_ctx *ctx, const char *area, const char *pathway,
                                 const char *level, int year, json_t **list, json_t **cand) {
  enum sp_rc rc = sp_evidence_priorities(ctx, area, year, 100, list);
  if (rc != SP_OK)
    return rc;
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(*list, "priorities"), i, c) {
    const char *lv = json_string_value(json_object_get(c, "level"));
    if (strcmp(json_string_value(json_object_get(c, "pathway_code")), pathway) == 0 &&
        ((!lv && !level) || (lv && level && strcmp(lv, level) == 0))) {
      *cand = c;
      return SP_OK;
    }
  }
  return sp_ctx_fail(ctx, SP_ENOTFOUND, "pathway_code",
                     "%s level %s in %d is not a candidate priority of %s (no gap between "
                     "demand and achievements)",
                     pathway, level ? level : "not known", year, area);
}

enum sp_rc sp_evidence_adopt(struct sp_ctx *ctx, const char *area, const char *pathway,
                             const char *level, int year, const json_t *in, json_t **out) {
  json_t *list = NULL, *cand = NULL, *pin = NULL, *ein = NULL, *snap = NULL;
  struct sp_buf title, skills, change, why, source;
  int64_t plan_id = 0, prio_id = 0, ev_id = 0;
  int tx = 0;
  struct sp_store *st = sp_ctx_store(ctx);
  enum sp_rc rc;
  if (level && !*level)
    level = NULL;
  sp_buf_init(&title, 4096);
  sp_buf_init(&skills, 8192);
  sp_buf_init(&change, 8192);
  sp_buf_init(&why, 8192);
  sp_buf_init(&source, 4096);
  if ((rc = find_candidate(ctx, area, pathway, level, year, &list, &cand)) != SP_OK)
    goto out;
  year = (int)json_integer_value(json_object_get(list, "year"));
  if ((rc = sp_lsip_plan_current(ctx, area, &plan_id)) != SP_OK)
    goto out;
  if (plan_id == 0) {
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "plan", "%s has no LSIP plan to add a priority to", area);
    goto out;
  }
  /* A candidate the plan already holds (adopted before, or written by hand
   * with the same pathway and level) is not made again: the existing
   * priority is the answer. */
  if ((rc = sp_policy_check(ctx, SP_ACT_PLAN_EDIT)) != SP_OK)
    goto out;
  {
    struct sp_stmt *q = NULL;
    int row = 0;
    rc = sp_store_prepare(st, ctx,
                          "SELECT id, title FROM lsip_priorities WHERE plan_id = ?1 AND "
                          "pathway_code = ?2 AND ((?3 IS NULL AND level_min IS NULL AND "
                          "level_max IS NULL) OR (level_min = ?3 AND level_max = ?3)) "
                          "ORDER BY id LIMIT 1",
                          &q);
    if (rc == SP_OK && (sp_stmt_bind_int(q, 1, plan_id) != SP_OK ||
                        sp_stmt_bind_text(q, 2, pathway) != SP_OK ||
                        sp_stmt_bind_text(q, 3, level) != SP_OK))
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    if (rc == SP_OK)
      rc = sp_stmt_step(q, ctx, &row);
    if (rc == SP_OK && row) {
      char msg[400];
      snprintf(msg, sizeof(msg),
               "The plan already holds this candidate as priority %lld (%s); no second "
               "priority was made.",
               (long long)sp_stmt_int(q, 0), sp_stmt_text(q, 1));
      *out = json_pack("{s:I, s:I, s:b, s:s, s:O}", "priority_id", (json_int_t)sp_stmt_int(q, 0),
                       "plan_id", (json_int_t)plan_id, "existing", 1, "message", msg,
                       "candidate", cand);
      if (!*out)
        rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      sp_stmt_free(q);
      goto out;
    }
    sp_stmt_free(q);
    if (rc != SP_OK)
      goto out;
  }
  long long demand = json_integer_value(json_object_get(cand, "demand"));
  long long small = json_integer_value(json_object_get(cand, "demand_small"));
  long long ach = json_integer_value(json_object_get(cand, "achievements"));
  long long gap = json_integer_value(json_object_get(cand, "gap"));
  long long vac = json_integer_value(json_object_get(cand, "vacancies"));
  const char *route = json_string_value(json_object_get(cand, "route_code"));
  const char *lv = level ? level : "not known";
  if (sp_buf_addf(&title, "%s at level %s", pathway, lv) != SP_OK ||
      sp_buf_addf(&skills, "Employers need %lld people (%lld from micro and small employers) and "
                           "advertised %lld vacancies in %s at level %s in %d/%02d.",
                  demand - vac, small, vac, pathway, lv, year, (year + 1) % 100) != SP_OK ||
      sp_buf_addf(&change, "Achievements (%lld) fall %lld short of demand (%lld) in %d/%02d; "
                           "provision in this pathway and level should expand.",
                  ach, gap, demand, year, (year + 1) % 100) != SP_OK) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  /* The sample needs in the employers' words go into the skills components. */
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(json_object_get(cand, "evidence"), "samples"), i, s) {
    if (sp_buf_addf(&skills, " \"%s\" (%s employer).",
                    json_string_value(json_object_get(s, "skill")),
                    json_string_value(json_object_get(s, "size_band"))) != SP_OK) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      goto out;
    }
  }
  pin = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title",
                  text_or(in, "title", sp_buf_str(&title)), "route_code", route, "pathway_code",
                  pathway, "outcome",
                  text_or(in, "outcome", "More people trained to the level employers need here."),
                  "skills_components", text_or(in, "skills_components", sp_buf_str(&skills)),
                  "change_needed", text_or(in, "change_needed", sp_buf_str(&change)),
                  "retain_expand", "expand");
  if (pin && level) {
    json_object_set_new(pin, "level_min", json_string(level));
    json_object_set_new(pin, "level_max", json_string(level));
  }
  if (!pin) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  /* The priority, its evidence record and the snapshot: all or nothing. */
  if ((rc = sp_store_begin(st, ctx)) != SP_OK)
    goto out;
  tx = 1;
  if ((rc = sp_lsip_priority_add(ctx, plan_id, pin, &prio_id)) != SP_OK)
    goto out;
  if (sp_buf_addf(&source, "skillplan evidence imports for %s (provision, employer needs, "
                           "vacancies), gap table %d/%02d",
                  area, year, (year + 1) % 100) != SP_OK ||
      sp_buf_addf(&why, "Demand %lld (needs %lld, of which micro and small employers %lld; "
                        "vacancies %lld), achievements %lld, gap %lld; named by %lld SIC "
                        "sections; %lld neighbouring areas in the region have the same gap.",
                  demand, demand - vac, small, vac, ach, gap,
                  json_integer_value(json_object_get(cand, "sectors")),
                  json_integer_value(json_object_get(cand, "neighbours_with_gap"))) != SP_OK) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  ein = json_pack("{s:s+, s:s, s:s}", "title", "Evidence for the priority: ", sp_buf_str(&title),
                  "source", sp_buf_str(&source), "why_robust", sp_buf_str(&why));
  if (!ein) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  if ((rc = sp_lsip_evidence_add(ctx, plan_id, ein, &ev_id)) != SP_OK)
    goto out;
  /* The snapshot, with its audit entry. */
  char *js = json_dumps(cand, JSON_COMPACT | JSON_SORT_KEYS);
  struct sp_stmt *q = NULL;
  if (!js) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  rc = sp_store_begin(st, ctx);
  if (rc == SP_OK)
    rc = sp_store_prepare(st, ctx,
                          "INSERT INTO ev_adopted(priority_id, lsip_evidence_id, area_code, "
                          "route_code, pathway_code, level, year, evidence_json, who) VALUES "
                          "(?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                          &q);
  if (rc == SP_OK &&
      (sp_stmt_bind_int(q, 1, prio_id) != SP_OK || sp_stmt_bind_int(q, 2, ev_id) != SP_OK ||
       sp_stmt_bind_text(q, 3, area) != SP_OK || sp_stmt_bind_text(q, 4, route) != SP_OK ||
       sp_stmt_bind_text(q, 5, pathway) != SP_OK || sp_stmt_bind_text(q, 6, level) != SP_OK ||
       sp_stmt_bind_int(q, 7, year) != SP_OK || sp_stmt_bind_text(q, 8, js) != SP_OK ||
       sp_stmt_bind_text(q, 9, sp_ctx_actor_name(ctx)) != SP_OK))
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_run(q, ctx);
  sp_stmt_free(q);
  free(js);
  if (rc == SP_OK) {
    char ids[24];
    snprintf(ids, sizeof(ids), "%lld", (long long)prio_id);
    snap = json_pack("{s:I, s:s, s:s, s:s?, s:i}", "priority_id", (json_int_t)prio_id, "area_code",
                     area, "pathway_code", pathway, "level", level, "year", year);
    rc = sp_audit_append(ctx, "adopt", "evidence_priority", ids, NULL, snap);
  }
  if (rc == SP_OK)
    rc = sp_store_commit(st, ctx);
  else
    sp_store_rollback(st);
  if (rc == SP_OK)
    rc = sp_store_commit(st, ctx); /* the whole adoption */
  if (rc != SP_OK)
    goto out;
  tx = 0;
  *out = json_pack("{s:I, s:I, s:I, s:b, s:O}", "priority_id", (json_int_t)prio_id,
                   "lsip_evidence_id", (json_int_t)ev_id, "plan_id", (json_int_t)plan_id,
                   "existing", 0, "candidate", cand);
  if (!*out)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
out:
  if (tx)
    sp_store_rollback(st);
  json_decref(list);
  json_decref(pin);
  json_decref(ein);
  json_decref(snap);
  sp_buf_free(&title);
  sp_buf_free(&skills);
  sp_buf_free(&change);
  sp_buf_free(&why);
  sp_buf_free(&source);
  return rc;
}

enum sp_rc sp_evidence_adopted(struct sp_ctx *ctx, const char *area, json_t **out) {
  struct sp_stmt *s = NULL;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                                   "SELECT priority_id, route_code, pathway_code, level, year, "
                                   "adopted_at, who FROM ev_adopted WHERE area_code = ?1 "
                                   "ORDER BY year DESC, priority_id",
                                   &s);
  if (rc == SP_OK && sp_stmt_bind_text(s, 1, area) != SP_OK)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_all_json(s, ctx, out);
  sp_stmt_free(s);
  return rc;
}
