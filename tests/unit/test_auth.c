/*
 * test_auth.c: accounts and sessions (auth.h): argon2id hash and verify,
 * the first dfe_admin bootstrapping and later accounts needing user.manage,
 * sessions created, resumed, expired (time passed in as `now`) and deleted,
 * CSRF tokens per session, and the sign-in throttle: growing delays per
 * (account, address) pair that never hold up the owner at another address,
 * the limit per address, DfE's list and clearing of blocks, and pruning.
 */
#include "testutil.h"

#include "core/auth.h"
#include "core/orgs.h"

#define PW "correct horse battery"
#define T0 1800000000LL

struct fix {
  struct tenv e;
  int64_t org;
};

static int setup(void **state) {
  struct fix *f = calloc(1, sizeof(*f));
  if (sp_auth_init() != SP_OK)
    return -1;
  t_open(&f->e);
  sp_ctx_set_actor(f->e.ctx, 0, 0, SP_ROLE_DFE_ADMIN, "setup");
  json_t *o = json_pack("{s:s, s:s}", "name", "Department for Education", "kind", "government");
  T_RC(&f->e, sp_org_create(f->e.ctx, o, &f->org), SP_OK);
  json_decref(o);
  sp_ctx_set_actor(f->e.ctx, 0, 0, SP_ROLE_PUBLIC, NULL);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fix *f = *state;
  t_close(&f->e);
  free(f);
  return 0;
}

static void hash_and_verify(void **state) {
  (void)state;
  char h1[128], h2[128];
  assert_int_equal(sp_password_hash(PW, h1), SP_OK);
  assert_int_equal(sp_password_hash(PW, h2), SP_OK);
  assert_non_null(strstr(h1, "$argon2id$"));
  assert_string_not_equal(h1, h2); /* salted */
  assert_true(sp_password_verify(h1, PW));
  assert_false(sp_password_verify(h1, "correct horse batterY"));
  assert_false(sp_password_verify(h1, ""));
  assert_false(sp_password_verify("not a hash", PW));
}

