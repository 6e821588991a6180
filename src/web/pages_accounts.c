/*
 * pages_accounts.c: accounts in the browser. A DfE administrator lists
 * accounts, invites someone (name, email, role, organisation: the account is
 * made with a temporary password shown once, to pass on) and changes an
 * account's role or organisation or disables it. Everyone sees their own
 * account and changes their password. Forms show every error at once, in an
 * error summary linked to the fields, and keep what was typed.
 */
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "core/accounts.h"
#include "core/auth.h"
#include "core/orgs.h"
#include "core/roles.h"
#include "handlers.h"

/* Records a form error: `error_<field>` beside the field and an item in
 * the summary linking to it (for the role radios, to the first radio). */
static void add_error(json_t *data, const char *field, const char *message) {
  char key[64], href[72];
  snprintf(key, sizeof(key), "error_%s", field);
  snprintf(href, sizeof(href), "#%s", strcmp(field, "role") == 0 ? "role-dfe_admin" : field);
  json_object_set_new(data, key, json_string(message));
  json_t *summary = json_object_get(data, "error_summary");
  if (!summary) {
    summary = json_pack("{s:[]}", "items");
    json_object_set_new(data, "error_summary", summary);
  }
  json_array_append_new(json_object_get(summary, "items"),
                        json_pack("{s:s, s:s, s:s}", "field", field, "message", message, "href", href));
}

static int has_errors(json_t *data) { return json_object_get(data, "error_summary") != NULL; }

/* The roles as radio options, `selected` checked. */
static json_t *role_options(const char *selected) {
  json_t *a = json_array();
  for (int r = SP_ROLE_DFE_ADMIN; a && r < SP_ROLE__COUNT; r++) {
    const char *name = sp_role_name((enum sp_role)r);
    char words[128];
    snprintf(words, sizeof(words), "%s", sp_role_words((enum sp_role)r));
    words[0] = (char)(words[0] >= 'a' && words[0] <= 'z' ? words[0] - 32 : words[0]);
    json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "code", name, "text", words, "checked",
                                       selected && strcmp(selected, name) == 0));
  }
  return a;
}

/* Every organisation as a select option, `selected` chosen. */
static enum sp_rc org_options(struct sp_ctx *ctx, int64_t selected, json_t **out) {
  json_t *list = NULL;
  enum sp_rc rc = sp_orgs_list(ctx, NULL, NULL, NULL, 1000, 0, &list);
  if (rc != SP_OK)
    return rc;
  json_t *a = json_array();
  size_t i;
  json_t *o;
  json_array_foreach(json_object_get(list, "items"), i, o) {
    json_int_t id = json_integer_value(json_object_get(o, "id"));
    json_array_append_new(a, json_pack("{s:I, s:O, s:O, s:b}", "id", id, "name",
                                       json_object_get(o, "name"), "kind_name",
                                       json_object_get(o, "kind_name"), "selected", id == selected));
  }
  json_decref(list);
  *out = a;
  return a ? SP_OK : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
}

static void role_words_of(json_t *account) {
  enum sp_role r;
  const char *name = json_string_value(json_object_get(account, "role"));
  if (name && sp_role_parse(name, &r) == SP_OK)
    json_object_set_new(account, "role_words", json_string(sp_role_words(r)));
}

enum sp_rc sp__h_accounts(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *users = NULL;
  enum sp_rc rc = sp_users_list(ctx, &users);
  if (rc != SP_OK)
    return rc;
  size_t i;
  json_t *u;
  const char *updated = sp_req_query(req, "updated");
  json_t *banner = json_null();
  json_array_foreach(users, i, u) {
    role_words_of(u);
    char id[32];
    snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(u, "id")));
    if (updated && strcmp(updated, id) == 0)
      banner = json_pack("{s:O}", "name", json_object_get(u, "name"));
  }
  return sp_resp_page(req, 200, "accounts", "Accounts",
                      json_pack("{s:o, s:o}", "accounts", users, "updated", banner));
}

