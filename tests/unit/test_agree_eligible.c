/*
 * test_agree_eligible.c: the eligibility rules, each on its own: validity
 * dates, provider contract, central government and the justice compact,
 * second Level 3 only on a compact's list, repeat Level 2 only under a
 * flexibility, SME flexibility only under 250 employees, the compact's term,
 * the standard offer, refusal of unknown codes, and a compact's flexibility
 * belonging to its sector (issue 13; 000 Q6) in each relation of the
 * learner's employer to a sector. Each answer names the rule that decided.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agree_fixture.h"
#include "core/agree/agree.h"
#include "core/agree/eligible.h"

static json_t *ask(struct fx *f, const char *learner, const char *qual, const char *start, const char *provider,
                   int64_t employer, int64_t size, int64_t agreement) {
  struct sp_elig_request r = {learner, qual, "train_to_gain", D(start), provider, employer, size, agreement};
  json_t *out = NULL;
  enum sp_rc rc = sp_eligible(f->ctx, &r, &out);
  if (rc != SP_OK)
    fail_msg("eligible failed: %s", sp_ctx_errmsg(f->ctx));
  return out;
}

static void expect(json_t *out, int eligible, const char *rule) {
  assert_int_equal(json_is_true(json_object_get(out, "eligible")), eligible);
  const char *got = json_string_value(json_object_get(json_object_get(out, "decided_by"), "code"));
  if (strcmp(got, rule) != 0)
    fail_msg("decided by %s, expected %s: %s", got, rule, json_string_value(json_object_get(out, "message")));
  assert_non_null(strstr(json_string_value(json_object_get(json_object_get(out, "decided_by"), "source")), ".txt"));
  json_decref(out);
}

static int64_t compact(struct fx *f, const char *text) {
  json_t *in = J(text);
  int64_t id = 0;
  assert_int_equal(sp_agreement_create(f->ctx, in, &id), SP_OK);
  json_decref(in);
  return id;
}

static void test_standard_offer(void **state) {
  struct fx *f = *state;
  expect(ask(f, "L-NEW", "50022222", "2009-01-10", "4", 0, -1, 0), 1, "standard_offer");
  /* A first Level 3 for a learner with a Level 2 is the standard offer too. */
  expect(ask(f, "L-HAS2", "50033333", "2009-01-10", NULL, 0, -1, 0), 1, "standard_offer");
}

static void test_qualification_validity(void **state) {
  struct fx *f = *state;
  expect(ask(f, "L-NEW", "50044444", "2009-01-10", NULL, 0, -1, 0), 0, "qualification_validity");
  expect(ask(f, "L-NEW", "50012345", "2012-01-01", NULL, 0, -1, 0), 0, "qualification_validity");
}

static void test_provider_contract(void **state) {
  struct fx *f = *state;
  /* Org 10 holds an adult_learning contract, not Train to Gain. */
  expect(ask(f, "L-NEW", "50022222", "2009-01-10", "10", 0, -1, 0), 0, "provider_contract");
  /* By UKPRN, and outside the contract's dates. */
  expect(ask(f, "L-NEW", "50022222", "2012-01-10", "10000001", 0, -1, 0), 0, "provider_contract");
  expect(ask(f, "L-NEW", "50022222", "2009-01-10", "10000001", 0, -1, 0), 1, "standard_offer");
}

static void test_central_government(void **state) {
  struct fx *f = *state;
  expect(ask(f, "L-GOV", "50022222", "2009-01-10", NULL, 0, -1, 0), 0, "central_government");
  /* Covered once the prison service is a party to the justice compact. */
  compact(f, "{\"kind\":\"sector_compact\",\"title\":\"Justice compact\",\"sector\":\"Justice\","
             "\"term_start\":\"2008-09-01\",\"term_end\":\"2011-08-31\","
             "\"parties\":[{\"org_id\":11,\"role\":\"sector_body\"},{\"org_id\":8,\"role\":\"covered_employer\"}],"
             "\"flexibilities\":[{\"kind\":\"repeat_l2_l3\",\"period_start\":\"2008-09-01\",\"period_end\":\"2011-08-31\"}],"
             "\"qualifications\":[\"50033333\"]}");
  json_t *out = ask(f, "L-GOV", "50022222", "2009-01-10", NULL, 0, -1, 0);
  assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(out, "checks"), 2), "outcome")),
                      "pass");
  expect(out, 1, "repeat_level2");
  /* Before the compact's term, not covered. */
  expect(ask(f, "L-GOV", "50022222", "2008-08-01", NULL, 0, -1, 0), 0, "central_government");
}

