/*
 * plan.c: an agreement's action plan (actions, sub-actions, progress rolled
 * up), its reviews on the clock, and the annual report assembled from the
 * records (see agree.h).
 *
 * The review clock. Each kind's cadence is data (agreement_kinds):
 *  - sector compact: reviews at six-monthly intervals, a formal review
 *    towards the end of each year (000_7a3ba3d30b329542.txt Q3);
 *  - local compact: kept under review during its first six months and
 *    annually thereafter (003_74d2a3b73f9382d8.txt "Shared aims"), read as a
 *    review at six months, then every twelve months after that one.
 * Review k falls due on the last day of its interval: term_start plus
 * (first + (k-1) * cadence) months, less one day, so a compact's third
 * formal review falls due on the last day of its three-year term.
 * Status as of a date: met when a review answering that due date is
 * recorded; otherwise overdue after the due date, due within
 * SP_REVIEW_DUE_WINDOW (28) days before it, upcoming before that.
 */
#include <string.h>

#include "agree.h"
#include "agree_int.h"
#include "core/audit.h"
#include "base/date.h"
#include "core/policy.h"
#include "base/record.h"

const char *sp_review_status_name(enum sp_review_status s) {
  switch (s) {
  case SP_REVIEW_UPCOMING:
    return "upcoming";
  case SP_REVIEW_DUE:
    return "due";
  case SP_REVIEW_OVERDUE:
    return "overdue";
  case SP_REVIEW_MET:
    return "met";
  }
  return "unknown";
}

enum sp_review_status sp_review_status_at(int32_t due, int32_t held_on, int32_t as_of) {
  if (held_on != SP_DATE_NONE && held_on <= as_of)
    return SP_REVIEW_MET;
  if (as_of > due)
    return SP_REVIEW_OVERDUE;
  if (as_of >= due - SP_REVIEW_DUE_WINDOW)
    return SP_REVIEW_DUE;
  return SP_REVIEW_UPCOMING;
}

int sp_review_schedule(int32_t term_start, int32_t term_end, int32_t horizon, int first_months,
                       int cadence_months, int formal_every, int32_t *due, int *formal, int max) {
  if (first_months <= 0 || cadence_months <= 0 || term_start == SP_DATE_NONE)
    return 0;
  int32_t last = term_end != SP_DATE_NONE ? term_end : horizon;
  int n = 0;
  for (int k = 1; n < max; k++) {
    int32_t d = sp_date_add_months(term_start, first_months + (k - 1) * cadence_months) - 1;
    if (d > last)
      break;
    due[n] = d;
    formal[n] = formal_every > 0 && k % formal_every == 0;
    n++;
  }
  return n;
}

#define MAX_REVIEWS 64

struct schedule {
  int n;
  int32_t due[MAX_REVIEWS];
  int formal[MAX_REVIEWS];
};

static enum sp_rc load_schedule(struct sp_ctx *ctx, int64_t id, int32_t as_of, struct schedule *s,
                                json_t **agreement) {
  char msg[64];
  snprintf(msg, sizeof(msg), "there is no agreement %lld", (long long)id);
  json_t *a = NULL;
  enum sp_rc rc = sp__agree_row(ctx, &a, msg,
                                "SELECT a.id, a.kind, a.title, a.term_start, a.term_end, k.first_review_months,"
                                " k.cadence_months, k.formal_every, k.source FROM agreements a"
                                " JOIN agreement_kinds k ON k.code=a.kind WHERE a.id=?",
                                "i", id);
  if (rc != SP_OK)
    return rc;
  int32_t horizon = sp_date_add_months(as_of == SP_DATE_NONE ? sp_ctx_today(ctx) : as_of, 12);
  s->n = sp_review_schedule(sp__agree_jdate(a, "term_start"), sp__agree_jdate(a, "term_end"), horizon,
                            (int)sp__agree_jint(a, "first_review_months"),
                            (int)sp__agree_jint(a, "cadence_months"), (int)sp__agree_jint(a, "formal_every"),
                            s->due, s->formal, MAX_REVIEWS);
  *agreement = a;
  return SP_OK;
}

