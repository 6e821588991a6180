/*
 * plan.c: the LSIP itself (statutory guidance, seeds/004_34ac84fe2e6428e6.txt,
 * sections 5 and 6): its stages A (employer needs), B (priorities co-created
 * with providers) and C (actions), evidence sources, the net zero
 * consideration and MCA/GLA engagement (6.4), the MCA/GLA statement (3.5),
 * and the state machine draft -> submitted -> returned -> resubmitted ->
 * approved -> published -> under_review -> updated, with replacement after
 * three years (6.6). Every state change is audited and kept as a transition.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "../policy.h"
#include "../../store/store.h"
#include "lsip.h"
#include "lsip_int.h"
#include "base/record.h"

enum who { ERB, DFE, ERB_OR_DFE };

/* The transitions, as data: action, from, to, who, rule. */
static const struct {
  const char *action;
  const char *from;
  const char *to;
  enum who who;
} transitions[] = {
    {"submit", "draft", "submitted", ERB},
    {"submit", "returned", "resubmitted", ERB},
    {"return", "submitted", "returned", DFE},
    {"return", "resubmitted", "returned", DFE},
    {"approve", "submitted", "approved", DFE},
    {"approve", "resubmitted", "approved", DFE},
    {"publish", "approved", "published", DFE},
    {"review", "published", "under_review", ERB_OR_DFE},
    {"review", "updated", "under_review", ERB_OR_DFE},
    {"update", "under_review", "updated", ERB},
};

/* Why an action is refused in a state, naming the rule and its section. */
static const struct {
  const char *action;
  const char *rule;
} action_rules[] = {
    {"submit", "only a draft or a returned plan can be submitted to the Secretary of State for "
               "approval (section 6.5)"},
    {"return", "the department returns with its concerns only a plan submitted for approval "
               "(section 6.5)"},
    {"approve", "the Secretary of State approves only a plan submitted for approval; a draft "
                "must be submitted first (section 6.5)"},
    {"publish", "the Secretary of State publishes only approved plans (section 6.6)"},
    {"review", "only a published plan is kept under review (section 6.6)"},
    {"update", "a plan is updated at the end of its review (section 6.6)"},
};

static const char *editable_states[] = {"draft", "returned", "under_review"};

/* Loads a plan as read today: a plan of an area terminated by today reads
 * 'ended' (ended_on the termination date, ended_because "area_terminated")
 * even before sp_lsip_sync_areas records it (SP_LSIP_STATE_ON_READ). */
static enum sp_rc load_plan(struct sp_ctx *ctx, int64_t plan_id, json_t **plan) {
  enum sp_rc rc = sp__lsip_row(ctx, plan,
                               "SELECT p.*, a.valid_to AS area_ended_on, " SP_LSIP_STATE_ON_READ(
                                   "p", "?2") " AS read_state FROM lsip_plans p"
                               " JOIN areas a ON a.code = p.area_code WHERE p.id = ?1",
                               "id", plan_id, sp_ctx_today(ctx));
  if (rc != SP_OK)
    return rc;
  if (!*plan)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "plan_id", "no plan has id %lld", (long long)plan_id);
  const char *stored = sp_rec_str(*plan, "state", NULL), *read = sp_rec_str(*plan, "read_state", NULL);
  if (stored && read && strcmp(stored, read) != 0) {
    json_t *end = json_object_get(*plan, "area_ended_on");
    if (json_object_set(*plan, "ended_on", end ? end : json_null()) != 0 ||
        json_object_set_new(*plan, "ended_because", json_string("area_terminated")) != 0 ||
        json_object_set_new(*plan, "state", json_string(read)) != 0) {
      json_decref(*plan);
      *plan = NULL;
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    }
  }
  json_object_del(*plan, "read_state");
  json_object_del(*plan, "area_ended_on");
  return SP_OK;
}

enum sp_rc sp_lsip_plan_judged_on(struct sp_ctx *ctx, int64_t plan_id, int32_t *out) {
  json_t *row = NULL;
  enum sp_rc rc = sp__lsip_row(ctx, &row,
                               "SELECT p.state, p.first_submitted_on, (SELECT MAX(t.on_date) FROM"
                               " lsip_plan_transitions t WHERE t.plan_id = p.id AND t.action ="
                               " 'submit') AS last_submitted FROM lsip_plans p WHERE p.id = ?",
                               "i", plan_id);
  if (rc != SP_OK)
    return rc;
  if (!row)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "plan_id", "no plan has id %lld", (long long)plan_id);
  const char *state = sp_rec_str(row, "state", NULL);
  const char *sub = sp_rec_str(row, "last_submitted", NULL);
  if (!sub)
    sub = sp_rec_str(row, "first_submitted_on", NULL);
  int32_t d = SP_DATE_NONE;
  *out = sp_ctx_today(ctx);
  if (state && strcmp(state, "draft") != 0 && strcmp(state, "returned") != 0 && sub &&
      sp_date_parse(sub, &d) == SP_OK)
    *out = d;
  json_decref(row);
  return SP_OK;
}

/* The ERB of the plan's area, in a state where it may edit the content. */
static enum sp_rc erb_edit(struct sp_ctx *ctx, int64_t plan_id, json_t **plan, int32_t *eff) {
  enum sp_rc rc = load_plan(ctx, plan_id, plan);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__lsip_erb_of_area(ctx, sp_rec_str(*plan, "area_code", NULL), NULL, eff)) != SP_OK)
    return rc;
  const char *state = sp_rec_str(*plan, "state", NULL);
  for (size_t i = 0; i < SP_ARRAY_LEN(editable_states); i++)
    if (!strcmp(state, editable_states[i]))
      return SP_OK;
  return sp_ctx_fail(ctx, SP_ESTATE, "state",
                     "plan %lld is %s: the body edits a plan while it is a draft, returned with "
                     "feedback, or under review (sections 6.5, 6.6)",
                     (long long)plan_id, state);
}

