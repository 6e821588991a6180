/*
 * ev_int.h: what the files of the evidence engine share and nobody else
 * sees: the code dictionaries (areas, districts, pathways, and the mappings
 * of data/evidence/), the fast scanner's interface, per-kind row handlers,
 * and the error list. Names are sp__ev_ (module-private, several files).
 */
#ifndef SP_EV_INT_H
#define SP_EV_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../base/sp.h"
#include "evidence.h"

#define EV_MAX_AREAS 128
#define EV_MAX_PATHWAYS 64
#define EV_NLEVELS 10       /* E, 1..8, and 9 = not known */
#define EV_LEVEL_UNKNOWN 9
#define EV_YEAR_MIN 2000     /* academic years 2000/01 .. 2063/64 */
#define EV_NYEARS 64
#define EV_NO_ROUTE (-1)     /* a mapping that says "no occupational route" */
#define EV_UNKNOWN (-2)      /* a code the mapping does not list */

/* A fixed-key hash map: keys up to 15 bytes -> int32. */
struct ev_map {
  char (*keys)[16];
  int32_t *vals;
  size_t cap, n;
};
void sp__ev_map_free(struct ev_map *m);
/* Adds or replaces; SP_ENOMEM on failure. Keys over 15 bytes are refused (SP_EINVAL). */
enum sp_rc sp__ev_map_put(struct ev_map *m, const char *key, size_t n, int32_t val);
/* The n bytes at p (1 <= n <= 15) zero-padded to 16 as two little-endian
 * words, read without going outside [p, p + n) and without a store and
 * reload through memory (which stalls when copied byte by byte). */
static inline void sp__ev_key16(const char *p, size_t n, uint64_t *k0, uint64_t *k1) {
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    memcpy(&a, p, 8);
    if (n > 8) {
      memcpy(&b, p + n - 8, 8);
      b >>= 8 * (16 - n);
    }
  } else if (n > 4) {
    uint32_t lo, hi;
    memcpy(&lo, p, 4);
    memcpy(&hi, p + n - 4, 4);
    a = (uint64_t)lo | (uint64_t)(hi >> (8 * (8 - n))) << 32; /* shift 8 to 24 */
  } else if (n == 4) {
    uint32_t lo;
    memcpy(&lo, p, 4);
    a = lo;
  } else {
    for (size_t i = 0; i < n; i++)
      a |= (uint64_t)(unsigned char)p[i] << (8 * i);
  }
  *k0 = a;
  *k1 = b;
}

static inline uint64_t sp__ev_hash_words(uint64_t a, uint64_t b) {
  uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}

static inline uint64_t sp__ev_hash16(const char k[16]) {
  uint64_t a, b;
  memcpy(&a, k, 8);
  memcpy(&b, k + 8, 8);
  return sp__ev_hash_words(a, b);
}

/* The value, or EV_UNKNOWN when absent. Inline: it runs for most rows. */
static inline int32_t sp__ev_map_get(const struct ev_map *m, const char *key, size_t n) {
  if (n == 0 || n > 15 || m->cap == 0)
    return EV_UNKNOWN;
  uint64_t k0, k1;
  sp__ev_key16(key, n, &k0, &k1);
  size_t j = sp__ev_hash_words(k0, k1) & (m->cap - 1);
  while (m->keys[j][0]) {
    uint64_t x0, x1;
    memcpy(&x0, m->keys[j], 8);
    memcpy(&x1, m->keys[j] + 8, 8);
    if (x0 == k0 && x1 == k1)
      return m->vals[j];
    j = (j + 1) & (m->cap - 1);
  }
  return EV_UNKNOWN;
}

struct ev_dict {
  int nareas;
  char area_code[EV_MAX_AREAS][16];
  struct ev_map area_by_code;   /* LSIP code -> area index */
  struct ev_map area_by_lad;    /* LAD code -> area index (pairing valid today) */
  struct ev_map area_by_any;    /* either (the codes never collide): one look-up per row */
  int npath;
  char path_code[EV_MAX_PATHWAYS][16];
  char path_route[EV_MAX_PATHWAYS][16];
  struct ev_map path_by_code;   /* pathway code -> index */
  struct ev_map route_single;   /* route code -> its pathway index when it has one, else -3 */
  int8_t ssa[1600];             /* SSA tier 2 (x100) -> pathway, EV_NO_ROUTE, EV_UNKNOWN */
  int8_t *std_path;             /* standard code -> pathway ... */
  int8_t *std_level;            /* ... and its level index (EV_UNKNOWN when none) */
  int nstd;
  int8_t soc[10000];            /* SOC 2020 unit group -> pathway ... */
  struct ev_map postcodes;      /* postcode (normalised) -> LAD index in lad_code */
  int npost_lads;
  char (*post_lad)[16];
  int postcodes_loaded;
  /* EES only (sp__ev_dict_load_ees): codes known to any lookup, SSA names. */
  struct ev_places *places;
  struct ev_ssa_name *ssa_names;
  int nssa_names;
};

