/*
 * eligible.c: the eligibility engine (see eligible.h). Rules run in the
 * order of the eligibility_rules table; the first rule that fails decides
 * "not eligible", a rule that opens a route (second Level 3 under a compact
 * list, repeat Level 2 under a flexibility) decides "eligible", and when no
 * rule decides, the standard offer applies. Each answer carries the rule's
 * wording and source from the table.
 *
 * Levels: a learner "already holds a Level 2 or equivalent" when a recorded
 * achievement before the start date is at Level 2 or above; a "second or
 * later Level 3" is a Level 3 for a learner with an achievement at Level 3
 * or above. Employer size: SME flexibilities are for employers under 250
 * employees (000_7a3ba3d30b329542.txt Q6); size bands micro, small and medium
 * count as under 250, large as 250 or more.
 *
 * Sector (issue 13; 000 Q6: the flexibilities are "for all employers within
 * a sector"): the learner's sector is the employer's, taken from the sector
 * compact it is a covered employer of (one in force on the start first), or
 * else from employer_sectors (migration 0501). A sector compact makes an aim
 * fundable only for a learner of its own sector; with no sector known, no
 * sector compact does. Local compacts are not sector agreements and are not
 * affected.
 */
#include <stdlib.h>
#include <string.h>

#include "agree_int.h"
#include "base/date.h"
#include "eligible.h"
#include "base/record.h"

struct engine {
  struct sp_ctx *ctx;
  json_t *rules;  /* the table */
  json_t *checks; /* outcomes so far */
  json_t *decided;
  json_t *agreement;
  int eligible;
  char message[600];
  char sector[128];     /* the learner's sector; "" when not known */
  char sector_how[300]; /* where it came from, for people */
};

static json_t *rule(struct engine *e, const char *code) {
  size_t i;
  json_t *r;
  json_array_foreach(e->rules, i, r) {
    if (strcmp(sp_rec_str(r, "code", ""), code) == 0)
      return r;
  }
  return NULL;
}

static void note(struct engine *e, const char *code, const char *outcome, const char *detail) {
  json_t *r = rule(e, code);
  json_array_append_new(e->checks, json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", code, "title",
                                             sp_rec_str(r, "title", ""), "source", sp_rec_str(r, "source", ""),
                                             "outcome", outcome, "detail", detail));
}

/* Records the deciding rule. */
static void decide(struct engine *e, const char *code, int eligible, const char *detail) {
  json_t *r = rule(e, code);
  note(e, code, eligible ? "pass" : "fail", detail);
  e->eligible = eligible;
  e->decided = json_pack("{s:s, s:s, s:s}", "code", code, "title", sp_rec_str(r, "title", ""), "source",
                         sp_rec_str(r, "source", ""));
  snprintf(e->message, sizeof(e->message), "%s under rule %s: %s (%s)", eligible ? "eligible" : "not eligible",
           code, detail, sp_rec_str(r, "source", ""));
}

static enum sp_rc must_exist(struct sp_ctx *ctx, json_t **row, const char *field, const char *sql, const char *fmt,
                             const char *what, const char *value, int64_t id) {
  enum sp_rc rc = fmt[0] == 's' ? sp__agree_row(ctx, row, "missing", sql, fmt, value)
                                : sp__agree_row(ctx, row, "missing", sql, fmt, id);
  if (rc == SP_ENOTFOUND) {
    if (fmt[0] == 's')
      return sp_ctx_fail(ctx, SP_EINVAL, field, "unknown %s '%s': the request is refused", what, value);
    return sp_ctx_fail(ctx, SP_EINVAL, field, "unknown %s %lld: the request is refused", what, (long long)id);
  }
  return rc;
}

enum sp_rc sp_eligibility_rules(struct sp_ctx *ctx, json_t **out) {
  return sp__agree_rows(ctx, out, "SELECT code, ord, title, source FROM eligibility_rules ORDER BY ord", "");
}