json_t *sp__agree_reviews(struct sp_ctx *ctx, int64_t id, int32_t as_of, enum sp_rc *rc) {
  struct schedule s;
  json_t *a = NULL, *held = NULL, *out = NULL;
  *rc = load_schedule(ctx, id, as_of, &s, &a);
  if (*rc != SP_OK)
    return NULL;
  *rc = sp__agree_rows(ctx, &held,
                       "SELECT scheduled_for, held_on, notes FROM agreement_reviews WHERE agreement_id=?", "i", id);
  if (*rc != SP_OK)
    goto out;
  out = json_array();
  for (int i = 0; i < s.n; i++) {
    char d[SP_DATE_BUFSZ];
    sp_date_format(s.due[i], d);
    int32_t held_on = SP_DATE_NONE;
    const char *notes = NULL;
    size_t j;
    json_t *h;
    json_array_foreach(held, j, h) {
      if (strcmp(sp_rec_str(h, "scheduled_for", ""), d) == 0) {
        held_on = sp__agree_jdate(h, "held_on");
        notes = sp_rec_str(h, "notes", "");
      }
    }
    char hb[SP_DATE_BUFSZ];
    enum sp_review_status st = sp_review_status_at(s.due[i], held_on, as_of);
    json_array_append_new(out, json_pack("{s:i, s:s, s:b, s:s, s:s?, s:s?, s:s}", "number", i + 1, "due", d,
                                         "formal", s.formal[i], "status", sp_review_status_name(st),
                                         "held_on", held_on == SP_DATE_NONE ? NULL : sp_date_format(held_on, hb),
                                         "notes", notes, "source", sp_rec_str(a, "source", "")));
  }
out:
  json_decref(held);
  json_decref(a);
  return out;
}

struct review_arg {
  int64_t id;
  int32_t scheduled_for, held_on;
  const char *notes;
};

static enum sp_rc review_tx(struct sp_ctx *ctx, void *arg) {
  struct review_arg *r = arg;
  struct schedule s;
  json_t *a = NULL, *held = NULL;
  char b1[SP_DATE_BUFSZ], b2[SP_DATE_BUFSZ];
  enum sp_rc rc = load_schedule(ctx, r->id, r->held_on, &s, &a);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__agree_may_edit(ctx, r->id)) != SP_OK)
    goto out;
  if (s.n == 0) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "kind",
                     "agreement %lld (%s) has no review cadence in its source (%s)", (long long)r->id,
                     sp_rec_str(a, "kind", ""), sp_rec_str(a, "source", ""));
    goto out;
  }
  if (r->held_on < sp__agree_jdate(a, "term_start")) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "held_on", "held_on %s is before the agreement's term starts",
                     sp_date_format(r->held_on, b1));
    goto out;
  }
  if ((rc = sp__agree_rows(ctx, &held, "SELECT scheduled_for FROM agreement_reviews WHERE agreement_id=?", "i",
                           r->id)) != SP_OK)
    goto out;
  int pick = -1;
  for (int i = 0; i < s.n && pick < 0; i++) {
    sp_date_format(s.due[i], b1);
    int taken = 0;
    size_t j;
    json_t *h;
    json_array_foreach(held, j, h) taken |= strcmp(sp_rec_str(h, "scheduled_for", ""), b1) == 0;
    if (r->scheduled_for == SP_DATE_NONE ? !taken : s.due[i] == r->scheduled_for)
      pick = i;
  }
  if (pick < 0) {
    if (r->scheduled_for != SP_DATE_NONE)
      rc = sp_ctx_fail(ctx, SP_EINVAL, "scheduled_for",
                       "no review of this agreement is scheduled for %s; reviews follow the cadence in %s",
                       sp_date_format(r->scheduled_for, b1), sp_rec_str(a, "source", ""));
    else
      rc = sp_ctx_fail(ctx, SP_ECONFLICT, "held_on", "every scheduled review of agreement %lld is already recorded",
                       (long long)r->id);
    goto out;
  }
  rc = sp__agree_exec(ctx, NULL,
                      "INSERT INTO agreement_reviews(agreement_id, scheduled_for, held_on, formal, notes) VALUES (?,?,?,?,?)",
                      "iddis", r->id, s.due[pick], r->held_on, (int64_t)s.formal[pick], r->notes);
  if (rc == SP_ECONFLICT)
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "scheduled_for", "the review due %s is already recorded",
                     sp_date_format(s.due[pick], b1));
  if (rc != SP_OK)
    goto out;
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)r->id);
  json_t *after = json_pack("{s:s, s:s, s:s?}", "scheduled_for", sp_date_format(s.due[pick], b1), "held_on",
                            sp_date_format(r->held_on, b2), "notes", r->notes);
  rc = sp_audit_append(ctx, "review", "agreement", idbuf, NULL, after);
  json_decref(after);
