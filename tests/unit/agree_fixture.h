/*
 * agree_fixture.h: shared set-up for the agreements module's unit tests
 * (tests/unit/test_agree_*.c): an in-memory store with the migrations
 * applied, a context acting as a DfE administrator, and a handful of
 * organisations, qualifications and learners with fixed ids.
 */
#ifndef AGREE_FIXTURE_H
#define AGREE_FIXTURE_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/sp.h"
#include "store/store.h"
#include "testutil.h"

struct fx {
  struct sp_store *store;
  struct sp_ctx *ctx;
};

/* Organisations: 1 DIUS (government), 2 LSC (government), 3 Skillset
 * (sector_body), 4 Acme College (fe_college, UKPRN 10000001), 5 Big ITP (itp,
 * UKPRN 10000002), 6 Small Employer (employer, small), 7 Large Employer
 * (employer, large), 8 HM Prison Service (government), 9 Leics VCS
 * Consortium (vcs), 10 Community Learning (vcs, holds a contract),
 * 11 Skills for Justice (sector_body). */
static const char FX_SQL[] =
    "INSERT INTO orgs(id, name, kind, ukprn, size_band) VALUES"
    " (1,'Department for Innovation, Universities and Skills','government',NULL,NULL),"
    " (2,'Learning and Skills Council','government',NULL,NULL),"
    " (3,'Skillset','sector_body',NULL,NULL),"
    " (4,'Acme College','fe_college','10000001',NULL),"
    " (5,'Big ITP','itp','10000002',NULL),"
    " (6,'Small Employer Ltd','employer',NULL,'small'),"
    " (7,'Large Employer plc','employer',NULL,'large'),"
    " (8,'HM Prison Service','government',NULL,NULL),"
    " (9,'Leicestershire VCS Learning and Skills Consortium','vcs',NULL,NULL),"
    " (10,'Community Learning Trust','vcs',NULL,NULL),"
    " (11,'Skills for Justice','sector_body',NULL,NULL);"
    "INSERT INTO qualification_aims(code, title, level, ssa, valid_from, valid_to) VALUES"
    " ('50012345','NVQ Level 3 in Media Production','3','9.1','2008-01-01','2011-12-31'),"
    " ('50022222','NVQ Level 2 in Custodial Care','2','1.4','2008-01-01',NULL),"
    " ('50033333','NVQ Level 3 in Custodial Care','3','1.4','2008-01-01',NULL),"
    " ('50044444','Old Certificate','2','15.1','2001-01-01','2005-12-31');"
    "INSERT INTO learners(ref, employer_org_id) VALUES ('L-NEW',6),('L-HAS2',6),('L-HAS3',7),('L-GOV',8),"
    " ('L-BIG2',7);"
    "INSERT INTO learner_achievements(learner_ref, level, achieved_on) VALUES"
    " ('L-HAS2','2','2005-06-30'),('L-HAS3','3','2006-06-30'),('L-GOV','2','2004-01-01'),('L-BIG2','2','2004-01-01');"
    /* both employers are recorded in the Broadcast sector (migration 0501) */
    "INSERT INTO employer_sectors(org_id, sector, source) VALUES (6,'Broadcast','fixture'),"
    " (7,'Broadcast','fixture');"
    "INSERT INTO provider_contracts(provider_org_id, programme, valid_from, valid_to) VALUES"
    " (4,'train_to_gain','2008-08-01','2011-07-31'),(5,'train_to_gain','2008-08-01','2011-07-31'),"
    " (10,'adult_learning','2005-04-01',NULL);";

static int fx_setup(void **state) {
  struct fx *f = calloc(1, sizeof(*f));
  struct sp_ctx *tmp = sp_ctx_new(NULL);
  if (!f || !tmp || sp_store_open(tmp, t_db_url(tmp), &f->store) != SP_OK) {
    fprintf(stderr, "fixture: %s\n", tmp ? sp_ctx_errmsg(tmp) : "oom");
    return -1;
  }
  sp_ctx_free(tmp);
  f->ctx = sp_ctx_new(f->store);
  sp_ctx_set_actor(f->ctx, 1, 2, SP_ROLE_DFE_ADMIN, "test");
  sp_ctx_set_today(f->ctx, sp_date_from_ymd(2009, 6, 1));
  if (sp_store_exec(f->store, f->ctx, FX_SQL) != SP_OK) {
    fprintf(stderr, "fixture: %s\n", sp_ctx_errmsg(f->ctx));
    return -1;
  }
  *state = f;
  return 0;
}

static int fx_teardown(void **state) {
  struct fx *f = *state;
  sp_ctx_free(f->ctx);
  sp_store_close(f->store);
  t_db_drop();
  free(f);
  return 0;
}

static inline int32_t D(const char *iso) {
  int32_t d = SP_DATE_NONE;
  if (sp_date_parse(iso, &d) != SP_OK)
    abort();
  return d;
}

/* A JSON literal for tests; aborts on a typo. */
static inline json_t *J(const char *text) {
  json_error_t err;
  json_t *j = json_loads(text, 0, &err);
  if (!j) {
    fprintf(stderr, "bad test JSON: %s\n", err.text);
    abort();
  }
  return j;
}

/* Counts rows of a table via the store (for "nothing changed" checks). */
static inline int64_t fx_count(struct fx *f, const char *sql) {
  struct sp_stmt *st = NULL;
  int row = 0;
  int64_t n = -1;
  if (sp_store_prepare(f->store, f->ctx, sql, &st) == SP_OK && sp_stmt_step(st, f->ctx, &row) == SP_OK && row)
    n = sp_stmt_int(st, 0);
  sp_stmt_free(st);
  return n;
}

/* A sector compact with the three core parties, 2008-06-01 for three years. */
static const char FX_COMPACT[] =
    "{\"kind\":\"sector_compact\",\"title\":\"Broadcast compact\",\"sector\":\"Broadcast\","
    "\"term_start\":\"2008-06-01\",\"term_end\":\"2011-05-31\","
    "\"parties\":[{\"org_id\":1,\"role\":\"government_department\"},{\"org_id\":2,\"role\":\"funding_agency\"},"
    "{\"org_id\":3,\"role\":\"sector_body\"}],"
    "\"flexibilities\":[{\"kind\":\"second_level3\",\"period_start\":\"2008-06-01\",\"period_end\":\"2011-05-31\"}],"
    "\"targets\":[{\"measure\":\"learners\",\"period_start\":\"2008-06-01\",\"period_end\":\"2009-05-31\",\"volume\":1200}],"
    "\"qualifications\":[\"50012345\"]}";

#endif
