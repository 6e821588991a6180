/*
 * designation.c: designation and removal of an employer representative body
 * (statutory guidance, seeds/004_34ac84fe2e6428e6.txt, section 4.1): the
 * eligibility answers and the Secretary of State's three tests, one body per
 * area at a time, notices on designation, change of terms and removal, the
 * four reasons for removal, and the end of designations and plans when an
 * area is terminated (ONS LSIP areas: nine on 2025-09-29).
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "../policy.h"
#include "../../store/store.h"
#include "lsip.h"
#include "lsip_int.h"
#include "base/record.h"

/* The eligibility questions and tests of section 4.1 (footnote 17): each must
 * be answered yes. */
static const struct {
  const char *field;
  const char *rule;
} tests[] = {
    {"body_corporate", "the body must be a body corporate (section 4.1, footnote 17)"},
    {"not_crown_servant", "the body must not be a servant or agent of the Crown (section 4.1, "
                          "footnote 17)"},
    {"not_sos_appointed", "the body must not be one to which the Secretary of State appoints "
                          "members (section 4.1, footnote 17)"},
    {"not_public_authority", "the body must not be a public authority (section 4.1, footnote 17)"},
    {"capable", "the Secretary of State must be satisfied the body is capable of developing and "
                "keeping the LSIP under review effectively and impartially (section 4.1)"},
    {"reasonably_representative", "the Secretary of State must be satisfied the body is "
                                  "reasonably representative of employers in the area "
                                  "(section 4.1)"},
};

static const char *const removal_reasons[] = {"no_longer_meets_requirements", "no_longer_eligible",
                                              "no_regard_or_breach_of_terms",
                                              "necessary_or_expedient"};

static enum sp_rc publish_notice(struct sp_ctx *ctx, int64_t designation_id, const char *kind,
                                 int32_t published_on, const char *reason) {
  json_t *d = NULL;
  enum sp_rc rc = sp__lsip_row(ctx, &d,
                               "SELECT d.area_code, d.effective_date, d.terms, d.removal_date,"
                               " o.name AS body_name FROM lsip_designations d"
                               " JOIN orgs o ON o.id = d.org_id WHERE d.id = ?",
                               "i", designation_id);
  if (rc != SP_OK)
    return rc;
  if (!d)
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "designation %lld vanished",
                       (long long)designation_id);
  char area_name[256];
  int32_t eff = SP_DATE_NONE;
  const char *effs = strcmp(kind, "designation") && sp_rec_str(d, "removal_date", NULL)
                         ? sp_rec_str(d, "removal_date", NULL)
                         : sp_rec_str(d, "effective_date", NULL);
  if (!strcmp(kind, "terms_modified"))
    effs = sp_rec_str(d, "effective_date", NULL);
  if (sp_date_parse(effs, &eff) != SP_OK)
    eff = published_on;
  sp__lsip_area_name(ctx, sp_rec_str(d, "area_code", NULL), eff, area_name, sizeof(area_name));
  rc = sp__lsip_exec(ctx,
                     "INSERT INTO lsip_notices(designation_id, kind, published_on, effective_date,"
                     " area_code, area_name, body_name, terms, reason) VALUES (?,?,?,?,?,?,?,?,?)",
                     "isddsssss", designation_id, kind, published_on, eff,
                     sp_rec_str(d, "area_code", NULL), area_name, sp_rec_str(d, "body_name", NULL),
                     sp_rec_str(d, "terms", NULL), reason);
  if (rc == SP_OK) {
    json_t *n = NULL;
    int64_t nid = sp_store_last_id(sp_ctx_store(ctx));
    rc = sp__lsip_row(ctx, &n, "SELECT * FROM lsip_notices WHERE id = ?", "i", nid);
    if (rc == SP_OK)
      rc = sp__lsip_audit(ctx, "publish", "lsip_notice", nid, NULL, n);
    json_decref(n);
  }
  json_decref(d);
  return rc;
}

static const char *const designate_fields[] = {
    "area_code",  "org_id",    "effective_date",           "body_corporate", "not_crown_servant",
    "not_sos_appointed",       "not_public_authority",     "capable",
    "reasonably_representative", "consent_date", "consent_ref", "terms", NULL};

