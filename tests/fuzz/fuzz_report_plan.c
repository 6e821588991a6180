/*
 * fuzz_report_plan.c: fuzz target for the LSIP report composed from a stored
 * plan. On the first input it makes a database with the reference and demo
 * data (as `skillplan init --demo`). Each input is split at 0x1E into up to
 * twelve texts that overwrite, inside a transaction rolled back afterwards,
 * the stored texts of South Yorkshire's draft plan (E69000028): its needs,
 * priorities, actions, evidence sources, stage summaries and the report's
 * part texts, written straight into the store so that text the forms would
 * refuse (control bytes, invalid UTF-8, 60 KiB words) is stored too. The
 * report is then loaded from the store, built and rendered as HTML, and for
 * one input in eight the readiness check (which lays out the PDF) runs on it. None of it may crash or read out of bounds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "core/lsip/lsip.h"
#include "core/reference.h"
#include "report/compose.h"
#include "report/doc.h"
#include "report/html.h"
#include "store/store.h"

#define AREA "E69000028"
#define NTEXTS 12

static struct sp_store *st;
static int64_t plan_id;

static void setup(void) {
  const char *src = getenv("SP_SOURCE_DIR");
  char data[1024];
  snprintf(data, sizeof(data), "%s/data", src && *src ? src : SP_SOURCE_DIR);
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  if (!ctx || sp_store_open(ctx, ":memory:", &st) != SP_OK)
    abort();
  sp_ctx_free(ctx);
  ctx = sp_ctx_new(st);
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "fuzz set-up");
  if (sp_reference_load(ctx, data) != SP_OK || sp_cli_demo_all(ctx) != SP_OK ||
      sp_lsip_plan_current(ctx, AREA, &plan_id) != SP_OK) {
    fprintf(stderr, "fuzz: set-up: %s\n", sp_ctx_errmsg(ctx));
    abort();
  }
  sp_ctx_free(ctx);
}

/* Runs one UPDATE binding text twice at most and the plan id; errors (a
 * CHECK the text breaks) are part of the game and ignored. */
static void put(struct sp_ctx *ctx, const char *sql, const char *a, const char *b) {
  struct sp_stmt *s = NULL;
  int row = 0;
  if (b ? sp_store_preparef(ctx, &s, sql, "ssi", a, b, plan_id) == SP_OK
        : sp_store_preparef(ctx, &s, sql, "si", a, plan_id) == SP_OK)
    if (sp_stmt_step(s, ctx, &row) != SP_OK)
      row = 0; /* a CHECK the text breaks: part of the game */
  sp_stmt_free(s);
  sp_ctx_clear(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 128 * 1024)
    return 0;
  if (!st)
    setup();
  char *copy = malloc(size + 1);
  if (!copy)
    return 0;
  memcpy(copy, data, size);
  copy[size] = '\0';
  const char *t[NTEXTS];
  size_t n = 0;
  for (char *p = copy; n < NTEXTS;) {
    t[n++] = p;
    char *sep = memchr(p, 0x1e, size - (size_t)(p - copy));
    if (!sep)
      break;
    *sep = '\0';
    p = sep + 1;
  }
  for (size_t i = n; i < NTEXTS; i++)
    t[i] = t[i % n];
  struct sp_ctx *ctx = sp_ctx_new(st);
  if (!ctx || sp_store_begin(st, ctx) != SP_OK)
    abort();
  put(ctx, "UPDATE lsip_needs SET title = ?, description = ? WHERE plan_id = ?", t[0], t[1]);
  put(ctx,
      "UPDATE lsip_priorities SET title = ?, outcome = ?, skills_components = ?1,"
      " change_needed = ?2 WHERE plan_id = ?3",
      t[2], t[3]);
  put(ctx, "UPDATE lsip_actions SET title = ? WHERE plan_id = ?", t[4], NULL);
  put(ctx, "UPDATE lsip_evidence SET title = ?, why_robust = ? WHERE plan_id = ?", t[5], t[6]);
  put(ctx, "UPDATE report_stages SET participants = ?, summary = ? WHERE plan_id = ?", t[7],
      t[8]);
  put(ctx, "UPDATE report_part_texts SET body = ? WHERE plan_id = ? AND part IN ('part1','annex')",
      t[9], NULL);
  put(ctx, "UPDATE report_part_texts SET body = ? WHERE plan_id = ? AND part = 'part2'", t[10],
      NULL);
  put(ctx, "UPDATE lsip_plans SET title = ? WHERE id = ?", t[11], NULL);
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "fuzz");
  struct sp_report_plan *plan = NULL;
  struct sp_doc *doc = NULL;
  struct sp_buf out;
  sp_buf_init(&out, 64u << 20);
  if (sp_report_load(ctx, AREA, 0, &plan, NULL) == SP_OK &&
      sp_report_build(ctx, plan, &doc) == SP_OK && sp_report_html(ctx, doc, 0, &out) != SP_OK)
    sp_ctx_clear(ctx); /* too big for the buffer: refused, not a finding */
  sp_ctx_clear(ctx);
  if (size && (data[0] & 7) == 0) { /* the check lays out the PDF: one input in eight */
    struct sp_readiness *findings = NULL;
    if (sp_report_check_stored(ctx, AREA, 0, &findings) != SP_OK)
      findings = NULL;
    sp_readiness_free(findings);
  }
  sp_buf_free(&out);
  sp_doc_free(doc);
  sp_report_plan_free(plan);
  sp_store_rollback(st);
  sp_ctx_free(ctx);
  free(copy);
  return 0;
}
