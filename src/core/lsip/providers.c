/*
 * providers.c: providers under the LSIP duties (statutory guidance,
 * seeds/004_34ac84fe2e6428e6.txt, section 3.4 and footnotes 5 to 14): the
 * relevance decision per provider and area with its reason, and the
 * provider's own records: co-operation with the ERB (3.4.1), the activities
 * in its accountability agreement plan that contribute to each priority
 * (3.4.2), and its section 5 review of how well it meets local needs.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "../policy.h"
#include "../../store/store.h"
#include "lsip.h"
#include "lsip_int.h"
#include "base/record.h"

/* Which kinds of provider the duties name (section 3.4), as data. */
static const struct {
  const char *kind;
  int under_duties;      /* 1: FE, SFC, DI, ITP, HEI */
  int needs_technical;   /* SFC: only where it delivers technical education */
  int needs_ofsted;      /* ITP: publicly funded and Ofsted-inspected (footnote 7) */
  const char *label;
} kinds[] = {
    {"fe_college", 1, 1, 0, "an FE college"},
    {"sixth_form_college", 1, 1, 0, "a sixth form college"},
    {"designated_institution", 1, 1, 0, "a designated institution"},
    {"itp", 1, 1, 1, "an independent training provider"},
    {"hei", 1, 1, 0, "a higher education institution"},
    {"school", 0, 0, 0, "a school"},
    {"academy_16_19", 0, 0, 0, "a 16-19 academy"},
    {"la_provider", 0, 0, 0, "a local authority provider"},
};

/* Decides relevance from the kind and answers; writes the reason. */
static int decide(const char *kind, int technical, int funded, int ofsted, int in_area, char *why,
                  size_t n) {
  for (size_t i = 0; i < SP_ARRAY_LEN(kinds); i++) {
    if (strcmp(kinds[i].kind, kind))
      continue;
    if (!kinds[i].under_duties) {
      snprintf(why, n,
               "not under the duties: %s takes part in the LSIP but schools, 16-19 academies and "
               "local authority providers are not subject to the duties (section 3.4, footnote "
               "14)",
               kinds[i].label);
      return 0;
    }
    if (!funded) {
      snprintf(why, n,
               "not under the duties: %s whose post-16 technical education is not English-funded "
               "(section 3.4, footnote 9%s)",
               kinds[i].label, kinds[i].needs_ofsted ? "; ITPs must be publicly funded, footnote 7" : "");
      return 0;
    }
    if (kinds[i].needs_ofsted && !ofsted) {
      snprintf(why, n,
               "not under the duties: an independent training provider must be in receipt of "
               "public funding and subject to Ofsted inspection (section 3.4, footnote 7)");
      return 0;
    }
    if (kinds[i].needs_technical && !technical) {
      snprintf(why, n,
               "not under the duties: %s that does not deliver post-16 technical education or "
               "training (only academic qualifications) (section 3.4)",
               kinds[i].label);
      return 0;
    }
    if (!in_area) {
      snprintf(why, n,
               "not under the duties for this area: its teaching does not take place in the area; "
               "materiality goes by where provision is delivered, distance learning counting "
               "where it is delivered (section 3.4, footnote 5)");
      return 0;
    }
    snprintf(why, n,
             "relevant provider: %s delivering English-funded post-16 technical education "
             "material to the area, taught in the area (section 3.4, footnotes 5 to 7)",
             kinds[i].label);
    return 1;
  }
  snprintf(why, n, "not a provider: organisations of kind %s are not education or training "
                   "providers (section 3.4)", kind);
  return 0;
}