enum sp_rc sp_lsip_designate(struct sp_ctx *ctx, const json_t *in, int64_t *id_out) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_DESIGNATE);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__lsip_known_fields(ctx, in, designate_fields)) != SP_OK)
    return rc;
  const char *area = sp_rec_str(in, "area_code", NULL);
  const char *consent_ref = NULL, *terms = NULL;
  int32_t eff, consent;
  if (!area || !*area)
    return sp_ctx_fail(ctx, SP_EINVAL, "area_code", "area_code is required (section 4.1: a "
                                                    "body is designated for a specified area)");
  json_t *org = json_object_get(in, "org_id");
  if (!json_is_integer(org))
    return sp_ctx_fail(ctx, SP_EINVAL, "org_id", "org_id is required: the body to designate");
  int64_t org_id = json_integer_value(org);
  if ((rc = sp__lsip_date(ctx, in, "effective_date", SP_DATE_NONE, &eff)) != SP_OK)
    return rc;
  if (eff == SP_DATE_NONE)
    return sp_ctx_fail(ctx, SP_EINVAL, "effective_date",
                       "effective_date is required: the notice states when the designation takes "
                       "effect (section 4.1)");
  for (size_t i = 0; i < SP_ARRAY_LEN(tests); i++) {
    int v = sp__lsip_bool(in, tests[i].field);
    if (v != 1)
      return sp_ctx_fail(ctx, SP_EINVAL, tests[i].field, "%s %s: %s", tests[i].field,
                         v < 0 ? "must be answered" : "is answered no", tests[i].rule);
  }
  if ((rc = sp__lsip_date(ctx, in, "consent_date", SP_DATE_NONE, &consent)) != SP_OK)
    return rc;
  if (consent == SP_DATE_NONE)
    return sp_ctx_fail(ctx, SP_EINVAL, "consent_date",
                       "consent_date is required: the body must have consented in writing to "
                       "being designated and to the terms (section 4.1)");
  if (consent > eff)
    return sp_ctx_fail(ctx, SP_EINVAL, "consent_date",
                       "consent_date is after the effective date: written consent must come "
                       "before designation (section 4.1)");
  if ((rc = sp__lsip_need_text(ctx, in, "consent_ref", 200,
                               "the reference of the written consent document, section 4.1",
                               &consent_ref)) != SP_OK ||
      (rc = sp__lsip_need_text(ctx, in, "terms", 20000,
                               "the terms and conditions the body consented to, section 4.1",
                               &terms)) != SP_OK)
    return rc;

  struct sp_store *store = sp_ctx_store(ctx);
  json_t *after = NULL;
  int ended = 0;
  if ((rc = sp_lsip_sync_areas(ctx, &ended)) != SP_OK)
    return rc;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if ((rc = sp__lsip_area_open(ctx, area, eff)) != SP_OK)
    goto out;
  if ((rc = sp__lsip_area_open(ctx, area, sp_ctx_today(ctx) > eff ? sp_ctx_today(ctx) : eff)) !=
      SP_OK)
    goto out;
  json_t *o = NULL;
  if ((rc = sp__lsip_row(ctx, &o, "SELECT kind, name FROM orgs WHERE id = ?", "i", org_id)) != SP_OK)
    goto out;
  if (!o) {
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "org_id", "no organisation has id %lld",
                     (long long)org_id);
    goto out;
  }
  int is_erb = sp_rec_str(o, "kind", NULL) && !strcmp(sp_rec_str(o, "kind", NULL), "erb");
  json_decref(o);
  if (!is_erb) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "org_id",
                     "organisation %lld is not an employer representative body: only an "
                     "eligible employer representative body may be designated (section 4.1)",
                     (long long)org_id);
    goto out;
  }
  int64_t cur_id = 0, cur_org = 0;
  int found = 0;
  if ((rc = sp__lsip_int(ctx, &cur_id, &found,
                         "SELECT id FROM lsip_designations WHERE area_code = ? AND live = 1", "s",
                         area)) != SP_OK)
    goto out;
  if (found) {
    char name[256];
    if ((rc = sp__lsip_int(ctx, &cur_org, NULL, "SELECT org_id FROM lsip_designations WHERE id = ?",
                           "i", cur_id)) != SP_OK)
      goto out;
    sp__lsip_org_name(ctx, cur_org, name, sizeof(name));
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "area_code",
                     "area %s already has a designated body (%s, designation %lld): one body per "
                     "area at a time; remove that designation first (section 4.1)",
                     area, name, (long long)cur_id);
    goto out;
  }
  /* a redesignation starts no earlier than the last removal */
  int64_t last_removal_found = 0;
  json_t *last = NULL;
  if ((rc = sp__lsip_row(ctx, &last,
                         "SELECT MAX(removal_date) AS r FROM lsip_designations WHERE area_code = ?",
                         "s", area)) != SP_OK)
    goto out;
  int32_t lastr = SP_DATE_NONE;
  if (last && sp_rec_str(last, "r", NULL) && sp_date_parse(sp_rec_str(last, "r", NULL), &lastr) == SP_OK)
    last_removal_found = 1;
  json_decref(last);
  if (last_removal_found && eff < lastr) {
    char b[SP_DATE_BUFSZ];
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "effective_date",
                     "area %s had a designated body until %s: a new designation cannot take "
                     "effect before then (one body per area at a time, section 4.1)",
                     area, sp_date_format(lastr, b));
    goto out;
  }
  if ((rc = sp__lsip_exec(ctx,
                          "INSERT INTO lsip_designations(area_code, org_id, effective_date,"
                          " body_corporate, not_crown_servant, not_sos_appointed,"
                          " not_public_authority, capable, reasonably_representative,"
                          " consent_date, consent_ref, terms) VALUES (?,?,?,1,1,1,1,1,1,?,?,?)",
                          "siddss", area, org_id, eff, consent, consent_ref, terms)) != SP_OK)
    goto out;
  int64_t id = sp_store_last_id(store);
  if ((rc = sp__lsip_row(ctx, &after, "SELECT * FROM lsip_designations WHERE id = ?", "i", id)) !=
      SP_OK)
    goto out;
  if ((rc = sp__lsip_audit(ctx, "designate", "lsip_designation", id, NULL, after)) != SP_OK)
    goto out;
  /* plans the area kept from an earlier body pass to the new one */
  if ((rc = sp__lsip_exec(ctx,
                          "UPDATE lsip_plans SET designation_id = ? WHERE area_code = ? AND state"
                          " NOT IN ('replaced','ended')",
                          "is", id, area)) != SP_OK)
    goto out;
  if ((rc = publish_notice(ctx, id, "designation", sp_ctx_today(ctx), NULL)) != SP_OK)
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