static int digits8(const char *s) {
  if (!s || strlen(s) != 8)
    return 0;
  for (int i = 0; i < 8; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return 1;
}

static void set_agreement(struct engine *e, const json_t *row) {
  json_decref(e->agreement);
  e->agreement = json_pack("{s:I, s:s}", "id", (json_int_t)sp__agree_jint(row, "id"), "title",
                           sp_rec_str(row, "title", ""));
}

/* same_sector: 1 when agreement `a` may serve the learner's sector, bound
 * to placeholder `param` (NULL when not known): a local compact always, a
 * sector compact only of that sector. */
#define SAME_SECTOR(param)                                                                     \
  " (a.kind <> 'sector_compact' OR (" param " IS NOT NULL AND a.sector IS NOT NULL AND"        \
  " lower(trim(a.sector)) = lower(trim(" param ")))) AS same_sector"

/* Compacts (sector_compact) that hold qual on their list; each row says
 * whether its term and the list entry cover the start date and whether it
 * is of the learner's sector (those first). */
static enum sp_rc compacts_listing(struct engine *e, const char *qual, int32_t start, int64_t only,
                                   json_t **out) {
  return sp__agree_rows(e->ctx, out,
                        "SELECT a.id, a.title, a.sector, a.term_start, a.term_end,"
                        " (a.term_start<=?2 AND (a.term_end IS NULL OR a.term_end>=?2)"
                        "  AND (l.valid_from IS NULL OR l.valid_from<=?2) AND (l.valid_to IS NULL OR l.valid_to>=?2))"
                        "  AS covers," SAME_SECTOR("?4")
                        " FROM agreements a JOIN agreement_qualifications l ON l.agreement_id=a.id"
                        " WHERE a.kind='sector_compact' AND l.qual_code=?1 AND (?3=0 OR a.id=?3)"
                        " ORDER BY same_sector DESC, covers DESC, a.id",
                        "sdis", qual, start, only, e->sector[0] ? e->sector : NULL);
}

/* Agreements with a flexibility of `kind` whose period covers start; covers
 * says whether the agreement's term does too, same_sector whether it may
 * serve the learner's sector (those first). */
static enum sp_rc with_flexibility(struct engine *e, const char *kind, int32_t start, int64_t only,
                                   json_t **out) {
  return sp__agree_rows(e->ctx, out,
                        "SELECT DISTINCT a.id, a.title, a.kind, a.sector,"
                        " (a.term_start<=?2 AND (a.term_end IS NULL OR a.term_end>=?2)) AS covers,"
                        SAME_SECTOR("?4")
                        " FROM agreements a JOIN agreement_flexibilities f ON f.agreement_id=a.id"
                        " WHERE f.kind=?1 AND f.period_start<=?2 AND f.period_end>=?2"
                        " AND a.kind IN ('sector_compact','local_compact') AND (?3=0 OR a.id=?3)"
                        " ORDER BY same_sector DESC, covers DESC, a.id",
                        "sdis", kind, start, only, e->sector[0] ? e->sector : NULL);
}

/* The first row of the learner's sector, or NULL. */
static json_t *first_same(json_t *rows) {
  json_t *r = json_array_get(rows, 0);
  return r && sp__agree_jint(r, "same_sector") ? r : NULL;
}

/* The first row of another sector, or NULL. */
static json_t *first_other(json_t *rows) {
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    if (!sp__agree_jint(r, "same_sector"))
      return r;
  }
  return NULL;
}

/* "the learner's sector is X (from ...)" or "the learner's sector is not known". */
static void sector_phrase(const struct engine *e, char *buf, size_t n) {
  if (e->sector[0])
    snprintf(buf, n, "the learner's sector is %.100s (%.200s)", e->sector, e->sector_how);
  else
    snprintf(buf, n,
             "the learner's sector is not known (the employer is no compact's covered employer and "
             "has no recorded sector)");
}

/* Decides compact_sector against a compact of another sector. */
static void other_sector(struct engine *e, const json_t *row, const char *what) {
  char detail[512], who[400];
  const char *sec = sp_rec_str(row, "sector", "");
  sector_phrase(e, who, sizeof(who));
  snprintf(detail, sizeof(detail), "%.90s \"%.60s\" is the compact of the %.40s sector, and %.180s",
           what, sp_rec_str(row, "title", ""), *sec ? sec : "(unstated)", who);
  set_agreement(e, row);
  decide(e, "compact_sector", 0, detail);
}

/* The learner's sector from the employer: the sector compact it is a
 * covered employer of (one in force on the start first), or its recorded
 * sector. */
