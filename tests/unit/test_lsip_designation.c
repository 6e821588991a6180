/*
 * test_lsip_designation.c: designation and removal of an employer
 * representative body (section 4.1), notices, one body per area, area
 * termination, the register of interests and the recusal rule (section 4.2),
 * and the ERB's own-area rule.
 */
#include "lsip_fixture.h"

static void refuses_without_each_eligibility_answer(void **state) {
  struct fx *f = *state;
  const char *fields[] = {"body_corporate", "not_crown_servant", "not_sos_appointed",
                          "not_public_authority", "capable", "reasonably_representative"};
  for (size_t i = 0; i < 6; i++) {
    as(f, U_DFE, "2023-05-31");
    json_t *in = designation_in(AREA_BUCKS, ORG_ERB_A, "2023-05-31");
    json_object_del(in, fields[i]);
    assert_refused(sp_lsip_designate(f->ctx, in, NULL), SP_EINVAL, "section 4.1");
    assert_string_equal(sp_ctx_errfield(f->ctx), fields[i]);
    json_object_set_new(in, fields[i], json_false());
    assert_refused(sp_lsip_designate(f->ctx, in, NULL), SP_EINVAL, "answered no");
    json_decref(in);
  }
  const char *more[] = {"consent_date", "consent_ref", "terms", "effective_date"};
  for (size_t i = 0; i < 4; i++) {
    json_t *in = designation_in(AREA_BUCKS, ORG_ERB_A, "2023-05-31");
    json_object_del(in, more[i]);
    assert_refused(sp_lsip_designate(f->ctx, in, NULL), SP_EINVAL, "section 4.1");
    json_decref(in);
  }
  json_t *in = designation_in(AREA_BUCKS, ORG_ERB_A, "2023-05-31");
  json_object_set_new(in, "consent_date", json_string("2023-06-01"));
  assert_refused(sp_lsip_designate(f->ctx, in, NULL), SP_EINVAL, "written consent");
  json_object_set_new(in, "consent_date", json_string("2023-05-01"));
  json_object_set_new(in, "org_id", json_integer(ORG_FE));
  assert_refused(sp_lsip_designate(f->ctx, in, NULL), SP_EINVAL, "not an employer representative");
  json_object_set_new(in, "org_id", json_integer(ORG_ERB_A));
  json_object_set_new(in, "area_code", json_string("E69999999"));
  assert_refused(sp_lsip_designate(f->ctx, in, NULL), SP_ENOTFOUND, "unknown area");
  json_object_set_new(in, "area_code", json_string(AREA_BUCKS));
  json_object_set_new(in, "colour", json_string("blue"));
  assert_refused(sp_lsip_designate(f->ctx, in, NULL), SP_EINVAL, "unknown field");
  json_object_del(in, "colour");
  /* only DfE designates */
  as(f, U_ERB_A, "2023-05-31");
  assert_int_equal(sp_lsip_designate(f->ctx, in, NULL), SP_EFORBIDDEN);
  as(f, 0, "2023-05-31");
  assert_int_equal(sp_lsip_designate(f->ctx, in, NULL), SP_EAUTH);
  json_decref(in);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_designations"), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_notices"), 0);
}

static void designates_publishes_and_keeps_one_body(void **state) {
  struct fx *f = *state;
  int64_t id = designate(f, AREA_BUCKS, ORG_ERB_A, "2023-05-31");
  assert_true(id > 0);
  json_t *notices = NULL;
  assert_ok(sp_lsip_notices(f->ctx, AREA_BUCKS, &notices));
  assert_int_equal(json_array_size(notices), 1);
  json_t *n = json_array_get(notices, 0);
  assert_string_equal(json_string_value(json_object_get(n, "kind")), "designation");
  assert_string_equal(json_string_value(json_object_get(n, "body_name")), "Bucks Chamber");
  assert_string_equal(json_string_value(json_object_get(n, "area_name")), "Buckinghamshire");
  assert_string_equal(json_string_value(json_object_get(n, "effective_date")), "2023-05-31");
  assert_string_equal(json_string_value(json_object_get(n, "terms")), "Standard LSIP terms v1");
  json_decref(notices);
  /* a second body for a designated area */
  as(f, U_DFE, "2023-07-01");
  json_t *in = designation_in(AREA_BUCKS, ORG_ERB_B, "2023-07-01");
  assert_refused(sp_lsip_designate(f->ctx, in, NULL), SP_ECONFLICT, "one body per area");
  json_decref(in);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_designations"), 1);
  /* terms modified: the notice is republished */
  assert_ok(sp_lsip_modify_terms(f->ctx, AREA_BUCKS, "Standard LSIP terms v2"));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_notices WHERE kind = 'terms_modified' AND"
                            " terms = 'Standard LSIP terms v2'"),
                   1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'lsip_designation'"), 2);
}

