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

#define EXPORT_MAX (64u * 1024u * 1024u)

static void org_id(const char *ukprn, const char *ch, int64_t id, char *buf, size_t n) {
  if (ukprn && *ukprn)
    snprintf(buf, n, "GB-UKPRN-%s", ukprn);
  else if (ch && *ch)
    snprintf(buf, n, "GB-COH-%s", ch);
  else
    snprintf(buf, n, "360G-skillplan-org-%lld", (long long)id);
}

/* Appends ignoring the result: a buffer's failure is sticky (buf.h) and the
 * callers check b->failed once at the end. */
static void put_c(struct sp_buf *b, char c) {
  if (sp_buf_addc(b, c) != SP_OK)
    return;
}
static void put_s(struct sp_buf *b, const char *s) {
  if (sp_buf_adds(b, s) != SP_OK)
    return;
}

/* One CSV cell: quoted when needed; a leading = + - @ is prefixed with ' so
 * spreadsheets do not run it as a formula. */
static void cell(struct sp_buf *b, const char *s, int last) {
  int quote = strpbrk(s, ",\"\r\n") != NULL;
  if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
    quote = 1;
  if (quote) {
    put_c(b, '"');
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
      put_c(b, '\'');
    for (; *s; s++) {
      if (*s == '"')
        put_c(b, '"');
      put_c(b, *s);
    }
    put_c(b, '"');
  } else {
    put_s(b, s);
  }
  put_s(b, last ? "\r\n" : ",");
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
    org_id(sp__agree_jstr(r, "r_ukprn"), sp__agree_jstr(r, "r_ch"), sp__agree_jint(r, "r_id"), rid, sizeof(rid));
    snprintf(title, sizeof(title), "%s: %s", sp__agree_jstr(r, "programme_name"), sp__agree_jstr(r, "agreement_title"));
    snprintf(desc, sizeof(desc), "%s allocation to %s under \"%s\" for %s to %s",
             sp__agree_jstr(r, "programme_name"), sp__agree_jstr(r, "r_name"), sp__agree_jstr(r, "agreement_title"),
             sp__agree_jstr(r, "period_start"), sp__agree_jstr(r, "period_end"));
    snprintf(amount, sizeof(amount), "%lld.%02lld", (long long)(pence / 100), (long long)(pence % 100));
    json_t *funder = NULL;
    int64_t f = sp__agree_jint(r, "f_id");
    if (f && sp__agree_row(ctx, &funder, "none",
                           "SELECT id, name, coalesce(ukprn,'') AS ukprn, coalesce(companies_house,'') AS ch"
                           " FROM orgs WHERE id=?",
                           "i", f) == SP_OK) {
      org_id(sp__agree_jstr(funder, "ukprn"), sp__agree_jstr(funder, "ch"), f, fid, sizeof(fid));
    } else {
      sp_ctx_clear(ctx);
      snprintf(fid, sizeof(fid), "360G-skillplan-org-unknown");
    }
    json_t *g = json_pack("{s:s, s:s, s:s, s:s, s:f, s:s, s:s, s:[{s:s, s:s}], s:[{s:s, s:s}], s:[{s:s, s:s}]}",
                          "id", gid, "title", title, "description", desc, "currency", "GBP", "amountAwarded",
                          (double)pence / 100.0, "amountAwardedText", amount, "awardDate",
                          sp__agree_jstr(r, "awarded_on"), "plannedDates", "startDate",
                          sp__agree_jstr(r, "period_start"), "endDate", sp__agree_jstr(r, "period_end"),
                          "recipientOrganization", "id", rid, "name", sp__agree_jstr(r, "r_name"),
                          "fundingOrganization", "id", fid, "name",
                          funder ? sp__agree_jstr(funder, "name") : "Unknown funder");
    json_decref(funder);
    if (!g) {
      json_decref(list);
      json_decref(rows);
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    }
    if (*sp__agree_jstr(r, "area_code"))
      json_object_set_new(g, "beneficiaryLocation",
                          json_pack("[{s:s, s:s, s:s, s:s}]", "name", sp__agree_jstr(r, "area_name"), "geoCode",
                                    sp__agree_jstr(r, "area_code"), "geoCodeType", "LSIP", "countryCode", "GB"));
    json_array_append_new(list, g);
  }
  json_decref(rows);
  *out = list;
  return SP_OK;
}