static enum sp_rc record_transition(struct sp_ctx *ctx, int64_t plan_id, const char *action,
                                    const char *from, const char *to, const char *note) {
  json_t *before = NULL, *after = NULL;
  enum sp_rc rc;
  int32_t today = sp_ctx_today(ctx);
  if ((rc = load_plan(ctx, plan_id, &before)) != SP_OK)
    return rc;
  rc = sp__lsip_exec(ctx,
                     "UPDATE lsip_plans SET state = ?1,"
                     " first_submitted_on = CASE WHEN ?1 = 'submitted' AND first_submitted_on IS"
                     " NULL THEN ?2 ELSE first_submitted_on END,"
                     " approved_on = CASE WHEN ?1 = 'approved' THEN ?2 ELSE approved_on END,"
                     " published_on = CASE WHEN ?1 = 'published' THEN ?2 ELSE published_on END,"
                     " ended_on = CASE WHEN ?1 IN ('replaced','ended') THEN ?2 ELSE ended_on END"
                     " WHERE id = ?3",
                     "sdi", to, today, plan_id);
  if (rc == SP_OK)
    rc = sp__lsip_exec(ctx,
                       "INSERT INTO lsip_plan_transitions(plan_id, from_state, to_state, action,"
                       " on_date, by_user_id, by_name, note) VALUES (?,?,?,?,?,NULLIF(?,0),?,?)",
                       "isssdiss", plan_id, from, to, action, today, sp_ctx_user_id(ctx),
                       sp_ctx_actor_name(ctx), note ? note : "");
  if (rc == SP_OK)
    rc = load_plan(ctx, plan_id, &after);
  if (rc == SP_OK)
    rc = sp__lsip_audit(ctx, action, "lsip_plan", plan_id, before, after);
  json_decref(before);
  json_decref(after);
  return rc;
}

static sp_lsip_submit_check submit_check;

void sp_lsip_set_submit_check(sp_lsip_submit_check fn) { submit_check = fn; }