static void test_second_level3(void **state) {
  struct fx *f = *state;
  expect(ask(f, "L-HAS3", "50012345", "2009-01-10", NULL, 0, -1, 0), 0, "second_level3");
  int64_t id = compact(f, FX_COMPACT); /* lists 50012345, 2008-06-01..2011-05-31 */
  json_t *out = ask(f, "L-HAS3", "50012345", "2009-01-10", NULL, 0, -1, 0);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "agreement"), "id")), id);
  expect(out, 1, "second_level3");
  /* Not on the list: 50033333. */
  expect(ask(f, "L-HAS3", "50033333", "2009-01-10", NULL, 0, -1, 0), 0, "second_level3");
}

static void test_compact_term(void **state) {
  struct fx *f = *state;
  compact(f, "{\"kind\":\"sector_compact\",\"title\":\"Later\",\"sector\":\"Broadcast\",\"term_start\":\"2010-01-01\",\"term_end\":\"2011-12-31\","
             "\"qualifications\":[\"50012345\"]}");
  expect(ask(f, "L-HAS3", "50012345", "2009-06-10", NULL, 0, -1, 0), 0, "compact_term");
  int64_t id = compact(f, FX_COMPACT);
  expect(ask(f, "L-NEW", "50022222", "2011-07-01", NULL, 0, -1, id), 0, "compact_term");
  expect(ask(f, "L-NEW", "50022222", "2009-07-01", NULL, 0, -1, id), 1, "standard_offer");
}

static void test_repeat_level2(void **state) {
  struct fx *f = *state;
  expect(ask(f, "L-HAS2", "50022222", "2009-01-10", NULL, 0, -1, 0), 0, "repeat_level2");
  compact(f, "{\"kind\":\"sector_compact\",\"title\":\"Repeat\",\"sector\":\"Broadcast\",\"term_start\":\"2008-06-01\",\"term_end\":\"2011-05-31\","
             "\"flexibilities\":[{\"kind\":\"repeat_l2_l3\",\"period_start\":\"2008-06-01\",\"period_end\":\"2009-05-31\"}]}");
  expect(ask(f, "L-HAS2", "50022222", "2009-01-10", NULL, 0, -1, 0), 1, "repeat_level2");
  /* Outside the flexibility's period. */
  expect(ask(f, "L-HAS2", "50022222", "2009-07-10", NULL, 0, -1, 0), 0, "repeat_level2");
}

static void test_sme_flexibility(void **state) {
  struct fx *f = *state;
  compact(f, "{\"kind\":\"sector_compact\",\"title\":\"SME\",\"sector\":\"Broadcast\",\"term_start\":\"2008-06-01\",\"term_end\":\"2011-05-31\","
             "\"flexibilities\":[{\"kind\":\"sme_access\",\"period_start\":\"2008-06-01\",\"period_end\":\"2011-05-31\"}]}");
  expect(ask(f, "L-HAS2", "50022222", "2009-01-10", NULL, 0, 249, 0), 1, "sme_flexibility");
  expect(ask(f, "L-HAS2", "50022222", "2009-01-10", NULL, 0, 250, 0), 0, "sme_flexibility");
  /* From the employer's size band: L-BIG2 works for a large employer. */
  expect(ask(f, "L-BIG2", "50022222", "2009-01-10", NULL, 0, -1, 0), 0, "sme_flexibility");
  expect(ask(f, "L-HAS2", "50022222", "2009-01-10", NULL, 0, -1, 0), 1, "sme_flexibility");
}

