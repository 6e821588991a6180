/*
 * funding.c: provider contracts, allocations and the delivery and
 * commitments recorded against them, and listing allocations and moves (see
 * funding.h). Money is integer pence; negative amounts are refused.
 */
#include <string.h>

#include "agree_int.h"
#include "core/audit.h"
#include "base/date.h"
#include "core/policy.h"
#include "funding.h"

#define SRC_CONTRACT "000_7a3ba3d30b329542.txt Q10"

static enum sp_rc exists(struct sp_ctx *ctx, const char *field, const char *sql, const char *fmt, int64_t id,
                         const char *what) {
  json_t *r = NULL;
  enum sp_rc rc = sp__agree_row(ctx, &r, "missing", sql, fmt, id);
  if (rc == SP_ENOTFOUND)
    return sp_ctx_fail(ctx, SP_EINVAL, field, "%s: there is no %s %lld", field, what, (long long)id);
  json_decref(r);
  return rc;
}

static enum sp_rc programme_known(struct sp_ctx *ctx, const char *code) {
  json_t *r = NULL;
  enum sp_rc rc = sp__agree_row(ctx, &r, "missing", "SELECT code FROM funding_programmes WHERE code=?", "s", code);
  if (rc == SP_ENOTFOUND)
    return sp_ctx_fail(ctx, SP_EINVAL, "programme",
                       "programme '%s' is not known (train_to_gain, apprenticeships, union_learning_fund, "
                       "adult_learning)",
                       code);
  json_decref(r);
  return rc;
}

struct arg {
  const json_t *in;
  int64_t id;
};

static enum sp_rc contract_tx(struct sp_ctx *ctx, void *p) {
  struct arg *a = p;
  static const char *const keys[] = {"provider_org_id", "programme", "funder_org_id", "valid_from", "valid_to", NULL};
  int64_t provider = 0, funder = 0;
  const char *programme = NULL;
  int32_t from = SP_DATE_NONE, to = SP_DATE_NONE;
  enum sp_rc rc;
  if (!json_is_object(a->in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "a contract must be a JSON object");
  if ((rc = sp__agree_known_keys(ctx, a->in, "", keys)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "provider_org_id", 1, &provider)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "funder_org_id", 0, &funder)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "programme", 1, 40, &programme)) != SP_OK ||
      (rc = sp__agree_date(ctx, a->in, "", "valid_from", 1, &from)) != SP_OK ||
      (rc = sp__agree_date(ctx, a->in, "", "valid_to", 0, &to)) != SP_OK)
    return rc;
  if ((rc = exists(ctx, "provider_org_id", "SELECT id FROM orgs WHERE id=?", "i", provider, "organisation")) != SP_OK ||
      (funder && (rc = exists(ctx, "funder_org_id", "SELECT id FROM orgs WHERE id=?", "i", funder, "organisation")) !=
                     SP_OK) ||
      (rc = programme_known(ctx, programme)) != SP_OK)
    return rc;
  if (to != SP_DATE_NONE && to < from)
    return sp_ctx_fail(ctx, SP_EINVAL, "valid_to", "valid_to is before valid_from");
  rc = sp__agree_exec(ctx, &a->id,
                      "INSERT INTO provider_contracts(provider_org_id, programme, funder_org_id, valid_from, valid_to)"
                      " VALUES (?,?,?,?,?)",
                      "isIdd", provider, programme, funder, from, to);
  if (rc == SP_ECONFLICT)
    return sp_ctx_fail(ctx, SP_ECONFLICT, "valid_from", "that provider already has this contract from that date");
  if (rc != SP_OK)
    return rc;
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)a->id);
  return sp_audit_append(ctx, "create", "provider_contract", idbuf, NULL, a->in);
}

enum sp_rc sp_funding_add_contract(struct sp_ctx *ctx, const json_t *in, int64_t *id_out) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_FUNDING_EDIT);
  if (rc != SP_OK)
    return rc;
  struct arg a = {in, 0};
  rc = sp__agree_tx(ctx, contract_tx, &a);
  if (rc == SP_OK && id_out)
    *id_out = a.id;
  return rc;
}

