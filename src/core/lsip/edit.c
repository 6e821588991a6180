/*
 * edit.c: edit, delete, reorder and withdraw for what the body and the
 * MCA/GLA record on a plan (see edit.h). An edit merges the change into the
 * stored record, runs the add function on the merged record inside a
 * transaction that is then rolled back (so the add's rules, role checks and
 * state checks are the only ones, written once in plan.c and interests.c),
 * and then writes the change with its audit entry in a transaction of its
 * own. The stale-form digest ("rev") is FNV-1a over the record's JSON with
 * sorted keys.
 */
#include "edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/store.h"
#include "../policy.h"
#include "lsip.h"
#include "base/record.h"
#include "lsip_int.h"

struct kind {
  const char *name;  /* "need" */
  const char *table; /* "lsip_needs" */
  const char *what;  /* in messages: "employer need" */
  const char *sql;   /* the row, by id */
  const char *const *fields; /* what the add function takes */
};

static const char *const need_fields[] = {"title", "description", "employers", NULL};
static const char *const priority_fields[] = {
    "title",   "route_code",        "pathway_code",  "level_min",     "level_max",
    "outcome", "skills_components", "change_needed", "retain_expand", "providers", NULL};
static const char *const action_fields[] = {"title",    "owner_kind", "owner_org_id",
                                            "due_date", "status",     "priority_id", NULL};
static const char *const evidence_fields[] = {"title", "source", "why_robust", NULL};
static const char *const interest_fields[] = {"person_name",       "user_id", "interest_org_id",
                                              "interest_org_name", "nature",  "training_interests",
                                              NULL};

static const struct kind kinds[] = {
    {"need", "lsip_needs", "employer need",
     "SELECT id, plan_id, title, description FROM lsip_needs WHERE id = ?", need_fields},
    {"priority", "lsip_priorities", "priority",
     "SELECT id, plan_id, title, route_code, pathway_code, level_min, level_max, outcome,"
     " skills_components, change_needed, retain_expand, ord FROM lsip_priorities WHERE id = ?",
     priority_fields},
    {"action", "lsip_actions", "action",
     "SELECT id, plan_id, title, owner_kind, owner_org_id, due_date, status, priority_id FROM"
     " lsip_actions WHERE id = ?",
     action_fields},
    {"evidence", "lsip_evidence", "evidence source",
     "SELECT id, plan_id, title, source, why_robust FROM lsip_evidence WHERE id = ?",
     evidence_fields},
    {"interest", "lsip_interests", "register entry",
     "SELECT i.id, i.designation_id, i.person_name, i.user_id, i.interest_org_id,"
     " i.interest_org_name, i.nature, i.training_interests, i.declared_on, i.ended_on,"
     " d.area_code FROM lsip_interests i JOIN lsip_designations d ON d.id = i.designation_id"
     " WHERE i.id = ?",
     interest_fields},
};

static const struct kind *kind_of(const char *name) {
  for (size_t i = 0; name && i < SP_ARRAY_LEN(kinds); i++)
    if (!strcmp(kinds[i].name, name))
      return &kinds[i];
  return NULL;
}

static int editable_state(const char *s) {
  return s && (!strcmp(s, "draft") || !strcmp(s, "returned") || !strcmp(s, "under_review"));
}

/* FNV-1a 64 of the record's JSON (sorted keys) as 16 hex digits. */
static void digest(const json_t *rec, char out[17]) {
  char *s = json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS);
  uint64_t h = 1469598103934665603ULL;
  for (const char *p = s ? s : ""; *p; p++) {
    h ^= (unsigned char)*p;
    h *= 1099511628211ULL;
  }
  free(s);
  snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* Removes keys whose value is null (the add functions read absent ones). */
static void drop_nulls(json_t *o) {
  const char *k;
  json_t *v;
  void *tmp;
  json_object_foreach_safe(o, tmp, k, v) if (json_is_null(v)) json_object_del(o, k);
}

