/*
 * agreement.c: creating, reading, listing and publishing agreements, and
 * adding parties, targets and signatories (see agree.h). Each rule names its
 * source document and section in the code and in the refusal message.
 */
#include <string.h>
#include <time.h>

#include "agree.h"
#include "agree_int.h"
#include "core/audit.h"
#include "base/date.h"
#include "core/policy.h"
#include "base/record.h"

/* The time now as ISO 8601 UTC ("2026-05-01T09:30:00Z"), into buf. SQL
 * gets it as a parameter: the engines spell "now" differently. */
static const char *now_utc(char buf[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

#define SRC_TERM "000_7a3ba3d30b329542.txt Q1 and Q3"
#define SRC_SIGN "003_74d2a3b73f9382d8.txt \"Looking for success\""

/* ---- permissions --------------------------------------------------------- */

/* Roles that make an organisation an agreement's owner alongside its creator
 * (issue 10, finding 2): the funding body of a local compact or an alliance,
 * the funding agency of a sector compact. */
#define OWNER_ROLES "('funding_agency','funding_body')"

static int actor_is_party(struct sp_ctx *ctx, int64_t id) {
  int64_t org = sp_ctx_org_id(ctx);
  if (!org)
    return 0;
  json_t *row = NULL;
  if (sp__agree_row(ctx, &row, "no", "SELECT 1 AS x FROM agreement_parties WHERE agreement_id=? AND org_id=?",
                    "ii", id, org) != SP_OK) {
    sp_ctx_clear(ctx);
    return 0;
  }
  json_decref(row);
  return 1;
}

int sp__agree_actor_owns(struct sp_ctx *ctx, int64_t id) {
  int64_t org = sp_ctx_org_id(ctx);
  if (!org || !id)
    return 0;
  json_t *row = NULL;
  if (sp__agree_row(ctx, &row, "no",
                    "SELECT 1 AS x FROM agreements a WHERE a.id=?1 AND (a.owner_org_id=?2 OR EXISTS"
                    " (SELECT 1 FROM agreement_parties p WHERE p.agreement_id=a.id AND p.org_id=?2"
                    " AND p.role IN " OWNER_ROLES "))",
                    "ii", id, org) != SP_OK) {
    sp_ctx_clear(ctx);
    return 0;
  }
  json_decref(row);
  return 1;
}

/* DfE changes any agreement; otherwise the actor's organisation must own it
 * (its creator, or a party in a funding role). Viewers never. */
enum sp_rc sp__agree_may_edit(struct sp_ctx *ctx, int64_t id) {
  if (sp_ctx_role(ctx) == SP_ROLE_DFE_ADMIN)
    return SP_OK;
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_AGREEMENT_PARTY_EDIT);
  if (rc != SP_OK)
    return rc;
  if (sp__agree_actor_owns(ctx, id))
    return SP_OK;
  return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                     "only the agreement's owner (the organisation that made it, or its funding "
                     "body) or DfE may change agreement %lld",
                     (long long)id);
}

int sp_agreement_may_edit(struct sp_ctx *ctx, int64_t id) {
  int ok = sp__agree_may_edit(ctx, id) == SP_OK;
  sp_ctx_clear(ctx);
  return ok;
}

/* Progress on the action plan: the owner and DfE, and any party to the
 * agreement (an action plan is shared work, 003 "Shared aims"). */
enum sp_rc sp__agree_may_update_action(struct sp_ctx *ctx, int64_t id) {
  if (sp__agree_may_edit(ctx, id) == SP_OK)
    return SP_OK;
  if (sp_ctx_rc(ctx) == SP_EAUTH)
    return SP_EAUTH;
  if (sp_policy_allows(sp_ctx_role(ctx), SP_ACT_AGREEMENT_PARTY_EDIT) && actor_is_party(ctx, id)) {
    sp_ctx_clear(ctx);
    return SP_OK;
  }
  return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                     "only the parties to agreement %lld, its owner and DfE may record progress on "
                     "its action plan",
                     (long long)id);
}

/* Publishing: the agreement.publish row, then DfE or the owner. */
static enum sp_rc may_publish(struct sp_ctx *ctx, int64_t id) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_AGREEMENT_PUBLISH);
  if (rc != SP_OK)
    return sp_ctx_fail(ctx, rc, NULL,
                       "%s: only funders and DfE publish agreements, and a funder only one it owns",
                       sp_ctx_errmsg(ctx));
  if (sp_ctx_role(ctx) == SP_ROLE_DFE_ADMIN || sp__agree_actor_owns(ctx, id))
    return SP_OK;
  return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                     "only the agreement's owner (the organisation that made it, or its funding "
                     "body) or DfE may publish agreement %lld",
                     (long long)id);
}

/* Recording a signatory: a provider signs only for itself, and only to a
 * published agreement; the owner (a funder) and DfE record any provider's
 * signature. state is the agreement's. */
static enum sp_rc may_sign(struct sp_ctx *ctx, int64_t id, int64_t org, const char *state) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_AGREEMENT_SIGN);
  if (rc != SP_OK)
    return rc;
  switch (sp_ctx_role(ctx)) {
  case SP_ROLE_DFE_ADMIN:
    return SP_OK;
  case SP_ROLE_PROVIDER_EDITOR:
    if (org && org == sp_ctx_org_id(ctx))
      return state && strcmp(state, "published") == 0
                 ? SP_OK
                 : sp_ctx_fail(ctx, SP_ESTATE, "state",
                               "agreement %lld is not published yet: a provider signs up to a "
                               "published agreement",
                               (long long)id);
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, "org_id",
                       "a provider signs up for itself only: your account may sign for "
                       "organisation %lld, not %lld",
                       (long long)sp_ctx_org_id(ctx), (long long)org);
  default:
    if (sp__agree_actor_owns(ctx, id))
      return SP_OK;
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                       "only the agreement's owner or DfE may record signatories to agreement "
                       "%lld, and a provider its own signature",
                       (long long)id);
  }
}