static enum sp_rc allocate_tx(struct sp_ctx *ctx, void *p) {
  struct arg *a = p;
  static const char *const keys[] = {"agreement_id", "provider_org_id", "funder_org_id", "programme", "area_code",
                                     "period_start", "period_end", "amount_pence", "awarded_on", NULL};
  int64_t agreement = 0, provider = 0, funder = 0, amount = 0;
  const char *programme = NULL, *area = NULL;
  int32_t ps = SP_DATE_NONE, pe = SP_DATE_NONE, awarded = SP_DATE_NONE;
  enum sp_rc rc;
  char b1[SP_DATE_BUFSZ], b2[SP_DATE_BUFSZ], b3[SP_DATE_BUFSZ];
  if (!json_is_object(a->in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "an allocation must be a JSON object");
  if ((rc = sp__agree_known_keys(ctx, a->in, "", keys)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "agreement_id", 1, &agreement)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "provider_org_id", 1, &provider)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "funder_org_id", 0, &funder)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "amount_pence", 1, &amount)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "programme", 1, 40, &programme)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "area_code", 0, 20, &area)) != SP_OK ||
      (rc = sp__agree_date(ctx, a->in, "", "period_start", 1, &ps)) != SP_OK ||
      (rc = sp__agree_date(ctx, a->in, "", "period_end", 1, &pe)) != SP_OK ||
      (rc = sp__agree_date(ctx, a->in, "", "awarded_on", 0, &awarded)) != SP_OK)
    return rc;
  if (amount < 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "amount_pence",
                       "amount_pence must not be negative: an allocation is money given, in pence");
  if (amount > SP_FUNDING_MAX_PENCE)
    return sp_ctx_fail(ctx, SP_EINVAL, "amount_pence", "amount_pence must be at most %lld (£10 trillion)",
                       (long long)SP_FUNDING_MAX_PENCE);
  if (pe < ps)
    return sp_ctx_fail(ctx, SP_EINVAL, "period_end", "period_end is before period_start");
  if ((rc = programme_known(ctx, programme)) != SP_OK ||
      (rc = exists(ctx, "provider_org_id", "SELECT id FROM orgs WHERE id=?", "i", provider, "organisation")) != SP_OK ||
      (funder && (rc = exists(ctx, "funder_org_id", "SELECT id FROM orgs WHERE id=?", "i", funder, "organisation")) !=
                     SP_OK))
    return rc;
  json_t *ag = NULL;
  char msg[64];
  snprintf(msg, sizeof(msg), "there is no agreement %lld", (long long)agreement);
  if ((rc = sp__agree_row(ctx, &ag, msg, "SELECT term_start, term_end FROM agreements WHERE id=?", "i", agreement)) !=
      SP_OK)
    return rc == SP_ENOTFOUND ? sp_ctx_fail(ctx, SP_EINVAL, "agreement_id", "%s", msg) : rc;
  int32_t ts = sp__agree_jdate(ag, "term_start"), te = sp__agree_jdate(ag, "term_end");
  json_decref(ag);
  if (ps < ts || (te != SP_DATE_NONE && pe > te))
    return sp_ctx_fail(ctx, SP_EINVAL, "period_start",
                       "the allocation's period %s to %s is outside the agreement's term (from %s); funding "
                       "follows the compact's term (000_7a3ba3d30b329542.txt Q6, Q12)",
                       sp_date_format(ps, b1), sp_date_format(pe, b2), sp_date_format(ts, b3));
  json_t *c = NULL;
  rc = sp__agree_row(ctx, &c, "no contract",
                     "SELECT id FROM provider_contracts WHERE provider_org_id=? AND programme=? AND valid_from<=?"
                     " AND (valid_to IS NULL OR valid_to>=?)",
                     "isdd", provider, programme, ps, ps);
  if (rc == SP_ENOTFOUND)
    return sp_ctx_fail(ctx, SP_EINVAL, "provider_org_id",
                       "provider %lld does not hold a %s contract on %s; providers delivering within a compact "
                       "hold the programme's contract (" SRC_CONTRACT ")",
                       (long long)provider, programme, sp_date_format(ps, b1));
  json_decref(c);
  if (rc != SP_OK)
    return rc;
  if (awarded == SP_DATE_NONE)
    awarded = ps;
  rc = sp__agree_exec(ctx, &a->id,
                      "INSERT INTO allocations(agreement_id, provider_org_id, funder_org_id, programme, area_code,"
                      " period_start, period_end, original_pence, amount_pence, awarded_on) VALUES (?,?,?,?,?,?,?,?,?,?)",
                      "iiIssddiid", agreement, provider, funder, programme, area, ps, pe, amount, amount, awarded);
  if (rc != SP_OK)
    return rc;
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)a->id);
  return sp_audit_append(ctx, "create", "allocation", idbuf, NULL, a->in);
}

enum sp_rc sp_funding_allocate(struct sp_ctx *ctx, const json_t *in, int64_t *id_out) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_FUNDING_EDIT);
  if (rc != SP_OK)
    return rc;
  struct arg a = {in, 0};
  rc = sp__agree_tx(ctx, allocate_tx, &a);
  if (rc == SP_OK && id_out)
    *id_out = a.id;
  return rc;
}

