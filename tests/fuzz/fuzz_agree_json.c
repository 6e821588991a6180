/*
 * fuzz_agree_json.c: libFuzzer target for the agreements module's JSON
 * inputs. Each input is parsed as JSON and, whatever it holds, given to
 * every function that takes a record (agreement, target, flexibility,
 * qualification, learner, indicator, contract, allocation, spend) on an
 * in-memory store with a small fixture. The functions must refuse bad input
 * cleanly (no crash, no sanitizer report, no transaction left open) and
 * never leave an agreement whose term breaks the three-year rule.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/agree/agree.h"
#include "core/agree/funding.h"
#include "core/agree/indicator.h"
#include "base/date.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char FIXTURE[] =
    "INSERT INTO orgs(id, name, kind, ukprn) VALUES (1,'DIUS','government',NULL),(2,'LSC','government',NULL),"
    " (3,'Skillset','sector_body',NULL),(4,'College','fe_college','10000001');"
    "INSERT INTO qualification_aims VALUES ('50012345','Q','3','9.1','2008-01-01',NULL);"
    "INSERT INTO provider_contracts(provider_org_id, programme, valid_from) VALUES (4,'train_to_gain','2008-01-01');"
    "INSERT INTO agreements(id, kind, title, term_start, term_end) VALUES (1,'sector_compact','F','2008-06-01','2011-05-31');"
    "INSERT INTO allocations(id, agreement_id, provider_org_id, programme, period_start, period_end, original_pence,"
    " amount_pence, awarded_on) VALUES (1,1,4,'train_to_gain','2009-08-01','2010-07-31',1000,1000,'2009-08-01');";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_store *store = NULL;
  if (!ctx || sp_store_open(ctx, ":memory:", &store) != SP_OK)
    abort();
  sp_ctx_free(ctx);
  ctx = sp_ctx_new(store);
  sp_ctx_set_actor(ctx, 1, 2, SP_ROLE_DFE_ADMIN, "fuzz");
  if (sp_store_exec(store, ctx, FIXTURE) != SP_OK)
    abort();
  json_error_t err;
  json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY, &err);
  if (in) {
    int64_t id = 0;
    json_t *out = NULL;
    (void)(sp_agreement_create(ctx, in, &id) == SP_OK);
    (void)(sp_agreement_add_target(ctx, 1, in) == SP_OK);
    (void)(sp_agreement_add_flexibility(ctx, 1, in) == SP_OK);
    (void)(sp_agreement_add_qualification(ctx, 1, in) == SP_OK);
    (void)(sp_qualification_put(ctx, in) == SP_OK);
    (void)(sp_learner_put(ctx, in) == SP_OK);
    (void)(sp_indicator_create(ctx, in, &id) == SP_OK);
    (void)(sp_funding_add_contract(ctx, in, &id) == SP_OK);
    (void)(sp_funding_allocate(ctx, in, &id) == SP_OK);
    (void)(sp_funding_record_spend(ctx, in, &id) == SP_OK);
    if (sp_store_in_tx(store))
      abort();
    if (sp_funding_reallocate(ctx, sp_date_from_ymd(2010, 1, 31), 1, &out) == SP_OK) {
      if (json_integer_value(json_object_get(out, "total_before_pence")) !=
          json_integer_value(json_object_get(out, "total_after_pence")))
        abort();
      json_decref(out);
    }
    /* No sector compact longer than three years may exist. */
    struct sp_stmt *st = NULL;
    int row = 0;
    if (sp_store_prepare(store, ctx,
                         "SELECT count(*) FROM agreements WHERE kind='sector_compact' AND"
                         " (term_end IS NULL OR term_end >= date(term_start, '+36 months'))",
                         &st) == SP_OK &&
        sp_stmt_step(st, ctx, &row) == SP_OK && row && sp_stmt_int(st, 0) != 0)
      abort();
    sp_stmt_free(st);
    json_decref(in);
  }
  sp_ctx_free(ctx);
  sp_store_close(store);
  return 0;
}
