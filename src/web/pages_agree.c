/*
 * pages_agree.c: the pages for agreements (list, one agreement with its
 * targets, reviews, signatories, action plan and funding), reallocation
 * (preview, then confirm; funders and DfE), indicators, and the
 * eligibility checker. Forms become the same calls the API makes, so the
 * rules are the library's alone.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/agree/agree.h"
#include "core/agree/eligible.h"
#include "core/agree/funding.h"
#include "core/agree/indicator.h"
#include "base/date.h"
#include "core/policy.h"
#include "handlers.h"
#include "handlers_agree.h"

/* Copies the decimal digits into grouped with a comma every three from the
 * right. Reads only the digits there are: snprintf's return is what it
 * would have written, not what it did (issue 10, finding 5). */
static void group_digits(const char *digits, char *grouped, size_t n) {
  size_t len = strnlen(digits, 64), g = 0;
  for (size_t i = 0; i < len && g + 2 < n; i++) {
    if (i > 0 && (len - i) % 3 == 0)
      grouped[g++] = ',';
    grouped[g++] = digits[i];
  }
  grouped[g] = '\0';
}

/* "£1,234,567.89" */
static void money(int64_t pence, char *buf, size_t n) {
  char digits[32], grouped[48];
  /* as unsigned, so the most negative amount has a magnitude too */
  uint64_t a = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;
  snprintf(digits, sizeof(digits), "%llu", (unsigned long long)(a / 100));
  group_digits(digits, grouped, sizeof(grouped));
  snprintf(buf, n, "%s£%s.%02llu", pence < 0 ? "−" : "", grouped, (unsigned long long)(a % 100));
}

/* Adds key_display = money(key) to every object of list. */
static void money_fields(json_t *list, const char *const *keys) {
  size_t i;
  json_t *o;
  json_array_foreach(list, i, o) {
    for (size_t k = 0; keys[k]; k++) {
      char buf[64], name[64];
      money(json_integer_value(json_object_get(o, keys[k])), buf, sizeof(buf));
      snprintf(name, sizeof(name), "%s_display", keys[k]);
      json_object_set_new(o, name, json_string(buf));
    }
  }
}

/* A count with thousands separators ("8,000,000"); rounds to a whole
 * number. Values the core refuses (not finite, beyond 1e15) cannot be
 * stored, but one read from an older database is shown in e-notation
 * rather than as 300 digits. */
static void count_text(double v, char *buf, size_t n) {
  char digits[40], grouped[60];
  if (!isfinite(v)) {
    snprintf(buf, n, "not a number");
    return;
  }
  if (fabs(v) >= 1e18) {
    snprintf(buf, n, "%.3g", v);
    return;
  }
  snprintf(digits, sizeof(digits), "%.0f", v < 0 ? -v : v);
  group_digits(digits, grouped, sizeof(grouped));
  snprintf(buf, n, "%s%s", v < 0 ? "-" : "", grouped);
}

static const char *tag_class(const char *status) {
  if (!status)
    return "govuk-tag--grey";
  if (strcmp(status, "met") == 0 || strcmp(status, "on_track") == 0 || strcmp(status, "done") == 0 ||
      strcmp(status, "pass") == 0)
    return "govuk-tag--green";
  if (strcmp(status, "due") == 0 || strcmp(status, "at_risk") == 0 || strcmp(status, "open") == 0 ||
      strcmp(status, "in_progress") == 0)
    return "govuk-tag--yellow";
  if (strcmp(status, "overdue") == 0 || strcmp(status, "missed") == 0 || strcmp(status, "fail") == 0)
    return "govuk-tag--red";
  return "govuk-tag--grey";
}

static void tag_fields(json_t *list, const char *key) {
  size_t i;
  json_t *o;
  json_array_foreach(list, i, o) {
    const char *s = json_string_value(json_object_get(o, key));
    json_object_set_new(o, "tag_class", json_string(tag_class(s)));
    if (s) {
      char label[40];
      snprintf(label, sizeof(label), "%s", s);
      for (char *p = label; *p; p++)
        if (*p == '_')
          *p = ' ';
      json_object_set_new(o, "status_label", json_string(label));
    }
  }
}

