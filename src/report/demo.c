/*
 * demo.c: the report module's demo data (see demo.h): part texts for the
 * LSIP demo's plans, written in one transaction with an audit entry each.
 */
#include "demo.h"

#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/demo.h"
#include "base/date.h"
#include "store/store.h"

static const char *const texts[5][2] = {
    {"part1", "Employers across %s told us they cannot find the technical skills they need to "
              "grow: in engineering, digital and care above all. This plan sets out the "
              "priorities that would close those gaps over the next three years, why tackling "
              "them supports local growth, and the evidence from employers and providers behind "
              "them."},
    {"part2", "Each priority below is set out as the outcome employers want from provision, the "
              "specific skills and competencies they struggle to find, and the change in local "
              "provision that would meet the need, organised by occupational route, pathway and "
              "level."},
    {"part3", "Delivering the plan in %s needs employers, providers and local stakeholders to act "
              "together. The roadmap lists each action with its owner and date; the whole is "
              "meant to be greater than the sum of its parts."},
    {"delivery", "A delivery board of employers and providers meets quarterly to review the "
                 "roadmap. Benefits are tracked with qualitative indicators, such as employers' "
                 "sense of closer engagement with colleges (guidance footnote 19)."},
    {"annex", "This annex sets out the evidence the plan draws on and why it is robust, how the "
              "process followed the statutory guidance through stages A, B and C, and how the "
              "plan considered net zero."},
};

/* An account for the body designated for Oxfordshire (E69000025), whose
 * draft plan the demo leaves with one blocking finding: the ERB's preview
 * journey (read the findings, fix one, submit) starts there. */
static enum sp_rc preview_account(struct sp_ctx *ctx) {
  struct sp_store *store = sp_ctx_store(ctx);
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_prepare(
      store, ctx,
      "SELECT d.org_id, (SELECT COUNT(*) FROM users u WHERE u.email = ?2) FROM lsip_designations d "
      "WHERE d.area_code = ?1 AND d.live = 1",
      &st);
  int row = 0;
  int64_t org = 0, have = 1;
  if (rc == SP_OK && !(rc = sp_stmt_bind_text(st, 1, "E69000025")) &&
      !(rc = sp_stmt_bind_text(st, 2, SP_DEMO_REPORT_ERB)) &&
      (rc = sp_stmt_step(st, ctx, &row)) == SP_OK && row) {
    org = sp_stmt_int(st, 0);
    have = sp_stmt_int(st, 1);
  }
  sp_stmt_free(st);
  if (rc != SP_OK || !row || have)
    return rc;
  /* accounts are made by DfE: act as it for this one write */
  int64_t uid = sp_ctx_user_id(ctx), oid = sp_ctx_org_id(ctx);
  enum sp_role role = sp_ctx_role(ctx);
  char name[128];
  snprintf(name, sizeof(name), "%s", sp_ctx_actor_name(ctx));
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "demo");
  rc = sp_user_add(ctx, SP_DEMO_REPORT_ERB, "Olu Thames", org, "erb_editor", SP_DEMO_PASSWORD,
                   NULL);
  sp_ctx_set_actor(ctx, uid, oid, role, name);
  return rc;
}

enum sp_rc sp_demo_report(struct sp_ctx *ctx) {
  struct sp_store *store = sp_ctx_store(ctx);
  struct sp_stmt *plans = NULL, *ins = NULL;
  enum sp_rc rc = sp_store_begin(store, ctx);
  if (rc != SP_OK)
    return rc;
  char today[16];
  int y, m, d;
  sp_date_to_ymd(sp_ctx_today(ctx), &y, &m, &d);
  snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
  rc = sp_store_prepare(store, ctx,
                        "SELECT p.id, p.state, COALESCE((SELECT n.name FROM area_names n WHERE "
                        "n.code = p.area_code ORDER BY n.valid_from DESC LIMIT 1), p.area_code) "
                        "FROM lsip_plans p ORDER BY p.id",
                        &plans);
  if (rc == SP_OK)
    rc = sp_store_prepare(store, ctx,
                          "INSERT INTO report_part_texts (plan_id, part, body, updated_on, "
                          "updated_by) VALUES (?1, ?2, ?3, ?4, 'demo') "
                          "ON CONFLICT (plan_id, part) DO NOTHING",
                          &ins);
  int row = 1;
  while (rc == SP_OK && (rc = sp_stmt_step(plans, ctx, &row)) == SP_OK && row) {
    int64_t id = sp_stmt_int(plans, 0);
    int draft = strcmp(sp_stmt_text(plans, 1), "draft") == 0;
    char area[256];
    snprintf(area, sizeof(area), "%s", sp_stmt_text(plans, 2));
    for (int i = 0; i < 5 && rc == SP_OK; i++) {
      if (draft && (!strcmp(texts[i][0], "part3") || !strcmp(texts[i][0], "delivery")))
        continue;
      char body[1024];
      if (strstr(texts[i][1], "%s"))
        snprintf(body, sizeof(body), texts[i][1], area);
      else
        snprintf(body, sizeof(body), "%s", texts[i][1]);
      sp_stmt_reset(ins);
      if ((rc = sp_stmt_bind_int(ins, 1, id)) || (rc = sp_stmt_bind_text(ins, 2, texts[i][0])) ||
          (rc = sp_stmt_bind_text(ins, 3, body)) || (rc = sp_stmt_bind_text(ins, 4, today)) ||
          (rc = sp_stmt_run(ins, ctx)))
        break;
      if (sp_store_changes(store) > 0) {
        char eid[64];
        snprintf(eid, sizeof(eid), "%lld/%s", (long long)id, texts[i][0]);
        rc = sp_audit_append(ctx, "report.part_set", "report_part_text", eid, NULL, NULL);
      }
    }
  }
  sp_stmt_free(plans);
  sp_stmt_free(ins);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK) {
    sp_store_rollback(store);
    return rc;
  }
  return preview_account(ctx);
}