int sp_agreement_may_publish(struct sp_ctx *ctx, int64_t id) {
  int ok = may_publish(ctx, id) == SP_OK;
  sp_ctx_clear(ctx);
  return ok;
}

int sp_agreement_may_sign(struct sp_ctx *ctx, int64_t id) {
  int ok = 0;
  if (sp_ctx_role(ctx) == SP_ROLE_PROVIDER_EDITOR)
    ok = 1; /* for itself: may_sign checks the organisation and the state */
  else if (sp_policy_allows(sp_ctx_role(ctx), SP_ACT_AGREEMENT_SIGN))
    ok = sp_ctx_role(ctx) == SP_ROLE_DFE_ADMIN || sp__agree_actor_owns(ctx, id);
  sp_ctx_clear(ctx);
  return ok;
}

static int may_read_drafts(struct sp_ctx *ctx, int64_t id) {
  if (sp_policy_allows(sp_ctx_role(ctx), SP_ACT_AGREEMENT_EDIT))
    return 1;
  return id && actor_is_party(ctx, id);
}

/* ---- validation ---------------------------------------------------------- */

static enum sp_rc check_term(struct sp_ctx *ctx, const char *kind, int32_t start, int32_t end) {
  json_t *k = NULL;
  enum sp_rc rc = sp__agree_row(ctx, &k, "unknown agreement kind",
                                "SELECT code, name, max_term_months, source FROM agreement_kinds WHERE code=?",
                                "s", kind);
  if (rc == SP_ENOTFOUND)
    return sp_ctx_fail(ctx, SP_EINVAL, "kind",
                       "kind must be one of sector_compact, local_compact, alliance, skills_pledge, not '%s'",
                       kind);
  if (rc != SP_OK)
    return rc;
  int64_t max = sp__agree_jint(k, "max_term_months");
  char b1[SP_DATE_BUFSZ], b2[SP_DATE_BUFSZ];
  if (end != SP_DATE_NONE && end < start)
    rc = sp_ctx_fail(ctx, SP_EINVAL, "term_end", "term_end %s is before term_start %s",
                     sp_date_format(end, b1), sp_date_format(start, b2));
  else if (max > 0 && end == SP_DATE_NONE)
    rc = sp_ctx_fail(ctx, SP_EINVAL, "term_end",
                     "term_end is required: a %s covers a period of up to three years (" SRC_TERM ")",
                     sp_rec_str(k, "name", ""));
  else if (max > 0 && end >= sp_date_add_months(start, (int)max))
    rc = sp_ctx_fail(ctx, SP_EINVAL, "term_end",
                     "term over three years: a %s covers a period of up to %lld months (" SRC_TERM
                     "); %s to %s is longer",
                     sp_rec_str(k, "name", ""), (long long)max, sp_date_format(start, b1),
                     sp_date_format(end, b2));
  json_decref(k);
  return rc;
}

/* A period [ps, pe] must lie inside the term [ts, te]. */
static enum sp_rc check_in_term(struct sp_ctx *ctx, const char *field, int32_t ps, int32_t pe,
                                int32_t ts, int32_t te) {
  char b1[SP_DATE_BUFSZ], b2[SP_DATE_BUFSZ], b3[SP_DATE_BUFSZ], b4[SP_DATE_BUFSZ];
  if (pe < ps)
    return sp_ctx_fail(ctx, SP_EINVAL, field, "%s: period_end %s is before period_start %s", field,
                       sp_date_format(pe, b1), sp_date_format(ps, b2));
  if (ps < ts || (te != SP_DATE_NONE && pe > te))
    return sp_ctx_fail(ctx, SP_EINVAL, field,
                       "%s: the period %s to %s is outside the agreement's term %s to %s; targets "
                       "and flexibilities are phased within the compact's term (000_7a3ba3d30b329542.txt Q1)",
                       field, sp_date_format(ps, b1), sp_date_format(pe, b2), sp_date_format(ts, b3),
                       te == SP_DATE_NONE ? "open" : sp_date_format(te, b4));
  return SP_OK;
}

static enum sp_rc check_role(struct sp_ctx *ctx, const char *field, const char *kind,
                             const char *role) {
  json_t *r = NULL;
  enum sp_rc rc = sp__agree_row(ctx, &r, "no role", "SELECT code FROM agreement_roles WHERE kind=? AND code=?",
                                "ss", kind, role);
  if (rc == SP_ENOTFOUND) {
    json_t *all = NULL;
    if (sp__agree_rows(ctx, &all, "SELECT group_concat(code, ', ') AS c FROM agreement_roles WHERE kind=?", "s",
                       kind) != SP_OK)
      return sp_ctx_fail(ctx, SP_EINVAL, field, "%s: '%s' is not a role in a %s", field, role, kind);
    rc = sp_ctx_fail(ctx, SP_EINVAL, field,
                     "%s: '%s' is not a role in a %s; the roles the documents name are: %s", field,
                     role, kind, sp_rec_str(json_array_get(all, 0), "c", ""));
    json_decref(all);
    return rc;
  }
  json_decref(r);
  return rc;
}