static void mark_kind(json_t *kinds, const char *kind) {
  size_t i;
  json_t *k;
  json_array_foreach(kinds, i, k) {
    if (kind && strcmp(json_string_value(json_object_get(k, "code")), kind) == 0)
      json_object_set_new(k, "selected", json_true());
  }
}

enum sp_rc sp__h_agreements(struct sp_req *req) {
  const char *kind = sp_req_query(req, "kind");
  if (kind && !*kind)
    kind = NULL;
  json_t *list = NULL;
  enum sp_rc rc = sp_agreement_list(sp_req_ctx(req), kind, &list);
  if (rc != SP_OK)
    return rc;
  json_t *kinds = json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]", "code", "sector_compact", "name",
                            "Sector compacts", "code", "local_compact", "name", "Local compacts", "code", "alliance",
                            "name", "Sector skills alliances", "code", "skills_pledge", "name", "Skills Pledges");
  mark_kind(kinds, kind);
  size_t i;
  json_t *a;
  json_array_foreach(list, i, a) json_object_set_new(a, "is_draft",
                                                     json_boolean(strcmp(json_string_value(json_object_get(a, "state")),
                                                                         "draft") == 0));
  return sp_resp_page(req, 200, "agree_list", "Agreements",
                      json_pack("{s:o, s:I, s:o, s:b}", "items", list, "count", (json_int_t)json_array_size(list),
                                "kinds", kinds, "can_fund",
                                sp_policy_allows(sp_ctx_role(sp_req_ctx(req)), SP_ACT_FUNDING_EDIT)));
}

/* The agreement page's data: the record, display fields, funding and flags. */
static enum sp_rc agreement_data(struct sp_req *req, int64_t id, int32_t as_of, json_t **out) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *a = NULL, *allocs = NULL, *moves = NULL;
  enum sp_rc rc = sp_agreement_get(ctx, id, as_of, &a);
  if (rc != SP_OK)
    return rc;
  tag_fields(json_object_get(a, "reviews"), "status");
  json_t *sig = json_object_get(a, "signatories");
  if (json_object_get(sig, "status"))
    json_object_set_new(sig, "tag_class", json_string(tag_class(json_string_value(json_object_get(sig, "status")))));
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(a, "actions"), i, v) {
    json_t *one = json_pack("[O]", v);
    tag_fields(one, "status");
    tag_fields(json_object_get(v, "sub_actions"), "status");
    json_decref(one);
  }
  int can_fund = sp_policy_allows(sp_ctx_role(ctx), SP_ACT_FUNDING_EDIT);
  if (can_fund) {
    static const char *const keys[] = {"original_pence", "amount_pence", "delivered_pence", "committed_pence", NULL};
    static const char *const mkeys[] = {"amount_pence", NULL};
    if ((rc = sp_funding_allocations(ctx, id, &allocs)) != SP_OK || (rc = sp_funding_moves(ctx, id, &moves)) != SP_OK) {
      json_decref(a);
      json_decref(allocs);
      return rc;
    }
    money_fields(allocs, keys);
    money_fields(moves, mkeys);
    int64_t total = 0;
    json_array_foreach(allocs, i, v) total += json_integer_value(json_object_get(v, "amount_pence"));
    char t[64];
    money(total, t, sizeof(t));
    json_object_set_new(a, "funding", json_pack("{s:o, s:o, s:s}", "allocations", allocs, "moves", moves,
                                                 "total_display", t));
  }
  char d[SP_DATE_BUFSZ];
  int can_edit = sp_agreement_may_edit(ctx, id);
  int is_draft = strcmp(json_string_value(json_object_get(a, "state")), "draft") == 0;
  /* who may publish and sign is decided by the library (docs/security.md):
   * a provider signs a published agreement for its own organisation only */
  int sign_self = sp_ctx_role(ctx) == SP_ROLE_PROVIDER_EDITOR && !is_draft;
  int can_sign = sp_ctx_role(ctx) != SP_ROLE_PROVIDER_EDITOR && sp_agreement_may_sign(ctx, id);
  *out = json_pack("{s:o, s:b, s:b, s:s, s:b, s:b, s:b, s:b, s:I}", "a", a, "can_edit", can_edit, "can_fund",
                   can_fund, "as_of", sp_date_format(as_of, d), "is_draft", is_draft, "can_publish",
                   sp_agreement_may_publish(ctx, id), "can_sign", can_sign, "sign_self", sign_self,
                   "own_org_id", (json_int_t)sp_ctx_org_id(ctx));
  if (*out && can_edit) {
    /* The forms' choices: this kind's roles, the measures, every action. */
    json_t *vocab = NULL;
    if ((rc = sp_agreement_vocabulary(ctx, &vocab)) != SP_OK) {
      json_decref(*out);
      return rc;
    }
    json_t *roles = json_array();
    json_array_foreach(json_object_get(vocab, "kinds"), i, v) {
      if (strcmp(json_string_value(json_object_get(v, "code")), json_string_value(json_object_get(a, "kind"))) == 0)
        json_array_extend(roles, json_object_get(v, "roles"));
    }
    json_t *all_actions = json_array();
    json_array_foreach(json_object_get(a, "actions"), i, v) {
      json_array_append_new(all_actions, json_pack("{s:O, s:O}", "id", json_object_get(v, "id"), "title",
                                                   json_object_get(v, "title")));
      size_t k;
      json_t *sub;
      json_array_foreach(json_object_get(v, "sub_actions"), k, sub)
        json_array_append_new(all_actions, json_pack("{s:O, s:O}", "id", json_object_get(sub, "id"), "title",
                                                     json_object_get(sub, "title")));
    }
    json_object_set_new(*out, "roles", roles);
    json_object_set(*out, "measures", json_object_get(vocab, "measures"));
    json_object_set_new(*out, "all_actions", all_actions);
    json_decref(vocab);
  }
  return *out ? SP_OK : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
}