enum sp_rc sp_lsip_modify_terms(struct sp_ctx *ctx, const char *area, const char *terms) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_DESIGNATE);
  if (rc != SP_OK)
    return rc;
  if (!terms || !*terms)
    return sp_ctx_fail(ctx, SP_EINVAL, "terms", "terms are required (section 4.1)");
  struct sp_store *store = sp_ctx_store(ctx);
  json_t *before = NULL, *after = NULL;
  int64_t id = 0;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if ((rc = sp__lsip_area_open(ctx, area, sp_ctx_today(ctx))) != SP_OK ||
      (rc = sp__lsip_live_designation(ctx, area, &id, NULL, NULL)) != SP_OK)
    goto out;
  if ((rc = sp__lsip_row(ctx, &before, "SELECT * FROM lsip_designations WHERE id = ?", "i", id)) !=
          SP_OK ||
      (rc = sp__lsip_exec(ctx, "UPDATE lsip_designations SET terms = ? WHERE id = ?", "si", terms,
                          id)) != SP_OK ||
      (rc = sp__lsip_row(ctx, &after, "SELECT * FROM lsip_designations WHERE id = ?", "i", id)) !=
          SP_OK ||
      (rc = sp__lsip_audit(ctx, "modify_terms", "lsip_designation", id, before, after)) != SP_OK ||
      (rc = publish_notice(ctx, id, "terms_modified", sp_ctx_today(ctx), NULL)) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
out:
  json_decref(before);
  json_decref(after);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp__lsip_end_designation(struct sp_ctx *ctx, int64_t id, const char *reason,
                                    const char *text, int32_t on, const char *notice_kind) {
  json_t *before = NULL, *after = NULL;
  enum sp_rc rc;
  if ((rc = sp__lsip_row(ctx, &before, "SELECT * FROM lsip_designations WHERE id = ?", "i", id)) !=
          SP_OK ||
      (rc = sp__lsip_exec(ctx,
                          "UPDATE lsip_designations SET live = CASE WHEN ?1 <= ?5 THEN 0"
                          " ELSE 1 END, removal_date = ?1, removal_reason = ?2, removal_text = ?3"
                          " WHERE id = ?4",
                          "dssid", on, reason, text, id, sp_ctx_today(ctx))) != SP_OK ||
      (rc = sp__lsip_row(ctx, &after, "SELECT * FROM lsip_designations WHERE id = ?", "i", id)) !=
          SP_OK ||
      (rc = sp__lsip_audit(ctx, !strcmp(notice_kind, "removal") ? "remove" : "end", "lsip_designation",
                           id, before, after)) != SP_OK)
    goto out;
  char why[1200];
  snprintf(why, sizeof(why), "%s%s%s", reason, text && *text ? ": " : "", text ? text : "");
  rc = publish_notice(ctx, id, notice_kind, sp_ctx_today(ctx), why);
out:
  json_decref(before);
  json_decref(after);
  return rc;
}

enum sp_rc sp__lsip_check_removal(struct sp_ctx *ctx, const char *reason, const char *text) {
  int known = 0;
  for (size_t i = 0; reason && i < SP_ARRAY_LEN(removal_reasons); i++)
    if (!strcmp(reason, removal_reasons[i]))
      known = 1;
  if (!known)
    return sp_ctx_fail(ctx, SP_EINVAL, "reason",
                       "removal needs one of the reasons of section 4.1 (%s)%s%s%s",
                       SP_LSIP_REMOVAL_REASONS, reason && *reason ? "; '" : "",
                       reason && *reason ? reason : "", reason && *reason ? "' is not one" : "");
  if (!strcmp(reason, "necessary_or_expedient") && (!text || !*text))
    return sp_ctx_fail(ctx, SP_EINVAL, "text",
                       "removal as necessary or expedient needs the reasons in text: the notice "
                       "must include the reasons for the removal (section 4.1)");
  return SP_OK;
}

enum sp_rc sp_lsip_remove(struct sp_ctx *ctx, const char *area, const char *reason,
                          const char *text, int32_t removal_date) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_DESIGNATE);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__lsip_check_removal(ctx, reason, text)) != SP_OK)
    return rc;
  if (removal_date == SP_DATE_NONE)
    return sp_ctx_fail(ctx, SP_EINVAL, "removal_date",
                       "removal needs a date: the notice specifies when the designation will be "
                       "removed (section 4.1)");
  struct sp_store *store = sp_ctx_store(ctx);
  int64_t id = 0;
  int32_t eff = SP_DATE_NONE;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if ((rc = sp__lsip_live_designation(ctx, area, &id, NULL, &eff)) != SP_OK)
    goto out;
  json_t *pending = NULL;
  if ((rc = sp__lsip_row(ctx, &pending,
                         "SELECT removal_date FROM lsip_designations WHERE id = ? AND"
                         " removal_date IS NOT NULL",
                         "i", id)) != SP_OK)
    goto out;
  if (pending) {
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "removal_date",
                     "the designation for area %s is already to be removed on %s (section 4.1)",
                     area, sp_rec_str(pending, "removal_date", NULL));
    json_decref(pending);
    goto out;
  }
  if (removal_date < eff) {
    char b[SP_DATE_BUFSZ];
    rc = sp_ctx_fail(ctx, SP_EINVAL, "removal_date",
                     "the removal date is before the designation took effect (%s) (section 4.1)",
                     sp_date_format(eff, b));
    goto out;
  }
  if ((rc = sp__lsip_end_designation(ctx, id, reason, text, removal_date, "removal")) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
out:
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

/* Ends designations whose notified removal date has come (section 4.1). */
static enum sp_rc end_due_removals(struct sp_ctx *ctx, int *ended) {
  json_t *rows = NULL;
  enum sp_rc rc = sp__lsip_rows(ctx, &rows,
                                "SELECT id FROM lsip_designations WHERE live = 1 AND removal_date IS"
                                " NOT NULL AND removal_date <= ?",
                                "d", sp_ctx_today(ctx));
  if (rc != SP_OK || json_array_size(rows) == 0 || sp_ctx_role(ctx) == SP_ROLE_PUBLIC) {
    json_decref(rows);
    return rc;
  }
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK) {
    json_decref(rows);
    return rc;
  }
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    int64_t id = json_integer_value(json_object_get(r, "id"));
    json_t *before = NULL, *after = NULL;
    rc = sp__lsip_row(ctx, &before, "SELECT * FROM lsip_designations WHERE id = ?", "i", id);
    if (rc == SP_OK)
      rc = sp__lsip_exec(ctx, "UPDATE lsip_designations SET live = 0 WHERE id = ?", "i", id);
    if (rc == SP_OK)
      rc = sp__lsip_row(ctx, &after, "SELECT * FROM lsip_designations WHERE id = ?", "i", id);
    if (rc == SP_OK)
      rc = sp__lsip_audit(ctx, "end", "lsip_designation", id, before, after);
    json_decref(before);
    json_decref(after);
    if (rc != SP_OK)
      break;
    (*ended)++;
  }
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  json_decref(rows);
  return rc;
}