static enum sp_rc check_org(struct sp_ctx *ctx, const char *field, int64_t org) {
  json_t *r = NULL;
  enum sp_rc rc = sp__agree_row(ctx, &r, "no org", "SELECT id FROM orgs WHERE id=?", "i", org);
  if (rc == SP_ENOTFOUND)
    return sp_ctx_fail(ctx, SP_EINVAL, field, "%s: there is no organisation %lld", field,
                       (long long)org);
  json_decref(r);
  return rc;
}

struct term {
  int64_t id;
  const char *kind;
  int32_t start, end;
};

static enum sp_rc load_term(struct sp_ctx *ctx, int64_t id, json_t **row, struct term *t) {
  char msg[64];
  snprintf(msg, sizeof(msg), "there is no agreement %lld", (long long)id);
  enum sp_rc rc = sp__agree_row(ctx, row, msg,
                                "SELECT id, kind, title, term_start, term_end, state FROM agreements WHERE id=?",
                                "i", id);
  if (rc != SP_OK)
    return rc;
  t->id = id;
  t->kind = sp_rec_str(*row, "kind", "");
  t->start = sp__agree_jdate(*row, "term_start");
  t->end = sp__agree_jdate(*row, "term_end");
  return SP_OK;
}

static enum sp_rc insert_target(struct sp_ctx *ctx, const struct term *t, const json_t *o,
                                const char *prefix) {
  static const char *const keys[] = {"measure", "period_start", "period_end", "volume", "achieved", NULL};
  const char *measure = NULL;
  int32_t ps = SP_DATE_NONE, pe = SP_DATE_NONE;
  int64_t volume = 0, achieved = -1;
  enum sp_rc rc;
  if (!json_is_object(o))
    return sp_ctx_fail(ctx, SP_EINVAL, prefix, "%s must be an object", prefix);
  if ((rc = sp__agree_known_keys(ctx, o, prefix, keys)) != SP_OK ||
      (rc = sp__agree_str(ctx, o, prefix, "measure", 1, 40, &measure)) != SP_OK ||
      (rc = sp__agree_date(ctx, o, prefix, "period_start", 1, &ps)) != SP_OK ||
      (rc = sp__agree_date(ctx, o, prefix, "period_end", 1, &pe)) != SP_OK ||
      (rc = sp__agree_int(ctx, o, prefix, "volume", 1, &volume)) != SP_OK ||
      (rc = sp__agree_int(ctx, o, prefix, "achieved", 0, &achieved)) != SP_OK)
    return rc;
  json_t *m = NULL;
  rc = sp__agree_row(ctx, &m, "no measure", "SELECT code FROM target_measures WHERE code=?", "s", measure);
  if (rc == SP_ENOTFOUND)
    return sp_ctx_fail(ctx, SP_EINVAL, "measure",
                       "%smeasure '%s' is not one of learners, employers_engaged, pledges, "
                       "qualifications_achieved, apprenticeship_starts, apprenticeship_completions "
                       "(000_7a3ba3d30b329542.txt Q7)",
                       prefix, measure);
  json_decref(m);
  if (rc != SP_OK)
    return rc;
  if (volume < 0 || (json_object_get(o, "achieved") && achieved < 0))
    return sp_ctx_fail(ctx, SP_EINVAL, "volume",
                       "%svolume and achieved must not be negative: target volumes count learners, "
                       "employers or qualifications (000_7a3ba3d30b329542.txt Q7)",
                       prefix);
  if ((rc = check_in_term(ctx, prefix, ps, pe, t->start, t->end)) != SP_OK)
    return rc;
  if (achieved < 0)
    return sp__agree_exec(ctx, NULL,
                          "INSERT INTO agreement_targets(agreement_id, measure, period_start, period_end, volume)"
                          " VALUES (?,?,?,?,?)",
                          "isddi", t->id, measure, ps, pe, volume);
  return sp__agree_exec(ctx, NULL,
                        "INSERT INTO agreement_targets(agreement_id, measure, period_start, period_end, volume, achieved)"
                        " VALUES (?,?,?,?,?,?)",
                        "isddii", t->id, measure, ps, pe, volume, achieved);
}

static enum sp_rc insert_flex(struct sp_ctx *ctx, const struct term *t, const json_t *o,
                              const char *prefix) {
  static const char *const keys[] = {"kind", "conditions", "period_start", "period_end", NULL};
  const char *kind = NULL, *cond = NULL;
  int32_t ps = t->start, pe = t->end;
  enum sp_rc rc;
  if (!json_is_object(o))
    return sp_ctx_fail(ctx, SP_EINVAL, prefix, "%s must be an object", prefix);
  if ((rc = sp__agree_known_keys(ctx, o, prefix, keys)) != SP_OK ||
      (rc = sp__agree_str(ctx, o, prefix, "kind", 1, 40, &kind)) != SP_OK ||
      (rc = sp__agree_str(ctx, o, prefix, "conditions", 0, 2000, &cond)) != SP_OK ||
      (rc = sp__agree_date(ctx, o, prefix, "period_start", 0, &ps)) != SP_OK ||
      (rc = sp__agree_date(ctx, o, prefix, "period_end", t->end == SP_DATE_NONE, &pe)) != SP_OK)
    return rc;
  json_t *m = NULL;
  rc = sp__agree_row(ctx, &m, "no flexibility", "SELECT code FROM flexibility_kinds WHERE code=?", "s", kind);
  if (rc == SP_ENOTFOUND)
    return sp_ctx_fail(ctx, SP_EINVAL, "kind",
                       "%skind '%s' is not a flexibility the documents name: repeat_l2_l3, "
                       "second_level3, all_employer_sizes, sme_access, sector_skills_pledge, "
                       "sector_advice_brokers, mapping_tools (000_7a3ba3d30b329542.txt Q6, Q9)",
                       prefix, kind);
  json_decref(m);
  if (rc != SP_OK)
    return rc;
  if ((rc = check_in_term(ctx, prefix, ps, pe, t->start, t->end)) != SP_OK)
    return rc;
  return sp__agree_exec(ctx, NULL,
                        "INSERT INTO agreement_flexibilities(agreement_id, kind, conditions, period_start, period_end)"
                        " VALUES (?,?,?,?,?)",
                        "issdd", t->id, kind, cond, ps, pe);
}