enum sp_rc sp__h_agreement(struct sp_req *req) {
  int64_t id;
  int32_t as_of;
  json_t *data = NULL;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK || (rc = sp_req_as_of(req, &as_of)) != SP_OK || (rc = agreement_data(req, id, as_of, &data)) != SP_OK)
    return rc;
  char title[256];
  snprintf(title, sizeof(title), "%s", json_string_value(json_object_get(json_object_get(data, "a"), "title")));
  return sp_resp_page(req, 200, "agree_show", title, data);
}

/* Re-renders the agreement page with the form's error. */
static enum sp_rc form_error(struct sp_req *req, enum sp_rc rc, int64_t id, json_t *echo) {
  json_t *data = NULL;
  if (rc != SP_EINVAL && rc != SP_ECONFLICT) {
    json_decref(echo);
    return rc;
  }
  /* Keep the refusal: building the page must not overwrite it. */
  char msg[1100], field[64];
  snprintf(msg, sizeof(msg), "%s", sp_ctx_errmsg(sp_req_ctx(req)));
  snprintf(field, sizeof(field), "%s", sp_ctx_errfield(sp_req_ctx(req)));
  enum sp_rc r2 = agreement_data(req, id, sp_ctx_today(sp_req_ctx(req)), &data);
  if (r2 != SP_OK) {
    json_decref(echo);
    return r2;
  }
  json_object_set_new(data, "f", echo);
  sp_ctx_fail(sp_req_ctx(req), rc, *field ? field : NULL, "%s", msg);
  char title[256];
  snprintf(title, sizeof(title), "%s", json_string_value(json_object_get(json_object_get(data, "a"), "title")));
  return sp_resp_form_error(req, rc, "agree_show", title, data);
}

enum sp_rc sp__h_agreement_review(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int64_t id;
  int32_t held = SP_DATE_NONE;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK)
    return rc;
  const char *h = sp_req_form(req, "held_on"), *notes = sp_req_form(req, "notes");
  json_t *echo = json_pack("{s:s, s:s}", "held_on", h ? h : "", "notes", notes ? notes : "");
  if (!h || sp_date_parse(h, &held) != SP_OK)
    rc = sp_ctx_fail(ctx, SP_EINVAL, "held_on", "Enter the date the review was held as YYYY-MM-DD");
  else
    rc = sp_agreement_record_review(ctx, id, SP_DATE_NONE, held, notes && *notes ? notes : NULL);
  if (rc != SP_OK)
    return form_error(req, rc, id, echo);
  json_decref(echo);
  char loc[64];
  snprintf(loc, sizeof(loc), "/agreements/%lld#reviews", (long long)id);
  return sp_resp_redirect(req, loc);
}