/* A sector subject area by name (LARS tier 1 or 2): "Arts, Media and
 * Publishing" -> "9" (tier 1), "Performing Arts" -> "9.1" (tier 2). */
struct ev_ssa_name {
  char name[96];
  char code[8];
  int tier;
};

/* Loads the dictionaries from the store and data_dir/evidence/. Fails with
 * a message naming what is missing (e.g. reference data not loaded). */
enum sp_rc sp__ev_dict_load(struct sp_ctx *ctx, const char *data_dir, struct ev_dict *d);
/* Loads what the EES reader needs besides d: the district codes of every
 * lookup and the sector subject area names of LARS (ssa_tier1/2). */
enum sp_rc sp__ev_dict_load_ees(struct sp_ctx *ctx, const char *data_dir, struct ev_dict *d);
/* Adds to d->area_by_lad (and area_by_any) the old district codes of the
 * ONS lookups, each placed through its successors in today's area, so that
 * provision, needs and vacancies given by a 2018 code are placed too. */
enum sp_rc sp__ev_dict_add_successors(struct sp_ctx *ctx, const char *data_dir,
                                      struct ev_dict *d);

/* Districts placed in areas on a date (places.c). */
struct ev_succ {
  char from[16], to[16];
  char effective[11];       /* YYYY-MM-DD */
};
struct ev_places {
  int32_t day;
  struct ev_map succ;       /* old district code -> index in sv */
  struct ev_succ *sv;
  size_t nsv, capsv;
  struct ev_map known;      /* every district code of the store or a lookup -> 1 */
  struct ev_map lad_area;   /* district code paired on day -> area index */
  struct ev_map lsip;       /* area code live on day -> area index */
  int nareas;
  char (*acode)[16];
  char (*aname)[96];        /* the area's name on day */
};
/* Loads the successions (data_dir/ons/) and the store's pairings on day. */
enum sp_rc sp__ev_places_load(struct sp_ctx *ctx, const char *data_dir, int32_t day,
                              struct ev_places *p);
void sp__ev_places_free(struct ev_places *p);
/* The area index that held the district's land on p->day, following its
 * successors; -1 when no lookup knows the code, -2 when known but no area
 * held it that day. *hops (may be NULL): successions followed. */
int sp__ev_place_lad(const struct ev_places *p, const char *code, int *hops);
int sp__ev_place_known(const struct ev_places *p, const char *code);

/* Loads the postcode lookup (ev_postcodes) into d->postcodes. */
enum sp_rc sp__ev_dict_load_postcodes(struct sp_ctx *ctx, struct ev_dict *d);
void sp__ev_dict_free(struct ev_dict *d);

/* "E" / "1".."8" for a level index; NULL for EV_LEVEL_UNKNOWN. */
const char *sp__ev_level_code(int level);
/* Level index of "E","1".."8" (n bytes), or -1. */
int sp__ev_level_parse(const char *s, size_t n);
/* Normalises a UK postcode into out (16 bytes): upper case, one space
 * before the 3-character inward code. Returns its length, or 0 when it is
 * not shaped like a postcode. */
size_t sp__ev_postcode_norm(const char *s, size_t n, char out[16]);

/* One rejected row or file-level error. */
struct ev_err {
  long line;           /* 1-based line in the file */
  char field[24];      /* column name, "" for the whole line */
  char msg[200];
};

struct ev_errs {
  struct ev_err *v;
  size_t n, cap;
  size_t total;        /* rejections counted, including those not kept */
  size_t keep;         /* how many to keep */
};
void sp__ev_errs_add(struct ev_errs *e, long line, const char *field, const char *fmt, ...)
    SP_PRINTF(4, 5);
void sp__ev_errs_free(struct ev_errs *e);

/* A field of the current row: bytes (not NUL-terminated) and length. */
struct ev_field {
  const char *p;
  size_t n;
};

struct ev_job;