static enum sp_rc insert_party(struct sp_ctx *ctx, const struct term *t, int64_t org,
                               const char *role, const char *prefix) {
  enum sp_rc rc;
  if ((rc = check_role(ctx, prefix, t->kind, role)) != SP_OK ||
      (rc = check_org(ctx, prefix, org)) != SP_OK)
    return rc;
  return sp__agree_exec(ctx, NULL, "INSERT INTO agreement_parties(agreement_id, org_id, role) VALUES (?,?,?)",
                        "iis", t->id, org, role);
}

/* ---- create -------------------------------------------------------------- */

struct create_arg {
  const json_t *in;
  int64_t id;
};

static enum sp_rc create_tx(struct sp_ctx *ctx, void *arg) {
  struct create_arg *a = arg;
  const json_t *in = a->in;
  static const char *const keys[] = {"kind", "title", "sector", "area_code", "term_start", "term_end",
                                     "employees_covered", "signatory_target_kind",
                                     "signatory_target_date", "source", "aims", "parties",
                                     "flexibilities", "targets", "qualifications", NULL};
  const char *kind = NULL, *title = NULL, *sector = NULL, *area = NULL, *tkind = NULL, *source = NULL;
  int32_t ts = SP_DATE_NONE, te = SP_DATE_NONE, tdate = SP_DATE_NONE;
  int64_t employees = -1;
  enum sp_rc rc;
  char field[64];
  if (!json_is_object(in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "an agreement must be a JSON object");
  if ((rc = sp__agree_known_keys(ctx, in, "", keys)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "kind", 1, 40, &kind)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "title", 1, 200, &title)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "sector", 0, 200, &sector)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "area_code", 0, 20, &area)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "signatory_target_kind", 0, 40, &tkind)) != SP_OK ||
      (rc = sp__agree_str(ctx, in, "", "source", 0, 500, &source)) != SP_OK ||
      (rc = sp__agree_date(ctx, in, "", "term_start", 1, &ts)) != SP_OK ||
      (rc = sp__agree_date(ctx, in, "", "term_end", 0, &te)) != SP_OK ||
      (rc = sp__agree_date(ctx, in, "", "signatory_target_date", 0, &tdate)) != SP_OK ||
      (rc = sp__agree_int(ctx, in, "", "employees_covered", 0, &employees)) != SP_OK)
    return rc;
  if (json_object_get(in, "employees_covered") && employees < 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "employees_covered",
                       "employees_covered must not be negative (000_7a3ba3d30b329542.txt Q12)");
  if ((rc = check_term(ctx, kind, ts, te)) != SP_OK)
    return rc;
  if (tkind) {
    json_t *k = NULL;
    rc = sp__agree_row(ctx, &k, "no kind", "SELECT code FROM org_kinds WHERE code=?", "s", tkind);
    if (rc == SP_ENOTFOUND)
      return sp_ctx_fail(ctx, SP_EINVAL, "signatory_target_kind",
                         "signatory_target_kind '%s' is not an organisation kind", tkind);
    json_decref(k);
    if (rc != SP_OK)
      return rc;
  }
  /* The creator's organisation owns the agreement (issue 10, finding 2). */
  rc = sp__agree_exec(ctx, &a->id,
                      "INSERT INTO agreements(kind, title, sector, area_code, term_start, term_end,"
                      " employees_covered, signatory_target_kind, signatory_target_date, source,"
                      " owner_org_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      "ssssddJsdsI", kind, title, sector, area, ts, te, employees, tkind, tdate, source,
                      sp_ctx_org_id(ctx));
  if (rc != SP_OK)
    return rc;
  struct term t = {a->id, kind, ts, te};
  size_t i;
  json_t *v;
  json_t *list = json_object_get(in, "aims");
  if (list && !json_is_array(list))
    return sp_ctx_fail(ctx, SP_EINVAL, "aims", "aims must be a list of text");
  json_array_foreach(list, i, v) {
    snprintf(field, sizeof(field), "aims[%zu]", i);
    if (!json_is_string(v))
      return sp_ctx_fail(ctx, SP_EINVAL, field, "%s must be text", field);
    if ((rc = sp__agree_exec(ctx, NULL, "INSERT INTO agreement_aims(agreement_id, ord, text) VALUES (?,?,?)",
                             "iis", a->id, (int64_t)i, json_string_value(v))) != SP_OK)
      return rc;
  }
  const char *lists[] = {"parties", "flexibilities", "targets", "qualifications"};
  for (size_t l = 0; l < SP_ARRAY_LEN(lists); l++) {
    list = json_object_get(in, lists[l]);
    if (list && !json_is_array(list))
      return sp_ctx_fail(ctx, SP_EINVAL, lists[l], "%s must be a list", lists[l]);
    json_array_foreach(list, i, v) {
      snprintf(field, sizeof(field), "%s[%zu].", lists[l], i);
      if (l == 0) {
        int64_t org = 0;
        const char *role = NULL;
        if ((rc = sp__agree_int(ctx, v, field, "org_id", 1, &org)) != SP_OK ||
            (rc = sp__agree_str(ctx, v, field, "role", 1, 40, &role)) != SP_OK ||
            (rc = insert_party(ctx, &t, org, role, field)) != SP_OK)
          return rc;
      } else if (l == 1) {
        if ((rc = insert_flex(ctx, &t, v, field)) != SP_OK)
          return rc;
      } else if (l == 2) {
        if ((rc = insert_target(ctx, &t, v, field)) != SP_OK)
          return rc;
      } else {
        if (!json_is_string(v))
          return sp_ctx_fail(ctx, SP_EINVAL, field, "%s must be a qualification code", field);
        json_t *q = NULL;
        rc = sp__agree_row(ctx, &q, "no qualification", "SELECT code FROM qualification_aims WHERE code=?", "s",
                           json_string_value(v));
        if (rc == SP_ENOTFOUND)
          return sp_ctx_fail(ctx, SP_EINVAL, "qualifications",
                             "%s '%s' is not a known qualification (LARS learning aim reference); the "
                             "list is drawn from the Sector Qualification Strategy (000_7a3ba3d30b329542.txt Q8)",
                             field, json_string_value(v));
        json_decref(q);
        if (rc != SP_OK ||
            (rc = sp__agree_exec(ctx, NULL,
                                 "INSERT INTO agreement_qualifications(agreement_id, qual_code) VALUES (?,?)",
                                 "is", a->id, json_string_value(v))) != SP_OK)
          return rc;
      }
    }
  }
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)a->id);
  return sp_audit_append(ctx, "create", "agreement", idbuf, NULL, in);
}