enum sp_rc sp__h_agreement_sign(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int64_t id;
  int32_t on = SP_DATE_NONE;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK)
    return rc;
  const char *org = sp_req_form(req, "org_id"), *d = sp_req_form(req, "signed_on");
  json_t *echo = json_pack("{s:s, s:s}", "org_id", org ? org : "", "signed_on", d ? d : "");
  int64_t oid = sp__parse_id(org);
  if (!oid)
    rc = sp_ctx_fail(ctx, SP_EINVAL, "org_id", "Enter the signatory's organisation id");
  else if (!d || sp_date_parse(d, &on) != SP_OK)
    rc = sp_ctx_fail(ctx, SP_EINVAL, "signed_on", "Enter the date signed as YYYY-MM-DD");
  else
    rc = sp_agreement_sign(ctx, id, oid, on);
  if (rc != SP_OK)
    return form_error(req, rc, id, echo);
  json_decref(echo);
  char loc[64];
  snprintf(loc, sizeof(loc), "/agreements/%lld#signatories", (long long)id);
  return sp_resp_redirect(req, loc);
}

/* The reallocation page: a dry run at as_of with a confirm button, or, when
 * money was already moved at that review, the recorded moves. */
static enum sp_rc realloc_page(struct sp_req *req, int32_t as_of, const char *from, int status) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *plan = NULL, *moves = NULL;
  char d[SP_DATE_BUFSZ];
  sp_date_format(as_of, d);
  enum sp_rc rc = sp_funding_moves(ctx, 0, &moves);
  if (rc != SP_OK)
    return rc;
  json_t *made = json_array();
  size_t i;
  json_t *m;
  json_array_foreach(moves, i, m) {
    const char *on = json_string_value(json_object_get(m, "as_of"));
    if (on && strcmp(on, d) == 0 && json_is_integer(json_object_get(m, "run_id")))
      json_array_append(made, m);
  }
  json_decref(moves);
  static const char *const mk[] = {"amount_pence", NULL};
  static const char *const ak[] = {"allocated_pence", "used_pence", "profile_pence", "change_pence", NULL};
  money_fields(made, mk);
  if ((rc = sp_funding_reallocate(ctx, as_of, 1, &plan)) != SP_OK) {
    json_decref(made);
    return rc;
  }
  money_fields(json_object_get(plan, "agreements"), ak);
  tag_fields(json_object_get(plan, "agreements"), "position");
  money_fields(json_object_get(plan, "moves"), mk);
  char moved[64], before[64];
  money(json_integer_value(json_object_get(plan, "moved_pence")), moved, sizeof(moved));
  money(json_integer_value(json_object_get(plan, "total_before_pence")), before, sizeof(before));
  json_object_set_new(plan, "moved_display", json_string(moved));
  json_object_set_new(plan, "total_display", json_string(before));
  int already = json_array_size(made) > 0;
  return sp_resp_page(req, status, "agree_realloc", "Reallocate funding",
                      json_pack("{s:s, s:o, s:o, s:b, s:b, s:s, s:b}", "as_of", d, "plan", plan, "made", made,
                                "already", already, "has_moves",
                                json_array_size(json_object_get(plan, "moves")) > 0 && !already, "from",
                                from ? from : "", "from_agreement", from && *from));
}

enum sp_rc sp__h_reallocate_preview(struct sp_req *req) {
  int32_t as_of;
  enum sp_rc rc = sp_policy_check(sp_req_ctx(req), SP_ACT_FUNDING_EDIT);
  if (rc != SP_OK || (rc = sp_req_as_of(req, &as_of)) != SP_OK)
    return rc;
  const char *from = sp_req_query(req, "from");
  if (from && !sp__parse_id(from))
    from = NULL;
  return realloc_page(req, as_of, from, 200);
}

enum sp_rc sp__h_reallocate(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *d = sp_req_form(req, "as_of");
  int32_t as_of;
  json_t *out = NULL;
  if (!d || sp_date_parse(d, &as_of) != SP_OK)
    return sp_ctx_fail(ctx, SP_EINVAL, "as_of", "as_of must be a real date as YYYY-MM-DD");
  enum sp_rc rc = sp_funding_reallocate(ctx, as_of, 0, &out);
  json_decref(out);
  if (rc != SP_OK)
    return rc;
  char loc[96];
  const char *from = sp_req_form(req, "from");
  if (from && sp__parse_id(from))
    snprintf(loc, sizeof(loc), "/funding/reallocate?as_of=%s&from=%lld", d, (long long)sp__parse_id(from));
  else
    snprintf(loc, sizeof(loc), "/funding/reallocate?as_of=%s", d);
  return sp_resp_redirect(req, loc);
}