enum sp_rc sp_lsip_plan_transition(struct sp_ctx *ctx, int64_t plan_id, const char *action,
                                   const char *note) {
  json_t *plan = NULL;
  enum sp_rc rc = load_plan(ctx, plan_id, &plan);
  if (rc != SP_OK)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  char area[32], state[32];
  snprintf(area, sizeof(area), "%s", sp_rec_str(plan, "area_code", NULL));
  snprintf(state, sizeof(state), "%s", sp_rec_str(plan, "state", NULL));
  int64_t prev_id = json_integer_value(json_object_get(plan, "previous_plan_id"));
  json_decref(plan);
  const char *rule = NULL;
  for (size_t i = 0; action && i < SP_ARRAY_LEN(action_rules); i++)
    if (!strcmp(action, action_rules[i].action))
      rule = action_rules[i].rule;
  if (!rule)
    return sp_ctx_fail(ctx, SP_EINVAL, "action",
                       "unknown plan action '%s' (submit, return, approve, publish, review, "
                       "update)",
                       action ? action : "");
  int t = -1;
  for (size_t i = 0; i < SP_ARRAY_LEN(transitions); i++)
    if (!strcmp(transitions[i].action, action) && !strcmp(transitions[i].from, state))
      t = (int)i;
  /* who may: checked before the state so a wrong actor learns nothing more */
  enum who who = ERB;
  for (size_t i = 0; i < SP_ARRAY_LEN(transitions); i++)
    if (!strcmp(transitions[i].action, action))
      who = transitions[i].who;
  int64_t org = 0;
  if (who == DFE || (who == ERB_OR_DFE && sp_ctx_role(ctx) != SP_ROLE_ERB_EDITOR)) {
    if ((rc = sp_policy_check(ctx, SP_ACT_PLAN_DECIDE)) != SP_OK)
      return rc;
    if (sp__lsip_live_designation(ctx, area, NULL, &org, NULL) == SP_OK &&
        (rc = sp__lsip_recusal(ctx, org, "decide on the plan of")) != SP_OK)
      return rc;
    sp_ctx_clear(ctx);
  } else if ((rc = sp__lsip_erb_of_area(ctx, area, NULL, NULL)) != SP_OK) {
    return rc;
  }
  if (t < 0)
    return sp_ctx_fail(ctx, SP_ESTATE, "state", "cannot %s plan %lld while it is %s: %s", action,
                       (long long)plan_id, state, rule);
  if (!strcmp(action, "return") && (!note || !*note))
    return sp_ctx_fail(ctx, SP_EINVAL, "note",
                       "returning a plan needs the department's concerns as feedback, so the body "
                       "can address them (section 6.5)");
  int mayoral = !strcmp(action, "submit") ? sp__lsip_area_mayoral(ctx, area, sp_ctx_today(ctx)) : 0;
  if (mayoral < 0)
    return sp_ctx_rc(ctx);
  if (mayoral) {
    int64_t n = 0;
    if ((rc = sp__lsip_int(ctx, &n, NULL,
                           "SELECT COUNT(*) FROM lsip_mca_statements WHERE plan_id = ?", "i",
                           plan_id)) != SP_OK)
      return rc;
    if (!n) {
      char d[SP_DATE_BUFSZ];
      return sp_ctx_fail(ctx, SP_ESTATE, "mca_statement",
                         "area %s is covered by a mayoral combined authority or the GLA on %s: the "
                         "plan must be submitted with the MCA/GLA statement (sections 3.5, 6.4)",
                         area, sp_date_format(sp_ctx_today(ctx), d));
    }
  }
  if ((rc = sp__lsip_area_open(ctx, area, sp_ctx_today(ctx))) != SP_OK)
    return rc;
  if (!strcmp(action, "submit") && submit_check && (rc = submit_check(ctx, plan_id)) != SP_OK)
    return rc;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  rc = record_transition(ctx, plan_id, action, state, transitions[t].to, note);
  if (rc == SP_OK && !strcmp(action, "publish") && prev_id) {
    json_t *prev = NULL;
    rc = load_plan(ctx, prev_id, &prev);
    if (rc == SP_OK && strcmp(sp_rec_str(prev, "state", NULL), "replaced") != 0)
      rc = record_transition(ctx, prev_id, "replace", sp_rec_str(prev, "state", NULL), "replaced",
                             "replaced by the next plan (section 6.6)");
    json_decref(prev);
  }
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

int sp__lsip_may_read_draft(struct sp_ctx *ctx, const char *area, int64_t designation_id) {
  enum sp_role role = sp_ctx_role(ctx);
  int64_t org = sp_ctx_org_id(ctx), x = 0;
  int found = 0;
  enum sp_rc rc = SP_OK;
  if (!sp_policy_allows(role, SP_ACT_PLAN_DRAFT_READ) || !area)
    return 0;
  if (!sp_policy_needs_record(role, SP_ACT_PLAN_DRAFT_READ))
    return 1;
  if (!org)
    return 0;
  switch (role) {
  case SP_ROLE_ERB_EDITOR: /* the body designated for the area, or the plan's own */
    rc = sp__lsip_int(ctx, &x, &found,
                      "SELECT 1 FROM lsip_designations WHERE area_code = ? AND org_id = ? AND"
                      " (live = 1 OR id = ?)",
                      "sii", area, org, designation_id);
    break;
  case SP_ROLE_MCA_REVIEWER: /* a combined authority covering the area (section 3.5) */
    rc = sp__lsip_int(ctx, &x, &found, "SELECT 1 FROM org_areas WHERE area_code = ? AND org_id = ?",
                      "si", area, org);
    break;
  case SP_ROLE_PROVIDER_EDITOR: /* a provider decided relevant for the area (section 3.4) */
    rc = sp__lsip_int(ctx, &x, &found,
                      "SELECT 1 FROM lsip_provider_relevance WHERE area_code = ? AND org_id = ?"
                      " AND relevant = 1",
                      "si", area, org);
    break;
  default:
    break;
  }
  if (rc != SP_OK) {
    sp_ctx_clear(ctx);
    return 0;
  }
  return found;
}

int sp_lsip_may_read_draft(struct sp_ctx *ctx, const char *area) {
  return sp__lsip_may_read_draft(ctx, area, 0);
}

enum sp_rc sp_lsip_plan_readable(struct sp_ctx *ctx, const char *area, int64_t *id) {
  *id = 0;
  return sp__lsip_int(ctx, id, NULL,
                      "SELECT id FROM lsip_plans WHERE area_code = ? AND (? = 1 OR published_on IS"
                      " NOT NULL) ORDER BY version DESC LIMIT 1",
                      "si", area, (int64_t)sp_lsip_may_read_draft(ctx, area));
}

enum sp_rc sp_lsip_plan_current(struct sp_ctx *ctx, const char *area, int64_t *id) {
  return sp__lsip_int(ctx, id, NULL,
                      "SELECT id FROM lsip_plans WHERE area_code = ? ORDER BY version DESC LIMIT 1",
                      "s", area);
}

enum sp_rc sp_lsip_plan_create(struct sp_ctx *ctx, const char *area, const char *title,
                               int64_t *id_out) {
  int64_t did = 0;
  enum sp_rc rc = sp__lsip_erb_of_area(ctx, area, &did, NULL);
  if (rc != SP_OK)
    return rc;
  if (!title || !*title)
    return sp_ctx_fail(ctx, SP_EINVAL, "title", "the plan needs a title");
  struct sp_store *store = sp_ctx_store(ctx);
  json_t *after = NULL;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  int64_t existing = 0;
  int found = 0;
  if ((rc = sp__lsip_int(ctx, &existing, &found,
                         "SELECT id FROM lsip_plans WHERE area_code = ? AND state NOT IN"
                         " ('replaced','ended')",
                         "s", area)) != SP_OK)
    goto out;
  if (found) {
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "area",
                     "area %s already has a plan (%lld): a plan is kept under review and replaced "
                     "after three years by the next one, not started again (section 6.6)",
                     area, (long long)existing);
    goto out;
  }
  int64_t version = 0;
  if ((rc = sp__lsip_int(ctx, &version, NULL,
                         "SELECT COALESCE(MAX(version), 0) + 1 FROM lsip_plans WHERE area_code = ?",
                         "s", area)) != SP_OK ||
      (rc = sp__lsip_exec(ctx,
                          "INSERT INTO lsip_plans(area_code, designation_id, version, state, title,"
                          " created_on) VALUES (?,?,?,'draft',?,?)",
                          "siisd", area, did, version, title, sp_ctx_today(ctx))) != SP_OK)
    goto out;
  int64_t id = sp_store_last_id(store);
  if ((rc = load_plan(ctx, id, &after)) != SP_OK ||
      (rc = sp__lsip_audit(ctx, "create", "lsip_plan", id, NULL, after)) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
  if (rc == SP_OK && id_out)
    *id_out = id;
out:
  json_decref(after);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

static const char *const plan_fields[] = {"title", "summary", "net_zero", "mca_engagement_stages",
                                          "mca_engagement_how", NULL};

enum sp_rc sp_lsip_plan_update(struct sp_ctx *ctx, int64_t plan_id, const json_t *in) {
  json_t *before = NULL, *after = NULL;
  enum sp_rc rc = sp__lsip_known_fields(ctx, in, plan_fields);
  if (rc != SP_OK)
    return rc;
  if ((rc = erb_edit(ctx, plan_id, &before, NULL)) != SP_OK)
    goto done;
  const char *stages = sp_rec_str(in, "mca_engagement_stages", NULL);
  for (const char *p = stages; p && *p; p++)
    if (*p != 'A' && *p != 'B' && *p != 'C' && *p != ',' && *p != ' ') {
      rc = sp_ctx_fail(ctx, SP_EINVAL, "mca_engagement_stages",
                       "mca_engagement_stages lists the stages A, B, C at which the MCA/GLA was "
                       "engaged, e.g. \"A,B\" (section 6.4)");
      goto done;
    }
  const char *keys[] = {"title", "summary", "net_zero", "mca_engagement_stages",
                        "mca_engagement_how"};
  for (size_t i = 0; i < SP_ARRAY_LEN(keys); i++) {
    json_t *v = json_object_get(in, keys[i]);
    if (v && !json_is_string(v)) {
      rc = sp_ctx_fail(ctx, SP_EINVAL, keys[i], "%s must be text", keys[i]);
      goto done;
    }
    if (v && json_string_length(v) > 50000) {
      rc = sp_ctx_fail(ctx, SP_ETOOBIG, keys[i], "%s is longer than 50000 bytes", keys[i]);
      goto done;
    }
  }
  if (json_object_get(in, "title") && !*sp_rec_str(in, "title", NULL)) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "title", "the plan needs a title");
    goto done;
  }
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    goto done;
  rc = sp__lsip_exec(ctx,
                     "UPDATE lsip_plans SET title = COALESCE(?1, title), summary = COALESCE(?2,"
                     " summary), net_zero = COALESCE(?3, net_zero), mca_engagement_stages ="
                     " COALESCE(?4, mca_engagement_stages), mca_engagement_how = COALESCE(?5,"
                     " mca_engagement_how) WHERE id = ?6",
                     "sssssi", sp_rec_str(in, "title", NULL), sp_rec_str(in, "summary", NULL),
                     sp_rec_str(in, "net_zero", NULL), stages, sp_rec_str(in, "mca_engagement_how", NULL),
                     plan_id);
  if (rc == SP_OK)
    rc = load_plan(ctx, plan_id, &after);
  if (rc == SP_OK)
    rc = sp__lsip_audit(ctx, "edit", "lsip_plan", plan_id, before, after);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
done:
  json_decref(before);
  json_decref(after);
  return rc;
}