enum sp_rc sp_lsip_item_get(struct sp_ctx *ctx, const char *kind_name, int64_t id, json_t **out) {
  *out = NULL;
  const struct kind *k = kind_of(kind_name);
  if (!k)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "there is no kind of plan record '%.40s'",
                       kind_name ? kind_name : "");
  if (sp_ctx_role(ctx) == SP_ROLE_PUBLIC)
    return sp_ctx_fail(ctx, SP_EAUTH, NULL, "sign in to see the records behind a plan");
  json_t *row = NULL, *sub = NULL, *plan = NULL;
  enum sp_rc rc = sp__lsip_row(ctx, &row, k->sql, "i", id);
  if (rc != SP_OK)
    return rc;
  if (!row)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "id", "there is no %s with id %lld", k->what,
                       (long long)id);
  drop_nulls(row);
  if (!strcmp(k->name, "need")) {
    rc = sp__lsip_rows(ctx, &sub,
                       "SELECT employer_name AS name, org_id, small_firm FROM lsip_need_employers"
                       " WHERE need_id = ? ORDER BY employer_name",
                       "i", id);
    size_t i;
    json_t *e;
    json_array_foreach(sub, i, e) {
      drop_nulls(e);
      json_object_set_new(e, "small_firm",
                          json_boolean(json_integer_value(json_object_get(e, "small_firm"))));
    }
    if (rc == SP_OK)
      json_object_set_new(row, "employers", sub);
  } else if (!strcmp(k->name, "priority")) {
    json_t *ids = NULL;
    rc = sp__lsip_rows(ctx, &ids,
                       "SELECT org_id FROM lsip_priority_providers WHERE priority_id = ? ORDER BY"
                       " org_id",
                       "i", id);
    if (rc == SP_OK) {
      json_t *list = json_array();
      size_t i;
      json_t *e;
      json_array_foreach(ids, i, e) json_array_append(list, json_object_get(e, "org_id"));
      json_object_set_new(row, "providers", list);
    }
    json_decref(ids);
  }
  if (rc != SP_OK)
    goto out;
  char rev[17];
  digest(row, rev);
  if (json_object_get(row, "plan_id")) {
    rc = sp__lsip_row(ctx, &plan, "SELECT area_code, state FROM lsip_plans WHERE id = ?", "i",
                      (int64_t)json_integer_value(json_object_get(row, "plan_id")));
    if (rc != SP_OK)
      goto out;
    json_object_set(row, "area_code", json_object_get(plan, "area_code"));
    json_object_set(row, "plan_state", json_object_get(plan, "state"));
    json_object_set_new(row, "editable",
                        json_boolean(editable_state(sp_rec_str(plan, "state", NULL))));
  } else {
    json_object_set_new(row, "editable", json_boolean(!json_object_get(row, "ended_on")));
  }
  json_object_set_new(row, "rev", json_string(rev));
  *out = row;
  row = NULL;
out:
  json_decref(row);
  json_decref(plan);
  return rc;
}

/* Refuses a stale form: rev given and not the record's. */
static enum sp_rc check_rev(struct sp_ctx *ctx, const struct kind *k, const json_t *cur,
                            const char *rev) {
  if (!rev || !*rev || !strcmp(rev, sp_rec_str(cur, "rev", NULL)))
    return SP_OK;
  return sp_ctx_fail(ctx, SP_ECONFLICT, "rev",
                     "This %s was changed by someone else after you opened the page. Your change "
                     "was not saved: check the %s as it is now and make your change again.",
                     k->what, k->what);
}

/* The ERB's right to change the record: its area's body, the plan editable
 * (records of plans) or the entry of the live designation (interests). */
static enum sp_rc may_change(struct sp_ctx *ctx, const struct kind *k, const json_t *cur) {
  int64_t did = 0;
  enum sp_rc rc = sp__lsip_erb_of_area(ctx, sp_rec_str(cur, "area_code", NULL), &did, NULL);
  if (rc != SP_OK)
    return rc;
  if (!strcmp(k->name, "interest")) {
    if (json_integer_value(json_object_get(cur, "designation_id")) != did)
      return sp_ctx_fail(ctx, SP_ESTATE, "id",
                         "this entry belongs to the register of an earlier designation, which is "
                         "kept as it was (section 4.2)");
    return SP_OK;
  }
  const char *state = sp_rec_str(cur, "plan_state", NULL);
  if (!editable_state(state))
    return sp_ctx_fail(ctx, SP_ESTATE, "state",
                       "the plan is %s: its records are frozen once it is submitted; changes go "
                       "into the next version while it is a draft, returned with feedback, or "
                       "under review (sections 6.5, 6.6)",
                       state ? state : "unknown");
  return SP_OK;
}

/* Runs the add function of kind k on rec for its rules only. */
static enum sp_rc try_add(struct sp_ctx *ctx, const struct kind *k, const json_t *cur,
                          const json_t *rec) {
  struct sp_store *store = sp_ctx_store(ctx);
  int64_t plan = json_integer_value(json_object_get(cur, "plan_id")), tmp = 0;
  enum sp_rc rc = sp_store_begin(store, ctx);
  if (rc != SP_OK)
    return rc;
  if (!strcmp(k->name, "need"))
    rc = sp_lsip_need_add(ctx, plan, rec, &tmp);
  else if (!strcmp(k->name, "priority"))
    rc = sp_lsip_priority_add(ctx, plan, rec, &tmp);
  else if (!strcmp(k->name, "action"))
    rc = sp_lsip_action_add(ctx, plan, rec, &tmp);
  else if (!strcmp(k->name, "evidence"))
    rc = sp_lsip_evidence_add(ctx, plan, rec, &tmp);
  else
    rc = sp_lsip_interest_add(ctx, sp_rec_str(cur, "area_code", NULL), rec, &tmp);
  sp_store_rollback(store);
  return rc;
}

