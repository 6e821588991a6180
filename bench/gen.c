/*
 * gen.c: the benchmark's deterministic data generator. Writes national-
 * scale evidence files as CSV in the formats of docs/data-formats.md:
 * provision (20 million rows at --scale 1), employer needs (2 million) and
 * vacancies (5 million), spread over the live areas' districts (from a
 * lad,area CSV the benchmark exports from the store), routes and levels
 * with a realistic skew: district and pathway popularity follow a Zipf-like
 * law, levels and years follow fixed shares, and provision comes in blocks
 * per provider as providers' returns do. Same seed, same bytes.
 *
 * usage: gen --lads LAD_AREA.csv --data DATA_DIR --out DIR [--scale S] [--seed N]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 4096

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) { /* splitmix64 */
  uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double unif(void) { return (double)(next() >> 11) / 9007199254740992.0; }
static int below(int n) { return (int)(unif() * n); }

/* A weighted list: cumulative weights and a pick by binary search. */
struct wlist {
  double cum[MAXN];
  int n;
};
static void wl_add(struct wlist *w, double weight) {
  w->cum[w->n] = (w->n ? w->cum[w->n - 1] : 0) + weight;
  w->n++;
}
static int wl_pick(const struct wlist *w) {
  double x = unif() * w->cum[w->n - 1];
  int lo = 0, hi = w->n - 1;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (w->cum[mid] < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static char lad[MAXN][16], lad_area[MAXN][16], areas[MAXN][16];
static int nlad, nareas;
static char ssa[MAXN][16], stdc[MAXN][16], soc[MAXN][16], path[MAXN][16], proute[MAXN][16];
static int nssa, nstd, nsoc, npath;

/* Reads column `col` (0-based) of a simple CSV (quoted fields skipped whole). */
static int read_col(const char *file, int col, int need_col, char (*out)[16], size_t width,
                    char (*out2)[16], int col2) {
  FILE *fp = fopen(file, "r");
  if (!fp) {
    fprintf(stderr, "gen: cannot open %s\n", file);
    exit(2);
  }
  char line[1024];
  int n = 0;
  if (!fgets(line, sizeof(line), fp)) {
    fclose(fp);
    return 0;
  }
  while (fgets(line, sizeof(line), fp) && n < MAXN) {
    char f[16][128];
    int k = 0, q = 0;
    size_t j = 0;
    for (char *p = line; *p && *p != '\n' && *p != '\r' && k < 16; p++) {
      if (*p == '"') {
        q = !q;
        continue;
      }
      if (*p == ',' && !q) {
        f[k++][j] = '\0';
        j = 0;
        continue;
      }
      if (j < 127)
        f[k][j++] = *p;
    }
    if (k < 16)
      f[k++][j] = '\0';
    if (k <= col || (need_col >= 0 && (k <= need_col || !f[need_col][0])))
      continue;
    snprintf(out[n], width, "%s", f[col]);
    if (out2)
      snprintf(out2[n], 16, "%s", f[col2]);
    n++;
  }
  fclose(fp);
  return n;
}

static char *buf;
static size_t blen;
static FILE *outf;
static void flush(void) {
  fwrite(buf, 1, blen, outf);
  blen = 0;
}
static void put(const char *s) {
  size_t n = strlen(s);
  memcpy(buf + blen, s, n);
  blen += n;
}
static void putn(long v) {
  char t[24];
  int k = 0;
  if (v == 0)
    t[k++] = '0';
  while (v > 0) {
    t[k++] = (char)('0' + v % 10);
    v /= 10;
  }
  while (k)
    buf[blen++] = t[--k];
}
static void endrow(void) {
  buf[blen++] = '\n';
  if (blen > (1u << 20))
    flush();
}

static const char *const levels[9] = {"E", "1", "2", "3", "4", "5", "6", "7", "8"};
static const double level_w[9] = {5, 10, 30, 30, 10, 5, 6, 3, 1};
static const char *const funding[5] = {"16-19", "adult_skills", "apprenticeships", "loans", "other"};
static const char *const ages[3] = {"16-18", "19-23", "24+"};
static const char *const sizes[4] = {"micro", "small", "medium", "large"};
static const double size_w[4] = {40, 30, 20, 10};

int main(int argc, char **argv) {
  const char *lads = NULL, *data = NULL, *out = NULL;
  double scale = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--lads"))
      lads = argv[i + 1];
    else if (!strcmp(argv[i], "--data"))
      data = argv[i + 1];
    else if (!strcmp(argv[i], "--out"))
      out = argv[i + 1];
    else if (!strcmp(argv[i], "--scale"))
      scale = strtod(argv[i + 1], NULL);
    else if (!strcmp(argv[i], "--seed"))
      rng = strtoull(argv[i + 1], NULL, 10);
  }
  if (!lads || !data || !out || scale <= 0) {
    fprintf(stderr, "usage: gen --lads LAD_AREA.csv --data DATA_DIR --out DIR [--scale S] "
                    "[--seed N]\n");
    return 1;
  }
  char p[1024];
  nlad = read_col(lads, 0, 1, lad, 16, lad_area, 1);
  for (int i = 0; i < nlad; i++) {
    int k = 0;
    while (k < nareas && strcmp(areas[k], lad_area[i]) != 0)
      k++;
    if (k == nareas)
      memcpy(areas[nareas++], lad_area[i], 16);
  }
  snprintf(p, sizeof(p), "%s/evidence/ssa_route.csv", data);
  nssa = read_col(p, 0, 3, ssa, 16, NULL, 0);
  snprintf(p, sizeof(p), "%s/evidence/standard_route.csv", data);
  nstd = read_col(p, 0, 4, stdc, 16, NULL, 0);
  snprintf(p, sizeof(p), "%s/evidence/soc2020_route.csv", data);
  nsoc = read_col(p, 0, 3, soc, 16, NULL, 0);
  snprintf(p, sizeof(p), "%s/occupational_routes.csv", data);
  npath = read_col(p, 2, -1, path, 16, proute, 0);
  if (!nlad || !nssa || !nstd || !nsoc || !npath) {
    fprintf(stderr, "gen: empty inputs\n");
    return 2;
  }
  /* Zipf-like popularity, in a shuffled order so the big ones are spread. */
  struct wlist *wl_lad = calloc(1, sizeof(*wl_lad)), *wl_ssa = calloc(1, sizeof(*wl_ssa)),
               *wl_std = calloc(1, sizeof(*wl_std)), *wl_soc = calloc(1, sizeof(*wl_soc)),
               *wl_path = calloc(1, sizeof(*wl_path)), *wl_lev = calloc(1, sizeof(*wl_lev)),
               *wl_size = calloc(1, sizeof(*wl_size)), *wl_prov = calloc(1, sizeof(*wl_prov));
  for (int i = 0; i < nlad; i++)
    wl_add(wl_lad, 1.0 / pow(1 + (i * 7919) % nlad, 0.6));
  for (int i = 0; i < nssa; i++)
    wl_add(wl_ssa, 1.0 / pow(1 + (i * 31) % nssa, 0.9));
  for (int i = 0; i < nstd; i++)
    wl_add(wl_std, 1.0 / pow(1 + (i * 131) % nstd, 0.9));
  for (int i = 0; i < nsoc; i++)
    wl_add(wl_soc, 1.0 / pow(1 + (i * 61) % nsoc, 0.8));
  for (int i = 0; i < npath; i++)
    wl_add(wl_path, 1.0 / pow(1 + (i * 13) % npath, 0.8));
  for (int i = 0; i < 9; i++)
    wl_add(wl_lev, level_w[i]);
  for (int i = 0; i < 4; i++)
    wl_add(wl_size, size_w[i]);
  /* Providers: 3,000, each with a home district and two more in its area. */
  enum { NPROV = 3000 };
  static int prov_lad[NPROV][3];
  for (int i = 0; i < NPROV; i++) {
    wl_add(wl_prov, 1.0 / pow(1 + i, 0.7));
    int home = wl_pick(wl_lad);
    prov_lad[i][0] = home;
    for (int k = 1; k < 3; k++) {
      int c = below(nlad);
      prov_lad[i][k] = strcmp(lad_area[c], lad_area[home]) == 0 ? c : home;
    }
  }
  buf = malloc((1u << 20) + 4096);
  long nprov = (long)(20e6 * scale), nneeds = (long)(2e6 * scale), nvac = (long)(5e6 * scale);

  snprintf(p, sizeof(p), "%s/provision.csv", out);
  outf = fopen(p, "w");
  put("ukprn,lad_code,postcode,learn_aim_ref,standard_code,ssa_tier2,level,funding_stream,"
      "academic_year,age_band,starts,achievements\n");
  for (long r = 0; r < nprov;) {
    int pv = wl_pick(wl_prov);
    long block = 50 + below(1000);
    for (long b = 0; b < block && r < nprov; b++, r++) {
      putn(10000000 + pv * 1373L % 9000000);
      put(",");
      put(lad[prov_lad[pv][below(3)]]);
      put(",,,");
      if (unif() < 0.4) {
        put(stdc[wl_pick(wl_std)]);
        put(",,");
      } else {
        put(",");
        put(ssa[wl_pick(wl_ssa)]);
        put(",");
      }
      put(levels[wl_pick(wl_lev)]);
      put(",");
      put(funding[below(5)]);
      int y = 2019 + below(5);
      put(",");
      putn(y);
      put("/");
      putn((y + 1) % 100);
      put(",");
      put(ages[below(3)]);
      put(",");
      long st = 1 + (long)(-log(1 - unif()) * 8);
      putn(st);
      put(",");
      putn((long)(st * unif() * 0.9 + 0.5));
      endrow();
    }
  }
  flush();
  fclose(outf);

  snprintf(p, sizeof(p), "%s/needs.csv", out);
  outf = fopen(p, "w");
  put("employer,size_band,sector,area_code,route_code,pathway_code,level,survey_date,people,"
      "hard_to_fill,skill\n");
  for (long r = 0; r < nneeds; r++) {
    put("Employer ");
    putn(below(200000));
    put(",");
    put(sizes[wl_pick(wl_size)]);
    put(",");
    char sec[3] = {(char)('A' + below(21)), ',', 0};
    put(sec);
    int l = wl_pick(wl_lad);
    put(unif() < 0.5 ? lad[l] : lad_area[l]);
    put(",");
    int pw = wl_pick(wl_path);
    put(proute[pw]);
    put(",");
    put(path[pw]);
    put(",");
    if (unif() < 0.9)
      put(levels[wl_pick(wl_lev)]);
    put(",");
    putn(2019 + below(5));
    int m = 1 + below(12), d = 1 + below(28);
    put(m < 10 ? "-0" : "-");
    putn(m);
    put(d < 10 ? "-0" : "-");
    putn(d);
    put(",");
    putn(1 + below(20));
    put(unif() < 0.35 ? ",yes,skill " : ",no,skill ");
    putn(below(500));
    endrow();
  }
  flush();
  fclose(outf);

  snprintf(p, sizeof(p), "%s/vacancies.csv", out);
  outf = fopen(p, "w");
  put("posted_date,area_code,soc_code,level\n");
  for (long r = 0; r < nvac; r++) {
    putn(2019 + below(5));
    int m = 1 + below(12), d = 1 + below(28);
    put(m < 10 ? "-0" : "-");
    putn(m);
    put(d < 10 ? "-0" : "-");
    putn(d);
    put(",");
    int l = wl_pick(wl_lad);
    put(unif() < 0.8 ? lad[l] : lad_area[l]);
    put(",");
    put(soc[wl_pick(wl_soc)]);
    put(",");
    if (unif() < 0.7)
      put(levels[wl_pick(wl_lev)]);
    endrow();
  }
  flush();
  fclose(outf);
  fprintf(stderr, "gen: %ld provision, %ld needs, %ld vacancies rows over %d districts in %d "
                  "areas\n",
          nprov, nneeds, nvac, nlad, nareas);
  return 0;
}