static void removal_needs_reason_and_date(void **state) {
  struct fx *f = *state;
  designate(f, AREA_BUCKS, ORG_ERB_A, "2023-05-31");
  as(f, U_DFE, "2024-01-10");
  assert_refused(sp_lsip_remove(f->ctx, AREA_BUCKS, NULL, NULL, D("2024-01-31")), SP_EINVAL,
                 "reasons of section 4.1");
  assert_refused(sp_lsip_remove(f->ctx, AREA_BUCKS, "bored", NULL, D("2024-01-31")), SP_EINVAL,
                 "'bored' is not one");
  assert_refused(sp_lsip_remove(f->ctx, AREA_BUCKS, "necessary_or_expedient", "", D("2024-01-31")),
                 SP_EINVAL, "reasons in text");
  assert_refused(sp_lsip_remove(f->ctx, AREA_BUCKS, "no_longer_eligible", NULL, SP_DATE_NONE),
                 SP_EINVAL, "needs a date");
  assert_refused(sp_lsip_remove(f->ctx, AREA_BUCKS, "no_longer_eligible", NULL, D("2023-05-01")),
                 SP_EINVAL, "before the designation took effect");
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_designations WHERE live = 1"), 1);
  as(f, U_ERB_A, "2024-01-10");
  assert_int_equal(sp_lsip_remove(f->ctx, AREA_BUCKS, "no_longer_eligible", NULL, D("2024-01-31")),
                   SP_EFORBIDDEN);
  as(f, U_DFE, "2024-01-10");
  assert_ok(sp_lsip_remove(f->ctx, AREA_BUCKS, "no_longer_eligible", "became a public authority",
                           D("2024-01-31")));
  /* notified now, effective on the removal date: the body may still act until then */
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_notices WHERE kind = 'removal' AND reason"
                            " LIKE 'no_longer_eligible%' AND effective_date = '2024-01-31'"),
                   1);
  assert_refused(sp_lsip_remove(f->ctx, AREA_BUCKS, "no_longer_eligible", NULL, D("2024-02-01")),
                 SP_ECONFLICT, "already to be removed on 2024-01-31");
  as(f, U_ERB_A, "2024-01-20");
  assert_ok(sp_lsip_coi_policy_set(f->ctx, AREA_BUCKS, "Still designated until the 31st"));
  as(f, U_ERB_A, "2024-01-31");
  assert_refused(sp_lsip_coi_policy_set(f->ctx, AREA_BUCKS, "Too late"), SP_ENOTFOUND,
                 "no designated employer representative body");
  /* redesignation: not while the old body is designated, then allowed */
  json_t *in = designation_in(AREA_BUCKS, ORG_ERB_B, "2024-01-20");
  as(f, U_DFE, "2024-01-20");
  assert_refused(sp_lsip_designate(f->ctx, in, NULL), SP_ECONFLICT, "one body per area");
  json_decref(in);
  in = designation_in(AREA_BUCKS, ORG_ERB_B, "2024-01-25");
  as(f, U_DFE, "2024-02-01");
  assert_refused(sp_lsip_designate(f->ctx, in, NULL), SP_ECONFLICT, "until 2024-01-31");
  json_decref(in);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_designations WHERE live = 1"), 0);
  int64_t id2 = designate(f, AREA_BUCKS, ORG_ERB_B, "2024-02-01");
  assert_true(id2 > 0);
  json_t *hist = NULL;
  assert_ok(sp_lsip_designations(f->ctx, AREA_BUCKS, &hist));
  assert_int_equal(json_array_size(hist), 2);
  json_decref(hist);
}

