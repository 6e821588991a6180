/*
 * fuzz_ilr.c: libFuzzer target for the ILR XML reader: any bytes are
 * streamed through libxml2's reader with the ILR 2018-19 schema and the
 * specification's field rules; the reader must return cleanly, and a
 * learner count can never be below the count of accepted learners.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "fuzz_ev_setup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const struct ev_dict *d = fuzz_ev_dict();
  char xsd[1100];
  snprintf(xsd, sizeof(xsd), "%s/evidence/ILR-2018-19.xsd", fuzz_data_dir);
  char *copy = sp_malloc(size ? size : 1);
  if (!copy)
    return 0;
  memcpy(copy, data, size);
  for (int accept = 0; accept < 2; accept++) {
    struct ev_job job = {.kind = SP_EV_ILR, .dict = d, .name = "fuzz.xml",
                         .accept_valid = accept, .max_line = 4096, .threads = 1};
    struct ev_scan_result r;
    if (sp__ev_read_ilr(&job, copy, size, xsd, &r) == SP_OK && r.rows_ok > r.rows_read)
      abort();
    sp__ev_scan_result_free(&job, &r);
  }
  sp_free(copy);
  return 0;
}