static enum sp_rc find_sector(struct engine *e, const json_t *employer, int32_t start) {
  e->sector[0] = e->sector_how[0] = '\0';
  if (!employer)
    return SP_OK;
  json_t *rows = NULL;
  int64_t org = sp__agree_jint(employer, "id");
  enum sp_rc rc = sp__agree_rows(
      e->ctx, &rows,
      "SELECT a.title, a.sector FROM agreements a JOIN agreement_parties p ON p.agreement_id=a.id"
      " WHERE a.kind='sector_compact' AND p.role='covered_employer' AND p.org_id=?1"
      " AND a.sector IS NOT NULL AND trim(a.sector)<>''"
      " ORDER BY (a.term_start<=?2 AND (a.term_end IS NULL OR a.term_end>=?2)) DESC, a.id",
      "id", org, start);
  if (rc != SP_OK)
    return rc;
  json_t *r = json_array_get(rows, 0);
  if (r) {
    snprintf(e->sector, sizeof(e->sector), "%s", sp_rec_str(r, "sector", ""));
    snprintf(e->sector_how, sizeof(e->sector_how), "%.120s is a covered employer of \"%.150s\"",
             sp_rec_str(employer, "name", ""), sp_rec_str(r, "title", ""));
  }
  json_decref(rows);
  if (r)
    return SP_OK;
  if ((rc = sp__agree_rows(e->ctx, &rows, "SELECT sector FROM employer_sectors WHERE org_id=?", "i",
                           org)) != SP_OK)
    return rc;
  r = json_array_get(rows, 0);
  if (r) {
    snprintf(e->sector, sizeof(e->sector), "%s", sp_rec_str(r, "sector", ""));
    snprintf(e->sector_how, sizeof(e->sector_how), "the recorded sector of %.200s",
             sp_rec_str(employer, "name", ""));
  }
  json_decref(rows);
  return SP_OK;
}


