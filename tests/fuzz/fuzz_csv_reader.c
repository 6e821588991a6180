/*
 * fuzz_csv_reader.c: libFuzzer target for the general CSV reader (csv.h): any bytes are
 * read as a CSV file with a header, each record's width checked and every
 * field visited. It must never crash, read out of bounds or leak; errors
 * are fine. The corpus in corpus/fuzz_csv_reader/ replays under ctest.
 */
#include <stdint.h>
#include <string.h>

#include "base/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_csv *c = NULL;
  if (!ctx)
    return 0;
  if (sp_csv_open_mem(ctx, "fuzz.csv", (const char *)data, size, 4096, &c) == SP_OK) {
    if (sp_csv_read_header(c, ctx, NULL) == SP_OK) {
      for (int i = 0; i < 100000; i++) {
        int eof = 0;
        if (sp_csv_next(c, ctx, &eof) != SP_OK || eof)
          break;
        if (sp_csv_check_width(c, ctx) != SP_OK)
          sp_ctx_clear(ctx);
        size_t total = 0;
        for (size_t k = 0; k < sp_csv_nfields(c); k++)
          total += strlen(sp_csv_field(c, k));
        (void)total;
        (void)sp_csv_get(c, "name");
      }
    }
    sp_csv_close(c);
  }
  sp_ctx_free(ctx);
  return 0;
}