static void terminated_area_ends_designation_and_plan(void **state) {
  struct fx *f = *state;
  designate(f, AREA_GONE, ORG_ERB_A, "2023-05-31");
  as(f, U_ERB_A, "2023-06-10");
  int64_t plan = 0;
  assert_ok(sp_lsip_plan_create(f->ctx, AREA_GONE, "Old Area LSIP", &plan));
  /* after termination: housekeeping ends both on the termination date */
  as(f, U_DFE, "2025-10-01");
  int ended = 0;
  assert_ok(sp_lsip_sync_areas(f->ctx, &ended));
  assert_int_equal(ended, 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_designations WHERE live = 0 AND"
                            " removal_date = '2025-09-29' AND removal_reason = 'area_terminated'"),
                   1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_plans WHERE state = 'ended' AND ended_on ="
                            " '2025-09-29'"),
                   1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_notices WHERE kind = 'area_terminated'"), 1);
  /* still readable */
  json_t *p = NULL;
  assert_ok(sp_lsip_plan_get(f->ctx, plan, &p));
  assert_string_equal(json_string_value(json_object_get(p, "state")), "ended");
  json_decref(p);
  /* no new designation for a terminated area */
  json_t *in = designation_in(AREA_GONE, ORG_ERB_B, "2025-10-01");
  assert_refused(sp_lsip_designate(f->ctx, in, NULL), SP_ECONFLICT, "terminated on 2025-09-29");
  json_decref(in);
  /* and the ERB can no longer edit there */
  as(f, U_ERB_A, "2025-10-02");
  json_t *edit = json_pack("{s:s}", "summary", "x");
  assert_refused(sp_lsip_plan_update(f->ctx, plan, edit), SP_ECONFLICT, "terminated");
  json_decref(edit);
  ended = 0;
  assert_ok(sp_lsip_sync_areas(f->ctx, &ended));
  assert_int_equal(ended, 0);
}

/* A renamed area keeps its designation and plan under its new name. */
static void renamed_area_keeps_designation(void **state) {
  struct fx *f = *state;
  assert_int_equal(sp_store_exec(f->store, f->ctx,
                                 "INSERT INTO areas(code) VALUES ('E69000001');"
                                 "INSERT INTO area_names(code, name, valid_from, valid_to) VALUES"
                                 " ('E69000001','Brighton and Hove, East Sussex, West Sussex',NULL,"
                                 "'2025-09-29'),('E69000001','Sussex and Brighton','2025-09-29',"
                                 "NULL);"),
                   SP_OK);
  designate(f, "E69000001", ORG_ERB_A, "2024-01-15");
  json_t *n = NULL;
  assert_ok(sp_lsip_notices(f->ctx, "E69000001", &n));
  assert_string_equal(json_string_value(json_object_get(json_array_get(n, 0), "area_name")),
                      "Brighton and Hove, East Sussex, West Sussex");
  json_decref(n);
  as(f, U_ERB_A, "2025-10-10");
  int64_t plan = 0;
  assert_ok(sp_lsip_plan_create(f->ctx, "E69000001", "Sussex LSIP", &plan));
  json_t *items = NULL;
  assert_ok(sp_lsip_deadlines(f->ctx, "E69000001", D("2025-10-10"), &items));
  assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "area_name")),
                      "Sussex and Brighton");
  json_decref(items);
  json_t *p = NULL;
  assert_ok(sp_lsip_plan_get(f->ctx, plan, &p));
  assert_string_equal(json_string_value(json_object_get(p, "area_name")), "Sussex and Brighton");
  json_decref(p);
  int ended = 0;
  assert_ok(sp_lsip_sync_areas(f->ctx, &ended));
  assert_int_equal(ended, 0);
  assert_int_equal(count(f, "SELECT live FROM lsip_designations WHERE area_code = 'E69000001'"), 1);
}

static void register_and_recusal(void **state) {
  struct fx *f = *state;
  designate(f, AREA_BUCKS, ORG_ERB_A, "2023-05-31");
  designate(f, AREA_GM, ORG_ERB_B, "2023-05-31");
  as(f, U_ERB_A, "2023-06-01");
  assert_ok(sp_lsip_coi_policy_set(f->ctx, AREA_BUCKS, "Members declare interests; recusal."));
  json_t *in = json_pack("{s:s, s:i, s:i, s:s, s:s}", "person_name", "Erin Bucks", "user_id",
                         U_ERB_A, "interest_org_id", ORG_FE, "nature", "Governor of Bucks College",
                         "training_interests", "Chamber delivers short courses with the college");
  int64_t iid = 0;
  assert_ok(sp_lsip_interest_add(f->ctx, AREA_BUCKS, in, &iid));
  json_decref(in);
  in = json_pack("{s:s}", "person_name", "Nobody");
  assert_refused(sp_lsip_interest_add(f->ctx, AREA_BUCKS, in, NULL), SP_EINVAL, "section 4.2");
  json_decref(in);
  /* the ERB of another area cannot write this register */
  as(f, U_ERB_B, "2023-06-01");
  in = json_pack("{s:s, s:s, s:s}", "person_name", "X", "interest_org_name", "Y", "nature", "Z");
  assert_refused(sp_lsip_interest_add(f->ctx, AREA_BUCKS, in, NULL), SP_EFORBIDDEN,
                 "its own area only (section 4.1)");
  json_decref(in);
  /* public register */
  as(f, 0, "2023-06-02");
  json_t *reg = NULL;
  assert_ok(sp_lsip_register(f->ctx, AREA_BUCKS, &reg));
  assert_string_equal(json_string_value(json_object_get(reg, "policy")),
                      "Members declare interests; recusal.");
  assert_int_equal(json_array_size(json_object_get(reg, "interests")), 1);
  json_decref(reg);
  /* recusal: Erin cannot decide about Bucks College; her colleague can */
  as(f, U_ERB_A, "2023-06-02");
  json_t *rel = json_pack("{s:i, s:b, s:b, s:b, s:b}", "org_id", ORG_FE, "delivers_technical", 1,
                          "publicly_funded", 1, "ofsted_inspected", 1, "teaches_in_area", 1);
  assert_refused(sp_lsip_relevance_decide(f->ctx, AREA_BUCKS, rel, NULL), SP_EFORBIDDEN,
                 "Governor of Bucks College");
  assert_string_equal(sp_ctx_errmsg(f->ctx) + strlen(sp_ctx_errmsg(f->ctx)) - 13, "(section 4.2)");
  as(f, U_ERB_A2, "2023-06-02");
  json_t *dec = NULL;
  assert_ok(sp_lsip_relevance_decide(f->ctx, AREA_BUCKS, rel, &dec));
  assert_int_equal(json_integer_value(json_object_get(dec, "relevant")), 1);
  json_decref(dec);
  /* once the interest ends, Erin may decide again */
  as(f, U_ERB_A, "2023-07-01");
  assert_ok(sp_lsip_interest_end(f->ctx, iid));
  assert_ok(sp_lsip_relevance_decide(f->ctx, AREA_BUCKS, rel, NULL));
  json_decref(rel);
}