static enum sp_rc run(struct engine *e, const struct sp_elig_request *req, json_t *learner, json_t *qual,
                      json_t *employer, int64_t provider_id) {
  struct sp_ctx *ctx = e->ctx;
  char detail[400], b1[SP_DATE_BUFSZ], b2[SP_DATE_BUFSZ];
  json_t *rows = NULL;
  enum sp_rc rc;
  const char *qcode = req->qualification;
  int32_t start = req->start;

  /* 1 qualification_validity */
  int32_t qf = sp__agree_jdate(qual, "valid_from"), qt = sp__agree_jdate(qual, "valid_to");
  if (start < qf || (qt != SP_DATE_NONE && start > qt)) {
    snprintf(detail, sizeof(detail), "%s is valid for starts from %s to %s; the start %s is outside", qcode,
             sp_date_format(qf, b1), qt == SP_DATE_NONE ? "open" : sp_date_format(qt, b2), sp_date_format(start, b2));
    decide(e, "qualification_validity", 0, detail);
    return SP_OK;
  }
  note(e, "qualification_validity", "pass", "the qualification is valid on the start date");

  /* 2 provider_contract */
  if (provider_id) {
    rc = sp__agree_rows(ctx, &rows,
                        "SELECT id FROM provider_contracts WHERE provider_org_id=? AND programme=? AND valid_from<=?"
                        " AND (valid_to IS NULL OR valid_to>=?)",
                        "isdd", provider_id, req->programme, start, start);
    if (rc != SP_OK)
      return rc;
    size_t n = json_array_size(rows);
    json_decref(rows);
    if (n == 0) {
      snprintf(detail, sizeof(detail), "provider %lld holds no %s contract on %s", (long long)provider_id,
               req->programme, sp_date_format(start, b1));
      decide(e, "provider_contract", 0, detail);
      return SP_OK;
    }
    note(e, "provider_contract", "pass", "the provider holds the programme's contract on the start date");
  } else {
    note(e, "provider_contract", "not_applicable", "no provider named in the request");
  }

  /* 3 central_government */
  if (employer && strcmp(sp_rec_str(employer, "kind", ""), "government") == 0) {
    rc = sp__agree_rows(ctx, &rows,
                        "SELECT a.id, a.title FROM agreements a JOIN agreement_parties p ON p.agreement_id=a.id"
                        " WHERE a.kind='sector_compact' AND lower(a.sector)='justice' AND p.org_id=?"
                        " AND a.term_start<=? AND (a.term_end IS NULL OR a.term_end>=?) ORDER BY a.id",
                        "idd", sp__agree_jint(employer, "id"), start, start);
    if (rc != SP_OK)
      return rc;
    if (json_array_size(rows) == 0) {
      json_decref(rows);
      snprintf(detail, sizeof(detail),
               "%s is a central government department or agency not covered by the justice sector compact on %s",
               sp_rec_str(employer, "name", ""), sp_date_format(start, b1));
      decide(e, "central_government", 0, detail);
      return SP_OK;
    }
    set_agreement(e, json_array_get(rows, 0));
    json_decref(rows);
    note(e, "central_government", "pass", "the employer is covered by the justice sector compact");
  } else {
    note(e, "central_government", "not_applicable", "the employer is not a central government body");
  }

  /* compact_sector: a named sector compact must be of the learner's sector */
  if ((rc = find_sector(e, employer, start)) != SP_OK)
    return rc;
  char who[400];
  sector_phrase(e, who, sizeof(who));
  if (req->agreement_id) {
    json_t *a = NULL;
    if ((rc = sp__agree_row(ctx, &a, "missing",
                            "SELECT a.id, a.title, a.sector, " SAME_SECTOR("?2")
                            " FROM agreements a WHERE a.id=?1",
                            "is", req->agreement_id, e->sector[0] ? e->sector : NULL)) != SP_OK)
      return rc;
    int same = (int)sp__agree_jint(a, "same_sector");
    if (!same) {
      other_sector(e, a, "the request names");
      json_decref(a);
      return SP_OK;
    }
    json_decref(a);
    note(e, "compact_sector", "pass", who);
  } else {
    note(e, "compact_sector", e->sector[0] ? "pass" : "not_applicable", who);
  }

  /* The learner's highest level achieved before the start. */
  json_t *hi = NULL;
  rc = sp__agree_row(ctx, &hi, "none",
                     "SELECT coalesce(max(l.ord), -1) AS ord FROM learner_achievements a JOIN levels l ON l.code=a.level"
                     " WHERE a.learner_ref=? AND a.achieved_on<?",
                     "sd", sp_rec_str(learner, "ref", ""), start);
  if (rc != SP_OK)
    return rc;
  int64_t held = sp__agree_jint(hi, "ord");
  json_decref(hi);
  const char *level = sp_rec_str(qual, "level", "");

  /* 4 second_level3 */
  if (strcmp(level, "3") == 0 && held >= 3) {
    if ((rc = compacts_listing(e, qcode, start, req->agreement_id, &rows)) != SP_OK)
      return rc;
    json_t *best = first_same(rows), *other = first_other(rows);
    if (!best && other) {
      snprintf(detail, sizeof(detail), "a second Level 3: %s is listed only by another sector's compact;",
               qcode);
      other_sector(e, other, detail);
      json_decref(rows);
      return SP_OK;
    }
    if (best && sp__agree_jint(best, "covers")) {
      set_agreement(e, best);
      snprintf(detail, sizeof(detail), "a second Level 3: %s is on the list of the sector compact \"%s\"", qcode,
               sp_rec_str(best, "title", ""));
      decide(e, "second_level3", 1, detail);
    } else if (best) {
      set_agreement(e, best);
      snprintf(detail, sizeof(detail), "\"%s\" lists %s but its term (%s to %s) or the list entry does not cover %s",
               sp_rec_str(best, "title", ""), qcode, sp_rec_str(best, "term_start", ""),
               sp_rec_str(best, "term_end", ""), sp_date_format(start, b1));
      note(e, "second_level3", "fail", "only a compact in force may fund a second Level 3");
      decide(e, "compact_term", 0, detail);
    } else {
      snprintf(detail, sizeof(detail),
               "the learner already holds a Level 3 and no sector compact%s lists %s",
               req->agreement_id ? " named in the request" : "", qcode);
      decide(e, "second_level3", 0, detail);
    }
    json_decref(rows);
    return SP_OK;
  }
  note(e, "second_level3", "not_applicable", "not a second or later Level 3");

  /* 5 repeat_level2, 6 sme_flexibility */
  if (strcmp(level, "2") == 0 && held >= 2) {
    json_t *other = NULL; /* a flexibility of another sector's compact */
    if ((rc = with_flexibility(e, "repeat_l2_l3", start, req->agreement_id, &rows)) != SP_OK)
      return rc;
    json_t *best = first_same(rows);
    if (first_other(rows))
      other = json_incref(first_other(rows));
    if (best && sp__agree_jint(best, "covers")) {
      set_agreement(e, best);
      snprintf(detail, sizeof(detail), "a repeat Level 2 under the repeat funding flexibility of \"%s\"",
               sp_rec_str(best, "title", ""));
      json_decref(rows);
      json_decref(other);
      decide(e, "repeat_level2", 1, detail);
      return SP_OK;
    }
    json_decref(rows);
    if ((rc = with_flexibility(e, "sme_access", start, req->agreement_id, &rows)) != SP_OK) {
      json_decref(other);
      return rc;
    }
    best = first_same(rows);
    if (!other && first_other(rows))
      other = json_incref(first_other(rows));
    if (best && sp__agree_jint(best, "covers")) {
      set_agreement(e, best);
      int64_t size = req->employer_size;
      if (size < 0 && employer) {
        const char *band = sp_rec_str(employer, "size_band", "");
        size = strcmp(band, "large") == 0 ? 250 : *band ? 249 : -1;
      }
      note(e, "repeat_level2", "fail", "no compact repeat funding flexibility; trying the SME flexibility");
      if (size >= 0 && size < 250) {
        snprintf(detail, sizeof(detail), "a repeat Level 2 under the SME flexibility of \"%s\" (employer under 250)",
                 sp_rec_str(best, "title", ""));
        decide(e, "sme_flexibility", 1, detail);
      } else {
        snprintf(detail, sizeof(detail),
                 size < 0 ? "the employer's size is not known, and the SME flexibility is only for employers "
                            "under 250 employees"
                          : "the employer has %lld employees; the SME flexibility is only for employers under 250",
                 (long long)size);
        decide(e, "sme_flexibility", 0, detail);
      }
      json_decref(rows);
      json_decref(other);
      return SP_OK;
    }
    json_decref(rows);
    if (other) {
      other_sector(e, other, "a repeat Level 2: the only compact flexibility in force belongs to another sector;");
      json_decref(other);
      return SP_OK;
    }
    snprintf(detail, sizeof(detail),
             "the learner already holds a Level 2 or equivalent and no compact flexibility for repeat funding "
             "is in force on %s",
             sp_date_format(start, b1));
    decide(e, "repeat_level2", 0, detail);
    return SP_OK;
  }
  note(e, "repeat_level2", "not_applicable", "not a repeat Level 2");
  note(e, "sme_flexibility", "not_applicable", "no SME flexibility needed");

  /* 7 compact_term: when the request names an agreement, its term must
   * cover the start. */
  if (req->agreement_id) {
    json_t *a = NULL;
    if ((rc = sp__agree_row(ctx, &a, "missing", "SELECT id, title, term_start, term_end FROM agreements WHERE id=?",
                            "i", req->agreement_id)) != SP_OK)
      return rc;
    int32_t ts = sp__agree_jdate(a, "term_start"), te = sp__agree_jdate(a, "term_end");
    set_agreement(e, a);
    if (start < ts || (te != SP_DATE_NONE && start > te)) {
      snprintf(detail, sizeof(detail), "\"%s\" runs from %s to %s and does not cover %s", sp_rec_str(a, "title", ""),
               sp_rec_str(a, "term_start", ""), sp_rec_str(a, "term_end", ""), sp_date_format(start, b1));
      json_decref(a);
      decide(e, "compact_term", 0, detail);
      return SP_OK;
    }
    json_decref(a);
    note(e, "compact_term", "pass", "the named agreement's term covers the start date");
  } else {
    note(e, "compact_term", "not_applicable", "no agreement needed");
  }
  decide(e, "standard_offer", 1,
         held >= 3 ? "within the programme's standard offer"
                   : "a first qualification at this level, within the programme's standard offer");
  return SP_OK;
}

