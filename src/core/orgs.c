/*
 * orgs.c: the registry of organisations (orgs.h): validation of the JSON
 * record, create, read, list, update, and the all-or-nothing CSV import.
 *
 * One validator serves every write: it takes the whole record as it would
 * stand after the write (for an update, the stored record with the patch
 * laid over it), so rules that tie fields together (a UKPRN only for
 * providers, a size band only for employers) hold however the record is
 * reached. Writes check the policy table first, then validate, then write
 * the record and its audit entry in one transaction.
 *
 * Rules and their sources: a UK Provider Reference Number is 8 digits
 * starting with 1 (text.h, sp_ukprn_valid); providers are the kinds marked
 * is_provider in org_kinds (migration 0001), after the guidance's list of
 * relevant providers (004_34ac84fe2e6428e6.txt, section 2, "Relevant
 * provider"); schools may have no UKPRN.
 */
#include "orgs.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "audit.h"
#include "base/buf.h"
#include "base/csv.h"
#include "policy.h"
#include "reference.h"
#include "store/store.h"
#include "base/text.h"

#define NAME_MAX_CHARS 200
#define WEBSITE_MAX_CHARS 300
#define EMAIL_MAX_CHARS 254
#define PHONE_MAX_CHARS 40
#define ROLE_MAX_CHARS 100
#define MAX_CONTACTS 20
#define MAX_AREAS 60
#define IMPORT_MAX_RECORD 16384

static const char *const fields[] = {"name",    "kind",  "ukprn",    "companies_house",
                                     "size_band", "website", "areas", "contacts"};
static const char *const contact_fields[] = {"name", "email", "phone", "role"};
static const char *const size_bands[] = {"micro", "small", "medium", "large"};

/* ---- reading ---- */

static enum sp_rc query(struct sp_ctx *ctx, const char *sql, int64_t id, json_t **out) {
  return sp_store_rowsf(ctx, out, sql, "i", id);
}

static enum sp_rc oom(struct sp_ctx *ctx) {
  return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
}

/* Adds the areas (codes) and, when with_contacts, the contacts of the
 * organisation `o` (which has its id), and makes is_provider a boolean. */
static enum sp_rc dress(struct sp_ctx *ctx, json_t *o, int with_contacts) {
  json_int_t id = json_integer_value(json_object_get(o, "id"));
  json_t *rows = NULL, *codes = json_array();
  if (!codes)
    return oom(ctx);
  enum sp_rc rc = query(ctx, "SELECT area_code FROM org_areas WHERE org_id = ? ORDER BY area_code",
                        id, &rows);
  if (rc != SP_OK) {
    json_decref(codes);
    return rc;
  }
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    if (json_array_append(codes, json_object_get(r, "area_code")) != 0) {
      rc = oom(ctx);
      break;
    }
  }
  json_decref(rows);
  if (rc != SP_OK || json_object_set_new(o, "areas", codes) != 0) {
    if (rc == SP_OK)
      json_decref(codes);
    return rc != SP_OK ? rc : oom(ctx);
  }
  json_t *p = json_object_get(o, "is_provider");
  if (json_object_set_new(o, "is_provider", json_boolean(p && json_integer_value(p))) != 0)
    return oom(ctx);
  if (!with_contacts)
    return SP_OK;
  json_t *contacts = NULL;
  if ((rc = query(ctx,
                  "SELECT name, email, phone, role FROM org_contacts WHERE org_id = ?"
                  " ORDER BY id",
                  id, &contacts)) != SP_OK)
    return rc;
  if (json_object_set_new(o, "contacts", contacts) != 0)
    return oom(ctx);
  return SP_OK;
}

#define ORG_COLUMNS                                                                       \
  "o.id, o.name, o.kind, k.name AS kind_name, k.is_provider, o.ukprn, o.companies_house," \
  " o.size_band, o.website, o.created_at, o.updated_at"

/* The whole record, contacts in full: for the audit log and updates. */
static enum sp_rc org_load(struct sp_ctx *ctx, int64_t id, json_t **out) {
  json_t *rows = NULL;
  enum sp_rc rc = query(ctx,
                        "SELECT " ORG_COLUMNS " FROM orgs o JOIN org_kinds k ON k.code = o.kind"
                        " WHERE o.id = ?",
                        id, &rows);
  if (rc != SP_OK)
    return rc;
  json_t *o = json_incref(json_array_get(rows, 0));
  json_decref(rows);
  if (!o)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "id", "no organisation has the id %lld",
                       (long long)id);
  if ((rc = dress(ctx, o, 1)) != SP_OK) {
    json_decref(o);
    return rc;
  }
  *out = o;
  return SP_OK;
}

