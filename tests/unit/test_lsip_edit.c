/*
 * test_lsip_edit.c: changing and taking back what is recorded on a plan
 * (src/core/lsip/edit.c): an edit passes the add rules or changes nothing,
 * a stale rev is refused, only the area's body may change its records,
 * priorities move, a priority's actions survive its deletion, register
 * entries change, the MCA/GLA statement is replaced and withdrawn (one
 * current statement), every change is audited, and a submitted version is
 * frozen.
 */
#include "lsip_fixture.h"

#include "core/lsip/edit.h"

static const char *str(const json_t *o, const char *k) {
  return json_string_value(json_object_get(o, k));
}

static json_t *get(struct fx *f, const char *kind, int64_t id) {
  json_t *out = NULL;
  assert_ok(sp_lsip_item_get(f->ctx, kind, id, &out));
  return out;
}

struct plan_ids {
  int64_t plan, need, p1, p2, action, evidence, interest;
};

static void make_plan(struct fx *f, struct plan_ids *ids) {
  designate(f, AREA_GM, ORG_ERB_B, "2023-05-31");
  as(f, U_ERB_B, "2023-09-01");
  assert_ok(sp_lsip_plan_create(f->ctx, AREA_GM, "GM plan", &ids->plan));
  json_t *need = json_pack("{s:s, s:[{s:s, s:b}]}", "title", "Welders", "employers", "name",
                           "Acme Engineering", "small_firm", 0);
  assert_ok(sp_lsip_need_add(f->ctx, ids->plan, need, &ids->need));
  json_t *p1 = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[i]}", "title", "Welding", "route_code",
                         "ENG", "outcome", "More welders", "skills_components", "TIG",
                         "change_needed", "A course", "providers", ORG_FE);
  assert_ok(sp_lsip_priority_add(f->ctx, ids->plan, p1, &ids->p1));
  json_t *p2 = json_pack("{s:s, s:s, s:s, s:s}", "title", "Software", "outcome", "Coders",
                         "skills_components", "Python", "change_needed", "Evening classes");
  assert_ok(sp_lsip_priority_add(f->ctx, ids->plan, p2, &ids->p2));
  json_t *act = json_pack("{s:s, s:s, s:I}", "title", "Bootcamp", "owner_kind", "provider",
                          "priority_id", (json_int_t)ids->p1);
  assert_ok(sp_lsip_action_add(f->ctx, ids->plan, act, &ids->action));
  json_t *ev = json_pack("{s:s, s:s, s:s}", "title", "Survey", "source", "Chamber",
                         "why_robust", "Weighted");
  assert_ok(sp_lsip_evidence_add(f->ctx, ids->plan, ev, &ids->evidence));
  json_t *in = json_pack("{s:s, s:s, s:s}", "person_name", "Pat", "interest_org_name",
                         "Some College", "nature", "Governor");
  assert_ok(sp_lsip_interest_add(f->ctx, AREA_GM, in, &ids->interest));
  json_decref(need);
  json_decref(p1);
  json_decref(p2);
  json_decref(act);
  json_decref(ev);
  json_decref(in);
}