enum sp_rc sp__h_indicators(struct sp_req *req) {
  int32_t as_of;
  json_t *list = NULL;
  enum sp_rc rc = sp_req_as_of(req, &as_of);
  if (rc != SP_OK || (rc = sp_indicator_list(sp_req_ctx(req), as_of, &list)) != SP_OK)
    return rc;
  size_t i;
  json_t *ind;
  json_array_foreach(list, i, ind) {
    json_t *targets = json_object_get(ind, "targets");
    tag_fields(targets, "status");
    size_t k;
    json_t *t;
    json_array_foreach(targets, k, t) {
      json_t *p = json_object_get(t, "progress");
      if (json_is_number(p)) {
        char buf[32];
        double pct = 100.0 * json_number_value(p);
        /* a percentage over a million is shown in e-notation, not cut off */
        snprintf(buf, sizeof(buf), fabs(pct) < 1e6 ? "%.1f%%" : "%.3g%%", pct);
        json_object_set_new(t, "progress_display", json_string(buf));
      }
      char buf[80];
      count_text(json_number_value(json_object_get(t, "value")), buf, sizeof(buf));
      json_object_set_new(t, "value_display", json_string(buf));
      json_t *lv = json_object_get(t, "latest_value");
      if (json_is_number(lv)) {
        count_text(json_number_value(lv), buf, sizeof(buf));
        json_object_set_new(t, "latest_display", json_string(buf));
      }
    }
    json_t *v;
    json_array_foreach(json_object_get(ind, "values"), k, v) {
      char buf[80];
      count_text(json_number_value(json_object_get(v, "value")), buf, sizeof(buf));
      json_object_set_new(v, "value_display", json_string(buf));
    }
  }
  char d[SP_DATE_BUFSZ];
  return sp_resp_page(req, 200, "agree_indicators", "Indicators",
                      json_pack("{s:o, s:s}", "items", list, "as_of", sp_date_format(as_of, d)));
}

enum sp_rc sp__h_eligibility(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  struct sp_elig_request r;
  json_t *rules = NULL, *answer = NULL;
  enum sp_rc rc = sp_eligibility_rules(ctx, &rules);
  if (rc != SP_OK)
    return rc;
  static const char *const fields[] = {"learner", "qualification", "programme", "start", "provider",
                                       "employer", "employer_size", "agreement"};
  json_t *f = json_object();
  for (size_t i = 0; i < SP_ARRAY_LEN(fields); i++) {
    const char *v = sp_req_query(req, fields[i]);
    json_object_set_new(f, fields[i], json_string(v ? v : ""));
  }
  json_t *data = json_pack("{s:o, s:o}", "rules", rules, "f", f);
  const char *learner = sp_req_query(req, "learner");
  if (learner && *learner) {
    rc = sp__web_agree_eligibility_request(req, &r);
    if (rc == SP_OK)
      rc = sp_eligible(ctx, &r, &answer);
    if (rc != SP_OK) {
      if (rc == SP_EINVAL)
        return sp_resp_form_error(req, rc, "agree_eligible", "Check funding eligibility", data);
      json_decref(data);
      return rc;
    }
    tag_fields(json_object_get(answer, "checks"), "outcome");
    json_object_set_new(data, "answer", answer);
  }
  return sp_resp_page(req, 200, "agree_eligible", "Check funding eligibility", data);
}

