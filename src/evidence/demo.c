/*
 * demo.c: the evidence engine's demo data (sp_demo_evidence): small,
 * deterministic provision, employer-needs and vacancy files for five areas
 * (Oxfordshire, Greater Manchester, South Yorkshire, West Yorkshire and
 * York and North Yorkshire) over three academic years, imported through
 * the ordinary import path (so each leaves an import record and an audit
 * entry). Engineering, care, digital and construction needs outrun
 * provision in most of them, so the evidence pages have candidate
 * priorities, a trend, convergence across sectors and across neighbours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/buf.h"
#include "demo.h"
#include "evidence.h"

static const struct {
  const char *area, *lad;
} areas[] = {
    {"E69000025", "E07000178"}, /* Oxfordshire: Oxford */
    {"E69000014", "E08000003"}, /* Greater Manchester: Manchester */
    {"E69000028", "E08000039"}, /* South Yorkshire: Sheffield */
    {"E69000037", "E08000035"}, /* West Yorkshire: Leeds */
    {"E69000038", "E06000014"}, /* York and North Yorkshire: York */
};

static const struct {
  const char *route, *pathway, *ssa, *soc, *skill;
  int level, need, supply;
} groups[] = {
    {"EM", "EM-EDD", "4.10", "2122", "CNC programming and machining", 3, 60, 30},
    {"EM", "EM-MIR", "4.30", "5231", "electric vehicle maintenance", 3, 45, 35},
    {"CS", "CS-CS", "1.30", "6135", "adult social care with dementia training", 2, 80, 50},
    {"DIG", "DIG-DPDD", "6.10", "2134", "cloud and cyber security skills", 4, 40, 15},
    {"CBE", "CBE-BSE", "5.20", "5241", "heat pump installation", 3, 35, 20},
    {"CBE", "CBE-OC", "5.20", "5313", "bricklaying and site carpentry", 2, 30, 30},
    {"CH", "CH-CAT", "7.40", "5434", "professional cookery", 2, 25, 28},
    {"HB", "HB-HBA", "7.30", "6221", "barbering", 2, 10, 25},
    {"LFA", "LFA-ACC", "15.10", "4122", "payroll and bookkeeping", 3, 12, 10},
};

static const char *const sizes[4] = {"micro", "small", "medium", "large"};
static const char sectors[] = "CFGHJMQ";

static enum sp_rc import_buf(struct sp_ctx *ctx, enum sp_ev_kind kind, struct sp_buf *b) {
  char path[] = "/tmp/skillplan-demo-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return sp_ctx_fail(ctx, SP_EIO, NULL, "demo: cannot make a temporary file");
  ssize_t w = write(fd, b->data, b->len);
  close(fd);
  if (w < 0 || (size_t)w != b->len) {
    unlink(path);
    return sp_ctx_fail(ctx, SP_EIO, NULL, "demo: cannot write a temporary file");
  }
  const char *dd = getenv("SKILLPLAN_DATA");
  struct sp_ev_import_opts o = {.data_dir = dd && *dd ? dd : SP_SOURCE_DIR "/data",
                                .who = "demo loader", .threads = 1};
  json_t *res = NULL;
  enum sp_rc rc = sp_evidence_import(ctx, kind, path, &o, &res);
  json_decref(res);
  unlink(path);
  return rc;
}

enum sp_rc sp_demo_evidence(struct sp_ctx *ctx) {
  struct sp_buf p, n, v;
  enum sp_rc rc = SP_OK;
  sp_buf_init(&p, 1u << 22);
  sp_buf_init(&n, 1u << 22);
  sp_buf_init(&v, 1u << 22);
  rc = sp_buf_adds(&p, "ukprn,lad_code,postcode,learn_aim_ref,standard_code,ssa_tier2,level,"
                       "funding_stream,academic_year,age_band,starts,achievements\n");
  if (rc == SP_OK)
    rc = sp_buf_adds(&n, "employer,size_band,sector,area_code,route_code,pathway_code,level,"
                         "survey_date,people,hard_to_fill,skill\n");
  if (rc == SP_OK)
    rc = sp_buf_adds(&v, "posted_date,area_code,soc_code,level\n");
  unsigned seed = 7;
  for (size_t a = 0; rc == SP_OK && a < SP_ARRAY_LEN(areas); a++)
    for (size_t g = 0; rc == SP_OK && g < SP_ARRAY_LEN(groups); g++)
      for (int y = 2021; rc == SP_OK && y <= 2023; y++) {
        /* Need grows a little each year; provision stays flat. */
        int need = groups[g].need * (8 + (int)a + (y - 2021)) / 10;
        int starts = groups[g].supply * (9 + (int)((a + g) % 3)) / 10;
        int ach = starts * 7 / 10;
        rc = sp_buf_addf(&p, "%d,%s,,,,%s,%d,%s,%d/%02d,%s,%d,%d\n", 10000020 + (int)(a % 3),
                         areas[a].lad, groups[g].ssa, groups[g].level,
                         g % 2 ? "adult_skills" : "16-19", y, (y + 1) % 100,
                         g % 2 ? "19-23" : "16-18", starts, ach);
        for (int e = 0; rc == SP_OK && e < 4; e++) {
          seed = seed * 1103515245u + 12345u;
          int size = (int)((seed >> 16) % 4);
          rc = sp_buf_addf(&n, "Demo employer %zu-%zu-%d,%s,%c,%s,%s,%s,%d,%d-%02d-15,%d,%s,%s\n",
                           a, g, e, sizes[size], sectors[(g + (size_t)e) % 7], areas[a].area,
                           groups[g].route, groups[g].pathway, groups[g].level, y + 1,
                           1 + (e * 3) % 6, need / 4 + e, e % 2 ? "yes" : "no", groups[g].skill);
        }
        for (int k = 0; rc == SP_OK && k < need / 3; k++)
          rc = sp_buf_addf(&v, "%d-%02d-%02d,%s,%s,%d\n", y + (k % 2), k % 2 ? 3 : 10,
                           1 + k % 28, areas[a].lad, groups[g].soc, groups[g].level);
      }
  if (rc == SP_OK)
    rc = import_buf(ctx, SP_EV_PROVISION, &p);
  if (rc == SP_OK)
    rc = import_buf(ctx, SP_EV_NEEDS, &n);
  if (rc == SP_OK)
    rc = import_buf(ctx, SP_EV_VACANCIES, &v);
  sp_buf_free(&p);
  sp_buf_free(&n);
  sp_buf_free(&v);
  /* Run twice (serve --demo on a demo database): the files are the same, so
   * the second run is refused as a repeat; that is not a failure here. */
  if (rc == SP_ECONFLICT) {
    sp_ctx_clear(ctx);
    rc = SP_OK;
  }
  return rc;
}