int sp_org_may_read_contacts(struct sp_ctx *ctx, int64_t id) {
  enum sp_role role = sp_ctx_role(ctx);
  if (sp_policy_allows(role, SP_ACT_ORG_CONTACTS_READ))
    return 1;
  return role != SP_ROLE_PUBLIC && id != 0 && sp_ctx_org_id(ctx) == id;
}

enum sp_rc sp_org_get(struct sp_ctx *ctx, int64_t id, json_t **out) {
  json_t *o = NULL;
  enum sp_rc rc = org_load(ctx, id, &o);
  if (rc != SP_OK)
    return rc;
  /* Contacts are named people: everyone sees their names and roles; their
   * email addresses and telephone numbers only DfE and the organisation's
   * own accounts (issue 10, finding 9; docs/security.md). */
  if (!sp_org_may_read_contacts(ctx, id)) {
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(o, "contacts"), i, c) {
      json_object_del(c, "email");
      json_object_del(c, "phone");
    }
    json_object_set_new(o, "contact_details_hidden", json_true());
  }
  *out = o;
  return SP_OK;
}

enum sp_rc sp_org_kinds(struct sp_ctx *ctx, json_t **out) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                                   "SELECT code, name, is_provider FROM org_kinds ORDER BY ord",
                                   &st);
  if (rc != SP_OK)
    return rc;
  json_t *arr = NULL;
  rc = sp_stmt_all_json(st, ctx, &arr);
  sp_stmt_free(st);
  if (rc != SP_OK)
    return rc;
  size_t i;
  json_t *k;
  json_array_foreach(arr, i, k) {
    json_t *p = json_object_get(k, "is_provider");
    if (json_object_set_new(k, "is_provider", json_boolean(p && json_integer_value(p))) != 0) {
      json_decref(arr);
      return oom(ctx);
    }
  }
  *out = arr;
  return SP_OK;
}

/* Copies s into b with LIKE's wildcards escaped by '\'. */
static enum sp_rc like_pattern(struct sp_buf *b, const char *s) {
  enum sp_rc rc = sp_buf_addc(b, '%');
  for (; rc == SP_OK && *s; s++) {
    if (*s == '%' || *s == '_' || *s == '\\')
      rc = sp_buf_addc(b, '\\');
    if (rc == SP_OK)
      rc = sp_buf_addc(b, *s);
  }
  if (rc == SP_OK)
    rc = sp_buf_addc(b, '%');
  return rc;
}

static int kind_known(struct sp_ctx *ctx, const char *kind, int *is_provider);

enum sp_rc sp_orgs_list(struct sp_ctx *ctx, const char *kind, const char *area, const char *q,
                        int limit, int offset, json_t **out) {
  if (limit < 1 || limit > 1000)
    return sp_ctx_fail(ctx, SP_EINVAL, "limit", "limit must be between 1 and 1000");
  if (offset < 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "offset", "offset must be 0 or more");
  if (kind && !*kind)
    kind = NULL;
  if (area && !*area)
    area = NULL;
  if (q && !*q)
    q = NULL;
  enum sp_rc rc;
  if ((kind && (rc = sp_text_check(ctx, "kind", kind, 64, 0, 0)) != SP_OK) ||
      (area && (rc = sp_text_check(ctx, "area", area, 64, 0, 0)) != SP_OK) ||
      (q && (rc = sp_text_check(ctx, "q", q, 200, 0, 0)) != SP_OK))
    return rc;
  int prov;
  if (kind && !kind_known(ctx, kind, &prov))
    return sp_ctx_fail(ctx, SP_EINVAL, "kind", "kind '%s' is not a kind of organisation", kind);
  struct sp_buf pat;
  sp_buf_init(&pat, 1024);
  if (q && like_pattern(&pat, q) != SP_OK) {
    sp_buf_free(&pat);
    return oom(ctx);
  }
  /* ?1 kind, ?2 area code or slug, ?3 name pattern, ?4 limit, ?5 offset. */
  static const char where[] =
      " FROM orgs o JOIN org_kinds k ON k.code = o.kind"
      " WHERE (?1 IS NULL OR o.kind = ?1)"
      " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM org_areas x WHERE x.org_id = o.id AND"
      " (x.area_code = ?2 OR x.area_code = (SELECT a.code FROM areas a WHERE a.slug = ?2))))"
      " AND (?3 IS NULL OR lower(o.name) LIKE lower(?3) ESCAPE '\\')";
  char sql_items[1024], sql_count[1024];
  snprintf(sql_items, sizeof(sql_items),
           "SELECT " ORG_COLUMNS "%s ORDER BY lower(o.name), o.id LIMIT ?4 OFFSET ?5", where);
  snprintf(sql_count, sizeof(sql_count), "SELECT count(*) AS n%s", where);
  struct sp_stmt *st = NULL;
  json_t *items = NULL, *counted = NULL, *res = NULL;
  for (int pass = 0; pass < 2; pass++) {
    rc = sp_store_prepare(sp_ctx_store(ctx), ctx, pass ? sql_count : sql_items, &st);
    if (rc != SP_OK)
      goto out;
    if (sp_stmt_bind_text(st, 1, kind) != SP_OK || sp_stmt_bind_text(st, 2, area) != SP_OK ||
        sp_stmt_bind_text(st, 3, q ? sp_buf_str(&pat) : NULL) != SP_OK ||
        (!pass && (sp_stmt_bind_int(st, 4, limit) != SP_OK ||
                   sp_stmt_bind_int(st, 5, offset) != SP_OK))) {
      rc = oom(ctx);
      goto out;
    }
    rc = sp_stmt_all_json(st, ctx, pass ? &counted : &items);
    sp_stmt_free(st);
    st = NULL;
    if (rc != SP_OK)
      goto out;
  }
  size_t i;
  json_t *o;
  json_array_foreach(items, i, o) {
    if ((rc = dress(ctx, o, 0)) != SP_OK)
      goto out;
  }
  res = json_pack("{s:O, s:O}", "total", json_object_get(json_array_get(counted, 0), "n"),
                  "items", items);
  if (!res)
    rc = oom(ctx);
out:
  sp_stmt_free(st);
  sp_buf_free(&pat);
  json_decref(items);
  json_decref(counted);
  if (rc == SP_OK)
    *out = res;
  return rc;
}

