/*
 * test_orgs.c: the organisation registry (orgs.h): create, get, list with
 * filters, update (by any-org editors and by an organisation's own staff),
 * each kind of bad input refused naming its field with nothing written,
 * the policy table applied, the audit entry written in the same transaction
 * as the record (and gone when the write fails), and the all-or-nothing
 * CSV import on the files in tests/data/orgs/.
 */
#include "testutil.h"

#include "core/orgs.h"
#include "core/reference.h"

static int setup(void **state) {
  struct tenv *e = calloc(1, sizeof(*e));
  t_open(e);
  sp_ctx_set_actor(e->ctx, 0, 0, SP_ROLE_DFE_ADMIN, "Ada Admin");
  T_RC(e, sp_reference_load(e->ctx, t_path("data")), SP_OK);
  *state = e;
  return 0;
}

static int teardown(void **state) {
  struct tenv *e = *state;
  t_close(e);
  free(e);
  return 0;
}

static json_t *parse(const char *text) {
  json_error_t err;
  json_t *j = json_loads(text, 0, &err);
  if (!j)
    fail_msg("bad test JSON %s: %s", text, err.text);
  return j;
}

static int64_t create(struct tenv *e, const char *text) {
  json_t *in = parse(text);
  int64_t id = 0;
  T_RC(e, sp_org_create(e->ctx, in, &id), SP_OK);
  json_decref(in);
  return id;
}

static int64_t audit_rows(struct tenv *e) {
  return t_int(e, "SELECT count(*) FROM audit_log WHERE entity = 'org'");
}

static void create_and_get(void **state) {
  struct tenv *e = *state;
  int64_t id = create(e, "{\"name\": \"Beck College\", \"kind\": \"fe_college\", \"ukprn\":"
                         " \"10088801\", \"website\": \"https://beck.example.ac.uk\", \"areas\":"
                         " [\"E69000037\", \"E69000014\"], \"contacts\": [{\"name\": \"Jo Beck\","
                         " \"email\": \"jo@beck.example.ac.uk\", \"phone\": \"+44 113 000 0000\","
                         " \"role\": \"Principal\"}]}");
  json_t *o = NULL;
  T_RC(e, sp_org_get(e->ctx, id, &o), SP_OK);
  assert_int_equal(json_integer_value(json_object_get(o, "id")), id);
  assert_string_equal(json_string_value(json_object_get(o, "name")), "Beck College");
  assert_string_equal(json_string_value(json_object_get(o, "kind_name")), "FE college");
  assert_true(json_is_true(json_object_get(o, "is_provider")));
  assert_string_equal(json_string_value(json_object_get(o, "ukprn")), "10088801");
  assert_true(json_is_null(json_object_get(o, "size_band")));
  json_t *areas = json_object_get(o, "areas");
  assert_int_equal(json_array_size(areas), 2);
  assert_string_equal(json_string_value(json_array_get(areas, 0)), "E69000014");
  json_t *c = json_array_get(json_object_get(o, "contacts"), 0);
  assert_string_equal(json_string_value(json_object_get(c, "email")), "jo@beck.example.ac.uk");
  assert_non_null(json_string_value(json_object_get(o, "created_at")));
  json_decref(o);
  T_RC(e, sp_org_get(e->ctx, id + 100, &o), SP_ENOTFOUND);
  /* A school may have no UKPRN; an employer has a size band. */
  create(e, "{\"name\": \"Hill School\", \"kind\": \"school\"}");
  create(e, "{\"name\": \"Castle Foods\", \"kind\": \"employer\", \"size_band\": \"micro\","
            " \"companies_house\": \"SC123456\", \"ukprn\": null}");
  json_t *kinds = NULL;
  T_RC(e, sp_org_kinds(e->ctx, &kinds), SP_OK);
  assert_int_equal(json_array_size(kinds), 19);
  assert_string_equal(json_string_value(json_object_get(json_array_get(kinds, 0), "code")), "erb");
  json_decref(kinds);
}

