/*
 * export.c: allocations as 360Giving data (JSON: {"grants": [...]}; CSV with
 * the standard's column titles) and agreements as JSON and CSV (see
 * funding.h).
 *
 * 360Giving fields: id "360G-skillplan-alloc-<id>"; title and description
 * from the agreement, provider and period; currency GBP; amountAwarded in
 * pounds (the allocation's current amount, after any reallocation);
 * awardDate; plannedDates; recipientOrganization and fundingOrganization
 * with org-id identifiers (GB-UKPRN-<ukprn>, GB-COH-<number>, otherwise
 * 360G-skillplan-org-<id>); beneficiaryLocation with the allocation's ONS
 * area code (LSIP areas, E69 codes; geoCodeType "LSIP").
 */
#include <stdlib.h>
#include <string.h>

#include "agree.h"
#include "agree_int.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "core/policy.h"
#include "funding.h"
#include "base/record.h"
#include "base/csv.h"

#define EXPORT_MAX (64u * 1024u * 1024u)

static void org_id(const char *ukprn, const char *ch, int64_t id, char *buf, size_t n) {
  if (ukprn && *ukprn)
    snprintf(buf, n, "GB-UKPRN-%s", ukprn);
  else if (ch && *ch)
    snprintf(buf, n, "GB-COH-%s", ch);
  else
    snprintf(buf, n, "360G-skillplan-org-%lld", (long long)id);
}

static enum sp_rc grants(struct sp_ctx *ctx, json_t **out) {
  json_t *rows = NULL;
  enum sp_rc rc = sp__agree_rows(
      ctx, &rows,
      "SELECT a.id, a.amount_pence, a.awarded_on, a.period_start, a.period_end, a.programme, p.name AS programme_name,"
      " g.title AS agreement_title, g.kind, r.id AS r_id, r.name AS r_name, coalesce(r.ukprn,'') AS r_ukprn,"
      " coalesce(r.companies_house,'') AS r_ch,"
      " coalesce(f.id, (SELECT x.org_id FROM agreement_parties x WHERE x.agreement_id=g.id"
      "  AND x.role IN ('funding_agency','funding_body') ORDER BY x.org_id LIMIT 1), 0) AS f_id,"
      " coalesce(a.area_code,'') AS area_code,"
      " coalesce((SELECT n.name FROM area_names n WHERE n.code=a.area_code ORDER BY n.valid_from DESC LIMIT 1),'')"
      "  AS area_name"
      " FROM allocations a JOIN agreements g ON g.id=a.agreement_id JOIN orgs r ON r.id=a.provider_org_id"
      " JOIN funding_programmes p ON p.code=a.programme LEFT JOIN orgs f ON f.id=a.funder_org_id"
      " ORDER BY a.id",
      "");
  if (rc != SP_OK)
    return rc;
  json_t *list = json_array();
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    char gid[64], rid[80], fid[80], title[400], desc[800], amount[40];
    int64_t pence = sp__agree_jint(r, "amount_pence");
    snprintf(gid, sizeof(gid), "360G-skillplan-alloc-%lld", (long long)sp__agree_jint(r, "id"));
    org_id(sp_rec_str(r, "r_ukprn", ""), sp_rec_str(r, "r_ch", ""), sp__agree_jint(r, "r_id"), rid, sizeof(rid));
    snprintf(title, sizeof(title), "%s: %s", sp_rec_str(r, "programme_name", ""), sp_rec_str(r, "agreement_title", ""));
    snprintf(desc, sizeof(desc), "%s allocation to %s under \"%s\" for %s to %s",
             sp_rec_str(r, "programme_name", ""), sp_rec_str(r, "r_name", ""), sp_rec_str(r, "agreement_title", ""),
             sp_rec_str(r, "period_start", ""), sp_rec_str(r, "period_end", ""));
    snprintf(amount, sizeof(amount), "%lld.%02lld", (long long)(pence / 100), (long long)(pence % 100));
    json_t *funder = NULL;
    int64_t f = sp__agree_jint(r, "f_id");
    if (f && sp__agree_row(ctx, &funder, "none",
                           "SELECT id, name, coalesce(ukprn,'') AS ukprn, coalesce(companies_house,'') AS ch"
                           " FROM orgs WHERE id=?",
                           "i", f) == SP_OK) {
      org_id(sp_rec_str(funder, "ukprn", ""), sp_rec_str(funder, "ch", ""), f, fid, sizeof(fid));
    } else {
      sp_ctx_clear(ctx);
      snprintf(fid, sizeof(fid), "360G-skillplan-org-unknown");
    }
    json_t *g = json_pack("{s:s, s:s, s:s, s:s, s:f, s:s, s:s, s:[{s:s, s:s}], s:[{s:s, s:s}], s:[{s:s, s:s}]}",
                          "id", gid, "title", title, "description", desc, "currency", "GBP", "amountAwarded",
                          (double)pence / 100.0, "amountAwardedText", amount, "awardDate",
                          sp_rec_str(r, "awarded_on", ""), "plannedDates", "startDate",
                          sp_rec_str(r, "period_start", ""), "endDate", sp_rec_str(r, "period_end", ""),
                          "recipientOrganization", "id", rid, "name", sp_rec_str(r, "r_name", ""),
                          "fundingOrganization", "id", fid, "name",
                          funder ? sp_rec_str(funder, "name", "") : "Unknown funder");
    json_decref(funder);
    if (!g) {
      json_decref(list);
      json_decref(rows);
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    }
    if (*sp_rec_str(r, "area_code", ""))
      json_object_set_new(g, "beneficiaryLocation",
                          json_pack("[{s:s, s:s, s:s, s:s}]", "name", sp_rec_str(r, "area_name", ""), "geoCode",
                                    sp_rec_str(r, "area_code", ""), "geoCodeType", "LSIP", "countryCode", "GB"));
    json_array_append_new(list, g);
  }
  json_decref(rows);
  *out = list;
  return SP_OK;
}

