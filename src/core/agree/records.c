/*
 * records.c: the reference records the eligibility rules read: qualifications
 * (LARS learning aims: code, title, level, sector subject area, validity
 * dates), learners with what they already hold, and employers' recorded
 * sectors (see agree.h).
 */
#include <string.h>

#include "agree.h"
#include "agree_int.h"
#include "core/audit.h"
#include "base/date.h"
#include "base/record.h"
#include "core/policy.h"

static enum sp_rc qual_tx(struct sp_ctx *ctx, void *arg) {
  const json_t *in = arg;
  static const char *const keys[] = {"code", "title", "level", "ssa", "valid_from", "valid_to", NULL};
  const char *code = NULL, *title = NULL, *level = NULL, *ssa = NULL;
  int32_t vf = SP_DATE_NONE, vt = SP_DATE_NONE;
  json_t *row = NULL;
  enum sp_rc rc;
  if (!json_is_object(in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "a qualification must be a JSON object");
  if ((rc = sp__agree_known_keys(ctx, in, "", keys)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "code", 1, 20, &code)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "title", 1, 300, &title)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "level", 1, 2, &level)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "ssa", 0, 10, &ssa)) != SP_OK ||
      (rc = sp__agree_date(ctx, in, "", "valid_from", 1, &vf)) != SP_OK ||
      (rc = sp__agree_date(ctx, in, "", "valid_to", 0, &vt)) != SP_OK)
    return rc;
  for (const char *p = code; *p; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')))
      return sp_ctx_fail(ctx, SP_EINVAL, "code", "code must be a LARS learning aim reference: digits and capital letters");
  rc = sp__agree_row(ctx, &row, "no level", "SELECT code FROM levels WHERE code=?", "s", level);
  if (rc == SP_ENOTFOUND)
    return sp_ctx_fail(ctx, SP_EINVAL, "level", "level must be E or 1 to 8, not '%s'", level);
  json_decref(row);
  if (rc != SP_OK)
    return rc;
  if (vt != SP_DATE_NONE && vt < vf)
    return sp_ctx_fail(ctx, SP_EINVAL, "valid_to", "valid_to is before valid_from");
  if ((rc = sp__agree_exec(ctx, NULL,
                           "INSERT INTO qualification_aims(code, title, level, ssa, valid_from, valid_to) VALUES (?,?,?,?,?,?)"
                           " ON CONFLICT(code) DO UPDATE SET title=excluded.title, level=excluded.level, ssa=excluded.ssa,"
                           " valid_from=excluded.valid_from, valid_to=excluded.valid_to",
                           "ssssdd", code, title, level, ssa, vf, vt)) != SP_OK)
    return rc;
  return sp_audit_append(ctx, "put", "qualification", code, NULL, in);
}

enum sp_rc sp_qualification_put(struct sp_ctx *ctx, const json_t *in) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_AGREEMENT_EDIT);
  if (rc != SP_OK)
    return rc;
  return sp__agree_tx(ctx, qual_tx, (void *)in);
}