/* Row handlers of one CSV kind (rows.c). */
struct ev_kind_ops {
  const char *header;        /* the exact header line */
  int ncols;
  const char *const *cols;   /* column names, for messages */
  void *(*state_new)(const struct ev_job *job);
  void (*state_free)(void *st);
  /* Returns 1 when the row was accepted, 0 when rejected (after adding to errs). */
  int (*row)(void *st, const struct ev_job *job, long line, const struct ev_field *f,
             struct ev_errs *errs);
  /* Line numbers a state holds are relative to its slice: add base. */
  void (*rebase)(void *st, long base);
  /* Adds `from` into `into` (from's rows come after into's); SP_ENOMEM on failure. */
  enum sp_rc (*merge)(void *into, void *from);
};

const struct ev_kind_ops *sp__ev_ops(enum sp_ev_kind kind);

struct ev_job {
  enum sp_ev_kind kind;
  const struct ev_kind_ops *ops;
  const struct ev_dict *dict;
  const char *name;          /* file name for messages */
  int accept_valid;
  size_t max_line;
  int threads;
  int progress;
  int release;               /* data is a private file mapping: drop pages once read */
  int quotes;                /* -1: not known; 0/1: whether the file holds a '"' */
  size_t chunk;              /* bytes a fast-path thread reads at a time (0: 1 MiB) */
  size_t min_split;          /* rows under this many bytes use one thread (0: 1 MiB) */
};

/* What a scan produced. */
struct ev_scan_result {
  void *state;               /* merged row state (ops->state_new), owned */
  long rows_read, rows_ok;
  struct ev_errs errs;       /* sorted by line */
  int fatal;                 /* a file-level error (encoding, empty, header) */
};

/*
 * Scans data[0..len) (a whole file) with job->ops: checks the header, then
 * splits the rows over job->threads threads at line starts (one thread when
 * the file holds a quote character, so that quoted newlines stay whole),
 * and merges. Errors are in r->errs with real line numbers. Returns
 * SP_ENOMEM/SP_EINTERNAL on failure of the machinery; bad input is reported
 * through r (r->errs.total > 0).
 */
enum sp_rc sp__ev_scan(const struct ev_job *job, const char *data, size_t len,
                       struct ev_scan_result *r);
/* Reads exactly n bytes of fd at off (pread, again after EINTR or a short
 * read): 0, or -1 when the file ends early or fails. */
int sp__ev_pread(int fd, char *buf, size_t n, size_t off);
/* The same over an open file of len bytes, read with pread (no mapping on
 * the fast path; a file holding quotes is mapped for the careful path).
 * SP_EIO (with nothing in r) when the file cannot be read. */
enum sp_rc sp__ev_scan_fd(const struct ev_job *job, int fd, size_t len, struct ev_scan_result *r);
void sp__ev_scan_result_free(const struct ev_job *job, struct ev_scan_result *r);

/* Per-kind results the importer writes (rows.c). */
enum sp_rc sp__ev_store_state(struct sp_ctx *ctx, const struct ev_job *job, void *state,
                              int64_t import_id, long *groups, long *unplaced);

/* The provision state (rows.c), which the ILR reader fills too. add
 * returns 1 when counted, 0 when unplaced (no area or no route), -1 on out
 * of memory. level may be EV_LEVEL_UNKNOWN. */
void *sp__ev_prov_new(const struct ev_job *job);
void sp__ev_prov_free(void *st);
int sp__ev_prov_add(void *st, long ukprn, int area, int path, int level, int year, long starts,
                    long ach);

/* The EES and ILR readers fill r like sp__ev_scan does (ees.c, ilr.c). */
enum sp_rc sp__ev_read_ees(const struct ev_job *job, const char *data, size_t len,
                           struct ev_scan_result *r);
void sp__ev_ees_free(void *st);
enum sp_rc sp__ev_store_ees(struct sp_ctx *ctx, const struct ev_job *job, void *state,
                            int64_t import_id, long *groups, long *unplaced);
/* Readies libxml2 for readers on other threads (call on the main thread
 * before an ILR file is read, as a batch reads ahead). */
void sp__ev_ilr_init(void);
enum sp_rc sp__ev_read_ilr(const struct ev_job *job, const char *data, size_t len,
                           const char *xsd_path, struct ev_scan_result *r);

/* ILR 2018-19 specification field rules (ilr_rules.c): 0 when v is a valid
 * value of elem (or elem is not listed), else 1 with the rule in why. */
int sp__ev_ilr_check(const char *elem, const char *v, char *why, size_t whysz);
/* 1 when elem is a field of the table (a leaf that holds a value). */
int sp__ev_ilr_known(const char *elem);
/* The most times elem may occur within its learner ('L'), delivery ('D')
 * or employment status ('E'), or 0 when not limited. */