enum sp_rc sp_agreement_create(struct sp_ctx *ctx, const json_t *in, int64_t *id_out) {
  struct create_arg a = {in, 0};
  /* Funders and DfE make agreements (issue 10, finding 2): a provider
   * naming itself a party no longer may. */
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_AGREEMENT_CREATE);
  if (rc != SP_OK) {
    if (rc == SP_EFORBIDDEN)
      sp_ctx_fail(ctx, rc, NULL, "only funders and DfE create agreements; the %s role may not",
                  sp_role_name(sp_ctx_role(ctx)));
    return rc;
  }
  rc = sp__agree_tx(ctx, create_tx, &a);
  if (rc == SP_OK && id_out)
    *id_out = a.id;
  return rc;
}

/* ---- small writes -------------------------------------------------------- */

struct small_arg {
  int64_t id, org;
  const char *role;
  const json_t *in;
  int32_t day;
  int op; /* 0 party, 1 target, 2 sign, 3 publish, 4 flexibility, 5 qualification */
};

static enum sp_rc signatory_check(struct sp_ctx *ctx, int64_t org, int32_t on) {
  json_t *r = NULL;
  enum sp_rc rc = sp__agree_row(
      ctx, &r, "no org",
      "SELECT o.name, o.kind, k.is_provider,"
      " (SELECT count(*) FROM provider_contracts c WHERE c.provider_org_id=o.id AND c.valid_from<=?2"
      "   AND (c.valid_to IS NULL OR c.valid_to>=?2)) AS contracts"
      " FROM orgs o JOIN org_kinds k ON k.code=o.kind WHERE o.id=?1",
      "id", org, on);
  if (rc == SP_ENOTFOUND)
    return sp_ctx_fail(ctx, SP_EINVAL, "org_id", "there is no organisation %lld", (long long)org);
  if (rc != SP_OK)
    return rc;
  if (!sp__agree_jint(r, "is_provider") && !sp__agree_jint(r, "contracts"))
    rc = sp_ctx_fail(ctx, SP_EINVAL, "org_id",
                     "a signatory must be a learning and skills provider (a provider, or an "
                     "organisation holding a funding contract): %s (%s) is not (" SRC_SIGN ")",
                     sp_rec_str(r, "name", ""), sp_rec_str(r, "kind", ""));
  json_decref(r);
  return rc;
}

static enum sp_rc publish_check(struct sp_ctx *ctx, int64_t id, const char *kind) {
  json_t *missing = NULL;
  enum sp_rc rc = sp__agree_rows(ctx, &missing,
                                 "SELECT r.code, r.name, k.source FROM agreement_roles r"
                                 " JOIN agreement_kinds k ON k.code=r.kind"
                                 " WHERE r.kind=? AND r.core=1 AND NOT EXISTS (SELECT 1 FROM"
                                 " agreement_parties p WHERE p.agreement_id=? AND p.role=r.code) ORDER BY r.ord",
                                 "si", kind, id);
  if (rc != SP_OK)
    return rc;
  if (json_array_size(missing) > 0) {
    json_t *m = json_array_get(missing, 0);
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "parties",
                     "cannot publish: the core role '%s' (%s) has no party, and %zu core role(s) in "
                     "all are empty; the core membership comes from %s",
                     sp_rec_str(m, "code", ""), sp_rec_str(m, "name", ""), json_array_size(missing),
                     sp_rec_str(m, "source", ""));
  }
  json_decref(missing);
  return rc;
}

