/*
 * interests.c: the designated body's conflict of interest policy and register
 * of interests (statutory guidance, seeds/004_34ac84fe2e6428e6.txt, section
 * 4.2). The register is public; the recusal rule that uses it lives in
 * util.c (sp__lsip_recusal).
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "../../store/store.h"
#include "lsip.h"
#include "lsip_int.h"
#include "base/record.h"

enum sp_rc sp_lsip_coi_policy_set(struct sp_ctx *ctx, const char *area, const char *policy) {
  int64_t did = 0;
  enum sp_rc rc = sp__lsip_erb_of_area(ctx, area, &did, NULL);
  if (rc != SP_OK)
    return rc;
  if (!policy || !*policy)
    return sp_ctx_fail(ctx, SP_EINVAL, "policy",
                       "the conflict of interest policy text is required (section 4.2)");
  struct sp_store *store = sp_ctx_store(ctx);
  json_t *before = NULL, *after = NULL;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if ((rc = sp__lsip_row(ctx, &before, "SELECT * FROM lsip_coi_policies WHERE designation_id = ?",
                         "i", did)) != SP_OK ||
      (rc = sp__lsip_exec(ctx,
                          "INSERT INTO lsip_coi_policies(designation_id, policy, adopted_on)"
                          " VALUES (?1,?2,?3) ON CONFLICT(designation_id) DO UPDATE SET"
                          " policy = ?2, adopted_on = ?3",
                          "isd", did, policy, sp_ctx_today(ctx))) != SP_OK ||
      (rc = sp__lsip_row(ctx, &after, "SELECT * FROM lsip_coi_policies WHERE designation_id = ?",
                         "i", did)) != SP_OK ||
      (rc = sp__lsip_audit(ctx, before ? "update" : "create", "lsip_coi_policy", did, before,
                           after)) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
out:
  json_decref(before);
  json_decref(after);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

static const char *const interest_fields[] = {"person_name", "user_id", "interest_org_id",
                                              "interest_org_name", "nature", "training_interests",
                                              NULL};

enum sp_rc sp_lsip_interest_add(struct sp_ctx *ctx, const char *area, const json_t *in,
                                int64_t *id_out) {
  int64_t did = 0;
  enum sp_rc rc = sp__lsip_erb_of_area(ctx, area, &did, NULL);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__lsip_known_fields(ctx, in, interest_fields)) != SP_OK)
    return rc;
  const char *person = NULL, *nature = NULL;
  if ((rc = sp__lsip_need_text(ctx, in, "person_name", 200,
                               "whose interest it is, section 4.2", &person)) != SP_OK ||
      (rc = sp__lsip_need_text(ctx, in, "nature", 2000, "the nature of the interest, section 4.2",
                               &nature)) != SP_OK)
    return rc;
  const char *training = sp_rec_str(in, "training_interests", NULL);
  json_t *u = json_object_get(in, "user_id");
  json_t *o = json_object_get(in, "interest_org_id");
  int64_t user_id = json_is_integer(u) ? json_integer_value(u) : 0;
  int64_t org_id = json_is_integer(o) ? json_integer_value(o) : 0;
  if ((u && !json_is_null(u) && !json_is_integer(u)) || (o && !json_is_null(o) && !json_is_integer(o)))
    return sp_ctx_fail(ctx, SP_EINVAL, u && !json_is_integer(u) ? "user_id" : "interest_org_id",
                       "ids must be integers");
  char org_name[256] = "";
  if (org_id && !sp__lsip_org_name(ctx, org_id, org_name, sizeof(org_name)))
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "interest_org_id", "no organisation has id %lld",
                       (long long)org_id);
  if (!org_id) {
    const char *n = NULL;
    if ((rc = sp__lsip_need_text(ctx, in, "interest_org_name", 200,
                                 "the organisation the interest is in, section 4.2", &n)) != SP_OK)
      return rc;
    snprintf(org_name, sizeof(org_name), "%s", n);
  }
  if (user_id) {
    int64_t x = 0;
    int found = 0;
    if ((rc = sp__lsip_int(ctx, &x, &found, "SELECT id FROM users WHERE id = ?", "i", user_id)) !=
        SP_OK)
      return rc;
    if (!found)
      return sp_ctx_fail(ctx, SP_ENOTFOUND, "user_id", "no account has id %lld",
                         (long long)user_id);
  }
  struct sp_store *store = sp_ctx_store(ctx);
  json_t *after = NULL;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  int64_t id = 0;
  if ((rc = sp__lsip_exec(ctx,
                          "INSERT INTO lsip_interests(designation_id, person_name, user_id,"
                          " interest_org_id, interest_org_name, nature, training_interests,"
                          " declared_on) VALUES (?1,?2,NULLIF(?3,0),NULLIF(?4,0),?5,?6,?7,?8)",
                          "isiisssd", did, person, user_id, org_id, org_name, nature,
                          training ? training : "", sp_ctx_today(ctx))) != SP_OK)
    goto out;
  id = sp_store_last_id(store);
  if ((rc = sp__lsip_row(ctx, &after, "SELECT * FROM lsip_interests WHERE id = ?", "i", id)) !=
          SP_OK ||
      (rc = sp__lsip_audit(ctx, "create", "lsip_interest", id, NULL, after)) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
  if (rc == SP_OK && id_out)
    *id_out = id;
out:
  json_decref(after);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_lsip_interest_end(struct sp_ctx *ctx, int64_t id) {
  json_t *before = NULL, *after = NULL;
  enum sp_rc rc = sp__lsip_row(ctx, &before,
                               "SELECT i.*, d.area_code FROM lsip_interests i JOIN"
                               " lsip_designations d ON d.id = i.designation_id WHERE i.id = ?",
                               "i", id);
  if (rc != SP_OK)
    return rc;
  if (!before)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "id", "no register entry has id %lld", (long long)id);
  char area[32];
  snprintf(area, sizeof(area), "%s", sp_rec_str(before, "area_code", NULL));
  int64_t did = 0;
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp__lsip_erb_of_area(ctx, area, &did, NULL)) != SP_OK)
    goto out;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    goto out;
  if ((rc = sp__lsip_exec(ctx, "UPDATE lsip_interests SET ended_on = ? WHERE id = ?", "di",
                          sp_ctx_today(ctx), id)) != SP_OK ||
      (rc = sp__lsip_row(ctx, &after, "SELECT * FROM lsip_interests WHERE id = ?", "i", id)) !=
          SP_OK ||
      (rc = sp__lsip_audit(ctx, "end", "lsip_interest", id, before, after)) != SP_OK) {
    sp_store_rollback(store);
    goto out;
  }
  rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
out:
  json_decref(before);
  json_decref(after);
  return rc;
}

enum sp_rc sp_lsip_register(struct sp_ctx *ctx, const char *area, json_t **out) {
  *out = NULL;
  json_t *d = NULL, *items = NULL, *pol = NULL;
  enum sp_rc rc = sp__lsip_row(ctx, &d,
                               "SELECT d.id, d.area_code, o.name AS body_name, d.live"
                               " FROM lsip_designations d JOIN orgs o ON o.id = d.org_id"
                               " WHERE d.area_code = ? ORDER BY d.live DESC, d.effective_date DESC",
                               "s", area);
  if (rc != SP_OK)
    return rc;
  if (!d)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "area", "area %s has no designated body, so no register "
                                                  "of interests (section 4.2)", area ? area : "");
  int64_t did = json_integer_value(json_object_get(d, "id"));
  if ((rc = sp__lsip_row(ctx, &pol, "SELECT policy, adopted_on FROM lsip_coi_policies WHERE"
                                    " designation_id = ?", "i", did)) != SP_OK ||
      (rc = sp__lsip_rows(ctx, &items,
                          "SELECT id, person_name, interest_org_id, interest_org_name, nature,"
                          " training_interests, declared_on, ended_on FROM lsip_interests"
                          " WHERE designation_id = ? ORDER BY ended_on IS NOT NULL, person_name, id",
                          "i", did)) != SP_OK)
    goto out;
  json_object_set(d, "policy", pol ? json_object_get(pol, "policy") : json_null());
  json_object_set(d, "policy_adopted_on", pol ? json_object_get(pol, "adopted_on") : json_null());
  json_object_set(d, "interests", items);
  *out = d;
  d = NULL;
out:
  json_decref(d);
  json_decref(pol);
  json_decref(items);
  return rc;
}