static enum sp_rc spend_tx(struct sp_ctx *ctx, void *p) {
  struct arg *a = p;
  static const char *const keys[] = {"allocation_id", "kind", "on_date", "amount_pence", "learner_ref", "qual_code", NULL};
  int64_t alloc = 0, amount = 0;
  const char *kind = NULL, *learner = NULL, *qual = NULL;
  int32_t on = SP_DATE_NONE;
  enum sp_rc rc;
  if (!json_is_object(a->in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "a spend record must be a JSON object");
  if ((rc = sp__agree_known_keys(ctx, a->in, "", keys)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "allocation_id", 1, &alloc)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "amount_pence", 1, &amount)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "kind", 1, 20, &kind)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "learner_ref", 0, 40, &learner)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "qual_code", 0, 20, &qual)) != SP_OK ||
      (rc = sp__agree_date(ctx, a->in, "", "on_date", 1, &on)) != SP_OK)
    return rc;
  if (strcmp(kind, "delivered") != 0 && strcmp(kind, "committed") != 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "kind", "kind must be delivered or committed");
  if (amount < 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "amount_pence", "amount_pence must not be negative");
  if (amount > SP_FUNDING_MAX_PENCE)
    return sp_ctx_fail(ctx, SP_EINVAL, "amount_pence", "amount_pence must be at most %lld (£10 trillion)",
                       (long long)SP_FUNDING_MAX_PENCE);
  json_t *al = NULL;
  char msg[64];
  snprintf(msg, sizeof(msg), "there is no allocation %lld", (long long)alloc);
  rc = sp__agree_row(ctx, &al, msg,
                     "SELECT amount_pence, coalesce((SELECT sum(amount_pence) FROM allocation_spend WHERE allocation_id=a.id),0)"
                     " AS used FROM allocations a WHERE id=?",
                     "i", alloc);
  if (rc == SP_ENOTFOUND)
    return sp_ctx_fail(ctx, SP_EINVAL, "allocation_id", "%s", msg);
  if (rc != SP_OK)
    return rc;
  int64_t left = sp__agree_jint(al, "amount_pence") - sp__agree_jint(al, "used");
  json_decref(al);
  if (amount > left)
    return sp_ctx_fail(ctx, SP_ECONFLICT, "amount_pence",
                       "only %lld pence of allocation %lld is neither delivered nor committed; %lld asked",
                       (long long)left, (long long)alloc, (long long)amount);
  if (qual) {
    json_t *q = NULL;
    rc = sp__agree_row(ctx, &q, "no qual", "SELECT code FROM qualification_aims WHERE code=?", "s", qual);
    if (rc == SP_ENOTFOUND)
      return sp_ctx_fail(ctx, SP_EINVAL, "qual_code", "qual_code '%s' is not a known qualification", qual);
    json_decref(q);
    if (rc != SP_OK)
      return rc;
  }
  rc = sp__agree_exec(ctx, &a->id,
                      "INSERT INTO allocation_spend(allocation_id, kind, on_date, amount_pence, learner_ref, qual_code)"
                      " VALUES (?,?,?,?,?,?)",
                      "isdiss", alloc, kind, on, amount, learner, qual);
  if (rc != SP_OK)
    return rc;
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)a->id);
  return sp_audit_append(ctx, "create", "allocation_spend", idbuf, NULL, a->in);
}

enum sp_rc sp_funding_record_spend(struct sp_ctx *ctx, const json_t *in, int64_t *id_out) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_FUNDING_EDIT);
  if (rc != SP_OK)
    return rc;
  struct arg a = {in, 0};
  rc = sp__agree_tx(ctx, spend_tx, &a);
  if (rc == SP_OK && id_out)
    *id_out = a.id;
  return rc;
}

enum sp_rc sp_funding_allocations(struct sp_ctx *ctx, int64_t agreement_id, json_t **out) {
  /* Money by provider is for funders and DfE (funding.preview; issue 10). */
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_FUNDING_PREVIEW);
  if (rc != SP_OK)
    return rc;
  return sp__agree_rows(
      ctx, out,
      "SELECT a.id, a.agreement_id, g.title AS agreement_title, a.provider_org_id, o.name AS provider,"
      " a.programme, a.area_code, a.period_start, a.period_end, a.original_pence, a.amount_pence,"
      " coalesce((SELECT sum(s.amount_pence) FROM allocation_spend s WHERE s.allocation_id=a.id"
      "  AND s.kind='delivered'),0) AS delivered_pence,"
      " coalesce((SELECT sum(s.amount_pence) FROM allocation_spend s WHERE s.allocation_id=a.id"
      "  AND s.kind='committed'),0) AS committed_pence"
      " FROM allocations a JOIN agreements g ON g.id=a.agreement_id JOIN orgs o ON o.id=a.provider_org_id"
      " WHERE ?1=0 OR a.agreement_id=?1 ORDER BY g.title, o.name, a.id",
      "i", agreement_id);
}

enum sp_rc sp_funding_moves(struct sp_ctx *ctx, int64_t agreement_id, json_t **out) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_FUNDING_PREVIEW);
  if (rc != SP_OK)
    return rc;
  return sp__agree_rows(ctx, out,
                        "SELECT m.id, m.run_id, m.as_of, m.from_agreement_id, f.title AS from_title,"
                        " m.to_agreement_id, t.title AS to_title, m.amount_pence, m.reason FROM reallocation_moves m"
                        " JOIN agreements f ON f.id=m.from_agreement_id JOIN agreements t ON t.id=m.to_agreement_id"
                        " WHERE ?1=0 OR m.from_agreement_id=?1 OR m.to_agreement_id=?1 ORDER BY m.id DESC",
                        "i", agreement_id);
}
