/*
 * fuzz_ev_setup.h: what the evidence fuzz targets share: one in-memory
 * store with the reference data and the evidence dictionaries, made on the
 * first input and kept for the process.
 */
#ifndef FUZZ_EV_SETUP_H
#define FUZZ_EV_SETUP_H

#include <stdio.h>
#include <stdlib.h>

#include "core/reference.h"
#include "evidence/ev_int.h"
#include "store/store.h"

static struct ev_dict fuzz_dict;
static char fuzz_data_dir[1024];

static inline const struct ev_dict *fuzz_ev_dict(void) {
  static int ready;
  if (ready)
    return &fuzz_dict;
  const char *src = getenv("SP_SOURCE_DIR");
  snprintf(fuzz_data_dir, sizeof(fuzz_data_dir), "%s/data", src && *src ? src : SP_SOURCE_DIR);
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_store *st = NULL;
  if (!ctx || sp_store_open(ctx, ":memory:", &st) != SP_OK)
    abort();
  sp_ctx_free(ctx);
  ctx = sp_ctx_new(st);
  sp_ctx_set_actor(ctx, 1, 0, SP_ROLE_DFE_ADMIN, "fuzz");
  if (sp_reference_load(ctx, fuzz_data_dir) != SP_OK ||
      sp__ev_dict_load(ctx, fuzz_data_dir, &fuzz_dict) != SP_OK) {
    fprintf(stderr, "fuzz: %s\n", sp_ctx_errmsg(ctx));
    abort();
  }
  /* Two postcodes so the lookup path runs. */
  sp__ev_map_put(&fuzz_dict.postcodes, "CB2 1TN", 7, 0);
  sp__ev_map_put(&fuzz_dict.postcodes, "PE1 1HQ", 7, 1);
  static char lads[2][16] = {"E07000008", "E06000031"};
  fuzz_dict.npost_lads = 2;
  fuzz_dict.post_lad = lads;
  sp_ctx_free(ctx);
  sp_store_close(st);
  ready = 1;
  return &fuzz_dict;
}

#endif