out:
  json_decref(held);
  json_decref(a);
  return rc;
}

enum sp_rc sp_agreement_record_review(struct sp_ctx *ctx, int64_t id, int32_t scheduled_for,
                                      int32_t held_on, const char *notes) {
  if (held_on == SP_DATE_NONE)
    return sp_ctx_fail(ctx, SP_EINVAL, "held_on", "held_on is required");
  if (notes && strlen(notes) > 4000)
    return sp_ctx_fail(ctx, SP_EINVAL, "notes", "notes must be at most 4000 characters");
  struct review_arg r = {id, scheduled_for, held_on, notes};
  return sp__agree_tx(ctx, review_tx, &r);
}

/* ---- action plan --------------------------------------------------------- */

/* Progress of one action: done is 100; an action with sub-actions takes the
 * mean of its sub-actions' progress (dropped ones left out); otherwise its
 * own recorded progress. Returns -1 for a dropped action. */
static int rollup(json_t *action) {
  const char *status = sp_rec_str(action, "status", "");
  json_t *subs = json_object_get(action, "sub_actions");
  int sum = 0, n = 0;
  size_t i;
  json_t *s;
  json_array_foreach(subs, i, s) {
    int p = rollup(s);
    if (p >= 0) {
      sum += p;
      n++;
    }
  }
  int progress;
  if (strcmp(status, "dropped") == 0)
    progress = -1;
  else if (strcmp(status, "done") == 0)
    progress = 100;
  else if (n > 0)
    progress = sum / n;
  else
    progress = (int)sp__agree_jint(action, "progress");
  json_object_set_new(action, "progress", progress < 0 ? json_null() : json_integer(progress));
  return progress;
}

static json_t *children(json_t *all, int64_t parent, int32_t as_of, int depth) {
  json_t *out = json_array();
  size_t i;
  json_t *a;
  json_array_foreach(all, i, a) {
    if (sp__agree_jint(a, "parent_id") != parent || depth > 16)
      continue;
    json_t *c = json_deep_copy(a);
    const char *st = sp_rec_str(c, "status", "");
    int32_t due = sp__agree_jdate(c, "due_date");
    json_object_set_new(c, "overdue",
                        json_boolean(due != SP_DATE_NONE && as_of > due && strcmp(st, "done") != 0 &&
                                     strcmp(st, "dropped") != 0));
    json_object_set_new(c, "sub_actions", children(all, sp__agree_jint(a, "id"), as_of, depth + 1));
    json_array_append_new(out, c);
  }
  return out;
}

json_t *sp__agree_actions_tree(struct sp_ctx *ctx, int64_t id, int32_t as_of, enum sp_rc *rc) {
  json_t *all = NULL;
  *rc = sp__agree_rows(ctx, &all,
                       "SELECT a.id, coalesce(a.parent_id, 0) AS parent_id, a.title, a.owner_org_id,"
                       " o.name AS owner_name, a.due_date, a.status, a.progress FROM agreement_actions a"
                       " LEFT JOIN orgs o ON o.id=a.owner_org_id WHERE a.agreement_id=? ORDER BY a.id",
                       "i", id);
  if (*rc != SP_OK)
    return NULL;
  json_t *tree = children(all, 0, as_of, 0);
  size_t i;
  json_t *a;
  json_array_foreach(tree, i, a) rollup(a);
  json_decref(all);
  return tree;
}

static int status_ok(const char *s) {
  return s && (strcmp(s, "not_started") == 0 || strcmp(s, "in_progress") == 0 ||
               strcmp(s, "done") == 0 || strcmp(s, "dropped") == 0);
}

struct action_arg {
  int64_t id, action_id;
  const json_t *in;
  const char *status;
  int progress;
};