static enum sp_rc small_tx(struct sp_ctx *ctx, void *arg) {
  struct small_arg *a = arg;
  json_t *row = NULL;
  struct term t;
  enum sp_rc rc = load_term(ctx, a->id, &row, &t);
  if (rc != SP_OK)
    return rc;
  if (a->op == 3)
    rc = may_publish(ctx, a->id);
  else if (a->op == 2)
    rc = may_sign(ctx, a->id, a->org, sp_rec_str(row, "state", ""));
  else
    rc = sp__agree_may_edit(ctx, a->id);
  if (rc != SP_OK)
    goto out;
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)a->id);
  json_t *after = NULL;
  switch (a->op) {
  case 0:
    rc = insert_party(ctx, &t, a->org, a->role, "party");
    after = json_pack("{s:I, s:s}", "org_id", (json_int_t)a->org, "role", a->role);
    if (rc == SP_OK)
      rc = sp_audit_append(ctx, "add_party", "agreement", idbuf, NULL, after);
    break;
  case 1:
    rc = insert_target(ctx, &t, a->in, "target.");
    if (rc == SP_OK)
      rc = sp_audit_append(ctx, "add_target", "agreement", idbuf, NULL, a->in);
    break;
  case 2: {
    char d[SP_DATE_BUFSZ];
    if ((rc = signatory_check(ctx, a->org, a->day)) != SP_OK)
      break;
    if (a->day < t.start) {
      rc = sp_ctx_fail(ctx, SP_EINVAL, "signed_on", "signed_on %s is before the agreement starts",
                       sp_date_format(a->day, d));
      break;
    }
    rc = sp__agree_exec(ctx, NULL, "INSERT INTO agreement_signatories(agreement_id, org_id, signed_on) VALUES (?,?,?)",
                        "iid", a->id, a->org, a->day);
    if (rc == SP_ECONFLICT)
      rc = sp_ctx_fail(ctx, SP_ECONFLICT, "org_id", "organisation %lld has already signed up",
                       (long long)a->org);
    after = json_pack("{s:I, s:s}", "org_id", (json_int_t)a->org, "signed_on", sp_date_format(a->day, d));
    if (rc == SP_OK)
      rc = sp_audit_append(ctx, "sign", "agreement", idbuf, NULL, after);
    break;
  }
  case 4:
    rc = insert_flex(ctx, &t, a->in, "flexibility.");
    if (rc == SP_OK)
      rc = sp_audit_append(ctx, "add_flexibility", "agreement", idbuf, NULL, a->in);
    break;
  case 5: {
    static const char *const keys[] = {"code", "valid_from", "valid_to", NULL};
    const char *code = NULL;
    int32_t vf = SP_DATE_NONE, vt = SP_DATE_NONE;
    json_t *q = NULL;
    if (!json_is_object(a->in)) {
      rc = sp_ctx_fail(ctx, SP_EINVAL, NULL, "a list entry must be a JSON object");
      break;
    }
    if ((rc = sp__agree_known_keys(ctx, a->in, "", keys)) != SP_OK ||
        (rc = sp__agree_str(ctx, a->in, "", "code", 1, 20, &code)) != SP_OK ||
        (rc = sp__agree_date(ctx, a->in, "", "valid_from", 0, &vf)) != SP_OK ||
        (rc = sp__agree_date(ctx, a->in, "", "valid_to", 0, &vt)) != SP_OK)
      break;
    rc = sp__agree_row(ctx, &q, "no qualification", "SELECT code FROM qualification_aims WHERE code=?", "s", code);
    if (rc == SP_ENOTFOUND)
      rc = sp_ctx_fail(ctx, SP_EINVAL, "code",
                       "'%s' is not a known qualification (LARS learning aim reference); the list is drawn "
                       "from the Sector Qualification Strategy (000_7a3ba3d30b329542.txt Q8)",
                       code);
    json_decref(q);
    if (rc != SP_OK)
      break;
    if (vf != SP_DATE_NONE && vt != SP_DATE_NONE && vt < vf) {
      rc = sp_ctx_fail(ctx, SP_EINVAL, "valid_to", "valid_to is before valid_from");
      break;
    }
    rc = sp__agree_exec(ctx, NULL,
                        "INSERT INTO agreement_qualifications(agreement_id, qual_code, valid_from, valid_to) VALUES (?,?,?,?)",
                        "isdd", a->id, code, vf, vt);
    if (rc == SP_ECONFLICT)
      rc = sp_ctx_fail(ctx, SP_ECONFLICT, "code", "%s is already on the list", code);
    if (rc == SP_OK)
      rc = sp_audit_append(ctx, "add_qualification", "agreement", idbuf, NULL, a->in);
    break;
  }
  default:
    if (strcmp(sp_rec_str(row, "state", ""), "published") == 0) {
      rc = sp_ctx_fail(ctx, SP_ESTATE, "state", "agreement %lld is already published", (long long)a->id);
      break;
    }
    if ((rc = publish_check(ctx, a->id, t.kind)) != SP_OK)
      break;
    char stamp[32];
    rc = sp__agree_exec(ctx, NULL,
                        "UPDATE agreements SET state='published', updated_at=? WHERE id=?",
                        "si", now_utc(stamp), a->id);
    after = json_pack("{s:s}", "state", "published");
    if (rc == SP_OK)
      rc = sp_audit_append(ctx, "publish", "agreement", idbuf, row, after);
    break;
  }
  json_decref(after);
out:
  json_decref(row);
  return rc;
}

enum sp_rc sp_agreement_add_party(struct sp_ctx *ctx, int64_t id, int64_t org_id, const char *role) {
  struct small_arg a = {.id = id, .org = org_id, .role = role ? role : "", .op = 0};
  return sp__agree_tx(ctx, small_tx, &a);
}