/* Ends the insert of one record in an open transaction: audits it as
 * created (the row as stored), commits, and hands out its id; when rc or any
 * step fails, rolls back and returns the failure. */
static enum sp_rc finish_new(struct sp_ctx *ctx, enum sp_rc rc, const char *table, int64_t id,
                             int64_t *id_out) {
  struct sp_store *store = sp_ctx_store(ctx);
  json_t *after = NULL;
  char sql[128];
  snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE id = ?", table); /* constant table name */
  if (rc == SP_OK)
    rc = sp__lsip_row(ctx, &after, sql, "i", id);
  if (rc == SP_OK)
    rc = sp__lsip_audit(ctx, "create", table, id, NULL, after);
  json_decref(after);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  else if (id_out)
    *id_out = id;
  return rc;
}

enum sp_rc sp_lsip_need_add(struct sp_ctx *ctx, int64_t plan_id, const json_t *in,
                            int64_t *id_out) {
  static const char *const f[] = {"title", "description", "employers", NULL};
  json_t *plan = NULL;
  enum sp_rc rc = sp__lsip_known_fields(ctx, in, f);
  const char *title = NULL;
  if (rc == SP_OK)
    rc = erb_edit(ctx, plan_id, &plan, NULL);
  json_decref(plan);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__lsip_need_text(ctx, in, "title", 500,
                               "the skills need employers have, section 5.2.1", &title)) != SP_OK)
    return rc;
  json_t *emps = json_object_get(in, "employers");
  if (emps && !json_is_array(emps))
    return sp_ctx_fail(ctx, SP_EINVAL, "employers", "employers must be a list of {name, small_firm}");
  size_t i;
  json_t *e;
  json_array_foreach(emps, i, e) {
    if (!sp_rec_str(e, "name", NULL) || !*sp_rec_str(e, "name", NULL))
      return sp_ctx_fail(ctx, SP_EINVAL, "employers",
                         "employers[%zu] needs a name: which employers have the need (section "
                         "5.2.1)", i);
  }
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  const char *desc = sp_rec_str(in, "description", NULL);
  rc = sp__lsip_exec(ctx,
                     "INSERT INTO lsip_needs(plan_id, title, description, created_on) VALUES"
                     " (?,?,?,?)",
                     "issd", plan_id, title, desc ? desc : "", sp_ctx_today(ctx));
  int64_t id = sp_store_last_id(store);
  json_array_foreach(emps, i, e) {
    if (rc != SP_OK)
      break;
    json_t *oid = json_object_get(e, "org_id");
    rc = sp__lsip_exec(ctx,
                       "INSERT INTO lsip_need_employers(need_id, employer_name, org_id, small_firm)"
                       " VALUES (?,?,NULLIF(?,0),?)",
                       "isii", id, sp_rec_str(e, "name", NULL),
                       (int64_t)(json_is_integer(oid) ? json_integer_value(oid) : 0),
                       (int64_t)(sp__lsip_bool(e, "small_firm") == 1));
  }
  return finish_new(ctx, rc, "lsip_needs", id, id_out);
}

static enum sp_rc level_ord(struct sp_ctx *ctx, const char *field, const char *code, int64_t *ord) {
  int found = 0;
  enum sp_rc rc = sp__lsip_int(ctx, ord, &found, "SELECT ord FROM levels WHERE code = ?", "s", code);
  if (rc == SP_OK && !found)
    rc = sp_ctx_fail(ctx, SP_EINVAL, field, "%s '%s' is not a level (E, 1 to 8; section 5.2.2)",
                     field, code);
  return rc;
}