/* ---- validation ---- */

static int kind_known(struct sp_ctx *ctx, const char *kind, int *is_provider) {
  struct sp_stmt *st = NULL;
  int row = 0;
  if (sp_store_prepare(sp_ctx_store(ctx), ctx, "SELECT is_provider FROM org_kinds WHERE code = ?",
                       &st) != SP_OK)
    return 0;
  if (sp_stmt_bind_text(st, 1, kind) == SP_OK && sp_stmt_step(st, ctx, &row) == SP_OK && row)
    *is_provider = (int)sp_stmt_int(st, 0);
  sp_stmt_free(st);
  return row;
}

/* The string member `key` of o: NULL when absent or null; SP_EINVAL when it
 * is there but not a string. */
static enum sp_rc get_str(struct sp_ctx *ctx, const json_t *o, const char *key,
                          const char *field, const char **out) {
  json_t *v = json_object_get(o, key);
  *out = NULL;
  if (!v || json_is_null(v))
    return SP_OK;
  if (!json_is_string(v))
    return sp_ctx_fail(ctx, SP_EINVAL, field, "%s must be a string", field);
  *out = json_string_value(v);
  if (strlen(*out) != json_string_length(v))
    return sp_ctx_fail(ctx, SP_EINVAL, field, "%s contains a NUL character", field);
  return SP_OK;
}

static int in_list(const char *s, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(s, list[i]) == 0)
      return 1;
  return 0;
}

static enum sp_rc check_contacts(struct sp_ctx *ctx, const json_t *contacts) {
  if (!json_is_array(contacts))
    return sp_ctx_fail(ctx, SP_EINVAL, "contacts", "contacts must be a list");
  if (json_array_size(contacts) > MAX_CONTACTS)
    return sp_ctx_fail(ctx, SP_EINVAL, "contacts", "an organisation may have at most %d contacts",
                       MAX_CONTACTS);
  size_t i;
  json_t *c;
  json_array_foreach(contacts, i, c) {
    char f[64];
    if (!json_is_object(c)) {
      snprintf(f, sizeof(f), "contacts[%zu]", i);
      return sp_ctx_fail(ctx, SP_EINVAL, f, "%s must be an object {name, email, phone, role}", f);
    }
    const char *key;
    json_t *v;
    json_object_foreach(c, key, v) {
      if (!in_list(key, contact_fields, SP_ARRAY_LEN(contact_fields))) {
        snprintf(f, sizeof(f), "contacts[%zu].%.32s", i, key);
        return sp_ctx_fail(ctx, SP_EINVAL, f,
                           "unknown field '%s'; a contact has name, email, phone, role", f);
      }
    }
    const char *name, *email, *phone, *role;
    enum sp_rc rc;
    static const size_t limits[] = {NAME_MAX_CHARS, EMAIL_MAX_CHARS, PHONE_MAX_CHARS,
                                    ROLE_MAX_CHARS};
    const char **vals[] = {&name, &email, &phone, &role};
    for (size_t k = 0; k < SP_ARRAY_LEN(contact_fields); k++) {
      snprintf(f, sizeof(f), "contacts[%zu].%s", i, contact_fields[k]);
      if ((rc = get_str(ctx, c, contact_fields[k], f, vals[k])) != SP_OK ||
          (rc = sp_text_check(ctx, f, *vals[k], limits[k], k == 0, 0)) != SP_OK)
        return rc;
    }
    if (email && *email) {
      const char *at = strchr(email, '@');
      if (!at || at == email || !strchr(at, '.') || strchr(email, ' ')) {
        snprintf(f, sizeof(f), "contacts[%zu].email", i);
        return sp_ctx_fail(ctx, SP_EINVAL, f, "%s '%s' is not an email address", f, email);
      }
    }
    if (phone) {
      for (const char *p = phone; *p; p++) {
        if (!strchr("0123456789 +()-", *p)) {
          snprintf(f, sizeof(f), "contacts[%zu].phone", i);
          return sp_ctx_fail(ctx, SP_EINVAL, f,
                             "%s may hold only digits, spaces and + ( ) -", f);
        }
      }
    }
  }
  return SP_OK;
}