enum sp_rc sp_lsip_relevance_decide(struct sp_ctx *ctx, const char *area, const json_t *in,
                                    json_t **decision) {
  static const char *const f[] = {"org_id", "delivers_technical", "publicly_funded",
                                  "ofsted_inspected", "teaches_in_area", NULL};
  enum sp_rc rc;
  if (decision)
    *decision = NULL;
  if (sp_ctx_role(ctx) == SP_ROLE_ERB_EDITOR) {
    if ((rc = sp__lsip_erb_of_area(ctx, area, NULL, NULL)) != SP_OK)
      return rc;
  } else {
    if ((rc = sp_policy_check(ctx, SP_ACT_PLAN_DECIDE)) != SP_OK)
      return rc;
    if ((rc = sp__lsip_area_open(ctx, area, sp_ctx_today(ctx))) != SP_OK)
      return rc;
  }
  if ((rc = sp__lsip_known_fields(ctx, in, f)) != SP_OK)
    return rc;
  json_t *o = json_object_get(in, "org_id");
  if (!json_is_integer(o))
    return sp_ctx_fail(ctx, SP_EINVAL, "org_id", "org_id is required: the provider decided on");
  int64_t org = json_integer_value(o);
  int ans[4];
  const char *names[] = {"delivers_technical", "publicly_funded", "ofsted_inspected",
                         "teaches_in_area"};
  for (int i = 0; i < 4; i++) {
    ans[i] = sp__lsip_bool(in, names[i]);
    if (ans[i] < 0)
      return sp_ctx_fail(ctx, SP_EINVAL, names[i],
                         "%s must be answered yes or no: it decides whether the provider is under "
                         "the duties (section 3.4)",
                         names[i]);
  }
  json_t *org_row = NULL;
  if ((rc = sp__lsip_row(ctx, &org_row, "SELECT kind, name FROM orgs WHERE id = ?", "i", org)) !=
      SP_OK)
    return rc;
  if (!org_row)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "org_id", "no organisation has id %lld", (long long)org);
  char kind[64];
  snprintf(kind, sizeof(kind), "%s", sp_rec_str(org_row, "kind", NULL));
  json_decref(org_row);
  if ((rc = sp__lsip_recusal(ctx, org, "decide the relevance of")) != SP_OK)
    return rc;
  char why[600];
  int relevant = decide(kind, ans[0], ans[1], ans[2], ans[3], why, sizeof(why));
  struct sp_store *store = sp_ctx_store(ctx);
  json_t *before = NULL, *after = NULL;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if ((rc = sp__lsip_row(ctx, &before,
                         "SELECT * FROM lsip_provider_relevance WHERE area_code = ? AND org_id = ?",
                         "si", area, org)) != SP_OK ||
      (rc = sp__lsip_exec(ctx,
                          "INSERT INTO lsip_provider_relevance(area_code, org_id, relevant, reason,"
                          " delivers_technical, publicly_funded, ofsted_inspected, teaches_in_area,"
                          " decided_on, decided_by) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"
                          " ON CONFLICT(area_code, org_id) DO UPDATE SET relevant = ?3,"
                          " reason = ?4, delivers_technical = ?5, publicly_funded = ?6,"
                          " ofsted_inspected = ?7, teaches_in_area = ?8, decided_on = ?9,"
                          " decided_by = ?10",
                          "siisiiiids", area, org, (int64_t)relevant, why, (int64_t)ans[0],
                          (int64_t)ans[1], (int64_t)ans[2], (int64_t)ans[3], sp_ctx_today(ctx),
                          sp_ctx_actor_name(ctx))) != SP_OK ||
      (rc = sp__lsip_row(ctx, &after,
                         "SELECT * FROM lsip_provider_relevance WHERE area_code = ? AND org_id = ?",
                         "si", area, org)) != SP_OK ||
      (rc = sp__lsip_audit(ctx, "decide", "lsip_provider_relevance",
                           json_integer_value(json_object_get(after, "id")), before, after)) !=
          SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
  if (rc == SP_OK && decision) {
    *decision = after;
    after = NULL;
  }
out:
  json_decref(before);
  json_decref(after);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_lsip_relevance_list(struct sp_ctx *ctx, const char *area, json_t **out) {
  return sp__lsip_rows(ctx, out,
                       "SELECT r.*, o.name AS org_name, o.kind FROM lsip_provider_relevance r"
                       " JOIN orgs o ON o.id = r.org_id WHERE r.area_code = ?"
                       " ORDER BY r.relevant DESC, o.name",
                       "s", area);
}

/* The provider's own organisation, under the policy action, in an area it
 * works in (org_areas). */
static enum sp_rc own_provider(struct sp_ctx *ctx, const char *area) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_PROVIDER_RECORD);
  if (rc != SP_OK)
    return rc;
  if (!sp_ctx_org_id(ctx))
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL, "your account belongs to no organisation");
  if (!area)
    return SP_OK;
  if ((rc = sp__lsip_area_open(ctx, area, sp_ctx_today(ctx))) != SP_OK)
    return rc;
  /* A provider records only for an area it works in (issue 11). */
  int64_t x = 0;
  int found = 0;
  if ((rc = sp__lsip_int(ctx, &x, &found,
                         "SELECT 1 FROM org_areas WHERE org_id = ? AND area_code = ?", "is",
                         sp_ctx_org_id(ctx), area)) != SP_OK)
    return rc;
  if (!found)
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, "code",
                       "your organisation does not work in area %s, so it cannot record there; "
                       "ask the Department for Education to add the area to your organisation",
                       area);
  return SP_OK;
}