enum sp_rc sp_lsip_priority_add(struct sp_ctx *ctx, int64_t plan_id, const json_t *in,
                                int64_t *id_out) {
  static const char *const f[] = {"title",   "route_code",        "pathway_code",  "level_min",
                                  "level_max", "outcome",         "skills_components",
                                  "change_needed", "retain_expand", "providers",   NULL};
  json_t *plan = NULL;
  enum sp_rc rc = sp__lsip_known_fields(ctx, in, f);
  if (rc == SP_OK)
    rc = erb_edit(ctx, plan_id, &plan, NULL);
  json_decref(plan);
  if (rc != SP_OK)
    return rc;
  const char *title, *outcome, *skills, *change;
  if ((rc = sp__lsip_need_text(ctx, in, "title", 500, "a priority's name, section 6.2", &title)) !=
          SP_OK ||
      (rc = sp__lsip_need_text(ctx, in, "outcome", 5000,
                               "the outcome employers want from provision, section 6.2",
                               &outcome)) != SP_OK ||
      (rc = sp__lsip_need_text(ctx, in, "skills_components", 5000,
                               "the specific skills components employers need, section 6.2",
                               &skills)) != SP_OK ||
      (rc = sp__lsip_need_text(ctx, in, "change_needed", 5000,
                               "where and why provision must change, section 6.2", &change)) !=
          SP_OK)
    return rc;
  const char *route = sp_rec_str(in, "route_code", NULL), *pathway = sp_rec_str(in, "pathway_code", NULL);
  const char *lmin = sp_rec_str(in, "level_min", NULL), *lmax = sp_rec_str(in, "level_max", NULL);
  const char *re = sp_rec_str(in, "retain_expand", NULL);
  if (re && strcmp(re, "change") && strcmp(re, "retain") && strcmp(re, "expand"))
    return sp_ctx_fail(ctx, SP_EINVAL, "retain_expand",
                       "retain_expand must be change, retain or expand (section 4.3, 6)");
  int found = 0;
  int64_t x = 0;
  if (route) {
    if ((rc = sp__lsip_int(ctx, &x, &found, "SELECT 1 FROM routes WHERE code = ?", "s", route)) !=
        SP_OK)
      return rc;
    if (!found)
      return sp_ctx_fail(ctx, SP_EINVAL, "route_code",
                         "'%s' is not an occupational route: priorities are organised by IfATE "
                         "routes, pathways and levels (section 5.2.2)", route);
  }
  if (pathway) {
    json_t *p = NULL;
    if ((rc = sp__lsip_row(ctx, &p, "SELECT route_code FROM pathways WHERE code = ?", "s",
                           pathway)) != SP_OK)
      return rc;
    int ok = p && (!route || !strcmp(sp_rec_str(p, "route_code", NULL), route));
    json_decref(p);
    if (!ok)
      return sp_ctx_fail(ctx, SP_EINVAL, "pathway_code",
                         "'%s' is not a pathway%s%s (section 5.2.2)", pathway,
                         route ? " of route " : "", route ? route : "");
  }
  int64_t omin = 0, omax = 8;
  if ((lmin && (rc = level_ord(ctx, "level_min", lmin, &omin)) != SP_OK) ||
      (lmax && (rc = level_ord(ctx, "level_max", lmax, &omax)) != SP_OK))
    return rc;
  if (omin > omax)
    return sp_ctx_fail(ctx, SP_EINVAL, "level_max", "level_max is below level_min");
  json_t *provs = json_object_get(in, "providers");
  if (provs && !json_is_array(provs))
    return sp_ctx_fail(ctx, SP_EINVAL, "providers", "providers must be a list of organisation ids");
  size_t i;
  json_t *pv;
  json_array_foreach(provs, i, pv) {
    int64_t is_prov = 0;
    if (!json_is_integer(pv))
      return sp_ctx_fail(ctx, SP_EINVAL, "providers", "providers[%zu] must be an organisation id",
                         i);
    if ((rc = sp__lsip_int(ctx, &is_prov, &found,
                           "SELECT k.is_provider FROM orgs o JOIN org_kinds k ON k.code = o.kind"
                           " WHERE o.id = ?",
                           "i", (int64_t)json_integer_value(pv))) != SP_OK)
      return rc;
    if (!found || !is_prov)
      return sp_ctx_fail(ctx, SP_EINVAL, "providers",
                         "providers[%zu] (%lld) is not a provider: priorities are co-created with "
                         "providers (section 5.2.2)",
                         i, (long long)json_integer_value(pv));
    if ((rc = sp__lsip_recusal(ctx, json_integer_value(pv), "name as co-creating provider")) !=
        SP_OK)
      return rc;
  }
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  rc = sp__lsip_exec(ctx,
                     "INSERT INTO lsip_priorities(plan_id, title, route_code, pathway_code,"
                     " level_min, level_max, outcome, skills_components, change_needed,"
                     " retain_expand, created_on) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                     "isssssssssd", plan_id, title, route, pathway, lmin, lmax, outcome, skills,
                     change, re ? re : "change", sp_ctx_today(ctx));
  int64_t id = sp_store_last_id(store);
  json_array_foreach(provs, i, pv) {
    if (rc != SP_OK)
      break;
    rc = sp__lsip_exec(ctx, "INSERT INTO lsip_priority_providers(priority_id, org_id)"
                            " VALUES (?,?) ON CONFLICT DO NOTHING",
                       "ii", id, (int64_t)json_integer_value(pv));
  }
  return finish_new(ctx, rc, "lsip_priorities", id, id_out);
}

enum sp_rc sp_lsip_action_add(struct sp_ctx *ctx, int64_t plan_id, const json_t *in,
                              int64_t *id_out) {
  static const char *const f[] = {"title", "owner_kind", "owner_org_id", "due_date", "status",
                                  "priority_id", NULL};
  json_t *plan = NULL;
  int32_t eff = SP_DATE_NONE, due;
  enum sp_rc rc = sp__lsip_known_fields(ctx, in, f);
  if (rc == SP_OK)
    rc = erb_edit(ctx, plan_id, &plan, &eff);
  json_decref(plan);
  if (rc != SP_OK)
    return rc;
  const char *title;
  if ((rc = sp__lsip_need_text(ctx, in, "title", 1000, "what is to be done, section 6.3",
                               &title)) != SP_OK)
    return rc;
  const char *kind = sp_rec_str(in, "owner_kind", NULL);
  if (!kind || (strcmp(kind, "employer") && strcmp(kind, "provider") && strcmp(kind, "stakeholder")))
    return sp_ctx_fail(ctx, SP_EINVAL, "owner_kind",
                       "owner_kind must be employer, provider or stakeholder: the roadmap sets out "
                       "actions for each (section 6.3)");
  const char *status = sp_rec_str(in, "status", NULL);
  if (status && strcmp(status, "planned") && strcmp(status, "in_progress") &&
      strcmp(status, "done") && strcmp(status, "dropped"))
    return sp_ctx_fail(ctx, SP_EINVAL, "status", "status must be planned, in_progress, done or "
                                                 "dropped");
  if ((rc = sp__lsip_date(ctx, in, "due_date", SP_DATE_NONE, &due)) != SP_OK)
    return rc;
  if (due != SP_DATE_NONE && eff != SP_DATE_NONE && due < eff)
    return sp_ctx_fail(ctx, SP_EINVAL, "due_date",
                       "due_date is before the designation took effect (section 4.2.1)");
  json_t *o = json_object_get(in, "owner_org_id");
  int64_t owner = json_is_integer(o) ? json_integer_value(o) : 0;
  char name[256];
  if (owner && !sp__lsip_org_name(ctx, owner, name, sizeof(name)))
    return sp_ctx_fail(ctx, SP_EINVAL, "owner_org_id", "no organisation has id %lld",
                       (long long)owner);
  if (owner && (rc = sp__lsip_recusal(ctx, owner, "assign an action to")) != SP_OK)
    return rc;
  json_t *p = json_object_get(in, "priority_id");
  int64_t prio = json_is_integer(p) ? json_integer_value(p) : 0;
  if (prio) {
    int found = 0;
    int64_t x;
    if ((rc = sp__lsip_int(ctx, &x, &found,
                           "SELECT 1 FROM lsip_priorities WHERE id = ? AND plan_id = ?", "ii", prio,
                           plan_id)) != SP_OK)
      return rc;
    if (!found)
      return sp_ctx_fail(ctx, SP_EINVAL, "priority_id", "priority %lld is not in plan %lld",
                         (long long)prio, (long long)plan_id);
  }
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  rc = sp__lsip_exec(ctx,
                     "INSERT INTO lsip_actions(plan_id, priority_id, title, owner_kind,"
                     " owner_org_id, due_date, status) VALUES (?,NULLIF(?,0),?,?,NULLIF(?,0),?,?)",
                     "iissids", plan_id, prio, title, kind, owner, due, status ? status : "planned");
  int64_t id = sp_store_last_id(store);
  return finish_new(ctx, rc, "lsip_actions", id, id_out);
}