/*
 * Checks a whole record (see orgs.h for the rules). Absent and null members
 * are the same. Writes the failure, naming the field, on ctx.
 */
static enum sp_rc validate(struct sp_ctx *ctx, const json_t *o) {
  if (!json_is_object(o))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "an organisation must be a JSON object");
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)o, key, v) {
    if (!in_list(key, fields, SP_ARRAY_LEN(fields)))
      return sp_ctx_fail(ctx, SP_EINVAL, key,
                         "unknown field '%.64s'; an organisation has name, kind, ukprn, "
                         "companies_house, size_band, website, areas, contacts",
                         key);
  }
  const char *name, *kind, *ukprn, *ch, *band, *web;
  enum sp_rc rc;
  if ((rc = get_str(ctx, o, "name", "name", &name)) != SP_OK ||
      (rc = get_str(ctx, o, "kind", "kind", &kind)) != SP_OK ||
      (rc = get_str(ctx, o, "ukprn", "ukprn", &ukprn)) != SP_OK ||
      (rc = get_str(ctx, o, "companies_house", "companies_house", &ch)) != SP_OK ||
      (rc = get_str(ctx, o, "size_band", "size_band", &band)) != SP_OK ||
      (rc = get_str(ctx, o, "website", "website", &web)) != SP_OK)
    return rc;
  if ((rc = sp_text_check(ctx, "name", name, NAME_MAX_CHARS, 1, 0)) != SP_OK ||
      (rc = sp_text_check(ctx, "kind", kind, 64, 1, 0)) != SP_OK)
    return rc;
  int provider = 0;
  if (!kind_known(ctx, kind, &provider))
    return sp_ctx_fail(ctx, SP_EINVAL, "kind",
                       "kind '%s' is not a kind of organisation (erb, fe_college, "
                       "sixth_form_college, designated_institution, itp, hei, school, "
                       "academy_16_19, la_provider, mca, gla, lep, local_authority, "
                       "sector_body, employer, vcs, trade_union, government, careers)",
                       kind);
  if (ukprn && *ukprn) {
    if (!sp_ukprn_valid(ukprn))
      return sp_ctx_fail(ctx, SP_EINVAL, "ukprn",
                         "ukprn '%.32s' is not a UK Provider Reference Number: 8 digits "
                         "starting with 1",
                         ukprn);
    if (!provider)
      return sp_ctx_fail(ctx, SP_EINVAL, "ukprn",
                         "ukprn is only for providers; kind '%s' is not a provider", kind);
  } else if (provider && strcmp(kind, "school") != 0) {
    return sp_ctx_fail(ctx, SP_EINVAL, "ukprn",
                       "ukprn is required for a provider of kind '%s' (8 digits starting with 1)",
                       kind);
  }
  if (ch && *ch && !sp_companies_house_valid(ch))
    return sp_ctx_fail(ctx, SP_EINVAL, "companies_house",
                       "companies_house '%.32s' is not a Companies House number: 8 digits, or "
                       "two capital letters and six digits",
                       ch);
  if (band && *band) {
    if (!in_list(band, size_bands, SP_ARRAY_LEN(size_bands)))
      return sp_ctx_fail(ctx, SP_EINVAL, "size_band",
                         "size_band '%.32s' is not one of micro, small, medium, large", band);
    if (strcmp(kind, "employer") != 0)
      return sp_ctx_fail(ctx, SP_EINVAL, "size_band", "size_band is only for employers");
  }
  if ((rc = sp_text_check(ctx, "website", web, WEBSITE_MAX_CHARS, 0, 0)) != SP_OK)
    return rc;
  if (web && *web &&
      ((strncmp(web, "https://", 8) != 0 && strncmp(web, "http://", 7) != 0) ||
       strchr(web, ' ') || strlen(web) < 11))
    return sp_ctx_fail(ctx, SP_EINVAL, "website",
                       "website must be a web address starting https:// or http://");
  json_t *areas = json_object_get(o, "areas");
  if (areas && !json_is_null(areas)) {
    if (!json_is_array(areas))
      return sp_ctx_fail(ctx, SP_EINVAL, "areas", "areas must be a list of LSIP area codes");
    if (json_array_size(areas) > MAX_AREAS)
      return sp_ctx_fail(ctx, SP_EINVAL, "areas", "at most %d areas", MAX_AREAS);
    size_t i, j;
    json_t *a, *b;
    json_array_foreach(areas, i, a) {
      const char *code = json_string_value(a);
      if (!code)
        return sp_ctx_fail(ctx, SP_EINVAL, "areas", "areas must be a list of LSIP area codes");
      if (strlen(code) > 16 || !sp_utf8_valid(code, strlen(code)) || !sp_area_exists(ctx, code))
        return sp_ctx_fail(ctx, SP_EINVAL, "areas",
                           "area code '%.16s' is not a known LSIP area (an ONS code like "
                           "E69000037)",
                           sp_utf8_valid(code, strlen(code)) ? code : "?");
      json_array_foreach(areas, j, b) {
        if (j < i && json_equal(a, b))
          return sp_ctx_fail(ctx, SP_EINVAL, "areas", "area %s is listed twice", code);
      }
    }
  }
  json_t *contacts = json_object_get(o, "contacts");
  if (contacts && !json_is_null(contacts) && (rc = check_contacts(ctx, contacts)) != SP_OK)
    return rc;
  return SP_OK;
}