static enum sp_rc invite_form(struct sp_req *req, int status, json_t *data) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *orgs = NULL;
  enum sp_rc rc = org_options(ctx, sp__parse_id(sp_req_form(req, "org_id")), &orgs);
  if (rc != SP_OK) {
    json_decref(data);
    return rc;
  }
  json_object_set_new(data, "orgs", orgs);
  json_object_set_new(data, "roles", role_options(sp_req_form(req, "role")));
  return sp_resp_page(req, status, "account_new",
                      status == 200 ? "Invite someone" : "Error: Invite someone", data);
}

enum sp_rc sp__h_account_new(struct sp_req *req) {
  enum sp_rc rc = sp_policy_check(sp_req_ctx(req), SP_ACT_USER_MANAGE);
  if (rc != SP_OK)
    return rc;
  return invite_form(req, 200, json_pack("{s:{}}", "f"));
}

enum sp_rc sp__h_account_create(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_USER_MANAGE);
  if (rc != SP_OK)
    return rc;
  const char *name = sp_req_form(req, "name"), *email = sp_req_form(req, "email");
  const char *role = sp_req_form(req, "role");
  int64_t org = sp__parse_id(sp_req_form(req, "org_id"));
  json_t *data = json_pack("{s:{s:s, s:s}}", "f", "name", name ? name : "", "email",
                           email ? email : "");
  enum sp_role r;
  if (!name || !*name)
    add_error(data, "name", "Enter the person's full name");
  if (!email || !*email)
    add_error(data, "email", "Enter their email address");
  else if (!strchr(email, '@') || !strchr(strchr(email, '@'), '.') || strchr(email, ' '))
    add_error(data, "email", "Enter an email address in the correct format, like name@example.com");
  if (!role || sp_role_parse(role, &r) != SP_OK)
    add_error(data, "role", "Select their role");
  if (!org)
    add_error(data, "org_id", "Select their organisation");
  if (has_errors(data))
    return invite_form(req, 400, data);
  char temp[21];
  sp_account_temp_password(temp);
  int64_t id = 0;
  rc = sp_user_add(ctx, email, name, org, role, temp, &id);
  if (rc == SP_EINVAL || rc == SP_ECONFLICT) {
    const char *field = sp_ctx_errfield(ctx);
    add_error(data, *field ? field : "email",
              rc == SP_ECONFLICT ? "There is already an account with this email address"
                                 : sp_ctx_errmsg(ctx));
    sp_ctx_clear(ctx);
    return invite_form(req, 400, data);
  }
  json_decref(data);
  if (rc != SP_OK)
    return rc;
  json_t *account = NULL;
  if ((rc = sp_account_get(ctx, id, &account)) != SP_OK)
    return rc;
  role_words_of(account);
  return sp_resp_page(req, 201, "account_invited", "Account created",
                      json_pack("{s:o, s:s}", "account", account, "temp_password", temp));
}

static enum sp_rc edit_form(struct sp_req *req, int status, int64_t id, json_t *data) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *account = NULL, *orgs = NULL;
  enum sp_rc rc = sp_account_get(ctx, id, &account);
  if (rc != SP_OK) {
    json_decref(data);
    return rc;
  }
  const char *role = status == 200 ? json_string_value(json_object_get(account, "role"))
                                   : sp_req_form(req, "role");
  int64_t org = status == 200 ? json_integer_value(json_object_get(account, "org_id"))
                              : sp__parse_id(sp_req_form(req, "org_id"));
  int disabled = status == 200 ? (int)json_integer_value(json_object_get(account, "disabled"))
                               : sp_req_form(req, "disabled") &&
                                     strcmp(sp_req_form(req, "disabled"), "1") == 0;
  if ((rc = org_options(ctx, org, &orgs)) != SP_OK) {
    json_decref(account);
    json_decref(data);
    return rc;
  }
  role_words_of(account);
  json_object_set_new(data, "account", account);
  json_object_set_new(data, "orgs", orgs);
  json_object_set_new(data, "roles", role_options(role));
  json_object_set_new(data, "disabled", json_boolean(disabled));
  return sp_resp_page(req, status, "account_edit",
                      status == 200 ? "Change an account" : "Error: Change an account", data);
}

