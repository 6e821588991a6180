/*
 * dupes.c: finding duplication of funding and of activity, which the
 * Northwest alliances set out to avoid ("Taking a major step forward to
 * avoid duplication of activity and funding", 001_9b32e24159a7efe3.txt
 * section 1). See funding.h for the shape of the answer.
 *
 * Funding: two spend records for the same learner and qualification, whose
 * allocations' periods overlap, funded through two different agreements or
 * two different programmes (streams). Activity: two actions in the action
 * plans of two different alliances whose titles are the same once case,
 * spacing and punctuation are ignored.
 */
#include <ctype.h>
#include <string.h>

#include "agree_int.h"
#include "core/policy.h"
#include "funding.h"
#include "base/record.h"

/* Lower-case letters and digits only, single spaces between words. */
static void normalise(const char *s, char *out, size_t n) {
  size_t j = 0;
  int space = 0;
  for (; *s && j + 1 < n; s++) {
    unsigned char c = (unsigned char)*s;
    if (isalnum(c)) {
      if (space && j > 0 && j + 1 < n)
        out[j++] = ' ';
      space = 0;
      if (j + 1 < n)
        out[j++] = (char)tolower(c);
    } else {
      space = 1;
    }
  }
  out[j] = '\0';
}

enum sp_rc sp_funding_duplicates(struct sp_ctx *ctx, json_t **out) {
  json_t *funding = NULL, *actions = NULL;
  /* Learners' funding records: funders and DfE only (funding.preview). */
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_FUNDING_PREVIEW);
  if (rc != SP_OK)
    return rc;
  rc = sp__agree_rows(
      ctx, &funding,
      "SELECT s1.learner_ref, s1.qual_code,"
      " s1.id AS a_spend_id, s1.kind AS a_kind, s1.on_date AS a_on_date, s1.amount_pence AS a_amount_pence,"
      " a1.id AS a_allocation_id, a1.agreement_id AS a_agreement_id, g1.title AS a_agreement_title,"
      " a1.programme AS a_programme, a1.period_start AS a_period_start, a1.period_end AS a_period_end,"
      " s2.id AS b_spend_id, s2.kind AS b_kind, s2.on_date AS b_on_date, s2.amount_pence AS b_amount_pence,"
      " a2.id AS b_allocation_id, a2.agreement_id AS b_agreement_id, g2.title AS b_agreement_title,"
      " a2.programme AS b_programme, a2.period_start AS b_period_start, a2.period_end AS b_period_end"
      " FROM allocation_spend s1 JOIN allocations a1 ON a1.id=s1.allocation_id"
      " JOIN allocation_spend s2 ON s2.learner_ref=s1.learner_ref AND s2.qual_code=s1.qual_code AND s2.id>s1.id"
      " JOIN allocations a2 ON a2.id=s2.allocation_id"
      " JOIN agreements g1 ON g1.id=a1.agreement_id JOIN agreements g2 ON g2.id=a2.agreement_id"
      " WHERE s1.learner_ref IS NOT NULL AND (a1.agreement_id<>a2.agreement_id OR a1.programme<>a2.programme)"
      " AND a1.period_start<=a2.period_end AND a2.period_start<=a1.period_end"
      " ORDER BY s1.learner_ref, s1.qual_code, s1.id, s2.id",
      "");
  if (rc != SP_OK)
    return rc;
  /* Reshape each flat row into {learner_ref, qual_code, a: {...}, b: {...}}. */
  json_t *pairs = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(funding, i, row) {
    json_t *a = json_object(), *b = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(row, k, v) {
      if (strncmp(k, "a_", 2) == 0)
        json_object_set(a, k + 2, v);
      else if (strncmp(k, "b_", 2) == 0)
        json_object_set(b, k + 2, v);
    }
    json_array_append_new(pairs, json_pack("{s:O, s:O, s:o, s:o}", "learner_ref", json_object_get(row, "learner_ref"),
                                           "qual_code", json_object_get(row, "qual_code"), "a", a, "b", b));
  }
  json_decref(funding);
  rc = sp__agree_rows(ctx, &actions,
                      "SELECT x.id, x.agreement_id, a.title AS agreement_title, x.title, x.owner_org_id, x.due_date,"
                      " x.status FROM agreement_actions x JOIN agreements a ON a.id=x.agreement_id"
                      " WHERE a.kind='alliance' ORDER BY x.id",
                      "");
  if (rc != SP_OK) {
    json_decref(pairs);
    return rc;
  }
  json_t *apairs = json_array();
  size_t n = json_array_size(actions);
  for (size_t p = 0; p < n; p++) {
    json_t *x = json_array_get(actions, p);
    char nx[512];
    normalise(sp_rec_str(x, "title", ""), nx, sizeof(nx));
    for (size_t q = p + 1; q < n; q++) {
      json_t *y = json_array_get(actions, q);
      if (sp__agree_jint(x, "agreement_id") == sp__agree_jint(y, "agreement_id"))
        continue;
      char ny[512];
      normalise(sp_rec_str(y, "title", ""), ny, sizeof(ny));
      if (*nx && strcmp(nx, ny) == 0)
        json_array_append_new(apairs, json_pack("{s:s, s:O, s:O}", "title", nx, "a", x, "b", y));
    }
  }
  json_decref(actions);
  *out = json_pack("{s:o, s:o, s:s}", "funding", pairs, "actions", apairs, "source",
                   "001_9b32e24159a7efe3.txt section 1: avoid duplication of activity and funding");
  return *out ? SP_OK : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
}