static void edits_pass_the_add_rules(void **state) {
  struct fx *f = *state;
  struct plan_ids ids;
  make_plan(f, &ids);
  json_t *cur = get(f, "priority", ids.p1);
  char rev[32];
  snprintf(rev, sizeof(rev), "%s", str(cur, "rev"));
  assert_int_equal(strlen(rev), 16);
  assert_true(json_is_true(json_object_get(cur, "editable")));
  json_decref(cur);
  /* a pathway of another route: refused by the add rule, nothing changed */
  json_t *bad = json_pack("{s:s}", "pathway_code", "DIG-SW");
  assert_refused(sp_lsip_item_edit(f->ctx, "priority", ids.p1, bad), SP_EINVAL, "pathway");
  cur = get(f, "priority", ids.p1);
  assert_null(json_object_get(cur, "pathway_code"));
  assert_string_equal(str(cur, "rev"), rev);
  json_decref(cur);
  /* a good change with the rev read: kept, the providers replaced */
  json_t *ok = json_pack("{s:s, s:s, s:s, s:[]}", "rev", rev, "title", "Advanced welding",
                         "pathway_code", "ENG-MAN", "providers");
  assert_ok(sp_lsip_item_edit(f->ctx, "priority", ids.p1, ok));
  cur = get(f, "priority", ids.p1);
  assert_string_equal(str(cur, "title"), "Advanced welding");
  assert_string_equal(str(cur, "pathway_code"), "ENG-MAN");
  assert_string_equal(str(cur, "outcome"), "More welders");
  assert_int_equal(json_array_size(json_object_get(cur, "providers")), 0);
  json_decref(cur);
  /* the same rev again: stale */
  assert_refused(sp_lsip_item_edit(f->ctx, "priority", ids.p1, ok), SP_ECONFLICT,
                 "changed by someone else");
  /* null clears an optional field */
  json_t *clear = json_pack("{s:n}", "pathway_code");
  assert_ok(sp_lsip_item_edit(f->ctx, "priority", ids.p1, clear));
  cur = get(f, "priority", ids.p1);
  assert_null(json_object_get(cur, "pathway_code"));
  json_decref(cur);
  /* a need's employers are replaced */
  json_t *need = json_pack("{s:[{s:s, s:b}, {s:s, s:b}]}", "employers", "name", "Tiny Fab",
                           "small_firm", 1, "name", "Big Works", "small_firm", 0);
  assert_ok(sp_lsip_item_edit(f->ctx, "need", ids.need, need));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_need_employers"), 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_need_employers WHERE employer_name ="
                            " 'Acme Engineering'"),
                   0);
  /* an action gets an owner; an interest a new nature */
  json_t *act = json_pack("{s:i, s:s}", "owner_org_id", ORG_FE, "due_date", "2024-06-30");
  assert_ok(sp_lsip_item_edit(f->ctx, "action", ids.action, act));
  json_t *intr = json_pack("{s:s}", "nature", "Governor and trustee");
  assert_ok(sp_lsip_item_edit(f->ctx, "interest", ids.interest, intr));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_interests WHERE nature = 'Governor and"
                            " trustee'"),
                   1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'edit'"), 5);
  /* unknown fields are refused by name */
  json_t *unknown = json_pack("{s:s}", "colour", "red");
  assert_refused(sp_lsip_item_edit(f->ctx, "evidence", ids.evidence, unknown), SP_EINVAL,
                 "colour");
  json_decref(bad);
  json_decref(ok);
  json_decref(clear);
  json_decref(need);
  json_decref(act);
  json_decref(intr);
  json_decref(unknown);
}

static void only_the_areas_body_changes_its_records(void **state) {
  struct fx *f = *state;
  struct plan_ids ids;
  make_plan(f, &ids);
  json_t *ch = json_pack("{s:s}", "title", "Taken over");
  static const int others[] = {U_ERB_A, U_DFE, U_FE, U_MCA};
  for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
    as(f, others[i], "2023-09-02");
    assert_int_equal(sp_lsip_item_edit(f->ctx, "evidence", ids.evidence, ch), SP_EFORBIDDEN);
    assert_int_equal(sp_lsip_item_delete(f->ctx, "evidence", ids.evidence, NULL), SP_EFORBIDDEN);
    assert_int_equal(sp_lsip_priority_move(f->ctx, ids.p2, -1), SP_EFORBIDDEN);
  }
  as(f, 0, "2023-09-02");
  json_t *out = NULL;
  assert_int_equal(sp_lsip_item_get(f->ctx, "evidence", ids.evidence, &out), SP_EAUTH);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_evidence WHERE title = 'Survey'"), 1);
  json_decref(ch);
}