enum sp_rc sp_agreement_add_target(struct sp_ctx *ctx, int64_t id, const json_t *in) {
  struct small_arg a = {.id = id, .in = in, .op = 1};
  return sp__agree_tx(ctx, small_tx, &a);
}

enum sp_rc sp_agreement_sign(struct sp_ctx *ctx, int64_t id, int64_t org_id, int32_t signed_on) {
  struct small_arg a = {.id = id, .org = org_id, .day = signed_on, .op = 2};
  if (signed_on == SP_DATE_NONE)
    return sp_ctx_fail(ctx, SP_EINVAL, "signed_on", "signed_on is required");
  return sp__agree_tx(ctx, small_tx, &a);
}

enum sp_rc sp_agreement_add_flexibility(struct sp_ctx *ctx, int64_t id, const json_t *in) {
  struct small_arg a = {.id = id, .in = in, .op = 4};
  return sp__agree_tx(ctx, small_tx, &a);
}

enum sp_rc sp_agreement_add_qualification(struct sp_ctx *ctx, int64_t id, const json_t *in) {
  struct small_arg a = {.id = id, .in = in, .op = 5};
  return sp__agree_tx(ctx, small_tx, &a);
}

enum sp_rc sp_agreement_publish(struct sp_ctx *ctx, int64_t id) {
  struct small_arg a = {.id = id, .op = 3};
  return sp__agree_tx(ctx, small_tx, &a);
}

/* ---- reading ------------------------------------------------------------- */

static enum sp_rc add_rows(struct sp_ctx *ctx, json_t *obj, const char *key, const char *sql,
                           int64_t id) {
  json_t *rows = NULL;
  enum sp_rc rc = sp__agree_rows(ctx, &rows, sql, "i", id);
  if (rc == SP_OK)
    json_object_set_new(obj, key, rows);
  return rc;
}

static enum sp_rc signatories(struct sp_ctx *ctx, json_t *a, int64_t id, int32_t as_of) {
  json_t *items = NULL, *cnt = NULL;
  enum sp_rc rc = sp__agree_rows(ctx, &items,
                                 "SELECT s.org_id, o.name, o.kind, s.signed_on FROM agreement_signatories s"
                                 " JOIN orgs o ON o.id=s.org_id WHERE s.agreement_id=? ORDER BY s.signed_on, o.name",
                                 "i", id);
  if (rc != SP_OK)
    return rc;
  const char *tkind = sp_rec_str(a, "signatory_target_kind", "");
  int32_t tdate = sp__agree_jdate(a, "signatory_target_date");
  json_t *s = json_pack("{s:o, s:I}", "items", items, "signed", (json_int_t)json_array_size(items));
  if (*tkind) {
    /* The target "all providers of this kind": organisations of the kind that
     * are funded providers (003 "Looking for success"). */
    rc = sp__agree_row(ctx, &cnt, "none",
                       "SELECT count(*) AS n, (SELECT count(*) FROM agreement_signatories s JOIN orgs o"
                       "  ON o.id=s.org_id WHERE s.agreement_id=?2 AND o.kind=?1) AS signed_kind"
                       " FROM orgs o WHERE o.kind=?1 AND (EXISTS (SELECT 1 FROM provider_contracts c"
                       " WHERE c.provider_org_id=o.id) OR (SELECT is_provider FROM org_kinds WHERE code=?1)=1)",
                       "si", tkind, id);
    if (rc != SP_OK) {
      json_decref(s);
      return rc;
    }
    int64_t n = sp__agree_jint(cnt, "n"), got = sp__agree_jint(cnt, "signed_kind");
    const char *status = got >= n && n > 0 ? "met"
                         : (tdate != SP_DATE_NONE && as_of > tdate) ? "missed"
                                                                   : "open";
    json_object_set_new(s, "target_kind", json_string(tkind));
    json_object_set_new(s, "target_count", json_integer(n));
    json_object_set_new(s, "signed_of_kind", json_integer(got));
    json_object_set_new(s, "target_date", json_string(sp_rec_str(a, "signatory_target_date", "")));
    json_object_set_new(s, "status", json_string(status));
    json_object_set_new(s, "source", json_string(SRC_SIGN));
    json_decref(cnt);
  }
  json_object_set_new(a, "signatories", s);
  return SP_OK;
}