enum sp_rc sp_lsip_action_status(struct sp_ctx *ctx, int64_t action_id, const char *status) {
  json_t *before = NULL, *after = NULL;
  enum sp_rc rc = sp__lsip_row(ctx, &before,
                               "SELECT a.*, p.area_code, p.state AS plan_state FROM lsip_actions a"
                               " JOIN lsip_plans p ON p.id = a.plan_id WHERE a.id = ?",
                               "i", action_id);
  if (rc != SP_OK)
    return rc;
  if (!before)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "id", "no action has id %lld", (long long)action_id);
  char area[32];
  snprintf(area, sizeof(area), "%s", sp_rec_str(before, "area_code", NULL));
  const char *ps = sp_rec_str(before, "plan_state", NULL);
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp__lsip_erb_of_area(ctx, area, NULL, NULL)) != SP_OK)
    goto out;
  if (!strcmp(ps, "replaced") || !strcmp(ps, "ended")) {
    rc = sp_ctx_fail(ctx, SP_ESTATE, "state",
                     "the plan of action %lld is %s: progress is tracked on the plan in force "
                     "(section 6.3)",
                     (long long)action_id, ps);
    goto out;
  }
  if (!status || (strcmp(status, "planned") && strcmp(status, "in_progress") &&
                  strcmp(status, "done") && strcmp(status, "dropped"))) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "status",
                     "status must be planned, in_progress, done or dropped (section 6.3: managing "
                     "delivery and reviewing progress)");
    goto out;
  }
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    goto out;
  if ((rc = sp__lsip_exec(ctx, "UPDATE lsip_actions SET status = ? WHERE id = ?", "si", status,
                          action_id)) == SP_OK &&
      (rc = sp__lsip_row(ctx, &after, "SELECT * FROM lsip_actions WHERE id = ?", "i", action_id)) ==
          SP_OK)
    rc = sp__lsip_audit(ctx, "status", "lsip_actions", action_id, before, after);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
out:
  json_decref(before);
  json_decref(after);
  return rc;
}

enum sp_rc sp_lsip_evidence_add(struct sp_ctx *ctx, int64_t plan_id, const json_t *in,
                                int64_t *id_out) {
  static const char *const f[] = {"title", "source", "why_robust", NULL};
  json_t *plan = NULL;
  enum sp_rc rc = sp__lsip_known_fields(ctx, in, f);
  if (rc == SP_OK)
    rc = erb_edit(ctx, plan_id, &plan, NULL);
  json_decref(plan);
  if (rc != SP_OK)
    return rc;
  const char *title, *source, *why;
  if ((rc = sp__lsip_need_text(ctx, in, "title", 500, "the evidence source, section 6.4",
                               &title)) != SP_OK ||
      (rc = sp__lsip_need_text(ctx, in, "source", 1000, "where it comes from, section 6.4",
                               &source)) != SP_OK ||
      (rc = sp__lsip_need_text(ctx, in, "why_robust", 5000,
                               "why the body considers it robust and meaningful, section 6.4",
                               &why)) != SP_OK)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  rc = sp__lsip_exec(ctx,
                     "INSERT INTO lsip_evidence(plan_id, title, source, why_robust) VALUES"
                     " (?,?,?,?)",
                     "isss", plan_id, title, source, why);
  int64_t id = sp_store_last_id(store);
  return finish_new(ctx, rc, "lsip_evidence", id, id_out);
}

enum sp_rc sp__lsip_mca_covers(struct sp_ctx *ctx, const char *area) {
  int64_t x = 0;
  int found = 0;
  enum sp_rc rc = sp__lsip_int(ctx, &x, &found,
                               "SELECT 1 FROM org_areas WHERE org_id = ? AND area_code = ?", "is",
                               sp_ctx_org_id(ctx), area);
  if (rc != SP_OK)
    return rc;
  if (!found)
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, "plan_id",
                       "your organisation does not cover area %s: the statement is made by the "
                       "MCA or GLA whose area the plan covers (section 3.5)",
                       area);
  return SP_OK;
}

