/*
 * test_lsip_demo.c: the LSIP demo data (sp_demo_lsip) builds areas at every
 * stage through the domain functions, and the board as of 2026-11-23 shows
 * them as designed: overdue items, a submitted, a returned, an approved
 * and a published plan, a terminated area's ended plan. Runs twice: the
 * second call changes nothing.
 */
#include "lsip_fixture.h"

static const char areas_sql[] =
    "INSERT INTO areas(code, valid_from, valid_to) VALUES ('E69000014',NULL,NULL),"
    " ('E69000028',NULL,NULL),('E69000018',NULL,NULL),('E69000012',NULL,'2025-09-29'),"
    " ('E69000041','2025-09-29',NULL),('E69000038',NULL,NULL),('E69000031',NULL,NULL),"
    " ('E69000025',NULL,NULL);"
    "INSERT INTO area_names(code, name, valid_from, valid_to) VALUES"
    " ('E69000014','Greater Manchester',NULL,NULL),('E69000028','South Yorkshire',NULL,NULL),"
    " ('E69000018','Kent and Medway',NULL,NULL),('E69000012','Greater Lincolnshire',NULL,'2025-09-29'),"
    " ('E69000041','Greater Lincolnshire','2025-09-29',NULL),"
    " ('E69000038','York and North Yorkshire',NULL,NULL),('E69000031','Tees Valley',NULL,NULL),"
    " ('E69000025','Oxfordshire',NULL,NULL);"
    "INSERT INTO area_attributes(code, valid_from, valid_to, kind, source) VALUES"
    " ('E69000014',NULL,NULL,'combined_authority','t'),('E69000028',NULL,NULL,'combined_authority','t'),"
    " ('E69000018',NULL,NULL,'lep','t'),('E69000012',NULL,'2025-09-29','lep','t'),"
    " ('E69000041','2025-09-29',NULL,'combined_authority','t'),"
    " ('E69000038',NULL,'2025-09-29','lep','t'),('E69000038','2025-09-29',NULL,'combined_authority','t'),"
    " ('E69000031',NULL,NULL,'combined_authority','t'),('E69000025',NULL,NULL,'lep','t');"
    /* districts and mayoralties (migration 0500), one district per area */
    "INSERT INTO lads(code, name) VALUES ('E08000001','Bolton'),('E08000018','Rotherham'),"
    " ('E06000035','Medway'),('E07000138','Lincoln'),('E06000014','York'),"
    " ('E06000001','Hartlepool'),('E07000178','Oxford');"
    "INSERT INTO area_lads(area_code, lad_code, valid_from, valid_to) VALUES"
    " ('E69000014','E08000001',NULL,NULL),('E69000028','E08000018',NULL,NULL),"
    " ('E69000018','E06000035',NULL,NULL),('E69000012','E07000138',NULL,'2025-09-29'),"
    " ('E69000041','E07000138','2025-09-29',NULL),('E69000038','E06000014',NULL,NULL),"
    " ('E69000031','E06000001',NULL,NULL),('E69000025','E07000178',NULL,NULL);"
    "INSERT INTO combined_authorities(code, name, first_mayor_elected, source) VALUES"
    " ('E47000001','Greater Manchester','2017-05-04','t'),('E47000002','South Yorkshire','2018-05-03','t'),"
    " ('E47000017','Greater Lincolnshire','2025-05-01','t'),('E47000012','York and North Yorkshire','2024-05-02','t'),"
    " ('E47000006','Tees Valley','2017-05-04','t');"
    "INSERT INTO combined_authority_lads(ca_code, lad_code, valid_from, valid_to, source) VALUES"
    " ('E47000001','E08000001',NULL,NULL,'t'),('E47000002','E08000018',NULL,NULL,'t'),"
    " ('E47000017','E07000138','2025-05-01',NULL,'t'),('E47000012','E06000014',NULL,NULL,'t'),"
    " ('E47000006','E06000001',NULL,NULL,'t');"
    "INSERT INTO routes(code, name) VALUES ('EM','Engineering'),('DIG','Digital'),('HS','Health');"
    "INSERT INTO pathways(code, route_code, name) VALUES ('EM-EMPC','EM','x'),('DIG-DSS','DIG','y'),"
    " ('HS-HEA','HS','z');";

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof(*f));
  struct sp_ctx *c0 = sp_ctx_new(NULL);
  assert_int_equal(sp_store_open(c0, t_db_url(c0), &f->store), SP_OK);
  sp_ctx_free(c0);
  f->ctx = sp_ctx_new(f->store);
  assert_int_equal(sp_store_exec(f->store, f->ctx, areas_sql), SP_OK);
  *state = f;
  return 0;
}

static json_t *row(json_t *board, const char *code) {
  size_t i;
  json_t *r;
  json_array_foreach(board, i, r) {
    if (!strcmp(json_string_value(json_object_get(r, "area_code")), code))
      return r;
  }
  fail_msg("area %s not on the board", code);
  return NULL;
}

static const char *s(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : "(null)";
}

static void demo_builds_every_stage(void **state) {
  struct fx *f = *state;
  as(f, 0, "2026-11-23");
  assert_ok(sp_demo_lsip(f->ctx));
  assert_int_equal(sp_ctx_role(f->ctx), SP_ROLE_PUBLIC); /* actor restored */
  assert_int_equal(sp_ctx_today(f->ctx), D("2026-11-23"));
  int64_t audits = count(f, "SELECT COUNT(*) FROM audit_log");
  assert_true(audits > 100);
  assert_ok(sp_demo_lsip(f->ctx)); /* once only */
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"), audits);
  json_t *board = NULL;
  assert_ok(sp_lsip_board(f->ctx, D("2026-11-23"), NULL, NULL, NULL, &board));
  assert_int_equal(json_array_size(board), 7); /* the terminated area is not live */
  assert_string_equal(s(row(board, "E69000014"), "plan_state"), "updated");
  assert_string_equal(s(row(board, "E69000014"), "next_due_date"), "2027-03-15");
  assert_string_equal(s(row(board, "E69000014"), "worst_status"), "upcoming");
  assert_string_equal(s(row(board, "E69000028"), "plan_state"), "draft");
  assert_string_equal(s(row(board, "E69000028"), "worst_status"), "overdue");
  assert_string_equal(s(row(board, "E69000018"), "plan_state"), "submitted");
  assert_string_equal(s(row(board, "E69000041"), "plan_state"), "returned");
  assert_string_equal(s(row(board, "E69000038"), "plan_state"), "approved");
  assert_string_equal(s(row(board, "E69000031"), "plan_state"), "(null)");
  assert_string_equal(s(row(board, "E69000031"), "worst_status"), "overdue");
  assert_string_equal(s(row(board, "E69000031"), "next_due_title"),
                      "Delivery plan to the department");
  assert_string_equal(s(row(board, "E69000025"), "body_name"), "Thames and Cherwell Chamber");
  json_decref(board);
  /* the terminated area's plan ended with it and stays readable */
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_plans WHERE area_code = 'E69000012' AND"
                            " state = 'ended' AND ended_on = '2025-09-29'"),
                   1);
  /* Oxfordshire's escalation ended in removal, with its notice */
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_interventions"), 5);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_notices WHERE kind = 'removal'"), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_notices WHERE kind = 'terms_modified'"), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(demo_builds_every_stage, setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