enum sp_rc sp_lsip_sync_areas(struct sp_ctx *ctx, int *ended) {
  *ended = 0;
  struct sp_store *store = sp_ctx_store(ctx);
  json_t *rows = NULL;
  enum sp_rc rc = end_due_removals(ctx, ended);
  if (rc != SP_OK)
    return rc;
  rc = sp__lsip_rows(ctx, &rows,
                                "SELECT d.id, a.valid_to FROM lsip_designations d"
                                " JOIN areas a ON a.code = d.area_code"
                                " WHERE d.live = 1 AND a.valid_to IS NOT NULL AND a.valid_to <= ?",
                                "d", sp_ctx_today(ctx));
  if (rc != SP_OK)
    return rc;
  size_t n = json_array_size(rows);
  if (n == 0) {
    json_decref(rows);
    return SP_OK;
  }
  if (sp_ctx_role(ctx) == SP_ROLE_PUBLIC) {
    json_decref(rows);
    return SP_OK; /* read-only callers see the end through the area's dates */
  }
  if ((rc = sp_store_begin(store, ctx)) != SP_OK) {
    json_decref(rows);
    return rc;
  }
  for (size_t i = 0; i < n && rc == SP_OK; i++) {
    json_t *r = json_array_get(rows, i);
    int64_t id = json_integer_value(json_object_get(r, "id"));
    int32_t to = SP_DATE_NONE;
    if (sp_date_parse(sp_rec_str(r, "valid_to", NULL), &to) != SP_OK) {
      rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "bad valid_to on an area");
      break;
    }
    rc = sp__lsip_end_designation(ctx, id, "area_terminated",
                                  "the specified area was terminated (ONS LSIP areas)", to,
                                  "area_terminated");
    if (rc == SP_OK)
      rc = sp__lsip_exec(ctx,
                         "UPDATE lsip_plans SET state = 'ended', ended_on = ? WHERE designation_id"
                         " = ? AND state NOT IN ('replaced','ended')",
                         "di", to, id);
    if (rc == SP_OK)
      (*ended)++;
  }
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  json_decref(rows);
  return rc;
}

enum sp_rc sp_lsip_designations(struct sp_ctx *ctx, const char *area, json_t **out) {
  return sp__lsip_rows(ctx, out,
                       "SELECT d.id, d.area_code, d.org_id, o.name AS body_name, d.effective_date,"
                       " d.consent_date, d.consent_ref, d.terms, d.live, d.removal_date,"
                       " d.removal_reason, d.removal_text, a.valid_to AS area_valid_to"
                       " FROM lsip_designations d JOIN orgs o ON o.id = d.org_id"
                       " JOIN areas a ON a.code = d.area_code"
                       " WHERE ?1 IS NULL OR d.area_code = ?1 ORDER BY d.area_code, d.effective_date"
                       " DESC, d.id DESC",
                       "s", area);
}

enum sp_rc sp_lsip_notices(struct sp_ctx *ctx, const char *area, json_t **out) {
  return sp__lsip_rows(ctx, out,
                       "SELECT id, designation_id, kind, published_on, effective_date, area_code,"
                       " area_name, body_name, terms, reason FROM lsip_notices"
                       " WHERE ?1 IS NULL OR area_code = ?1 ORDER BY published_on DESC, id DESC",
                       "s", area);
}