static int64_t int_of(const json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* Writes the merged record over row id (inside a transaction). */
static enum sp_rc write_row(struct sp_ctx *ctx, const struct kind *k, int64_t id,
                            const json_t *rec) {
  enum sp_rc rc;
  const char *s = NULL;
#define S(key) sp_rec_str(rec, key, NULL)
#define OR(key, d) ((s = S(key)) ? s : (d))
  if (!strcmp(k->name, "need")) {
    rc = sp__lsip_exec(ctx, "UPDATE lsip_needs SET title = ?, description = ? WHERE id = ?",
                       "ssi", S("title"), OR("description", ""), id);
    if (rc == SP_OK)
      rc = sp__lsip_exec(ctx, "DELETE FROM lsip_need_employers WHERE need_id = ?", "i", id);
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(rec, "employers"), i, e) {
      if (rc != SP_OK)
        break;
      rc = sp__lsip_exec(ctx,
                         "INSERT INTO lsip_need_employers(need_id, employer_name,"
                         " org_id, small_firm) VALUES (?,?,NULLIF(?,0),?) ON CONFLICT DO NOTHING",
                         "isii", id, sp_rec_str(e, "name", NULL), int_of(e, "org_id"),
                         (int64_t)(sp__lsip_bool(e, "small_firm") == 1));
    }
    return rc;
  }
  if (!strcmp(k->name, "priority")) {
    rc = sp__lsip_exec(ctx,
                       "UPDATE lsip_priorities SET title = ?, route_code = ?, pathway_code = ?,"
                       " level_min = ?, level_max = ?, outcome = ?, skills_components = ?,"
                       " change_needed = ?, retain_expand = ? WHERE id = ?",
                       "sssssssssi", S("title"), S("route_code"), S("pathway_code"),
                       S("level_min"), S("level_max"), S("outcome"), S("skills_components"),
                       S("change_needed"), OR("retain_expand", "change"), id);
    if (rc == SP_OK)
      rc = sp__lsip_exec(ctx, "DELETE FROM lsip_priority_providers WHERE priority_id = ?", "i", id);
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(rec, "providers"), i, e) {
      if (rc != SP_OK)
        break;
      rc = sp__lsip_exec(ctx,
                         "INSERT INTO lsip_priority_providers(priority_id, org_id)"
                         " VALUES (?,?) ON CONFLICT DO NOTHING",
                         "ii", id, (int64_t)json_integer_value(e));
    }
    return rc;
  }
  if (!strcmp(k->name, "action"))
    return sp__lsip_exec(ctx,
                         "UPDATE lsip_actions SET title = ?, owner_kind = ?, owner_org_id ="
                         " NULLIF(?,0), due_date = ?, status = ?, priority_id = NULLIF(?,0)"
                         " WHERE id = ?",
                         "ssissii", S("title"), S("owner_kind"), int_of(rec, "owner_org_id"),
                         S("due_date"), OR("status", "planned"), int_of(rec, "priority_id"), id);
  if (!strcmp(k->name, "evidence"))
    return sp__lsip_exec(ctx,
                         "UPDATE lsip_evidence SET title = ?, source = ?, why_robust = ? WHERE"
                         " id = ?",
                         "sssi", S("title"), S("source"), S("why_robust"), id);
  /* interest: the organisation's own name when one is chosen */
  char org_name[256] = "";
  int64_t org = int_of(rec, "interest_org_id");
  if (!org || !sp__lsip_org_name(ctx, org, org_name, sizeof(org_name)))
    snprintf(org_name, sizeof(org_name), "%s", OR("interest_org_name", ""));
  return sp__lsip_exec(ctx,
                       "UPDATE lsip_interests SET person_name = ?, user_id = NULLIF(?,0),"
                       " interest_org_id = NULLIF(?,0), interest_org_name = ?, nature = ?,"
                       " training_interests = ? WHERE id = ?",
                       "siisssi", S("person_name"), int_of(rec, "user_id"), org, org_name,
                       S("nature"), OR("training_interests", ""), id);
#undef S
#undef OR
}