/* Issue 13, finding 5: a compact's flexibility belongs to its sector (000
 * Q6). The learner's sector is the employer's: the compact it is a covered
 * employer of, or its recorded sector. */
static void sectors_setup(struct fx *f) {
  assert_int_equal(sp_store_exec(f->store, f->ctx,
                                 "INSERT INTO orgs(id, name, kind, ukprn, size_band) VALUES"
                                 " (12,'Sectorless Ltd','employer',NULL,'small'),"
                                 " (13,'Gaol Supplies Ltd','employer',NULL,'small'),"
                                 " (14,'Broadcast Member Ltd','employer',NULL,'small');"
                                 "INSERT INTO employer_sectors(org_id, sector) VALUES (13,'Broadcast');"
                                 "INSERT INTO learners(ref, employer_org_id) VALUES ('S-NONE',12),"
                                 " ('S-JUST',13),('S-BMEM',14),('S-REC',6),('S-NOEMP',NULL);"
                                 "INSERT INTO learner_achievements(learner_ref, level, achieved_on) VALUES"
                                 " ('S-NONE','3','2006-01-01'),('S-JUST','3','2006-01-01'),"
                                 " ('S-BMEM','3','2006-01-01'),('S-REC','3','2006-01-01'),"
                                 " ('S-NOEMP','3','2006-01-01');"),
                   SP_OK);
}

static void test_sector_relations(void **state) {
  struct fx *f = *state;
  sectors_setup(f);
  /* the Broadcast compact lists 50012345; org 14 is one of its covered
   * employers; org 13 is a covered employer of the Justice compact, though
   * recorded as Broadcast; org 6 is recorded as Broadcast; org 12 has no
   * sector */
  json_t *in = J(FX_COMPACT);
  json_array_append_new(json_object_get(in, "parties"), json_pack("{s:i, s:s}", "org_id", 14, "role",
                                                                  "covered_employer"));
  int64_t broadcast = 0;
  assert_int_equal(sp_agreement_create(f->ctx, in, &broadcast), SP_OK);
  json_decref(in);
  int64_t justice = compact(
      f, "{\"kind\":\"sector_compact\",\"title\":\"Justice compact\",\"sector\":\"Justice\","
         "\"term_start\":\"2008-09-01\",\"term_end\":\"2011-08-31\","
         "\"parties\":[{\"org_id\":11,\"role\":\"sector_body\"},{\"org_id\":13,\"role\":\"covered_employer\"}],"
         "\"flexibilities\":[{\"kind\":\"repeat_l2_l3\",\"period_start\":\"2008-09-01\",\"period_end\":\"2011-08-31\"}],"
         "\"qualifications\":[\"50033333\"]}");
  /* 1 covered employer of the listing compact: fundable */
  json_t *out = ask(f, "S-BMEM", "50012345", "2009-01-10", NULL, 0, -1, 0);
  assert_non_null(strstr(json_string_value(json_object_get(out, "message")), "Broadcast compact"));
  json_t *ls = json_object_get(out, "learner_sector");
  assert_string_equal(json_string_value(json_object_get(ls, "sector")), "Broadcast");
  assert_non_null(strstr(json_string_value(json_object_get(ls, "from")), "covered employer"));
  expect(out, 1, "second_level3");
  /* 2 recorded sector matches the listing compact: fundable */
  expect(ask(f, "S-REC", "50012345", "2009-01-10", NULL, 0, -1, 0), 1, "second_level3");
  /* 3 covered employer of another sector's compact: the Broadcast list
   * never funds it, and its compact membership outranks its recorded sector */
  out = ask(f, "S-JUST", "50012345", "2009-01-10", NULL, 0, -1, 0);
  assert_non_null(strstr(json_string_value(json_object_get(out, "message")), "Justice compact"));
  expect(out, 0, "compact_sector");
  /* ... while its own compact's list does */
  out = ask(f, "S-JUST", "50033333", "2009-01-10", NULL, 0, -1, 0);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "agreement"), "id")), justice);
  expect(out, 1, "second_level3");
  /* 4 recorded sector of another sector: L-HAS3's employer is Broadcast and
   * only the Justice compact lists 50033333 */
  expect(ask(f, "L-HAS3", "50033333", "2009-01-10", NULL, 0, -1, 0), 0, "compact_sector");
  /* 5 no sector known (an employer without one, or no employer): no
   * sector compact makes it fundable */
  out = ask(f, "S-NONE", "50012345", "2009-01-10", NULL, 0, -1, 0);
  assert_non_null(strstr(json_string_value(json_object_get(out, "message")), "not known"));
  assert_true(json_is_null(json_object_get(out, "learner_sector")));
  expect(out, 0, "compact_sector");
  expect(ask(f, "S-NOEMP", "50012345", "2009-01-10", NULL, 0, -1, 0), 0, "compact_sector");
  /* 6 naming another sector's compact is refused, even for the standard offer */
  expect(ask(f, "L-NEW", "50022222", "2009-01-10", NULL, 0, -1, justice), 0, "compact_sector");
  expect(ask(f, "L-NEW", "50022222", "2009-01-10", NULL, 0, -1, broadcast), 1, "standard_offer");
  /* 7 a repeat Level 2 under another sector's flexibility: refused */
  expect(ask(f, "L-HAS2", "50022222", "2009-01-10", NULL, 0, -1, 0), 0, "compact_sector");
}

