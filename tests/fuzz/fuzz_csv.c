/*
 * fuzz_csv.c: libFuzzer target for the evidence engine's bulk CSV readers:
 * every input is read as each CSV kind (provision, needs, vacancies,
 * postcodes) by the fast scanner, with one thread and with two, all or
 * nothing and --accept-valid, a chunk of 16 bytes at a time, and as an
 * explore-education-statistics table.
 * Whatever the bytes, the readers must return cleanly, never read outside
 * the input, and agree on the count of rows read whatever the threads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "fuzz_ev_setup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const struct ev_dict *d = fuzz_ev_dict();
  /* A private copy so that reading one byte past the end is caught by ASan. */
  char *copy = sp_malloc(size ? size : 1);
  if (!copy)
    return 0;
  memcpy(copy, data, size);
  static const enum sp_ev_kind kinds[] = {SP_EV_PROVISION, SP_EV_NEEDS, SP_EV_VACANCIES,
                                          SP_EV_POSTCODES};
  for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
    long rows[2] = {-1, -1};
    for (int t = 1; t <= 2; t++) {
      struct ev_job job = {.kind = kinds[k], .ops = sp__ev_ops(kinds[k]), .dict = d,
                           .name = "fuzz.csv", .accept_valid = 1, .max_line = 4096, .quotes = -1,
                           .threads = t};
      struct ev_scan_result r;
      if (sp__ev_scan(&job, copy, size, &r) == SP_OK)
        rows[t - 1] = r.rows_read;
      sp__ev_scan_result_free(&job, &r);
    }
    /* Files under 1 MiB run on one thread either way; the counts must agree. */
    if (rows[0] != rows[1])
      abort();
    /* Read 16 bytes at a time on two threads (a slice from 64 bytes): lines
     * cut by every chunk's end and slices cut anywhere, the same count. */
    {
      struct ev_job job = {.kind = kinds[k], .ops = sp__ev_ops(kinds[k]), .dict = d,
                           .name = "fuzz.csv", .accept_valid = 1, .max_line = 4096, .quotes = -1,
                           .threads = 2, .chunk = 16, .min_split = 64};
      struct ev_scan_result r;
      if (sp__ev_scan(&job, copy, size, &r) == SP_OK && rows[0] >= 0 && r.rows_read != rows[0])
        abort();
      sp__ev_scan_result_free(&job, &r);
    }
    /* Prefixed with the kind's header, the rows reach the row rules. */
    const char *h = sp__ev_ops(kinds[k])->header;
    size_t hl = strlen(h);
    char *withh = sp_malloc(hl + 1 + size);
    if (withh) {
      memcpy(withh, h, hl);
      withh[hl] = '\n';
      memcpy(withh + hl + 1, data, size);
      struct ev_job job = {.kind = kinds[k], .ops = sp__ev_ops(kinds[k]), .dict = d,
                           .name = "fuzz.csv", .accept_valid = (size & 1), .max_line = 4096, .quotes = -1,
                           .threads = 2};
      struct ev_scan_result r;
      if (sp__ev_scan(&job, withh, hl + 1 + size, &r) == SP_OK && r.rows_ok > r.rows_read)
        abort();
      sp__ev_scan_result_free(&job, &r);
      sp_free(withh);
    }
  }
  struct ev_job job = {.kind = SP_EV_EES, .dict = d, .name = "fuzz.csv", .accept_valid = 1,
                       .max_line = 4096, .threads = 1};
  struct ev_scan_result r;
  (void)sp__ev_read_ees(&job, copy, size, &r);
  sp__ev_scan_result_free(&job, &r);
  sp_free(copy);
  return 0;
}
