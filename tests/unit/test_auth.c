/*
 * test_auth.c: accounts and sessions (auth.h): argon2id hash and verify,
 * the first dfe_admin bootstrapping and later accounts needing user.manage,
 * sessions created, resumed, expired (time passed in as `now`) and deleted,
 * CSRF tokens per session, and the sign-in rate limit per account (5
 * failures) and per address (SP_LOGIN_MAX_FAILURES_ADDRESS).
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

static void rate_limit_per_account(void **state) {
  struct fix *f = *state;
  struct tenv *e = &f->e;
  add_admin(f, "ada@x.test");
  char tok[SP_TOKEN_HEX], csrf[SP_TOKEN_HEX], addr[32];
  for (int i = 0; i < SP_LOGIN_MAX_FAILURES; i++) {
    snprintf(addr, sizeof(addr), "10.0.1.%d", i); /* a different address each time */
    T_RC(e, sp_session_create(e->ctx, "ada@x.test", "wrong password!", addr, T0 + i, tok, csrf),
         SP_EAUTH);
  }
  /* Now even the right password is refused for this account... */
  T_RC(e, sp_session_create(e->ctx, "ada@x.test", PW, "10.0.2.1", T0 + 10, tok, csrf),
       SP_ELIMIT);
  assert_non_null(strstr(sp_ctx_errmsg(e->ctx), "15 minutes"));
  /* ...until the window has passed. */
  T_RC(e, sp_session_create(e->ctx, "ada@x.test", PW, "10.0.2.1",
                            T0 + SP_LOGIN_WINDOW_SECONDS + 10, tok, csrf),
       SP_OK);
}

static void rate_limit_per_address(void **state) {
  struct fix *f = *state;
  struct tenv *e = &f->e;
  add_admin(f, "ada@x.test");
  char tok[SP_TOKEN_HEX], csrf[SP_TOKEN_HEX], email[64];
  /* An address has more room than an account (offices share one). */
  assert_true(SP_LOGIN_MAX_FAILURES_ADDRESS > SP_LOGIN_MAX_FAILURES);
  for (int i = 0; i < SP_LOGIN_MAX_FAILURES_ADDRESS; i++) {
    snprintf(email, sizeof(email), "guess%d@x.test", i); /* a different account each time */
    T_RC(e, sp_session_create(e->ctx, email, "wrong password!", "192.0.2.7", T0 + i, tok, csrf),
         SP_EAUTH);
    if (i + 1 == SP_LOGIN_MAX_FAILURES) {
      /* Past the account limit but not the address's: others still sign in. */
      T_RC(e, sp_session_create(e->ctx, "ada@x.test", PW, "192.0.2.7", T0 + i, tok, csrf), SP_OK);
    }
  }
  T_RC(e, sp_session_create(e->ctx, "ada@x.test", PW, "192.0.2.7", T0 + 30, tok, csrf),
       SP_ELIMIT);
  /* Another address is not locked out. */
  T_RC(e, sp_session_create(e->ctx, "ada@x.test", PW, "192.0.2.8", T0 + 30, tok, csrf), SP_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(hash_and_verify),
      cmocka_unit_test(tokens_and_hashes),
      cmocka_unit_test_setup_teardown(first_admin_bootstraps_then_rights_needed, setup, teardown),
      cmocka_unit_test_setup_teardown(session_lifecycle, setup, teardown),
      cmocka_unit_test_setup_teardown(wrong_password_does_not_say_which, setup, teardown),
      cmocka_unit_test_setup_teardown(rate_limit_per_account, setup, teardown),
      cmocka_unit_test_setup_teardown(rate_limit_per_address, setup, teardown),
  };
  if (sp_auth_init() != SP_OK)
    return 1;
  return cmocka_run_group_tests(tests, NULL, NULL);
}