static enum sp_rc learner_tx(struct sp_ctx *ctx, void *arg) {
  const json_t *in = arg;
  static const char *const keys[] = {"ref", "employer_org_id", "achievements", NULL};
  static const char *const akeys[] = {"level", "qual_code", "achieved_on", NULL};
  const char *ref = NULL;
  int64_t employer = 0;
  json_t *row = NULL;
  enum sp_rc rc;
  if (!json_is_object(in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "a learner must be a JSON object");
  if ((rc = sp__agree_known_keys(ctx, in, "", keys)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "ref", 1, 40, &ref)) != SP_OK ||
      (rc = sp__agree_int(ctx, in, "", "employer_org_id", 0, &employer)) != SP_OK)
    return rc;
  if (employer) {
    rc = sp__agree_row(ctx, &row, "no org", "SELECT id FROM orgs WHERE id=?", "i", employer);
    if (rc == SP_ENOTFOUND)
      return sp_ctx_fail(ctx, SP_EINVAL, "employer_org_id", "there is no organisation %lld", (long long)employer);
    json_decref(row);
    if (rc != SP_OK)
      return rc;
  }
  if ((rc = sp__agree_exec(ctx, NULL,
                           "INSERT INTO learners(ref, employer_org_id) VALUES (?,?)"
                           " ON CONFLICT(ref) DO UPDATE SET employer_org_id=coalesce(excluded.employer_org_id, learners.employer_org_id)",
                           "sI", ref, employer)) != SP_OK)
    return rc;
  json_t *list = json_object_get(in, "achievements");
  if (list && !json_is_array(list))
    return sp_ctx_fail(ctx, SP_EINVAL, "achievements", "achievements must be a list");
  size_t i;
  json_t *v;
  json_array_foreach(list, i, v) {
    char prefix[40];
    const char *level = NULL, *qual = NULL;
    int32_t on = SP_DATE_NONE;
    snprintf(prefix, sizeof(prefix), "achievements[%zu].", i);
    if (!json_is_object(v))
      return sp_ctx_fail(ctx, SP_EINVAL, "achievements", "%s must be an object", prefix);
    if ((rc = sp__agree_known_keys(ctx, v, prefix, akeys)) != SP_OK ||
        (rc = sp__agree_str(ctx, v, prefix, "level", 1, 2, &level)) != SP_OK ||
        (rc = sp__agree_str(ctx, v, prefix, "qual_code", 0, 20, &qual)) != SP_OK ||
        (rc = sp__agree_date(ctx, v, prefix, "achieved_on", 1, &on)) != SP_OK)
      return rc;
    rc = sp__agree_row(ctx, &row, "no level", "SELECT code FROM levels WHERE code=?", "s", level);
    if (rc == SP_ENOTFOUND)
      return sp_ctx_fail(ctx, SP_EINVAL, "level", "%slevel must be E or 1 to 8, not '%s'", prefix, level);
    json_decref(row);
    if (rc != SP_OK ||
        (rc = sp__agree_exec(ctx, NULL,
                             "INSERT INTO learner_achievements(learner_ref, level, qual_code, achieved_on) VALUES (?,?,?,?)",
                             "sssd", ref, level, qual, on)) != SP_OK)
      return rc;
  }
  return sp_audit_append(ctx, "put", "learner", ref, NULL, in);
}

enum sp_rc sp_learner_put(struct sp_ctx *ctx, const json_t *in) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_FUNDING_EDIT);
  if (rc != SP_OK)
    return rc;
  return sp__agree_tx(ctx, learner_tx, (void *)in);
}

static enum sp_rc employer_sector_tx(struct sp_ctx *ctx, void *arg) {
  const json_t *in = arg;
  static const char *const keys[] = {"org_id", "sector", "source", NULL};
  const char *sector = NULL, *source = NULL;
  int64_t org = 0;
  json_t *row = NULL;
  enum sp_rc rc;
  if (!json_is_object(in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "an employer's sector must be a JSON object");
  if ((rc = sp__agree_known_keys(ctx, in, "", keys)) != SP_OK ||
      (rc = sp__agree_int(ctx, in, "", "org_id", 1, &org)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "sector", 1, 200, &sector)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "source", 0, 300, &source)) != SP_OK)
    return rc;
  rc = sp__agree_row(ctx, &row, "no org", "SELECT kind FROM orgs WHERE id=?", "i", org);
  if (rc == SP_ENOTFOUND)
    return sp_ctx_fail(ctx, SP_EINVAL, "org_id", "there is no organisation %lld", (long long)org);
  if (rc != SP_OK)
    return rc;
  int employer = strcmp(sp_rec_str(row, "kind", ""), "employer") == 0 ||
                 strcmp(sp_rec_str(row, "kind", ""), "government") == 0;
  json_decref(row);
  if (!employer)
    return sp_ctx_fail(ctx, SP_EINVAL, "org_id",
                       "organisation %lld is not an employer: a sector is recorded for employers, "
                       "whose learners the compacts of that sector serve (000 Q6)",
                       (long long)org);
  if ((rc = sp__agree_exec(ctx, NULL,
                           "INSERT INTO employer_sectors(org_id, sector, source) VALUES (?,?,?)"
                           " ON CONFLICT(org_id) DO UPDATE SET sector=excluded.sector, source=excluded.source",
                           "iss", org, sector, source ? source : "")) != SP_OK)
    return rc;
  char key[32];
  snprintf(key, sizeof(key), "%lld", (long long)org);
  return sp_audit_append(ctx, "put", "employer_sector", key, NULL, in);
}

enum sp_rc sp_employer_sector_put(struct sp_ctx *ctx, const json_t *in) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_FUNDING_EDIT);
  if (rc != SP_OK)
    return rc;
  return sp__agree_tx(ctx, employer_sector_tx, (void *)in);
}
