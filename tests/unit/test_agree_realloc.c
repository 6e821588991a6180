/*
 * test_agree_realloc.c: money following demand (000_7a3ba3d30b329542.txt
 * Q12): the pure plan (conservation to the penny, proportional to excess
 * demand, never more than uncommitted money, independent of input order
 * under shuffling), largest-remainder shares, and the store-level run with
 * dry runs, moves recorded with reasons, committed money never taken, and
 * refusals (negative amounts, committed money, no contract).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agree_fixture.h"
#include "core/agree/agree.h"
#include "core/agree/funding.h"

static void test_shares_largest_remainder(void **state) {
  (void)state;
  int64_t w[3] = {1, 1, 1}, k[3] = {30, 10, 20}, out[3];
  assert_int_equal(sp_realloc_shares(w, k, 3, 100, out), 0);
  /* 33 each and one penny left: equal remainders go to the lowest key (10). */
  assert_int_equal(out[0], 33);
  assert_int_equal(out[1], 34);
  assert_int_equal(out[2], 33);
  int64_t w2[2] = {0, 0}, k2[2] = {1, 2};
  assert_int_equal(sp_realloc_shares(w2, k2, 2, 5, out), -1);
  int64_t w3[2] = {-1, 3};
  assert_int_equal(sp_realloc_shares(w3, k2, 2, 5, out), -1);
}

static void test_plan_simple(void **state) {
  (void)state;
  /* A is below profile by 300 (releases 300); B exceeds by 100, C by 300. */
  struct sp_realloc_item it[3] = {
      {1, 10000, 4700, 5000}, {2, 10000, 5100, 5000}, {3, 10000, 5300, 5000}};
  struct sp_realloc_move mv[9];
  int64_t g[3], r[3];
  int n = sp_realloc_plan(it, 3, mv, g, r);
  assert_int_equal(n, 2);
  assert_int_equal(g[0], 300);
  assert_int_equal(r[1], 75);
  assert_int_equal(r[2], 225);
  int64_t total = 0;
  for (int i = 0; i < n; i++) {
    assert_int_equal(mv[i].from, 1);
    total += mv[i].amount;
  }
  assert_int_equal(total, 300);
}