enum sp_rc sp__h_agreement_report(struct sp_req *req) {
  int64_t id;
  long year;
  json_t *r = NULL;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK || (rc = sp__query_int(req, "year", 1, 50, 1, &year)) != SP_OK ||
      (rc = sp_agreement_report(sp_req_ctx(req), id, (int)year, &r)) != SP_OK)
    return rc;
  tag_fields(json_object_get(r, "reviews"), "status");
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(r, "actions"), i, v) {
    json_t *one = json_pack("[O]", v);
    tag_fields(one, "status");
    json_decref(one);
  }
  json_t *f = json_object_get(r, "funding");
  static const char *const keys[] = {"allocated_pence", "delivered_pence", "committed_pence", NULL};
  if (json_is_object(f)) {
    json_t *wrap = json_pack("[O]", f);
    money_fields(wrap, keys);
    json_decref(wrap);
  }
  char title[300];
  snprintf(title, sizeof(title), "Annual report, year %ld: %s", year,
           json_string_value(json_object_get(json_object_get(r, "agreement"), "title")));
  json_t *years = json_array();
  for (long y = 1; y <= 5; y++)
    json_array_append_new(years, json_pack("{s:i, s:b}", "year", (int)y, "current", y == year));
  return sp_resp_page(req, 200, "agree_report", title,
                      json_pack("{s:o, s:o, s:I}", "r", r, "years", years, "id", (json_int_t)id));
}

enum sp_rc sp__h_duplicates(struct sp_req *req) {
  json_t *out = NULL;
  enum sp_rc rc = sp_policy_check(sp_req_ctx(req), SP_ACT_FUNDING_EDIT);
  if (rc != SP_OK || (rc = sp_funding_duplicates(sp_req_ctx(req), &out)) != SP_OK)
    return rc;
  return sp_resp_page(req, 200, "agree_duplicates", "Duplicated funding and activity", out);
}

/* ---- editing forms on the agreement page ----------------------------------- */

/* Reads the named form fields into an echo object ("" when absent). */
static json_t *echo_fields(struct sp_req *req, const char *const *fields) {
  json_t *e = json_object();
  for (size_t i = 0; fields[i]; i++) {
    const char *v = sp_req_form(req, fields[i]);
    json_object_set_new(e, fields[i], json_string(v ? v : ""));
  }
  return e;
}

static enum sp_rc back_to(struct sp_req *req, int64_t id, const char *anchor) {
  char loc[96];
  snprintf(loc, sizeof(loc), "/agreements/%lld#%s", (long long)id, anchor);
  return sp_resp_redirect(req, loc);
}

enum sp_rc sp__h_agreement_party(struct sp_req *req) {
  static const char *const fields[] = {"org_id", "role", NULL};
  int64_t id;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK)
    return rc;
  json_t *echo = echo_fields(req, fields);
  int64_t org = sp__parse_id(sp_req_form(req, "org_id"));
  const char *role = sp_req_form(req, "role");
  if (!org)
    rc = sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "org_id", "Enter the party's organisation id");
  else
    rc = sp_agreement_add_party(sp_req_ctx(req), id, org, role ? role : "");
  if (rc != SP_OK)
    return form_error(req, rc, id, echo);
  json_decref(echo);
  return back_to(req, id, "parties");
}

enum sp_rc sp__h_agreement_target(struct sp_req *req) {
  static const char *const fields[] = {"measure", "period_start", "period_end", "volume", NULL};
  int64_t id;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK)
    return rc;
  json_t *echo = echo_fields(req, fields);
  const char *vol = sp_req_form(req, "volume");
  char *end = NULL;
  long long v = vol && *vol ? strtoll(vol, &end, 10) : 0;
  if (!vol || !*vol || !end || *end)
    rc = sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "volume", "Enter the volume as a whole number");
  else {
    json_t *in = json_pack("{s:O, s:O, s:O, s:I}", "measure", json_object_get(echo, "measure"), "period_start",
                           json_object_get(echo, "period_start"), "period_end", json_object_get(echo, "period_end"),
                           "volume", (json_int_t)v);
    rc = sp_agreement_add_target(sp_req_ctx(req), id, in);
    json_decref(in);
  }
  if (rc != SP_OK)
    return form_error(req, rc, id, echo);
  json_decref(echo);
  return back_to(req, id, "targets");
}

enum sp_rc sp__h_agreement_action(struct sp_req *req) {
  static const char *const fields[] = {"title", "owner_org_id", "due_date", "parent_id", NULL};
  int64_t id, aid = 0;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK)
    return rc;
  json_t *echo = echo_fields(req, fields);
  json_t *in = json_pack("{s:O}", "title", json_object_get(echo, "title"));
  const char *owner = sp_req_form(req, "owner_org_id"), *due = sp_req_form(req, "due_date"),
             *parent = sp_req_form(req, "parent_id");
  if (owner && *owner)
    json_object_set_new(in, "owner_org_id", json_integer(sp__parse_id(owner)));
  if (due && *due)
    json_object_set_new(in, "due_date", json_string(due));
  if (parent && *parent)
    json_object_set_new(in, "parent_id", json_integer(sp__parse_id(parent)));
  rc = sp_agreement_add_action(sp_req_ctx(req), id, in, &aid);
  json_decref(in);
  if (rc != SP_OK)
    return form_error(req, rc, id, echo);
  json_decref(echo);
  return back_to(req, id, "actions");
}