enum sp_rc sp_lsip_mca_statement(struct sp_ctx *ctx, int64_t plan_id, const json_t *in,
                                 int64_t *id_out) {
  static const char *const f[] = {"engaged", "had_opportunity", "statement", NULL};
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_MCA_STATEMENT);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__lsip_known_fields(ctx, in, f)) != SP_OK)
    return rc;
  json_t *plan = NULL;
  if ((rc = load_plan(ctx, plan_id, &plan)) != SP_OK)
    return rc;
  char area[32], state[32];
  snprintf(area, sizeof(area), "%s", sp_rec_str(plan, "area_code", NULL));
  snprintf(state, sizeof(state), "%s", sp_rec_str(plan, "state", NULL));
  json_decref(plan);
  if ((rc = sp__lsip_mca_covers(ctx, area)) != SP_OK)
    return rc;
  if (strcmp(state, "draft") && strcmp(state, "returned") && strcmp(state, "under_review"))
    return sp_ctx_fail(ctx, SP_ESTATE, "state",
                       "plan %lld is %s: the statement accompanies a plan going for approval, so it "
                       "is given while the plan is a draft, returned or under review (sections "
                       "3.5, 6.4)",
                       (long long)plan_id, state);
  int engaged = sp__lsip_bool(in, "engaged"), opp = sp__lsip_bool(in, "had_opportunity");
  if (engaged < 0 || opp < 0)
    return sp_ctx_fail(ctx, SP_EINVAL, engaged < 0 ? "engaged" : "had_opportunity",
                       "the statement says whether the MCA/GLA was engaged and whether it had the "
                       "opportunity to give its views: answer yes or no (section 3.5)");
  const char *text;
  if ((rc = sp__lsip_need_text(ctx, in, "statement", 20000, "the MCA/GLA statement, section 3.5",
                               &text)) != SP_OK)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  rc = sp__lsip_exec(ctx,
                     "INSERT INTO lsip_mca_statements(plan_id, org_id, by_user_id, engaged,"
                     " had_opportunity, statement, given_on) VALUES (?,?,NULLIF(?,0),?,?,?,?)",
                     "iiiiisd", plan_id, sp_ctx_org_id(ctx), sp_ctx_user_id(ctx), (int64_t)engaged,
                     (int64_t)opp, text, sp_ctx_today(ctx));
  int64_t id = sp_store_last_id(store);
  return finish_new(ctx, rc, "lsip_mca_statements", id, id_out);
}

/* Copies the content rows of plan `from` into plan `to`. */
static enum sp_rc copy_content(struct sp_ctx *ctx, int64_t from, int64_t to) {
  enum sp_rc rc;
  json_t *needs = NULL, *prios = NULL;
  if ((rc = sp__lsip_rows(ctx, &needs, "SELECT id FROM lsip_needs WHERE plan_id = ? ORDER BY id",
                          "i", from)) != SP_OK)
    return rc;
  size_t i;
  json_t *r;
  json_array_foreach(needs, i, r) {
    int64_t old = json_integer_value(json_object_get(r, "id"));
    if ((rc = sp__lsip_exec(ctx,
                            "INSERT INTO lsip_needs(plan_id, title, description, created_on)"
                            " SELECT ?, title, description, created_on FROM lsip_needs WHERE id = ?",
                            "ii", to, old)) != SP_OK)
      goto out;
    int64_t nid = sp_store_last_id(sp_ctx_store(ctx));
    if ((rc = sp__lsip_exec(ctx,
                            "INSERT INTO lsip_need_employers(need_id, employer_name, org_id,"
                            " small_firm) SELECT ?, employer_name, org_id, small_firm FROM"
                            " lsip_need_employers WHERE need_id = ?",
                            "ii", nid, old)) != SP_OK)
      goto out;
  }
  if ((rc = sp__lsip_rows(ctx, &prios, "SELECT id FROM lsip_priorities WHERE plan_id = ? ORDER BY"
                                       " ord, id", "i", from)) != SP_OK)
    goto out;
  json_array_foreach(prios, i, r) {
    int64_t old = json_integer_value(json_object_get(r, "id"));
    if ((rc = sp__lsip_exec(ctx,
                            "INSERT INTO lsip_priorities(plan_id, title, route_code, pathway_code,"
                            " level_min, level_max, outcome, skills_components, change_needed,"
                            " retain_expand, created_on, ord) SELECT ?, title, route_code,"
                            " pathway_code, level_min, level_max, outcome, skills_components,"
                            " change_needed, retain_expand, created_on, ord FROM lsip_priorities WHERE id = ?",
                            "ii", to, old)) != SP_OK)
      goto out;
    int64_t pid = sp_store_last_id(sp_ctx_store(ctx));
    if ((rc = sp__lsip_exec(ctx,
                            "INSERT INTO lsip_priority_providers(priority_id, org_id) SELECT ?,"
                            " org_id FROM lsip_priority_providers WHERE priority_id = ?",
                            "ii", pid, old)) != SP_OK ||
        (rc = sp__lsip_exec(ctx,
                            "INSERT INTO lsip_actions(plan_id, priority_id, title, owner_kind,"
                            " owner_org_id, due_date, status) SELECT ?1, ?2, title, owner_kind,"
                            " owner_org_id, due_date, status FROM lsip_actions WHERE priority_id"
                            " = ?3",
                            "iii", to, pid, old)) != SP_OK)
      goto out;
  }
  if ((rc = sp__lsip_exec(ctx,
                          "INSERT INTO lsip_actions(plan_id, title, owner_kind, owner_org_id,"
                          " due_date, status) SELECT ?, title, owner_kind, owner_org_id, due_date,"
                          " status FROM lsip_actions WHERE plan_id = ? AND priority_id IS NULL",
                          "ii", to, from)) != SP_OK ||
      (rc = sp__lsip_exec(ctx,
                          "INSERT INTO lsip_evidence(plan_id, title, source, why_robust) SELECT ?,"
                          " title, source, why_robust FROM lsip_evidence WHERE plan_id = ?",
                          "ii", to, from)) != SP_OK)
    goto out;
out:
  json_decref(needs);
  json_decref(prios);
  return rc;
}