static void relevance_by_kind(void **state) {
  struct fx *f = *state;
  designate(f, AREA_BUCKS, ORG_ERB_A, "2023-05-31");
  as(f, U_DFE, "2023-06-01");
  struct {
    int org, tech, funded, ofsted, in_area, relevant;
    const char *why;
  } cases[] = {
      {ORG_FE, 1, 1, 0, 1, 1, "relevant provider"},
      {ORG_FE, 1, 1, 1, 0, 0, "where provision is delivered"},
      {ORG_SFC, 0, 1, 1, 1, 0, "only academic"},
      {ORG_SFC, 1, 1, 1, 1, 1, "sixth form college"},
      {ORG_ITP, 1, 1, 0, 1, 0, "Ofsted"},
      {ORG_ITP, 1, 0, 1, 1, 0, "English-funded"},
      {ORG_ITP, 1, 1, 1, 1, 1, "independent training provider"},
      {ORG_HEI, 1, 1, 0, 1, 1, "higher education"},
      {ORG_SCHOOL, 1, 1, 1, 1, 0, "footnote 14"},
      {ORG_LA, 1, 1, 1, 1, 0, "local authority provider"},
      {ORG_EMP, 1, 1, 1, 1, 0, "not a provider"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    json_t *in = json_pack("{s:i, s:b, s:b, s:b, s:b}", "org_id", cases[i].org,
                           "delivers_technical", cases[i].tech, "publicly_funded", cases[i].funded,
                           "ofsted_inspected", cases[i].ofsted, "teaches_in_area", cases[i].in_area);
    json_t *dec = NULL;
    assert_ok(sp_lsip_relevance_decide(f->ctx, AREA_BUCKS, in, &dec));
    assert_int_equal(json_integer_value(json_object_get(dec, "relevant")), cases[i].relevant);
    const char *why = json_string_value(json_object_get(dec, "reason"));
    if (!strstr(why, cases[i].why))
      fail_msg("case %zu: reason '%s' lacks '%s'", i, why, cases[i].why);
    assert_non_null(strstr(why, "section 3.4"));
    json_decref(dec);
    json_decref(in);
  }
  json_t *list = NULL;
  assert_ok(sp_lsip_relevance_list(f->ctx, AREA_BUCKS, &list));
  assert_int_equal(json_array_size(list), 7); /* one decision per provider and area */
  json_decref(list);
  /* a provider cannot decide relevance */
  as(f, U_FE, "2023-06-01");
  json_t *in = json_pack("{s:i, s:b, s:b, s:b, s:b}", "org_id", ORG_FE, "delivers_technical", 1,
                         "publicly_funded", 1, "ofsted_inspected", 1, "teaches_in_area", 1);
  assert_int_equal(sp_lsip_relevance_decide(f->ctx, AREA_BUCKS, in, NULL), SP_EFORBIDDEN);
  json_decref(in);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(refuses_without_each_eligibility_answer, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(designates_publishes_and_keeps_one_body, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(removal_needs_reason_and_date, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(terminated_area_ends_designation_and_plan, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(renamed_area_keeps_designation, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(register_and_recusal, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(relevance_by_kind, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