enum sp_rc sp__h_agreement_action_update(struct sp_req *req) {
  static const char *const fields[] = {"action_id", "status", "progress", NULL};
  int64_t id;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK)
    return rc;
  json_t *echo = echo_fields(req, fields);
  int64_t aid = sp__parse_id(sp_req_form(req, "action_id"));
  const char *p = sp_req_form(req, "progress");
  char *end = NULL;
  long pv = p && *p ? strtol(p, &end, 10) : 0;
  if (!aid)
    rc = sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "action_id", "Choose an action");
  else if (p && *p && (!end || *end))
    rc = sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "progress", "Enter progress as a whole number from 0 to 100");
  else
    rc = sp_agreement_update_action(sp_req_ctx(req), aid, sp_req_form(req, "status"), (int)pv);
  if (rc != SP_OK)
    return form_error(req, rc, id, echo);
  json_decref(echo);
  return back_to(req, id, "actions");
}

enum sp_rc sp__h_agreement_publish(struct sp_req *req) {
  int64_t id;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK)
    return rc;
  rc = sp_agreement_publish(sp_req_ctx(req), id);
  if (rc != SP_OK)
    return form_error(req, rc == SP_ESTATE ? SP_ECONFLICT : rc, id, json_object());
  return back_to(req, id, "summary");
}

/* ---- a new agreement -------------------------------------------------------- */

static json_t *new_form(struct sp_ctx *ctx, json_t *f) {
  json_t *vocab = NULL;
  if (sp_agreement_vocabulary(ctx, &vocab) != SP_OK)
    vocab = json_pack("{s:[]}", "kinds");
  const char *kind = json_string_value(json_object_get(f, "kind"));
  mark_kind(json_object_get(vocab, "kinds"), kind);
  json_t *data = json_pack("{s:O, s:o}", "kinds", json_object_get(vocab, "kinds"), "f", f);
  json_decref(vocab);
  return data;
}

enum sp_rc sp__h_agreement_new(struct sp_req *req) {
  enum sp_rc rc = sp_policy_check(sp_req_ctx(req), SP_ACT_AGREEMENT_EDIT);
  if (rc != SP_OK)
    return rc;
  return sp_resp_page(req, 200, "agree_new", "Add an agreement", new_form(sp_req_ctx(req), json_object()));
}

enum sp_rc sp__h_agreement_create(struct sp_req *req) {
  static const char *const fields[] = {"kind", "title", "sector", "term_start", "term_end", "aims", NULL};
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *echo = echo_fields(req, fields);
  json_t *in = json_object();
  for (size_t i = 0; i < 5; i++) {
    const char *v = json_string_value(json_object_get(echo, fields[i]));
    if (v && *v)
      json_object_set_new(in, fields[i], json_string(v));
  }
  /* Aims: one per line. */
  json_t *aims = json_array();
  const char *text = json_string_value(json_object_get(echo, "aims"));
  while (text && *text) {
    const char *nl = strchr(text, '\n');
    size_t len = nl ? (size_t)(nl - text) : strlen(text);
    while (len > 0 && (text[len - 1] == '\r' || text[len - 1] == ' '))
      len--;
    if (len > 0)
      json_array_append_new(aims, json_stringn(text, len));
    text = nl ? nl + 1 : NULL;
  }
  json_object_set_new(in, "aims", aims);
  int64_t id = 0;
  enum sp_rc rc = sp_agreement_create(ctx, in, &id);
  json_decref(in);
  if (rc != SP_OK) {
    if (rc == SP_EINVAL || rc == SP_ECONFLICT)
      return sp_resp_form_error(req, rc, "agree_new", "Add an agreement", new_form(ctx, echo));
    json_decref(echo);
    return rc;
  }
  json_decref(echo);
  return back_to(req, id, "summary");
}
