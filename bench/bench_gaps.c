/*
 * bench_gaps.c: the benchmark's last step for skillplan: computes the gap
 * table of every area from the loaded store (sp_evidence_gaps, the same
 * call the CLI, API and pages make) once and writes it as CSV (area_code,
 * route_code, pathway_code, level, year, needs, needs_small, vacancies,
 * starts, achievements, gap) for comparison with the peers. That run is
 * part of the end-to-end time.
 *
 * With --latency (run apart, not counted end to end) it asks every area
 * three more times and prints the mean and slowest of each area's fastest
 * answer (the target is under 20 ms), so that a moment when another
 * process holds the CPU does not count as the query's.
 *
 * usage: bench_gaps DB OUT.csv | bench_gaps --latency DB
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/sp.h"
#include "evidence/evidence.h"
#include "store/store.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  int latency = argc == 3 && strcmp(argv[1], "--latency") == 0;
  if (argc != 3) {
    fprintf(stderr, "usage: bench_gaps DB OUT.csv | bench_gaps --latency DB\n");
    return 1;
  }
  if (latency)
    argv[1] = argv[2];
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_store *st = NULL;
  if (!ctx || sp_store_open(ctx, argv[1], &st) != SP_OK) {
    fprintf(stderr, "bench_gaps: %s\n", ctx ? sp_ctx_errmsg(ctx) : "out of memory");
    return 3;
  }
  sp_ctx_free(ctx);
  ctx = sp_ctx_new(st);
  FILE *out = latency ? fopen("/dev/null", "w") : fopen(argv[2], "w");
  struct sp_stmt *s = NULL;
  json_t *areas = NULL;
  if (!out || sp_store_prepare(st, ctx, "SELECT code FROM areas ORDER BY code", &s) != SP_OK ||
      sp_stmt_all_json(s, ctx, &areas) != SP_OK) {
    fprintf(stderr, "bench_gaps: %s\n", sp_ctx_errmsg(ctx));
    return 3;
  }
  sp_stmt_free(s);
  double worst = 0, total = 0;
  long n = 0, rows = 0;
  const char *worst_area = "";
  size_t i;
  json_t *a;
  json_array_foreach(areas, i, a) {
    const char *code = json_string_value(json_object_get(a, "code"));
    json_t *g = NULL;
    double dt = 1e9;
    for (int k = 0; k < (latency ? 3 : 1); k++) {
      json_decref(g);
      g = NULL;
      double t0 = now_ms();
      if (sp_evidence_gaps(ctx, code, NULL, &g) != SP_OK) {
        fprintf(stderr, "bench_gaps: %s: %s\n", code, sp_ctx_errmsg(ctx));
        return 3;
      }
      double t = now_ms() - t0;
      if (t < dt)
        dt = t;
    }
    size_t k;
    json_t *r;
    json_t *list = json_object_get(g, "rows");
    if (json_array_size(list) > 0) {
      total += dt;
      n++;
      if (dt > worst) {
        worst = dt;
        worst_area = code;
      }
    }
    json_array_foreach(list, k, r) {
      const char *lv = json_string_value(json_object_get(r, "level"));
      fprintf(out, "%s,%s,%s,%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld\n", code,
              json_string_value(json_object_get(r, "route_code")),
              json_string_value(json_object_get(r, "pathway_code")), lv ? lv : "",
              (long long)json_integer_value(json_object_get(r, "year")),
              (long long)json_integer_value(json_object_get(r, "needs")),
              (long long)json_integer_value(json_object_get(r, "needs_small")),
              (long long)json_integer_value(json_object_get(r, "vacancies")),
              (long long)json_integer_value(json_object_get(r, "starts")),
              (long long)json_integer_value(json_object_get(r, "achievements")),
              (long long)json_integer_value(json_object_get(r, "gap")));
      rows++;
    }
    json_decref(g);
  }
  fclose(out);
  if (latency) {
    fprintf(stderr, "bench_gaps: %ld areas with evidence; area query mean %.2f ms, "
                    "slowest %.2f ms (%s)\n",
            n, n ? total / (double)n : 0.0, worst, worst_area);
    printf("%.3f %.3f\n", n ? total / (double)n : 0.0, worst);
  } else {
    fprintf(stderr, "bench_gaps: %ld areas with evidence, %ld gap rows\n", n, rows);
  }
  json_decref(areas);
  sp_ctx_free(ctx);
  sp_store_close(st);
  return 0;
}
