/*
 * withdraw.c: DfE withdraws an evidence import. In one transaction its
 * rows leave the gap table (ev_gap: its starts, achievements, needs and
 * vacancies subtracted, the sectors of its needs groups worked out again
 * from the other imports, and groups no import holds any more removed) and
 * every summary (ev_supply, ev_provider_supply, ev_needs, ev_needs_sample,
 * ev_vacancies, ev_ees, ev_ees_cells, and a postcodes import's lookup
 * rows); the import record stays, marked withdrawn, with an audit entry.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/audit.h"
#include "../core/policy.h"
#include "../store/store.h"
#include "ev_int.h"

#define SAME_GROUP(t)                                                                        \
  t ".import_id = ?1 AND " t ".area_code = ev_gap.area_code AND " t                          \
  ".pathway_code = ev_gap.pathway_code AND COALESCE(" t ".level, '') = ev_gap.level AND " t \
  ".year = ev_gap.year"

#define OTHER_GROUP(t)                                                                        \
  t ".import_id <> ?1 AND " t ".area_code = ev_gap.area_code AND " t                          \
  ".pathway_code = ev_gap.pathway_code AND COALESCE(" t ".level, '') = ev_gap.level AND " t \
  ".year = ev_gap.year"

#define BIT(i) "MAX(n.sectors & (1 << " #i "))"

static const char *const steps[] = {
    /* Provision and ILR. */
    "UPDATE ev_gap SET starts = starts - (SELECT COALESCE(SUM(s.starts), 0) FROM ev_supply s "
    "WHERE " SAME_GROUP("s") "), achievements = achievements - (SELECT "
    "COALESCE(SUM(s.achievements), 0) FROM ev_supply s WHERE " SAME_GROUP("s") ") WHERE EXISTS "
    "(SELECT 1 FROM ev_supply s WHERE " SAME_GROUP("s") ")",
    /* Vacancies. */
    "UPDATE ev_gap SET vacancies = vacancies - (SELECT COALESCE(SUM(v.vacancies), 0) FROM "
    "ev_vacancies v WHERE " SAME_GROUP("v") ") WHERE EXISTS (SELECT 1 FROM ev_vacancies v WHERE "
    SAME_GROUP("v") ")",
    /* Needs: people by band; sectors again from the other imports. */
    "UPDATE ev_gap SET needs = needs - (SELECT COALESCE(SUM(n.micro_people + n.small_people + "
    "n.medium_people + n.large_people), 0) FROM ev_needs n WHERE " SAME_GROUP("n") "), "
    "needs_small = needs_small - (SELECT COALESCE(SUM(n.micro_people + n.small_people), 0) FROM "
    "ev_needs n WHERE " SAME_GROUP("n") "), hard_to_fill = hard_to_fill - (SELECT "
    "COALESCE(SUM(n.micro_hard + n.small_hard + n.medium_hard + n.large_hard), 0) FROM ev_needs "
    "n WHERE " SAME_GROUP("n") "), sectors = COALESCE((SELECT " BIT(0) "|" BIT(1) "|" BIT(2) "|"
    BIT(3) "|" BIT(4) "|" BIT(5) "|" BIT(6) "|" BIT(7) "|" BIT(8) "|" BIT(9) "|" BIT(10) "|"
    BIT(11) "|" BIT(12) "|" BIT(13) "|" BIT(14) "|" BIT(15) "|" BIT(16) "|" BIT(17) "|" BIT(18)
    "|" BIT(19) "|" BIT(20) " FROM ev_needs n WHERE " OTHER_GROUP("n") "), 0) WHERE EXISTS "
    "(SELECT 1 FROM ev_needs n WHERE " SAME_GROUP("n") ")",
    "DELETE FROM ev_supply WHERE import_id = ?1",
    "DELETE FROM ev_provider_supply WHERE import_id = ?1",
    "DELETE FROM ev_vacancies WHERE import_id = ?1",
    "DELETE FROM ev_needs WHERE import_id = ?1",
    "DELETE FROM ev_needs_sample WHERE import_id = ?1",
    "DELETE FROM ev_ees WHERE import_id = ?1",
    "DELETE FROM ev_ees_cells WHERE import_id = ?1",
    "DELETE FROM ev_postcodes WHERE import_id = ?1",
    /* Groups that no import holds any more. */
    "DELETE FROM ev_gap WHERE NOT EXISTS (SELECT 1 FROM ev_supply s WHERE s.area_code = "
    "ev_gap.area_code AND s.pathway_code = ev_gap.pathway_code AND COALESCE(s.level, '') = "
    "ev_gap.level AND s.year = ev_gap.year) AND NOT EXISTS (SELECT 1 FROM ev_vacancies v WHERE "
    "v.area_code = ev_gap.area_code AND v.pathway_code = ev_gap.pathway_code AND "
    "COALESCE(v.level, '') = ev_gap.level AND v.year = ev_gap.year) AND NOT EXISTS (SELECT 1 "
    "FROM ev_needs n WHERE n.area_code = ev_gap.area_code AND n.pathway_code = "
    "ev_gap.pathway_code AND COALESCE(n.level, '') = ev_gap.level AND n.year = ev_gap.year)",
    /* the time is bound from C: the engines spell "now" differently */
    "UPDATE ev_imports SET withdrawn_at = ?3, withdrawn_by = ?2 WHERE id = ?1",
    NULL};