static void test_plan_never_takes_committed(void **state) {
  (void)state;
  /* The donor is 100 below profile and has only 100 uncommitted; the recipient
   * exceeds its profile by 4000: only 100 moves. */
  struct sp_realloc_item it[2] = {{1, 5000, 4900, 5000}, {2, 5000, 5000, 1000}};
  struct sp_realloc_move mv[4];
  int64_t g[2], r[2];
  int n = sp_realloc_plan(it, 2, mv, g, r);
  assert_int_equal(n, 1);
  assert_int_equal(mv[0].amount, 100);
  assert_true(g[0] <= it[0].allocated - it[0].used);
  /* Spend above the allocation is bad input. */
  struct sp_realloc_item bad[1] = {{1, 10, 11, 5}};
  assert_int_equal(sp_realloc_plan(bad, 1, mv, NULL, NULL), -1);
  struct sp_realloc_item dup[2] = {{1, 10, 1, 5}, {1, 10, 9, 5}};
  assert_int_equal(sp_realloc_plan(dup, 2, mv, NULL, NULL), -1);
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static int cmp_move(const void *a, const void *b) {
  const struct sp_realloc_move *x = a, *y = b;
  if (x->from != y->from)
    return x->from < y->from ? -1 : 1;
  if (x->to != y->to)
    return x->to < y->to ? -1 : 1;
  return x->amount < y->amount ? -1 : x->amount > y->amount;
}

static void test_plan_random_conservation_and_order(void **state) {
  (void)state;
  enum { N = 23 };
  for (int round = 0; round < 300; round++) {
    struct sp_realloc_item it[N], sh[N];
    for (int i = 0; i < N; i++) {
      int64_t alloc = (int64_t)(next() % 100000000) + 1;
      int64_t used = (int64_t)(next() % (uint64_t)(alloc + 1));
      int64_t profile = (int64_t)(next() % (uint64_t)(alloc + 1));
      it[i] = (struct sp_realloc_item){(int64_t)(i * 7 + 3), alloc, used, profile};
    }
    struct sp_realloc_move a[N * N], b[N * N];
    int64_t g[N], r[N];
    int na = sp_realloc_plan(it, N, a, g, r);
    assert_true(na >= 0);
    assert_true(na <= N - 1);
    int64_t before = 0, after = 0, moved = 0, release = 0, excess = 0;
    for (int i = 0; i < N; i++) {
      before += it[i].allocated;
      after += it[i].allocated - g[i] + r[i];
      /* Never committed or delivered money. */
      assert_true(it[i].allocated - g[i] >= it[i].used);
      assert_true(g[i] == 0 || r[i] == 0);
      if (it[i].used < it[i].profile)
        release += it[i].profile - it[i].used;
      else
        excess += it[i].used - it[i].profile;
    }
    for (int m = 0; m < na; m++)
      moved += a[m].amount;
    assert_int_equal(before, after);
    assert_int_equal(moved, release < excess ? release : excess);
    /* Shuffle and plan again: the same moves. */
    memcpy(sh, it, sizeof(it));
    for (int i = N - 1; i > 0; i--) {
      int j = (int)(next() % (uint64_t)(i + 1));
      struct sp_realloc_item t = sh[i];
      sh[i] = sh[j];
      sh[j] = t;
    }
    int nb = sp_realloc_plan(sh, N, b, NULL, NULL);
    assert_int_equal(na, nb);
    qsort(a, (size_t)na, sizeof(a[0]), cmp_move);
    qsort(b, (size_t)nb, sizeof(b[0]), cmp_move);
    assert_memory_equal(a, b, sizeof(a[0]) * (size_t)na);
  }
}

/* Three compacts with one allocation each for 2009-08-01..2010-07-31. */
static void setup_funding(struct fx *f, int64_t ids[3], int64_t allocs[3]) {
  const char *titles[3] = {"Low demand", "High demand", "Very high demand"};
  for (int i = 0; i < 3; i++) {
    char buf[400];
    snprintf(buf, sizeof(buf),
             "{\"kind\":\"sector_compact\",\"title\":\"%s\",\"term_start\":\"2009-01-01\",\"term_end\":\"2011-12-31\"}",
             titles[i]);
    json_t *in = J(buf);
    assert_int_equal(sp_agreement_create(f->ctx, in, &ids[i]), SP_OK);
    json_decref(in);
    snprintf(buf, sizeof(buf),
             "{\"agreement_id\":%lld,\"provider_org_id\":%d,\"funder_org_id\":2,\"programme\":\"train_to_gain\","
             "\"period_start\":\"2009-08-01\",\"period_end\":\"2010-07-31\",\"amount_pence\":36500000}",
             (long long)ids[i], i == 1 ? 5 : 4);
    in = J(buf);
    assert_int_equal(sp_funding_allocate(f->ctx, in, &allocs[i]), SP_OK);
    json_decref(in);
  }
  /* By 2010-01-31 (184 of 365 days) the profile is 18,400,000 pence each. */
  const int64_t used[3] = {10000000, 20000000, 25000000};
  for (int i = 0; i < 3; i++) {
    char buf[300];
    snprintf(buf, sizeof(buf),
             "{\"allocation_id\":%lld,\"kind\":\"committed\",\"on_date\":\"2009-12-01\",\"amount_pence\":%lld}",
             (long long)allocs[i], (long long)used[i]);
    json_t *in = J(buf);
    assert_int_equal(sp_funding_record_spend(f->ctx, in, NULL), SP_OK);
    json_decref(in);
  }
}

static void test_store_reallocate(void **state) {
  struct fx *f = *state;
  int64_t ids[3], allocs[3];
  setup_funding(f, ids, allocs);
  int64_t total0 = fx_count(f, "SELECT sum(amount_pence) FROM allocations");
  json_t *out = NULL;
  assert_int_equal(sp_funding_reallocate(f->ctx, D("2010-01-31"), 1, &out), SP_OK);
  assert_true(json_is_true(json_object_get(out, "dry_run")));
  /* Donor releases 18,400,000 - 10,000,000 = 8,400,000; excess 1,600,000 + 6,600,000 = 8,200,000. */
  assert_int_equal(json_integer_value(json_object_get(out, "moved_pence")), 8200000);
  assert_int_equal(json_array_size(json_object_get(out, "moves")), 2);
  assert_non_null(strstr(json_string_value(json_object_get(json_array_get(json_object_get(out, "moves"), 0), "reason")),
                         "000_7a3ba3d30b329542.txt Q12"));
  json_decref(out);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM reallocation_moves"), 0);
  assert_int_equal(fx_count(f, "SELECT sum(amount_pence) FROM allocations"), total0);
  assert_int_equal(sp_funding_reallocate(f->ctx, D("2010-01-31"), 0, &out), SP_OK);
  json_decref(out);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM reallocation_moves"), 2);
  assert_int_equal(fx_count(f, "SELECT sum(amount_pence) FROM allocations"), total0);
  /* One reallocation per review date. */
  assert_int_equal(sp_funding_reallocate(f->ctx, D("2010-01-31"), 0, &out), SP_ECONFLICT);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM reallocation_moves"), 2);
  char sql[200];
  snprintf(sql, sizeof(sql), "SELECT amount_pence FROM allocations WHERE id=%lld", (long long)allocs[0]);
  assert_int_equal(fx_count(f, sql), 36500000 - 8200000);
  snprintf(sql, sizeof(sql), "SELECT amount_pence FROM allocations WHERE id=%lld", (long long)allocs[1]);
  assert_int_equal(fx_count(f, sql), 36500000 + 1600000);
  /* No allocation below what is committed. */
  assert_int_equal(fx_count(f, "SELECT count(*) FROM allocations a WHERE amount_pence <"
                               " (SELECT coalesce(sum(amount_pence),0) FROM allocation_spend s WHERE s.allocation_id=a.id)"),
                   0);
  assert_true(fx_count(f, "SELECT count(*) FROM audit_log WHERE entity='allocation' AND action='reallocate'") >= 3);
  /* A public actor may dry-run (read) but not reallocate. */
  sp_ctx_set_actor(f->ctx, 0, 0, SP_ROLE_PUBLIC, "anon");
  assert_int_equal(sp_funding_reallocate(f->ctx, D("2010-01-31"), 0, &out), SP_EAUTH);
}

static void test_move_refusals(void **state) {
  struct fx *f = *state;
  int64_t ids[3], allocs[3];
  setup_funding(f, ids, allocs);
  int64_t total0 = fx_count(f, "SELECT sum(amount_pence) FROM allocations");
  assert_int_equal(sp_funding_move(f->ctx, ids[0], ids[1], -5, "x", D("2010-01-31")), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "negative"));
  /* Uncommitted money in the first: 36,500,000 - 10,000,000. One penny more is committed money. */
  assert_int_equal(sp_funding_move(f->ctx, ids[0], ids[1], 26500001, "too much", D("2010-01-31")), SP_ECONFLICT);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "committed"));
  assert_int_equal(fx_count(f, "SELECT count(*) FROM reallocation_moves"), 0);
  assert_int_equal(sp_funding_move(f->ctx, ids[0], ids[1], 26500000, "all uncommitted", D("2010-01-31")), SP_OK);
  assert_int_equal(fx_count(f, "SELECT sum(amount_pence) FROM allocations"), total0);
  /* A negative allocation, spend beyond the allocation, and a provider without a contract. */
  char buf[300];
  snprintf(buf, sizeof(buf),
           "{\"agreement_id\":%lld,\"provider_org_id\":4,\"programme\":\"train_to_gain\",\"period_start\":\"2009-08-01\","
           "\"period_end\":\"2010-07-31\",\"amount_pence\":-1}",
           (long long)ids[0]);
  json_t *in = J(buf);
  assert_int_equal(sp_funding_allocate(f->ctx, in, NULL), SP_EINVAL);
  json_decref(in);
  snprintf(buf, sizeof(buf),
           "{\"agreement_id\":%lld,\"provider_org_id\":4,\"programme\":\"train_to_gain\",\"period_start\":\"2009-08-01\","
           "\"period_end\":\"2010-07-31\",\"amount_pence\":9223372036854775807}",
           (long long)ids[0]);
  in = J(buf);
  assert_int_equal(sp_funding_allocate(f->ctx, in, NULL), SP_EINVAL);
  json_decref(in);
  snprintf(buf, sizeof(buf),
           "{\"agreement_id\":%lld,\"provider_org_id\":6,\"programme\":\"train_to_gain\",\"period_start\":\"2009-08-01\","
           "\"period_end\":\"2010-07-31\",\"amount_pence\":100}",
           (long long)ids[0]);
  in = J(buf);
  assert_int_equal(sp_funding_allocate(f->ctx, in, NULL), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "000_7a3ba3d30b329542.txt Q10"));
  json_decref(in);
  snprintf(buf, sizeof(buf), "{\"allocation_id\":%lld,\"kind\":\"delivered\",\"on_date\":\"2010-01-01\",\"amount_pence\":1}",
           (long long)allocs[0]);
  in = J(buf);
  assert_int_equal(sp_funding_record_spend(f->ctx, in, NULL), SP_ECONFLICT);
  json_decref(in);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shares_largest_remainder),
      cmocka_unit_test(test_plan_simple),
      cmocka_unit_test(test_plan_never_takes_committed),
      cmocka_unit_test(test_plan_random_conservation_and_order),
      cmocka_unit_test_setup_teardown(test_store_reallocate, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_move_refusals, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