enum sp_rc sp_eligible(struct sp_ctx *ctx, const struct sp_elig_request *req, json_t **out) {
  struct engine e = {.ctx = ctx};
  json_t *learner = NULL, *qual = NULL, *employer = NULL, *tmp = NULL;
  int64_t provider_id = 0;
  enum sp_rc rc;
  if (!req->learner || !*req->learner)
    return sp_ctx_fail(ctx, SP_EINVAL, "learner", "learner is required");
  if (!req->qualification || !*req->qualification)
    return sp_ctx_fail(ctx, SP_EINVAL, "qualification", "qualification is required");
  if (!req->programme || !*req->programme)
    return sp_ctx_fail(ctx, SP_EINVAL, "programme", "programme is required");
  if (req->start == SP_DATE_NONE)
    return sp_ctx_fail(ctx, SP_EINVAL, "start", "start (a date as YYYY-MM-DD) is required");
  if ((rc = must_exist(ctx, &learner, "learner", "SELECT ref, coalesce(employer_org_id,0) AS employer_org_id"
                                                 " FROM learners WHERE ref=?",
                       "s", "learner", req->learner, 0)) != SP_OK ||
      (rc = must_exist(ctx, &qual, "qualification", "SELECT code, title, level, ssa, valid_from, valid_to"
                                                    " FROM qualification_aims WHERE code=?",
                       "s", "qualification", req->qualification, 0)) != SP_OK ||
      (rc = must_exist(ctx, &tmp, "programme", "SELECT code FROM funding_programmes WHERE code=?", "s", "programme",
                       req->programme, 0)) != SP_OK)
    goto out;
  json_decref(tmp);
  tmp = NULL;
  if (req->provider && *req->provider) {
    if (digits8(req->provider))
      rc = must_exist(ctx, &tmp, "provider", "SELECT id FROM orgs WHERE ukprn=?", "s", "provider UKPRN", req->provider,
                      0);
    else {
      char *end = NULL;
      long long id = strtoll(req->provider, &end, 10);
      if (!end || *end || id <= 0) {
        rc = sp_ctx_fail(ctx, SP_EINVAL, "provider", "provider must be an organisation id or an 8-digit UKPRN, not '%s'",
                         req->provider);
        goto out;
      }
      rc = must_exist(ctx, &tmp, "provider", "SELECT id FROM orgs WHERE id=?", "i", "provider", NULL, id);
    }
    if (rc != SP_OK)
      goto out;
    provider_id = sp__agree_jint(tmp, "id");
    json_decref(tmp);
    tmp = NULL;
  }
  int64_t emp = req->employer_org_id ? req->employer_org_id : sp__agree_jint(learner, "employer_org_id");
  if (emp && (rc = must_exist(ctx, &employer, "employer", "SELECT id, name, kind, coalesce(size_band,'') AS size_band"
                                                          " FROM orgs WHERE id=?",
                              "i", "employer", NULL, emp)) != SP_OK)
    goto out;
  if (req->agreement_id &&
      (rc = must_exist(ctx, &tmp, "agreement", "SELECT id FROM agreements WHERE id=?", "i", "agreement", NULL,
                       req->agreement_id)) != SP_OK)
    goto out;
  if ((rc = sp_eligibility_rules(ctx, &e.rules)) != SP_OK)
    goto out;
  e.checks = json_array();
  if ((rc = run(&e, req, learner, qual, employer, provider_id)) != SP_OK)
    goto out;
  *out = json_pack("{s:b, s:o, s:o, s:s, s:O, s:{s:s, s:s, s:s, s:s}, s:o}", "eligible", e.eligible, "decided_by",
                   e.decided, "agreement", e.agreement ? e.agreement : json_null(), "message", e.message, "checks",
                   e.checks, "qualification", "code", sp_rec_str(qual, "code", ""), "title",
                   sp_rec_str(qual, "title", ""), "level", sp_rec_str(qual, "level", ""), "ssa",
                   sp_rec_str(qual, "ssa", ""), "learner_sector",
                   e.sector[0] ? json_pack("{s:s, s:s}", "sector", e.sector, "from", e.sector_how) : json_null());
  e.decided = e.agreement = NULL;
  if (!*out)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
out:
  json_decref(e.rules);
  json_decref(e.checks);
  json_decref(e.decided);
  json_decref(e.agreement);
  json_decref(learner);
  json_decref(qual);
  json_decref(employer);
  json_decref(tmp);
  return rc;
}