enum sp_rc sp_evidence_withdraw(struct sp_ctx *ctx, int64_t import_id, json_t **out) {
  struct sp_store *st = sp_ctx_store(ctx);
  struct sp_stmt *s = NULL;
  json_t *rec = NULL;
  int row = 0;
  *out = NULL;
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_EVIDENCE_IMPORT);
  if (rc != SP_OK)
    return rc;
  char now[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
  /* Importing is the ERB's and DfE's; taking an import back out of every
   * summary (other areas' figures too) is DfE's alone. */
  if (sp_ctx_role(ctx) != SP_ROLE_DFE_ADMIN)
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, "import", "only DfE can withdraw an import");
  rc = sp_store_begin(st, ctx);
  if (rc != SP_OK)
    return rc;
  rc = sp_store_prepare(st, ctx,
                        "SELECT id, kind, file_name, sha256, rows_imported, withdrawn_at FROM "
                        "ev_imports WHERE id = ?1",
                        &s);
  if (rc == SP_OK)
    rc = sp_stmt_bind_int(s, 1, import_id);
  if (rc == SP_OK)
    rc = sp_stmt_step(s, ctx, &row);
  if (rc == SP_OK && !row)
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "import", "there is no import %lld",
                     (long long)import_id);
  if (rc == SP_OK && !sp_stmt_is_null(s, 5))
    rc = sp_ctx_fail(ctx, SP_ESTATE, "import", "import %lld was withdrawn on %s",
                     (long long)import_id, sp_stmt_text(s, 5));
  if (rc == SP_OK) {
    rec = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "import_id", (json_int_t)import_id, "kind",
                    sp_stmt_text(s, 1), "file_name", sp_stmt_text(s, 2), "sha256",
                    sp_stmt_text(s, 3), "rows_imported", (json_int_t)sp_stmt_int(s, 4),
                    "withdrawn_by", sp_ctx_actor_name(ctx));
    if (!rec)
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  sp_stmt_free(s);
  s = NULL;
  for (int i = 0; rc == SP_OK && steps[i]; i++) {
    rc = sp_store_prepare(st, ctx, steps[i], &s);
    if (rc == SP_OK && strstr(steps[i], "?1") && sp_stmt_bind_int(s, 1, import_id) != SP_OK)
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    if (rc == SP_OK && strstr(steps[i], "?2"))
      rc = sp_stmt_bind_text(s, 2, sp_ctx_actor_name(ctx));
    if (rc == SP_OK && strstr(steps[i], "?3"))
      rc = sp_stmt_bind_text(s, 3, now);
    if (rc == SP_OK)
      rc = sp_stmt_run(s, ctx);
    sp_stmt_free(s);
    s = NULL;
  }
  if (rc == SP_OK) {
    char ids[24];
    snprintf(ids, sizeof(ids), "%lld", (long long)import_id);
    rc = sp_audit_append(ctx, "withdraw", "evidence_import", ids, NULL, rec);
  }
  if (rc == SP_OK)
    rc = sp_store_commit(st, ctx);
  if (rc != SP_OK) {
    sp_store_rollback(st);
    json_decref(rec);
    return rc;
  }
  *out = rec;
  return SP_OK;
}