enum sp_rc sp_agreement_get(struct sp_ctx *ctx, int64_t id, int32_t as_of, json_t **out) {
  json_t *a = NULL;
  char msg[64];
  snprintf(msg, sizeof(msg), "there is no agreement %lld", (long long)id);
  enum sp_rc rc = sp__agree_row(ctx, &a, msg,
                                "SELECT a.id, a.kind, k.name AS kind_name, a.title, a.sector, a.area_code,"
                                " a.term_start, a.term_end, a.state, a.employees_covered, a.signatory_target_kind,"
                                " a.signatory_target_date, a.source, k.source AS kind_source"
                                " FROM agreements a JOIN agreement_kinds k ON k.code=a.kind WHERE a.id=?",
                                "i", id);
  if (rc != SP_OK)
    return rc;
  if (strcmp(sp_rec_str(a, "state", ""), "published") != 0 && !may_read_drafts(ctx, id)) {
    json_decref(a);
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "%s", msg);
  }
  json_t *aims = NULL;
  if ((rc = sp__agree_rows(ctx, &aims, "SELECT text FROM agreement_aims WHERE agreement_id=? ORDER BY ord", "i",
                           id)) != SP_OK)
    goto fail;
  json_t *texts = json_array();
  size_t i;
  json_t *v;
  json_array_foreach(aims, i, v) json_array_append(texts, json_object_get(v, "text"));
  json_decref(aims);
  json_object_set_new(a, "aims", texts);
  if ((rc = add_rows(ctx, a, "parties",
                     "SELECT p.org_id, o.name AS org_name, o.kind AS org_kind, p.role, r.name AS role_name, r.core"
                     " FROM agreement_parties p JOIN orgs o ON o.id=p.org_id JOIN agreements a ON a.id=p.agreement_id"
                     " JOIN agreement_roles r ON r.kind=a.kind AND r.code=p.role WHERE p.agreement_id=?"
                     " ORDER BY r.ord, o.name",
                     id)) != SP_OK ||
      (rc = add_rows(ctx, a, "flexibilities",
                     "SELECT f.id, f.kind, k.name, f.conditions, f.period_start, f.period_end, k.source"
                     " FROM agreement_flexibilities f JOIN flexibility_kinds k ON k.code=f.kind"
                     " WHERE f.agreement_id=? ORDER BY f.period_start, f.id",
                     id)) != SP_OK ||
      (rc = add_rows(ctx, a, "targets",
                     "SELECT t.id, t.measure, m.name AS measure_name, m.unit, t.period_start, t.period_end,"
                     " t.volume, t.achieved FROM agreement_targets t JOIN target_measures m ON m.code=t.measure"
                     " WHERE t.agreement_id=? ORDER BY t.period_start, t.measure",
                     id)) != SP_OK ||
      (rc = add_rows(ctx, a, "qualifications",
                     "SELECT q.code, q.title, q.level, q.ssa, q.valid_from, q.valid_to FROM agreement_qualifications l"
                     " JOIN qualification_aims q ON q.code=l.qual_code WHERE l.agreement_id=? ORDER BY q.level, q.code",
                     id)) != SP_OK ||
      (rc = signatories(ctx, a, id, as_of)) != SP_OK)
    goto fail;
  json_t *tree = sp__agree_actions_tree(ctx, id, as_of, &rc);
  if (rc != SP_OK)
    goto fail;
  json_object_set_new(a, "actions", tree);
  json_t *rev = sp__agree_reviews(ctx, id, as_of, &rc);
  if (rc != SP_OK)
    goto fail;
  json_object_set_new(a, "reviews", rev);
  *out = a;
  return SP_OK;
fail:
  json_decref(a);
  return rc;
}

enum sp_rc sp_agreement_list(struct sp_ctx *ctx, const char *kind, json_t **out) {
  int all = sp_policy_allows(sp_ctx_role(ctx), SP_ACT_AGREEMENT_EDIT);
  return sp__agree_rows(ctx, out,
                        "SELECT a.id, a.kind, k.name AS kind_name, a.title, a.sector, a.term_start, a.term_end,"
                        " a.state, (SELECT group_concat(o.name, '; ') FROM agreement_parties p JOIN orgs o"
                        " ON o.id=p.org_id WHERE p.agreement_id=a.id) AS parties"
                        " FROM agreements a JOIN agreement_kinds k ON k.code=a.kind"
                        " WHERE (?1 IS NULL OR a.kind=?1) AND (a.state='published' OR ?2=1 OR EXISTS"
                        " (SELECT 1 FROM agreement_parties p WHERE p.agreement_id=a.id AND p.org_id=?3 AND ?3<>0))"
                        " ORDER BY a.kind, a.title, a.id",
                        "sii", kind, (int64_t)all, sp_ctx_org_id(ctx));
}

enum sp_rc sp_agreement_vocabulary(struct sp_ctx *ctx, json_t **out) {
  json_t *kinds = NULL, *roles = NULL, *flex = NULL, *measures = NULL, *programmes = NULL;
  enum sp_rc rc;
  if ((rc = sp__agree_rows(ctx, &kinds,
                           "SELECT code, name, max_term_months, first_review_months, cadence_months, source"
                           " FROM agreement_kinds ORDER BY rowid",
                           "")) != SP_OK ||
      (rc = sp__agree_rows(ctx, &roles, "SELECT kind, code, name, core, source FROM agreement_roles ORDER BY kind, ord",
                           "")) != SP_OK ||
      (rc = sp__agree_rows(ctx, &flex, "SELECT code, name, source FROM flexibility_kinds ORDER BY rowid", "")) !=
          SP_OK ||
      (rc = sp__agree_rows(ctx, &measures, "SELECT code, name, unit, source FROM target_measures ORDER BY rowid", "")) !=
          SP_OK ||
      (rc = sp__agree_rows(ctx, &programmes, "SELECT code, name, source FROM funding_programmes ORDER BY rowid", "")) !=
          SP_OK)
    goto out;
  size_t i, j;
  json_t *k, *r;
  json_array_foreach(kinds, i, k) {
    json_t *mine = json_array();
    json_array_foreach(roles, j, r) {
      if (strcmp(sp_rec_str(r, "kind", ""), sp_rec_str(k, "code", "")) != 0)
        continue;
      json_t *c = json_deep_copy(r);
      json_object_del(c, "kind");
      json_array_append_new(mine, c);
    }
    json_object_set_new(k, "roles", mine);
  }
  *out = json_pack("{s:o, s:o, s:o, s:o}", "kinds", kinds, "flexibility_kinds", flex, "measures", measures,
                   "programmes", programmes);
  kinds = flex = measures = programmes = NULL;
  if (!*out)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
out:
  json_decref(kinds);
  json_decref(roles);
  json_decref(flex);
  json_decref(measures);
  json_decref(programmes);
  return rc;
}
