/*
 * ev_fixture.h: shared set-up for the evidence engine's unit tests: an
 * in-memory store with the areas, districts, routes and pathways of the
 * vendored reference data (data/), and a context acting as dfe_admin on 2026-01-01.
 */
#ifndef EV_FIXTURE_H
#define EV_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "core/reference.h"
#include "evidence/evidence.h"
#include "store/store.h"
#include "testutil.h"

struct evfx {
  struct sp_store *store;
  struct sp_ctx *ctx;
  char data[512];
  char tdata[512];
};

static inline const char *src_dir(void) {
  const char *s = getenv("SP_SOURCE_DIR");
  return s && *s ? s : SP_SOURCE_DIR;
}

static inline int evfx_open(struct evfx *f) {
  memset(f, 0, sizeof(*f));
  struct sp_ctx *tmp = sp_ctx_new(NULL);
  if (!tmp || sp_store_open(tmp, t_db_url(tmp), &f->store) != SP_OK) {
    fprintf(stderr, "store: %s\n", tmp ? sp_ctx_errmsg(tmp) : "oom");
    sp_ctx_free(tmp);
    return -1;
  }
  sp_ctx_free(tmp);
  f->ctx = sp_ctx_new(f->store);
  sp_ctx_set_actor(f->ctx, 1, 0, SP_ROLE_DFE_ADMIN, "tester");
  sp_ctx_set_today(f->ctx, sp_date_from_ymd(2026, 1, 1));
  snprintf(f->data, sizeof(f->data), "%s/data", src_dir());
  snprintf(f->tdata, sizeof(f->tdata), "%s/tests/data/evidence", src_dir());
  if (sp_reference_load(f->ctx, f->data) != SP_OK) {
    fprintf(stderr, "reference: %s\n", sp_ctx_errmsg(f->ctx));
    return -1;
  }
  return 0;
}

static inline void evfx_close(struct evfx *f) {
  sp_ctx_free(f->ctx);
  sp_store_close(f->store);
  t_db_drop();
}

/* cmocka set-up and tear-down: a fresh fixture per test in *state. */
static inline int evfx_setup(void **state) {
  struct evfx *f = calloc(1, sizeof(*f));
  if (!f || evfx_open(f) != 0)
    return -1;
  *state = f;
  return 0;
}

static inline int evfx_teardown(void **state) {
  evfx_close(*state);
  free(*state);
  return 0;
}

/* Imports tests/data/evidence/<name>; returns the rc, *out the result. */
static inline enum sp_rc evfx_import(struct evfx *f, enum sp_ev_kind kind, const char *name,
                              int accept_valid, const char *report, json_t **out) {
  char path[1024];
  if (name[0] == '/')
    snprintf(path, sizeof(path), "%s", name);
  else
    snprintf(path, sizeof(path), "%s/%s", f->tdata, name);
  struct sp_ev_import_opts o = {.accept_valid = accept_valid, .report_path = report,
                                .data_dir = f->data, .threads = 2};
  json_t *tmp = NULL;
  enum sp_rc rc = sp_evidence_import(f->ctx, kind, path, &o, out ? out : &tmp);
  json_decref(tmp);
  if (rc != SP_OK && getenv("EV_DEBUG"))
    fprintf(stderr, "import %s: %s\n", name, sp_ctx_errmsg(f->ctx));
  return rc;
}

/* The gap row of (pathway, level, year) in a gaps result, or NULL. */
static inline json_t *evfx_row(json_t *gaps, const char *pathway, const char *level, int year) {
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(gaps, "rows"), i, r) {
    const char *lv = json_string_value(json_object_get(r, "level"));
    if (strcmp(json_string_value(json_object_get(r, "pathway_code")), pathway) == 0 &&
        ((!level && !lv) || (level && lv && strcmp(level, lv) == 0)) &&
        json_integer_value(json_object_get(r, "year")) == year)
      return r;
  }
  return NULL;
}

static inline long long ji(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

#endif