static enum sp_rc add_action_tx(struct sp_ctx *ctx, void *arg) {
  struct action_arg *a = arg;
  static const char *const keys[] = {"title", "owner_org_id", "due_date", "status", "progress", "parent_id", NULL};
  const char *title = NULL, *status = "not_started";
  int64_t owner = 0, parent = 0, progress = 0;
  int32_t due = SP_DATE_NONE;
  json_t *row = NULL;
  enum sp_rc rc;
  char msg[64];
  snprintf(msg, sizeof(msg), "there is no agreement %lld", (long long)a->id);
  if ((rc = sp__agree_row(ctx, &row, msg, "SELECT id FROM agreements WHERE id=?", "i", a->id)) != SP_OK)
    return rc;
  json_decref(row);
  if ((rc = sp__agree_may_edit(ctx, a->id)) != SP_OK)
    return rc;
  if (!json_is_object(a->in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "an action must be a JSON object");
  if ((rc = sp__agree_known_keys(ctx, a->in, "", keys)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "title", 1, 500, &title)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "status", 0, 20, &status)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "owner_org_id", 0, &owner)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "parent_id", 0, &parent)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "progress", 0, &progress)) != SP_OK ||
      (rc = sp__agree_date(ctx, a->in, "", "due_date", 0, &due)) != SP_OK)
    return rc;
  if (!status_ok(status))
    return sp_ctx_fail(ctx, SP_EINVAL, "status", "status must be not_started, in_progress, done or dropped");
  if (progress < 0 || progress > 100)
    return sp_ctx_fail(ctx, SP_EINVAL, "progress", "progress must be 0 to 100 per cent");
  if (strcmp(status, "done") == 0)
    progress = 100;
  if (owner) {
    rc = sp__agree_row(ctx, &row, "no org", "SELECT id FROM orgs WHERE id=?", "i", owner);
    if (rc == SP_ENOTFOUND)
      return sp_ctx_fail(ctx, SP_EINVAL, "owner_org_id", "there is no organisation %lld", (long long)owner);
    json_decref(row);
    if (rc != SP_OK)
      return rc;
  }
  if (parent) {
    rc = sp__agree_row(ctx, &row, "no parent", "SELECT id FROM agreement_actions WHERE id=? AND agreement_id=?",
                       "ii", parent, a->id);
    if (rc == SP_ENOTFOUND)
      return sp_ctx_fail(ctx, SP_EINVAL, "parent_id", "action %lld is not in agreement %lld's action plan",
                         (long long)parent, (long long)a->id);
    json_decref(row);
    if (rc != SP_OK)
      return rc;
  }
  rc = sp__agree_exec(ctx, &a->action_id,
                      "INSERT INTO agreement_actions(agreement_id, parent_id, title, owner_org_id, due_date, status, progress)"
                      " VALUES (?,?,?,?,?,?,?)",
                      "iIsIdsi", a->id, parent, title, owner, due, status, progress);
  if (rc != SP_OK)
    return rc;
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)a->action_id);
  return sp_audit_append(ctx, "create", "agreement_action", idbuf, NULL, a->in);
}

enum sp_rc sp_agreement_add_action(struct sp_ctx *ctx, int64_t id, const json_t *in, int64_t *action_id) {
  struct action_arg a = {.id = id, .in = in};
  enum sp_rc rc = sp__agree_tx(ctx, add_action_tx, &a);
  if (rc == SP_OK && action_id)
    *action_id = a.action_id;
  return rc;
}

static enum sp_rc update_action_tx(struct sp_ctx *ctx, void *arg) {
  struct action_arg *a = arg;
  json_t *row = NULL;
  char msg[64];
  snprintf(msg, sizeof(msg), "there is no action %lld", (long long)a->action_id);
  enum sp_rc rc = sp__agree_row(ctx, &row, msg,
                                "SELECT id, agreement_id, status, progress FROM agreement_actions WHERE id=?", "i",
                                a->action_id);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__agree_may_update_action(ctx, sp__agree_jint(row, "agreement_id"))) != SP_OK)
    goto out;
  if (!status_ok(a->status)) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "status", "status must be not_started, in_progress, done or dropped");
    goto out;
  }
  if (a->progress < 0 || a->progress > 100) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "progress", "progress must be 0 to 100 per cent");
    goto out;
  }
  int progress = strcmp(a->status, "done") == 0 ? 100 : a->progress;
  if ((rc = sp__agree_exec(ctx, NULL, "UPDATE agreement_actions SET status=?, progress=? WHERE id=?", "sii",
                           a->status, (int64_t)progress, a->action_id)) != SP_OK)
    goto out;
  json_t *after = json_pack("{s:s, s:i}", "status", a->status, "progress", progress);
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)a->action_id);
  rc = sp_audit_append(ctx, "update", "agreement_action", idbuf, row, after);
  json_decref(after);
out:
  json_decref(row);
  return rc;
}

enum sp_rc sp_agreement_update_action(struct sp_ctx *ctx, int64_t action_id, const char *status, int progress) {
  struct action_arg a = {.action_id = action_id, .status = status, .progress = progress};
  return sp__agree_tx(ctx, update_action_tx, &a);
}

/* ---- annual report ------------------------------------------------------- */

