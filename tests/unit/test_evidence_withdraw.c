/*
 * test_evidence_withdraw.c: withdrawing an import takes its rows out of
 * every summary in one go: after provision, needs and vacancies are
 * imported and the needs import withdrawn, the gap table is exactly the one
 * a store given only the provision and vacancies files holds; the record
 * stays, marked withdrawn; only DfE may withdraw; twice is refused; and a
 * withdrawn EES import leaves the EES sums.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ev_fixture.h"

#define setup evfx_setup
#define teardown evfx_teardown

static char *dump_gaps(struct evfx *f) {
  json_t *out = NULL;
  assert_int_equal(sp_store_rowsf(f->ctx, &out,
                                  "SELECT area_code, pathway_code, level, year, needs, "
                                  "needs_small, hard_to_fill, sectors, vacancies, starts, "
                                  "achievements FROM ev_gap ORDER BY 1, 2, 3, 4",
                                  ""),
                   SP_OK);
  char *s = json_dumps(out, JSON_COMPACT);
  json_decref(out);
  return s;
}

static void test_withdraw_equals_never_imported(void **state) {
  struct evfx *f = *state;
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_PROVISION, "provision.csv", 0, NULL, NULL), SP_OK);
  assert_int_equal(evfx_import(f, SP_EV_VACANCIES, "vacancies.csv", 0, NULL, NULL), SP_OK);
  char *without = dump_gaps(f);
  assert_int_equal(evfx_import(f, SP_EV_NEEDS, "needs.csv", 0, NULL, &r), SP_OK);
  int64_t id = ji(r, "import_id");
  json_decref(r);
  char *with = dump_gaps(f);
  assert_string_not_equal(with, without);
  /* Not the ERB's to do. */
  sp_ctx_set_actor(f->ctx, 2, 0, SP_ROLE_ERB_EDITOR, "erb");
  assert_int_equal(sp_evidence_withdraw(f->ctx, id, &r), SP_EFORBIDDEN);
  sp_ctx_set_actor(f->ctx, 1, 0, SP_ROLE_DFE_ADMIN, "tester");
  enum sp_rc rc = sp_evidence_withdraw(f->ctx, id, &r);
  if (rc != SP_OK)
    fprintf(stderr, "withdraw: %s\n", sp_ctx_errmsg(f->ctx));
  assert_int_equal(rc, SP_OK);
  json_decref(r);
  char *after = dump_gaps(f);
  assert_string_equal(after, without);
  json_t *g = NULL;
  assert_int_equal(sp_store_rowsf(f->ctx, &g,
                                  "SELECT (SELECT COUNT(*) FROM ev_needs) AS needs, (SELECT "
                                  "COUNT(*) FROM ev_needs_sample) AS samples, withdrawn_by FROM "
                                  "ev_imports WHERE id = ?",
                                  "i", id),
                   SP_OK);
  assert_int_equal(ji(json_array_get(g, 0), "needs"), 0);
  assert_int_equal(ji(json_array_get(g, 0), "samples"), 0);
  assert_string_equal(json_string_value(json_object_get(json_array_get(g, 0), "withdrawn_by")),
                      "tester");
  json_decref(g);
  assert_int_equal(sp_evidence_withdraw(f->ctx, id, &r), SP_ESTATE);
  assert_int_equal(sp_evidence_withdraw(f->ctx, 999, &r), SP_ENOTFOUND);
  free(without);
  free(with);
  free(after);
}

static void test_withdraw_ees(void **state) {
  struct evfx *f = *state;
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_EES, "ees/permalink.csv", 0, NULL, &r), SP_OK);
  int64_t id = ji(r, "import_id");
  json_decref(r);
  assert_int_equal(sp_evidence_ees(f->ctx, f->data, "E69000003", sp_date_from_ymd(2026, 1, 1), &r),
                   SP_OK);
  assert_true(json_array_size(json_object_get(r, "rows")) > 0);
  json_decref(r);
  assert_int_equal(sp_evidence_withdraw(f->ctx, id, &r), SP_OK);
  json_decref(r);
  assert_int_equal(sp_evidence_ees(f->ctx, f->data, "E69000003", sp_date_from_ymd(2026, 1, 1), &r),
                   SP_OK);
  assert_int_equal(json_array_size(json_object_get(r, "rows")), 0);
  json_decref(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_withdraw_equals_never_imported, setup, teardown),
      cmocka_unit_test_setup_teardown(test_withdraw_ees, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