static void audit_entry_in_same_transaction(void **state) {
  struct tenv *e = *state;
  sp_ctx_set_actor(e->ctx, 42, 0, SP_ROLE_DFE_ADMIN, "Ada Admin");
  int64_t id = create(e, "{\"name\": \"Aire Chamber\", \"kind\": \"erb\"}");
  char sql[256];
  snprintf(sql, sizeof(sql),
           "SELECT count(*) FROM audit_log WHERE entity = 'org' AND entity_id = '%lld' AND"
           " action = 'create' AND user_id = 42 AND actor = 'Ada Admin' AND before_json IS NULL"
           " AND after_json LIKE '%%\"name\":\"Aire Chamber\"%%'",
           (long long)id);
  assert_int_equal(t_int(e, sql), 1);
  json_t *patch = parse("{\"name\": \"Aire Valley Chamber\"}");
  T_RC(e, sp_org_update(e->ctx, id, patch), SP_OK);
  json_decref(patch);
  snprintf(sql, sizeof(sql),
           "SELECT count(*) FROM audit_log WHERE entity_id = '%lld' AND action = 'update' AND"
           " before_json LIKE '%%\"Aire Chamber\"%%' AND after_json LIKE '%%\"Aire Valley"
           " Chamber\"%%'",
           (long long)id);
  assert_int_equal(t_int(e, sql), 1);
}