enum sp_rc sp_agreement_report(struct sp_ctx *ctx, int64_t id, int year, json_t **out) {
  json_t *a = NULL;
  if (year < 1 || year > 50)
    return sp_ctx_fail(ctx, SP_EINVAL, "year", "year must be 1 (the first twelve months of the term) or later");
  enum sp_rc rc = sp_agreement_get(ctx, id, sp_ctx_today(ctx), &a);
  if (rc != SP_OK)
    return rc;
  int32_t ts = sp__agree_jdate(a, "term_start"), te = sp__agree_jdate(a, "term_end");
  int32_t ps = sp_date_add_months(ts, 12 * (year - 1)), pe = sp_date_add_months(ts, 12 * year) - 1;
  char b1[SP_DATE_BUFSZ], b2[SP_DATE_BUFSZ];
  if (te != SP_DATE_NONE && ps > te) {
    json_decref(a);
    return sp_ctx_fail(ctx, SP_EINVAL, "year", "the agreement's term ends before year %d", year);
  }
  json_decref(a);
  /* Re-read as of the year's last day so reviews and overdue flags are as
   * they stood then. */
  if ((rc = sp_agreement_get(ctx, id, pe, &a)) != SP_OK)
    return rc;
  json_t *targets = json_array(), *reviews = json_array(), *signed_in = json_array();
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(a, "targets"), i, v) {
    if (sp__agree_jdate(v, "period_start") <= pe && sp__agree_jdate(v, "period_end") >= ps)
      json_array_append(targets, v);
  }
  json_array_foreach(json_object_get(a, "reviews"), i, v) {
    int32_t d = sp__agree_jdate(v, "due");
    if (d >= ps && d <= pe)
      json_array_append(reviews, v);
  }
  int64_t cumulative = 0;
  json_array_foreach(json_object_get(json_object_get(a, "signatories"), "items"), i, v) {
    int32_t d = sp__agree_jdate(v, "signed_on");
    if (d <= pe)
      cumulative++;
    if (d >= ps && d <= pe)
      json_array_append(signed_in, v);
  }
  json_t *funding = NULL;
  rc = sp__agree_row(ctx, &funding, "none",
                     "SELECT coalesce(sum(a.amount_pence),0) AS allocated_pence,"
                     " coalesce((SELECT sum(s.amount_pence) FROM allocation_spend s JOIN allocations x"
                     "  ON x.id=s.allocation_id WHERE x.agreement_id=?1 AND s.kind='delivered'"
                     "  AND s.on_date BETWEEN ?2 AND ?3),0) AS delivered_pence,"
                     " coalesce((SELECT sum(s.amount_pence) FROM allocation_spend s JOIN allocations x"
                     "  ON x.id=s.allocation_id WHERE x.agreement_id=?1 AND s.kind='committed'"
                     "  AND s.on_date BETWEEN ?2 AND ?3),0) AS committed_pence"
                     " FROM allocations a WHERE a.agreement_id=?1 AND a.period_start<=?3 AND a.period_end>=?2",
                     "idd", id, ps, pe);
  if (rc != SP_OK) {
    json_decref(targets);
    json_decref(reviews);
    json_decref(signed_in);
    json_decref(a);
    return rc;
  }
  *out = json_pack("{s:{s:I, s:s, s:s, s:s}, s:i, s:s, s:s, s:o, s:{s:o, s:I, s:O}, s:o, s:O, s:o, s:s}",
                   "agreement", "id", (json_int_t)id, "title", sp_rec_str(a, "title", ""), "kind",
                   sp_rec_str(a, "kind", ""), "state", sp_rec_str(a, "state", ""), "year", year,
                   "period_start", sp_date_format(ps, b1), "period_end", sp_date_format(pe, b2), "targets", targets,
                   "signatories", "signed_in_year", signed_in, "signed_by_year_end", (json_int_t)cumulative,
                   "target", json_object_get(a, "signatories"), "reviews", reviews, "actions",
                   json_object_get(a, "actions"), "funding", funding, "source",
                   "003_74d2a3b73f9382d8.txt \"Shared aims\" (a brief report each year); 000_7a3ba3d30b329542.txt Q3");
  json_decref(a);
  if (!*out)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory assembling the report");
  /* Money to providers is for funders and DfE, as on the agreement page. */
  if (!sp_policy_allows(sp_ctx_role(ctx), SP_ACT_FUNDING_EDIT))
    json_object_set_new(*out, "funding", json_null());
  return SP_OK;
}
