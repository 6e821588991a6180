/*
 * fuzz_org_json.c: libFuzzer target for the organisation registry's
 * validation and writes (orgs.h): any bytes are parsed as JSON and, when
 * they parse, offered to sp_org_create and, as a patch, to sp_org_update on
 * an in-memory store with the reference data loaded once. Refusals are
 * fine; a crash, a leak, or a write without its audit entry is not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "core/orgs.h"
#include "core/reference.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sp_store *store;
static struct sp_ctx *ctx;
static int64_t target; /* an organisation to patch */

static void fail(const char *what) {
  fprintf(stderr, "fuzz_org_json: %s: %s\n", what, ctx ? sp_ctx_errmsg(ctx) : "");
  abort();
}

static void setup(void) {
  struct sp_ctx *boot = sp_ctx_new(NULL);
  if (!boot || sp_store_open(boot, ":memory:", &store) != SP_OK)
    fail("open");
  sp_ctx_free(boot);
  ctx = sp_ctx_new(store);
  if (!ctx)
    fail("context");
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "fuzz");
  const char *src = getenv("SP_SOURCE_DIR");
  char dir[1024];
  snprintf(dir, sizeof(dir), "%s/data", src && *src ? src : SP_SOURCE_DIR);
  if (sp_reference_load(ctx, dir) != SP_OK)
    fail("reference");
  json_t *o = json_pack("{s:s, s:s, s:s}", "name", "Fuzz College", "kind", "fe_college", "ukprn",
                        "10000001");
  if (!o || sp_org_create(ctx, o, &target) != SP_OK)
    fail("seed organisation");
  json_decref(o);
}

/* Orgs and org audit entries must stay one for one. */
static void check_audit(void) {
  struct sp_stmt *st = NULL;
  int row = 0;
  if (sp_store_prepare(store, ctx,
                       "SELECT (SELECT count(*) FROM orgs), (SELECT count(*) FROM audit_log"
                       " WHERE entity = 'org' AND action = 'create')",
                       &st) != SP_OK ||
      sp_stmt_step(st, ctx, &row) != SP_OK || !row)
    fail("count");
  if (sp_stmt_int(st, 0) != sp_stmt_int(st, 1))
    fail("an organisation without its audit entry");
  sp_stmt_free(st);
  if (sp_store_in_tx(store))
    fail("a transaction left open");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!store)
    setup();
  json_error_t err;
  json_t *in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
  if (!in)
    return 0;
  int64_t id = 0;
  sp_ctx_clear(ctx);
  enum sp_rc rc = sp_org_create(ctx, in, &id);
  json_t *got = NULL;
  if (rc == SP_OK && sp_org_get(ctx, id, &got) != SP_OK)
    fail("a created organisation cannot be read back");
  if (rc != SP_OK && !*sp_ctx_errmsg(ctx))
    fail("a refusal without a message");
  json_decref(got);
  sp_ctx_clear(ctx);
  rc = sp_org_update(ctx, target, in);
  if (rc != SP_OK && !*sp_ctx_errmsg(ctx))
    fail("a refused patch without a message");
  json_decref(in);
  check_audit();
  return 0;
}