static enum sp_rc insert_audited(struct sp_ctx *ctx, const char *table, int64_t *id_out) {
  int64_t id = sp_store_last_id(sp_ctx_store(ctx));
  json_t *after = NULL;
  char sql[128];
  snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE id = ?", table); /* constant table name */
  enum sp_rc rc = sp__lsip_row(ctx, &after, sql, "i", id);
  if (rc == SP_OK)
    rc = sp__lsip_audit(ctx, "create", table, id, NULL, after);
  json_decref(after);
  if (rc == SP_OK && id_out)
    *id_out = id;
  return rc;
}

enum sp_rc sp_lsip_cooperation_add(struct sp_ctx *ctx, const char *area, const json_t *in,
                                   int64_t *id_out) {
  static const char *const f[] = {"kind", "detail", "on_date", NULL};
  enum sp_rc rc = own_provider(ctx, area);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__lsip_known_fields(ctx, in, f)) != SP_OK)
    return rc;
  const char *kind = sp_rec_str(in, "kind", NULL), *detail;
  if (!kind || (strcmp(kind, "meeting") && strcmp(kind, "response") && strcmp(kind, "evidence")))
    return sp_ctx_fail(ctx, SP_EINVAL, "kind",
                       "kind must be meeting, response or evidence (section 3.4.1)");
  int32_t on;
  if ((rc = sp__lsip_need_text(ctx, in, "detail", 5000, "what the co-operation was, section 3.4.1",
                               &detail)) != SP_OK ||
      (rc = sp__lsip_date(ctx, in, "on_date", sp_ctx_today(ctx), &on)) != SP_OK)
    return rc;
  if (on > sp_ctx_today(ctx))
    return sp_ctx_fail(ctx, SP_EINVAL, "on_date", "on_date is in the future");
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  rc = sp__lsip_exec(ctx,
                     "INSERT INTO lsip_cooperation(area_code, org_id, kind, on_date, detail)"
                     " VALUES (?,?,?,?,?)",
                     "sisds", area, sp_ctx_org_id(ctx), kind, on, detail);
  if (rc == SP_OK)
    rc = insert_audited(ctx, "lsip_cooperation", id_out);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_lsip_contribution_add(struct sp_ctx *ctx, int64_t priority_id, const char *activity,
                                    int64_t *id_out) {
  enum sp_rc rc = own_provider(ctx, NULL);
  if (rc != SP_OK)
    return rc;
  if (!activity || !*activity)
    return sp_ctx_fail(ctx, SP_EINVAL, "activity",
                       "activity is required: which element of the provider's activity "
                       "contributes to the priority (section 3.4.2)");
  json_t *p = NULL;
  if ((rc = sp__lsip_row(ctx, &p,
                         "SELECT " SP_LSIP_STATE_ON_READ("pl", "?2") " AS state, pl.published_on,"
                         " pl.area_code FROM lsip_priorities pr JOIN lsip_plans pl ON pl.id ="
                         " pr.plan_id WHERE pr.id = ?1",
                         "id", priority_id, sp_ctx_today(ctx))) != SP_OK)
    return rc;
  if (!p)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "priority_id", "no priority has id %lld",
                       (long long)priority_id);
  if ((rc = own_provider(ctx, sp_rec_str(p, "area_code", NULL))) != SP_OK) {
    json_decref(p);
    return rc;
  }
  int published = sp_rec_str(p, "published_on", NULL) != NULL &&
                  strcmp(sp_rec_str(p, "state", NULL), "replaced") && strcmp(sp_rec_str(p, "state", NULL), "ended");
  json_decref(p);
  if (!published)
    return sp_ctx_fail(ctx, SP_ESTATE, "priority_id",
                       "priority %lld is not in a published plan: providers have regard to the "
                       "LSIP once approved and published (section 3.4.2)",
                       (long long)priority_id);
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  rc = sp__lsip_exec(ctx,
                     "INSERT INTO lsip_contributions(priority_id, org_id, activity, recorded_on)"
                     " VALUES (?,?,?,?)",
                     "iisd", priority_id, sp_ctx_org_id(ctx), activity, sp_ctx_today(ctx));
  if (rc == SP_OK)
    rc = insert_audited(ctx, "lsip_contributions", id_out);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_lsip_section5_add(struct sp_ctx *ctx, const char *area, const json_t *in,
                                int64_t *id_out) {
  static const char *const f[] = {"how_well", "actions", NULL};
  enum sp_rc rc = own_provider(ctx, area);
  if (rc != SP_OK)
    return rc;
  const char *how, *actions;
  if ((rc = sp__lsip_known_fields(ctx, in, f)) != SP_OK ||
      (rc = sp__lsip_need_text(ctx, in, "how_well", 20000,
                               "how well the provision meets local needs, section 3.4 (section 5 "
                               "of the Act)",
                               &how)) != SP_OK ||
      (rc = sp__lsip_need_text(ctx, in, "actions", 20000,
                               "what action the institution might take to meet them better, "
                               "section 3.4",
                               &actions)) != SP_OK)
    return rc;
  json_t *org = NULL;
  if ((rc = sp__lsip_row(ctx, &org, "SELECT kind FROM orgs WHERE id = ?", "i",
                         sp_ctx_org_id(ctx))) != SP_OK)
    return rc;
  const char *k = org ? sp_rec_str(org, "kind", NULL) : "";
  int covered = k && (!strcmp(k, "fe_college") || !strcmp(k, "sixth_form_college") ||
                      !strcmp(k, "designated_institution"));
  json_decref(org);
  if (!covered)
    return sp_ctx_fail(ctx, SP_EINVAL, NULL,
                       "the section 5 review duty falls on FE colleges, sixth form colleges and "
                       "designated institutions (section 3.4, footnote 8)");
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  rc = sp__lsip_exec(ctx,
                     "INSERT INTO lsip_section5_reviews(area_code, org_id, reviewed_on, how_well,"
                     " actions) VALUES (?,?,?,?,?)",
                     "sidss", area, sp_ctx_org_id(ctx), sp_ctx_today(ctx), how, actions);
  if (rc == SP_OK)
    rc = insert_audited(ctx, "lsip_section5_reviews", id_out);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_lsip_provider_records(struct sp_ctx *ctx, const char *area, int64_t org_id,
                                    json_t **out) {
  *out = NULL;
  json_t *c = NULL, *k = NULL, *r = NULL;
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_PROVIDER_RECORDS_READ);
  if (rc != SP_OK)
    return rc == SP_EFORBIDDEN
               ? sp_ctx_fail(ctx, rc, "org",
                             "a provider's co-operation records, contributions and section 5 "
                             "reviews are read by the provider, the area's employer "
                             "representative body and DfE")
               : rc;
  if (sp_ctx_role(ctx) == SP_ROLE_PROVIDER_EDITOR && sp_ctx_org_id(ctx) != org_id)
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, "org",
                       "a provider reads its own co-operation records, contributions and "
                       "section 5 reviews only (section 3.4.1)");
  if (sp_ctx_role(ctx) == SP_ROLE_ERB_EDITOR) {
    int64_t x = 0;
    int found = 0;
    if ((rc = sp__lsip_int(ctx, &x, &found,
                           "SELECT 1 FROM lsip_designations WHERE area_code = ? AND org_id = ?",
                           "si", area, sp_ctx_org_id(ctx))) != SP_OK)
      return rc;
    if (!found)
      return sp_ctx_fail(ctx, SP_EFORBIDDEN, "code",
                         "only the employer representative body designated for area %s reads "
                         "its providers' records",
                         area ? area : "");
  }
  if ((rc = sp__lsip_rows(ctx, &c,
                          "SELECT * FROM lsip_cooperation WHERE area_code = ? AND org_id = ?"
                          " ORDER BY on_date, id",
                          "si", area, org_id)) != SP_OK ||
      (rc = sp__lsip_rows(ctx, &k,
                          "SELECT c.*, p.title AS priority_title FROM lsip_contributions c JOIN"
                          " lsip_priorities p ON p.id = c.priority_id JOIN lsip_plans pl ON pl.id"
                          " = p.plan_id WHERE pl.area_code = ? AND c.org_id = ? ORDER BY c.id",
                          "si", area, org_id)) != SP_OK ||
      (rc = sp__lsip_rows(ctx, &r,
                          "SELECT * FROM lsip_section5_reviews WHERE area_code = ? AND org_id = ?"
                          " ORDER BY reviewed_on, id",
                          "si", area, org_id)) != SP_OK)
    goto out;
  *out = json_pack("{s:O, s:O, s:O}", "cooperation", c, "contributions", k, "section5_reviews", r);
  if (!*out)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
out:
  json_decref(c);
  json_decref(k);
  json_decref(r);
  return rc;
}