enum sp_rc sp_lsip_plan_replace(struct sp_ctx *ctx, const char *area, int64_t *id_out) {
  int64_t did = 0;
  enum sp_rc rc = sp__lsip_erb_of_area(ctx, area, &did, NULL);
  if (rc != SP_OK)
    return rc;
  json_t *cur = NULL, *after = NULL;
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if ((rc = sp__lsip_row(ctx, &cur,
                         "SELECT * FROM lsip_plans WHERE area_code = ? ORDER BY version DESC"
                         " LIMIT 1",
                         "s", area)) != SP_OK)
    goto out;
  const char *st = cur ? sp_rec_str(cur, "state", NULL) : NULL;
  if (!cur || (strcmp(st, "published") && strcmp(st, "updated") && strcmp(st, "under_review"))) {
    rc = sp_ctx_fail(ctx, SP_ESTATE, "state",
                     "area %s has no published plan to replace (%s): a replacement follows a "
                     "published plan (section 6.6)",
                     area, st ? st : "no plan");
    goto out;
  }
  int64_t from = json_integer_value(json_object_get(cur, "id"));
  if ((rc = sp__lsip_exec(ctx,
                          "INSERT INTO lsip_plans(area_code, designation_id, version,"
                          " previous_plan_id, state, title, summary, net_zero,"
                          " mca_engagement_stages, mca_engagement_how, created_on)"
                          " SELECT area_code, ?1, version + 1, id, 'draft', title, summary,"
                          " net_zero, mca_engagement_stages, mca_engagement_how, ?2"
                          " FROM lsip_plans WHERE id = ?3",
                          "idi", did, sp_ctx_today(ctx), from)) != SP_OK)
    goto out;
  int64_t id = sp_store_last_id(store);
  if ((rc = copy_content(ctx, from, id)) != SP_OK || (rc = load_plan(ctx, id, &after)) != SP_OK ||
      (rc = sp__lsip_audit(ctx, "replace", "lsip_plan", id, cur, after)) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
  if (rc == SP_OK && id_out)
    *id_out = id;
out:
  json_decref(cur);
  json_decref(after);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_lsip_plan_get(struct sp_ctx *ctx, int64_t plan_id, json_t **out) {
  *out = NULL;
  json_t *plan = NULL, *x = NULL;
  enum sp_rc rc = load_plan(ctx, plan_id, &plan);
  if (rc != SP_OK)
    return rc;
  if (!sp_rec_str(plan, "published_on", NULL) &&
      !sp__lsip_may_read_draft(ctx, sp_rec_str(plan, "area_code", NULL),
                               json_integer_value(json_object_get(plan, "designation_id")))) {
    json_decref(plan);
    if (sp_ctx_role(ctx) == SP_ROLE_PUBLIC)
      return sp_ctx_fail(ctx, SP_ENOTFOUND, "plan_id",
                         "plan %lld is not published: the public reads published plans (section "
                         "6.6)",
                         (long long)plan_id);
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, "plan_id",
                       "plan %lld is not published yet: until it is, only the area's employer "
                       "representative body, its combined authority, its relevant providers and "
                       "DfE may read it (plan.read_draft)",
                       (long long)plan_id);
  }
  char name[256];
  sp__lsip_area_name(ctx, sp_rec_str(plan, "area_code", NULL), sp_ctx_today(ctx), name, sizeof(name));
  json_object_set_new(plan, "area_name", json_string(name));
  static const struct {
    const char *key, *sql;
  } parts[] = {
      {"needs", "SELECT n.id, n.title, n.description, n.created_on FROM lsip_needs n WHERE"
                " plan_id = ? ORDER BY id"},
      {"priorities", "SELECT p.*, (SELECT group_concat(o.name, '; ') FROM lsip_priority_providers"
                     " pp JOIN orgs o ON o.id = pp.org_id WHERE pp.priority_id = p.id) AS"
                     " providers FROM lsip_priorities p"
                     " WHERE plan_id = ? ORDER BY ord, id"},
      {"actions", "SELECT a.*, o.name AS owner_org_name FROM lsip_actions a LEFT JOIN orgs o ON"
                  " o.id = a.owner_org_id WHERE plan_id = ? ORDER BY due_date IS NULL, due_date, a.id"},
      {"evidence", "SELECT * FROM lsip_evidence WHERE plan_id = ? ORDER BY id"},
      {"mca_statements", "SELECT s.*, o.name AS org_name FROM lsip_mca_statements s JOIN orgs o ON"
                         " o.id = s.org_id WHERE plan_id = ? ORDER BY s.id"},
      {"transitions", "SELECT * FROM lsip_plan_transitions WHERE plan_id = ? ORDER BY id"},
  };
  for (size_t i = 0; i < SP_ARRAY_LEN(parts); i++) {
    if ((rc = sp__lsip_rows(ctx, &x, parts[i].sql, "i", plan_id)) != SP_OK)
      goto out;
    /* the lists inside each need and priority */
    size_t j;
    json_t *row, *sub = NULL;
    json_array_foreach(x, j, row) {
      int64_t rid = json_integer_value(json_object_get(row, "id"));
      if (i == 0)
        rc = sp__lsip_rows(ctx, &sub,
                           "SELECT employer_name AS name, org_id, small_firm FROM"
                           " lsip_need_employers WHERE need_id = ? ORDER BY employer_name",
                           "i", rid);
      else if (i == 1)
        rc = sp__lsip_rows(ctx, &sub,
                           "SELECT pp.org_id, o.name FROM lsip_priority_providers pp JOIN orgs o"
                           " ON o.id = pp.org_id WHERE pp.priority_id = ? ORDER BY o.name",
                           "i", rid);
      else
        break;
      if (rc != SP_OK)
        goto out;
      json_object_set_new(row, i == 0 ? "employers" : "provider_orgs", sub);
      sub = NULL;
    }
    json_object_set_new(plan, parts[i].key, x);
    x = NULL;
  }
  /* judged as of its submission once submitted, a draft as of today */
  int32_t judged = SP_DATE_NONE;
  if ((rc = sp_lsip_plan_judged_on(ctx, plan_id, &judged)) != SP_OK)
    goto out;
  int mayoral = sp__lsip_area_mayoral(ctx, sp_rec_str(plan, "area_code", NULL), judged);
  if (mayoral < 0) {
    rc = sp_ctx_rc(ctx);
    goto out;
  }
  char jd[SP_DATE_BUFSZ];
  json_object_set_new(plan, "judged_on", json_string(sp_date_format(judged, jd)));
  json_object_set_new(plan, "mca_statement_required", json_boolean(mayoral));
  *out = plan;
  plan = NULL;
out:
  json_decref(plan);
  json_decref(x);
  return rc;
}