static const char *loc(const json_t *g, const char *key) {
  return sp__agree_jstr(json_array_get(json_object_get(g, "beneficiaryLocation"), 0), key);
}

static enum sp_rc grants_csv(json_t *list, struct sp_buf *b) {
  static const char *const head[] = {"Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
                                     "Planned Dates:Start Date", "Planned Dates:End Date",
                                     "Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier",
                                     "Funding Org:Name", "Beneficiary Location:Name",
                                     "Beneficiary Location:Geographic Code",
                                     "Beneficiary Location:Geographic Code Type"};
  for (size_t i = 0; i < SP_ARRAY_LEN(head); i++)
    cell(b, head[i], i + 1 == SP_ARRAY_LEN(head));
  size_t i;
  json_t *g;
  json_array_foreach(list, i, g) {
    json_t *pd = json_array_get(json_object_get(g, "plannedDates"), 0);
    json_t *ro = json_array_get(json_object_get(g, "recipientOrganization"), 0);
    json_t *fo = json_array_get(json_object_get(g, "fundingOrganization"), 0);
    const char *vals[] = {sp__agree_jstr(g, "id"), sp__agree_jstr(g, "title"), sp__agree_jstr(g, "description"),
                          "GBP", sp__agree_jstr(g, "amountAwardedText"), sp__agree_jstr(g, "awardDate"),
                          sp__agree_jstr(pd, "startDate"), sp__agree_jstr(pd, "endDate"), sp__agree_jstr(ro, "id"),
                          sp__agree_jstr(ro, "name"), sp__agree_jstr(fo, "id"), sp__agree_jstr(fo, "name"),
                          loc(g, "name"), loc(g, "geoCode"), loc(g, "geoCodeType")};
    for (size_t k = 0; k < SP_ARRAY_LEN(vals); k++)
      cell(b, vals[k], k + 1 == SP_ARRAY_LEN(vals));
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
  for (size_t i = 0; i < SP_ARRAY_LEN(head); i++)
    cell(b, head[i], i + 1 == SP_ARRAY_LEN(head));
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
      if (sp_buf_addf(&parties, "%s%s (%s)", k ? "; " : "", sp__agree_jstr(v, "org_name"), sp__agree_jstr(v, "role")) != SP_OK)
        break;
    json_array_foreach(json_object_get(a, "flexibilities"), k, v)
      if (sp_buf_addf(&flex, "%s%s", k ? "; " : "", sp__agree_jstr(v, "kind")) != SP_OK)
        break;
    json_array_foreach(json_object_get(a, "targets"), k, v)
      if (sp_buf_addf(&targets, "%s%s %s..%s: %lld", k ? "; " : "", sp__agree_jstr(v, "measure"),
                      sp__agree_jstr(v, "period_start"), sp__agree_jstr(v, "period_end"),
                      (long long)sp__agree_jint(v, "volume")) != SP_OK)
        break;
    int overdue = 0;
    json_array_foreach(json_object_get(a, "reviews"), k, v) overdue += strcmp(sp__agree_jstr(v, "status"), "overdue") == 0;
    char id[32], nq[32], ns[32], no[32];
    snprintf(id, sizeof(id), "%lld", (long long)sp__agree_jint(a, "id"));
    snprintf(nq, sizeof(nq), "%zu", json_array_size(json_object_get(a, "qualifications")));
    snprintf(ns, sizeof(ns), "%lld", (long long)sp__agree_jint(json_object_get(a, "signatories"), "signed"));
    snprintf(no, sizeof(no), "%d", overdue);
    const char *vals[] = {id, sp__agree_jstr(a, "kind"), sp__agree_jstr(a, "title"), sp__agree_jstr(a, "sector"),
                          sp__agree_jstr(a, "term_start"), sp__agree_jstr(a, "term_end"), sp__agree_jstr(a, "state"),
                          sp_buf_str(&parties), sp_buf_str(&flex), sp_buf_str(&targets), nq, ns, no};
    for (size_t c = 0; c < SP_ARRAY_LEN(vals); c++)
      cell(b, vals[c], c + 1 == SP_ARRAY_LEN(vals));
    sp_buf_free(&parties);
    sp_buf_free(&flex);
    sp_buf_free(&targets);
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