static void tokens_and_hashes(void **state) {
  (void)state;
  char a[SP_TOKEN_HEX], b[SP_TOKEN_HEX], h[65];
  sp_random_hex(a, 32);
  sp_random_hex(b, 32);
  assert_int_equal(strlen(a), 64);
  assert_string_not_equal(a, b);
  assert_true(sp_token_equal(a, a));
  assert_false(sp_token_equal(a, b));
  assert_false(sp_token_equal("", ""));
  sp_sha256_hex("abc", 3, h);
  assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void first_admin_bootstraps_then_rights_needed(void **state) {
  struct fix *f = *state;
  struct tenv *e = &f->e;
  int64_t id = 0;
  /* Nobody signed in: only a first dfe_admin may be made. */
  T_RC(e, sp_user_add(e->ctx, "viewer@x.test", "V", f->org, "viewer", PW, &id), SP_EAUTH);
  T_RC(e, sp_user_add(e->ctx, "admin@x.test", "Ada", f->org, "dfe_admin", PW, &id), SP_OK);
  assert_true(id > 0);
  T_RC(e, sp_user_add(e->ctx, "admin2@x.test", "Bob", f->org, "dfe_admin", PW, &id), SP_EAUTH);
  assert_int_equal(t_int(e, "SELECT count(*) FROM users"), 1);
  assert_int_equal(t_int(e, "SELECT count(*) FROM audit_log WHERE entity = 'user'"), 1);
  /* The hash, not the password, is stored. */
  assert_int_equal(t_int(e, "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'"),
                   1);
  sp_ctx_set_actor(e->ctx, 1, f->org, SP_ROLE_ERB_EDITOR, "erb");
  T_RC(e, sp_user_add(e->ctx, "v@x.test", "V", f->org, "viewer", PW, &id), SP_EFORBIDDEN);
  sp_ctx_set_actor(e->ctx, 1, f->org, SP_ROLE_DFE_ADMIN, "Ada");
  T_RC(e, sp_user_add(e->ctx, "v@x.test", "V", f->org, "viewer", PW, &id), SP_OK);
  /* Bad input, each naming its field. */
  static const struct {
    const char *email, *name, *role, *pw, *field;
    int64_t org;
  } bad[] = {
      {"not-an-email", "N", "viewer", PW, "email", 0},
      {"V@X.TEST", "N", "viewer", PW, "email", 0}, /* emails are stored lower case: taken */
      {"w@x.test", "", "viewer", PW, "name", 0},
      {"w@x.test", "N", "superuser", PW, "role", 0},
      {"w@x.test", "N", "viewer", "short", "password", 0},
      {"w@x.test", "N", "viewer", PW, "org_id", 999},
  };
  for (size_t i = 0; i < SP_ARRAY_LEN(bad); i++) {
    enum sp_rc rc = sp_user_add(e->ctx, bad[i].email, bad[i].name, bad[i].org ? bad[i].org : f->org,
                                bad[i].role, bad[i].pw, &id);
    assert_int_not_equal(rc, SP_OK);
    assert_string_equal(sp_ctx_errfield(e->ctx), bad[i].field);
  }
  assert_int_equal(t_int(e, "SELECT count(*) FROM users"), 2);
  json_t *list = NULL;
  T_RC(e, sp_users_list(e->ctx, &list), SP_OK);
  assert_int_equal(json_array_size(list), 2);
  assert_null(json_object_get(json_array_get(list, 0), "password_hash"));
  json_decref(list);
}

static void add_admin(struct fix *f, const char *email) {
  int64_t id;
  sp_ctx_set_actor(f->e.ctx, 0, 0, SP_ROLE_DFE_ADMIN, "setup");
  T_RC(&f->e, sp_user_add(f->e.ctx, email, "Someone", f->org, "dfe_admin", PW, &id), SP_OK);
  sp_ctx_set_actor(f->e.ctx, 0, 0, SP_ROLE_PUBLIC, NULL);
}

static void session_lifecycle(void **state) {
  struct fix *f = *state;
  struct tenv *e = &f->e;
  add_admin(f, "ada@x.test");
  char tok[SP_TOKEN_HEX], csrf[SP_TOKEN_HEX], tok2[SP_TOKEN_HEX], csrf2[SP_TOKEN_HEX],
      got[SP_TOKEN_HEX];
  T_RC(e, sp_session_create(e->ctx, "Ada@X.test", PW, "127.0.0.1", T0, tok, csrf), SP_OK);
  T_RC(e, sp_session_create(e->ctx, "ada@x.test", PW, "127.0.0.1", T0, tok2, csrf2), SP_OK);
  assert_int_equal(strlen(tok), 64);
  assert_string_not_equal(tok, tok2);
  assert_string_not_equal(csrf, csrf2); /* a CSRF token per session */
  assert_string_not_equal(tok, csrf);
  /* Only the token's hash is stored. */
  char h[65];
  sp_sha256_hex(tok, 64, h);
  char sql[256];
  snprintf(sql, sizeof(sql), "SELECT count(*) FROM sessions WHERE token_hash = '%s'", h);
  assert_int_equal(t_int(e, sql), 1);
  snprintf(sql, sizeof(sql), "SELECT count(*) FROM sessions WHERE token_hash = '%s'", tok);
  assert_int_equal(t_int(e, sql), 0);
  /* Resume sets the actor and returns this session's CSRF token. */
  T_RC(e, sp_session_resume(e->ctx, tok, T0 + 60, got), SP_OK);
  assert_string_equal(got, csrf);
  assert_int_equal(sp_ctx_role(e->ctx), SP_ROLE_DFE_ADMIN);
  assert_int_equal(sp_ctx_org_id(e->ctx), f->org);
  assert_string_equal(sp_ctx_actor_name(e->ctx), "Someone");
  /* Sliding expiry: used at T0+60, it lives to T0+60+8h. */
  T_RC(e, sp_session_resume(e->ctx, tok, T0 + 60 + SP_SESSION_SECONDS - 1, got), SP_OK);
  T_RC(e, sp_session_resume(e->ctx, tok2, T0 + SP_SESSION_SECONDS, got), SP_EAUTH);
  T_RC(e, sp_session_resume(e->ctx, tok, T0 + 60 + 2 * SP_SESSION_SECONDS, got), SP_EAUTH);
  /* Garbage tokens. */
  T_RC(e, sp_session_resume(e->ctx, "abc", T0, got), SP_EAUTH);
  T_RC(e, sp_session_resume(e->ctx, NULL, T0, got), SP_EAUTH);
  /* Delete ends a session. */
  T_RC(e, sp_session_create(e->ctx, "ada@x.test", PW, "127.0.0.1", T0, tok, csrf), SP_OK);
  T_RC(e, sp_session_resume(e->ctx, tok, T0 + 1, got), SP_OK);
  T_RC(e, sp_session_delete(e->ctx, tok), SP_OK);
  T_RC(e, sp_session_resume(e->ctx, tok, T0 + 2, got), SP_EAUTH);
  T_RC(e, sp_session_delete(e->ctx, tok), SP_OK); /* twice is fine */
}

static void wrong_password_does_not_say_which(void **state) {
  struct fix *f = *state;
  struct tenv *e = &f->e;
  add_admin(f, "ada@x.test");
  char tok[SP_TOKEN_HEX], csrf[SP_TOKEN_HEX];
  T_RC(e, sp_session_create(e->ctx, "ada@x.test", "wrong password!", "10.0.0.1", T0, tok, csrf),
       SP_EAUTH);
  char m1[256];
  snprintf(m1, sizeof(m1), "%s", sp_ctx_errmsg(e->ctx));
  T_RC(e, sp_session_create(e->ctx, "nobody@x.test", PW, "10.0.0.1", T0, tok, csrf), SP_EAUTH);
  assert_string_equal(m1, sp_ctx_errmsg(e->ctx));
  assert_string_equal(tok, "");
  T_RC(e, sp_session_create(e->ctx, "", PW, "10.0.0.1", T0, tok, csrf), SP_EINVAL);
  assert_string_equal(sp_ctx_errfield(e->ctx), "email");
  assert_int_equal(t_int(e, "SELECT count(*) FROM sessions"), 0);
}

/* A wrong password from address `addr` at time t. */
static void fail_at(struct tenv *e, const char *addr, int64_t t) {
  char tok[SP_TOKEN_HEX], csrf[SP_TOKEN_HEX];
  T_RC(e, sp_session_create(e->ctx, "ada@x.test", "wrong password!", addr, t, tok, csrf), SP_EAUTH);
}

static enum sp_rc right_at(struct tenv *e, const char *addr, int64_t t) {
  char tok[SP_TOKEN_HEX], csrf[SP_TOKEN_HEX];
  return sp_session_create(e->ctx, "ada@x.test", PW, addr, t, tok, csrf);
}

static void delays_grow_and_cap(void **state) {
  (void)state;
  for (int i = 0; i <= SP_LOGIN_FREE_FAILURES; i++)
    assert_int_equal(sp_signin_delay(i), 0);
  assert_int_equal(sp_signin_delay(SP_LOGIN_FREE_FAILURES + 1), 1);
  assert_int_equal(sp_signin_delay(SP_LOGIN_FREE_FAILURES + 2), 2);
  assert_int_equal(sp_signin_delay(SP_LOGIN_FREE_FAILURES + 5), 16);
  assert_int_equal(sp_signin_delay(SP_LOGIN_FREE_FAILURES + 40), SP_LOGIN_MAX_DELAY_SECONDS);
  assert_int_equal(sp_signin_delay(INT64_MAX), SP_LOGIN_MAX_DELAY_SECONDS);
}

/* Issue 10, finding 4: five wrong passwords used to lock the account for
 * 15 minutes even against the right one. Now the attacker's pair waits
 * longer and longer, and the owner elsewhere signs straight in. */
static void attacker_slowed_owner_not_locked_out(void **state) {
  struct fix *f = *state;
  struct tenv *e = &f->e;
  add_admin(f, "ada@x.test");
  const char *attacker = "203.0.113.66", *owner = "198.51.100.7";
  int64_t t = T0;
  for (int i = 0; i < SP_LOGIN_FREE_FAILURES; i++)
    fail_at(e, attacker, t++); /* the first few cost nothing */
  fail_at(e, attacker, t);
  /* the pair now waits 1 s, then 2, 4, 8 ... whatever the password */
  int64_t wait = 1;
  for (int round = 0; round < 6; round++) {
    assert_int_equal(sp_signin_retry_after(e->ctx, "ada@x.test", attacker, t), wait);
    T_RC(e, right_at(e, attacker, t), SP_ELIMIT);
    assert_non_null(strstr(sp_ctx_errmsg(e->ctx), "wait"));
    /* the owner, at another address, is not held up at all */
    T_RC(e, right_at(e, owner, t), SP_OK);
    t += wait;
    fail_at(e, attacker, t); /* waited its turn, guessed wrong again */
    wait *= 2;
  }
  assert_int_equal(sp_signin_retry_after(e->ctx, "ADA@x.test", attacker, t), wait);
  /* refused tries during a delay are not counted as guesses */
  int64_t before = t_int(e, "SELECT count(*) FROM login_attempts WHERE ok = 0");
  T_RC(e, right_at(e, attacker, t + 1), SP_ELIMIT);
  assert_int_equal(t_int(e, "SELECT count(*) FROM login_attempts WHERE ok = 0"), before);
  /* once the delay has passed, the right password works from there too and
   * the pair starts afresh */
  T_RC(e, right_at(e, attacker, t + wait), SP_OK);
  fail_at(e, attacker, t + wait + 1);
  assert_int_equal(sp_signin_retry_after(e->ctx, "ada@x.test", attacker, t + wait + 1), 0);
}

static void address_limit_counts_every_account(void **state) {
  struct fix *f = *state;
  struct tenv *e = &f->e;
  add_admin(f, "ada@x.test");
  /* SP_LOGIN_MAX_FAILURES_ADDRESS failures from one address, spread over
   * many accounts (written directly: argon2 a hundred times is slow). */
  char sql[256];
  for (int i = 0; i < SP_LOGIN_MAX_FAILURES_ADDRESS; i++) {
    snprintf(sql, sizeof(sql),
             "INSERT INTO login_attempts(email, address, at, ok) VALUES ('guess%d@x.test',"
             " '192.0.2.7', %lld, 0)",
             i, (long long)(T0 + i));
    T_RC(e, sp_store_exec(e->store, e->ctx, sql), SP_OK);
  }
  int64_t t = T0 + SP_LOGIN_MAX_FAILURES_ADDRESS;
  T_RC(e, right_at(e, "192.0.2.7", t), SP_ELIMIT);
  assert_non_null(strstr(sp_ctx_errmsg(e->ctx), "your address"));
  /* until the oldest failure leaves the window */
  int64_t wait = sp_signin_retry_after(e->ctx, "ada@x.test", "192.0.2.7", t);
  assert_int_equal(wait, T0 + SP_LOGIN_WINDOW_SECONDS - t);
  /* another address is not held up */
  T_RC(e, right_at(e, "192.0.2.8", t), SP_OK);
  T_RC(e, right_at(e, "192.0.2.7", t + wait), SP_OK);
}

static void dfe_sees_and_clears_blocks(void **state) {
  struct fix *f = *state;
  struct tenv *e = &f->e;
  add_admin(f, "ada@x.test");
  int64_t t = T0;
  for (int i = 0; i < SP_LOGIN_FREE_FAILURES + 3; i++)
    fail_at(e, "203.0.113.66", t + 100 * i); /* each after the last delay */
  t += 100 * (SP_LOGIN_FREE_FAILURES + 2);
  json_t *blocks = NULL;
  /* only DfE (user.manage) */
  T_RC(e, sp_signin_blocks(e->ctx, t, &blocks), SP_EAUTH);
  sp_ctx_set_actor(e->ctx, 9, f->org, SP_ROLE_FUNDER, "Fay");
  T_RC(e, sp_signin_blocks(e->ctx, t, &blocks), SP_EFORBIDDEN);
  T_RC(e, sp_signin_unblock(e->ctx, "ada@x.test", NULL, NULL), SP_EFORBIDDEN);
  sp_ctx_set_actor(e->ctx, 1, f->org, SP_ROLE_DFE_ADMIN, "Dana");
  T_RC(e, sp_signin_blocks(e->ctx, t, &blocks), SP_OK);
  assert_int_equal(json_array_size(blocks), 1);
  json_t *b = json_array_get(blocks, 0);
  assert_string_equal(json_string_value(json_object_get(b, "kind")), "account");
  assert_string_equal(json_string_value(json_object_get(b, "email")), "ada@x.test");
  assert_string_equal(json_string_value(json_object_get(b, "address")), "203.0.113.66");
  assert_int_equal(json_integer_value(json_object_get(b, "failures")), SP_LOGIN_FREE_FAILURES + 3);
  assert_true(json_integer_value(json_object_get(b, "until")) > t);
  json_decref(blocks);
  T_RC(e, sp_signin_unblock(e->ctx, NULL, NULL, NULL), SP_EINVAL);
  int64_t cleared = 0;
  int64_t audits = t_int(e, "SELECT count(*) FROM audit_log");
  T_RC(e, sp_signin_unblock(e->ctx, "Ada@x.test", "203.0.113.66", &cleared), SP_OK);
  assert_int_equal(cleared, SP_LOGIN_FREE_FAILURES + 3);
  assert_int_equal(t_int(e, "SELECT count(*) FROM audit_log"), audits + 1);
  T_RC(e, sp_signin_blocks(e->ctx, t, &blocks), SP_OK);
  assert_int_equal(json_array_size(blocks), 0);
  json_decref(blocks);
  sp_ctx_set_actor(e->ctx, 0, 0, SP_ROLE_PUBLIC, NULL);
  T_RC(e, right_at(e, "203.0.113.66", t), SP_OK);
}

static void old_attempts_and_ended_sessions_are_pruned(void **state) {
  struct fix *f = *state;
  struct tenv *e = &f->e;
  add_admin(f, "ada@x.test");
  T_RC(e, right_at(e, "10.0.0.1", T0), SP_OK);
  fail_at(e, "10.0.0.1", T0 + 1);
  assert_int_equal(t_int(e, "SELECT count(*) FROM login_attempts"), 2);
  assert_int_equal(t_int(e, "SELECT count(*) FROM sessions"), 1);
  /* a day and a session's life later, a sign-in sweeps both */
  int64_t later = T0 + SP_LOGIN_KEEP_SECONDS + SP_SESSION_SECONDS;
  fail_at(e, "10.0.0.2", later);
  assert_int_equal(t_int(e, "SELECT count(*) FROM login_attempts"), 1);
  assert_int_equal(t_int(e, "SELECT count(*) FROM sessions"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(hash_and_verify),
      cmocka_unit_test(tokens_and_hashes),
      cmocka_unit_test_setup_teardown(first_admin_bootstraps_then_rights_needed, setup, teardown),
      cmocka_unit_test_setup_teardown(session_lifecycle, setup, teardown),
      cmocka_unit_test_setup_teardown(wrong_password_does_not_say_which, setup, teardown),
      cmocka_unit_test(delays_grow_and_cap),
      cmocka_unit_test_setup_teardown(attacker_slowed_owner_not_locked_out, setup, teardown),
      cmocka_unit_test_setup_teardown(address_limit_counts_every_account, setup, teardown),
      cmocka_unit_test_setup_teardown(dfe_sees_and_clears_blocks, setup, teardown),
      cmocka_unit_test_setup_teardown(old_attempts_and_ended_sessions_are_pruned, setup, teardown),
  };
  if (sp_auth_init() != SP_OK)
    return 1;
  return cmocka_run_group_tests(tests, NULL, NULL);
}