int sp__ev_ilr_max_occurs(const char *elem, char *scope);

/* Refuses, in a person's words, a file whose first bytes say it is not what
 * `kind` reads: gzip, zip or xlsx, xls, PDF; not XML for ILR; XML or HTML
 * for a CSV kind (uploads.c). SP_OK otherwise (an empty file too). */
enum sp_rc sp__ev_sniff(struct sp_ctx *ctx, int fd, size_t len, enum sp_ev_kind kind,
                        const char *name);

/* SHA-256 of data as 64 hex digits (sha256.c, OpenSSL's libcrypto): 0, or
 * -1 when libcrypto fails (out is then ""). */
int sp__ev_sha256_hex(const void *data, size_t len, char out[65]);
/* The same over pieces (a file hashed window by window): init (0, or -1 out
 * of memory), update any number of times, final (frees the state, 0 or -1). */
struct sp_ev_sha256 {
  struct evp_md_ctx_st *md; /* EVP_MD_CTX, owned */
};
int sp__ev_sha256_init(struct sp_ev_sha256 *s);
void sp__ev_sha256_update(struct sp_ev_sha256 *s, const void *data, size_t len);
int sp__ev_sha256_final(struct sp_ev_sha256 *s, char out[65]);

/* Parsing helpers shared by rows.c, ees.c and ilr.c. */
/* Non-negative decimal integer of at most 9 digits; -1 otherwise. (The
 * parsers are inline: they run on every row.) */
static inline long sp__ev_parse_count(const char *s, size_t n) {
  if (n == 0 || n > 9)
    return -1;
  long v = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned d = (unsigned char)s[i] - '0';
    if (d > 9)
      return -1;
    v = v * 10 + (long)d;
  }
  return v;
}

/* "6.10" or "6.1" -> 610; -1 when not a sector subject area tier 2 code
 * (1 or 2 digits, a dot, 1 or 2 digits; the part before the dot at most 15). */
static inline int sp__ev_ssa_key(const char *s, size_t n) {
  size_t dot = n >= 2 && s[1] == '.' ? 1 : n >= 3 && s[2] == '.' ? 2 : 0;
  size_t fl = dot ? n - dot - 1 : 0;
  if (!dot || fl < 1 || fl > 2)
    return -1;
  long a = sp__ev_parse_count(s, dot), b = sp__ev_parse_count(s + dot + 1, fl);
  if (a < 0 || a > 15 || b < 0)
    return -1;
  return (int)(a * 100 + (fl == 1 ? b * 10 : b));
}

/* "YYYY/YY" -> first year, or -1. */
static inline int sp__ev_parse_acyear(const char *s, size_t n) {
  if (n != 7)
    return -1;
  /* The seven bytes in one word, XORed with "0000/00": digits become 0-9
   * and the slash 0; every byte is checked at once. */
  uint64_t x, unused;
  sp__ev_key16(s, 7, &x, &unused);
  x ^= 0x0030302F30303030ull;
  if ((((x & 0x7F7F7F7F7F7F7F7Full) + 0x7676767676767676ull) | x) & 0x0080808080808080ull ||
      (x >> 32 & 0xFF) != 0)
    return -1;
  int y = (int)(x & 0xFF) * 1000 + (int)(x >> 8 & 0xFF) * 100 + (int)(x >> 16 & 0xFF) * 10 +
          (int)(x >> 24 & 0xFF);
  int z = (int)(x >> 40 & 0xFF) * 10 + (int)(x >> 48 & 0xFF);
  if (y < EV_YEAR_MIN || y >= EV_YEAR_MIN + EV_NYEARS || z != (y + 1) % 100)
    return -1;
  return y;
}

/* "YYYY-MM-DD" (a real date) -> academic year (1 Aug start), or -1. */
static inline int sp__ev_parse_date_acyear(const char *s, size_t n) {
  static const unsigned char mdays[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (n != 10 || s[4] != '-' || s[7] != '-')
    return -1;
  long y = sp__ev_parse_count(s, 4), m = sp__ev_parse_count(s + 5, 2),
       d = sp__ev_parse_count(s + 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > mdays[m])
    return -1;
  if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
    return -1;
  int ay = m >= 8 ? (int)y : (int)y - 1;
  if (ay < EV_YEAR_MIN || ay >= EV_YEAR_MIN + EV_NYEARS)
    return -1;
  return ay;
}

#endif