static void list_filters(void **state) {
  struct tenv *e = *state;
  create(e, "{\"name\": \"Beck College\", \"kind\": \"fe_college\", \"ukprn\": \"10088801\","
            " \"areas\": [\"E69000037\"]}");
  create(e, "{\"name\": \"Aire Chamber\", \"kind\": \"erb\", \"areas\": [\"E69000037\","
            " \"E69000014\"]}");
  create(e, "{\"name\": \"Irwell College\", \"kind\": \"fe_college\", \"ukprn\": \"10088802\","
            " \"areas\": [\"E69000014\"]}");
  create(e, "{\"name\": \"100% Training_Co\", \"kind\": \"itp\", \"ukprn\": \"10088803\"}");
  json_t *r = NULL;
  T_RC(e, sp_orgs_list(e->ctx, NULL, NULL, NULL, 1000, 0, &r), SP_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")), 4);
  /* Sorted by name. */
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(json_object_get(r, "items"), 1), "name")),
      "Aire Chamber");
  json_decref(r);
  T_RC(e, sp_orgs_list(e->ctx, "fe_college", NULL, NULL, 1000, 0, &r), SP_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")), 2);
  json_decref(r);
  T_RC(e, sp_orgs_list(e->ctx, NULL, "E69000014", NULL, 1000, 0, &r), SP_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")), 2);
  json_decref(r);
  T_RC(e, sp_orgs_list(e->ctx, NULL, "west-yorkshire", NULL, 1000, 0, &r), SP_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")), 2);
  json_decref(r);
  T_RC(e, sp_orgs_list(e->ctx, "fe_college", "E69000014", "IRWELL", 1000, 0, &r), SP_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")), 1);
  json_decref(r);
  /* LIKE wildcards in q are literal. */
  T_RC(e, sp_orgs_list(e->ctx, NULL, NULL, "%", 1000, 0, &r), SP_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")), 1);
  json_decref(r);
  T_RC(e, sp_orgs_list(e->ctx, NULL, NULL, "g_c", 1000, 0, &r), SP_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")), 1);
  json_decref(r);
  /* Paging: total counts all, items the page. */
  T_RC(e, sp_orgs_list(e->ctx, NULL, NULL, NULL, 2, 3, &r), SP_OK);
  assert_int_equal(json_integer_value(json_object_get(r, "total")), 4);
  assert_int_equal(json_array_size(json_object_get(r, "items")), 1);
  json_decref(r);
  T_RC(e, sp_orgs_list(e->ctx, "castle", NULL, NULL, 10, 0, &r), SP_EINVAL);
  assert_string_equal(sp_ctx_errfield(e->ctx), "kind");
  T_RC(e, sp_orgs_list(e->ctx, NULL, NULL, NULL, 0, 0, &r), SP_EINVAL);
  T_RC(e, sp_orgs_list(e->ctx, NULL, NULL, NULL, 10, -1, &r), SP_EINVAL);
  T_RC(e, sp_orgs_list(e->ctx, NULL, NULL, "caf\xe9", 10, 0, &r), SP_EINVAL);
  /* Anyone may list: reads are public. */
  sp_ctx_set_actor(e->ctx, 0, 0, SP_ROLE_PUBLIC, NULL);
  T_RC(e, sp_orgs_list(e->ctx, NULL, NULL, NULL, 10, 0, &r), SP_OK);
  json_decref(r);
}

static void bad_input_refused_naming_field(void **state) {
  struct tenv *e = *state;
  char long_name[260];
  memset(long_name, 'a', 201);
  long_name[201] = '\0';
  char long_json[400];
  snprintf(long_json, sizeof(long_json), "{\"name\": \"%s\", \"kind\": \"erb\"}", long_name);
  char many[2048] = "{\"name\": \"N\", \"kind\": \"erb\", \"contacts\": [";
  for (int i = 0; i < 21; i++)
    snprintf(many + strlen(many), sizeof(many) - strlen(many), "%s{\"name\": \"c%d\"}",
             i ? "," : "", i);
  snprintf(many + strlen(many), sizeof(many) - strlen(many), "]}");
  const struct {
    const char *json, *field;
  } cases[] = {
      {"{\"name\": \"N\", \"kind\": \"erb\", \"colour\": \"red\"}", "colour"},
      {"{\"kind\": \"erb\"}", "name"},
      {"{\"name\": \"\", \"kind\": \"erb\"}", "name"},
      {"{\"name\": 7, \"kind\": \"erb\"}", "name"},
      {long_json, "name"},
      {"{\"name\": \"N\\u0007\", \"kind\": \"erb\"}", "name"},
      {"{\"name\": \"N\"}", "kind"},
      {"{\"name\": \"N\", \"kind\": \"castle\"}", "kind"},
      {"{\"name\": \"N\", \"kind\": \"fe_college\"}", "ukprn"},
      {"{\"name\": \"N\", \"kind\": \"fe_college\", \"ukprn\": \"1008880\"}", "ukprn"},
      {"{\"name\": \"N\", \"kind\": \"fe_college\", \"ukprn\": \"20088801\"}", "ukprn"},
      {"{\"name\": \"N\", \"kind\": \"fe_college\", \"ukprn\": \"1008880X\"}", "ukprn"},
      {"{\"name\": \"N\", \"kind\": \"fe_college\", \"ukprn\": 10088801}", "ukprn"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"ukprn\": \"10088801\"}", "ukprn"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"companies_house\": \"123\"}", "companies_house"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"size_band\": \"large\"}", "size_band"},
      {"{\"name\": \"N\", \"kind\": \"employer\", \"size_band\": \"huge\"}", "size_band"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"website\": \"javascript:alert(1)\"}", "website"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"areas\": \"E69000037\"}", "areas"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"areas\": [\"E69000099\"]}", "areas"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"areas\": [\"west-yorkshire\"]}", "areas"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"areas\": [\"E69000037\", \"E69000037\"]}",
       "areas"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"areas\": [37]}", "areas"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"contacts\": [{\"email\": \"a@b.c\"}]}",
       "contacts[0].name"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"contacts\": [{\"name\": \"A\", \"fax\": \"1\"}]}",
       "contacts[0].fax"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"contacts\": [{\"name\": \"A\", \"email\":"
       " \"nope\"}]}",
       "contacts[0].email"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"contacts\": [{\"name\": \"A\", \"phone\":"
       " \"call me\"}]}",
       "contacts[0].phone"},
      {"{\"name\": \"N\", \"kind\": \"erb\", \"contacts\": [\"A\"]}", "contacts[0]"},
      {many, "contacts"},
  };
  for (size_t i = 0; i < SP_ARRAY_LEN(cases); i++) {
    json_t *in = parse(cases[i].json);
    sp_ctx_clear(e->ctx);
    enum sp_rc rc = sp_org_create(e->ctx, in, NULL);
    json_decref(in);
    if (rc != SP_EINVAL)
      fail_msg("case %zu (%s): got %s", i, cases[i].json, sp_strerror(rc));
    if (strcmp(sp_ctx_errfield(e->ctx), cases[i].field) != 0)
      fail_msg("case %zu: field '%s', want '%s' (%s)", i, sp_ctx_errfield(e->ctx),
               cases[i].field, sp_ctx_errmsg(e->ctx));
    assert_true(strlen(sp_ctx_errmsg(e->ctx)) > 0);
  }
  /* Invalid UTF-8 cannot come through jansson; build it by hand. */
  json_t *in = json_object();
  json_object_set_new(in, "name", json_stringn_nocheck("Caf\xe9", 4));
  json_object_set_new(in, "kind", json_string("erb"));
  T_RC(e, sp_org_create(e->ctx, in, NULL), SP_EINVAL);
  assert_string_equal(sp_ctx_errfield(e->ctx), "name");
  json_decref(in);
  /* Not an object at all. */
  in = json_array();
  T_RC(e, sp_org_create(e->ctx, in, NULL), SP_EINVAL);
  json_decref(in);
  assert_int_equal(t_int(e, "SELECT count(*) FROM orgs"), 0);
  assert_int_equal(audit_rows(e), 0);
}

static void duplicate_ukprn_conflicts_and_leaves_no_audit(void **state) {
  struct tenv *e = *state;
  create(e, "{\"name\": \"Beck College\", \"kind\": \"fe_college\", \"ukprn\": \"10088801\"}");
  json_t *in = parse("{\"name\": \"Beck Two\", \"kind\": \"itp\", \"ukprn\": \"10088801\","
                     " \"areas\": [\"E69000037\"]}");
  T_RC(e, sp_org_create(e->ctx, in, NULL), SP_ECONFLICT);
  assert_string_equal(sp_ctx_errfield(e->ctx), "ukprn");
  assert_non_null(strstr(sp_ctx_errmsg(e->ctx), "10088801"));
  json_decref(in);
  assert_int_equal(t_int(e, "SELECT count(*) FROM orgs"), 1);
  assert_int_equal(t_int(e, "SELECT count(*) FROM org_areas"), 0);
  assert_int_equal(audit_rows(e), 1);
  assert_false(sp_store_in_tx(e->store));
}

static void policy_applies_to_writes(void **state) {
  struct tenv *e = *state;
  int64_t own = create(e, "{\"name\": \"Beck College\", \"kind\": \"fe_college\", \"ukprn\":"
                          " \"10088801\"}");
  int64_t other = create(e, "{\"name\": \"Aire Chamber\", \"kind\": \"erb\"}");
  json_t *in = parse("{\"name\": \"New\", \"kind\": \"erb\"}");
  json_t *patch = parse("{\"website\": \"https://beck.example.ac.uk\"}");
  int64_t audits = audit_rows(e);
  sp_ctx_set_actor(e->ctx, 0, 0, SP_ROLE_PUBLIC, NULL);
  T_RC(e, sp_org_create(e->ctx, in, NULL), SP_EAUTH);
  T_RC(e, sp_org_update(e->ctx, own, patch), SP_EAUTH);
  sp_ctx_set_actor(e->ctx, 9, own, SP_ROLE_VIEWER, "Vic");
  T_RC(e, sp_org_create(e->ctx, in, NULL), SP_EFORBIDDEN);
  T_RC(e, sp_org_update(e->ctx, own, patch), SP_EFORBIDDEN);
  sp_ctx_set_actor(e->ctx, 10, own, SP_ROLE_PROVIDER_EDITOR, "Pat");
  T_RC(e, sp_org_create(e->ctx, in, NULL), SP_EFORBIDDEN);
  T_RC(e, sp_org_update(e->ctx, other, patch), SP_EFORBIDDEN);
  assert_non_null(strstr(sp_ctx_errmsg(e->ctx), "own organisation"));
  assert_int_equal(audit_rows(e), audits);
  /* Its own organisation it may edit. */
  T_RC(e, sp_org_update(e->ctx, own, patch), SP_OK);
  /* An ERB editor may create; a funder too. */
  sp_ctx_set_actor(e->ctx, 11, other, SP_ROLE_ERB_EDITOR, "Erin");
  T_RC(e, sp_org_create(e->ctx, in, NULL), SP_OK);
  json_decref(in);
  json_decref(patch);
  assert_int_equal(audit_rows(e), audits + 2);
}

static void update_rules(void **state) {
  struct tenv *e = *state;
  int64_t id = create(e, "{\"name\": \"Castle Foods\", \"kind\": \"employer\", \"size_band\":"
                         " \"small\", \"areas\": [\"E69000037\"], \"contacts\": [{\"name\":"
                         " \"Al\"}]}");
  create(e, "{\"name\": \"Beck College\", \"kind\": \"fe_college\", \"ukprn\": \"10088801\"}");
  /* Fields not in the patch stay; lists in it replace. */
  json_t *p = parse("{\"size_band\": \"medium\", \"areas\": [\"E69000014\", \"E69000051\"]}");
  T_RC(e, sp_org_update(e->ctx, id, p), SP_OK);
  json_decref(p);
  json_t *o = NULL;
  T_RC(e, sp_org_get(e->ctx, id, &o), SP_OK);
  assert_string_equal(json_string_value(json_object_get(o, "size_band")), "medium");
  assert_string_equal(json_string_value(json_object_get(o, "name")), "Castle Foods");
  assert_int_equal(json_array_size(json_object_get(o, "areas")), 2);
  assert_int_equal(json_array_size(json_object_get(o, "contacts")), 1);
  json_decref(o);
  /* The merged record is checked: an employer turned college needs a
   * UKPRN and loses its size band. */
  const struct {
    const char *json, *field;
    enum sp_rc rc;
  } bad[] = {
      {"{\"kind\": \"fe_college\", \"size_band\": null}", "ukprn", SP_EINVAL},
      {"{\"kind\": \"fe_college\", \"ukprn\": \"10088809\"}", "size_band", SP_EINVAL},
      {"{\"id\": 5}", "id", SP_EINVAL},
      {"{\"name\": null}", "name", SP_EINVAL},
      {"{\"areas\": [\"E69000099\"]}", "areas", SP_EINVAL},
      {"{\"kind\": \"fe_college\", \"size_band\": null, \"ukprn\": \"10088801\"}", "ukprn",
       SP_ECONFLICT},
      {"{}", "", SP_EINVAL},
  };
  int64_t audits = audit_rows(e);
  for (size_t i = 0; i < SP_ARRAY_LEN(bad); i++) {
    p = parse(bad[i].json);
    sp_ctx_clear(e->ctx);
    enum sp_rc rc = sp_org_update(e->ctx, id, p);
    json_decref(p);
    if (rc != bad[i].rc || strcmp(sp_ctx_errfield(e->ctx), bad[i].field) != 0)
      fail_msg("case %zu (%s): %s field '%s': %s", i, bad[i].json, sp_strerror(rc),
               sp_ctx_errfield(e->ctx), sp_ctx_errmsg(e->ctx));
  }
  assert_int_equal(audit_rows(e), audits);
  T_RC(e, sp_org_get(e->ctx, id, &o), SP_OK);
  assert_string_equal(json_string_value(json_object_get(o, "kind")), "employer");
  assert_int_equal(json_array_size(json_object_get(o, "areas")), 2);
  json_decref(o);
  p = parse("{\"kind\": \"fe_college\", \"size_band\": null, \"ukprn\": \"10088809\"}");
  T_RC(e, sp_org_update(e->ctx, id, p), SP_OK);
  json_decref(p);
  p = parse("{\"name\": \"X\"}");
  T_RC(e, sp_org_update(e->ctx, 9999, p), SP_ENOTFOUND);
  json_decref(p);
}

static enum sp_rc import(struct tenv *e, const char *file, int64_t *n) {
  char rel[256];
  snprintf(rel, sizeof(rel), "tests/data/orgs/%s", file);
  return sp_orgs_import_csv(e->ctx, t_path(rel), n);
}

static void import_good_file(void **state) {
  struct tenv *e = *state;
  int64_t n = 0;
  T_RC(e, import(e, "good.csv", &n), SP_OK);
  assert_int_equal(n, 4);
  assert_int_equal(t_int(e, "SELECT count(*) FROM orgs"), 4);
  assert_int_equal(audit_rows(e), 4);
  assert_int_equal(t_int(e, "SELECT count(*) FROM org_areas"), 4);
  json_t *r = NULL;
  T_RC(e, sp_orgs_list(e->ctx, NULL, NULL, "fell", 10, 0, &r), SP_OK);
  json_t *o = json_array_get(json_object_get(r, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(o, "name")), "Dale, Moor and Fell Training");
  json_decref(r);
  /* The import needs org.import. */
  sp_ctx_set_actor(e->ctx, 3, 1, SP_ROLE_ERB_EDITOR, "Erin");
  T_RC(e, import(e, "good.csv", &n), SP_EFORBIDDEN);
}

static void import_is_all_or_nothing(void **state) {
  struct tenv *e = *state;
  const struct {
    const char *file, *msg;
  } cases[] = {
      {"bad_ukprn.csv", "bad_ukprn.csv:3: ukprn: "},
      {"wrong_width.csv", "wrong_width.csv:3: expected 7 columns, found 6"},
      {"unknown_area.csv", "unknown_area.csv:3: areas: "},
      {"duplicate_ukprn.csv", "duplicate_ukprn.csv:3: ukprn: "},
      {"unknown_column.csv", "unknown_column.csv:1: notes: unknown column"},
      {"bad_utf8.csv", "bad_utf8.csv:3: "},
      {"missing.csv", "missing.csv: cannot open"},
  };
  for (size_t i = 0; i < SP_ARRAY_LEN(cases); i++) {
    int64_t n = -1;
    enum sp_rc rc = import(e, cases[i].file, &n);
    assert_int_not_equal(rc, SP_OK);
    if (!strstr(sp_ctx_errmsg(e->ctx), cases[i].msg))
      fail_msg("%s: message '%s' lacks '%s'", cases[i].file, sp_ctx_errmsg(e->ctx),
               cases[i].msg);
    assert_int_equal(n, -1);
    /* Line 2 of most files was good and was written before line 3 failed:
     * the rollback took it and its audit entry away. */
    assert_int_equal(t_int(e, "SELECT count(*) FROM orgs"), 0);
    assert_int_equal(t_int(e, "SELECT count(*) FROM org_areas"), 0);
    assert_int_equal(audit_rows(e), 0);
    assert_false(sp_store_in_tx(e->store));
  }
}

/* Issue 10, finding 2: only DfE makes a government body or changes the
 * name, kind or identifiers of a government body, an MCA or an ERB; names
 * are unique within a kind; nobody else takes a government body's name. */
static void protected_bodies_and_unique_names(void **state) {
  struct tenv *e = *state;
  int64_t dfe = create(e, "{\"name\": \"Department for Education\", \"kind\": \"government\"}");
  int64_t mca = create(e, "{\"name\": \"Aire Combined Authority\", \"kind\": \"mca\"}");
  int64_t erb = create(e, "{\"name\": \"Aire Chamber\", \"kind\": \"erb\"}");
  int64_t col = create(e, "{\"name\": \"Beck College\", \"kind\": \"fe_college\", \"ukprn\":"
                          " \"10088801\"}");
  int64_t fun = create(e, "{\"name\": \"Skills Fund\", \"kind\": \"sector_body\"}");
  int64_t audits = audit_rows(e);
  /* a second DfE: unique within the kind, whoever asks */
  json_t *dup = parse("{\"name\": \"department for education\", \"kind\": \"government\"}");
  T_RC(e, sp_org_create(e->ctx, dup, NULL), SP_ECONFLICT);
  assert_string_equal(sp_ctx_errfield(e->ctx), "name");
  assert_non_null(strstr(sp_ctx_errmsg(e->ctx), "unique within a kind"));
  sp_ctx_set_actor(e->ctx, 5, fun, SP_ROLE_FUNDER, "Fay");
  T_RC(e, sp_org_create(e->ctx, dup, NULL), SP_EFORBIDDEN);
  assert_non_null(strstr(sp_ctx_errmsg(e->ctx), "only DfE"));
  json_decref(dup);
  /* own organisations may not become government bodies */
  json_t *gov = parse("{\"kind\": \"government\"}");
  struct {
    int64_t org;
    enum sp_role role;
  } own[] = {{erb, SP_ROLE_ERB_EDITOR}, {mca, SP_ROLE_MCA_REVIEWER}, {fun, SP_ROLE_FUNDER}};
  for (size_t k = 0; k < SP_ARRAY_LEN(own); k++) {
    sp_ctx_set_actor(e->ctx, 6, own[k].org, own[k].role, "someone");
    T_RC(e, sp_org_update(e->ctx, own[k].org, gov), SP_EFORBIDDEN);
    assert_string_equal(sp_ctx_errfield(e->ctx), "kind");
  }
  json_decref(gov);
  /* a provider may not take DfE's name; an MCA or ERB may not rename itself */
  json_t *name = parse("{\"name\": \"Department for Education\"}");
  sp_ctx_set_actor(e->ctx, 7, col, SP_ROLE_PROVIDER_EDITOR, "Pat");
  T_RC(e, sp_org_update(e->ctx, col, name), SP_EFORBIDDEN);
  assert_non_null(strstr(sp_ctx_errmsg(e->ctx), "name of a government body"));
  json_decref(name);
  name = parse("{\"name\": \"Aire and Calder Chamber\"}");
  sp_ctx_set_actor(e->ctx, 8, erb, SP_ROLE_ERB_EDITOR, "Erin");
  T_RC(e, sp_org_update(e->ctx, erb, name), SP_EFORBIDDEN);
  sp_ctx_set_actor(e->ctx, 9, mca, SP_ROLE_MCA_REVIEWER, "Mo");
  T_RC(e, sp_org_update(e->ctx, mca, name), SP_EFORBIDDEN);
  /* what is not protected, they still change for themselves */
  json_t *web = parse("{\"website\": \"https://aire-ca.example.org\"}");
  T_RC(e, sp_org_update(e->ctx, mca, web), SP_OK);
  json_decref(web);
  assert_int_equal(audit_rows(e), audits + 1);
  /* DfE may rename the ERB */
  sp_ctx_set_actor(e->ctx, 1, dfe, SP_ROLE_DFE_ADMIN, "Dana");
  T_RC(e, sp_org_update(e->ctx, erb, name), SP_OK);
  json_decref(name);
}

/* Issue 10, finding 9: contact emails and phones for DfE and the
 * organisation's own accounts only; names and roles for everyone. */
static void contact_details_for_dfe_and_own_only(void **state) {
  struct tenv *e = *state;
  int64_t col = create(e, "{\"name\": \"Beck College\", \"kind\": \"fe_college\", \"ukprn\":"
                          " \"10088801\", \"contacts\": [{\"name\": \"Jo Beck\", \"email\":"
                          " \"jo@beck.example.ac.uk\", \"phone\": \"0113 000 0000\", \"role\":"
                          " \"Principal\"}]}");
  int64_t other = create(e, "{\"name\": \"Aire Chamber\", \"kind\": \"erb\"}");
  struct {
    int64_t org;
    enum sp_role role;
    int sees;
  } who[] = {{0, SP_ROLE_PUBLIC, 0},          {other, SP_ROLE_VIEWER, 0},
             {other, SP_ROLE_ERB_EDITOR, 0},  {other, SP_ROLE_FUNDER, 0},
             {other, SP_ROLE_MCA_REVIEWER, 0}, {col, SP_ROLE_PROVIDER_EDITOR, 1},
             {col, SP_ROLE_VIEWER, 1},        {other, SP_ROLE_DFE_ADMIN, 1}};
  for (size_t k = 0; k < SP_ARRAY_LEN(who); k++) {
    sp_ctx_set_actor(e->ctx, who[k].org ? 3 : 0, who[k].org, who[k].role, "x");
    json_t *o = NULL;
    T_RC(e, sp_org_get(e->ctx, col, &o), SP_OK);
    json_t *c = json_array_get(json_object_get(o, "contacts"), 0);
    assert_string_equal(json_string_value(json_object_get(c, "name")), "Jo Beck");
    if (who[k].sees) {
      assert_string_equal(json_string_value(json_object_get(c, "email")), "jo@beck.example.ac.uk");
      assert_string_equal(json_string_value(json_object_get(c, "phone")), "0113 000 0000");
    } else {
      assert_null(json_object_get(c, "email"));
      assert_null(json_object_get(c, "phone"));
      assert_true(json_is_true(json_object_get(o, "contact_details_hidden")));
    }
    json_decref(o);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(create_and_get, setup, teardown),
      cmocka_unit_test_setup_teardown(audit_entry_in_same_transaction, setup, teardown),
      cmocka_unit_test_setup_teardown(list_filters, setup, teardown),
      cmocka_unit_test_setup_teardown(bad_input_refused_naming_field, setup, teardown),
      cmocka_unit_test_setup_teardown(duplicate_ukprn_conflicts_and_leaves_no_audit, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(policy_applies_to_writes, setup, teardown),
      cmocka_unit_test_setup_teardown(update_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(protected_bodies_and_unique_names, setup, teardown),
      cmocka_unit_test_setup_teardown(contact_details_for_dfe_and_own_only, setup, teardown),
      cmocka_unit_test_setup_teardown(import_good_file, setup, teardown),
      cmocka_unit_test_setup_teardown(import_is_all_or_nothing, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
