/*
 * demo_all.c: the order in which `init --demo` loads each module's demo
 * data. The foundation's organisations and accounts come first; every later
 * module builds on them. Each module's loader is its own; this table is the
 * one place that lists them. It lives with the command line, which composes
 * the modules, so that src/core/ depends on no layer above it.
 */
#include <stdio.h>

#include "cli.h"
#include "core/agree/agree_demo.h"
#include "core/demo.h"
#include "core/lsip/lsip.h"
#include "evidence/demo.h"
#include "report/compose.h"
#include "report/demo.h"

static const struct {
  const char *name;
  enum sp_rc (*fn)(struct sp_ctx *ctx);
} loaders[] = {
    {"organisations and accounts", sp_demo_foundation},
    {"LSIP designations and plans", sp_demo_lsip},
    {"LSIP report texts and published versions", sp_demo_report},
    {"compacts, alliances, pledges, indicators and funding", sp_demo_agree},
    {"evidence: provision, employer needs and vacancies", sp_demo_evidence},
};

enum sp_rc sp_cli_demo_all(struct sp_ctx *ctx) {
  /* The demo writes history: plans submitted in the past whose report
   * texts a later loader adds. The readiness gate guards people's
   * submissions, not this replay, so it is off while the loaders run. */
  sp_lsip_set_submit_check(NULL);
  enum sp_rc rc = SP_OK;
  for (size_t i = 0; i < SP_ARRAY_LEN(loaders) && rc == SP_OK; i++) {
    /* Each loader writes as the system's demo loader with the dfe_admin
     * role, checked and audited like any other write. */
    sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "demo loader");
    rc = loaders[i].fn(ctx);
    if (rc != SP_OK) {
      char msg[900];
      snprintf(msg, sizeof(msg), "%s", sp_ctx_errmsg(ctx));
      sp_ctx_fail(ctx, rc, sp_ctx_errfield(ctx), "demo data (%s): %s", loaders[i].name, msg);
    }
  }
  sp_lsip_set_submit_check(sp_report_submit_gate);
  return rc;
}