/* ---- writing ---- */

static void now_iso(char out[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A string member or NULL for absent, null or empty. */
static const char *opt(const json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s && *s ? s : NULL;
}

/* Replaces the areas and contacts of org id with those of the (validated)
 * record o. */
static enum sp_rc write_lists(struct sp_ctx *ctx, int64_t id, const json_t *o) {
  struct sp_store *store = sp_ctx_store(ctx);
  struct sp_stmt *st = NULL;
  enum sp_rc rc;
  static const char *const sql[] = {
      "DELETE FROM org_areas WHERE org_id = ?1",
      "DELETE FROM org_contacts WHERE org_id = ?1",
      "INSERT INTO org_areas(org_id, area_code) VALUES (?1, ?2)",
      "INSERT INTO org_contacts(org_id, name, email, phone, role) VALUES (?1, ?2, ?3, ?4, ?5)"};
  for (int s = 0; s < 2; s++) {
    if ((rc = sp_store_prepare(store, ctx, sql[s], &st)) != SP_OK)
      return rc;
    rc = sp_stmt_bind_int(st, 1, id) != SP_OK ? oom(ctx) : sp_stmt_run(st, ctx);
    sp_stmt_free(st);
    st = NULL;
    if (rc != SP_OK)
      return rc;
  }
  size_t i;
  json_t *v;
  if ((rc = sp_store_prepare(store, ctx, sql[2], &st)) != SP_OK)
    return rc;
  json_array_foreach(json_object_get(o, "areas"), i, v) {
    if (sp_stmt_bind_int(st, 1, id) != SP_OK ||
        sp_stmt_bind_text(st, 2, json_string_value(v)) != SP_OK) {
      rc = oom(ctx);
      break;
    }
    if ((rc = sp_stmt_run(st, ctx)) != SP_OK)
      break;
    sp_stmt_reset(st);
  }
  sp_stmt_free(st);
  st = NULL;
  if (rc != SP_OK)
    return rc;
  if ((rc = sp_store_prepare(store, ctx, sql[3], &st)) != SP_OK)
    return rc;
  json_array_foreach(json_object_get(o, "contacts"), i, v) {
    if (sp_stmt_bind_int(st, 1, id) != SP_OK || sp_stmt_bind_text(st, 2, opt(v, "name")) != SP_OK ||
        sp_stmt_bind_text(st, 3, opt(v, "email")) != SP_OK ||
        sp_stmt_bind_text(st, 4, opt(v, "phone")) != SP_OK ||
        sp_stmt_bind_text(st, 5, opt(v, "role")) != SP_OK) {
      rc = oom(ctx);
      break;
    }
    if ((rc = sp_stmt_run(st, ctx)) != SP_OK)
      break;
    sp_stmt_reset(st);
  }
  sp_stmt_free(st);
  return rc;
}

/* Turns a UNIQUE failure on ukprn into a message that names it. */
static enum sp_rc ukprn_conflict(struct sp_ctx *ctx, enum sp_rc rc, const json_t *o) {
  if (rc == SP_ECONFLICT && strstr(sp_ctx_errmsg(ctx), "ukprn"))
    return sp_ctx_fail(ctx, SP_ECONFLICT, "ukprn", "an organisation with UKPRN %s already exists",
                       opt(o, "ukprn") ? opt(o, "ukprn") : "");
  return rc;
}

/* Kinds whose identity is DfE's to set (issue 10, finding 2): a government
 * body, a mayoral combined authority (and the GLA, London's), an employer
 * representative body. Only DfE turns an existing organisation into one of
 * these, creates a government body, or changes the name, kind or
 * identifiers of one (an ERB or a funder may register a new MCA or ERB). */
static int protected_kind(const char *kind) {
  static const char *const kinds[] = {"government", "mca", "gla", "erb"};
  return kind && in_list(kind, kinds, SP_ARRAY_LEN(kinds));
}

static const char *kind_label(const char *kind) {
  if (!strcmp(kind, "government"))
    return "a government body";
  if (!strcmp(kind, "mca"))
    return "a mayoral combined authority";
  if (!strcmp(kind, "gla"))
    return "the Greater London Authority";
  return "an employer representative body";
}

/* Refuses a non-DfE actor making an organisation of a protected kind, or
 * changing the name, kind or identifiers of one. before is NULL on create. */
static enum sp_rc check_govern(struct sp_ctx *ctx, const json_t *before, const json_t *after) {
  if (sp_policy_allows(sp_ctx_role(ctx), SP_ACT_ORG_GOVERN))
    return SP_OK;
  const char *k0 = before ? opt(before, "kind") : NULL, *k1 = opt(after, "kind");
  /* New records: only a government body is DfE's alone to make (an ERB or
   * a funder may register an MCA or an ERB it works with). Changes: no
   * organisation becomes one of the protected kinds but by DfE. */
  int becomes = before ? protected_kind(k1) && strcmp(k0 ? k0 : "", k1) != 0
                       : k1 && strcmp(k1, "government") == 0;
  if (becomes)
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, "kind",
                       "only DfE may make an organisation %s (org.govern); ask DfE to do it",
                       kind_label(k1));
  if (!before || !protected_kind(k0))
    return SP_OK;
  static const char *const idf[] = {"name", "kind", "ukprn", "companies_house"};
  for (size_t i = 0; i < SP_ARRAY_LEN(idf); i++) {
    const char *a = opt(before, idf[i]), *b = opt(after, idf[i]);
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
      return sp_ctx_fail(ctx, SP_EFORBIDDEN, idf[i],
                         "only DfE may change the %s of %s (org.govern)",
                         strcmp(idf[i], "companies_house") ? idf[i] : "Companies House number",
                         kind_label(k0));
  }
  return SP_OK;
}

/* Names are unique per kind, compared without regard to case: a second
 * "Department for Education" among government bodies is refused. Runs
 * inside the write's transaction. self is the record's own id (0 on create). */
static enum sp_rc check_name_unique(struct sp_ctx *ctx, const json_t *o, int64_t self) {
  json_t *rows = NULL;
  enum sp_rc rc = sp_store_rowsf(ctx, &rows,
                                 "SELECT id FROM orgs WHERE kind = ? AND lower(name) = lower(?)"
                                 " AND id <> ? LIMIT 1",
                                 "ssi", opt(o, "kind"), opt(o, "name"), self);
  if (rc != SP_OK)
    return rc;
  json_t *hit = json_array_get(rows, 0);
  if (hit)
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "name",
                     "an organisation of kind %s named '%s' already exists (organisation %lld); "
                     "names are unique within a kind",
                     opt(o, "kind"), opt(o, "name"),
                     (long long)json_integer_value(json_object_get(hit, "id")));
  json_decref(rows);
  if (rc != SP_OK || sp_policy_allows(sp_ctx_role(ctx), SP_ACT_ORG_GOVERN))
    return rc;
  /* A government body's name is not for anyone else to take: a college
   * renamed "Department for Education" would speak for DfE. */
  rows = NULL;
  if ((rc = sp_store_rowsf(ctx, &rows,
                           "SELECT id FROM orgs WHERE kind = 'government' AND lower(name) = lower(?)"
                           " AND id <> ? LIMIT 1",
                           "si", opt(o, "name"), self)) != SP_OK)
    return rc;
  if (json_array_size(rows))
    rc = sp_ctx_fail(ctx, SP_EFORBIDDEN, "name",
                     "'%s' is the name of a government body; only DfE may give an organisation "
                     "that name (org.govern)",
                     opt(o, "name"));
  json_decref(rows);
  return rc;
}