enum sp_rc sp_lsip_item_edit(struct sp_ctx *ctx, const char *kind_name, int64_t id,
                             const json_t *in) {
  const struct kind *k = kind_of(kind_name);
  json_t *cur = NULL, *rec = NULL, *after = NULL, *before = NULL;
  if (!k)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "there is no kind of plan record '%.40s'",
                       kind_name ? kind_name : "");
  if (!json_is_object(in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "the change must be a JSON object");
  enum sp_rc rc = sp_lsip_item_get(ctx, kind_name, id, &cur);
  if (rc != SP_OK)
    return rc;
  json_t *rv = json_object_get(in, "rev");
  if (rv && !json_is_string(rv)) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "rev", "rev must be the text the record was read with");
    goto out;
  }
  if ((rc = check_rev(ctx, k, cur, json_string_value(rv))) != SP_OK ||
      (rc = may_change(ctx, k, cur)) != SP_OK)
    goto out;
  /* the merged record: what is stored, changed by what was given */
  rec = json_object();
  for (const char *const *f = k->fields; *f; f++) {
    json_t *v = json_object_get(cur, *f);
    if (v)
      json_object_set(rec, *f, v);
  }
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)in, key, v) {
    if (!strcmp(key, "rev"))
      continue;
    if (json_is_null(v))
      json_object_del(rec, key);
    else
      json_object_set(rec, key, v);
  }
  if (!strcmp(k->name, "interest") && json_object_get(in, "interest_org_name") &&
      !json_object_get(in, "interest_org_id"))
    json_object_del(rec, "interest_org_id"); /* a name typed replaces a chosen organisation */
  if ((rc = try_add(ctx, k, cur, rec)) != SP_OK)
    goto out;
  struct sp_store *store = sp_ctx_store(ctx);
  before = json_deep_copy(cur);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    goto out;
  if ((rc = write_row(ctx, k, id, rec)) == SP_OK &&
      (rc = sp_lsip_item_get(ctx, kind_name, id, &after)) == SP_OK &&
      (rc = sp__lsip_audit(ctx, "edit", k->table, id, before, after)) == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
out:
  json_decref(cur);
  json_decref(rec);
  json_decref(before);
  json_decref(after);
  return rc;
}

enum sp_rc sp_lsip_item_delete(struct sp_ctx *ctx, const char *kind_name, int64_t id,
                               const char *rev) {
  const struct kind *k = kind_of(kind_name);
  json_t *cur = NULL;
  if (!k)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "there is no kind of plan record '%.40s'",
                       kind_name ? kind_name : "");
  enum sp_rc rc = sp_lsip_item_get(ctx, kind_name, id, &cur);
  if (rc != SP_OK)
    return rc;
  if ((rc = check_rev(ctx, k, cur, rev)) != SP_OK || (rc = may_change(ctx, k, cur)) != SP_OK)
    goto out;
  if (!strcmp(k->name, "priority")) {
    int64_t n = 0;
    if ((rc = sp__lsip_int(ctx, &n, NULL,
                           "SELECT COUNT(*) FROM lsip_contributions WHERE priority_id = ?", "i",
                           id)) != SP_OK)
      goto out;
    if (n) {
      rc = sp_ctx_fail(ctx, SP_ECONFLICT, "id",
                       "providers have recorded %lld contribution%s to this priority in their "
                       "accountability agreements (section 3.4.2): change it rather than delete it",
                       (long long)n, n == 1 ? "" : "s");
      goto out;
    }
  }
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    goto out;
  if (!strcmp(k->name, "need"))
    rc = sp__lsip_exec(ctx, "DELETE FROM lsip_need_employers WHERE need_id = ?", "i", id);
  else if (!strcmp(k->name, "priority")) {
    rc = sp__lsip_exec(ctx, "DELETE FROM lsip_priority_providers WHERE priority_id = ?", "i", id);
    if (rc == SP_OK)
      rc = sp__lsip_exec(ctx, "UPDATE lsip_actions SET priority_id = NULL WHERE priority_id = ?",
                         "i", id);
    /* the evidence engine's record of adopting a candidate as this priority */
    if (rc == SP_OK)
      rc = sp__lsip_exec(ctx, "DELETE FROM ev_adopted WHERE priority_id = ?", "i", id);
  }
  if (rc == SP_OK) {
    char sql[96];
    snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?", k->table); /* constant table name */
    rc = sp__lsip_exec(ctx, sql, "i", id);
  }
  if (rc == SP_OK)
    rc = sp__lsip_audit(ctx, "delete", k->table, id, cur, NULL);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
out:
  json_decref(cur);
  return rc;
}