static void move_and_delete(void **state) {
  struct fx *f = *state;
  struct plan_ids ids;
  make_plan(f, &ids);
  assert_ok(sp_lsip_priority_move(f->ctx, ids.p2, -1));
  json_t *plan = NULL;
  assert_ok(sp_lsip_plan_get(f->ctx, ids.plan, &plan));
  assert_string_equal(str(json_array_get(json_object_get(plan, "priorities"), 0), "title"),
                      "Software");
  json_decref(plan);
  assert_refused(sp_lsip_priority_move(f->ctx, ids.p2, -1), SP_EINVAL, "already first");
  assert_refused(sp_lsip_priority_move(f->ctx, ids.p1, 1), SP_EINVAL, "already last");
  /* deleting a priority leaves its action in the plan, serving the whole plan */
  assert_ok(sp_lsip_item_delete(f->ctx, "priority", ids.p1, NULL));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_priorities"), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_priority_providers"), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_actions WHERE priority_id IS NULL"), 1);
  assert_ok(sp_lsip_item_delete(f->ctx, "need", ids.need, NULL));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_need_employers"), 0);
  assert_ok(sp_lsip_item_delete(f->ctx, "interest", ids.interest, NULL));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'delete'"), 3);
  json_t *out = NULL;
  assert_int_equal(sp_lsip_item_get(f->ctx, "need", ids.need, &out), SP_ENOTFOUND);
  assert_int_equal(sp_lsip_item_get(f->ctx, "widget", 1, &out), SP_ENOTFOUND);
}

static void one_statement_replaced_withdrawn_then_frozen(void **state) {
  struct fx *f = *state;
  struct plan_ids ids;
  make_plan(f, &ids);
  as(f, U_MCA, "2023-10-01");
  json_t *yes = json_pack("{s:b, s:b, s:s}", "engaged", 1, "had_opportunity", 1, "statement",
                          "Engaged");
  json_t *no = json_pack("{s:b, s:b, s:s}", "engaged", 0, "had_opportunity", 1, "statement",
                         "Not engaged after all");
  json_t *half = json_pack("{s:b}", "engaged", 1);
  assert_ok(sp_lsip_mca_statement_give(f->ctx, ids.plan, yes, NULL));
  assert_ok(sp_lsip_mca_statement_give(f->ctx, ids.plan, no, NULL));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_mca_statements"), 1);
  assert_int_equal(count(f, "SELECT engaged FROM lsip_mca_statements"), 0);
  /* a refused statement replaces nothing */
  assert_int_equal(sp_lsip_mca_statement_give(f->ctx, ids.plan, half, NULL), SP_EINVAL);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_mca_statements"), 1);
  as(f, U_ERB_B, "2023-10-01");
  assert_int_equal(sp_lsip_mca_statement_withdraw(f->ctx, ids.plan), SP_EFORBIDDEN);
  as(f, U_MCA, "2023-10-01");
  assert_ok(sp_lsip_mca_statement_withdraw(f->ctx, ids.plan));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_mca_statements"), 0);
  assert_int_equal(sp_lsip_mca_statement_withdraw(f->ctx, ids.plan), SP_ENOTFOUND);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE entity ="
                            " 'lsip_mca_statements' AND action IN ('replace','withdraw')"),
                   2);
  /* given again, the plan is submitted: the version is frozen */
  assert_ok(sp_lsip_mca_statement_give(f->ctx, ids.plan, yes, NULL));
  as(f, U_ERB_B, "2023-10-02");
  assert_ok(sp_lsip_plan_transition(f->ctx, ids.plan, "submit", NULL));
  json_t *ch = json_pack("{s:s}", "title", "Too late");
  assert_refused(sp_lsip_item_edit(f->ctx, "priority", ids.p1, ch), SP_ESTATE, "frozen");
  assert_refused(sp_lsip_item_delete(f->ctx, "action", ids.action, NULL), SP_ESTATE, "frozen");
  assert_refused(sp_lsip_priority_move(f->ctx, ids.p2, -1), SP_ESTATE, "frozen");
  json_t *cur = get(f, "priority", ids.p1);
  assert_false(json_is_true(json_object_get(cur, "editable")));
  json_decref(cur);
  as(f, U_MCA, "2023-10-02");
  assert_refused(sp_lsip_mca_statement_withdraw(f->ctx, ids.plan), SP_ESTATE, "stays as given");
  json_decref(yes);
  json_decref(no);
  json_decref(half);
  json_decref(ch);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(edits_pass_the_add_rules, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(only_the_areas_body_changes_its_records, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(move_and_delete, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(one_statement_replaced_withdrawn_then_frozen, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