/* Inserts the validated record o inside the open transaction and appends
 * its audit entry. */
static enum sp_rc insert_org(struct sp_ctx *ctx, const json_t *o, int64_t *id_out) {
  struct sp_store *store = sp_ctx_store(ctx);
  struct sp_stmt *st = NULL;
  json_t *after = NULL;
  char now[32];
  now_iso(now);
  enum sp_rc rc = check_govern(ctx, NULL, o);
  if (rc == SP_OK)
    rc = check_name_unique(ctx, o, 0);
  if (rc != SP_OK)
    return rc;
  rc = sp_store_prepare(store, ctx,
                                   "INSERT INTO orgs(name, kind, ukprn, companies_house, size_band,"
                                   " website, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                   &st);
  if (rc != SP_OK)
    return rc;
  if (sp_stmt_bind_text(st, 1, opt(o, "name")) != SP_OK ||
      sp_stmt_bind_text(st, 2, opt(o, "kind")) != SP_OK ||
      sp_stmt_bind_text(st, 3, opt(o, "ukprn")) != SP_OK ||
      sp_stmt_bind_text(st, 4, opt(o, "companies_house")) != SP_OK ||
      sp_stmt_bind_text(st, 5, opt(o, "size_band")) != SP_OK ||
      sp_stmt_bind_text(st, 6, opt(o, "website")) != SP_OK ||
      sp_stmt_bind_text(st, 7, now) != SP_OK || sp_stmt_bind_text(st, 8, now) != SP_OK)
    rc = oom(ctx);
  if (rc == SP_OK)
    rc = ukprn_conflict(ctx, sp_stmt_run(st, ctx), o);
  sp_stmt_free(st);
  if (rc != SP_OK)
    return rc;
  int64_t id = sp_store_last_id(store);
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
  if ((rc = write_lists(ctx, id, o)) != SP_OK || (rc = org_load(ctx, id, &after)) != SP_OK)
    return rc;
  rc = sp_audit_append(ctx, "create", "org", idbuf, NULL, after);
  json_decref(after);
  if (rc == SP_OK && id_out)
    *id_out = id;
  return rc;
}

enum sp_rc sp_org_create(struct sp_ctx *ctx, const json_t *in, int64_t *id_out) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_ORG_CREATE);
  if (rc != SP_OK || (rc = validate(ctx, in)) != SP_OK)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  rc = insert_org(ctx, in, id_out);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