static const char *loc(const json_t *g, const char *key) {
  return sp_rec_str(json_array_get(json_object_get(g, "beneficiaryLocation"), 0), key, "");
}

static enum sp_rc grants_csv(json_t *list, struct sp_buf *b) {
  static const char *const head[] = {"Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
                                     "Planned Dates:Start Date", "Planned Dates:End Date",
                                     "Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier",
                                     "Funding Org:Name", "Beneficiary Location:Name",
                                     "Beneficiary Location:Geographic Code",
                                     "Beneficiary Location:Geographic Code Type"};
  if (sp_csv_row(b, head, SP_ARRAY_LEN(head), "\r\n") != SP_OK)
    return SP_ENOMEM;
  size_t i;
  json_t *g;
  json_array_foreach(list, i, g) {
    json_t *pd = json_array_get(json_object_get(g, "plannedDates"), 0);
    json_t *ro = json_array_get(json_object_get(g, "recipientOrganization"), 0);
    json_t *fo = json_array_get(json_object_get(g, "fundingOrganization"), 0);
    const char *vals[] = {sp_rec_str(g, "id", ""), sp_rec_str(g, "title", ""), sp_rec_str(g, "description", ""),
                          "GBP", sp_rec_str(g, "amountAwardedText", ""), sp_rec_str(g, "awardDate", ""),
                          sp_rec_str(pd, "startDate", ""), sp_rec_str(pd, "endDate", ""), sp_rec_str(ro, "id", ""),
                          sp_rec_str(ro, "name", ""), sp_rec_str(fo, "id", ""), sp_rec_str(fo, "name", ""),
                          loc(g, "name"), loc(g, "geoCode"), loc(g, "geoCodeType")};
    if (sp_csv_row(b, vals, SP_ARRAY_LEN(vals), "\r\n") != SP_OK)
      return SP_ENOMEM;
  }
  return b->failed ? SP_ENOMEM : SP_OK;
}

static enum sp_rc agreements_full(struct sp_ctx *ctx, json_t **out) {
  json_t *list = NULL;
  enum sp_rc rc = sp_agreement_list(ctx, NULL, &list);
  if (rc != SP_OK)
    return rc;
  json_t *full = json_array();
  size_t i;
  json_t *a;
  json_array_foreach(list, i, a) {
    json_t *one = NULL;
    if ((rc = sp_agreement_get(ctx, sp__agree_jint(a, "id"), sp_ctx_today(ctx), &one)) != SP_OK) {
      json_decref(full);
      json_decref(list);
      return rc;
    }
    json_array_append_new(full, one);
  }
  json_decref(list);
  *out = full;
  return SP_OK;
}