enum sp_rc sp__h_account_edit(struct sp_req *req) {
  int64_t id = sp__parse_id(sp_req_param(req, "id"));
  if (!id)
    return sp_ctx_fail(sp_req_ctx(req), SP_ENOTFOUND, NULL, "there is no such account");
  return edit_form(req, 200, id, json_object());
}

enum sp_rc sp__h_account_update(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int64_t id = sp__parse_id(sp_req_param(req, "id"));
  if (!id)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "there is no such account");
  const char *role = sp_req_form(req, "role"), *dis = sp_req_form(req, "disabled");
  int64_t org = sp__parse_id(sp_req_form(req, "org_id"));
  json_t *data = json_object();
  enum sp_role r;
  if (!role || sp_role_parse(role, &r) != SP_OK)
    add_error(data, "role", "Select the account's role");
  if (!org)
    add_error(data, "org_id", "Select the account's organisation");
  if (has_errors(data))
    return edit_form(req, 400, id, data);
  enum sp_rc rc = sp_account_update(ctx, id, role, org, dis && strcmp(dis, "1") == 0);
  if (rc == SP_EINVAL) {
    const char *field = sp_ctx_errfield(ctx);
    add_error(data, *field ? field : "role", sp_ctx_errmsg(ctx));
    sp_ctx_clear(ctx);
    return edit_form(req, 400, id, data);
  }
  json_decref(data);
  if (rc != SP_OK)
    return rc;
  char loc[64];
  snprintf(loc, sizeof(loc), "/accounts?updated=%lld", (long long)id);
  return sp_resp_redirect(req, loc);
}

static enum sp_rc own_page(struct sp_req *req, int status, json_t *data) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *account = NULL;
  enum sp_rc rc = sp_account_get(ctx, sp_ctx_user_id(ctx), &account);
  if (rc != SP_OK) {
    json_decref(data);
    return rc;
  }
  role_words_of(account);
  json_object_set_new(data, "account", account);
  return sp_resp_page(req, status, "account", status == 200 ? "Your account" : "Error: Your account",
                      data);
}

enum sp_rc sp__h_account_own(struct sp_req *req) {
  const char *changed = sp_req_query(req, "changed");
  return own_page(req, 200, json_pack("{s:b}", "changed", changed && strcmp(changed, "1") == 0));
}

enum sp_rc sp__h_account_password(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *cur = sp_req_form(req, "current_password");
  const char *fresh = sp_req_form(req, "new_password");
  const char *again = sp_req_form(req, "confirm_password");
  json_t *data = json_object();
  if (!cur || !*cur)
    add_error(data, "current_password", "Enter your current password");
  if (!fresh || !*fresh)
    add_error(data, "new_password", "Enter a new password");
  else if (sp_utf8_len(fresh) < 12)
    add_error(data, "new_password", "Your new password must be 12 characters or more");
  if (!again || !*again)
    add_error(data, "confirm_password", "Enter your new password again to confirm it");
  else if (fresh && *fresh && strcmp(fresh, again) != 0)
    add_error(data, "confirm_password", "The passwords you entered do not match");
  if (has_errors(data))
    return own_page(req, 400, data);
  enum sp_rc rc = sp_account_password(ctx, cur, fresh, sp__req_session(req));
  if (rc == SP_EINVAL) {
    const char *field = sp_ctx_errfield(ctx);
    add_error(data, *field ? field : "current_password", sp_ctx_errmsg(ctx));
    sp_ctx_clear(ctx);
    return own_page(req, 400, data);
  }
  json_decref(data);
  if (rc != SP_OK)
    return rc;
  return sp_resp_redirect(req, "/account?changed=1");
}