/* org.edit for any organisation, or org.edit_own for the actor's own. */
static enum sp_rc may_edit(struct sp_ctx *ctx, int64_t id) {
  enum sp_role role = sp_ctx_role(ctx);
  if (sp_policy_allows(role, SP_ACT_ORG_EDIT))
    return SP_OK;
  if (sp_policy_allows(role, SP_ACT_ORG_EDIT_OWN) && sp_ctx_org_id(ctx) == id && id != 0)
    return SP_OK;
  if (role == SP_ROLE_PUBLIC)
    return sp_policy_check(ctx, SP_ACT_ORG_EDIT);
  return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                     "the %s role may edit only its own organisation (%s)", sp_role_name(role),
                     sp_policy_allows(role, SP_ACT_ORG_EDIT_OWN) ? "org.edit_own" : "org.edit");
}

enum sp_rc sp_org_update(struct sp_ctx *ctx, int64_t id, const json_t *patch) {
  enum sp_rc rc = may_edit(ctx, id);
  if (rc != SP_OK)
    return rc;
  if (!json_is_object(patch))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "a change must be a JSON object");
  if (json_object_size(patch) == 0)
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "nothing to change: the change has no fields");
  struct sp_store *store = sp_ctx_store(ctx);
  json_t *before = NULL, *merged = NULL, *after = NULL;
  struct sp_stmt *st = NULL;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if ((rc = org_load(ctx, id, &before)) != SP_OK)
    goto out;
  merged = json_object();
  if (!merged) {
    rc = oom(ctx);
    goto out;
  }
  for (size_t i = 0; i < SP_ARRAY_LEN(fields); i++) {
    json_t *v = json_object_get(before, fields[i]);
    if (v && json_object_set(merged, fields[i], v) != 0) {
      rc = oom(ctx);
      goto out;
    }
  }
  if (json_object_update(merged, (json_t *)patch) != 0) {
    rc = oom(ctx);
    goto out;
  }
  if ((rc = validate(ctx, merged)) != SP_OK || (rc = check_govern(ctx, before, merged)) != SP_OK ||
      (rc = check_name_unique(ctx, merged, id)) != SP_OK)
    goto out;
  char now[32];
  now_iso(now);
  rc = sp_store_prepare(store, ctx,
                        "UPDATE orgs SET name = ?, kind = ?, ukprn = ?, companies_house = ?,"
                        " size_band = ?, website = ?, updated_at = ? WHERE id = ?",
                        &st);
  if (rc != SP_OK)
    goto out;
  if (sp_stmt_bind_text(st, 1, opt(merged, "name")) != SP_OK ||
      sp_stmt_bind_text(st, 2, opt(merged, "kind")) != SP_OK ||
      sp_stmt_bind_text(st, 3, opt(merged, "ukprn")) != SP_OK ||
      sp_stmt_bind_text(st, 4, opt(merged, "companies_house")) != SP_OK ||
      sp_stmt_bind_text(st, 5, opt(merged, "size_band")) != SP_OK ||
      sp_stmt_bind_text(st, 6, opt(merged, "website")) != SP_OK ||
      sp_stmt_bind_text(st, 7, now) != SP_OK || sp_stmt_bind_int(st, 8, id) != SP_OK) {
    rc = oom(ctx);
    goto out;
  }
  if ((rc = ukprn_conflict(ctx, sp_stmt_run(st, ctx), merged)) != SP_OK)
    goto out;
  if ((json_object_get(patch, "areas") || json_object_get(patch, "contacts")) &&
      (rc = write_lists(ctx, id, merged)) != SP_OK)
    goto out;
  if ((rc = org_load(ctx, id, &after)) != SP_OK)
    goto out;
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
  if ((rc = sp_audit_append(ctx, "update", "org", idbuf, before, after)) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
out:
  sp_stmt_free(st);
  json_decref(before);
  json_decref(merged);
  json_decref(after);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

/* ---- import ---- */

/* Builds the record of the current CSV row: empty cells are absent; areas
 * split on ';' with spaces trimmed. */
static enum sp_rc row_record(struct sp_ctx *ctx, struct sp_csv *c, json_t **out) {
  static const char *const cols[] = {"name", "kind", "ukprn", "companies_house", "size_band",
                                     "website"};
  json_t *o = json_object();
  if (!o)
    return oom(ctx);
  for (size_t i = 0; i < SP_ARRAY_LEN(cols); i++) {
    const char *v = sp_csv_get(c, cols[i]);
    if (*v && json_object_set_new(o, cols[i], json_string(v)) != 0) {
      json_decref(o);
      return oom(ctx);
    }
  }
  json_t *areas = json_array();
  if (!areas || json_object_set_new(o, "areas", areas) != 0) {
    json_decref(o);
    return oom(ctx);
  }
  const char *s = sp_csv_get(c, "areas");
  while (*s) {
    const char *end = strchr(s, ';');
    size_t n = end ? (size_t)(end - s) : strlen(s);
    char code[64];
    char raw[64];
    snprintf(raw, sizeof(raw), "%.*s", (int)(n < sizeof(raw) ? n : sizeof(raw) - 1), s);
    sp_trim_copy(code, sizeof(code), raw);
    if (*code && json_array_append_new(areas, json_string(code)) != 0) {
      json_decref(o);
      return oom(ctx);
    }
    if (!end)
      break;
    s = end + 1;
  }
  *out = o;
  return SP_OK;
}

enum sp_rc sp_orgs_import_csv(struct sp_ctx *ctx, const char *path, int64_t *count) {
  static const char *const want[] = {"name",      "kind",    "ukprn", "companies_house",
                                     "size_band", "website", "areas", NULL};
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_ORG_IMPORT);
  if (rc != SP_OK)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  struct sp_csv *c = NULL;
  json_t *rec = NULL;
  int64_t n = 0;
  if ((rc = sp_csv_open(ctx, path, IMPORT_MAX_RECORD, &c)) != SP_OK)
    return rc;
  if ((rc = sp_csv_read_header(c, ctx, want)) != SP_OK)
    goto out;
  /* Unknown columns would be dropped silently; refuse them instead. The
   * header is still the current record. */
  for (size_t i = 0; i < sp_csv_nfields(c); i++) {
    const char *h = sp_csv_field(c, i);
    if (!in_list(h, want, 7)) {
      rc = sp_csv_fail(c, ctx, SP_EINVAL, h,
                       "unknown column; the columns are name, kind, ukprn, companies_house, "
                       "size_band, website, areas");
      goto out;
    }
  }
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    goto out;
  for (;;) {
    int eof;
    if ((rc = sp_csv_next(c, ctx, &eof)) != SP_OK || eof)
      break;
    if ((rc = sp_csv_check_width(c, ctx)) != SP_OK)
      break;
    if ((rc = row_record(ctx, c, &rec)) != SP_OK)
      break;
    if ((rc = validate(ctx, rec)) == SP_OK)
      rc = insert_org(ctx, rec, NULL);
    json_decref(rec);
    rec = NULL;
    if (rc != SP_OK) {
      char msg[768], field[64];
      snprintf(msg, sizeof(msg), "%s", sp_ctx_errmsg(ctx));
      snprintf(field, sizeof(field), "%s", sp_ctx_errfield(ctx));
      rc = sp_csv_fail(c, ctx, rc, field[0] ? field : NULL, "%s", msg);
      break;
    }
    n++;
  }
  if (rc == SP_OK && n == 0)
    rc = sp_ctx_fail(ctx, SP_EINVAL, NULL, "%s: the file has a header but no organisations",
                     sp_csv_name(c));
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
out:
  sp_csv_close(c);
  if (rc == SP_OK && count)
    *count = n;
  return rc;
}