/* A local compact is not a sector agreement: its flexibility is unaffected. */
static void test_local_compact_has_no_sector(void **state) {
  struct fx *f = *state;
  sectors_setup(f);
  assert_int_equal(sp_store_exec(f->store, f->ctx,
                                 "INSERT INTO learner_achievements(learner_ref, level, achieved_on)"
                                 " VALUES ('S-NONE','2','2005-01-01')"),
                   SP_OK);
  int64_t local = 0;
  assert_int_equal(sp_store_exec(f->store, f->ctx,
                                 "INSERT INTO agreements(id, kind, title, term_start, term_end, state)"
                                 " VALUES (900,'local_compact','Local compact','2008-06-01','2011-05-31',"
                                 "'published');"
                                 "INSERT INTO agreement_flexibilities(agreement_id, kind, period_start,"
                                 " period_end) VALUES (900,'repeat_l2_l3','2008-06-01','2011-05-31')"),
                   SP_OK);
  local = 900;
  json_t *out = ask(f, "S-NONE", "50022222", "2009-01-10", NULL, 0, -1, 0);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "agreement"), "id")), local);
  expect(out, 1, "repeat_level2");
}

static void test_unknown_codes(void **state) {
  struct fx *f = *state;
  json_t *out = NULL;
  struct sp_elig_request r = {"NOBODY", "50022222", "train_to_gain", D("2009-01-01"), NULL, 0, -1, 0};
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  assert_string_equal(sp_ctx_errfield(f->ctx), "learner");
  r.learner = "L-NEW";
  r.qualification = "1234";
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  assert_string_equal(sp_ctx_errfield(f->ctx), "qualification");
  r.qualification = "50022222";
  r.programme = "bogus";
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  r.programme = "train_to_gain";
  r.provider = "99999999";
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  r.provider = "abc";
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  r.provider = NULL;
  r.agreement_id = 999;
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  r.agreement_id = 0;
  r.employer_org_id = 999;
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
}

static void test_rules_table(void **state) {
  struct fx *f = *state;
  json_t *rules = NULL;
  assert_int_equal(sp_eligibility_rules(f->ctx, &rules), SP_OK);
  assert_int_equal(json_array_size(rules), 9);
  size_t i;
  json_t *r;
  json_array_foreach(rules, i, r) assert_non_null(strstr(json_string_value(json_object_get(r, "source")), ".txt"));
  json_decref(rules);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_standard_offer, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_qualification_validity, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_provider_contract, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_central_government, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_second_level3, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_compact_term, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_repeat_level2, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_sme_flexibility, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_sector_relations, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_local_compact_has_no_sector, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_unknown_codes, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_rules_table, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