enum sp_rc sp_lsip_priority_move(struct sp_ctx *ctx, int64_t id, int dir) {
  const struct kind *k = kind_of("priority");
  json_t *cur = NULL, *ids = NULL;
  enum sp_rc rc = sp_lsip_item_get(ctx, "priority", id, &cur);
  if (rc != SP_OK)
    return rc;
  if ((rc = may_change(ctx, k, cur)) != SP_OK)
    goto out;
  int64_t plan = int_of(cur, "plan_id");
  if ((rc = sp__lsip_rows(ctx, &ids,
                          "SELECT id FROM lsip_priorities WHERE plan_id = ? ORDER BY ord, id", "i",
                          plan)) != SP_OK)
    goto out;
  size_t n = json_array_size(ids), at = n;
  for (size_t i = 0; i < n; i++)
    if (int_of(json_array_get(ids, i), "id") == id)
      at = i;
  if (at == n || (dir < 0 && at == 0) || (dir > 0 && at + 1 >= n)) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "dir", "this priority is already %s in the plan",
                     dir < 0 ? "first" : "last");
    goto out;
  }
  size_t other = dir < 0 ? at - 1 : at + 1;
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    goto out;
  for (size_t i = 0; i < n && rc == SP_OK; i++) {
    size_t pos = i == at ? other : i == other ? at : i;
    rc = sp__lsip_exec(ctx, "UPDATE lsip_priorities SET ord = ? WHERE id = ?", "ii",
                       (int64_t)pos + 1, int_of(json_array_get(ids, i), "id"));
  }
  if (rc == SP_OK) {
    json_t *after = json_pack("{s:I, s:I}", "ord", (json_int_t)other + 1, "was", (json_int_t)at + 1);
    rc = sp__lsip_audit(ctx, "move", k->table, id, cur, after);
    json_decref(after);
  }
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
out:
  json_decref(cur);
  json_decref(ids);
  return rc;
}

/* Deletes the statements of a plan, each audited as `action`; inside a
 * transaction. *n is how many there were. */
static enum sp_rc drop_statements(struct sp_ctx *ctx, int64_t plan_id, const char *action,
                                  size_t *n) {
  json_t *rows = NULL;
  enum sp_rc rc = sp__lsip_rows(ctx, &rows, "SELECT * FROM lsip_mca_statements WHERE plan_id = ?",
                                "i", plan_id);
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    if (rc != SP_OK)
      break;
    int64_t sid = int_of(r, "id");
    rc = sp__lsip_exec(ctx, "DELETE FROM lsip_mca_statements WHERE id = ?", "i", sid);
    if (rc == SP_OK)
      rc = sp__lsip_audit(ctx, action, "lsip_mca_statements", sid, r, NULL);
  }
  *n = json_array_size(rows);
  json_decref(rows);
  return rc;
}

enum sp_rc sp_lsip_mca_statement_give(struct sp_ctx *ctx, int64_t plan_id, const json_t *in,
                                      int64_t *id_out) {
  struct sp_store *store = sp_ctx_store(ctx);
  size_t n = 0;
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_MCA_STATEMENT);
  if (rc != SP_OK || (rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  /* the earlier statement goes only if the new one is accepted: one transaction */
  if ((rc = drop_statements(ctx, plan_id, "replace", &n)) == SP_OK &&
      (rc = sp_lsip_mca_statement(ctx, plan_id, in, id_out)) == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_lsip_mca_statement_withdraw(struct sp_ctx *ctx, int64_t plan_id) {
  json_t *plan = NULL;
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_MCA_STATEMENT);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__lsip_row(ctx, &plan, "SELECT area_code, state FROM lsip_plans WHERE id = ?", "i",
                         plan_id)) != SP_OK)
    return rc;
  if (!plan)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "plan_id", "no plan has id %lld", (long long)plan_id);
  char area[32], state[32];
  snprintf(area, sizeof(area), "%s", sp_rec_str(plan, "area_code", NULL));
  snprintf(state, sizeof(state), "%s", sp_rec_str(plan, "state", NULL));
  json_decref(plan);
  if ((rc = sp__lsip_mca_covers(ctx, area)) != SP_OK)
    return rc;
  if (!editable_state(state))
    return sp_ctx_fail(ctx, SP_ESTATE, "state",
                       "the plan is %s: the statement went with it and stays as given (sections "
                       "3.5, 6.5)",
                       state);
  struct sp_store *store = sp_ctx_store(ctx);
  size_t n = 0;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  rc = drop_statements(ctx, plan_id, "withdraw", &n);
  if (rc == SP_OK && !n)
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "plan_id", "there is no statement on this plan to withdraw");
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}