static enum sp_rc agreements_csv(json_t *full, struct sp_buf *b) {
  static const char *const head[] = {"id", "kind", "title", "sector", "term_start", "term_end", "state",
                                     "parties", "flexibilities", "targets", "qualifications", "signatories",
                                     "reviews_overdue"};
  if (sp_csv_row(b, head, SP_ARRAY_LEN(head), "\r\n") != SP_OK)
    return SP_ENOMEM;
  size_t i;
  json_t *a;
  json_array_foreach(full, i, a) {
    struct sp_buf parties, flex, targets;
    sp_buf_init(&parties, 65536);
    sp_buf_init(&flex, 65536);
    sp_buf_init(&targets, 65536);
    size_t k;
    json_t *v;
    json_array_foreach(json_object_get(a, "parties"), k, v)
      if (sp_buf_addf(&parties, "%s%s (%s)", k ? "; " : "", sp_rec_str(v, "org_name", ""), sp_rec_str(v, "role", "")) != SP_OK)
        break;
    json_array_foreach(json_object_get(a, "flexibilities"), k, v)
      if (sp_buf_addf(&flex, "%s%s", k ? "; " : "", sp_rec_str(v, "kind", "")) != SP_OK)
        break;
    json_array_foreach(json_object_get(a, "targets"), k, v)
      if (sp_buf_addf(&targets, "%s%s %s..%s: %lld", k ? "; " : "", sp_rec_str(v, "measure", ""),
                      sp_rec_str(v, "period_start", ""), sp_rec_str(v, "period_end", ""),
                      (long long)sp__agree_jint(v, "volume")) != SP_OK)
        break;
    int overdue = 0;
    json_array_foreach(json_object_get(a, "reviews"), k, v) overdue += strcmp(sp_rec_str(v, "status", ""), "overdue") == 0;
    char id[32], nq[32], ns[32], no[32];
    snprintf(id, sizeof(id), "%lld", (long long)sp__agree_jint(a, "id"));
    snprintf(nq, sizeof(nq), "%zu", json_array_size(json_object_get(a, "qualifications")));
    snprintf(ns, sizeof(ns), "%lld", (long long)sp__agree_jint(json_object_get(a, "signatories"), "signed"));
    snprintf(no, sizeof(no), "%d", overdue);
    const char *vals[] = {id, sp_rec_str(a, "kind", ""), sp_rec_str(a, "title", ""), sp_rec_str(a, "sector", ""),
                          sp_rec_str(a, "term_start", ""), sp_rec_str(a, "term_end", ""), sp_rec_str(a, "state", ""),
                          sp_buf_str(&parties), sp_buf_str(&flex), sp_buf_str(&targets), nq, ns, no};
    enum sp_rc rc = sp_csv_row(b, vals, SP_ARRAY_LEN(vals), "\r\n");
    sp_buf_free(&parties);
    sp_buf_free(&flex);
    sp_buf_free(&targets);
    if (rc != SP_OK)
      return rc;
  }
  return b->failed ? SP_ENOMEM : SP_OK;
}

enum sp_rc sp_funding_export(struct sp_ctx *ctx, const char *format, char **out) {
  json_t *data = NULL;
  struct sp_buf b;
  enum sp_rc rc;
  int grant = format && strncmp(format, "360giving-", 10) == 0;
  int agree = format && strncmp(format, "agreements-", 11) == 0;
  const char *tail = grant ? format + 10 : agree ? format + 11 : "";
  if ((!grant && !agree) || (strcmp(tail, "json") != 0 && strcmp(tail, "csv") != 0))
    return sp_ctx_fail(ctx, SP_EINVAL, "format",
                       "format must be 360giving-json, 360giving-csv, agreements-json or agreements-csv");
  /* Allocations carry provider money: only funders and DfE export them. */
  if (grant && (rc = sp_policy_check(ctx, SP_ACT_FUNDING_EDIT)) != SP_OK)
    return rc;
  rc = grant ? grants(ctx, &data) : agreements_full(ctx, &data);
  if (rc != SP_OK)
    return rc;
  if (strcmp(tail, "json") == 0) {
    json_t *wrap = grant ? json_pack("{s:o}", "grants", data) : data;
    char *s = json_dumps(wrap, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(wrap);
    if (!s)
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    *out = sp_strdup(s);
    free(s);
    return *out ? SP_OK : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  sp_buf_init(&b, EXPORT_MAX);
  rc = grant ? grants_csv(data, &b) : agreements_csv(data, &b);
  json_decref(data);
  if (rc != SP_OK) {
    sp_buf_free(&b);
    return sp_ctx_fail(ctx, rc, NULL, "the export is too large or memory ran out");
  }
  *out = sp_buf_take(&b);
  return *out ? SP_OK : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
}
